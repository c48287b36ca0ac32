"""List submissions whose answers could fool the tests, for an instructor to read by hand.

Why: nbgrader runs the tests in the student's own kernel, after the student's code. An answer cell
that rebinds ``abs`` or ``np.isclose``, reads files outside its folder, or opens the gradebook can
pass tests it should fail (an answer hard-coding 38 passes a hidden ``abs(x - 38.2) < 1e-9`` once
``builtins.abs`` returns 0). Static analysis with ``ast`` cannot prove cheating; it finds the few
submissions worth a look.

What is flagged, in answer cells (cells with nbgrader ``solution`` metadata):
- at module level, rebinding a builtin name (``abs = ...``, ``def sum(...)``) or a name the notebook
  imports (``np = ...``);
- anywhere, assigning or deleting an attribute of an imported module or of builtins
  (``np.isclose = ...``, ``builtins.abs = ...``), ``setattr``/``delattr`` on one, or writing into
  ``__builtins__``/``globals()``;
- paths that leave the submission folder (absolute, ``~``, or with a ``..`` part), ``Path.home()``,
  ``os.chdir``;
- any mention of the gradebook (``gradebook``, ``sqlite3``, ``sqlalchemy``, ``nbgrader``) and shell commands;
- tampering with how errors are reported (``set_custom_exc``, ``showtraceback``, ``sys.excepthook``,
  ``sys.stderr``): one such line in an answer cell can silence every failing test after it, and no test
  inside the notebook can reliably stop it;
and, in any cell, a locked cell edited or deleted (nbgrader restores it when grading, but it is a signal).
Source: Python ``ast`` module documentation; nbgrader 0.9 cell metadata format (Jupyter Development Team).
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from dataclasses import dataclass

import pandas as pd

from .course import CourseError, open_course

__all__ = ["Finding", "scan_source", "flag_submissions"]

_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_")) | {"__builtins__", "__import__"}
_GRADEBOOK_MODULES = {"sqlite3", "sqlalchemy", "nbgrader", "dbm", "shelve"}
_GRADEBOOK_TEXT = re.compile(r"gradebook|sqlite|nbgrader", re.IGNORECASE)
_SHELL_CALLS = {"system", "getoutput", "run_line_magic", "run_cell_magic"}
# IPython and sys hooks that decide whether a failing test shows an error at all
_ERROR_HOOKS = {"set_custom_exc", "showtraceback", "showsyntaxerror", "_showtraceback"}
_ERROR_STREAMS = {"excepthook", "stderr"}  # flagged when replaced; reading them (print(file=sys.stderr)) is fine


@dataclass(frozen=True)
class Finding:
    """One reason to look at a submission by hand."""

    student: str
    notebook: str
    cell: str
    line: int
    reason: str
    code: str


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover
        return "?"


def _is_outside_path(text: str) -> bool:
    t = text.strip()
    if not t or "\n" in t or len(t) > 300:
        return False
    if t.startswith(("/", "~", "\\\\")) and len(t) > 1:
        return True
    if re.match(r"^[A-Za-z]:[\\/]", t):
        return True
    return ".." in re.split(r"[\\/]", t)


class _Scanner(ast.NodeVisitor):
    def __init__(self, imported: set[str]):
        self.imported = imported | {"builtins", "__builtins__"}
        self.found: list[tuple[int, str]] = []
        self.depth = 0  # 0 = module level
        self.globals_declared: set[str] = set()

    def add(self, node: ast.AST, reason: str) -> None:
        self.found.append((getattr(node, "lineno", 0), reason))

    # -- scopes --------------------------------------------------------------------------------
    def _bind(self, name: str, node: ast.AST, what: str) -> None:
        if self.depth and name not in self.globals_declared:
            return
        if name in _BUILTINS:
            self.add(node, f"{what} the builtin name {name!r}")
        elif name in self.imported:
            self.add(node, f"{what} {name!r}, a name the notebook imports a library as")

    def _scoped(self, node):
        self.depth += 1
        saved = set(self.globals_declared)
        self.generic_visit(node)
        self.globals_declared = saved
        self.depth -= 1

    def visit_FunctionDef(self, node):
        self._bind(node.name, node, "defines a function named")
        for d in node.decorator_list:
            self.visit(d)
        self._scoped(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._bind(node.name, node, "defines a class named")
        self._scoped(node)

    def visit_Lambda(self, node):
        self._scoped(node)

    def visit_Global(self, node):
        self.globals_declared |= set(node.names)

    # -- bindings and mutations ----------------------------------------------------------------
    def _target(self, t: ast.AST, node: ast.AST, verb: str = "rebinds") -> None:
        if isinstance(t, ast.Name):
            self._bind(t.id, node, verb)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self._target(e, node, verb)
        elif isinstance(t, ast.Starred):
            self._target(t.value, node, verb)
        elif isinstance(t, ast.Attribute):
            root = _root_name(t)
            if root in self.imported:
                self.add(node, f"{'deletes' if verb == 'deletes' else 'overwrites'} {_dotted(t)}, an attribute of the imported module {root!r}")
        elif isinstance(t, ast.Subscript):
            root = _root_name(t)
            base = _dotted(t.value)
            if root in {"__builtins__", "builtins"} or base in {"globals()", "vars(builtins)", "builtins.__dict__", "__builtins__.__dict__"}:
                self.add(node, f"writes into {base}")
            elif root in self.imported and isinstance(t.value, ast.Attribute):
                self.add(node, f"changes {base}, part of the imported module {root!r}")

    def visit_Assign(self, node):
        for t in node.targets:
            self._target(t, node)
        self.generic_visit(node)

    def _visit_one_target(self, node):
        self._target(node.target, node)
        self.generic_visit(node)

    visit_AugAssign = visit_AnnAssign = visit_NamedExpr = visit_For = visit_AsyncFor = _visit_one_target

    def visit_With(self, node):
        for item in node.items:
            if item.optional_vars is not None:
                self._target(item.optional_vars, node)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_Delete(self, node):
        for t in node.targets:
            self._target(t, node, "deletes")
        self.generic_visit(node)

    def visit_Import(self, node):
        for a in node.names:
            top = a.name.split(".")[0]
            if top in _GRADEBOOK_MODULES:
                self.add(node, f"imports {a.name} (it can read or write the gradebook)")
            bound = a.asname or top
            if bound in _BUILTINS:
                self._bind(bound, node, "imports a module over")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        mod = node.module or ""
        if mod.split(".")[0] in _GRADEBOOK_MODULES:
            self.add(node, f"imports from {mod} (it can read or write the gradebook)")
        for a in node.names:
            bound = a.asname or a.name
            if bound in _BUILTINS:
                self._bind(bound, node, "imports over")
        self.generic_visit(node)

    # -- calls and strings ----------------------------------------------------------------------
    def visit_Call(self, node):
        f = node.func
        fname = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
        if fname in {"setattr", "delattr"} and node.args:
            root = _root_name(node.args[0])
            if root in self.imported or _dotted(node.args[0]) in {"builtins", "__builtins__"}:
                self.add(node, f"calls {fname} on {_dotted(node.args[0])}, an imported module")
        if fname == "chdir":
            self.add(node, "changes the working folder (os.chdir)")
        if fname == "home" and isinstance(f, ast.Attribute) and _dotted(f.value) in {"Path", "pathlib.Path"}:
            self.add(node, "reads the home folder (Path.home())")
        if fname == "expanduser":
            self.add(node, "expands a home-folder path (~)")
        if fname in _SHELL_CALLS or (fname in {"run", "Popen", "call", "check_output", "check_call"} and _root_name(f) == "subprocess"):
            self.add(node, "runs a shell command")
        for arg in [*node.args, *[k.value for k in node.keywords]]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _is_outside_path(arg.value):
                self.add(node, f"uses a path outside the submission folder: {arg.value!r}")
        self.generic_visit(node)

    def visit_BinOp(self, node):
        # Path(...) / ".." / "gradebook.db"
        if isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str) and _is_outside_path(side.value):
                    self.add(node, f"builds a path outside the submission folder: {side.value!r}")
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and _GRADEBOOK_TEXT.search(node.value):
            self.add(node, f"mentions the gradebook: {node.value[:60]!r}")

    def visit_Name(self, node):
        if _GRADEBOOK_TEXT.search(node.id) and node.id not in _GRADEBOOK_MODULES:
            self.add(node, f"mentions the gradebook: {node.id!r}")

    def visit_Attribute(self, node):
        if _GRADEBOOK_TEXT.search(node.attr):
            self.add(node, f"mentions the gradebook: {node.attr!r}")
        if node.attr in _ERROR_HOOKS or (node.attr in _ERROR_STREAMS and isinstance(node.ctx, ast.Store)):
            self.add(node, f"touches how errors are reported ({_dotted(node)}): failing tests could be silenced")
        self.generic_visit(node)


def _python_source(source: str) -> str:
    """IPython syntax (``!ls``, ``%magic``) as plain Python, so ``ast`` can read it."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # pragma: no cover - IPython always ships with the kernel
        return source


