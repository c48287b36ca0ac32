"""The two README commands and Binder set up the course as promised."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ROOT


def _logical_lines(text: str) -> list[str]:
    """Shell lines with backslash continuations joined, blank lines dropped."""
    return [line.strip() for line in re.sub(r"\\\n\s*", " ", text).splitlines() if line.strip()]


def _make_dry_run(*args: str) -> list[str]:
    """What ``make <args>`` would run (``-B``: every recipe, as on a fresh clone), one logical shell line each."""
    out = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, f"`make -n {' '.join(args)}` does not resolve:\n{out.stderr}"
    return _logical_lines(out.stdout)


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_code_blocks() -> list[list[str]]:
    """The README's shell code blocks, each as its commands (comments and blank lines dropped)."""
    blocks = re.findall(r"```(?:bash|sh|shell)\n(.*?)```", _readme(), re.S)
    return [[c for c in (line.split("#")[0].strip() for line in b.splitlines()) if c] for b in blocks]


def _readme_commands() -> list[str]:
    """The README's two commands: the first shell block, which must hold exactly two `make <target>` lines."""
    blocks = _readme_code_blocks()
    assert blocks, "README.md has no ```bash code block: the quick start must show its commands in one"
    first = blocks[0]
    assert len(first) == 2 and all(re.fullmatch(r"make [\w-]+", c) for c in first), (
        f"the README's first code block must hold the two commands (make <target>), found {first}")
    return first


def _ci_command(tmp_path) -> tuple[str, str]:
    """The command .ci/run runs, and the folder it runs it in, recorded by a stand-in `make` on PATH."""
    fake = tmp_path / "bin"
    fake.mkdir()
    record = tmp_path / "make-called"
    (fake / "make").write_text(f'#!/bin/sh\necho "$PWD" > "{record}"\necho "make $*" >> "{record}"\n')
    (fake / "make").chmod(0o755)
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(["bash", str(ROOT / ".ci" / "run")], cwd=tmp_path, env=env, check=True, timeout=60)
    cwd, command = record.read_text().splitlines()
    return command.strip(), cwd


def _start_and_test_commands(tmp_path) -> tuple[str, str]:
    """(start, test): the README command that .ci/run runs is the test command, the other one starts the course."""
    commands = _readme_commands()
    ci, _ = _ci_command(tmp_path)
    assert ci in commands, f".ci/run runs `{ci}`, which is not one of the README's commands {commands}"
    (start,) = [c for c in commands if c != ci]
    return start, ci


def _target(command: str) -> str:
    return command.split()[1]


def _pip_extras(lines: list[str]) -> list[tuple[str, set[str]]]:
    """(line, extras) of every line that pip-installs the course itself (``-e .[extras]``)."""
    found = []
    for line in lines:
        m = re.search(r"pip install\b.*?-e\s+[\"']?\.\[([\w,\s-]+)\]", line)
        if m:
            found.append((line, {e.strip() for e in m.group(1).split(",")}))
    return found


def _declared_extras() -> set[str]:
    return set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"])


def test_readme_commands_resolve_and_ci_runs_the_test_command(tmp_path):
    commands = _readme_commands()
    for command in commands:
        _make_dry_run(_target(command))  # asserts that make knows the target and every prerequisite
    ci, cwd = _ci_command(tmp_path)
    assert ci in commands, f".ci/run runs `{ci}`, not the README's test command (one of {commands})"
    assert os.path.samefile(cwd, ROOT), f".ci/run must run `{ci}` from the repository root, ran it in {cwd}"
    assert any(re.search(r"-m pytest\b", line) for line in _make_dry_run(_target(ci))), f".ci/run runs `{ci}`, which runs no tests"


def test_make_test_installs_extras_and_runs_pytest(tmp_path):
    _, test = _start_and_test_commands(tmp_path)
    lines = _make_dry_run("-B", _target(test))
    installs = _pip_extras(lines)
    assert installs, f"`{test}` installs nothing:\n" + "\n".join(lines)
    extras = set().union(*(e for _, e in installs))
    assert {"lab", "instructor", "test"} <= extras, f"`{test}` must install the lab, instructor and test extras; it installs {extras}"
    assert extras <= _declared_extras(), f"`{test}` installs extras pyproject.toml does not declare: {extras - _declared_extras()}"
    python = str(ROOT / ".venv" / "bin" / "python")
    runs = [shlex.split(line) for line in lines if re.search(r"-m pytest\b", line)]
    assert runs and runs[0][:3] == [python, "-m", "pytest"], f"`{test}` must run pytest with the course's venv ({python}): {runs}"


