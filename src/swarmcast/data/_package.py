"""Read and check the course data package (datapackage.json and its CSV files) by hand.

Why: a student who edits or damages a data file should be told which file, line and column is wrong
and what to do, not see a pandas traceback. frictionless does the same job in the tests, but it is
slow to import, so the loader checks the schema itself.
Source: Frictionless Data, Table Schema and Data Package specifications, v1 (specs.frictionlessdata.io).
"""

from __future__ import annotations

import copy
import csv
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DataPackageError", "PACKAGE_DIR", "read_descriptor", "read_table", "resolve_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent
DESCRIPTOR = "datapackage.json"
RESTORE = "restore the file from the course repository"
MAX_LISTED = 20

_INT_RE = r"[+-]?\d+"
_NUM_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_DATE_RE = r"\d{4}-\d{2}-\d{2}"
_FILE_RE = re.compile(r"^[A-Za-z0-9_.-]+\.csv$")


class DataPackageError(ValueError):
    """A data file or the package descriptor does not match the package schema.

    Attributes: ``path`` (the file), ``problems`` (a list of ``(line, column, message)``), and
    ``line`` / ``column`` of the first problem (header = line 1; ``None`` when not about a cell).
    """

    def __init__(self, message: str, *, path: Path | None = None, problems: list | None = None):
        super().__init__(message)
        self.path = path
        self.problems = list(problems or [])
        self.line = self.problems[0][0] if self.problems else None
        self.column = self.problems[0][1] if self.problems else None


def resolve_dir(package_dir: str | Path | None) -> Path:
    """The package folder to use: the installed one, or ``package_dir`` (for tests and instructors)."""
    if package_dir is None:
        return PACKAGE_DIR
    if not isinstance(package_dir, (str, Path)):
        raise ValueError(f"package_dir must be a folder path (str or pathlib.Path) or None; got {package_dir!r}")
    folder = Path(package_dir).expanduser().resolve()
    if not (folder / DESCRIPTOR).is_file():
        raise DataPackageError(
            f"package_dir {str(package_dir)!r} has no {DESCRIPTOR}; pass the folder that holds it, or None for "
            f"the course data", path=folder / DESCRIPTOR)
    return folder


