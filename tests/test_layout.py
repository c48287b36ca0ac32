"""The package's floor plan (issue 15): one home per lesson, short functions, no import loop, a table that cannot drift.

The target layout: every notebook ``lessons/NN_name.ipynb`` has its package ``src/swarmcast/lessons/lNN_name/``
(``charts.py``, ``explorer.py``, ``questions.py``) and imports it; no function or method in ``src/`` is longer than
80 lines; the modules of ``swarmcast`` import each other without a loop, counting every import statement (also those
inside functions, where a loop hides); the lesson table in ``src/swarmcast/README.md`` is what
``tools/layout_table.py`` derives from the code.
"""

from __future__ import annotations

import ast
import importlib.util
import tomllib

import networkx as nx
import pytest

from conftest import ROOT, lesson_notebooks

_spec = importlib.util.spec_from_file_location("layout_table", ROOT / "tools" / "layout_table.py")
layout = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(layout)

MAX_FUNCTION_LINES = 80
LESSON_MODULES = ("__init__.py", "charts.py", "explorer.py", "questions.py")


def _functions(path):
    """(name, first line, length) of every function and method in the file, nested ones too; decorators excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def test_function_length_counts_from_def_to_last_line(tmp_path):
    """The measure itself: a function counts from its def line (decorators excluded) to its last line; a nested
    function counts on its own as well."""
    path = tmp_path / "m.py"
    path.write_text("@decorator\n@other(1)\ndef f(x):\n    def g():\n        return 1\n    return g\n")
    assert sorted(_functions(path)) == [("f", 3, 4), ("g", 4, 2)]


def test_no_function_in_src_is_longer_than_80_lines():
    offenders = sorted(
        (length, f"{path.relative_to(ROOT)}:{line} {name}() is {length} lines")
        for path in sorted((ROOT / "src").rglob("*.py"))
        for name, line, length in _functions(path)
        if length > MAX_FUNCTION_LINES
    )
    assert not offenders, (
        f"{len(offenders)} functions in src/ are longer than {MAX_FUNCTION_LINES} lines (def to last line, decorators "
        "excluded). Split each into steps with names (a helper per step, a Params dataclass for a long argument "
        "preamble), longest first:\n" + "\n".join(text for _, text in reversed(offenders)))


def _graph() -> nx.DiGraph:
    """The import graph of swarmcast; each edge knows the lines of its import statements."""
    graph = nx.DiGraph()
    paths = layout.source_modules()
    for module, targets in layout.import_graph().items():
        graph.add_node(module)
        for target, lines in targets.items():
            where = f"{paths[module].relative_to(ROOT)}:{','.join(map(str, lines))}"
            graph.add_edge(module, target, where=where)
    return graph


def test_import_graph_resolves_relative_and_submodule_imports(tmp_path):
    """The graph builder: relative imports, `from pkg import submodule`, imports inside functions and
    importlib.import_module("literal") all give edges; `from . import name` (not a submodule) is the package."""
    known = {"p", "p.a", "p.b", "p.sub", "p.sub.c"}
    code = (
        "import os\nfrom . import c\n"
        "def f():\n    from .. import a, helper\n    import p.sub\n"
        "def g():\n    import importlib\n    importlib.import_module('p.b')\n"
    )
    assert layout.imported_modules(ast.parse(code), "p.sub.d", False, known) == {"p.sub.c", "p.a", "p", "p.sub", "p.b"}
    assert layout.imported_modules(ast.parse("from . import b, helper"), "p.a", False, known) == {"p.b", "p"}
    assert layout.imported_modules(ast.parse("from . import c"), "p.sub", True, known) == {"p.sub.c"}
    assert layout.dynamic_imports(ast.parse("import importlib\nfor m in ms:\n    importlib.import_module(f'p.{m}')\n")) == [3]


def test_no_import_loop_in_swarmcast():
    graph = _graph()
    loops = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    loops += [[n] for n in graph if graph.has_edge(n, n)]
    described = []
    for component in sorted(loops):
        edges = sorted(graph.subgraph(component).edges(data="where"))
        cycle = nx.find_cycle(graph.subgraph(component))
        described.append(" -> ".join([a for a, _ in cycle] + [cycle[0][0]]) + "; the imports inside this loop:\n"
                         + "\n".join(f"    {a} imports {b} ({where})" for a, b, where in edges))
    assert not described, (
        "modules of swarmcast import each other in a loop (every import counts, also one inside a function). Move "
        "what both need into a third module, or pass it in as an argument, so that imports go one way "
        "(data -> models -> charts -> explorers -> lessons; grading apart):\n" + "\n".join(described))


def test_no_import_is_hidden_from_the_graph():
    hidden = [f"{path.relative_to(ROOT)}:{line}"
              for path in sorted((ROOT / "src" / "swarmcast").rglob("*.py"))
              for line in layout.dynamic_imports(ast.parse(path.read_text(encoding="utf-8")))]
    assert not hidden, ("modules imported under a computed name, which no reader (and no loop check) can follow; "
                        "import them by name (e.g. checks.BANKS as an explicit tuple of the lesson question modules): "
                        + ", ".join(hidden))


def _reexports_an_explorer_of_another_lesson(package) -> bool:
    """LAYOUT: a lesson may reuse another lesson's explorer (lesson 03 tours its datasets with lesson 00's), by
    importing it in its ``__init__.py`` from that lesson's ``explorer`` module; it then needs no explorer.py."""
    init = package / "__init__.py"
    if not init.is_file():
        return False
    tree = ast.parse(init.read_text(encoding="utf-8"))
    own = layout.module_name(init)
    known = set(layout.source_modules())
    return any(m.endswith(".explorer") and m.startswith("swarmcast.lessons.l") and not m.startswith(own + ".")
               for m in layout.imported_modules(tree, own, True, known))


