"""Build the course web site (`make site`) or the JupyterLite build (`make lite`).

    python site/build.py site [--out _site]     every lesson executed, as static pages (Sphinx + myst-nb)
    python site/build.py lite [--out _lite]     JupyterLite with the lessons, the course wheel and its pure-Python deps

Lessons are whatever matches lessons/[0-9][0-9]_*.ipynb; the instructor guide is every instructor_guide/**.md
except a page that holds nbgrader solutions or hidden tests. Each build writes build-info.json (build seconds,
lesson list) into its output folder; benchmarks/site_size.py reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
WORK = ROOT / "_build"  # staging folders and Sphinx caches (--work)
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
#: Guide pages not published: the rubrics say what the hidden tests check and where the model answers are, and a
#: page with an nbgrader delimiter line (### BEGIN SOLUTION, ### BEGIN HIDDEN TESTS...) would hold them.
PRIVATE_FOLDERS = ("rubrics",)
PRIVATE_LINE = re.compile(r"^\s*#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)", re.M)


def lessons() -> list[Path]:
    found = sorted((ROOT / "lessons").glob(LESSON_GLOB))
    if not found:
        raise SystemExit(f"no lesson matches lessons/{LESSON_GLOB}: run this from a checkout of the course")
    return found


def _title(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def guide_pages() -> tuple[list[Path], list[Path]]:
    """(published, withheld) pages of the instructor guide."""
    published, withheld = [], []
    for md in sorted((ROOT / "instructor_guide").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        private = PRIVATE_LINE.search(text) or set(PRIVATE_FOLDERS) & set(md.relative_to(ROOT).parts)
        (withheld if private else published).append(md)
    return published, withheld


def _index(lesson_files: list[Path], guide: list[Path]) -> str:
    lesson_lines = "\n".join(f"lessons/{p.stem}" for p in lesson_files)
    guide_lines = "\n".join(str(p.relative_to(ROOT).with_suffix("")) for p in guide)
    items = "\n".join(f"- [{_title(p)}](lessons/{p.name})" for p in lesson_files)
    return f"""# Swarmcast

An open course on how jihadist propaganda online moved (2014–2020) from one centralised media apparatus to a
dispersed swarm of unofficial outlets and supporters, and how platforms, governments and ordinary users pushed back.
It works with aggregate, cited figures and seeded models only: it shows no propaganda and names no accounts.

**Three ways to take it.** *Read* it here: every lesson below was run when this site was built, with its charts,
its explorers in their default state and its self-checks (type or pick an answer, press *Check*). *Run it in your
browser* with nothing to install: each explorer has a "run it live" link to JupyterLite. *Run it on Binder* or on
your own machine (`make start`) for the full course with the assignments.

Before you start, read [Wellbeing](lessons/wellbeing.md). <a href="lite/lab/index.html">Open all the lessons in
JupyterLite</a> (in your browser; the first run installs the course, about a minute). Instructors: the
[instructor guide](instructor_guide/README.md) has the course map, schedules, teaching notes and deployment.

{items}

```{{toctree}}
:caption: Lessons
:maxdepth: 1
:hidden:

{lesson_lines}
lessons/wellbeing
```

```{{toctree}}
:caption: Instructor guide
:maxdepth: 1
:hidden:

{guide_lines}
```

