"""The deployment files in instructor_guide/deploy/ load, and set what nbgrader on a JupyterHub needs.

Each Python config is loaded with traitlets' own loader (the one nbgrader and JupyterHub use), the
Helm values with PyYAML; the Kubernetes spawn hook runs on fake users; setup_tljh.sh runs in dry-run mode.
"""

from __future__ import annotations

import os
import re
import tomllib
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "instructor_guide" / "deploy"
TLJH = DEPLOY / "tljh"
Z2JH = DEPLOY / "z2jh"
EXCHANGE = "/srv/nbgrader/exchange"


def load(path: Path) -> Config:
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


@pytest.fixture(autouse=True)
def no_course_id_in_env(monkeypatch):
    """Configs read (and the instructor config sets) NBGRADER_COURSE_ID: undo it after every test."""
    monkeypatch.setenv("NBGRADER_COURSE_ID", "placeholder")  # so that monkeypatch restores the original
    monkeypatch.delenv("NBGRADER_COURSE_ID")


@pytest.fixture()
def home_with_course(tmp_path, monkeypatch):
    """A fake home with the course folder at ~/<course id>, as the deployments arrange it."""
    def make(course_id: str) -> Path:
        home = tmp_path / "home"
        course = home / course_id
        course.mkdir(parents=True)
        shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
        monkeypatch.setenv("HOME", str(home))
        return course
    return make


# ------------------------------------------------------------------------------------------------
# The course config itself
# ------------------------------------------------------------------------------------------------


def test_the_course_config_puts_the_root_at_its_own_folder_wherever_nbgrader_starts(tmp_path, monkeypatch):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    monkeypatch.chdir(tmp_path)  # started elsewhere, as formgrader is
    cfg = load(course / "nbgrader_config.py")
    assert cfg.CourseDirectory.root == str(course)
    assert "db_url" not in cfg.CourseDirectory  # nbgrader's default: <root>/gradebook.db
    assert cfg.CourseDirectory.course_id == "swarmcast"
    monkeypatch.setenv("NBGRADER_COURSE_ID", "swarmcast-2027b")
    assert load(course / "nbgrader_config.py").CourseDirectory.course_id == "swarmcast-2027b"


# ------------------------------------------------------------------------------------------------
# TLJH
# ------------------------------------------------------------------------------------------------


def test_tljh_global_config_sets_the_exchange_for_everyone():
    from nbgrader.auth import JupyterHubAuthPlugin

    cfg = load(TLJH / "nbgrader_config.py")
    assert cfg.Exchange.root == EXCHANGE
    assert cfg.Exchange.path_includes_course is True
    assert cfg.Authenticator.plugin_class is JupyterHubAuthPlugin
    assert "CourseDirectory" not in cfg  # course settings stay with the course


def test_tljh_instructor_config_loads_the_course_config(home_with_course, monkeypatch):
    course = home_with_course("swarmcast")
    cfg = load(TLJH / "instructor_nbgrader_config.py")
    assert cfg.CourseDirectory.root == str(course)  # inside the home: formgrader accepts it
    assert cfg.CourseDirectory.source_directory == "solutions"
    assert cfg.CourseDirectory.release_directory == "exercises"
    assert cfg.CourseDirectory.groupshared is True
    assert "swarmcast.grading.scrub.ScrubHiddenTests" in cfg.GenerateFeedback.preprocessors
    assert cfg.CourseDirectory.course_id == "swarmcast"


def test_tljh_instructor_config_carries_a_second_course_id(home_with_course, monkeypatch, tmp_path):
    course = home_with_course("swarmcast-2027b")
    text = (TLJH / "instructor_nbgrader_config.py").read_text()
    edited = tmp_path / "nbgrader_config.py"  # what setup_tljh.sh's sed writes
    edited.write_text(text.replace('COURSE_ID = "swarmcast"', 'COURSE_ID = "swarmcast-2027b"'))
    assert 'COURSE_ID = "swarmcast-2027b"' in edited.read_text()
    cfg = load(edited)
    assert cfg.CourseDirectory.course_id == "swarmcast-2027b"
    assert cfg.CourseDirectory.root == str(course)


def _hub_config(path: Path) -> Config:
    return load(path)


