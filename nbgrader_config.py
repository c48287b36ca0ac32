"""nbgrader settings for the Swarmcast course. Run every nbgrader command from this folder.

Never run `nbgrader quickstart` here: it would write a second, conflicting config.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# One hub can run several offerings of this course (instructor_guide/deploy/): each has its own course id,
# given by the hub in NBGRADER_COURSE_ID. Without it (a laptop, a single class) the id is "swarmcast".
c.CourseDirectory.course_id = os.environ.get("NBGRADER_COURSE_ID", "swarmcast")
# The course root is the folder of this file, whatever folder nbgrader is started from: formgrader on a
# JupyterHub starts in the home folder and reads this file through load_subconfig() (see
# instructor_guide/deploy/). The gradebook is nbgrader's default, <root>/gradebook.db.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))  # noqa: F821 (__file__ is set by traitlets)
# Our folder names: instructors write in solutions/, students receive exercises/.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# A submission stuck in a loop is stopped after this many seconds and the run goes on.
c.Execute.timeout = 60

# Every autograded notebook runs in a bubblewrap sandbox (swarmcast/grading/sandbox.py): the kernel sees a
# private copy of its one submission and the Python environment, read-only; not this folder (solutions/,
# gradebook.db, submitted/, nbgrader_config.py), the exchange, home folders or the network; memory, processes
# and CPU time are capped. This holds for `swarmcast grade` and for plain `nbgrader autograde` run here.
# Where the machine cannot sandbox, autograding refuses and says what to install; SWARMCAST_UNSANDBOXED=1
# (or `swarmcast grade --unsandboxed`) grades without the sandbox, for trusted submissions only.
c.Autograde.autograde_preprocessors = [
    "swarmcast.grading.sandbox.SandboxedExecute",  # nbgrader's Execute, with a sandboxed kernel
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# A deleted test cell is put back from the gradebook and graded, not silently given 0.
c.OverwriteCells.add_missing_cells = True

# nbgrader scores any stderr output in a test cell as a failure. These lines are harmless
# (library deprecation notices, numba cache notices) and must not cost a student marks.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\b\w*Warning\b"
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# Students must not see hidden tests in their feedback. nbgrader's ClearHiddenTests removes them from
# the code only: a failing test's traceback still quotes the hidden lines (checked on nbgrader 0.9.6;
# nbgrader issues #917, #1363). ScrubHiddenTests (a ClearHiddenTests subclass, so the delimiters above
# apply) also rewrites that cell's outputs. `swarmcast feedback` adds it even without this setting
# and then checks every page; plain `nbgrader generate_feedback` relies on this setting.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "swarmcast.grading.scrub.ScrubHiddenTests",
]

# Offline pages (swarmcast.grading.offline): formgrader's grading page takes MathJax from this Jupyter server
# (jupyter-server-mathjax, in the instructor extra) and feedback pages load none, instead of a CDN. Where
# swarmcast is not installed, nbgrader's default (the CDN) stays.
try:
    from swarmcast.grading.offline import template_basedirs

    c.HTMLExporter.extra_template_basedirs = template_basedirs()
except ImportError:
    pass
