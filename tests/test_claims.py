"""Every seed claim of the course (COURSE.md: T0-T4 from Torres-Soriano 2019, L1-L10 from Lakomy 2017) is taught
in a lesson cell tagged for it, and that cell really says something."""

from __future__ import annotations

import json
import re

import pytest

from conftest import LESSONS

SEED_CLAIMS = ["T0", "T1", "T2", "T3", "T4"] + [f"L{i}" for i in range(1, 11)]
CLAIM_MAP = json.loads((LESSONS / "claims.json").read_text(encoding="utf-8"))["claims"]


def test_the_map_lists_every_seed_claim_and_nothing_else():
    assert sorted(CLAIM_MAP) == sorted(SEED_CLAIMS)


@pytest.mark.parametrize("claim", SEED_CLAIMS)
def test_claim_is_taught_in_a_tagged_lesson_cell(claim):
    places = CLAIM_MAP.get(claim) or []
    assert places, f"claim {claim} is mapped to no lesson"
    for place in places:
        path = LESSONS / place["lesson"]
        assert path.is_file(), f"claim {claim}: lesson {place['lesson']} does not exist"
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        tagged = [c for c in cells if place["tag"] in c.get("metadata", {}).get("tags", [])]
        assert tagged, f"claim {claim}: no cell tagged {place['tag']!r} in {place['lesson']}"
        words = sum(len(re.findall(r"\w+", "".join(c["source"]))) for c in tagged if c["cell_type"] == "markdown")
        assert words >= 40, f"claim {claim}: the tagged cells of {place['lesson']} say too little ({words} words of prose)"
