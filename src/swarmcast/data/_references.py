"""Citations: pre-rendered from references.bib into references.json, read at run time without a BibTeX parser.

Why: every row of the course data names a source_id; lessons show students where a figure comes
from, and whether it was read in the original or in a news report ("As reported by ...").
The course runs where bibtexparser cannot be installed (JupyterLite), so the citations are rendered
once, by ``python tools/render_references.py`` (bibtexparser, in the dev/test extras), into
references.json, which the package ships; references.json records the SHA-256 of the references.bib
it was rendered from, so an edited references.bib is never silently ignored.
Source: the BibTeX format as read by bibtexparser 1.4; citation layout loosely after APA 7.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import warnings
from functools import lru_cache
from pathlib import Path

from ._package import RESTORE, DataPackageError, _stamp

__all__ = [
    "BIB_FILE",
    "CITATIONS_FILE",
    "read_citations",
    "render_citations",
    "read_entries",
    "format_citation",
    "unknown_source_message",
]

BIB_FILE = "references.bib"
CITATIONS_FILE = "references.json"
RENDER_COMMAND = "python tools/render_references.py"
MAX_AUTHORS = 6


def _bib_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_citations(package_dir: Path) -> dict[str, str]:
    """Plain-text citations by source id, from references.json (shared cached object: do not modify it).

    When references.bib has changed since references.json was rendered: render afresh if bibtexparser is
    installed (an instructor editing a copy), otherwise say how to re-render.
    """
    bib, rendered = package_dir / BIB_FILE, package_dir / CITATIONS_FILE
    stamps = _stamp(bib) + (_stamp(rendered) if rendered.is_file() else (0, 0))
    return _citations_cached(str(package_dir), *stamps)


@lru_cache(maxsize=4)
def _citations_cached(dir_str: str, *stamps: int) -> dict[str, str]:
    folder = Path(dir_str)
    bib, rendered = folder / BIB_FILE, folder / CITATIONS_FILE
    digest = _bib_digest(bib)
    stored = None
    if rendered.is_file():
        try:
            stored = json.loads(rendered.read_text(encoding="utf-8"))
            ok = isinstance(stored, dict) and isinstance(stored.get("citations"), dict)
        except (json.JSONDecodeError, UnicodeDecodeError):
            ok = False
        if not ok:
            raise DataPackageError(f"{CITATIONS_FILE} is not a citations file; {RESTORE}.", path=rendered)
        if stored.get("bib_sha256") == digest:
            return stored["citations"]
    try:
        import bibtexparser  # noqa: F401  (only to render citations afresh)
    except ImportError:
        state = "is missing" if stored is None else f"was rendered from another version of {BIB_FILE}"
        raise DataPackageError(
            f"{CITATIONS_FILE} {state}: run `{RENDER_COMMAND}` (needs bibtexparser: pip install 'swarmcast[test]'), "
            f"or {RESTORE}.",
            path=rendered,
        ) from None
    return render_citations(folder)


def render_citations(package_dir: Path) -> dict[str, str]:
    """Format every entry of references.bib (needs bibtexparser): source id -> plain-text citation."""
    return {key: format_citation(entry) for key, entry in read_entries(package_dir).items()}


def citations_document(package_dir: Path) -> str:
    """The text of references.json for references.bib as it is now (what tools/render_references.py writes)."""
    doc = {
        "about": f"Generated from {BIB_FILE} by {RENDER_COMMAND}; do not edit by hand.",
        "bib_sha256": _bib_digest(package_dir / BIB_FILE),
        "citations": render_citations(package_dir),
    }
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def read_entries(package_dir: Path) -> dict[str, dict[str, str]]:
    """Entries of references.bib by key, parsed with bibtexparser (rendering only; shared cached object)."""
    path = package_dir / BIB_FILE
    return _entries_cached(str(path), *_stamp(path))


@lru_cache(maxsize=4)
def _entries_cached(path_str: str, mtime_ns: int, size: int) -> dict[str, dict[str, str]]:
    path = Path(path_str)
    try:
        text = path.read_text(encoding="utf-8")
        # bibtexparser 1.4 builds pyparsing grammars that emit diagnostic warnings under `python -W`;
        # a warning printed to stderr fails an nbgrader test cell, so keep them quiet here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import bibtexparser  # lazy: only rendering citations needs it
            from bibtexparser.bparser import BibTexParser

            parser = BibTexParser(common_strings=True)
            parser.ignore_nonstandard_types = False
            db = bibtexparser.loads(text, parser=parser)
    except ImportError:
        raise
    except Exception as exc:  # bibtexparser raises several kinds of errors on broken input
        raise DataPackageError(f"{path.name} could not be read as BibTeX ({exc}); {RESTORE}.", path=path) from None
    entries = {}
    for e in db.entries:
        entry = {k: _clean(v) for k, v in e.items()}
        entry["author_raw"] = e.get("author", "")
        entries[e["ID"]] = entry
    declared = re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M)
    if len(declared) != len(entries):
        raise DataPackageError(f"{path.name}: {len(declared)} entries are declared but {len(entries)} could be "
                               f"read (a broken or repeated entry?); {RESTORE}.", path=path)
    return entries


def _clean(value: str) -> str:
    value = value.replace("{", "").replace("}", "").replace("--", "-")
    return re.sub(r"\s+", " ", value).strip()


def _split_top_level(field: str) -> list[str]:
    """Split an author field on ' and ' outside braces ({Centre for Research and Evidence} stays whole)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(field):
        ch = field[i]
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and field.startswith(" and ", i):
            parts.append(field[start:i])
            i += 5
            start = i
            continue
        i += 1
    parts.append(field[start:])
    return [p.strip() for p in parts if p.strip()]


