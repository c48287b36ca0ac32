"""Students work on their own copies (my-work/, git-ignored): a course update pulls cleanly and never overwrites
a lesson the student has edited."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest

from conftest import LESSONS, ROOT
from swarmcast import workfolder

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(cwd, *args):
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout


def _edit_cell(path, text):
    nb = json.loads(path.read_text())
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": text})
    path.write_text(json.dumps(nb, indent=1))


def _first_lesson():
    return sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))[0].name


def test_edited_lesson_survives_git_pull_and_refresh(tmp_path):
    upstream, student = tmp_path / "course", tmp_path / "student"
    upstream.mkdir()
    shutil.copytree(LESSONS, upstream / "lessons")
    shutil.copy2(ROOT / ".gitignore", upstream / ".gitignore")
    _git(upstream, "init", "-q")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-qm", "course")
    _git(tmp_path, "clone", "-q", str(upstream), str(student))

    done = workfolder.seed(student / "lessons", student / "my-work", out=io.StringIO())
    name = _first_lesson()
    n_lessons = len(list(LESSONS.glob("[0-9][0-9]_*.ipynb")))
    assert name in done["copied"] and len([c for c in done["copied"] if c.endswith(".ipynb")]) == n_lessons
    mine = student / "my-work" / name
    _edit_cell(mine, "My own note on this lesson.")
    # running a lesson (outputs, execution counts) is not editing it
    other = sorted((student / "my-work").glob("[0-9][0-9]_*.ipynb"))[1]
    nb = json.loads(other.read_text())
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"], code["execution_count"] = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}], 1
    other.write_text(json.dumps(nb))
    assert _git(student, "status", "--porcelain") == "", "the working folder must be git-ignored"

    # the course changes both lessons upstream
    for n in (name, other.name):
        _edit_cell(upstream / "lessons" / n, "A course update.")
    _git(upstream, "commit", "-qam", "update")
    _git(student, "pull", "-q")  # raises if the pull conflicts
    assert "A course update." in (student / "lessons" / name).read_text()

    out = io.StringIO()
    done = workfolder.seed(student / "lessons", student / "my-work", out=out)
    assert "My own note on this lesson." in mine.read_text(), "the student's edited lesson was overwritten"
    assert "A course update." not in mine.read_text()
    beside = mine.with_name(mine.stem + "-updated.ipynb")
    assert beside.is_file() and "A course update." in beside.read_text()
    assert name in done["kept"] and beside.name in out.getvalue(), "the student must be told where the new version is"
    assert other.name in done["updated"] and "A course update." in other.read_text(), "an unedited copy is refreshed"
    assert _git(student, "status", "--porcelain") == ""

    # a second refresh with no course change says nothing new and keeps the edit
    out = io.StringIO()
    done = workfolder.seed(student / "lessons", student / "my-work", out=out)
    assert name in done["unchanged"] and "-updated" not in out.getvalue()
    assert "My own note on this lesson." in mine.read_text()


def test_missing_lessons_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="lessons="):
        workfolder.seed(tmp_path / "nope", tmp_path / "work", out=io.StringIO())
    assert not (tmp_path / "work").exists()