```{{toctree}}
:caption: Sources
:maxdepth: 1
:hidden:

references
```
"""


def _references() -> str:
    from swarmcast import data

    keys = re.findall(r"^@\w+\{([^,\s]+),", (Path(data.__file__).parent / "references.bib").read_text(encoding="utf-8"), flags=re.M)
    lines = "\n".join(f"- `{k}`: {data.cite(k)}" for k in sorted(keys, key=str.lower))
    return ("# References\n\nEvery figure in the course data names one of these sources (its `source_id`), "
            "formatted from the course's `references.bib`.\n\n" + lines + "\n")


def stage_site(stage: Path) -> dict:
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "lessons").mkdir(parents=True)
    files = lessons()
    for nb in files:
        shutil.copy2(nb, stage / "lessons" / nb.name)
    shutil.copy2(ROOT / "lessons" / "wellbeing.md", stage / "lessons" / "wellbeing.md")
    published, withheld = guide_pages()
    for md in published:
        dest = stage / md.relative_to(ROOT)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(md, dest)
    (stage / "index.md").write_text(_index(files, published), encoding="utf-8")
    (stage / "references.md").write_text(_references(), encoding="utf-8")
    gen = stage.parent / (stage.name + "_static")
    if gen.exists():
        shutil.rmtree(gen)
    gen.mkdir()
    from swarmcast import checks

    checks.main([str(gen / "checkbank.js")])
    (gen / "checkbank.json").write_text(json.dumps(checks.bank_json(), indent=1, ensure_ascii=False), encoding="utf-8")
    return {"lessons": [p.name for p in files], "guide": [str(p.relative_to(ROOT)) for p in published],
            "withheld": [str(p.relative_to(ROOT)) for p in withheld], "generated_static": str(gen)}


def build_site(out: Path, work: Path = WORK) -> dict:
    start = time.perf_counter()
    stage = work / "site_src"
    info = stage_site(stage)
    env = dict(os.environ, SWARMCAST_STATIC="1", SWARMCAST_SITE_GENERATED=info.pop("generated_static"),
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    # Sphinx writes into _build/site_html (myst-nb keeps executed notebooks beside it, in _build/jupyter_execute)
    html = work / "site_html"
    for folder in (html, out):
        if folder.exists():
            shutil.rmtree(folder)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-c", str(SITE_DIR), "-d", str(work / "site_doctrees"),
           str(stage), str(html)]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(html), str(out))
    for m in out.rglob("*.map"):  # the theme's source maps are for its developers (about 2 MB)
        m.unlink()
    (out / ".nojekyll").write_text("")
    info["build_seconds"] = round(time.perf_counter() - start, 1)
    (out / "build-info.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return info


# --------------------------------------------------------------------------------------------------------------
# JupyterLite
# --------------------------------------------------------------------------------------------------------------

#: Requirements of the course that Pyodide cannot install (compiled without a WebAssembly build, or not needed
#: in a browser: the Pyodide kernel replaces ipykernel and JupyterLite replaces JupyterLab).
NOT_IN_BROWSER = {"numba", "lifelines", "bibtexparser", "jupyterlab", "vl-convert-python", "ipykernel", "notebook"}
#: Pure-Python wheels served by the Lite site itself (not in Pyodide's distribution, which the reader's browser
#: loads from Pyodide's CDN at run time: numpy, pandas, scipy, pillow, networkx, jsonschema, jinja2...).
#: (widgetsnbextension is left out on purpose: the Pyodide kernel ships a stub of it, and the real one is 2 MB.)
PURE_WHEELS = ["altair", "narwhals", "anywidget", "psygnal", "typing_extensions", "imagehash", "tqdm", "ipywidgets",
               "comm", "jupyterlab_widgets"]

#: Lab extensions of the Python environment that need a Jupyter server; disabled in the Lite build.
SERVER_ONLY = ["@jupyter/nbgrader"]


def _requirement_name(req: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _wheel_requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode("utf-8")
    reqs = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:")]
    return [r for r in reqs if "extra ==" not in r]


def _install_cell(requirements: list[str]) -> dict:
    names = sorted({_requirement_name(r) for r in requirements} - NOT_IN_BROWSER)
    source = (
        "# JupyterLite only: install the course into this browser tab (about a minute the first time).\n"
        "# Its own wheel and pure-Python packages come from this site; numpy, pandas and scipy from Pyodide.\n"
        "import piplite\n"
        f"await piplite.install({names!r}, keep_going=True)\n"
        "await piplite.install(\"swarmcast\", deps=False)\n"
        "# Charts take Vega from this site too (a copy beside the lessons), not from a CDN.\n"
        "import os\n"
        f"os.environ[\"SWARMCAST_CHART_ESM\"] = os.path.abspath({VEGA_BUNDLE!r})"
    )
    return {"cell_type": "code", "execution_count": None, "id": "lite-install", "metadata": {"tags": ["lite-install"]},
            "outputs": [], "source": source}


#: Vega for the charts in the browser tab, served beside the lessons: without vl-convert (no WebAssembly build)
#: the kernel reads it through SWARMCAST_CHART_ESM (swarmcast.charts), so no chart loads Vega from a CDN.
VEGA_BUNDLE = "swarmcast-vega.js"


def _write_vega_bundle(path: Path) -> None:
    """altair's offline JupyterChart module (Vega bundled by vl-convert on this build machine)."""
    import altair as alt

    alt.JupyterChart.enable_offline()
    path.write_text(alt.JupyterChart._esm, encoding="utf-8")