def imported_names(sources: list[str]) -> set[str]:
    """Names bound by import statements anywhere in the given code (``np``, ``pd``, ``math``...)."""
    names: set[str] = set()
    for src in sources:
        try:
            tree = ast.parse(_python_source(src))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.asname or a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names |= {a.asname or a.name for a in node.names if a.name != "*"}
    return names


def scan_source(*, source: str, imported: set[str] | frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """Suspicious lines of one answer cell: a list of (line number, reason), in line order.

    Why: the per-cell check behind ``swarmcast flag``; ``imported`` holds names the notebook imports.
    Source: Python ``ast`` documentation.
    """
    if not isinstance(source, str):
        raise ValueError(f"source must be a string of Python code; got {type(source).__name__}")
    code = _python_source(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        # A student's syntax error is common and harmless; still look for the gradebook by text.
        hits = [(i, "mentions the gradebook (cell does not parse)") for i, ln in enumerate(source.split("\n"), 1) if _GRADEBOOK_TEXT.search(ln)]
        return hits
    scanner = _Scanner(set(imported))
    scanner.visit(tree)
    seen, out = set(), []
    for item in sorted(scanner.found):
        if item not in seen:
            seen.add(item)
            out.append(item)
    # Line numbers of transformed IPython code match the source lines (the transformer keeps lines).
    return out


def _nbgrader_ids(nb) -> set[str]:
    return {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells} - {None}


def _locked_cells(nb) -> dict[str, str]:
    locked = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("locked") and c.metadata["nbgrader"].get("grade_id")
    }
    # the rubric cells above written answers (swarmcast rubric): read-only, and what graders read in formgrader
    locked.update({f"{c.metadata['swarmcast']['rubric_for']}-rubric": c.source for c in nb.cells
                   if (c.metadata.get("swarmcast") or {}).get("rubric_for")})
    return locked


def flag_submissions(*, course_dir: str | os.PathLike, assignment: str) -> pd.DataFrame:
    """Every finding in every submission of an assignment: student, notebook, cell, line, reason, code.

    Why: runbook step A4 (before feedback goes out); the short list of submissions to read by hand.
    Source: see the module docstring.
    """
    import nbformat

    course, _ = open_course(course_dir=course_dir)
    course.check_assignment(assignment)
    release = course.folder(course.release_directory) / assignment
    released = {}
    for p in release.glob("*.ipynb"):
        try:
            released[p.stem] = _locked_cells(nbformat.read(p, as_version=4))
        except Exception:
            pass
    students = course.submitted_students(assignment)
    if not students:
        raise CourseError(
            f"no submissions of {assignment!r} to check in {course.folder(course.submitted_directory)}/<student>/"
            f"{assignment}/. On a JupyterHub, run `nbgrader collect {assignment}` first."
        )
    findings: list[Finding] = []
    for student in students:
        folder = course.folder(course.submitted_directory) / student / assignment
        for path in sorted(folder.glob("*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception as exc:
                findings.append(Finding(student, path.stem, "-", 0, f"cannot read the notebook ({type(exc).__name__}); open it by hand", ""))
                continue
            code_cells = [c.source for c in nb.cells if c.cell_type == "code"]
            imported = imported_names(code_cells)
            for i, cell in enumerate(nb.cells):
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type != "code" or not meta.get("solution"):
                    continue
                name = meta.get("grade_id") or f"cell {i + 1}"
                lines = cell.source.split("\n")
                for line, reason in scan_source(source=cell.source, imported=imported):
                    code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
                    findings.append(Finding(student, path.stem, name, line, reason, code))
            locked_now = _locked_cells(nb)
            for grade_id, src in released.get(path.stem, {}).items():
                if grade_id not in locked_now:
                    why = ("deleted the rubric cell (not put back: formgrader shows this answer without its criteria; use the guide's table)"
                           if grade_id.endswith("-rubric") and grade_id not in _nbgrader_ids(nb)
                           else "deleted a locked cell (nbgrader puts it back when grading)")
                    findings.append(Finding(student, path.stem, grade_id, 0, why, ""))
                elif locked_now[grade_id].strip() != src.strip():
                    why = ("edited the rubric cell (graders in formgrader would read the student's version)"
                           if grade_id.endswith("-rubric") and grade_id not in _nbgrader_ids(nb)
                           else "edited a locked cell (nbgrader grades the original)")
                    findings.append(Finding(student, path.stem, grade_id, 0, why, ""))
    df = pd.DataFrame([f.__dict__ for f in findings], columns=["student", "notebook", "cell", "line", "reason", "code"])
    return df


def set_formgrader_flags(*, course_dir: str | os.PathLike, assignment: str, notebooks: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """Set formgrader's own "Flagged?" mark (``SubmittedNotebook.flagged``) on each student's listed notebooks.

    Returns the ``student/notebook`` marked and the students not in the gradebook yet (grade them first).
    Why: the instructor sees in formgrader's list which submissions ``swarmcast flag`` asks to read, instead
    of matching student ids by hand. Source: nbgrader 0.9 ``nbgrader.api.SubmittedNotebook.flagged``.
    """
    from nbgrader.api import Gradebook, MissingEntry

    course, _ = open_course(course_dir=course_dir)
    marked, missing = [], []
    path = course.gradebook_path
    if path is not None and not path.is_file():
        return marked, sorted(notebooks)
    with Gradebook(course.db_url, course.course_id) as gb:
        for student in sorted(notebooks):
            for name in sorted(notebooks[student]):
                try:
                    nb = gb.find_submission_notebook(name, assignment, student)
                except MissingEntry:
                    if student not in missing:
                        missing.append(student)
                    continue
                nb.flagged = True
                marked.append(f"{student}/{name}")
        gb.db.commit()
    return marked, missing