def test_tljh_hub_config_has_a_group_pair_per_course_and_lets_servers_read_their_groups():
    cfg = _hub_config(TLJH / "jupyterhub_config.d" / "nbgrader.py")
    groups = cfg.JupyterHub.load_groups
    assert "formgrade-swarmcast" in groups and "nbgrader-swarmcast" in groups
    courses = {g.split("-", 1)[1] for g in groups}
    for course in courses:
        assert {f"formgrade-{course}", f"nbgrader-{course}"} <= set(groups)
    server = next(r for r in cfg.JupyterHub.load_roles if r["name"] == "server")
    assert "read:users:groups!user" in server["scopes"]
    assert {"users:activity!user", "access:servers!server"} <= set(server["scopes"])  # JupyterHub's defaults kept
    assert not any(s in server["scopes"] for s in ("inherit", "admin:users", "groups"))  # nothing wider


HTTPS_ENV = {"HUB_DOMAIN": "hub.example.org", "LETSENCRYPT_EMAIL": "admin@example.org"}


def _dry_run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(TLJH / "setup_tljh.sh"), *args], capture_output=True, text=True,
                          env={**os.environ, "DRY_RUN": "1", **HTTPS_ENV, **env}, timeout=60)


def _commands(out: subprocess.CompletedProcess) -> list[str]:
    assert out.returncode == 0, out.stderr
    return [ln[2:] for ln in out.stdout.splitlines() if ln.startswith("+ ")]


def test_tljh_setup_script_parses_and_explains_itself():
    assert subprocess.run(["bash", "-n", str(TLJH / "setup_tljh.sh")]).returncode == 0
    out = _dry_run()
    assert out.returncode == 2 and "COURSE_CHECKOUT" in out.stdout and "DRY_RUN" in out.stdout
    out = _dry_run("/", "ana")
    assert out.returncode == 1 and "not a course checkout" in out.stderr


def test_tljh_setup_script_does_the_steps_that_matter():
    out = _dry_run(str(ROOT), "ana", "ben")
    assert out.returncode == 0, out.stderr
    cmds = [ln[2:] for ln in out.stdout.splitlines() if ln.startswith("+ ")]
    text = "\n".join(cmds)
    assert f"/opt/tljh/user/bin/pip install --quiet {ROOT}[instructor] nbgitpuller>=1.2" in cmds
    assert f"install -d -m 0777 {EXCHANGE}" in cmds
    assert f"install -m 0644 {TLJH}/nbgrader_config.py /etc/jupyter/nbgrader_config.py" in cmds
    assert "install -d -m 2770 -g graders-swarmcast /srv/nbgrader/courses/swarmcast" in cmds
    for ext in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"):
        assert f"/opt/tljh/user/bin/jupyter labextension disable --level=sys_prefix {ext}" in cmds
        assert f"sudo -u jupyter-ana -H /opt/tljh/user/bin/jupyter labextension enable --level=user {ext}" in cmds
    assert "/opt/tljh/user/bin/jupyter server extension disable --sys-prefix nbgrader.server_extensions.formgrader" in cmds
    for name in ("ana", "ben"):
        assert f"usermod -a -G graders-swarmcast jupyter-{name}" in cmds
        assert f"ln -sfn /srv/nbgrader/courses/swarmcast /home/jupyter-{name}/swarmcast" in cmds
        assert f"/home/jupyter-{name}/.jupyter/nbgrader_config.py" in text
    assert cmds[-1] == "tljh-config reload hub"
    # students never get the instructor tools back: every enable is per instructor (--user / --level=user)
    assert all(("--user" in c or "--level=user" in c) for c in cmds if " enable " in c and "/jupyter " in c)
    assert sum(" enable " in c and "/jupyter " in c for c in cmds) == 2 * 5  # 3 lab + 2 server extensions each


def test_tljh_setup_script_takes_a_second_course_id():
    out = _dry_run(str(ROOT), "ana", COURSE_ID="swarmcast-2027b")
    assert "install -d -m 2770 -g graders-swarmcast-2027b /srv/nbgrader/courses/swarmcast-2027b" in out.stdout
    assert 'COURSE_ID = "swarmcast-2027b"' in out.stdout
    assert "/home/jupyter-ana/swarmcast-2027b" in out.stdout


# ------------------------------------------------------------------------------------------------
# Z2JH
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((Z2JH / "config.yaml").read_text())


