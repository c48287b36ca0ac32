"""The student's own working folder: copies of the lessons that a course update never overwrites.

Why: JupyterLab autosaves, so working in ``lessons/`` rewrites the course's tracked notebooks and the next
``git pull`` conflicts. ``make start`` calls :func:`seed`, which copies each lesson into a git-ignored folder
(``my-work/``) and opens JupyterLab there. Run again after a course update, it

- copies lessons that are not there yet;
- replaces a copy the student has not edited (same cell sources as the version it was copied from) with the
  new version (outputs are recomputed by running the cells);
- never touches a copy the student has edited: the new version is written beside it as
  ``NN_name-updated.ipynb``, and a message says so.

Use from a shell::

    python -m swarmcast.workfolder lessons my-work
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

__all__ = ["seed", "MANIFEST", "UPDATED_SUFFIX"]

#: Records, per lesson file, the fingerprint of the course version it was copied from.
MANIFEST = ".swarmcast-seeded.json"
UPDATED_SUFFIX = "-updated"
#: Files besides the lesson notebooks a student reads next to them.
_EXTRA = ("*.md",)


def _fingerprint(path: Path) -> str:
    """The cell types and sources of a notebook (outputs, counts and metadata ignored): running a lesson is not
    editing it. A file that is not a readable notebook is fingerprinted by its bytes."""
    raw = path.read_bytes()
    try:
        cells = json.loads(raw)["cells"]
        parts = [(c.get("cell_type"), "".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")) for c in cells]
        raw = json.dumps(parts).encode()
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return hashlib.sha256(raw).hexdigest()


def seed(lessons: Path | str, work: Path | str, *, out=None) -> dict[str, list[str]]:
    """Copy or refresh the lessons into ``work``; return what happened, by kind (copied, updated, kept, unchanged)."""
    lessons, work = Path(lessons), Path(work)
    out = out or sys.stdout
    if not lessons.is_dir():
        raise ValueError(f"lessons={str(lessons)!r} is not a folder; run this from the course folder (the one with lessons/)")
    work.mkdir(parents=True, exist_ok=True)
    manifest_path = work / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    done: dict[str, list[str]] = {"copied": [], "updated": [], "kept": [], "unchanged": []}
    sources = sorted(lessons.glob("[0-9][0-9]_*.ipynb")) + sorted(p for pat in _EXTRA for p in lessons.glob(pat))
    for src in sources:
        dest = work / src.name
        new = _fingerprint(src)
        if not dest.exists():
            shutil.copy2(src, dest)
            done["copied"].append(src.name)
        else:
            mine = _fingerprint(dest)
            if mine == new:
                done["unchanged"].append(src.name)
            elif manifest.get(src.name) == mine:  # the student's copy is the old course version, untouched
                shutil.copy2(src, dest)
                done["updated"].append(src.name)
            else:  # the student has edited it: keep it, put the new version beside it
                if manifest.get(src.name) == new:
                    done["unchanged"].append(src.name)  # edited, and the course has not changed since
                    continue
                beside = dest.with_name(f"{dest.stem}{UPDATED_SUFFIX}{dest.suffix}")
                shutil.copy2(src, beside)
                done["kept"].append(src.name)
                print(
                    f"  {dest.name}: you have edited your copy, so it is kept as it is. The course's new version is "
                    f"beside it as {beside.name}; compare them and copy over what you need.",
                    file=out,
                )
        manifest[src.name] = new
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    summary = ", ".join(f"{len(v)} {k}" for k, v in done.items() if v)
    print(f"Your working folder is {work}/ ({summary}). Your work there is yours: git ignores it.", file=out)
    return done


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m swarmcast.workfolder LESSONS_DIR WORK_DIR", file=sys.stderr)
        return 2
    try:
        seed(args[0], args[1])
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
