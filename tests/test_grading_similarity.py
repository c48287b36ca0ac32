"""`swarmcast flag`'s similarity check (copydetect), roster errors and the private-path guard, without nbgrader runs.

A small course is written by hand: a source notebook with two code answers, its student version (the stubs are
boilerplate students were given) and four submissions: a copy of the published solution with every name changed,
two answers written independently of it and of each other, and an untouched notebook.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from swarmcast.grading import cli, practice
from swarmcast.grading import similarity

ROOT = Path(__file__).resolve().parent.parent
A = "hw"

SIGNATURES = {
    "hw-q1": 'def weekly_totals(*, rows):\n    """Sum the counts of each week; rows are (week, count) pairs. Return {week: total}, weeks sorted."""\n',
    "hw-q2": 'def longest_quiet_spell(*, days):\n    """The longest run of consecutive days with a count of 0, in days."""\n',
}
SOLUTION = {
    "hw-q1": """    totals = {}
    for week, count in rows:
        if count < 0:
            raise ValueError(f"negative count in week {week}")
        totals[week] = totals.get(week, 0) + count
    return dict(sorted(totals.items()))
""",
    "hw-q2": """    best = current = 0
    for value in days:
        if value == 0:
            current += 1
            best = max(best, current)
        else:
            current = 0
    return best
""",
}
# The solution with every name changed and the comments a student might add: the same code underneath.
RENAMED = {
    "hw-q1": """    acc = {}  # my dictionary
    for wk, n in rows:
        if n < 0:
            raise ValueError(f"negative count in week {wk}")
        acc[wk] = acc.get(wk, 0) + n
    return dict(sorted(acc.items()))
""",
    "hw-q2": """    longest = run = 0
    for d in days:
        if d == 0:
            run += 1
            longest = max(longest, run)
        else:
            run = 0
    return longest
""",
}
HONEST_A = {
    "hw-q1": """    import pandas as pd
    frame = pd.DataFrame(list(rows), columns=["week", "n"])
    if (frame["n"] < 0).any():
        raise ValueError("counts must not be negative")
    return frame.groupby("week")["n"].sum().sort_index().to_dict()
""",
    "hw-q2": """    text = "".join("0" if d == 0 else "x" for d in days)
    return max((len(part) for part in text.split("x")), default=0)
""",
}
HONEST_B = {
    "hw-q1": """    from collections import Counter
    seen = Counter()
    for pair in rows:
        assert pair[1] >= 0 or (_ for _ in ()).throw(ValueError("a count below zero"))
        seen.update({pair[0]: pair[1]})
    return {k: seen[k] for k in sorted(seen)}
""",
    "hw-q2": """    import itertools
    spells = [sum(1 for _ in grp) for zero, grp in itertools.groupby(days, key=lambda v: v == 0) if zero]
    return max(spells) if spells else 0
