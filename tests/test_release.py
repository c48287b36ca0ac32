"""Release hygiene: licences, citation, changelog, project URLs, and Binder pinned to a tag with a locked environment.

Nothing here hard-codes a dependency name or a version: the lock is compared with pyproject.toml, the tag with
pyproject's version, the data licence with datapackage.json.
"""

from __future__ import annotations

import json
import re
import tomllib

import jsonschema
import pytest
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
VERSION = PROJECT["version"]
TAG = f"v{VERSION}"
REPO = "swarmcast-course/swarmcast"
LOCK = ROOT / "binder" / "requirements.txt"
CFF_SCHEMA = ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json"


def _binder_python() -> str:
    """The Python version Binder builds with (binder/runtime.txt, e.g. python-3.12)."""
    text = (ROOT / "binder" / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", text)
    assert match, f"binder/runtime.txt should read python-3.X, not {text!r}"
    return match.group(1)


def _lock_lines() -> list[str]:
    return [ln.strip() for ln in LOCK.read_text().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _lock() -> dict[str, str]:
    pins = {}
    for line in _lock_lines()[:-1]:
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][A-Za-z0-9.+!-]*)", line)
        assert match, f"binder/requirements.txt: {line!r} is not an exact pin (name==version); regenerate with `make lock`"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"binder/requirements.txt pins {name} twice"
        pins[name] = match.group(2)
    return pins


# ------------------------------------------------------------------------------------------------
# Licences
# ------------------------------------------------------------------------------------------------


def test_code_is_mit_and_pyproject_names_every_licence_file():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    assert "MIT" in PROJECT["license"].split()
    for name in PROJECT["license-files"]:
        assert (ROOT / name).is_file(), f"pyproject's license-files names {name}, which does not exist"


def test_content_licence_is_cc_by_4_and_says_what_each_licence_covers():
    text = (ROOT / "LICENSE-content.md").read_text()
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    for covered in ("lessons/", "instructor_guide/", "exercises/", "solutions/", "src/swarmcast/data/", "code cell"):
        assert covered in text, f"LICENSE-content.md does not say which licence covers {covered}"


def test_data_licence_agrees_in_datapackage_readme_pyproject_and_content_licence():
    package = json.loads((ROOT / "src" / "swarmcast" / "data" / "datapackage.json").read_text())
    names = [lic["name"] for lic in package["licenses"]]
    assert names == ["CC-BY-4.0"], f"the README and LICENSE-content.md state CC BY 4.0 for the data; datapackage.json says {names}"
    assert "CC-BY-4.0" in PROJECT["license"].split(), "the wheel ships the data package: its licence expression must include it"
    readme = (ROOT / "README.md").read_text()
    licence_section = readme.split("## Licence", 1)[1]
    assert "CC BY 4.0" in licence_section and "datapackage.json" in licence_section
    assert "MIT" in licence_section and "LICENSE-content.md" in licence_section


# ------------------------------------------------------------------------------------------------
# CITATION.cff, CHANGELOG.md, [project.urls]
# ------------------------------------------------------------------------------------------------


