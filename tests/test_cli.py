"""The `swarmcast` command: help an instructor can follow, clear errors, and exit codes scripts can use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

from swarmcast.grading import cli  # noqa: E402

SWARMCAST = Path(sys.executable).parent / "swarmcast"


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# ------------------------------------------------------------------------------------------------
# Help
# ------------------------------------------------------------------------------------------------


def test_main_help_shows_the_round_of_commands_and_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for words in ("swarmcast release", "swarmcast grade", "swarmcast flag", "swarmcast report", "swarmcast feedback",
                  "grading_runbook.md", "exit codes", "nbgrader_config.py"):
        assert words in text, words


@pytest.mark.parametrize("command", ["release", "grade", "report", "feedback", "flag"])
def test_each_command_has_help_with_an_example(capsys, command):
    with pytest.raises(SystemExit) as exc:
        cli.main([command, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert f"swarmcast {command} " in text  # an example line
    assert "--course-dir" in text
    assert "exit codes" in text


def test_the_installed_command_runs(tmp_path):
    """The console script from pyproject.toml exists and answers (lazy imports keep it quick)."""
    out = subprocess.run([str(SWARMCAST), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "usage: swarmcast" in out.stdout
    out = subprocess.run([str(SWARMCAST), "grade", "ps1", "--course-dir", str(tmp_path / "nowhere")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == cli.EXIT_ERROR
    assert "does not exist" in out.stderr and "--course-dir" in out.stderr


# ------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------


def test_a_folder_without_nbgrader_config_is_refused_with_what_to_do(capsys, tmp_path):
    code, out, err = run(capsys, "grade", "ps1", "--course-dir", str(tmp_path))
    assert code == cli.EXIT_ERROR
    assert "no nbgrader_config.py" in err and "course root" in err and "--course-dir" in err
    assert "Traceback" not in err


def test_the_course_dir_defaults_to_the_current_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "flag", "ps1")
    assert code == cli.EXIT_ERROR and str(tmp_path) in err


@pytest.fixture()
def unreleased(tmp_path):
    root = S.write_course(tmp_path / "course")
    (root / "solutions" / "a02_takedown").mkdir()
    return root


@pytest.mark.parametrize("command", ["release", "grade", "report", "feedback", "flag"])
def test_an_unknown_assignment_lists_the_known_ones(capsys, unreleased, command):
    code, _, err = run(capsys, command, "ps9", "--course-dir", str(unreleased))
    assert code == cli.EXIT_ERROR
    assert "unknown assignment 'ps9'" in err
    assert "a02_takedown, ps1" in err


@pytest.mark.parametrize("command", ["grade", "report", "feedback"])
def test_a_missing_gradebook_says_to_release_first(capsys, unreleased, command):
    code, _, err = run(capsys, command, "ps1", "--course-dir", str(unreleased))
    assert code == cli.EXIT_ERROR
    assert "no gradebook" in err and "swarmcast release ps1" in err


@pytest.mark.parametrize("bad", ["0", "-2", "many"])
def test_a_wrong_number_of_workers_is_a_usage_error(capsys, unreleased, bad):
    with pytest.raises(SystemExit) as exc:
        cli.main(["grade", "ps1", "--workers", bad, "--course-dir", str(unreleased)])
    assert exc.value.code == cli.EXIT_USAGE
    assert "--workers" in capsys.readouterr().err



@pytest.mark.parametrize(("command", "option", "bad", "allowed"), [
    ("grade", "--workers", "1.5", ">= 1 or 'auto'"),
    ("grade", "--timeout", "0", ">= 1"),
    ("practice", "--students", "5", "from 6 to 999"),
    ("practice", "--students", "1000", "from 6 to 999"),
    ("practice", "--seed", "-1", ">= 0"),
])
def test_every_whole_number_option_names_itself_and_its_range(capsys, command, option, bad, allowed):
    with pytest.raises(SystemExit) as exc:
        cli.main([command, "ps1", option, bad])
    assert exc.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{option} must be a whole number {allowed}" in err and repr(bad) in err, err


def test_release_needs_an_assignment_or_all(capsys, unreleased):
    with pytest.raises(SystemExit) as exc:
        cli.main(["release", "--course-dir", str(unreleased)])
    assert exc.value.code == cli.EXIT_USAGE


def test_exit_codes_are_distinct():
    codes = [cli.EXIT_OK, cli.EXIT_ERROR, cli.EXIT_USAGE, cli.EXIT_PARTIAL, cli.EXIT_FLAGGED, cli.EXIT_INCOMPLETE]
    assert len(set(codes)) == len(codes) and cli.EXIT_OK == 0


# ------------------------------------------------------------------------------------------------
# A whole round through the command line (runbook steps A1, A3, A4, A6, A8)
# ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_round_release_grade_flag_report_feedback(capsys, tmp_path):
    root = S.write_course(tmp_path / "course", timeout_seconds=5)
    (root / "solutions" / "ps2").mkdir()
    import nbformat

    nbformat.write(S.source_notebook(n_questions=1), root / "solutions" / "ps2" / "warmup.ipynb")
    d = ["--course-dir", str(root)]

    code, out, _ = run(capsys, "release", "--all", *d)  # runbook step A1
    assert code == cli.EXIT_OK, out
    assert "released ps1" in out and "released ps2" in out
    assert (root / "exercises" / "ps1" / "problems.ipynb").is_file()
    assert "BEGIN SOLUTION" not in (root / "exercises" / "ps1" / "problems.ipynb").read_text()

    S.write_submissions(root, {"ada": "correct", "bo": "partial", "cy": "invalid_json", "di": "cheat_builtins"})
    code, out, err = run(capsys, "grade", "ps1", "--workers", "2", "--no-progress", *d)  # step A3
    assert code == cli.EXIT_PARTIAL, out + err
    assert "Graded ps1: 4 submissions, 2 worker(s)" in out
    lines = {ln.split()[0]: ln for ln in out.splitlines() if ln[:3] in ("ada", "bo ", "cy ", "di ")}
    assert "graded" in lines["ada"] and "3 / 5" in lines["ada"]
    assert "1 / 5" in lines["bo"]
    assert "failed" in lines["cy"] and "not valid JSON" in lines["cy"]
    assert "Summary: 3 graded, 1 could not be graded" in out
    assert (root / "reports" / "ps1" / "report.html").is_file()

    code, out, _ = run(capsys, "flag", "ps1", "--csv", str(tmp_path / "flags.csv"), *d)  # step A4
    assert code == cli.EXIT_FLAGGED
    assert "di" in out and "builtins.abs" in out
    assert (tmp_path / "flags.csv").read_text().count("\n") >= 2

    code, out, _ = run(capsys, "report", "ps1", *d)  # step A6 (after manual grading)
    assert code == cli.EXIT_OK and "report.html" in out

    code, out, _ = run(capsys, "feedback", "ps1", *d)  # step A8
    assert code == cli.EXIT_OK, out
    assert "3 students written" in out and "cy: could not be graded" in out  # cy: invalid JSON, named
    page = (root / "feedback" / "bo" / "ps1" / "problems.html").read_text()
    assert all(m not in page for m in S.HIDDEN_MARKERS)

    # All submissions graded: exit code 0. No --no-progress: stderr is not a terminal here, so no bar.
    code, out, err = run(capsys, "grade", "ps1", "--student", "ada", *d)
    assert code == cli.EXIT_OK
    assert "1/1" not in err and "grading ps1" not in err
    import json

    record = json.loads((root / "reports" / "ps1" / "grading_run.json").read_text())
    assert {r["student"] for r in record["results"]} == {"ada", "bo", "cy", "di"}  # the partial run kept the others


@pytest.mark.slow
def test_the_progress_bar_goes_to_stderr_when_forced(tmp_path):
    root = S.write_course(tmp_path / "course", n_questions=1)
    env = {**os.environ, "PATH": f"{SWARMCAST.parent}{os.pathsep}{os.environ['PATH']}"}
    assert cli.main(["release", "ps1", "--course-dir", str(root)]) == cli.EXIT_OK
    S.write_submissions(root, {"ada": "correct"})
    out = subprocess.run([str(SWARMCAST), "grade", "ps1", "--progress", "--no-report", "--course-dir", str(root)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == cli.EXIT_OK, out.stderr
    assert "grading ps1" in out.stderr and "1/1" in out.stderr
    assert "grading ps1" not in out.stdout
    assert "Kernel is running" not in out.stderr + out.stdout  # kernels' chatter went to the log
    assert "WARNING" not in out.stderr
    assert "===== ada: graded" in (root / ".swarmcast" / "grade-ps1.log").read_text()
