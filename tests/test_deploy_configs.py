"""The deployment files in instructor_guide/deploy/ load, and set what nbgrader on a JupyterHub needs.

Each Python config is loaded with traitlets' own loader (the one nbgrader and JupyterHub use), the
Helm values with PyYAML; the Kubernetes spawn hook runs on fake users; setup_tljh.sh runs in dry-run mode.
"""

from __future__ import annotations

import os
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


def _dry_run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(TLJH / "setup_tljh.sh"), *args], capture_output=True, text=True,
                          env={**os.environ, "DRY_RUN": "1", **env}, timeout=60)


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
    assert f"/opt/tljh/user/bin/pip install --quiet {ROOT}[instructor]" in cmds
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
    assert all(("--user" in c or "--level=user" in c) for c in cmds if " enable " in c)


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


def _spawner(groups: list[str], name: str = ""):
    user = SimpleNamespace(name="someone", groups=[SimpleNamespace(name=g) for g in groups])
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
