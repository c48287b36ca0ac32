"""Hostile students against the grading sandbox, with real nbgrader, serially and with two workers.

One practice class (`write_practice_class(attackers=True)`, the synthetic one-question course) holds
nine attackers (grading/practice.py ATTACKS: write the gradebook, overwrite and delete the other
submissions, append to nbgrader_config.py, run the solutions, open sockets, fork bomb, 20 GB, sleep
past the time limit and ignore the interrupt) and six honest students. Three copies are graded once
per module: serially and with two workers (attackers included), and serially WITHOUT the attackers
(the baseline). Then: every attacker has no marks; every honest student has exactly the baseline's
grades; every instructor file is byte-identical; the secret in the grader's environment and the TCP
server listening on 127.0.0.1 never saw the attackers. Plain `nbgrader autograde` is sandboxed by the
course config too, and refuses when it cannot sandbox.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

pytestmark = [pytest.mark.slow]

SECRET = "swarmcast-test-secret-7f3a9c"
TIMEOUT = 5  # short, but long enough for an honest cell on a loaded two-core machine
N_HONEST = 6


def _digest(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of every file under the course's instructor folders (and the config), by relative path."""
    out = {}
    for top in ("solutions", "exercises", "submitted", "nbgrader_config.py"):
        base = root / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file() or p.is_symlink())
        for p in files:
            rel = str(p.relative_to(root))
            if not any(rel.startswith(s) for s in skip):
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "link:" + os.readlink(p)
    return out


def _grades(db: Path) -> dict[str, dict[str, tuple]]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT sa.student_id, bc.name, g.auto_score, g.manual_score, g.extra_credit FROM grade g "
        "JOIN submitted_notebook sn ON g.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
        "JOIN base_cell bc ON g.cell_id = bc.id"
    ).fetchall()
    con.close()
    out: dict[str, dict[str, tuple]] = {}
    for student, cell, auto, manual, extra in rows:
        out.setdefault(student, {})[cell] = (auto, manual, extra)
    return out