def _stamp(path: Path) -> tuple[int, int]:
    """Modification time and size: part of the cache key, so an edited file is read again."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataPackageError(f"{path.name} is missing from {path.parent}; {RESTORE}.", path=path) from None
    return st.st_mtime_ns, st.st_size


# ----------------------------------------------------------------------------- descriptor

def read_descriptor(package_dir: Path) -> dict:
    """The parsed datapackage.json (shared cached object: callers must not modify it)."""
    path = package_dir / DESCRIPTOR
    return _descriptor_cached(str(path), *_stamp(path))


@lru_cache(maxsize=8)
def _descriptor_cached(path_str: str, mtime_ns: int, size: int) -> dict:
    path = Path(path_str)
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataPackageError(f"{path.name}, line {line}: not valid JSON ({exc}); {RESTORE}.",
                               path=path, problems=[(line, None, str(exc))]) from None
    resources = desc.get("resources") if isinstance(desc, dict) else None
    if not isinstance(resources, list) or not resources:
        raise DataPackageError(f"{path.name} lists no resources; {RESTORE}.", path=path)
    for i, res in enumerate(resources):
        ok = (isinstance(res, dict) and isinstance(res.get("name"), str) and isinstance(res.get("path"), str)
              and _FILE_RE.match(res["path"]) is not None and isinstance(res.get("schema"), dict)
              and isinstance(res["schema"].get("fields"), list) and res["schema"]["fields"])
        if not ok:
            raise DataPackageError(
                f"{path.name}: resource number {i + 1} needs a name, a plain CSV file name as path and a schema "
                f"with fields; {RESTORE}.", path=path)
    return desc


# ----------------------------------------------------------------------------- tables

def read_table(package_dir: Path, resource: dict) -> pd.DataFrame:
    """The typed, validated table of one resource (shared cached object: callers must copy it)."""
    path = package_dir / resource["path"]
    key = json.dumps(resource, sort_keys=True)
    return _table_cached(str(path), *_stamp(path), key)


@lru_cache(maxsize=64)
def _table_cached(path_str: str, mtime_ns: int, size: int, resource_json: str) -> pd.DataFrame:
    path = Path(path_str)
    resource = json.loads(resource_json)
    schema = resource["schema"]
    fields = schema["fields"]
    raw = _read_strings(path, [f["name"] for f in fields])
    problems = _check_cells(raw, fields)
    problems += _check_primary_key(raw, schema.get("primaryKey") or [])
    problems += _check_periods(raw)
    if problems:
        _raise(path, problems, f"The data file {path} does not match its schema in {DESCRIPTOR}",
               f"Fix the cells as described, or {RESTORE}.")
    df = _typed(raw, fields)
    df.attrs = {
        "name": resource["name"],
        "title": resource.get("title", resource["name"]),
        "description": resource.get("description", ""),
        "sources": copy.deepcopy(resource.get("sources", [])),
    }
    return df


def _read_strings(path: Path, expected: list[str]) -> pd.DataFrame:
    """Every cell as a string, so a bad cell can be pointed at. The index is the CSV line number
    on which each row starts (header = line 1). Checks the header and the number of cells first."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f, strict=True)
            header = next(reader, None)
            records, starts = [], []
            previous_end = reader.line_num
            for record in reader:
                records.append(record)
                starts.append(previous_end + 1)
                previous_end = reader.line_num
    except UnicodeDecodeError as exc:
        raise DataPackageError(f"{path.name} is not UTF-8 text ({exc}); {RESTORE}.", path=path) from None
    except csv.Error as exc:
        raise DataPackageError(f"{path.name}, line {reader.line_num}: broken CSV quoting ({exc}); {RESTORE}.",
                               path=path, problems=[(reader.line_num, None, str(exc))]) from None
    if not header:
        raise DataPackageError(f"{path.name}, line 1: the file is empty; {RESTORE}.", path=path,
                               problems=[(1, None, "empty file")])
    problems = []
    seen = set()
    for name in header:
        if name in seen:
            problems.append((1, name, "the column appears twice in the header; delete the copy"))
        seen.add(name)
    for name in expected:
        if name not in seen:
            problems.append((1, name, "the column is missing from the header"))
    for name in header:
        if name not in expected:
            problems.append((1, name, f"unexpected column; the schema allows only: {', '.join(expected)}"))
    if not problems and header != expected:
        problems.append((1, header[0], f"the columns are out of order; expected: {', '.join(expected)}"))
    if problems:
        _raise(path, problems, f"The header of {path} does not match its schema in {DESCRIPTOR}",
               f"If you did not change the columns on purpose, {RESTORE}.")
    for record, line in zip(records, starts):
        if not any(record):
            problems.append((line, header[0], "blank line; delete it"))
        elif len(record) > len(header):
            problems.append((line, header[-1], f"the row has {len(record)} cells but the header has "
                                               f"{len(header)} (a stray comma, e.g. 1,000 for 1000?)"))
        elif len(record) < len(header):
            problems.append((line, header[len(record)], f"the row has {len(record)} cells but the header has "
                                                        f"{len(header)} (a missing comma?)"))
    if problems:
        _raise(path, problems, f"The data file {path} has rows of the wrong length", f"Fix the rows, or {RESTORE}.")
    return pd.DataFrame(records, columns=header, index=pd.Index(starts, dtype="int64"), dtype=object)


def _raise(path: Path, problems: list[tuple[int, str, str]], summary: str, advice: str):
    problems = sorted(problems, key=lambda p: (p[0], str(p[1])))
    shown = problems[:MAX_LISTED]
    lines = [f"  - {path.name}, line {ln}, column '{col}': {msg}" for ln, col, msg in shown]
    if len(problems) > len(shown):
        lines.append(f"  - ... and {len(problems) - len(shown)} more")
    plural = "s" if len(problems) != 1 else ""
    raise DataPackageError(f"{summary} ({len(problems)} problem{plural}):\n" + "\n".join(lines) + "\n" + advice,
                           path=path, problems=problems)


def _line(index) -> int:
    """CSV line number of a data row: the frame of strings is indexed by line number."""
    return int(index)


