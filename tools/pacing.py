"""Estimate how long each lesson takes a student, from what is in the notebook (issue 13: honest pacing).

    python tools/pacing.py              # a table for every lesson in lessons/
    python tools/pacing.py --check      # exit 1 if a header time is off its estimate by more than 10 %

The estimate, in minutes, counts what a student reads and does:

    markdown words / 130              reading at a student's pace (130 words a minute, slower than skimming)
    + 1.0 x each plain code cell      read it, run it, read its output
    + 2.0 x each self-check           a ``checks.ask(...)`` cell: think, compute, answer
    + 6.0 x each explorer             a widget cell: a code cell tagged ``explorer``, or one that calls ``*_explorer(`` or ``*_tour(``
    + 4.0 x each written activity     a markdown cell tagged ``activity``, or one that opens (heading or bold lead) with
                                      "Try it", "Try this", "Your turn", "Discuss", "Discussion", "Reflect" or
                                      "What did you see"

Self-checks and explorers are not counted again as code cells. The "References" section is not reading time, so
markdown after a ``## References`` heading is left out. A lesson's header states its time as
``**Time:** about NN minutes``; ``stated_minutes`` reads it back. The same formula applies to every lesson (d1 and d2
share it), so tests/test_pacing.py can hold every header to its estimate.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 130
MINUTES_PER_CODE_CELL = 1.0
MINUTES_PER_SELF_CHECK = 2.0
MINUTES_PER_EXPLORER = 6.0
MINUTES_PER_ACTIVITY = 4.0
TOLERANCE = 0.10  # a header may differ from the estimate by at most 10 %
MIN_MINUTES, MAX_MINUTES = 45, 60

_ACTIVITY = re.compile(
    r"^\s*(?:#+\s*|\*\*)\s*(?:\d+\.\s*)?(try it|try this|your turn|discuss|discussion|reflect|what did you see)\b",
    re.IGNORECASE | re.MULTILINE,
)
_TIME = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes", re.IGNORECASE)
_REFERENCES = re.compile(r"^##\s+References\b", re.MULTILINE)


@dataclass(frozen=True)
class Pacing:
    lesson: str
    markdown_words: int
    code_cells: int
    self_checks: int
    explorers: int
    activities: int
    stated_minutes: int | None

    @property
    def estimated_minutes(self) -> float:
        return (
            self.markdown_words / WORDS_PER_MINUTE
            + MINUTES_PER_CODE_CELL * self.code_cells
            + MINUTES_PER_SELF_CHECK * self.self_checks
            + MINUTES_PER_EXPLORER * self.explorers
            + MINUTES_PER_ACTIVITY * self.activities
        )


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _words(markdown: str) -> int:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.DOTALL)  # fenced code is not prose
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not read
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.,%–-]*", text))


def is_self_check(cell) -> bool:
    return cell["cell_type"] == "code" and "checks.ask(" in _source(cell)


def is_explorer(cell) -> bool:
    if cell["cell_type"] != "code":
        return False
    return "explorer" in cell.get("metadata", {}).get("tags", []) or re.search(r"(?:_explorer|_tour)\(", _source(cell)) is not None


def is_activity(cell) -> bool:
    if cell["cell_type"] != "markdown":
        return False
    return "activity" in cell.get("metadata", {}).get("tags", []) or _ACTIVITY.search(_source(cell)) is not None


def measure(path: Path) -> Pacing:
    """Count the words, cells, self-checks, explorers and activities of one lesson notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    words = code = selfchecks = explorers = activities = 0
    stated = None
    in_references = False
    for cell in nb["cells"]:
        src = _source(cell)
        if cell["cell_type"] == "markdown":
            if stated is None and (m := _TIME.search(src)):
                stated = int(m.group(1))
            body = src
            if in_references:
                continue
            if (m := _REFERENCES.search(src)) is not None:
                body, in_references = src[: m.start()], True
            words += _words(body)
            activities += is_activity(cell)
        elif is_self_check(cell):
            selfchecks += 1
        elif is_explorer(cell):
            explorers += 1
        else:
            code += 1
    return Pacing(Path(path).stem, words, code, selfchecks, explorers, activities, stated)


def lessons(root: Path = ROOT) -> list[Path]:
    return sorted((root / "lessons").glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a header time is off its estimate by >10%%")
    args = parser.parse_args(argv)
    rows = [measure(p) for p in lessons()]
    print(f"{'lesson':34} {'words':>6} {'code':>5} {'checks':>6} {'explor':>6} {'activ':>5} {'estimate':>8} {'header':>6}")
    bad = []
    for r in rows:
        print(f"{r.lesson:34} {r.markdown_words:6d} {r.code_cells:5d} {r.self_checks:6d} {r.explorers:6d} "
              f"{r.activities:5d} {r.estimated_minutes:7.1f}m {r.stated_minutes or '-':>5}m")
        if r.stated_minutes is None or abs(r.stated_minutes - r.estimated_minutes) > TOLERANCE * r.estimated_minutes:
            bad.append(r.lesson)
    if args.check and bad:
        print("header time off its estimate by more than 10%: " + ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