@pytest.mark.parametrize("notebook", lesson_notebooks(), ids=lambda p: p.name)
def test_every_lesson_has_its_package(notebook):
    package = layout.lesson_package(notebook)
    needed = [m for m in LESSON_MODULES if not (m == "explorer.py" and _reexports_an_explorer_of_another_lesson(package))]
    missing = [m for m in needed if not (package / m).is_file()]
    assert not missing, (f"lessons/{notebook.name}: its package {package.relative_to(ROOT)}/ lacks {', '.join(missing)} "
                         "(LAYOUT.md: chart builders in charts.py, explorers in explorer.py, questions in questions.py)")


@pytest.mark.parametrize("notebook", lesson_notebooks(), ids=lambda p: p.name)
def test_every_lesson_notebook_imports_its_own_package(notebook):
    package = layout.lesson_package(notebook)
    known = set(layout.source_modules())
    imported = layout.imported_modules(layout.notebook_code(notebook), "__notebook__", False, known)
    own = layout.module_name(package / "__init__.py")
    assert own in imported, (f"lessons/{notebook.name} must import its own lesson package "
                             f"(`from swarmcast.lessons import {package.name} as lesson`); it imports {sorted(imported)}")


def test_every_lesson_package_has_its_notebook_and_is_listed():
    folders = sorted(p.name for p in (ROOT / "src" / "swarmcast" / "lessons").glob("l[0-9][0-9]_*") if p.is_dir())
    expected = sorted(layout.lesson_package(n).name for n in lesson_notebooks())
    assert folders == expected, f"lesson packages {folders} do not match the lesson notebooks {expected}"
    from swarmcast import lessons

    listed = [m.__name__.rsplit(".", 1)[-1] for m in lessons.LESSONS]
    assert listed == expected, f"swarmcast.lessons.LESSONS lists {listed}; it must list every lesson package in order"


def test_old_module_names_are_gone_and_the_command_lives_in_grading():
    src = ROOT / "src" / "swarmcast"
    left = [p for p in ("widgets", "checkbank", "cli.py") if (src / p).exists()]
    assert not left, f"old modules still in src/swarmcast (LAYOUT: removed, not aliased): {left}"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["swarmcast"] == "swarmcast.grading.cli:main" and (src / "grading" / "cli.py").is_file()


def test_lesson_table_in_the_package_readme_is_up_to_date():
    now = layout.current()
    assert now is not None, (f"src/swarmcast/README.md has no lesson table between {layout.START} and {layout.END}; "
                             "add the markers and run `python tools/layout_table.py`")
    assert now == layout.render(), ("the lesson table in src/swarmcast/README.md is not what the code gives; run "
                                    "`python tools/layout_table.py` (make layout-table) and commit the README")
    assert f"({layout.MISSING})" not in now, "the lesson table points at files that do not exist (marked missing)"


def test_lesson_table_is_derived_from_the_code():
    """The table's facts come from the sources: lesson 05 reads conway_takedown and imports the accounts model,
    lesson 04 uses the hashing model and assignment a03, lesson 01 feeds a01 and a04 (the guide's table)."""
    rows = {r["number"]: r for r in layout.lesson_rows()}
    assert set(rows) == {n.name[:2] for n in lesson_notebooks()}
    assert "conway_takedown" in rows["05"]["tables"] and "accounts" in rows["05"]["models"]
    assert "hashing" in rows["04"]["models"] and rows["04"]["assignments"] == ["a03_hash_matching"]
    assert rows["01"]["assignments"] == ["a01_counting_propaganda", "a04_swarm_resilience"]
    for row in rows.values():
        assert row["guide"].is_file(), f"no guide page {row['guide'].relative_to(ROOT)}"
        assert row["assignments"], f"lesson {row['number']} feeds no assignment in the guide's table"
