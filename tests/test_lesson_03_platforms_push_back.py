"""Lesson 03's figures: count windows and the shared hash database keep their windows and bounds visible."""

from __future__ import annotations

import pandas as pd
import pytest

from swarmcast import data
from swarmcast.lessons import l03_platforms_push_back as lesson


def test_windows_chart_describes_every_count_it_draws():
    blog = data.load("twitter_blog_2016")
    rows = blog[blog["measure"].str.startswith("suspensions")]
    description = lesson.windows_chart(rows=rows).to_dict()["description"]
    for row_id in rows["row_id"]:
        assert row_id in description
    assert "over 125,000" in description


def test_gifct_chart_draws_a_year_only_count_mid_year_and_keeps_its_bound():
    gifct = data.load("gifct_hashes")
    rows = gifct[gifct["row_id"].isin(["gh_hashes_2019", "gh_hashes_2017_12"])]
    description = lesson.gifct_growth_chart(rows=rows).to_dict()["description"]
    assert "2019-07-02: 200,000 hashes in database (at_least)" in description


@pytest.mark.parametrize("builder", [lesson.windows_chart, lesson.gifct_growth_chart])
def test_a_table_without_the_needed_columns_is_refused_naming_rows(builder):
    with pytest.raises(ValueError, match="rows"):
        builder(rows=pd.DataFrame({"a": [1]}))


def test_lesson_03_tours_its_datasets_with_lesson_00s_tour():
    from swarmcast.lessons import l00_start_here

    assert lesson.dataset_tour is l00_start_here.dataset_tour
