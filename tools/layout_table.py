"""Write (or check) the lesson table in src/swarmcast/README.md, derived from the code so it cannot drift.

    python tools/layout_table.py           # rewrite the table between the markers
    python tools/layout_table.py --check   # exit 1, saying what differs, if the table is not what the code gives

One row per lesson notebook ``lessons/NN_name.ipynb``:

- data tables: dataset names of the data package (``src/swarmcast/data/datapackage.json``) written as string
  literals in the notebook's code cells or in the lesson package, or in a ``swarmcast.data`` function they call
  (followed through the data module's own functions), i.e. what ``data.load("...")`` and the data shaping read;
- models: the ``swarmcast.models.X`` modules the notebook or the lesson package imports (relative imports resolved);
- lesson package: ``src/swarmcast/lessons/lNN_name/`` (named like the notebook);
- assignment: the ``solutions/aNN_*/`` assignments whose row of the instructor guide's table "assignment | topic |
  builds on lessons | time" (instructor_guide/README.md) names the lesson, e.g. ``00–03`` or ``01, 07``;
- guide page: ``instructor_guide/lessons/NN_name.md``.

The import resolution here is also what tests/test_layout.py uses to build the import graph of src/swarmcast.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "swarmcast"
README = PACKAGE / "README.md"
GUIDE = ROOT / "instructor_guide"
START, END = "<!-- layout-table:start -->", "<!-- layout-table:end -->"
MISSING = "missing"


# ---- modules and their imports (static: nothing is imported) ------------------------------------------------

def module_name(path: Path) -> str:
    """``src/swarmcast/models/accounts.py`` -> ``swarmcast.models.accounts``; a package's ``__init__.py`` -> the package."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules() -> dict[str, Path]:
    """Every module of the swarmcast package by its dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a ``from ... import`` statement reads from (relative levels resolved)."""
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _deepest(name: str, known: set[str]) -> str | None:
    """The longest dotted prefix of ``name`` that is a known module (``pkg.mod.attr`` -> ``pkg.mod``)."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in known:
            return ".".join(parts[:n])
    return None


def imported_modules(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The known modules that ``tree`` imports, from every import statement (module level, in functions, anywhere).

    ``import a.b.c`` and ``from a.b import c`` (c a submodule) import ``a.b.c``; ``from a.b import name`` (name not
    a submodule) imports ``a.b`` itself. So ``from . import x`` inside a package is an edge to ``x``, not to the
    package's ``__init__``, unless ``x`` is a name defined there.
    """
    return set(import_lines(tree, module, is_package, known))