""",
}


def _meta(gid, *, solution=False, grade=False, locked=False, points=None):
    m = {"grade": grade, "grade_id": gid, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


WRITTEN = {
    "solution": "Overlapping windows share days, so adding the two counts counts the suspensions of those shared "
                "days twice; quote one consistent cumulative series with its window instead.",
    "copier": "Overlapping windows share days, so adding both counts counts the suspensions of the shared days "
              "twice. Quote one consistent cumulative series with its window instead!",
    "honest-a": "The blog's second window runs into the half-year the report already covers, so a sum would include "
                "some accounts twice. Better to cite the report's running total and mention the blog separately.",
    "honest-b": "Because the periods are not disjoint: February to August and July to December meet in summer. I "
                "would report each figure with its own dates and never present their sum as a total.",
}


def _notebook(bodies: dict[str, str], *, delimiters: bool = False, written: str | None = None) -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Homework", metadata=_meta("hw-intro", locked=True))]
    cells.append(new_markdown_cell(written or "YOUR ANSWER HERE", metadata=_meta("hw-q3-written", solution=True, grade=True, points=2)))
    for gid, sig in SIGNATURES.items():
        body = bodies.get(gid)
        if body is None:
            body = "    # YOUR CODE HERE\n    raise NotImplementedError()\n"
        elif delimiters:
            body = "    ### BEGIN SOLUTION\n" + body + "    ### END SOLUTION\n"
        cells.append(new_code_cell(sig + body, metadata=_meta(gid, solution=True)))
        cells.append(new_code_cell(f"assert callable({sig.split('(')[0][4:]})", metadata=_meta(gid + "-tests", grade=True, locked=True, points=1)))
    return new_notebook(cells=cells)


@pytest.fixture()
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    for folder in ("solutions", "exercises"):
        (root / folder / A).mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    nbformat.write(_notebook(SOLUTION, delimiters=True, written=WRITTEN["solution"]), root / "solutions" / A / f"{A}.ipynb")
    nbformat.write(_notebook({}), root / "exercises" / A / f"{A}.ipynb")
    released = _notebook({})
    for student, bodies in (("copier", RENAMED), ("honest-a", HONEST_A), ("honest-b", HONEST_B), ("blank", {})):
        answers = {gid: SIGNATURES[gid] + body for gid, body in bodies.items()}
        if WRITTEN.get(student):
            answers["hw-q3-written"] = WRITTEN[student]
        kind = "partial" if answers else "blank"
        practice.write_submission(root / "submitted" / student / A, f"{A}.ipynb",
                                  practice.make_submission(released, kind, answers=answers))
    return root


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_renamed_copy_of_the_solution_is_found_and_honest_answers_are_not(course, capsys):
    code, out, err = run(capsys, "flag", A, "--course-dir", course)
    assert code == cli.EXIT_FLAGGED, out + err
    pairs = [ln.strip() for ln in out.splitlines() if " ~ " in ln]
    assert pairs and pairs[0].startswith("copier ~ (published solution)"), out
    assert any("(written answers)" in p for p in pairs) and any("(code answers)" in p for p in pairs), pairs
    assert all("honest" not in p and "blank" not in p for p in pairs), pairs
    # the copy was graded nowhere yet: formgrader's flag waits for grading, and the output says so
    assert "Not in the gradebook yet" in out and "copier" in out.split("Not in the gradebook yet")[1]
    page = (course / "reports" / A / "similarity.html").read_text(encoding="utf-8")
    assert "copier and (published solution)" in page and page.count("<mark>") >= 2
    assert "http" not in page  # opens offline: no outside resource


def test_the_similarity_scores_separate_copies_from_independent_answers(course):
    docs = {s: similarity.answer_documents(nbformat.read(course / "submitted" / s / A / f"{A}.ipynb", as_version=4))
            for s in ("copier", "honest-a", "honest-b", "blank")}
    sol = similarity.answer_documents(nbformat.read(course / "solutions" / A / f"{A}.ipynb", as_version=4), strip_delimiters=True)
    boiler = similarity.answer_documents(nbformat.read(course / "exercises" / A / f"{A}.ipynb", as_version=4))
    df, _ = similarity.compare(documents=docs, solution=sol, boilerplate=boiler, notebook=A)
    score = {frozenset((r.a, r.b)): r.similarity for r in df.itertuples()}
    assert score[frozenset(("copier", similarity.SOLUTION))] > 0.9
    for pair in (("honest-a", "honest-b"), ("honest-a", similarity.SOLUTION), ("honest-b", similarity.SOLUTION),
                 ("honest-a", "copier"), ("honest-b", "copier")):
        assert score.get(frozenset(pair), 0.0) < 0.3, pair
    assert not any("blank" in p for p in score)  # the given code is boilerplate: a blank notebook matches nothing


def test_a_reworded_copy_of_a_written_answer_is_found_and_independent_prose_is_not(course):
    def doc(folder, student=None):
        path = course / folder / (student or "") / A / f"{A}.ipynb" if student else course / folder / A / f"{A}.ipynb"
        return similarity.answer_documents(nbformat.read(path, as_version=4), kind="written")

    docs = {s: doc("submitted", s) for s in ("copier", "honest-a", "honest-b", "blank")}
    df, _ = similarity.compare(documents=docs, solution=doc("solutions"), boilerplate=doc("exercises"), notebook=A, kind="written")
    score = {frozenset((r.a, r.b)): r.similarity for r in df.itertuples()}
    assert score[frozenset(("copier", similarity.SOLUTION))] > 0.6
    for pair in (("honest-a", "honest-b"), ("honest-a", similarity.SOLUTION), ("honest-b", similarity.SOLUTION)):
        assert score.get(frozenset(pair), 0.0) < 0.3, pair
    with pytest.raises(ValueError, match="kind"):
        similarity.answer_documents(nbformat.v4.new_notebook(), kind="prose")


def test_a_lower_threshold_and_no_similarity_are_options(course, capsys):
    code, out, _ = run(capsys, "flag", A, "--no-similarity", "--course-dir", course)
    assert code == cli.EXIT_OK and " ~ " not in out and not (course / "reports" / A / "similarity.html").exists()
    for bad in ("0", "1.5", "many"):
        with pytest.raises(SystemExit) as exc:
            cli.main(["flag", A, "--threshold", bad, "--course-dir", str(course)])
        assert exc.value.code == cli.EXIT_USAGE
    assert "--threshold" in capsys.readouterr().err


def test_student_data_is_never_written_where_git_would_commit_it(course, capsys):
    subprocess.run(["git", "init", "-q", str(course)], check=True)
    shutil.copy(ROOT / ".gitignore", course / ".gitignore")
    code, _, err = run(capsys, "flag", A, "--csv", course / "flags-by-student.csv", "--course-dir", course)
    assert code == cli.EXIT_ERROR and "git-ignored" in err and "reports/" in err
    assert not (course / "flags-by-student.csv").exists()
    code, _, _ = run(capsys, "flag", A, "--csv", course / "reports" / "flags.csv", "--course-dir", course)
    assert code == cli.EXIT_FLAGGED and (course / "reports" / "flags.csv").is_file()
    (course / "flags.csv").write_text("x")  # the old runbook's name is ignored too
    status = subprocess.run(["git", "-C", str(course), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert "flags" not in status and "reports" not in status and "submitted" not in status


def test_a_roster_with_bad_rows_is_refused_whole_with_line_numbers(course, capsys):
    roster = course / "reports" / "students.csv"
    roster.parent.mkdir()
    roster.write_text("id,first_name,last_name,email\nada,Ada,L,ada@example.org\n,No,Id,\nada,Ada,Again,\n"
                      "bad/id,B,C,\ncy,Cy,T,not-an-email\n", encoding="utf-8")
    code, _, err = run(capsys, "roster", "import", roster, "--course-dir", course)
    assert code == cli.EXIT_ERROR and "nothing was imported" in err
    for words in ("line 3: no student id", "line 4: student id 'ada' again (first on line 2)", "line 5: student id 'bad/id'",
                  "line 6: email 'not-an-email'"):
        assert words in err, words
    assert not (course / "gradebook.db").exists()
    roster.write_text("student,name\nada,Ada\n", encoding="utf-8")
    code, _, err = run(capsys, "roster", "import", roster, "--course-dir", course)
    assert code == cli.EXIT_ERROR and "no 'id' column" in err and "first_name" in err
    code, _, err = run(capsys, "roster", "import", course / "missing.csv", "--course-dir", course)
    assert code == cli.EXIT_ERROR and "no roster file" in err
    with pytest.raises(SystemExit) as exc:
        cli.main(["roster", "export", str(roster), "--course-dir", str(course)])
    assert exc.value.code == cli.EXIT_USAGE


@pytest.mark.parametrize("command", ["export", "roster", "rubric"])
def test_the_new_commands_have_help_with_examples(capsys, command):
    with pytest.raises(SystemExit) as exc:
        cli.main([command, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert f"swarmcast {command} " in text and "--course-dir" in text and "exit codes" in text
