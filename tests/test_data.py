"""Promises of the course data package (src/swarmcast/data) and its loader."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from swarmcast import data
from swarmcast.data import DataPackageError

PACKAGE = Path(data.__file__).resolve().parent
DESCRIPTOR = PACKAGE / "datapackage.json"
BIB = PACKAGE / "references.bib"

EXPECTED_RESOURCES = {
    "twitter_transparency", "twitter_blog_2016", "ctc_visual_output", "zelin_2015", "winter_census_2015",
    "winter_themes", "twitter_census_2014", "conway_takedown", "crest_telegram", "gifct_hashes",
    "platform_proactive", "offline_pressure", "foreign_fighters", "small_platforms", "aggregates_johnson_2016",
    "attention_2018", "timeline",
}
COMMON_COLUMNS = ["row_id", "measure", "value", "unit", "period_start", "period_end", "bound", "source_id",
                  "verification", "fact_id", "note"]

# Scholarly, official, company and news domains a URL in the package may point to. Anything else
# (in particular sites that host primary propaganda) fails the test.
ALLOWED_URL_DOMAINS = {
    "blog.twitter.com", "ctc.westpoint.edu", "about.fb.com", "gifct.org", "github.com", "doi.org",
    "creativecommons.org", "icsr.info", "crestresearch.ac.uk", "extremism.gwu.edu", "europol.europa.eu",
    "terrorismanalytics.org", "techagainstterrorism.org", "voxpol.eu", "brookings.edu", "science.org",
    "nature.com", "arxiv.org",
}
# Names that must never appear anywhere in the package: a propaganda archive and propaganda outlets.
FORBIDDEN_WORDS = ["jihadology", "nashir", "amaq", "wafa", "quraysh", "al-hayat", "dabiq", "rumiyah"]


def package_files() -> list[Path]:
    return sorted([DESCRIPTOR, BIB, PACKAGE / "references.json", *PACKAGE.glob("*.csv")])


def all_tables() -> dict[str, pd.DataFrame]:
    return {name: data.load(name) for name in data.names()}


def row(df: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for col, val in where.items():
        mask &= df[col] == val
    found = df[mask]
    assert len(found) == 1, f"expected one row where {where}, found {len(found)}"
    return found.iloc[0]


def bib_keys() -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.M)


# ----------------------------------------------------------------------------- the package as a whole

def test_package_validates_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DESCRIPTOR))
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, f"frictionless found errors: {errors[:20]}"


def test_resource_names_are_the_documented_api():
    assert set(data.names()) == EXPECTED_RESOURCES
    assert data.names() == sorted(data.names())


def test_every_table_has_the_common_columns_and_a_unique_row_id():
    for name, df in all_tables().items():
        missing = [c for c in COMMON_COLUMNS if c not in df.columns]
        assert not missing, f"{name} lacks {missing}"
        assert df["row_id"].is_unique, name
        assert df["row_id"].str.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*").all(), name


def test_row_ids_are_unique_across_the_package():
    ids = pd.concat([df["row_id"] for df in all_tables().values()])
    assert ids.is_unique, ids[ids.duplicated()].tolist()


def test_at_least_40_rows_across_at_least_8_tables():
    tables = all_tables()
    assert len(tables) >= 8
    assert sum(len(df) for df in tables.values()) >= 40
    assert all(len(df) >= 1 for df in tables.values())


def test_fact_ids_look_like_facts_row_numbers():
    for name, df in all_tables().items():
        bad = df.loc[~df["fact_id"].str.fullmatch(r"\d{1,2}\.\d{1,2}"), "fact_id"].tolist()
        assert not bad, f"{name}: {bad}"


def test_every_source_id_resolves_in_references_bib():
    keys = set(bib_keys())
    for name, df in all_tables().items():
        missing = set(df["source_id"]) - keys
        assert not missing, f"{name} cites ids missing from references.bib: {sorted(missing)}"


def test_every_bib_entry_is_used_once_and_has_author_title_year():
    keys = bib_keys()
    assert len(keys) == len(set(keys)), "a key appears twice in references.bib"
    used = set(pd.concat([df["source_id"] for df in all_tables().values()]))
    assert set(keys) == used, f"unused entries: {sorted(set(keys) - used)}"
    import bibtexparser

    entries = bibtexparser.loads(BIB.read_text(encoding="utf-8")).entries
    for e in entries:
        for field in ("author", "title", "year"):
            assert e.get(field), f"{e['ID']} has no {field}"
        assert re.fullmatch(r"\d{4}|n\.d\.", e["year"]), e["ID"]


def test_value_is_empty_only_in_the_timeline():
    for name, df in all_tables().items():
        if name == "timeline":
            assert df["value"].isna().all()
        else:
            assert df["value"].notna().all(), f"{name} has rows with no value"


def test_unverified_rows_say_so_in_their_note():
    for name, df in all_tables().items():
        u = df[df["verification"] == "U"]
        for _, r in u.iterrows():
            assert isinstance(r["note"], str) and "nverified" in r["note"], f"{name}/{r['row_id']}"


def test_no_url_points_outside_the_allow_list_and_no_propaganda_names():
    url_re = re.compile(r"(?:https?://|www\.)[^\s\"'}{,)]+", re.I)
    for path in package_files():
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        for word in FORBIDDEN_WORDS:
            assert word not in lowered, f"{path.name} mentions {word!r}"
        for url in url_re.findall(text):
            host = urlparse(url if "://" in url else "https://" + url).hostname or ""
            ok = any(host == d or host.endswith("." + d) for d in ALLOWED_URL_DOMAINS)
            assert ok, f"{path.name}: {url} is outside the allow-list"


def test_descriptor_has_license_sources_and_per_resource_metadata():
    desc = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    assert desc["licenses"] and desc["sources"]
    for res in desc["resources"]:
        for key in ("name", "path", "title", "description", "format", "mediatype", "encoding", "sources"):
            assert res.get(key), f"{res['name']} lacks {key}"
        assert res["schema"]["primaryKey"] == ["row_id"]
        by_name = {f["name"]: f for f in res["schema"]["fields"]}
        assert by_name["bound"]["constraints"]["enum"] == ["exact", "at_least", "at_most", "approx"]
        assert by_name["verification"]["constraints"]["enum"] == ["V1", "V2", "U"]


# ----------------------------------------------------------------------------- consistency checks from facts.md

def test_twitter_cumulative_anchors_equal_the_half_years_added():
    df = data.load("twitter_transparency")
    half = df[df["measure"] == "suspensions"].set_index("period_start")["value"]
    cum = df[df["measure"] == "suspensions_cumulative"].set_index("period_end")["value"]
    h1_2017, h2_2017 = half[pd.Timestamp("2017-01-01")], half[pd.Timestamp("2017-07-01")]
    assert cum[pd.Timestamp("2016-12-31")] + h1_2017 == cum[pd.Timestamp("2017-06-30")] == 935_897
    assert cum[pd.Timestamp("2017-06-30")] + h2_2017 == cum[pd.Timestamp("2017-12-31")] == 1_210_357


def test_stated_h2_2017_change_matches_the_counts():
    df = data.load("twitter_transparency")
    half = df[df["measure"] == "suspensions"].set_index("period_start")["value"]
    computed = (half[pd.Timestamp("2017-07-01")] / half[pd.Timestamp("2017-01-01")] - 1) * 100
    stated = row(df, measure="stated_change_from_previous_period", period_start=pd.Timestamp("2017-07-01"))
    assert stated["value"] == -8.4
    assert abs(computed - stated["value"]) < 0.05


def test_ctc_peak_to_low_is_a_94_percent_fall():
    df = data.load("ctc_visual_output")
    upd = df[df["collection"] == "ctc_2018_update"]
    peak = row(upd, measure="monthly_releases", period_start=pd.Timestamp("2015-08-01"))["value"]
    low = row(upd, measure="monthly_releases", period_start=pd.Timestamp("2018-06-01"))["value"]
    fall = row(upd, measure="fall_from_peak")["value"]
    assert (peak, low) == (754, 44)
    assert round((peak - low) / peak * 100) == fall == 94


def test_other_consistency_checks_hold_in_the_data():
    op = data.load("offline_pressure")
    strikes = op[op["period_end"] == pd.Timestamp("2015-12-15")].set_index("area")["value"]
    assert strikes["iraq"] + strikes["syria"] == strikes["all"] == 9_782
    sp = data.load("small_platforms")
    urls = sp[(sp["measure"] == "urls_submitted") & (sp["period_start"] == pd.Timestamp("2021-12-01"))]
    by_group = urls.set_index("content_group")["value"]
    assert by_group["islamist"] + by_group["far_right"] == by_group["all"] == 18_995
    wc = data.load("winter_census_2015")
    events = row(wc, measure="propaganda_events", count_basis="full_archive")["value"]
    days = row(wc, measure="collection_days")["value"]
    per_day = row(wc, measure="propaganda_events_per_day")["value"]
    assert abs(events / days - per_day) < 0.5
    tc = data.load("twitter_census_2014")
    share = row(tc, measure="share_of_sample_suspended")["value"]
    assert abs(row(tc, measure="suspensions_in_sample")["value"]
               / row(tc, measure="demographic_sample_size")["value"] * 100 - share) < 0.05


def test_super_aggregate_threshold_row_is_one_over_n_ln_n():
    ag = data.load("aggregates_johnson_2016")
    n = row(ag, measure="model_population")["value"]
    threshold = row(ag, measure="super_aggregate_threshold")
    assert threshold["value"] == pytest.approx(1 / (n * math.log(n)), rel=1e-12)
    assert threshold["bound"] == "exact" and "omputed" in threshold["note"]
    mean = row(ag, measure="mean_aggregate_size", kind="computed")["value"]
    assert mean == pytest.approx(108_086 / 196, abs=0.01)


# ----------------------------------------------------------------------------- contested values

def test_contested_ctc_counts_carry_the_right_verification():
    df = data.load("ctc_visual_output")
    aug_2015 = df[(df["measure"] == "monthly_releases") & (df["period_start"] == pd.Timestamp("2015-08-01"))]
    by_value = aug_2015.set_index("value")
    assert by_value.loc[754, "verification"] == "V1"
    assert by_value.loc[754, "collection"] == "ctc_2018_update"
    assert by_value.loc[761, "verification"] == "U"
    assert by_value.loc[700, "bound"] == "at_least"
    aug_2016 = df[(df["measure"] == "monthly_releases") & (df["period_start"] == pd.Timestamp("2016-08-01"))]
    assert set(aug_2016.loc[aug_2016["value"] == 194, "verification"]) == {"U"}
    assert aug_2016.loc[aug_2016["value"] == 200, "bound"].tolist() == ["at_most"]


def test_forty_thousand_foreign_fighters_is_the_soufan_centers_figure():
    df = data.load("foreign_fighters")
    forty = df[(df["measure"] == "foreign_fighters") & (df["value"] == 40_000)]
    verified = forty[forty["verification"] != "U"]
    assert verified["attributed_to"].tolist() == ["the_soufan_center"]
    us_claim = forty[forty["attributed_to"] == "us_government_per_source_article"]
    assert us_claim["verification"].tolist() == ["U"]
    us_official = df[(df["measure"] == "foreign_fighters") & (df["attributed_to"] != "the_soufan_center")
                     & (df["verification"] != "U")]
    assert set(us_official["value"]) == {20_000, 30_000}


def test_bounds_and_units_follow_the_source_wording():
    blog = data.load("twitter_blog_2016")
    first = row(blog, source_id="twitter2016blog_feb", measure="suspensions")
    assert (first["value"], first["bound"], first["verification"]) == (125_000, "at_least", "V1")
    assert row(blog, source_id="twitter2016blog_aug", measure="suspensions")["verification"] == "V2"
    op = data.load("offline_pressure")
    rev = row(op, measure="annual_revenue", period_start=pd.Timestamp("2016-01-01"), verification="V1")
    assert (rev["value"], rev["unit"], rev["bound"]) == (870_000_000, "usd", "at_most")
    tt = data.load("twitter_transparency")
    share = row(tt, measure="share_surfaced_by_internal_tools", period_start=pd.Timestamp("2016-07-01"))
    assert (share["value"], share["unit"]) == (74, "percent")


def test_unverified_platform_figures_are_left_out():
    pp = data.load("platform_proactive")
    assert not ((pp["platform"] == "youtube") & (pp["value"] == 98)).any()
    assert not (pp["value"] == 99.5).any()
    assert (pp["verification"] != "U").all()


# ----------------------------------------------------------------------------- load()

def test_load_gives_typed_columns_and_attrs():
    df = data.load("twitter_transparency")
    assert df["value"].dtype == "float64"
    assert str(df["period_start"].dtype).startswith("datetime64")
    assert str(df["period_end"].dtype).startswith("datetime64")
    assert isinstance(df["bound"].dtype, pd.CategoricalDtype)
    assert list(df["bound"].cat.categories) == ["exact", "at_least", "at_most", "approx"]
    assert list(df["verification"].cat.categories) == ["V1", "V2", "U"]
    assert isinstance(df["unit"].dtype, pd.CategoricalDtype)
    assert df["measure"].dtype == "string" and df["note"].dtype == "string"
    assert df["report_number"].dtype == "Int64" and df["report_number"].isna().any()
    assert df.attrs["name"] == "twitter_transparency"
    assert df.attrs["title"] and df.attrs["description"]
    assert {s["source_id"] for s in df.attrs["sources"]} == set(df["source_id"])
    assert isinstance(data.load("conway_takedown")["group"].dtype, pd.CategoricalDtype)


def test_load_returns_a_copy_that_cannot_corrupt_the_cache():
    df = data.load("ctc_visual_output")
    df.loc[:, "value"] = -1.0
    df.attrs["title"] = "changed"
    again = data.load("ctc_visual_output")
    assert (again["value"] >= 0).all()
    assert again.attrs["title"] != "changed"


def test_unknown_name_error_lists_the_available_names():
    with pytest.raises(ValueError) as info:
        data.load("twiter_transparency")
    msg = str(info.value)
    assert "unknown dataset 'twiter_transparency'" in msg
    assert "did you mean 'twitter_transparency'" in msg
    for name in data.names():
        assert name in msg
    with pytest.raises(ValueError, match="available"):
        data.load(3)


def test_package_dir_reads_another_copy(tmp_path):
    copy = copy_package(tmp_path)
    path = copy / "ctc_visual_output.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",754,", ",755,"), encoding="utf-8")
    assert 755 in set(data.load("ctc_visual_output", package_dir=copy)["value"])
    assert 755 not in set(data.load("ctc_visual_output")["value"])
    with pytest.raises(ValueError, match="package_dir"):
        data.load("ctc_visual_output", package_dir=tmp_path / "nowhere")


# ----------------------------------------------------------------------------- damaged files

def copy_package(tmp_path: Path) -> Path:
    dest = tmp_path / "pkg"
    dest.mkdir()
    for path in package_files():
        shutil.copy(path, dest / path.name)
    return dest


def rewrite(path: Path, edit) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(row_index: int, column: str, value: str):
    def edit(rows):
        rows[row_index + 1][rows[0].index(column)] = value
        return rows
    return edit


def drop_column(column: str):
    def edit(rows):
        i = rows[0].index(column)
        return [r[:i] + r[i + 1:] for r in rows]
    return edit


def copy_row_id(from_index: int, to_index: int):
    def edit(rows):
        rows[to_index + 1][0] = rows[from_index + 1][0]
        return rows
    return edit


@pytest.mark.parametrize(
    "edit, line, column, hint",
    [
        (set_cell(2, "value", "abc"), 4, "value", "not a number"),
        (set_cell(0, "verification", "V3"), 2, "verification", "allowed: V1, V2, U"),
        (set_cell(4, "bound", "roughly"), 6, "bound", "allowed: exact, at_least, at_most, approx"),
        (set_cell(1, "period_end", "31/12/2016"), 3, "period_end", "YYYY-MM-DD"),
        (set_cell(3, "source_id", ""), 5, "source_id", "required"),
        (drop_column("unit"), 1, "unit", "missing"),
        (copy_row_id(1, 5), 7, "row_id", "line 3"),
    ],
    ids=["text_in_value", "bad_verification", "bad_bound", "bad_date", "empty_required", "missing_column",
         "duplicate_row_id"],
)
def test_damaged_file_raises_an_error_naming_file_line_and_column(tmp_path, edit, line, column, hint):
    copy = copy_package(tmp_path)
    rewrite(copy / "twitter_transparency.csv", edit)
    with pytest.raises(DataPackageError) as info:
        data.load("twitter_transparency", package_dir=copy)
    msg = str(info.value)
    assert "twitter_transparency.csv" in msg
    assert f"line {line}, column '{column}'" in msg
    assert hint in msg
    assert (info.value.line, info.value.column) == (line, column)
    assert isinstance(info.value, ValueError)


def test_row_with_a_stray_comma_is_reported_not_silently_shifted(tmp_path):
    copy = copy_package(tmp_path)
    path = copy / "twitter_transparency.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",376890,", ",376,890,"), encoding="utf-8")
    with pytest.raises(DataPackageError, match=r"twitter_transparency.csv, line 2, column 'note': the row has 13 cells"):
        data.load("twitter_transparency", package_dir=copy)


def test_damaged_cell_is_caught_even_after_a_clean_load(tmp_path):
    copy = copy_package(tmp_path)
    data.load("zelin_2015", package_dir=copy)
    rewrite(copy / "zelin_2015.csv", set_cell(0, "value", "lots"))
    with pytest.raises(DataPackageError, match=r"zelin_2015.csv, line 2, column 'value'"):
        data.load("zelin_2015", package_dir=copy)


def test_validate_reports_a_source_missing_from_the_bib(tmp_path):
    copy = copy_package(tmp_path)
    data.validate(package_dir=copy)
    rewrite(copy / "zelin_2015.csv", set_cell(0, "source_id", "nosuchsource2099"))
    with pytest.raises(DataPackageError, match="nosuchsource2099"):
        data.validate(package_dir=copy)


# ----------------------------------------------------------------------------- citations and provenance

def test_cite_gives_author_year_and_title():
    text = data.cite("milton2018downbutnotout")
    assert text.startswith("Milton, D. (2018).")
    assert "Down, but Not Out" in text and "Combating Terrorism Center" in text
    secondary = data.cite("twitter2017tr10")
    assert "Twitter (2017)" in secondary and "As reported by" in secondary
    assert "(n.d.)" in data.cite("gifctnd_partners")


def test_cite_unknown_id_lists_close_matches():
    with pytest.raises(ValueError, match="milton2018downbutnotout"):
        data.cite("milton2018downbutnot")


def test_sources_view_counts_rows_and_verification_levels():
    df = data.load("ctc_visual_output")
    src = data.sources("ctc_visual_output")
    assert set(src["source_id"]) == set(df["source_id"])
    assert src["rows"].sum() == len(df)
    assert (src["V1"] + src["V2"] + src["U"] == src["rows"]).all()
    mcintosh = src[src["source_id"] == "mcintosh2017cracks"].iloc[0]
    assert (mcintosh["U"], mcintosh["V1"]) == (2, 0)
    assert "McIntosh" in mcintosh["citation"]


def test_describe_summarises_title_rows_and_verification():
    text = data.describe("ctc_visual_output")
    df = data.load("ctc_visual_output")
    counts = df["verification"].value_counts()
    assert df.attrs["title"] in text
    assert f"{len(df)} rows" in text
    for level in ("V1", "V2", "U"):
        assert f"{counts[level]} {level}" in text
    assert "milton2018downbutnotout" in text


def test_import_does_not_load_altair_frictionless_or_bibtexparser():
    code = ("import sys, swarmcast.data as d; d.load('timeline'); "
            "print(sorted(m for m in ('altair', 'frictionless', 'bibtexparser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# ----------------------------------------------------------------------------- pre-rendered citations

_BLOCK_BIBTEXPARSER = (
    "import sys\n"
    "class _Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] == 'bibtexparser':\n"
    "            raise ModuleNotFoundError(\"No module named 'bibtexparser'\")\n"
    "sys.meta_path.insert(0, _Block())\n"
)


def test_references_json_is_up_to_date_with_references_bib():
    from swarmcast.data._references import citations_document

    shipped = (PACKAGE / "references.json").read_text(encoding="utf-8")
    assert shipped == citations_document(PACKAGE), "references.json is stale: run python tools/render_references.py"
    doc = json.loads(shipped)
    assert set(doc["citations"]) == set(bib_keys())
    tool = subprocess.run([sys.executable, "tools/render_references.py", "--check"], cwd=PACKAGE.parents[2],
                          capture_output=True, text=True)
    assert tool.returncode == 0, tool.stdout + tool.stderr


def test_cite_needs_no_bibtexparser():
    code = _BLOCK_BIBTEXPARSER + (
        "from swarmcast import data\n"
        "print(data.cite('milton2018downbutnotout'))\n"
        "print(len(data.sources('ctc_visual_output')), 'bibtexparser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == data.cite("milton2018downbutnotout") and lines[0].startswith("Milton, D. (2018).")
    assert lines[1] == f"{len(data.sources('ctc_visual_output'))} False"


def _edit_a_title(copy: Path) -> None:
    bib = copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    assert "Down, but Not Out" in text
    bib.write_text(text.replace("Down, but Not Out", "Down, but Still Not Out", 1), encoding="utf-8")


def test_an_edited_bib_is_rendered_afresh_when_bibtexparser_is_installed(tmp_path):
    copy = copy_package(tmp_path)
    assert data.cite("milton2018downbutnotout", package_dir=copy) == data.cite("milton2018downbutnotout")
    _edit_a_title(copy)
    assert "Down, but Still Not Out" in data.cite("milton2018downbutnotout", package_dir=copy)


def test_an_edited_bib_without_bibtexparser_says_how_to_render(tmp_path):
    copy = copy_package(tmp_path)
    _edit_a_title(copy)
    code = _BLOCK_BIBTEXPARSER + f"from swarmcast import data\ndata.cite('milton2018downbutnotout', package_dir={str(copy)!r})\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode != 0
    assert "DataPackageError" in out.stderr and "tools/render_references.py" in out.stderr, out.stderr
    assert "another version of references.bib" in out.stderr


def test_a_damaged_references_json_is_reported(tmp_path):
    copy = copy_package(tmp_path)
    (copy / "references.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataPackageError, match="references.json"):
        data.cite("milton2018downbutnotout", package_dir=copy)