def test_make_start_seeds_the_working_folder_and_opens_lesson_00(tmp_path):
    """The start command copies the lessons into the working folder (run here into a temporary one) and opens
    JupyterLab on the whole course with the copy of lesson 00; as root it adds --allow-root."""
    start, _ = _start_and_test_commands(tmp_path)
    lines = _make_dry_run(_target(start))
    seeds = [shlex.split(line) for line in lines if "swarmcast.workfolder" in line]
    assert len(seeds) == 1, f"`{start}` must seed the working folder with swarmcast.workfolder once: {lines}"
    seed = seeds[0]
    work = seed[-1]
    out = subprocess.run([*seed[:-1], str(tmp_path / "work")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    copied = sorted(p.name for p in (tmp_path / "work").glob("*.ipynb"))
    assert copied == sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")), copied

    (lab,) = [shlex.split(line) for line in lines if re.search(r"/jupyter lab\b", line)]
    options = dict(a.split("=", 1) for a in lab if a.startswith("--") and "=" in a)
    assert os.path.samefile(options["--ServerApp.root_dir"], ROOT), "JupyterLab must serve the whole course folder"
    opened = options["--LabApp.default_url"].removeprefix("/lab/tree/")
    assert opened == f"{work}/00_start_here.ipynb", f"`{start}` must open the student's copy of lesson 00, opens {opened}"
    assert ("--allow-root" in lab) == (os.geteuid() == 0), "make start must pass --allow-root exactly when run as root"

    said = " ".join(lines)
    assert "Ctrl-C" in said, f"`{start}` must say how to stop the server"
    stop = re.search(r"(\S+/jupyter) server stop", said)
    assert stop, f"`{start}` must name the command that stops the server"
    subprocess.run([stop.group(1), "server", "stop", "--help"], check=True, capture_output=True, timeout=60)


def test_start_installs_the_lab_extra_showing_progress(tmp_path):
    start, _ = _start_and_test_commands(tmp_path)
    installs = _pip_extras(_make_dry_run("-B", _target(start)))
    assert [e for _, e in installs] == [{"lab"}], f"`{start}` must install the course with the lab extra only: {installs}"
    assert "lab" in _declared_extras()
    line = installs[0][0]
    assert not re.search(r"\s(--quiet|-q+)\b", line), f"the student install must show its progress: {line}"


def test_readme_without_make_installs_what_make_installs(tmp_path):
    """The README's commands for systems without make install the same extras and run the same tests."""
    start, test = _start_and_test_commands(tmp_path)
    manual = [line for block in _readme_code_blocks()[1:] for line in block]
    readme_extras = [e for _, e in _pip_extras(manual)]
    by_make = {cmd: set().union(*(e for _, e in _pip_extras(_make_dry_run("-B", _target(cmd))))) for cmd in (start, test)}
    # make test also installs the site extra; without it tests/test_site.py skips, so the manual install may omit it
    expected = [by_make[start], by_make[test] - {"site"}]
    assert readme_extras == expected, f"README pip lines install {readme_extras}, make installs {by_make}"
    assert "python -m pytest" in manual, "the README must say how to run the tests without make"


def test_venv_failure_says_what_debian_needs(tmp_path):
    """When python -m venv fails (Debian without python3-venv), the first step says which package to install,
    the README names the same package, and no half-made environment is left behind."""
    fake = tmp_path / "python3"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3"; exit 1; fi\nexec {sys.executable} "$@"\n')
    fake.chmod(0o755)
    venv = tmp_path / "venv"
    out = subprocess.run(["make", f"VENV={venv}", f"PYTHON={fake}", f"{venv}/bin/python"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    said = out.stdout + out.stderr
    assert out.returncode != 0 and not venv.exists(), said
    packages = set(re.findall(r"apt-get install (\S+)", said))
    assert packages, f"the failed venv step must say what to install:\n{said}"
    assert packages & set(re.findall(r"apt-get install (\S+?)`", _readme())), (
        f"the README must name the package the venv step asks for ({packages})")


def test_students_do_not_need_nbgrader():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("nbgrader") for d in meta["dependencies"])
    assert any(d.startswith("nbgrader") for d in meta["optional-dependencies"]["instructor"])
    assert meta["requires-python"] == ">=3.11"


def test_nbgrader_config_uses_course_folders():
    """nbgrader, loading the course's config as it does, finds the course folders; its working state is ignored."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    course = config.CourseDirectory
    assert (course.source_directory, course.release_directory) == ("solutions", "exercises")
    assert (ROOT / course.source_directory).is_dir() and (ROOT / course.release_directory).is_dir()
    assert os.path.samefile(course.root, ROOT) and course.course_id
    assert config.OverwriteCells.add_missing_cells is True
    assert 0 < config.Execute.timeout <= 600
    state = ["gradebook.db", "submitted/s1/a01/a.ipynb", "autograded/s1/a01/a.ipynb", "feedback/s1/a01/a.html", ".nbgrader.log"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *state], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ignored == state, f"nbgrader's working state must be git-ignored; not ignored: {sorted(set(state) - set(ignored))}"


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


def test_readme_tells_each_person_where_to_begin_and_what_it_names_exists():
    """Each audience has its paragraph; the files, folders, Binder links and swarmcast commands the README names
    exist (the working folder is the one the start command seeds)."""
    text = _readme()
    for url in re.findall(r"https://mybinder\.org/v2/gh/[^\s)>]+", text) or ["no Binder link"]:
        labpath = parse_qs(urlparse(url).query).get("labpath", [""])[0]
        assert labpath and (ROOT / labpath).is_file(), f"the Binder link {url} must open a notebook of the course"
    work = [shlex.split(line)[-1] for line in _make_dry_run("start") if "swarmcast.workfolder" in line]
    for audience in ("Students", "Self-learners", "Instructors"):
        para = re.search(rf"\*\*{audience}\.\*\*(.*?)(?:\n\n|$)", text, re.S)
        assert para, f"README.md must tell {audience.lower()} where to begin (a paragraph opening **{audience}.**)"
        for path in re.findall(r"`([\w.-]+(?:/[\w.-]*)*)`", para.group(1)):
            if "/" in path or path.endswith(".ipynb"):
                assert path.rstrip("/") in work or (ROOT / path).exists() or (ROOT / "lessons" / path).exists(), (
                    f"README ({audience}) names `{path}`, which is not in the repository")
    named = set(re.findall(r"`swarmcast ([a-z][\w-]*)", text))
    swarmcast = shutil.which("swarmcast", path=str(ROOT / ".venv" / "bin")) or "swarmcast"
    usage = subprocess.run([swarmcast, "--help"], capture_output=True, text=True, check=True, timeout=120).stdout
    missing = sorted(c for c in named - {"command"} if not re.search(rf"\b{c}\b", usage))
    assert named and not missing, f"README names swarmcast commands that `swarmcast --help` does not list: {missing}"


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
        "ex = charts.CHART_EXAMPLES[charts.line_chart]()\n"
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


def test_make_start_ships_settings_without_the_news_prompt_and_git_ignores_the_work():
    import json

    overrides = json.loads((ROOT / "binder" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    lines = _make_dry_run("-B", "start")
    settings = str(Path(".venv/share/jupyter/lab/settings/overrides.json"))
    assert any(shlex.split(line)[:2] == ["cp", "binder/overrides.json"] and line.endswith(settings) for line in lines), (
        "make start must copy binder/overrides.json into the venv's JupyterLab settings")
    (work,) = [shlex.split(line)[-1] for line in lines if "swarmcast.workfolder" in line]
    copy = f"{work}/00_start_here.ipynb"
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", copy], cwd=ROOT).returncode == 0
    assert ignored, f"the student's working folder {work}/ must be git-ignored (git pull must never conflict with it)"
    assert f"`{work}/`" in _readme(), f"the README must name the working folder make start seeds ({work}/)"
    stop = re.search(r"`(\S*jupyter) server stop`", _readme())
    assert stop, "the README must say how to stop JupyterLab from another terminal"
    subprocess.run([str(ROOT / stop.group(1)), "server", "stop", "--help"], cwd=ROOT, check=True, capture_output=True, timeout=60)


def test_make_and_binder_install_the_course_server_settings(tmp_path):
    """make start, make test and Binder's postBuild put binder/jupyter_server_config.json (the extension that sends
    kernel messages without Nagle's delay, tests/test_labserver.py) where the environment's Jupyter server reads it."""
    target = str(Path(".venv/etc/jupyter/jupyter_server_config.d/swarmcast.json"))
    for goal in ("start", "test"):
        lines = _make_dry_run("-B", goal)
        assert any(shlex.split(line)[:2] == ["cp", "binder/jupyter_server_config.json"] and line.endswith(target) for line in lines), (
            f"make {goal} must copy binder/jupyter_server_config.json to {target}")
    # postBuild, run for real with `python` answering sys.prefix with a scratch prefix (the rest goes to this Python)
    prefix, bin_dir = tmp_path / "prefix", tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "python"
    shim.write_text(f'#!/bin/sh\ncase "$*" in *sys.prefix*) echo "{prefix}";; *) exec "{sys.executable}" "$@";; esac\n')
    shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(["bash", "binder/postBuild"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    installed = prefix / "etc" / "jupyter" / "jupyter_server_config.d" / "swarmcast.json"
    assert installed.read_text() == (ROOT / "binder" / "jupyter_server_config.json").read_text()
    assert (prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json").is_file()
