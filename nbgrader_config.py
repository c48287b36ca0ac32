"""nbgrader settings for the Swarmcast course. Run every nbgrader command from this folder.

Never run `nbgrader quickstart` here: it would write a second, conflicting config.
"""

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "swarmcast"
c.CourseDirectory.root = "."
# Our folder names: instructors write in solutions/, students receive exercises/.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# A submission stuck in a loop is stopped after this many seconds and the run goes on.
c.Execute.timeout = 60

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

# Students must not see whether their hidden tests ran: strip them from feedback too.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
