"""The course on the web: the static site (`make site`) and the JupyterLite build (`make lite`) in headless Chromium.

Both are built once per test run (shared by the xdist workers through a lock file), served from one local
HTTP server (the site at /, the Lite build at /lite/, as they are published), and opened in Debian's chromium
with Playwright. Every request a page makes is routed: one that would leave the local server is refused and
fails the test. Accessibility is checked with axe-core (npm package, installed by `npm ci` from package.json).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from conftest import ROOT, lesson_notebooks

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "grading"))
from synthetic_course import build_once  # noqa: E402

from browser_harness import CHROMIUM, chromium_browser  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [pytest.mark.browser, pytest.mark.slow]

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser tests: install Debian's chromium (make test does it as root)", pytrace=False)
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
try:
    import myst_nb  # noqa: F401
    import jupyterlite_core  # noqa: F401
except ImportError:
    if os.environ.get("CI"):
        pytest.fail("CI must build the site: install the [site] extra (make test does it)", pytrace=False)
    pytest.skip("the [site] extra is not installed (pip install -e '.[site]')", allow_module_level=True)

LESSONS = [p.name for p in lesson_notebooks()]


def _build(folder: Path) -> None:
    www = folder / "www"
    for what, out in (("site", www), ("lite", www / "lite")):
        subprocess.run([sys.executable, str(ROOT / "site" / "build.py"), what, "--out", str(out), "--work",
                        str(folder / "work")], check=True, cwd=ROOT)


@pytest.fixture(scope="session")
def www(request, tmp_path_factory) -> Path:
    return build_once(request, tmp_path_factory, "site-and-lite", _build) / "www"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(www):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


class GuardedPage:
    """A page whose every request is routed: local ones go on, any other is refused and recorded."""

    def __init__(self, browser, base: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.base, self.outside, self.errors = base, [], []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname
        if url.startswith(self.base) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def goto(self, path: str):
        response = self.page.goto(f"{self.base}/{path}", wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page

    def close(self):
        self.page.close()


@pytest.fixture
def guarded(browser, server):
    pages = []

    def make():
        pages.append(GuardedPage(browser, server))
        return pages[-1]

    yield make
    for p in pages:
        p.close()


def _code_sources(name: str) -> str:
    nb = json.loads((ROOT / "lessons" / name).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def test_every_lesson_and_page_is_built(www):
    info = json.loads((www / "build-info.json").read_text())
    assert info["lessons"] == LESSONS
    for name in LESSONS:
        assert (www / "lessons" / name.replace(".ipynb", ".html")).is_file(), name
    assert (www / "lessons" / "wellbeing.html").is_file()
    assert (www / "references.html").is_file()
    for page in info["guide"]:
        assert (www / page).with_suffix(".html").is_file(), page
    for page in info["withheld"]:  # pages with solutions or hidden tests are not published
        assert not (www / page).with_suffix(".html").exists(), page
        assert not (www / "_sources" / page).exists(), page
    html = "\n".join(p.read_text(encoding="utf-8") for p in www.rglob("*.html"))
    for marker in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS", "@@SWARMCAST_LESSON@@"):
        assert marker not in html
    assert any("rubrics" in page for page in info["withheld"]) or not list((ROOT / "instructor_guide").rglob("rubrics/*.md"))


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_page_renders_charts_and_self_checks_offline(name, guarded):
    gp = guarded()
    page = gp.goto(f"lessons/{name.replace('.ipynb', '.html')}")
    assert page.locator("h1").first.inner_text().strip(), "the lesson page has no title"
    source = _code_sources(name)
    # every cell ran at build time: no error output on the page, no widget left undrawn
    assert page.locator(".output.traceback, .output.error").count() == 0
    assert page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count() == 0
    assert "<swarmcast static output>" not in page.content()
    # every chart is an SVG with alt text and a visible caption
    figures = page.locator("figure.swarmcast-static-chart")
    expected = source.count("charts.show(")
    assert figures.count() >= max(1, expected), f"{figures.count()} charts drawn, {expected} charts.show calls"
    for i in range(figures.count()):
        fig = figures.nth(i)
        image = fig.locator("svg[role=img], img[alt]").first  # a chart of thousands of marks is a PNG
        if image.evaluate("e => e.tagName.toLowerCase()") == "svg":
            assert len(image.get_attribute("aria-label") or "") > 20
            assert image.locator("path, rect, line, circle, text").count() > 5, "an empty chart"
        else:
            assert len(image.get_attribute("alt") or "") > 20
            assert image.evaluate("e => e.complete && e.naturalWidth") > 100, "an image that did not load"
        assert image.bounding_box()["width"] > 100
        assert len(fig.locator("figcaption").inner_text().strip()) > 20
    # every self-check of the notebook is on the page
    asks = len(re.findall(r"checks\.ask\(", source))
    assert page.locator("form.swarmcast-selfcheck").count() == asks
    # every explorer links to the same lesson in JupyterLite and on Binder
    for link in page.locator("a.swarmcast-live-lite").all():
        href = link.get_attribute("href")
        assert href.endswith(f"path={urllib.parse.quote('lessons/' + name)}"), href
        target = urllib.parse.urljoin(page.url, href.split("?")[0])
        assert urllib.request.urlopen(target).status == 200
    for link in page.locator("a.swarmcast-live-binder").all():
        assert link.get_attribute("href").endswith(urllib.parse.quote(f"lessons/{name}", safe="")), link
    assert gp.outside == [], f"requests left the local server: {gp.outside}"
    assert gp.errors == [], gp.errors


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_page_has_no_serious_accessibility_violation(name, guarded):
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` in the repository (make test does it)")
    gp = guarded()
    page = gp.goto(f"lessons/{name.replace('.ipynb', '.html')}")
    bad = _axe(page)
    report = [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}" for v in bad]
    assert bad == [], "\n".join(report)


def _first(page, kind: str):
    from swarmcast import checks

    for form in page.locator("form.swarmcast-selfcheck").all():
        q = checks.get(form.get_attribute("data-qid"))
        if isinstance(q, checks.Numeric if kind == "numeric" else checks.Choice):
            return form, q
    return None, None


def test_self_checks_give_the_python_verdict_in_the_page(guarded, tmp_path):
    """Answer a typed and a picked question right and wrong, as a reader does; then every question of the
    bank through the page's checker, compared with swarmcast.checks for the same answers."""
    from swarmcast import checks

    gp = guarded()
    done = set()
    for name in LESSONS:
        page = gp.goto(f"lessons/{name.replace('.ipynb', '.html')}")
        for kind in ("numeric", "choice"):
            form, q = _first(page, kind) if kind not in done else (None, None)
            if form is None:
                continue
            wrong = q.answer + 10 * q.tolerance + 1 if kind == "numeric" else next(o for o in q.options if o != q.correct)
            right = q.answer if kind == "numeric" else q.correct
            for value in (wrong, right):
                if kind == "numeric":
                    form.locator("input.swarmcast-answer").fill(f"{value:g}")
                else:
                    form.locator("input[type=radio]").nth(q.options.index(value)).check()
                form.locator("button.swarmcast-check").click()
                fb = q.check(f"{value:g}" if kind == "numeric" else value)
                shown = form.locator(".swarmcast-feedback").inner_text()
                assert shown == ("\u2713 " if fb.correct else "\u2717 ") + fb.message
                assert fb.correct == (value == right)
            form.scroll_into_view_if_needed()
            form.screenshot(path=str(tmp_path / f"selfcheck-{kind}.png"))
            done.add(kind)
        if done == {"numeric", "choice"}:
            break
    assert done == {"numeric", "choice"}, "no lesson has both a typed and a picked self-check"
    # the same verdict and message as Python, for every question and a spread of answers
    cases = []
    for qid in checks.ids():
        q = checks.get(qid)
        if isinstance(q, checks.Numeric):
            answers = [str(q.answer), f"{q.answer + q.tolerance * 0.5}", f"{q.answer + 3 * q.tolerance + 1}",
                       f"{q.answer:,}", f"{q.answer}%", "", "abc", "inf", "1e3", " 12 "]
        else:
            answers = list(q.options) + ["not an option"]
        cases += [(qid, a) for a in answers]
    got = page.evaluate("cases => cases.map(([qid, a]) => window.swarmcastCheck(qid, a))", cases)
    for (qid, answer), js in zip(cases, got):
        fb = checks.get(qid).check(answer)
        assert (js["correct"], js["message"]) == (fb.correct, fb.message), (qid, answer)
    assert gp.outside == []


