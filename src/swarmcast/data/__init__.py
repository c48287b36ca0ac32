"""The course data: cited, aggregate figures as typed pandas tables.

Why: every lesson works from the same small set of public figures, and every row says where it
comes from (``source_id`` in references.bib), how well it was checked (``verification`` V1/V2/U)
and whether the source gives an exact figure or a bound (``bound``).
Source: the Swarmcast facts table, compiled from the reports and articles in references.bib;
layout after the Frictionless Data Package v1 specification.

Quick start::

    from swarmcast import data
    data.names()                          # the tables
    df = data.load("twitter_transparency")
    print(data.describe("twitter_transparency"))
    data.cite("milton2018downbutnotout")
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

import pandas as pd

from . import _display
from ._package import DataPackageError, read_descriptor, read_table, resolve_dir
from ._references import read_citations, unknown_source_message

__all__ = ["DataPackageError", "names", "load", "cite", "sources", "describe", "validate", "table"]

_VERIFICATION_LEVELS = ("V1", "V2", "U")


def names(*, package_dir: str | Path | None = None) -> list[str]:
    """The names of the data tables, sorted.

    Why: ``load`` takes one of these names. ``package_dir`` reads another copy of the package
    (tests, or an instructor's edited copy); by default the course's own data are used.
    Source: datapackage.json of the course data.
    """
    desc = read_descriptor(resolve_dir(package_dir))
    return sorted(r["name"] for r in desc["resources"])


def _resource(name: object, package_dir: Path) -> dict:
    available = sorted(r["name"] for r in read_descriptor(package_dir)["resources"])
    if not isinstance(name, str):
        raise ValueError(f"name must be a dataset name (a string) such as {available[0]!r}; got {name!r}; "
                         f"available: {', '.join(available)}")
    for res in read_descriptor(package_dir)["resources"]:
        if res["name"] == name:
            return res
    close = difflib.get_close_matches(name, available, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown dataset {name!r}{hint}; available: {', '.join(available)}")


def load(name: str, *, package_dir: str | Path | None = None) -> pd.DataFrame:
    """One data table as a typed DataFrame, checked against its schema.

    Why: lessons compute with these figures, so each column has a proper type: ``value`` float64,
    dates datetime64, ``bound``/``verification``/``unit`` and other fixed vocabularies Categorical,
    whole numbers Int64, text ``string``. ``df.attrs`` holds name, title, description and sources.
    A damaged file raises DataPackageError naming the file, line and column.
    Source: the rows' own ``source_id`` (see ``cite`` and ``sources``).
    """
    folder = resolve_dir(package_dir)
    resource = _resource(name, folder)
    cached = read_table(folder, resource)
    df = cached.copy(deep=True)
    df.attrs = copy.deepcopy(cached.attrs)
    _display.record(df)
    return df


def _citations(folder: Path) -> dict[str, str]:
    return read_citations(folder)


# --- provenance-table display (swarmcast.data._display) ---------------------------------------------------

def table(df: pd.DataFrame) -> _display.Table:
    """Show a table with the course's provenance display: readable column names, numbers with thousands
    separators and their unit, notes wrapped in full, the source (author, year) beside each row.

    Why: tables from ``load`` (and selections of them) are shown this way already in Jupyter; ``table`` does it
    for any table, e.g. one built by hand from a loaded one.
    """
    return _display.Table(df)


_display.register_in_ipython()


def cite(source_id: str, *, package_dir: str | Path | None = None) -> str:
    """A plain-text citation for one source id: 'Author(s) (year). Title. Publisher. Note.'.

    Why: a figure is only as good as its source; the note says when it was read in a secondary
    source ('As reported by ...'). Titles in [brackets] describe a page whose headline was not recorded.
    Source: references.bib of the course data.
    """
    citations = _citations(resolve_dir(package_dir))
    if not isinstance(source_id, str) or source_id not in citations:
        raise ValueError(unknown_source_message(source_id, list(citations)))
    return citations[source_id]


def sources(name: str, *, package_dir: str | Path | None = None) -> pd.DataFrame:
    """For one table: one row per source used, with its citation, how many rows cite it and how
    many of those rows are V1, V2 and U.

    Why: the provenance view of lesson 00; it shows at a glance which figures rest on a
    primary source and which only on news reports.
    Source: the table's ``source_id`` and ``verification`` columns and references.bib.
    """
    folder = resolve_dir(package_dir)
    df = load(name, package_dir=folder)
    citations = _citations(folder)
    rows = []
    for sid, group in df.groupby("source_id", sort=True, observed=True):
        counts = group["verification"].value_counts()
        fact_ids = sorted(set(group["fact_id"]), key=lambda f: tuple(int(p) for p in f.split(".")))
        rows.append({
            "source_id": sid,
            "citation": citations.get(sid, f"[missing from references.bib: {sid}]"),
            "rows": len(group),
            **{level: int(counts.get(level, 0)) for level in _VERIFICATION_LEVELS},
            "fact_ids": ", ".join(fact_ids),
        })
    out = pd.DataFrame(rows, columns=["source_id", "citation", "rows", *_VERIFICATION_LEVELS, "fact_ids"])
    out = out.sort_values(["rows", "source_id"], ascending=[False, True], ignore_index=True)
    for col in ("source_id", "citation", "fact_ids"):
        out[col] = out[col].astype("string")
    for col in ("rows", *_VERIFICATION_LEVELS):
        out[col] = out[col].astype("Int64")
    out.attrs = {"name": f"sources of {name}", "dataset": name}
    return out


def describe(name: str, *, package_dir: str | Path | None = None) -> str:
    """A short plain-text summary of one table: title, description, size, period, sources and
    how many rows are V1, V2 and U.

    Why: read this before using a table; it says what the figures are and how far to trust them.
    Source: datapackage.json and references.bib of the course data.
    """
    folder = resolve_dir(package_dir)
    df = load(name, package_dir=folder)
    src = sources(name, package_dir=folder)
    counts = df["verification"].value_counts()
    lines = [f"{df.attrs['title']} ({name})", "", df.attrs["description"], ""]
    lines.append(f"{len(df)} rows, {df['measure'].nunique()} measures.")
    if "period_start" in df and df["period_start"].notna().any():
        lines.append(f"Period: {df['period_start'].min():%Y-%m-%d} to {df['period_end'].max():%Y-%m-%d}.")
    lines.append("Verification: " + ", ".join(f"{int(counts.get(v, 0))} {v}" for v in _VERIFICATION_LEVELS)
                 + " (V1 primary source seen; V2 secondary source only; U unverified, do not rely on it).")
    lines.append("Bounds: " + ", ".join(f"{int(n)} {b}" for b, n in df["bound"].value_counts().items() if n)
                 + ".")
    lines.append(f"Sources ({len(src)}):")
    lines += [f"  - [{r.source_id}] {r.citation}" for r in src.itertuples()]
    return "\n".join(lines)


def validate(*, package_dir: str | Path | None = None) -> None:
    """Check every table against its schema and every source_id against references.bib.

    Why: run after editing the data (instructors) to catch a broken cell or a missing reference
    before a lesson does. Raises DataPackageError on the first file with problems.
    Source: datapackage.json and references.bib of the course data.
    """
    folder = resolve_dir(package_dir)
    citations = _citations(folder)
    for resource in read_descriptor(folder)["resources"]:
        df = load(resource["name"], package_dir=folder)
        missing = sorted(set(df["source_id"]) - set(citations))
        if missing:
            raise DataPackageError(
                f"{resource['path']} cites source ids that are not in references.bib: {', '.join(missing)}; add "
                f"the entries or restore the files from the course repository.", path=folder / resource["path"])
