"""The rubric where grading happens: the guide, the source notebook and the student version agree with one source.

Each written answer's criteria live in instructor_guide/rubrics/<assignment>.toml; `swarmcast rubric` writes them
into the guide's tables and into a locked cell above the answer; `swarmcast release` carries that cell to
exercises/. These tests read the files (no nbgrader run), so they are quick.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from swarmcast.grading import cli, practice
from swarmcast.grading import rubric
from swarmcast.grading.course import CourseError

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))
GUIDE = ROOT / "instructor_guide" / "rubrics"


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def _written(path: Path) -> dict[str, float]:
    return {_meta(c)["grade_id"]: float(_meta(c)["points"]) for c in _cells(path)
            if c.cell_type == "markdown" and _meta(c).get("solution") and _meta(c).get("grade")}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_written_answer_has_criteria_that_add_up_to_its_points(assignment):
    questions = {q.grade_id: q for q in rubric.load_rubric(GUIDE / f"{assignment}.toml")}
    for nb in sorted((ROOT / "solutions" / assignment).glob("*.ipynb")):
        for gid, points in _written(nb).items():
            assert gid in questions, f"{gid} has no criteria in {assignment}.toml"
            assert questions[gid].points == points, gid


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_guide_and_notebooks_agree_with_the_rubric_source(assignment, capsys):
    res = rubric.sync_rubric(course_dir=ROOT, assignment=assignment, check=True)
    assert res.changed == (), f"run `swarmcast rubric {assignment}` then `swarmcast release {assignment}`: {res.changed}"
    code = cli.main(["rubric", assignment, "--check", "--course-dir", str(ROOT)])
    assert code == cli.EXIT_OK and "agree" in capsys.readouterr().out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_locked_rubric_cell_stands_above_each_written_answer_in_source_and_release(assignment):
    questions = rubric.load_rubric(GUIDE / f"{assignment}.toml")
    guide = (GUIDE / f"{assignment}.md").read_text(encoding="utf-8")
    for folder in ("solutions", "exercises"):
        for nb in sorted((ROOT / folder / assignment).glob("*.ipynb")):
            cells = _cells(nb)
            ids = [_meta(c).get("grade_id") for c in cells]
            for q in questions:
                i = ids.index(q.grade_id)
                above = cells[i - 1]
                assert rubric.is_rubric_cell(above) == q.grade_id, (folder, q.grade_id)
                # read-only in Jupyter, and no nbgrader cell (nbgrader cannot restore a deleted answer after one)
                assert above.metadata["editable"] is False and above.metadata["deletable"] is False
                assert not _meta(above)
                assert above.cell_type == "markdown" and above.source == rubric.cell_text(q), (folder, q.grade_id)
                for c in q.criteria:
                    # the same criterion, with the same points, in the guide's table and in the cell
                    assert f"| {c.points:g} | {c.criterion} | {c.guide} |" in guide, c.criterion
                    assert f"- **{rubric.criterion_points(c.points)}**: {c.criterion}" in above.source
                    assert c.guide not in above.source  # reference values stay in the guide


def test_the_cell_shows_criteria_and_points_but_never_the_reference_values():
    q = rubric.Question("x-q1", (rubric.Criterion(1, "Name the overlap", "the Feb-Aug 2016 window, 360,000"),
                                 rubric.Criterion(0.5, "Say what to write instead", "the cumulative 636,248")))
    text = rubric.cell_text(q)
    assert "(1.5 points)" in text and "- **1 point**: Name the overlap" in text and "- **0.5 point**: Say what to write instead" in text
    assert "360,000" not in text and "636,248" not in text


def _course(tmp_path: Path, assignment: str = "a01_counting_propaganda") -> Path:
    root = tmp_path / "course"
    (root / "instructor_guide" / "rubrics").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
    for ext in ("md", "toml"):
        shutil.copy(GUIDE / f"{assignment}.{ext}", root / "instructor_guide" / "rubrics")
    return root


def test_an_edited_criterion_is_caught_by_check_and_written_everywhere_by_rubric(tmp_path, capsys):
    root = _course(tmp_path)
    a = "a01_counting_propaganda"
    toml = root / "instructor_guide" / "rubrics" / f"{a}.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("A second difference between the sources, explained",
                                                            "Another difference between the two sources"), encoding="utf-8")
    assert cli.main(["rubric", a, "--check", "--course-dir", str(root)]) == cli.EXIT_PARTIAL
    assert "differs from the source" in capsys.readouterr().out
    assert cli.main(["rubric", a, "--course-dir", str(root)]) == cli.EXIT_OK
    nb = root / "solutions" / a / f"{a}.ipynb"
    assert "- **1 point**: Another difference between the two sources" in nb.read_text(encoding="utf-8")
    assert "Another difference between the two sources" in (root / "instructor_guide" / "rubrics" / f"{a}.md").read_text()
    before = nb.read_bytes()
    assert cli.main(["rubric", a, "--course-dir", str(root)]) == cli.EXIT_OK  # idempotent
    assert nb.read_bytes() == before
    assert rubric.sync_rubric(course_dir=root, assignment=a, check=True).changed == ()


def test_criteria_that_do_not_add_up_to_the_answers_points_are_refused(tmp_path):
    root = _course(tmp_path)
    a = "a01_counting_propaganda"
    toml = root / "instructor_guide" / "rubrics" / f"{a}.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(re.sub(r"points = 1\n", "points = 2\n", text, count=1), encoding="utf-8")
    with pytest.raises(CourseError, match="points"):
        rubric.sync_rubric(course_dir=root, assignment=a)
    toml.write_text(text.replace("criterion = '''What to write instead of the sum'''", "criterion = ''' '''"), encoding="utf-8")
    with pytest.raises(CourseError, match="criterion"):
        rubric.load_rubric(toml)


def _minutes(text: str) -> float:
    m = re.search(r"about (\d+) ?(min|minutes|h|hours)\b", text)
    assert m, text
    return float(m.group(1)) * (60 if m.group(2).startswith("h") else 1)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_time_in_the_notebook_matches_the_guide(assignment):
    head = _cells(ROOT / "solutions" / assignment / f"{assignment}.ipynb")[0].source
    notebook = _minutes(re.search(r"\*\*Time:\*\*[^\n]*", head).group(0))
    short = assignment[:3]
    row = next(ln for ln in (ROOT / "instructor_guide" / "README.md").read_text(encoding="utf-8").splitlines()
               if ln.startswith(f"| {short} "))
    assert _minutes(row.split("|")[-2]) == notebook, (row, head[:200])


def test_flag_lists_a_submission_whose_rubric_cell_was_edited(tmp_path):
    from swarmcast.grading import flag

    a = "a01_counting_propaganda"
    root = _course(tmp_path)
    shutil.copytree(ROOT / "exercises" / a, root / "exercises" / a)
    nb = practice.make_submission(nbformat.read(root / "exercises" / a / f"{a}.ipynb", as_version=4), "blank")
    cell = next(c for c in nb.cells if rubric.is_rubric_cell(c) == "a01-q6-versions")
    cell.source = cell.source.replace("1 point", "0 points", 1)  # a student rewrites the criteria graders will read
    practice.write_submission(root / "submitted" / "mallory" / a, f"{a}.ipynb", nb)
    df = flag.flag_submissions(course_dir=root, assignment=a)
    assert list(df[["student", "cell"]].itertuples(index=False, name=None)) == [("mallory", "a01-q6-versions-rubric")]
    assert "edited the rubric cell" in df["reason"].iloc[0]