def test_citation_cff_is_valid_cff_1_2_0_and_matches_pyproject():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    schema = json.loads(CFF_SCHEMA.read_text())
    jsonschema.validate(cff, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == VERSION, "CITATION.cff's version must follow pyproject.toml's"
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    assert set(licences) == set(PROJECT["license"].split(" AND "))
    assert cff["repository-code"] == PROJECT["urls"]["Source"]


def test_cff_schema_check_rejects_a_broken_citation():
    """The schema really checks: a citation without authors, or with a bad licence id, fails."""
    schema = json.loads(CFF_SCHEMA.read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    for broken in ({k: v for k, v in cff.items() if k != "authors"}, {**cff, "license": "MIT-ish"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_changelog_keeps_a_changelog_with_this_version_and_the_first():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "keepachangelog.com" in text
    headings = re.findall(r"^## \[([^\]]+)\](.*)$", text, re.M)
    versions = [v for v, _ in headings]
    assert versions[0] == "Unreleased" or versions[0] == VERSION, "the newest section comes first"
    assert VERSION in "".join(f"{v}{rest}" for v, rest in headings), f"no changelog section for {VERSION}"
    assert re.search(r"^## \[0\.1\.0\] - \d{4}-\d{2}-\d{2}$", text, re.M), "0.1.0 needs its release date"
    for kind in re.findall(r"^### (.+)$", text, re.M):
        assert kind in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kind
    for version in versions:
        assert re.search(rf"^\[{re.escape(version)}\]: https://github\.com/{REPO}/", text, re.M), f"no link for [{version}]"


def test_project_urls_point_at_the_public_repository_and_the_tagged_binder():
    urls = PROJECT["urls"]
    assert urls["Source"] == f"https://github.com/{REPO}"
    assert urls["Issues"].startswith(urls["Source"])
    assert urls["Changelog"].startswith(urls["Source"]) and urls["Changelog"].endswith("CHANGELOG.md")
    assert urls["Homepage"].startswith("https://")
    assert f"/v2/gh/{REPO}/{TAG}?" in urls["Binder"]


# ------------------------------------------------------------------------------------------------
# Binder: a tag and a lock
# ------------------------------------------------------------------------------------------------


def test_binder_lock_is_exact_pins_then_the_course_itself():
    lines = _lock_lines()
    assert lines[-1] == ".[lab]", "the last line of binder/requirements.txt installs the course itself, with its lab extra"
    assert "make lock" in LOCK.read_text().splitlines()[0]
    pins = _lock()
    assert canonicalize_name(PROJECT["name"]) not in pins, "the course is installed from the checkout, not pinned"
    assert "jupyterlab" in pins, "Binder opens JupyterLab: the lock pins it"


def test_binder_lock_covers_every_runtime_dependency_of_pyproject():
    """Every dependency in pyproject.toml and its "lab" extra (for Binder's Python) is pinned, at a version pyproject
    allows (Binder runs the course in JupyterLab: numba, vl-convert and jupyterlab come with the "lab" extra).

    Fails after a dependency is added, removed from the lock or re-bounded: run `make lock`.
    """
    pins = _lock()
    env = {**default_environment(), "python_version": _binder_python(), "python_full_version": _binder_python() + ".0"}
    missing, outside = [], []
    for spec in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["lab"]:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        if name not in pins:
            missing.append(req.name)
        elif not req.specifier.contains(pins[name], prereleases=True):
            outside.append(f"{req.name}=={pins[name]} (pyproject: {req.specifier})")
    assert not missing, f"binder/requirements.txt does not pin {missing}: run `make lock`"
    assert not outside, f"binder/requirements.txt pins versions pyproject.toml forbids: {outside}: run `make lock`"


def test_readme_first_screen_offers_site_lite_and_binder_at_the_release_tag():
    text = (ROOT / "README.md").read_text()
    first_screen = text.split("\n## ", 1)[0]
    links = re.findall(r"\]\((https?://[^)\s]+)\)", first_screen)
    site = [u for u in links if u.startswith("https://swarmcast-course.github.io/swarmcast/") and "/lite" not in u]
    lite = [u for u in links if u.rstrip("/").endswith("/swarmcast/lite")]
    binder = [u for u in links if u.startswith("https://mybinder.org/v2/gh/")]
    assert site and lite and binder, f"the first screen must link the site, the Lite build and Binder; found {links}"
    assert all(f"/v2/gh/{REPO}/{TAG}?" in u for u in binder), f"Binder links must name the release tag {TAG}: {binder}"
    assert re.search(r"\*\*Which to choose:\*\*", first_screen), "one line on which to choose"
    assert "HEAD" not in "".join(binder)


def test_make_lock_freezes_a_fresh_install_of_pyproject_into_the_binder_lock():
    import subprocess

    out = subprocess.run(["make", "-n", "lock"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-m venv" in out and "pip install --quiet '.[lab]'" in out  # the course with its JupyterLab extra
    assert "pip freeze --exclude swarmcast" in out and "binder/requirements.txt" in out
    assert out.index("-m venv") < out.index("pip install --quiet '.[lab]'") < out.index("pip freeze")