def _check_cells(raw: pd.DataFrame, fields: list[dict]) -> list[tuple[int, str, str]]:
    problems: list[tuple[int, str, str]] = []

    def flag(mask: pd.Series, col: str, make_msg) -> None:
        for idx in mask[mask].index:
            problems.append((_line(idx), col, make_msg(raw.at[idx, col])))

    for field in fields:
        col = field["name"]
        ftype = field.get("type", "string")
        cons = field.get("constraints", {})
        values = raw[col]
        empty = values == ""
        if cons.get("required"):
            flag(empty, col, lambda v: "the value is empty but required")
        present = ~empty
        if ftype == "number":
            bad = present & ~values.str.fullmatch(_NUM_RE)
            flag(bad, col, lambda v: f"{v!r} is not a number; write a plain number such as 1234 or 0.5 "
                                     f"(no thousands commas, % signs or words)")
        elif ftype == "integer":
            bad = present & ~values.str.fullmatch(_INT_RE)
            flag(bad, col, lambda v: f"{v!r} is not a whole number; write digits only, such as 12")
        elif ftype == "date":
            parsed = pd.to_datetime(values.where(present & values.str.fullmatch(_DATE_RE)), format="%Y-%m-%d",
                                    errors="coerce")
            bad = present & parsed.isna()
            flag(bad, col, lambda v: f"{v!r} is not a valid ISO date; write YYYY-MM-DD, such as 2016-12-31")
        else:
            bad = pd.Series(False, index=values.index)
        ok = present & ~bad
        if "enum" in cons:
            allowed = [str(a) for a in cons["enum"]]
            flag(ok & ~values.isin(allowed), col,
                 lambda v, allowed=allowed: f"{v!r} is not an allowed value; allowed: {', '.join(allowed)}")
        if "pattern" in cons:
            pattern = cons["pattern"].removeprefix("^").removesuffix("$")
            flag(ok & ~values.str.fullmatch(pattern), col,
                 lambda v, p=cons["pattern"]: f"{v!r} does not have the required form {p} "
                                              f"(for names: lowercase letters, digits and underscores)")
        if "minimum" in cons and ftype in ("number", "integer"):
            numbers = pd.to_numeric(values.where(ok), errors="coerce")
            flag(numbers < cons["minimum"], col,
                 lambda v, m=cons["minimum"]: f"{v} is below the allowed minimum {m}")
    return problems


def _check_primary_key(raw: pd.DataFrame, key: list[str]) -> list[tuple[int, str, str]]:
    if not key:
        return []
    keys = raw[key].astype(str).agg("|".join, axis=1)
    dup = keys.duplicated(keep="first")
    first_line = {k: _line(i) for i, k in keys[~dup].items()}
    return [(_line(i), key[0], f"{keys[i]!r} repeats the {'/'.join(key)} of line {first_line[keys[i]]}; "
                               f"each row needs its own")
            for i in dup[dup].index]


def _check_periods(raw: pd.DataFrame) -> list[tuple[int, str, str]]:
    if not {"period_start", "period_end"} <= set(raw.columns):
        return []
    start = pd.to_datetime(raw["period_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(raw["period_end"], format="%Y-%m-%d", errors="coerce")
    bad = (end < start).fillna(False)
    return [(_line(i), "period_end", f"{raw.at[i, 'period_end']} is before period_start "
                                     f"{raw.at[i, 'period_start']}")
            for i in bad[bad].index]


def _typed(raw: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Convert the checked strings: number to float64, integer to Int64, date to datetime64,
    enum fields to Categorical with the schema's categories, other text to the string dtype."""
    raw = raw.reset_index(drop=True)
    out = {}
    for field in fields:
        col = field["name"]
        ftype = field.get("type", "string")
        values = raw[col]
        missing = values == ""
        if ftype == "number":
            out[col] = pd.to_numeric(values.mask(missing, np.nan), errors="raise").astype("float64")
        elif ftype == "integer":
            out[col] = pd.array([None if m else int(v) for v, m in zip(values, missing)], dtype="Int64")
        elif ftype == "date":
            out[col] = pd.to_datetime(values.mask(missing, None), format="%Y-%m-%d").astype("datetime64[ns]")
        elif "enum" in field.get("constraints", {}):
            cats = [str(c) for c in field["constraints"]["enum"]]
            out[col] = pd.Categorical(values.mask(missing, None), categories=cats)
        else:
            out[col] = values.mask(missing, None).astype("string")
    return pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