def test_other_pages_render_offline(www, guarded):
    info = json.loads((www / "build-info.json").read_text())
    gp = guarded()
    for path in ["index.html", "lessons/wellbeing.html", "references.html"] + [
            str(Path(p).with_suffix(".html")) for p in info["guide"]]:
        page = gp.goto(path)
        assert page.locator("h1").count() >= 1, path
    page = gp.goto("references.html")
    assert page.locator("article li").count() >= 20
    page = gp.goto("index.html")
    lite = page.locator('a[href="lite/lab/index.html"]')
    assert lite.count() == 1 and urllib.request.urlopen(urllib.parse.urljoin(page.url, "lite/lab/index.html")).status == 200
    assert gp.outside == [], f"requests left the local server: {gp.outside}"


# ----------------------------------------------------------------------------------------------------------------
# JupyterLite: what this machine can check without Pyodide's CDN
# ----------------------------------------------------------------------------------------------------------------


def test_lite_opens_and_lists_the_lessons(guarded):
    gp = guarded()
    page = gp.goto("lite/lab/index.html")
    page.locator(".jp-DirListing-item", has_text="lessons").first.dblclick(timeout=60_000)
    for name in LESSONS:
        page.locator(".jp-DirListing-item", has_text=name).first.wait_for(timeout=30_000)
    assert gp.errors == [], gp.errors


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url) as r:
        assert r.status == 200
        return r.read()


