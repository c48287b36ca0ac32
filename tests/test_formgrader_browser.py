"""Manual grading in formgrader, in headless Chromium, as runbook step A5 describes it; and no page reaches outside.

A small course (the synthetic ps1: two autograded questions and one written answer) is released, two students
hand in, a roster names them, `swarmcast grade` grades them. Then formgrader runs in a real Jupyter server (its
own port, runtime and config folders, `--allow-root` as root, a token) and Chromium follows the runbook's path:
Manage Assignments -> the submissions count -> the student -> the notebook; a score and a comment are typed
into the written answer and the field is left (formgrader saves on leaving it); after a reload both are still
there, and they reach the gradebook, `swarmcast feedback`'s page and `swarmcast export`. Every request to
anything but the local server (or a local file) is aborted and recorded: none may happen, on formgrader's pages
or on a feedback page opened as a file. Screenshots for the runbook are written with SWARMCAST_SCREENSHOTS=DIR.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
import synthetic_course as S  # noqa: E402

from swarmcast.grading import cli  # noqa: E402

from browser_harness import CHROMIUM, chromium_browser, jupyter_server  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser tests: install Debian's chromium (make test does it as root)", pytrace=False)
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

SCORE, COMMENT = "1.5", "Names the overlap; say which days are counted twice."
SHOTS = os.environ.get("SWARMCAST_SCREENSHOTS")


def _quiet(*args) -> int:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main([str(a) for a in args])


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = S.write_course(tmp_path_factory.mktemp("formgrader") / "course", timeout_seconds=5)
    d = ["--course-dir", root]
    assert _quiet("release", S.ASSIGNMENT, *d) == cli.EXIT_OK
    # cy hard-codes question 1 (the "partial" kind): the visible test passes, a hidden one fails (feedback shows
    # the hidden-test message)
    S.write_submissions(root, {"ada": "correct", "cy": "partial"})
    nb = nbformat.read(root / "submitted" / "cy" / S.ASSIGNMENT / f"{S.NOTEBOOK}.ipynb", as_version=4)
    assert [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ps1-q1-answer"] == [S.HARD_CODED_Q1]
    (root / "reports").mkdir()
    (root / "reports" / "roster.csv").write_text("id,first_name,last_name\nada,Ada,Lovelace\ncy,Cy,Twombly\n", encoding="utf-8")
    assert _quiet("roster", "import", root / "reports" / "roster.csv", *d) == cli.EXIT_OK
    assert _quiet("grade", S.ASSIGNMENT, "--no-progress", *d) == cli.EXIT_OK
    return root


@pytest.fixture(scope="module")
def formgrader(course, tmp_path_factory):
    """`jupyter server` with nbgrader's formgrader, started from the course folder as the runbook says."""
    work = tmp_path_factory.mktemp("server")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(work / "runtime"), JUPYTER_CONFIG_DIR=str(work / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(work / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(work / "ws"))
    with jupyter_server("server", cwd=course, env=env, log_path=work / "server.log", seconds=90) as (base, token):
        yield {"base": base, "token": token, "log": work / "server.log"}


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


def _offline_context(browser, local: tuple[str, ...]):
    """A browser context that aborts and records every request not to ``local`` (the server, files, inline data)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith((*local, "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    return ctx, outside


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name))


@pytest.fixture(scope="module")
def graded_by_hand(course, formgrader, browser):
    """Follow runbook A5 in the browser; return what was seen (and the requests that tried to leave)."""
    ctx, outside = _offline_context(browser, (formgrader["base"],))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    seen = {}
    page.goto(f"{formgrader['base']}/formgrader?token={formgrader['token']}")
    page.wait_for_selector("a[href$='/formgrader/manage_submissions/ps1']")
    seen["banner"] = page.inner_text("body")
    _shot(page, "formgrader-1-manage-assignments.png")
    page.click("a[href$='/formgrader/manage_submissions/ps1']")  # the "# Submissions" count
    page.wait_for_selector("text=Lovelace, Ada")
    seen["submissions"] = page.inner_text("body")
    _shot(page, "formgrader-2-submissions.png")
    page.click("text=Lovelace, Ada")
    page.wait_for_selector("a[href*='/formgrader/submissions/']")
    _shot(page, "formgrader-3-student.png")
    page.click("a[href*='/formgrader/submissions/']")
    page.wait_for_selector("#ps1-q3-written")
    page.wait_for_load_state("networkidle")  # formgrader binds its save handlers after loading the grades
    seen["mathjax"] = page.evaluate("typeof window.MathJax")
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT"):
        page.fill("#ps1-q3-written", SCORE)
        page.keyboard.press("Tab")  # leaving the field saves it
    with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.request.method == "PUT"):
        page.fill("#ps1-q3-written-comment", COMMENT)
        page.keyboard.press("Tab")
    page.locator("#ps1-q3-written").scroll_into_view_if_needed()
    _shot(page, "formgrader-4-grading.png")
    page.reload()
    page.wait_for_selector("#ps1-q3-written")
    page.wait_for_load_state("networkidle")
    seen["score_after_reload"] = page.input_value("#ps1-q3-written")
    seen["comment_after_reload"] = page.input_value("#ps1-q3-written-comment")
    seen["errors"] = errors
    ctx.close()
    return seen, outside


def test_a_score_and_comment_typed_in_formgrader_survive_a_reload(graded_by_hand):
    seen, _ = graded_by_hand
    assert seen["score_after_reload"] == SCORE and seen["comment_after_reload"] == COMMENT
    assert "Lovelace, Ada" in seen["submissions"]  # the roster's names, not "None, None"
    assert "exchange directory" in seen["banner"]  # the banner the runbook explains


def test_no_formgrader_page_requests_anything_from_outside_and_mathjax_loads(graded_by_hand):
    seen, outside = graded_by_hand
    assert outside == []
    assert seen["mathjax"] == "object" and not [e for e in seen["errors"] if "MathJax" in e], seen["errors"]


def test_the_manual_grade_reaches_the_gradebook_feedback_and_export(course, graded_by_hand, browser, capsys):
    con = sqlite3.connect(course / "gradebook.db")
    grade = con.execute("SELECT g.manual_score FROM grade g JOIN base_cell bc ON g.cell_id = bc.id JOIN submitted_notebook sn "
                        "ON g.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
                        "WHERE bc.name = 'ps1-q3-written' AND sa.student_id = 'ada'").fetchone()
    comment = con.execute("SELECT c.manual_comment FROM comment c JOIN base_cell bc ON c.cell_id = bc.id JOIN submitted_notebook sn "
                          "ON c.notebook_id = sn.id JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
                          "WHERE bc.name = 'ps1-q3-written' AND sa.student_id = 'ada'").fetchone()
    con.close()
    assert grade == (float(SCORE),) and comment == (COMMENT,)

    d = ["--course-dir", str(course)]
    assert cli.main(["feedback", S.ASSIGNMENT, *d]) == cli.EXIT_OK
    page_text = (course / "feedback" / "ada" / S.ASSIGNMENT / f"{S.NOTEBOOK}.html").read_text(encoding="utf-8")
    assert COMMENT in page_text and "4.5" in page_text  # 3 autograded + 1.5 by hand

    # cy's written answer is still ungraded: the export refuses, then writes with --allow-incomplete
    assert cli.main(["export", *d]) == cli.EXIT_INCOMPLETE
    assert "cy" in capsys.readouterr().err
    assert cli.main(["export", "--allow-incomplete", *d]) == cli.EXIT_OK
    rows = {r["student_id"]: r for r in csv.DictReader((course / "reports" / "grades.csv").open(encoding="utf-8"))}
    assert rows["ada"]["status"] == "graded" and float(rows["ada"]["score"]) == 4.5 and rows["ada"]["last_name"] == "Lovelace"
    assert rows["cy"]["score"] == "" and rows["cy"]["status"] == "needs manual grading: ps1-q3-written"


def test_a_feedback_page_opened_as_a_file_requests_nothing_outside_and_wraps_the_hidden_test_message(course, graded_by_hand, browser):
    if not (course / "feedback" / "cy").is_dir():
        assert cli.main(["feedback", S.ASSIGNMENT, "--course-dir", str(course)]) == cli.EXIT_OK
    path = course / "feedback" / "cy" / S.ASSIGNMENT / f"{S.NOTEBOOK}.html"
    ctx, outside = _offline_context(browser, ("file://",))
    page = ctx.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert outside == []
    assert "A hidden test of this question failed" in page.inner_text("body")
    # every error output fits the page width at 1280 px: nothing clipped on one long line
    clipped = page.evaluate("""() => [...document.querySelectorAll('.output_error pre, .output_subarea pre')]
        .filter(p => p.innerText.includes('hidden test') && p.scrollWidth > p.clientWidth + 1).length""")
    assert clipped == 0
    page.locator("text=A hidden test of this question failed").first.scroll_into_view_if_needed()
    _shot(page, "feedback-hidden-test.png")
    ctx.close()
