"""Per-instructor nbgrader settings: which course folder formgrader and nbgrader work on.

Install as ~/.jupyter/nbgrader_config.py of each instructor and teaching assistant (setup_tljh.sh does
it, writing their course id below), next to a link ~/<COURSE_ID> -> /srv/nbgrader/courses/<COURSE_ID>.
Formgrader starts in the home folder and refuses a course root outside it, hence the link.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets)

COURSE_ID = "swarmcast"
COURSE_FOLDER = os.path.join(os.path.expanduser("~"), COURSE_ID)

# The course's own config reads its id from NBGRADER_COURSE_ID (default "swarmcast"); nbgrader reads this
# file before the one in the course folder, so set it here for both, in this process only.
os.environ.setdefault("NBGRADER_COURSE_ID", COURSE_ID)
# All course settings (solutions/, exercises/, timeout, feedback scrubbing, course root) come from the
# course's own config file, which sets the root to its own folder.
load_subconfig(os.path.join(COURSE_FOLDER, "nbgrader_config.py"))  # noqa: F821
# Several instructors and teaching assistants write the same gradebook and folders: keep files group-writable.
c.CourseDirectory.groupshared = True
