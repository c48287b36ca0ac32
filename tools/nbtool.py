"""Write course notebooks from a compact Python description (developer tool, not used by students).

    from nbtool import md, code, write
    write("lessons/00_start_here.ipynb", [md("# Title ..."), code("x = 1", tags=["claim-T0"])])

Notebooks are written without outputs and with only the metadata the course allows.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}


def _cell(kind, source, tags=None, nbgrader=None):
    source = textwrap.dedent(source).strip("\n")
    cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if nbgrader:
        cell.metadata["nbgrader"] = nbgrader
    return cell


def md(source, tags=None, nbgrader=None):
    return _cell("md", source, tags, nbgrader)


def code(source, tags=None, nbgrader=None):
    return _cell("code", source, tags, nbgrader)


def write(path, cells, *, extra_metadata=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO, **(extra_metadata or {})}
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i:03d}"  # stable ids keep diffs small
    nbformat.validate(nb)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
