"""The academic-integrity page: linked from the guide, complete, and true to the course it describes."""

from __future__ import annotations

import re

from conftest import ROOT

GUIDE = ROOT / "instructor_guide"
PAGE = GUIDE / "academic_integrity.md"


def _section(text: str, heading_start: str) -> str:
    match = re.search(rf"^## {re.escape(heading_start)}.*?(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section starting '## {heading_start}'"
    return match.group(0)


def test_the_guide_links_the_page_and_the_page_has_a_section_per_remedy():
    assert "(academic_integrity.md)" in (GUIDE / "README.md").read_text()
    text = PAGE.read_text()
    _section(text, "What public solutions mean for graded use")
    weight = _section(text, "Remedy 1: weight the written answers")
    assert "swarmcast release" in weight and "rubrics/" in weight
    vary = _section(text, "Remedy 2: vary the data")
    assert "HIDDEN TESTS" in vary and "swarmcast practice" in vary
    fork = _section(text, "Remedy 3: keep a private fork")
    for step in ("push --mirror", "set-url --push upstream", "archive main", "rm -rf solutions", "git log --all"):
        assert step in fork, step
    flag = _section(text, "Remedy 4: read what `swarmcast flag` lists")
    assert "similarity.html" in flag and "is evidence of" in flag and "is not evidence of" in flag


def test_every_swarmcast_command_the_page_names_exists():
    from swarmcast.grading import cli

    import argparse

    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    known = set(sub.choices)
    named = set(re.findall(r"`swarmcast (\w+)", PAGE.read_text()))
    assert named, "the page names swarmcast commands"
    assert named <= known, f"the page names commands that do not exist: {named - known}"


def test_the_seeds_the_page_says_to_change_are_in_the_solutions():
    """The 'vary the data' table names, per assignment, seeds that really are in that assignment's source notebook."""
    table = _section(PAGE.read_text(), "Remedy 2: vary the data")
    rows = re.findall(r"^\| (a0\d)[^|]*\|([^|]*)\|", table, re.M)
    assert len(rows) == 5, "a row per assignment a01-a05"
    checked = 0
    for assignment, inputs in rows:
        source = "".join(p.read_text() for p in ROOT.glob(f"solutions/{assignment}_*/*.ipynb"))
        assert source, f"no source notebook for {assignment}"
        for seed in re.findall(r"(seed=\d+|default_rng\(\d+\)|range\(\d+, \d+\))", inputs):
            assert seed in source, f"{assignment}: the page says to change {seed}, which its solution does not use"
            checked += 1
    assert checked >= 8


def test_readme_keeps_graded_students_out_of_solutions_and_self_learners_try_first():
    text = (ROOT / "README.md").read_text()
    graded = re.search(r"\*\*Students in a graded class\.\*\*(.*?)\n\n", text, re.S)
    assert graded and "`solutions/`" in graded.group(1) and "Do not" in graded.group(1)
    self_learners = re.search(r"\*\*Self-learners\.\*\*(.*?)\n\n", text, re.S).group(1)
    assert "`solutions/`" in self_learners and "attempt" in self_learners
    students = re.search(r"\*\*Students\.\*\*(.*?)\n\n", text, re.S).group(1)
    assert "solutions/" not in students, "the students' paragraph must not point them at the worked answers"