def _format_person(name: str) -> str:
    if name.startswith("{") and name.endswith("}"):  # corporate author, kept whole
        return _clean(name)
    name = _clean(name)
    if name.lower() == "others":
        return "et al."
    if "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
        initials = " ".join(f"{part[0]}." for part in first.split() if part)
        return f"{last}, {initials}" if initials else last
    return name


def _format_authors(raw_field: str) -> str:
    people = [_format_person(n) for n in _split_top_level(raw_field)]
    if "et al." in people:
        return ", ".join(p for p in people if p != "et al.") + ", et al."
    if len(people) > MAX_AUTHORS:
        return f"{people[0]}, et al."
    return _join(people)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + f", & {names[-1]}"


def _venue(entry: dict[str, str]) -> str:
    kind = entry.get("ENTRYTYPE", "misc").lower()
    if kind == "article":
        venue = entry.get("journal", "")
        if entry.get("volume"):
            venue += f", {entry['volume']}"
            if entry.get("number"):
                venue += f"({entry['number']})"
        if entry.get("pages"):
            venue += f", {entry['pages']}"
        return venue
    if kind == "techreport":
        venue = entry.get("institution", "")
        series = " ".join(x for x in (entry.get("type", ""), entry.get("number", "")) if x)
        return f"{venue}, {series}" if series else venue
    return entry.get("howpublished") or entry.get("publisher") or entry.get("institution") or ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def format_citation(entry: dict[str, str]) -> str:
    """'Author(s) (year). Title. Publisher or journal. Note.' in plain text."""
    authors = _format_authors(entry.get("author_raw", "")) or "Anonymous"
    parts = [f"{authors} ({entry.get('year', 'n.d.')}).",
             _sentence(entry.get("title", "[untitled]"))]
    venue = _venue(entry)
    if venue and venue != authors:  # APA leaves out a publisher that is also the author
        parts.append(_sentence(venue))
    if entry.get("doi"):
        parts.append(f"doi:{entry['doi']}.")
    if entry.get("note"):
        parts.append(_sentence(entry["note"]))
    return " ".join(parts)


def unknown_source_message(source_id: object, known: list[str]) -> str:
    close = difflib.get_close_matches(str(source_id), known, n=5, cutoff=0.5)
    if close:
        return f"unknown source id {source_id!r}; close matches: {', '.join(close)}"
    return f"unknown source id {source_id!r}; no close match. Known ids: {', '.join(sorted(known))}"
