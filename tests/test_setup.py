"""The two README commands and Binder set up the course as promised."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT


def _make_dry_run(target: str) -> str:
    return subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_make_start_opens_lesson_00_and_handles_root():
    out = _make_dry_run("start")
    assert re.search(r"(?s)swarmcast\.workfolder lessons my-work.*jupyter lab .*--ServerApp\.root_dir=.*--LabApp\.default_url=/lab/tree/my-work/00_start_here\.ipynb", out), out
    assert "Ctrl-C twice" in out, "make start must say how to stop the server"
    assert ("--allow-root" in out) == (os.geteuid() == 0), "make start must pass --allow-root exactly when run as root"


def test_make_test_installs_extras_and_runs_pytest():
    text = (ROOT / "Makefile").read_text()
    assert "pip install --quiet -e '.[lab,instructor,test]'" in text
    assert "pip install --progress-bar on -e '.[lab]'" in text  # make start / make install: JupyterLab, numba, vl-convert
    assert re.search(r"^test:.*\n\t\$\(BIN\)/python -m pytest", text, re.M)
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_students_do_not_need_nbgrader():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("nbgrader") for d in meta["dependencies"])
    assert any(d.startswith("nbgrader") for d in meta["optional-dependencies"]["instructor"])
    assert meta["requires-python"] == ">=3.11"


def test_nbgrader_config_uses_course_folders():
    text = (ROOT / "nbgrader_config.py").read_text()
    for setting in ('source_directory = "solutions"', 'release_directory = "exercises"', "add_missing_cells = True", "course_id", "timeout"):
        assert setting in text, setting
    ignored = (ROOT / ".gitignore").read_text()
    for name in ("gradebook.db", "submitted/", "autograded/", "feedback/", ".nbgrader.log"):
        assert name in ignored, name


@pytest.mark.slow
def test_binder_pins_python_and_installs_the_course():
    r2d = shutil.which("jupyter-repo2docker") or str(ROOT / ".venv" / "bin" / "jupyter-repo2docker")
    out = subprocess.run([r2d, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=120)
    dockerfile = out.stdout + out.stderr
    assert "python=3.12" in dockerfile, "Binder must pin Python 3.12 (repo2docker's default 3.10 cannot install the stack)"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    reqs = [l.strip() for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert reqs[-1] == ".[lab]", "binder/requirements.txt must install the course with JupyterLab, numba and offline charts (its pins: tests/test_release.py)"
    assert "./binder/postBuild" in dockerfile


def test_readme_tells_each_person_where_to_begin():
    text = (ROOT / "README.md").read_text()
    for needle in ("make start", "make test", "mybinder.org", "labpath=", "Students", "Instructors", "Self-learners", "pip install"):
        assert needle in text, needle


@pytest.mark.slow
def test_make_start_serves_jupyterlab_with_lesson_00(tmp_path):
    """The README's first command really serves JupyterLab, opening lesson 00 (as root it adds --allow-root)."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "swarmcast-make-start"
    args = f"--no-browser --port={port} --ip=127.0.0.1 --IdentityProvider.token={token} --LabApp.news_url="
    env = dict(os.environ, JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"))
    log = open(tmp_path / "make_start.log", "w")
    proc = subprocess.Popen(["make", "start", f"LAB_ARGS={args}"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 120
        status = None
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.5)
        text = (tmp_path / "make_start.log").read_text()
        assert status == 200, f"JupyterLab did not answer; make start printed:\n{text[-3000:]}"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/my-work/00_start_here.ipynb?token={token}&content=0", timeout=5) as r:
            assert r.status == 200, "make start must seed the student's working folder"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/exercises?token={token}&content=1", timeout=5) as r:
            assert r.status == 200, "students must reach exercises/ from the file browser"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=5) as r:
            assert r.geturl().split("?")[0].endswith("/lab/tree/my-work/00_start_here.ipynb"), f"make start must open the student's copy of lesson 00, opened {r.geturl()}"
    finally:
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_importing_the_course_skips_only_the_iri_grammar_and_charts_still_validate():
    """swarmcast marks rfc3987_syntax unavailable (0.85 s of start-up); schema validation of charts still works."""
    code = (
        "import os, sys\n"
        "os.environ['SWARMCAST_VALIDATE_CHARTS'] = '1'\n"
        "from swarmcast import charts\n"
        "assert sys.modules.get('rfc3987_syntax', 0) is None, 'the IRI grammar was imported'\n"
        "import jsonschema\n"
        "ex = charts.BUILDERS['swarmcast.charts.line_chart'].example()\n"
        "charts.jupyter_chart(charts.line_chart(**ex))\n"
        "bad = charts.line_chart(**ex)\n"
        "bad.width = 'wide'\n"
        "try:\n"
        "    charts.jupyter_chart(bad)\n"
        "except jsonschema.ValidationError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('an invalid chart passed validation')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    keep = dict(os.environ, SWARMCAST_KEEP_RFC3987="1")
    subprocess.run([sys.executable, "-c", "import sys, swarmcast; assert sys.modules.get('rfc3987_syntax', 0) is not None"], check=True, env=keep, timeout=120)


def test_make_start_ships_settings_without_the_news_prompt_and_says_what_debian_needs():
    import json

    overrides = json.loads((ROOT / "binder" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    out = _make_dry_run("start")
    assert "share/jupyter/lab/settings/overrides.json" in out or (ROOT / ".venv/share/jupyter/lab/settings/overrides.json").is_file()
    text = (ROOT / "Makefile").read_text()
    student = text.split("$(VENV)/.installed-student:")[1].split("\n\n")[0]
    assert "--quiet" not in student, "the student install must show its progress"
    assert "python3-venv" in text, "the venv step must say what Debian and Ubuntu need when it fails"
    readme = (ROOT / "README.md").read_text()
    for needle in ("python3-venv", "Ctrl-C twice", "jupyter server stop", "my-work/"):
        assert needle in readme, needle
    assert "/my-work/" in (ROOT / ".gitignore").read_text()