def test_lite_serves_the_course_wheel_with_its_data(server):
    index = json.loads(_get(f"{server}/lite/pypi/all.json"))
    assert "swarmcast" in index
    releases = index["swarmcast"]["releases"]
    files = [f for rel in releases.values() for f in rel]
    url = urllib.parse.urljoin(f"{server}/lite/pypi/all.json", files[0]["url"])
    with zipfile.ZipFile(BytesIO(_get(url))) as wheel:
        names = set(wheel.namelist())
        package = json.loads(wheel.read("swarmcast/data/datapackage.json"))
    for resource in package["resources"]:
        assert f"swarmcast/data/{resource['path']}" in names, resource["path"]
    assert "swarmcast/data/references.bib" in names
    for dep in ("altair", "anywidget"):
        assert dep in index, f"{dep} is not served by the Lite site"


def test_lite_lessons_install_the_course_first(server):
    listing = json.loads(_get(f"{server}/lite/api/contents/lessons/all.json"))
    vega = _get(f"{server}/lite/files/lessons/swarmcast-vega.js").decode("utf-8")
    assert len(vega) > 500_000 and "cdn.jsdelivr" not in vega[:2000], "the Lite site must serve Vega itself"
    names = sorted(item["name"] for item in listing["content"] if item["name"].endswith(".ipynb"))
    assert names == LESSONS
    for name in LESSONS:
        nb = json.loads(_get(f"{server}/lite/files/lessons/{urllib.parse.quote(name)}"))
        first = "".join(nb["cells"][0]["source"])
        assert "piplite.install" in first and '"swarmcast"' in first, name
        assert "SWARMCAST_CHART_ESM" in first and "swarmcast-vega.js" in first, f"{name}: charts would load Vega from a CDN"
        original = json.loads((ROOT / "lessons" / name).read_text(encoding="utf-8"))
        assert [c["source"] for c in nb["cells"][1:]] == [c["source"] for c in original["cells"]]
