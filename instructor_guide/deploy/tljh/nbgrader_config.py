"""Global nbgrader settings for every user of a The Littlest JupyterHub server.

Install as /etc/jupyter/nbgrader_config.py (setup_tljh.sh does it). Students and instructors read it;
each course's own settings stay in the course folder's nbgrader_config.py.
"""

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821  (provided by traitlets)

# The exchange: one folder every user can write to (mode 0777, created by setup_tljh.sh).
c.Exchange.root = "/srv/nbgrader/exchange"
# Several courses can share the hub: students fetch into ./<course_id>/<assignment>/.
c.Exchange.path_includes_course = True
# Students see only the courses whose JupyterHub group nbgrader-<course_id> they are in; instructors
# the courses whose group formgrade-<course_id> they are in (groups: jupyterhub_config.d/nbgrader.py).
c.Authenticator.plugin_class = JupyterHubAuthPlugin
# A log file makes exchange problems findable (nbgrader's JupyterHub guide recommends one).
c.NbGrader.logfile = ".nbgrader.log"
