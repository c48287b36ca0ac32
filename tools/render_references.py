"""Render src/swarmcast/data/references.bib into references.json (the citations the package reads at run time).

Why: ``swarmcast.data.cite`` must work where bibtexparser cannot be installed (JupyterLite), so the citations are
formatted here, once, and shipped as JSON. Run after editing references.bib (``make references``):

    python tools/render_references.py           write references.json
    python tools/render_references.py --check   exit 1 if references.json is out of date (what the tests check)

Needs bibtexparser (in the test extra: pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "swarmcast" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that references.json is up to date")
    parser.add_argument("--package-dir", type=Path, default=DATA, help="folder holding references.bib (default: the course data)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    try:
        import bibtexparser  # noqa: F401
    except ImportError:
        print("bibtexparser is not installed: pip install -e '.[test]' (it renders the citations)", file=sys.stderr)
        return 2
    from swarmcast.data._references import CITATIONS_FILE, citations_document

    target = args.package_dir / CITATIONS_FILE
    text = citations_document(args.package_dir)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{target} is out of date with references.bib: run python tools/render_references.py", file=sys.stderr)
            return 1
        print(f"{target.name} is up to date")
        return 0
    if current == text:
        print(f"{target.name} already up to date")
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({len(json.loads(text)['citations'])} citations)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