def import_lines(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> dict[str, list[int]]:
    """Each known module ``tree`` imports -> the lines of the statements importing it (see imported_modules)."""
    found: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {"import_module", "__import__"}
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            targets = [node.args[0].value]  # importlib.import_module("swarmcast.x"): an import too
        else:
            continue
        for target in {t for t in (_deepest(name, known) for name in targets) if t}:
            found.setdefault(target, []).append(node.lineno)
    return {target: sorted(lines) for target, lines in found.items()}


def dynamic_imports(tree: ast.AST) -> list[int]:
    """Lines that import a module whose name is computed (``importlib.import_module(f"...")``, ``__import__(x)``,
    ``pkgutil.iter_modules``): an import graph read from the code cannot see them."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        computed = not (node.args and isinstance(node.args[0], ast.Constant))
        if name == "iter_modules" or (name in {"import_module", "__import__"} and computed):
            lines.append(node.lineno)
    return lines


def import_graph() -> dict[str, dict[str, list[int]]]:
    """Module -> {module of swarmcast it imports: lines of those import statements}."""
    modules = source_modules()
    known = set(modules)
    return {name: import_lines(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", known)
            for name, path in modules.items()}


# ---- lessons ------------------------------------------------------------------------------------------------

def lesson_notebooks() -> list[Path]:
    return sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def lesson_package(notebook: Path) -> Path:
    """``lessons/05_the_access_problem.ipynb`` -> ``src/swarmcast/lessons/l05_the_access_problem/``."""
    return PACKAGE / "lessons" / f"l{notebook.stem}"


def notebook_code(notebook: Path) -> ast.Module:
    """The notebook's code cells as one module (lines of IPython magics and shell escapes dropped)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return ast.parse("\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()))


def _lesson_trees(notebook: Path) -> list[tuple[ast.AST, str, bool]]:
    """(tree, module name, is package) of the notebook (as a top-level script) and every module of its package."""
    trees = [(notebook_code(notebook), "__notebook__", False)]
    package = lesson_package(notebook)
    for path in sorted(package.rglob("*.py")) if package.is_dir() else []:
        trees.append((ast.parse(path.read_text(encoding="utf-8")), module_name(path), path.name == "__init__.py"))
    return trees


def _datasets() -> set[str]:
    descriptor = json.loads((PACKAGE / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"] for r in descriptor["resources"]}


def _literals(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _names_used(node: ast.AST) -> set[str]:
    """Every bare name and attribute name in ``node`` (``data.decline_rows`` gives ``data`` and ``decline_rows``)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def _data_literals_reached(used: set[str], modules: dict[str, Path]) -> set[str]:
    """String literals of the swarmcast.data functions named in ``used``, following calls within each data module."""
    found: set[str] = set()
    for name, path in modules.items():
        if name != "swarmcast.data" and not name.startswith("swarmcast.data."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {f.name: f for f in tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
        todo = [f for f in used if f in functions and f not in {"load", "cite"}]
        seen: set[str] = set()
        while todo:
            fn = todo.pop()
            if fn in seen:
                continue
            seen.add(fn)
            found |= _literals(functions[fn])
            todo += [f for f in _names_used(functions[fn]) if f in functions]
    return found


def _assignments() -> dict[str, list[str]]:
    """Lesson number -> assignment folders, from the guide's table "assignment | topic | builds on lessons | time"."""
    by_lesson: dict[str, list[str]] = {}
    folders = {p.name[:3]: p.name for p in sorted((ROOT / "solutions").glob("a[0-9][0-9]_*")) if p.is_dir()}
    text = (GUIDE / "README.md").read_text(encoding="utf-8")
    header = re.search(r"^\|\s*assignment\s*\|[^\n]*builds on lessons[^\n]*\n\|[-| :]+\|\n((?:\|[^\n]*\n)+)", text, re.M)
    if not header:
        raise SystemExit("instructor_guide/README.md has no table 'assignment | topic | builds on lessons | time': "
                         "the lesson -> assignment column is read from it")
    for row in header.group(1).splitlines():
        cells = [c.strip() for c in row.strip("|").split("|")]
        code = cells[0].split()[0]
        if code not in folders:
            raise SystemExit(f"the guide's assignment table names {code}, which has no folder solutions/{code}_*/")
        for a, b in re.findall(r"(\d\d)(?:\s*[–-]\s*(\d\d))?", cells[2]):
            for n in range(int(a), int(b or a) + 1):
                by_lesson.setdefault(f"{n:02d}", []).append(folders[code])
    return by_lesson


def lesson_rows() -> list[dict]:
    """What the table shows, one dict per lesson notebook."""
    modules = source_modules()
    known, datasets, assignments = set(modules), _datasets(), _assignments()
    rows = []
    for notebook in lesson_notebooks():
        trees = _lesson_trees(notebook)
        imported = set().union(*(imported_modules(t, m, p, known) for t, m, p in trees))
        used = set().union(*(_names_used(t) for t, _, _ in trees))
        literals = set().union(*(_literals(t) for t, _, _ in trees)) | _data_literals_reached(used, modules)
        rows.append({
            "number": notebook.name[:2],
            "notebook": notebook,
            "tables": sorted(literals & datasets),
            "models": sorted({m.split(".")[2] for m in imported if m.startswith("swarmcast.models.")}),
            "package": lesson_package(notebook),
            "assignments": assignments.get(notebook.name[:2], []),
            "guide": GUIDE / "lessons" / f"{notebook.stem}.md",
        })
    return rows


# ---- the table ----------------------------------------------------------------------------------------------

def _link(text: str, target: Path) -> str:
    if not target.exists():
        return f"{text} ({MISSING})"
    rel = Path(os.path.relpath(target, README.parent)).as_posix()
    return f"[{text}]({rel}{'/' if target.is_dir() else ''})"


def render() -> str:
    """The table, markers included."""
    lines = [START, "<!-- generated by `python tools/layout_table.py` (make layout-table): do not edit by hand -->", "",
             "| lesson | data tables | models | lesson package | assignment | guide page |", "|---|---|---|---|---|---|"]
    for row in lesson_rows():
        package = row["package"]
        cells = [
            _link(row["notebook"].stem.replace("_", " "), row["notebook"]),
            ", ".join(f"`{t}`" for t in row["tables"]) or "—",
            ", ".join(_link(f"`{m}`", PACKAGE / "models" / f"{m}.py") for m in row["models"]) or "—",
            _link(f"`{package.relative_to(PACKAGE).as_posix()}/`", package),
            ", ".join(_link(a, ROOT / "solutions" / a / f"{a}.ipynb") for a in row["assignments"]) or "—",
            _link(row["guide"].name, row["guide"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines + ["", END])


def current() -> str | None:
    """The table now in the README (markers included), or None when the README or its markers are missing."""
    if not README.is_file():
        return None
    m = re.search(re.escape(START) + r".*?" + re.escape(END), README.read_text(encoding="utf-8"), re.S)
    return m.group(0) if m else None


def write() -> None:
    text = README.read_text(encoding="utf-8")
    if current() is None:
        raise SystemExit(f"{README.relative_to(ROOT)} has no markers {START} ... {END}: add them where the table goes")
    README.write_text(text.replace(current(), render()), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the table is out of date")
    args = parser.parse_args(argv)
    if not args.check:
        write()
        print(f"wrote the lesson table in {README.relative_to(ROOT)}")
        return 0
    fresh, now = render(), current()
    if fresh == now:
        return 0
    import difflib

    diff = "\n".join(difflib.unified_diff((now or "").splitlines(), fresh.splitlines(), "README now", "from the code", lineterm=""))
    print(f"{README.relative_to(ROOT)}: the lesson table is out of date; run `python tools/layout_table.py`\n{diff}",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