def test_z2jh_mounts_a_shared_exchange_volume_in_every_pod(values):
    storage = values["singleuser"]["storage"]
    volumes = {v["name"]: v for v in storage["extraVolumes"]}
    mounts = {m["name"]: m for m in storage["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"]["mountPath"] == EXCHANGE
    claim = volumes["nbgrader-exchange"]["persistentVolumeClaim"]["claimName"]
    pvcs = {d["metadata"]["name"]: d for d in yaml.safe_load_all((Z2JH / "pvcs.yaml").read_text())}
    assert pvcs[claim]["spec"]["accessModes"] == ["ReadWriteMany"]  # many pods, many nodes
    course_claim = volumes["nbgrader-courses"]["persistentVolumeClaim"]["claimName"]
    assert pvcs[course_claim]["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "nbgrader-courses" not in mounts  # only instructors get it, from the spawn hook


def test_z2jh_image_is_named_and_its_dockerfile_installs_nbgrader_with_tools_off(values):
    image = values["singleuser"]["image"]
    assert image["name"] and image["tag"]
    docker = (Z2JH / "Dockerfile").read_text()
    assert '"/tmp/swarmcast[instructor]"' in docker  # nbgrader comes with the instructor extra
    assert "COPY . " not in docker  # never the local .venv
    for ext in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list"):
        assert f"labextension disable --level=sys_prefix {ext}" in docker
    assert "server extension disable --sys-prefix nbgrader.server_extensions.formgrader" in docker


def _global_config(values, tmp_path) -> Path:
    path = tmp_path / "etc" / "nbgrader_config.py"
    path.parent.mkdir(parents=True)
    files = values["singleuser"]["extraFiles"]
    entry = files["nbgrader-global-config"]
    assert entry["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    path.write_text(entry["stringData"])
    return path


def test_z2jh_global_nbgrader_config_for_students(values, tmp_path, monkeypatch):
    from nbgrader.auth import JupyterHubAuthPlugin

    cfg = load(_global_config(values, tmp_path))
    assert cfg.Exchange.root == EXCHANGE
    assert cfg.Exchange.path_includes_course is True
    assert cfg.Authenticator.plugin_class is JupyterHubAuthPlugin
    assert "CourseDirectory" not in cfg


def test_z2jh_global_nbgrader_config_for_an_instructor(values, tmp_path, monkeypatch, home_with_course):
    course = home_with_course("swarmcast-2027a")
    monkeypatch.setenv("NBGRADER_COURSE_ID", "swarmcast-2027a")
    cfg = load(_global_config(values, tmp_path))
    assert cfg.CourseDirectory.course_id == "swarmcast-2027a"
    assert cfg.CourseDirectory.root == str(course)
    assert cfg.CourseDirectory.source_directory == "solutions"
    assert cfg.Exchange.root == EXCHANGE


def _hook(values):
    ns = {"c": Config()}
    exec(compile(values["hub"]["extraConfig"]["nbgrader-courses"], "extraConfig", "exec"), ns)  # noqa: S102
    return ns["c"].KubeSpawner.pre_spawn_hook


def _spawner(groups: list[str], name: str = "", user_id: int = 7):
    user = SimpleNamespace(name="someone", id=user_id, groups=[SimpleNamespace(name=g) for g in groups])
    shared_mounts = [{"name": "nbgrader-exchange", "mountPath": EXCHANGE}]
    return SimpleNamespace(user=user, name=name, volume_mounts=shared_mounts, environment={"A": "1"}), shared_mounts


def test_z2jh_spawn_hook_gives_instructors_their_course_and_tools(values):
    hook = _hook(values)
    sp, shared = _spawner(["formgrade-swarmcast-2027a", "nbgrader-other"])
    hook(sp)
    assert {"name": "nbgrader-courses", "mountPath": "/home/jovyan/swarmcast-2027a", "subPath": "swarmcast-2027a"} in sp.volume_mounts
    assert len(shared) == 1  # the configured list was not changed in place (it is shared by all users)
    assert sp.environment["NBGRADER_COURSE_ID"] == "swarmcast-2027a"
    assert sp.environment["JUPYTER_CONFIG_PATH"] == "/etc/jupyter/instructor"
    assert sp.environment["A"] == "1"


def test_z2jh_spawn_hook_opens_the_course_named_by_the_server(values):
    hook = _hook(values)
    sp, _ = _spawner(["formgrade-swarmcast-2027a", "formgrade-swarmcast-2027b"], name="swarmcast-2027b")
    hook(sp)
    assert sp.environment["NBGRADER_COURSE_ID"] == "swarmcast-2027b"
    assert [m["subPath"] for m in sp.volume_mounts if m["name"] == "nbgrader-courses"] == ["swarmcast-2027b"]


def test_z2jh_spawn_hook_gives_students_nothing_extra(values):
    hook = _hook(values)
    sp, _ = _spawner(["nbgrader-swarmcast-2027a"])
    hook(sp)
    assert [m["name"] for m in sp.volume_mounts] == ["nbgrader-exchange"]
    assert "NBGRADER_COURSE_ID" not in sp.environment and "JUPYTER_CONFIG_PATH" not in sp.environment


def test_z2jh_instructor_config_folder_switches_the_tools_back_on(values):
    files = values["singleuser"]["extraFiles"]
    server = files["instructor-server-config"]
    assert server["mountPath"] == "/etc/jupyter/instructor/jupyter_server_config.json"
    assert server["data"]["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is True
    lab = files["instructor-lab-config"]
    assert lab["mountPath"] == "/etc/jupyter/instructor/labconfig/page_config.json"
    assert lab["data"]["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is False


def test_z2jh_has_per_course_groups_and_servers_may_read_their_groups(values):
    groups = values["hub"]["config"]["JupyterHub"]["load_groups"]
    courses = {g.split("-", 1)[1] for g in groups}
    assert len(courses) >= 2  # the multi-course set-up
    for course in courses:
        assert f"formgrade-{course}" in groups and f"nbgrader-{course}" in groups
        assert groups[f"formgrade-{course}"]["users"]
    scopes = values["hub"]["loadRoles"]["server"]["scopes"]
    assert "read:users:groups!user" in scopes
    assert {"users:activity!user", "access:servers!server"} <= set(scopes)
    assert not any(s in scopes for s in ("inherit", "admin:users", "groups"))
    assert values["hub"]["config"]["JupyterHub"]["allow_named_servers"] is True  # one server per course taught


# ------------------------------------------------------------------------------------------------
# A real class on the hub (issue 10.4): limits, a closed course checkout, HTTPS, backups, nbgitpuller,
# bubblewrap, per-user uids and an instructor profile. Each test fails if its part is taken out.
# ------------------------------------------------------------------------------------------------

LIMITS = TLJH / "jupyterhub_config.d" / "limits.py"


def _bytes(spec: str) -> float:
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    return float(spec[:-1]) * units[spec[-1]] if spec[-1] in units else float(spec)


def _limits_module() -> dict:
    ns = {"get_config": Config}
    exec(compile(LIMITS.read_text(), str(LIMITS), "exec"), ns)  # noqa: S102  (to read its sizing constants)
    return ns


def test_tljh_limits_cap_every_student_and_fit_a_class_of_50_on_the_stated_server():
    cfg = load(LIMITS)
    ns = _limits_module()
    student_mem, student_cpu = _bytes(cfg.Spawner.mem_limit), float(cfg.Spawner.cpu_limit)
    assert student_mem > 0 and student_cpu > 0
    assert ns["CLASS_SIZE"] >= 50
    # a student's cap holds the heaviest lesson kernel (0.33 GB measured) twice over plus JupyterLab (0.13 GB)
    assert student_mem >= 0.8 * 2**30
    # the stated server holds a typical class, the instructor's grading profile and the system
    need = ns["CLASS_SIZE"] * ns["TYPICAL_STUDENT_USE_GB"] + _bytes(ns["INSTRUCTOR_MEMORY"]) / 2**30 + 2
    assert need <= ns["SERVER_MEMORY_GB"], f"a class of {ns['CLASS_SIZE']} needs about {need:.0f} GB"
    assert student_mem / 2**30 <= ns["SERVER_MEMORY_GB"] / 8, "one student must not be able to take the server"
    assert student_cpu <= ns["SERVER_CPUS"] / 4
    # the sizing is written down where an administrator reads it
    doc = LIMITS.read_text()
    assert f"{ns['SERVER_CPUS']} vCPUs, {ns['SERVER_MEMORY_GB']} GB" in doc


def test_tljh_instructors_get_the_grading_limits_and_students_keep_theirs():
    cfg = load(LIMITS)
    ns = _limits_module()
    hook = cfg.Spawner.pre_spawn_hook
    teacher, _ = _spawner(["formgrade-swarmcast"])
    teacher.mem_limit, teacher.cpu_limit = cfg.Spawner.mem_limit, cfg.Spawner.cpu_limit
    hook(teacher)
    assert teacher.cpu_limit == ns["INSTRUCTOR_CPUS"] >= 4 > cfg.Spawner.cpu_limit  # swarmcast grade --workers 4
    assert _bytes(teacher.mem_limit) > _bytes(cfg.Spawner.mem_limit)
    student, _ = _spawner(["nbgrader-swarmcast"])
    student.mem_limit, student.cpu_limit = cfg.Spawner.mem_limit, cfg.Spawner.cpu_limit
    hook(student)
    assert (student.mem_limit, student.cpu_limit) == (cfg.Spawner.mem_limit, cfg.Spawner.cpu_limit)


def test_tljh_setup_installs_the_limits_and_refuses_to_run_without_https_settings():
    cmds = _commands(_dry_run(str(ROOT), "ana"))
    assert f"install -m 0644 {LIMITS} /opt/tljh/config/jupyterhub_config.d/limits.py" in cmds
    out = subprocess.run(["bash", str(TLJH / "setup_tljh.sh"), str(ROOT), "ana"], capture_output=True, text=True,
                         env={**{k: v for k, v in os.environ.items() if k not in HTTPS_ENV}, "DRY_RUN": "1"}, timeout=60)
    assert out.returncode == 1 and "HUB_DOMAIN" in out.stderr and "HTTPS" in out.stderr


def test_tljh_setup_turns_on_https_with_lets_encrypt():
    cmds = _commands(_dry_run(str(ROOT), "ana"))
    assert "tljh-config set https.enabled true" in cmds
    assert "tljh-config set https.letsencrypt.email admin@example.org" in cmds
    assert "tljh-config add-item https.letsencrypt.domains hub.example.org" in cmds
    assert cmds.index("tljh-config reload proxy") > cmds.index("tljh-config add-item https.letsencrypt.domains hub.example.org")


def test_tljh_setup_closes_the_course_folder_and_the_checkout_to_students():
    cmds = _commands(_dry_run(str(ROOT), "ana"))
    course = "/srv/nbgrader/courses/swarmcast"
    assert f"install -d -m 2770 -g graders-swarmcast {course}" in cmds  # others cannot even enter it
    assert f"chmod -R g+rwX,o-rwx {course}" in cmds
    # the checkout holds solutions/ with the hidden tests too
    assert f"chgrp -R graders-swarmcast {ROOT}" in cmds and f"chmod -R o-rwx {ROOT}" in cmds
    # and the permissions are set after the clone and the install from the checkout, not before
    assert cmds.index(f"chmod -R o-rwx {ROOT}") > next(i for i, c in enumerate(cmds) if "pip install" in c)
    assert cmds.index(f"chmod -R g+rwX,o-rwx {course}") > cmds.index(f"git clone --quiet {ROOT} {course}")
    script = (TLJH / "setup_tljh.sh").read_text()
    assert 'sudo -u nobody test -r "$secret"' in script  # checked as an ordinary user after a real run


def test_tljh_setup_makes_home_folders_private_now_and_for_accounts_made_later():
    cmds = _commands(_dry_run(str(ROOT), "ana"))
    assert "sed -i -E s/^#?HOME_MODE[[:space:]].*/HOME_MODE 0700/ /etc/login.defs" in cmds
    assert "find /home -mindepth 1 -maxdepth 1 -type d -name jupyter-* -exec chmod 0700 {} +" in cmds


def test_tljh_setup_installs_bubblewrap_nbgitpuller_and_checks_the_sandbox_per_instructor():
    cmds = _commands(_dry_run(str(ROOT), "ana", "ben"))
    assert "apt-get install -y --no-install-recommends bubblewrap" in cmds
    pip = next(c for c in cmds if "pip install" in c)
    assert "nbgitpuller" in pip and f"{ROOT}[instructor]" in pip
    for name in ("ana", "ben"):
        assert any(c.startswith(f"sudo -u jupyter-{name} -H bwrap --unshare-all") for c in cmds)


def test_tljh_setup_schedules_hourly_gradebook_backups():
    import configparser

    cmds = _commands(_dry_run(str(ROOT), "ana"))
    assert f"install -m 0755 {TLJH}/backup_gradebook.sh /usr/local/sbin/swarmcast-backup-gradebook" in cmds
    for unit in ("swarmcast-gradebook-backup@.service", "swarmcast-gradebook-backup@.timer"):
        assert f"install -m 0644 {TLJH}/systemd/{unit} /etc/systemd/system/{unit}" in cmds
    assert "systemctl enable --now swarmcast-gradebook-backup@swarmcast.timer" in cmds
    assert "install -d -m 0750 -g graders-swarmcast /srv/nbgrader/backups/swarmcast" in cmds

    def unit(name):
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        parser.optionxform = str
        parser.read_string((TLJH / "systemd" / name).read_text())
        return parser

    timer = unit("swarmcast-gradebook-backup@.timer")
    assert timer["Timer"]["OnCalendar"] == "hourly" and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    service = unit("swarmcast-gradebook-backup@.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].split() == [
        "/usr/local/sbin/swarmcast-backup-gradebook", "/srv/nbgrader/courses/%i/gradebook.db", "/srv/nbgrader/backups/%i"]


def _gradebook(path: Path, rows: int) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE grade (student TEXT, score REAL)")
        db.executemany("INSERT INTO grade VALUES (?, ?)", [(f"s{i:03d}", i / 2) for i in range(rows)])


def test_backup_script_copies_a_gradebook_in_use_and_prunes_old_copies(tmp_path):
    import sqlite3

    course = tmp_path / "course"
    course.mkdir()
    _gradebook(course / "gradebook.db", 50)
    dest = tmp_path / "backups"
    dest.mkdir()
    old = dest / "gradebook-20200101T000000Z.db"
    old.write_bytes(b"old")
    os.utime(old, (0, 0))
    keep = dest / "notes.txt"
    keep.write_text("not a backup")
    writer = sqlite3.connect(course / "gradebook.db")  # formgrader holds the gradebook open, mid-transaction
    writer.execute("BEGIN")
    writer.execute("INSERT INTO grade VALUES ('late', 1.0)")
    try:
        out = subprocess.run(["bash", str(TLJH / "backup_gradebook.sh"), str(course / "gradebook.db"), str(dest)],
                             capture_output=True, text=True, timeout=60)
    finally:
        writer.rollback()
        writer.close()
    assert out.returncode == 0, out.stderr
    copy = Path(out.stdout.strip().splitlines()[-1])
    assert copy.parent == dest and copy.name.startswith("gradebook-") and copy.suffix == ".db"
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT count(*), sum(score) FROM grade").fetchone() == (50, sum(i / 2 for i in range(50)))
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not old.exists(), "copies older than KEEP_DAYS are deleted"
    assert keep.exists(), "only gradebook-*.db files are pruned"
    assert not list(dest.glob("*.partial"))
    assert oct(dest.stat().st_mode & 0o777) == "0o750"


def test_backup_script_says_what_is_wrong(tmp_path):
    script = str(TLJH / "backup_gradebook.sh")
    usage = subprocess.run(["bash", script], capture_output=True, text=True, timeout=30)
    assert usage.returncode == 2 and "GRADEBOOK BACKUP_FOLDER" in usage.stdout
    (tmp_path / "course").mkdir()
    before_release = subprocess.run(["bash", script, str(tmp_path / "course" / "gradebook.db"), str(tmp_path / "b")],
                                    capture_output=True, text=True, timeout=30)
    assert before_release.returncode == 0 and "nothing to back up" in before_release.stdout
    typo = subprocess.run(["bash", script, str(tmp_path / "cuorse" / "gradebook.db"), str(tmp_path / "b")],
                          capture_output=True, text=True, timeout=30)
    assert typo.returncode == 1 and "course id" in typo.stderr
    (tmp_path / "course" / "gradebook.db").write_text("this is not a database")
    broken = subprocess.run(["bash", script, str(tmp_path / "course" / "gradebook.db"), str(tmp_path / "b")],
                            capture_output=True, text=True, timeout=30)
    assert broken.returncode != 0 and not list((tmp_path / "b").glob("gradebook-*.db"))


def test_z2jh_gives_every_user_their_own_uid_and_students_a_group_without_grading_rights(values):
    hook = _hook(values)
    students = []
    for user_id in (1, 2, 3):
        sp, _ = _spawner(["nbgrader-swarmcast-2027a"], user_id=user_id)
        hook(sp)
        students.append(sp)
    uids = {sp.uid for sp in students}
    assert len(uids) == 3 and not uids & {0, 1000}, "distinct uids, none root or the image's shared jovyan"
    teacher, _ = _spawner(["formgrade-swarmcast-2027a"], user_id=4)
    hook(teacher)
    assert teacher.uid not in uids | {0, 1000}
    # the instructors' config is groupshared: the exchange's inbound folders are readable by their group,
    # so no student may share the instructors' primary group
    assert {sp.gid for sp in students} == {100}
    assert teacher.gid not in {sp.gid for sp in students} | set(getattr(students[0], "supplemental_gids", []))


def test_z2jh_instructors_may_pick_a_grading_profile_and_students_get_no_choice(values):
    ns = {"c": Config()}
    exec(compile(values["hub"]["extraConfig"]["instructor-profiles"], "extraConfig", "exec"), ns)  # noqa: S102
    profiles = ns["c"].KubeSpawner.profile_list
    student, _ = _spawner(["nbgrader-swarmcast-2027a"])
    assert profiles(student) == []
    teacher, _ = _spawner(["formgrade-swarmcast-2027a"])
    offered = profiles(teacher)
    assert sum(bool(p.get("default")) for p in offered) == 1
    grading = [p["kubespawner_override"] for p in offered if p.get("kubespawner_override", {}).get("cpu_limit")]
    assert grading, "an instructor profile with more CPUs"
    override = grading[0]
    assert override["cpu_limit"] >= 4 > values["singleuser"]["cpu"]["limit"]
    assert override["cpu_guarantee"] >= 2
    assert _bytes(override["mem_limit"]) > _bytes(values["singleuser"]["memory"]["limit"])
    # bubblewrap needs user namespaces, which the default seccomp profile refuses
    assert override["container_security_context"]["seccompProfile"]["type"] == "Unconfined"


def test_z2jh_serves_https_and_its_image_has_nbgitpuller_and_bubblewrap(values):
    https = values["proxy"]["https"]
    assert https["enabled"] is True and https["hosts"] and https["letsencrypt"]["contactEmail"]
    docker = (Z2JH / "Dockerfile").read_text()
    apt = next(line for line in docker.splitlines() if "apt-get install" in line)
    assert "bubblewrap" in apt and "git" in apt.split()
    pip = next(line for line in docker.splitlines() if line.startswith("RUN pip install"))
    assert "nbgitpuller" in pip
    assert docker.index("USER root") < docker.index("apt-get install") < docker.index("USER ${NB_UID}") < docker.index("RUN pip install")
    copied = " ".join(line for line in docker.splitlines() if line.startswith("COPY"))
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for name in meta.get("license-files", []):
        assert name in copied, f"pyproject names {name}: the image build must copy it"


NBGITPULLER = re.compile(r"https://[^/\s]+/hub/user-redirect/git-pull\?[^\s)`>\]]+")


@pytest.mark.parametrize("doc", ["README.md", "instructor_guide/deploy/README.md", "instructor_guide/README.md"])
def test_nbgitpuller_links_open_lesson_00_of_this_repository(doc):
    from urllib.parse import parse_qs, urlsplit

    links = NBGITPULLER.findall((ROOT / doc).read_text())
    assert links, f"{doc} gives the nbgitpuller link"
    for link in links:
        query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        assert query["repo"] == "https://github.com/swarmcast-course/swarmcast"
        assert query["branch"] == "main"
        target = query["targetpath"]
        assert target != "swarmcast", "~/swarmcast is the course id's folder (fetched assignments, instructors' course link)"
        prefix = f"lab/tree/{target}/"
        assert query["urlpath"].startswith(prefix)
        assert (ROOT / query["urlpath"][len(prefix):]).is_file(), f"{doc}: the link opens a file the repository lacks"