def build_lite(out: Path, work: Path = WORK) -> dict:
    start = time.perf_counter()
    stage = work / "lite_src"
    if stage.exists():
        shutil.rmtree(stage)
    wheels, contents = stage / "wheels", stage / "contents" / "lessons"
    wheels.mkdir(parents=True)
    contents.mkdir(parents=True)
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(pip + ["wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], check=True)
    course = next(wheels.glob("swarmcast-*.whl"))
    subprocess.run(pip + ["download", "--quiet", "--no-deps", "--only-binary=:all:", "--platform", "any",
                          "--implementation", "py", "--abi", "none", "--python-version", "3.12", "-d", str(wheels)]
                   + PURE_WHEELS, check=True)
    cell = _install_cell(_wheel_requirements(course))
    files = lessons()
    for nb_path in files:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        nb["cells"].insert(0, cell)
        (contents / nb_path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copy2(ROOT / "lessons" / "wellbeing.md", contents / "wellbeing.md")
    _write_vega_bundle(contents / VEGA_BUNDLE)
    config = {"LiteBuildConfig": {"contents": [str(stage / "contents")], "output_dir": str(out)},
              "PipliteAddon": {"piplite_urls": [str(w) for w in sorted(wheels.glob("*.whl"))]}}
    (stage / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    # Lab extensions installed beside the course that need a Jupyter server (nbgrader) have no place in Lite.
    lite_settings = {"jupyter-lite-schema-version": 0,
                     "jupyter-config-data": {"appName": "Swarmcast (JupyterLite)", "disabledExtensions": SERVER_ONLY}}
    (stage / "jupyter-lite.json").write_text(json.dumps(lite_settings, indent=1), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run([str(jupyter), "lite", "build", "--config", str(stage / "jupyter_lite_config.json")], check=True,
                   cwd=stage)
    maps = list(out.rglob("*.js.map"))  # source maps are for JupyterLite's developers: about 48 MB
    for m in maps:
        m.unlink()
    info = {"lessons": [p.name for p in files], "course_wheel": course.name, "source_maps_removed": len(maps),
            "wheels": sorted(w.name for w in wheels.glob("*.whl")),
            "build_seconds": round(time.perf_counter() - start, 1)}
    (out / "build-info.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["site", "lite"], help="site: the static web site; lite: the JupyterLite build")
    parser.add_argument("--out", type=Path, help="output folder (default: _site or _lite in the repository)")
    parser.add_argument("--work", type=Path, default=WORK, help="folder for staging and caches (default: _build)")
    args = parser.parse_args(argv)
    out = (args.out or ROOT / f"_{args.what}").resolve()
    work = args.work.resolve()
    try:
        info = build_site(out, work) if args.what == "site" else build_lite(out, work)
    except subprocess.CalledProcessError as exc:
        what = "a lesson raised while it ran, or Sphinx failed" if args.what == "site" else "pip or jupyter lite failed"
        print(f"make {args.what}: the build stopped: {what} (see the messages above; command: "
              f"{' '.join(map(str, exc.cmd))})", file=sys.stderr)
        return 1
    print(f"{args.what}: built {len(info['lessons'])} lessons into {out} in {info['build_seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
