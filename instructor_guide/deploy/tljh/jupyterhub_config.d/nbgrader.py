"""JupyterHub settings for nbgrader on The Littlest JupyterHub: one group pair per course.

Install as /opt/tljh/config/jupyterhub_config.d/nbgrader.py, then `sudo tljh-config reload hub`.
Edit COURSES: a course id (used in the exchange and in the JupyterHub groups), its instructors and
teaching assistants (formgrade-<id>) and its students (nbgrader-<id>). TLJH user names are the names
people log in with (their unix accounts are jupyter-<name>).
"""

c = get_config()  # noqa: F821  (TLJH loads this file with load_subconfig)

COURSES = {
    "swarmcast": {
        "instructors": ["instructor"],
        "students": ["student1", "student2"],
    },
}

c.JupyterHub.load_groups = {}
for course_id, people in COURSES.items():
    c.JupyterHub.load_groups[f"formgrade-{course_id}"] = {"users": list(people["instructors"])}
    c.JupyterHub.load_groups[f"nbgrader-{course_id}"] = {"users": list(people["students"])}

# nbgrader's JupyterHubAuthPlugin asks the hub, with the single-user server's own token, which groups its
# user is in. JupyterHub's default "server" role (users:activity!user, access:servers!server) cannot read
# that: keep the defaults and add reading one's own name and groups (nothing about anybody else).
SERVER_SCOPES = ["users:activity!user", "access:servers!server", "read:users:name!user", "read:users:groups!user"]
c.JupyterHub.load_roles = [{"name": "server", "scopes": SERVER_SCOPES}]
