"""Per-user memory and CPU limits on The Littlest JupyterHub, sized for a class of 50 on one server.

Install as /opt/tljh/config/jupyterhub_config.d/limits.py (setup_tljh.sh does it), then
`sudo tljh-config reload hub`; a user gets new limits at their next server start. TLJH loads this folder after
its own settings, so these values win over `tljh-config set limits.*`: change them here, not there.

The server this is sized for: 16 vCPUs, 64 GB of memory, 200 GB of disk (a general-purpose cloud VM such as
AWS m6i.4xlarge, GCP n2-standard-16 or Azure D16s v5). Why (figures measured with this course, see
instructor_guide/deploy/README.md):
- a lesson's kernel peaks at about 0.33 GB (lesson 06, the largest), most at 0.17-0.20 GB; JupyterLab's own
  server takes about 0.13 GB. A student with two lessons open uses about 0.6 GB, so the typical class of 50
  uses about 30-40 GB;
- STUDENT_MEMORY is a cap, not a reservation (systemd MemoryMax): 2 GB lets a student keep four or five
  kernels open, and a runaway cell kills only that student's kernel;
- one CPU per student: lesson cells run for seconds, so 50 students share 16 vCPUs well (about 3 to 1);
- the instructor profile (INSTRUCTOR_*) grades with `swarmcast grade --workers 4` in the sandbox: 4 CPUs,
  8 GB. Grade outside class hours when you can: grading and a full class compete for the same cores.
TLJH's own conservative rule (concurrent users x memory limit) would ask 100 GB; if your budget allows it,
take a 128 GB server, or lower STUDENT_MEMORY to "1.2G" to satisfy the rule on 64 GB.
"""

c = get_config()  # noqa: F821  (TLJH loads this file with load_subconfig)

CLASS_SIZE = 50
SERVER_CPUS = 16
SERVER_MEMORY_GB = 64
TYPICAL_STUDENT_USE_GB = 0.75  # two lesson kernels and JupyterLab, measured (see above), rounded up

STUDENT_MEMORY = "2G"
STUDENT_CPUS = 1.0
INSTRUCTOR_MEMORY = "8G"
INSTRUCTOR_CPUS = 4.0

c.Spawner.mem_limit = STUDENT_MEMORY
c.Spawner.cpu_limit = STUDENT_CPUS



# One hook only: each file in jupyterhub_config.d is loaded on its own and merged, so a pre_spawn_hook set in
# another file (or by a TLJH plugin) replaces this one, or this one it. If you need another, call it from here.
# Check with `sudo grep -r pre_spawn_hook /opt/tljh/config/`.
def instructor_limits(spawner):
    """Instructors and teaching assistants (any formgrade-<course> group) get room to grade in parallel."""
    if any(group.name.startswith("formgrade-") for group in spawner.user.groups):
        spawner.mem_limit = INSTRUCTOR_MEMORY
        spawner.cpu_limit = INSTRUCTOR_CPUS


c.Spawner.pre_spawn_hook = instructor_limits
