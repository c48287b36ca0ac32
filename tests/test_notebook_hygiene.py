"""Notebooks are committed clean (no outputs, only allowed metadata) and lessons keep the course's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import EXERCISES, LESSONS, ROOT, SOLUTIONS, ids, lesson_notebooks, notebooks

ALL_NBS = notebooks(LESSONS) + notebooks(SOLUTIONS) + notebooks(EXERCISES)
ALLOWED_NB_METADATA = {"kernelspec", "language_info", "nbgrader"}
ALLOWED_CELL_METADATA = {"nbgrader", "tags"}
# nbgrader's generate_assignment locks read-only cells in the released copy.
ALLOWED_CELL_METADATA_EXERCISES = ALLOWED_CELL_METADATA | {"editable", "deletable"}
# A written question's rubric cell (written by `swarmcast rubric`) is read-only in both folders and names its
# question; no other cell may carry these keys outside exercises/.
RUBRIC_CELL_METADATA = {"editable", "deletable", "swarmcast"}


def _allowed_keys(cell: dict, in_exercises: bool) -> set:
    allowed = ALLOWED_CELL_METADATA_EXERCISES if in_exercises else ALLOWED_CELL_METADATA
    meta = cell.get("metadata", {})
    if cell["cell_type"] == "markdown" and set(meta.get("swarmcast", {})) == {"rubric_for"}:
        allowed = allowed | RUBRIC_CELL_METADATA
    return allowed

# Links may point only at scholarly, official and tool-documentation sites; never at primary propaganda.
ALLOWED_DOMAINS = {
    "doi.org", "arxiv.org", "science.org", "www.science.org", "nature.com", "www.nature.com",
    "tandfonline.com", "www.tandfonline.com", "ctc.westpoint.edu", "www.brookings.edu", "brookings.edu",
    "extremism.gwu.edu", "voxpol.eu", "www.voxpol.eu", "crestresearch.ac.uk", "icsr.info",
    "gifct.org", "www.gifct.org", "blog.twitter.com", "blog.x.com", "transparency.twitter.com", "about.fb.com",
    "transparency.fb.com", "blog.youtube", "transparencyreport.google.com", "www.europol.europa.eu",
    "europol.europa.eu", "ec.europa.eu", "www.europarl.europa.eu", "pt.icct.nl", "www.icct.nl", "rusi.org",
    "www.rusi.org", "gnet-research.org", "www.gnet-research.org", "techagainstterrorism.org",
    "www.techagainstterrorism.org", "terrorismanalytics.org", "thesoufancenter.org", "www.start.umd.edu",
    "start.umd.edu", "github.com", "mybinder.org", "jupyter.org", "jupyterlab.readthedocs.io",
    "nbgrader.readthedocs.io", "ipywidgets.readthedocs.io", "altair-viz.github.io", "pandas.pydata.org",
    "numpy.org", "networkx.org", "lifelines.readthedocs.io", "pypi.org", "www.python.org", "docs.python.org",
    "tljh.jupyter.org", "z2jh.jupyter.org", "www.dartcenter.org", "dartcenter.org", "oxdisinformationextremismlab.com",
    "www.oxdisinformationextremismlab.com", "frictionlessdata.io", "specs.frictionlessdata.io",
    "creativecommons.org", "journals.sagepub.com", "cronfa.swansea.ac.uk", "www.samaritans.org",
    "findahelpline.com", "www.mind.org.uk", "988lifeline.org",
    # the course's own published site and JupyterLite build
    "swarmcast-course.github.io",
    # IANA's reserved example domain: the placeholder for "your hub" in nbgitpuller links
    "hub.example.org",
}
URL = re.compile(r"https?://[^\s)>\]\"'`]+")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ALL_NBS, ids=ids(ALL_NBS))
def test_notebook_is_committed_without_outputs(path):
    nb = _load(path)
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.relative_to(ROOT)}: cells {dirty} have outputs or execution counts; clear them before committing"


@pytest.mark.parametrize("path", ALL_NBS, ids=ids(ALL_NBS))
def test_notebook_keeps_only_allowed_metadata(path):
    nb = _load(path)
    extra_nb = set(nb.get("metadata", {})) - ALLOWED_NB_METADATA
    assert not extra_nb, f"{path.relative_to(ROOT)}: notebook metadata {sorted(extra_nb)} is not allowed"
    in_exercises = EXERCISES in path.parents
    bad = {i: sorted(set(c.get("metadata", {})) - _allowed_keys(c, in_exercises)) for i, c in enumerate(nb["cells"])}
    bad = {i: keys for i, keys in bad.items() if keys}
    assert not bad, f"{path.relative_to(ROOT)}: cell metadata not allowed: {bad}"


def _text(nb: dict, kind: str | None = None) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if kind is None or c["cell_type"] == kind)


LESSON_NBS = lesson_notebooks()


@pytest.mark.parametrize("path", LESSON_NBS, ids=ids(LESSON_NBS))
def test_lesson_opens_with_the_header(path):
    nb = _load(path)
    first = "".join(nb["cells"][0]["source"])
    assert nb["cells"][0]["cell_type"] == "markdown" and first.lstrip().startswith("# "), "the first cell must be a markdown title"
    for label, pattern in {
        "learning objectives": r"(?i)learning objectives",
        "time estimate": r"(?i)\btime\b.*\d+\s*(?:-|–|to)?\s*\d*\s*minutes",
        "content note": r"(?i)content note",
        "datasets used": r"(?i)datasets?",
    }.items():
        assert re.search(pattern, first), f"{path.name}: the header has no {label}"


@pytest.mark.parametrize("path", LESSON_NBS, ids=ids(LESSON_NBS))
def test_lesson_ends_with_limits_summary_and_references(path):
    md = _text(_load(path), "markdown")
    assert re.search(r"(?im)^#+\s*references", md), f"{path.name}: no References section"
    if not path.name.startswith("00_"):
        assert re.search(r"(?im)^#+\s*what the data cannot tell us", md), f"{path.name}: no 'What the data cannot tell us' section"
        assert re.search(r"(?im)^#+\s*summary", md), f"{path.name}: no Summary section"


LINKED_FILES = ALL_NBS + [ROOT / "README.md"] + sorted(LESSONS.glob("*.md")) + sorted((ROOT / "instructor_guide").rglob("*.md"))


@pytest.mark.parametrize("path", LINKED_FILES, ids=ids(LINKED_FILES))
def test_links_stay_on_the_allow_list(path):
    text = _text(_load(path)) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    # placeholders such as https://<hub>/user/<name> are templates, not links
    hosts = {u: u.split("://", 1)[1] for u in URL.findall(text)}
    links = [u for u, rest in hosts.items() if not rest.startswith(("<", "{"))]
    bad = sorted({u for u in links if urlparse(u).hostname not in ALLOWED_DOMAINS and not (urlparse(u).hostname or "").startswith(("localhost", "127.0.0.1"))})
    assert not bad, f"{path.relative_to(ROOT)}: links outside the allow-list: {bad}"


def test_allow_list_excludes_known_propaganda_archives():
    # the allow-list check above is only as good as this list: it must never admit these
    for host in ("jihadology.net", "archive.org", "justpaste.it", "t.me", "telegram.me"):
        assert host not in ALLOWED_DOMAINS