class _Listener:
    """A TCP server on 127.0.0.1 that counts the connections it accepts (none may come from a kernel)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join()
        self.sock.close()


def _build(base: Path) -> None:
    from swarmcast.grading import parallel, practice, runner
    from swarmcast.grading.course import open_course

    root = S.write_course(base / "course", n_questions=1, timeout_seconds=TIMEOUT)
    _, cfg = open_course(course_dir=root)
    assert runner.generate_assignment(config=cfg, assignment=S.ASSIGNMENT).success
    plan = practice.write_practice_class(course_dir=root, assignment=S.ASSIGNMENT, n_students=N_HONEST, seed=3,
                                         attackers=True)
    plan.to_csv(base / "plan.csv", index=False)
    copies = {name: Path(shutil.copytree(root, base / name)) for name in ("serial", "parallel", "baseline")}
    for student in plan.loc[plan["kind"].str.startswith("attack_"), "student"]:
        shutil.rmtree(copies["baseline"] / "submitted" / student)
    before = {name: _digest(r) for name, r in copies.items()}
    (base / "before.json").write_text(json.dumps(before))

    listener = _Listener()
    old = os.environ.get("SWARMCAST_TEST_SECRET")
    os.environ["SWARMCAST_TEST_SECRET"] = SECRET
    try:
        for name, workers in (("serial", 1), ("parallel", 2), ("baseline", 1)):
            run = parallel.autograde(course_dir=copies[name], assignment=S.ASSIGNMENT, workers=workers)
            parallel.save_run(run=run, path=base / f"{name}.json")
    finally:
        if old is None:
            os.environ.pop("SWARMCAST_TEST_SECRET", None)
        else:
            os.environ["SWARMCAST_TEST_SECRET"] = old
        listener.close()
    (base / "listener.json").write_text(json.dumps({"accepted": listener.accepted, "port": listener.port}))


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    import pandas as pd

    from swarmcast.grading import parallel

    base = S.build_once(request, tmp_path_factory, "sandbox-attacks", _build)
    plan = pd.read_csv(base / "plan.csv", keep_default_na=False)
    runs = {n: parallel.load_run(path=base / f"{n}.json") for n in ("serial", "parallel", "baseline")}
    return base, plan, runs


def _attackers(plan) -> dict[str, str]:
    return {r.student: r.kind for r in plan.itertuples() if r.kind.startswith("attack_")}


def _honest(plan) -> list[str]:
    return [r.student for r in plan.itertuples() if not r.kind.startswith("attack_")]


MODES = ("serial", "parallel")


def test_the_class_has_one_attacker_per_attack_and_the_honest_kinds(graded):
    from swarmcast.grading.practice import ATTACKS, KINDS

    _, plan, runs = graded
    assert sorted(_attackers(plan).values()) == sorted(ATTACKS)
    assert set(plan["kind"]) - set(ATTACKS) == set(KINDS)
    assert all(r.sandboxed for r in runs.values())


@pytest.mark.parametrize("mode", MODES)
def test_honest_students_score_exactly_as_without_attackers(graded, mode):
    base, plan, runs = graded
    honest = _honest(plan)
    got = {s: g for s, g in _grades(base / mode / "gradebook.db").items() if s in honest}
    want = {s: g for s, g in _grades(base / "baseline" / "gradebook.db").items() if s in honest}
    assert got == want
    status = {r.student: (r.status, r.reason) for r in runs[mode].results if r.student in honest}
    assert status == {r.student: (r.status, r.reason) for r in runs["baseline"].results}
    # and the baseline itself is what the practice plan promises: the solution has full marks
    sol = [r.student for r in plan.itertuples() if r.kind == "solution"]
    assert sol and all(want[s]["ps1-q1-tests"][0] == S.POINTS["ps1-q1-tests"] for s in sol)


@pytest.mark.parametrize("mode", MODES)
def test_every_attacker_gets_no_marks(graded, mode):
    base, plan, runs = graded
    grades = _grades(base / mode / "gradebook.db")
    status = {r.student: r for r in runs[mode].results}
    for student, kind in _attackers(plan).items():
        assert student in status, f"{kind} was not even attempted"
        rows = grades.get(student, {})
        if status[student].status == "failed":  # reported, never graded: no marks either
            assert all(auto in (None, 0) for auto, _, _ in rows.values()), (kind, rows)
            continue
        assert rows, (kind, "graded but no gradebook rows")
        for cell, (auto, manual, extra) in rows.items():
            assert auto == 0 and not manual and not extra, (kind, cell, auto, manual, extra)


@pytest.mark.parametrize("mode", MODES)
def test_no_grade_anywhere_exceeds_its_points_or_has_extra_credit(graded, mode):
    base, _, _ = graded
    con = sqlite3.connect(base / mode / "gradebook.db")
    bad = con.execute("SELECT g.auto_score, gc.max_score, g.extra_credit FROM grade g JOIN grade_cells gc ON g.cell_id = gc.id "
                      "WHERE g.auto_score > gc.max_score OR COALESCE(g.extra_credit, 0) != 0").fetchall()
    con.close()
    assert bad == []


@pytest.mark.parametrize("mode", MODES)
def test_instructor_files_are_byte_identical(graded, mode):
    base, _, _ = graded
    before = json.loads((base / "before.json").read_text())[mode]
    after = _digest(base / mode)
    assert after == before


@pytest.mark.parametrize("mode", MODES)
def test_attacks_saw_nothing_of_the_course(graded, mode):
    """The attackers' own printed findings: no course file found, no write succeeded, no connection made."""
    base, plan, _ = graded
    seen = {}
    for student, kind in _attackers(plan).items():
        nb_path = base / mode / "autograded" / student / S.ASSIGNMENT / f"{S.NOTEBOOK}.ipynb"
        if not nb_path.is_file():
            continue
        nb = nbformat.read(nb_path, as_version=4)
        text = "\n".join(o.get("text", "") + " ".join(o.get("traceback", []))
                         for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        seen[kind] = text
        assert SECRET not in text, kind
        for verb in ("wrote", "appended to", "ran the solution cells", "gone"):
            assert f": {verb}" not in text, (kind, verb)
    for kind in ("attack_gradebook", "attack_overwrite", "attack_delete", "attack_config", "attack_solutions", "attack_network"):
        assert f"ATTACK {kind.removeprefix('attack_')}: done" in seen.get(kind, ""), (kind, seen.get(kind, "")[-400:])
    # Loopback inside the sandbox is the sandbox's own network: the grader's listening port is not even listed.
    port = json.loads((base / "listener.json").read_text())["port"]
    assert f"127.0.0.1 {port} " not in seen["attack_network"] + " "
    assert "no connection to 151.101.0.223 443 [Errno 101] Network is unreachable" in seen["attack_network"]
    assert "connected to 151" not in seen["attack_network"] and "connected to 1.1.1.1" not in seen["attack_network"]
    assert "MemoryError" in seen["attack_memory"]
    # The fork bomb hits the process limit in its cell, or (on a busy machine) the time limit first, or
    # leaves its kernel unresponsive (then the submission is reported as not graded): each stops that one
    # submission only, and the other tests show the others unharmed.
    if "attack_fork_bomb" in seen:
        assert any(w in seen["attack_fork_bomb"] for w in ("BlockingIOError", "Resource temporarily unavailable",
                                                            "CellTimeoutError")), seen["attack_fork_bomb"][-400:]


def test_the_listening_server_on_127_0_0_1_saw_no_connection(graded):
    base, _, _ = graded
    assert json.loads((base / "listener.json").read_text())["accepted"] == 0


def test_sleeping_attacker_is_stopped_and_the_run_goes_on(graded):
    _, plan, runs = graded
    sleeper = next(s for s, k in _attackers(plan).items() if k == "attack_sleep")
    for mode in MODES:
        res = {r.student: r for r in runs[mode].results}
        assert len(res) == len(plan)
        # It ignores the interrupt, so nbgrader gives up on it: not graded, with the reason; the others are.
        assert res[sleeper].status == "failed" and "time limit" in res[sleeper].reason, res[sleeper]
        assert [r.student for r in res.values() if r.status == "failed"] == sorted(
            [sleeper] + [s for s, k in _attackers(plan).items() if k == "attack_fork_bomb" and res[s].status == "failed"]
            + [r.student for r in plan.itertuples() if r.kind == "invalid_json"])


# ------------------------------------------------------------------------------------------------
# Plain nbgrader, the refusal and the explicit opt-out
# ------------------------------------------------------------------------------------------------


def _nbgrader(root: Path, *args: str, path: str | None = None, extra_env: dict | None = None):
    env = dict(os.environ, PATH=path or f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("SWARMCAST_UNSANDBOXED", None)
    env.update(extra_env or {})
    return subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_plain_nbgrader_autograde_is_sandboxed_by_the_course_config(graded, tmp_path):
    base, plan, _ = graded
    root = Path(shutil.copytree(base / "baseline", tmp_path / "course"))
    attackers = _attackers(plan)
    for student in ("attack_gradebook", "attack_solutions", "attack_config"):
        name = next(s for s, k in attackers.items() if k == student)
        shutil.copytree(base / "serial" / "submitted" / name, root / "submitted" / name)
    for r in plan.itertuples():  # nbgrader's own exit code counts the file that is not JSON as an error
        if r.kind == "invalid_json":
            shutil.rmtree(root / "submitted" / r.student)
    before = _digest(root)
    db_before = _grades(root / "gradebook.db")
    done = _nbgrader(root, "autograde", S.ASSIGNMENT)  # grades the three attackers (the others are done)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert _digest(root) == before
    after = _grades(root / "gradebook.db")
    for s, g in db_before.items():
        assert after[s] == g
    for name in (s for s, k in attackers.items() if k in ("attack_gradebook", "attack_solutions", "attack_config")):
        assert all(auto == 0 and not extra for auto, _, extra in after[name].values()), (name, after[name])


def test_without_bwrap_grading_refuses_and_says_what_to_install(graded, tmp_path):
    base, plan, _ = graded
    root = Path(shutil.copytree(base / "baseline", tmp_path / "course"))
    honest = _honest(plan)[0]
    before = _grades(root / "gradebook.db")
    # plain nbgrader: PATH without bwrap (only the venv's bin, which has nbgrader and alembic)
    done = _nbgrader(root, "autograde", S.ASSIGNMENT, "--force", f"--student={honest}", path=str(Path(sys.executable).parent))
    out = done.stdout + done.stderr
    assert done.returncode != 0
    assert "cannot grade in a sandbox" in out and "apt-get install bubblewrap" in out and "SWARMCAST_UNSANDBOXED=1" in out
    assert _grades(root / "gradebook.db") == before
    # swarmcast grade: refuses before grading anything
    code = (
        "import sys; from swarmcast.grading import parallel\n"
        f"parallel.autograde(course_dir={str(root)!r}, assignment={S.ASSIGNMENT!r}, students=[{honest!r}])\n"
    )
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    env.pop("SWARMCAST_UNSANDBOXED", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "CourseError: cannot grade in a sandbox" in done.stderr
    assert "swarmcast grade ASSIGNMENT --unsandboxed" in done.stderr


def test_unsandboxed_flag_grades_and_the_report_says_so(graded, tmp_path, monkeypatch):
    from swarmcast.grading import parallel, report, sandbox

    base, plan, runs = graded
    root = Path(shutil.copytree(base / "baseline", tmp_path / "course"))
    honest = [r.student for r in plan.itertuples() if r.kind == "solution"][:1]
    # This machine can sandbox; pretend it cannot, as one without bubblewrap would.
    monkeypatch.setattr(sandbox, "sandbox_problem", lambda: sandbox._refusal("bwrap not found on PATH"))
    with pytest.raises(Exception, match="cannot grade in a sandbox"):
        parallel.autograde(course_dir=root, assignment=S.ASSIGNMENT, students=honest)
    run = parallel.autograde(course_dir=root, assignment=S.ASSIGNMENT, students=honest, unsandboxed=True)
    assert not run.sandboxed and not run.failed
    assert "SWARMCAST_UNSANDBOXED" not in os.environ  # restored after the run
    assert _grades(root / "gradebook.db")[honest[0]] == _grades(base / "baseline" / "gradebook.db")[honest[0]]
    files = report.write_report(course_dir=root, assignment=S.ASSIGNMENT, run=run)
    assert "Graded without the sandbox" in files.html.read_text(encoding="utf-8")
    saved = parallel.save_run(run=run, path=tmp_path / "run.json")
    assert parallel.load_run(path=saved).sandboxed is False
    with pytest.raises(ValueError, match="unsandboxed must be True or False"):
        parallel.autograde(course_dir=root, assignment=S.ASSIGNMENT, unsandboxed="yes")


# ------------------------------------------------------------------------------------------------
# Fast: `swarmcast practice --attackers` on disk, and the sandbox's own pieces (no nbgrader run)
# ------------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
A01 = "a01_counting_propaganda"


def _cli(*args) -> tuple[int, str, str]:
    import contextlib
    import io

    from swarmcast.grading import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def a01_course(tmp_path) -> Path:
    dest = tmp_path / "course"
    dest.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / A01, dest / folder / A01)
    return dest


def test_practice_attackers_come_first_hold_their_attack_and_clean_away(a01_course):
    from swarmcast.grading import practice

    code, out, err = _cli("practice", A01, "--attackers", "--students", 6, "--course-dir", a01_course)
    assert code == 0, err
    students = sorted(p.name for p in (a01_course / "submitted").iterdir())
    assert len(students) == 6 + len(practice.ATTACKS)
    released = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(
        a01_course / "exercises" / A01 / f"{A01}.ipynb", as_version=4).cells if "grade_id" in c.metadata.get("nbgrader", {})}
    for student, kind in zip(students, practice.ATTACKS):
        assert re.search(rf"^{student}\s+{kind}\s+attacker", out, flags=re.M), (student, kind)
        assert (a01_course / "submitted" / student / practice.ATTACKER_FILE).is_file()
        nb = nbformat.read(a01_course / "submitted" / student / A01 / f"{A01}.ipynb", as_version=4)
        answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
        assert practice.ATTACKS[kind] in answers[0].source
        assert all(c.source == released[c.metadata["nbgrader"]["grade_id"]] for c in answers[1:])  # the rest blank
    honest = students[len(practice.ATTACKS):]
    assert not any((a01_course / "submitted" / s / practice.ATTACKER_FILE).exists() for s in honest)
    code, out, err = _cli("practice", A01, "--clean", "--course-dir", a01_course)
    assert code == 0, err
    assert not (a01_course / "submitted").exists()
    code, out, err = _cli("practice", A01, "--clean", "--attackers", "--course-dir", a01_course)
    assert code != 0 and "--attackers" in err


def test_readonly_paths_never_include_a_folder_holding_the_submission(tmp_path):
    from swarmcast.grading import sandbox

    paths = sandbox.readonly_paths(ROOT / "submitted" / "x" / "a01")
    assert Path(sys.prefix) in paths or Path(sys.prefix).resolve() in paths
    assert all(p != ROOT and p not in ROOT.parents and p != Path("/") for p in paths)
    assert not any(str(p).startswith(str(ROOT / "solutions")) for p in paths)
    # this module put tests/fixtures/grading on sys.path: a folder on sys.path is not the environment
    assert str(Path(__file__).parent / "fixtures" / "grading") in sys.path
    assert not any(str(p).startswith(str(ROOT / "tests")) for p in paths)
    # a venv installed in the course (the default here) is bound; the course folder itself is not
    assert Path(sys.prefix).resolve() in [p.resolve() for p in paths] and ROOT not in paths


def test_ensure_sandboxed_replaces_plain_execute_and_keeps_the_other_steps():
    from traitlets.config import Config

    from swarmcast.grading import sandbox

    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute, LimitOutput

    cfg = Config()  # no setting: nbgrader's default list, with Execute replaced
    sandbox.ensure_sandboxed(cfg)
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    assert cfg.Autograde.autograde_preprocessors == [sandbox.SANDBOXED_EXECUTE] + default[1:] and default[0] is Execute
    # the course config's list is already sandboxed: left as it is
    from swarmcast.grading.course import open_course

    _, course_cfg = open_course(course_dir=ROOT)
    listed = list(course_cfg.Autograde.autograde_preprocessors)
    sandbox.ensure_sandboxed(course_cfg)
    assert listed[0] == sandbox.SANDBOXED_EXECUTE and list(course_cfg.Autograde.autograde_preprocessors) == listed

    cfg = Config()
    cfg.Autograde.autograde_preprocessors = [Execute, LimitOutput]
    sandbox.ensure_sandboxed(cfg)
    assert cfg.Autograde.autograde_preprocessors == ["swarmcast.grading.sandbox.SandboxedExecute", LimitOutput]
