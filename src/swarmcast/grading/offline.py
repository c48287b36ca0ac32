"""Pages an instructor or a student opens load nothing from outside the machine: MathJax without a CDN.

Why: nbconvert's MathJax macro, used by formgrader's grading page and by nbgrader's feedback pages, loads
MathJax from cdnjs: offline the grading page reports "MathJax is not defined" and every feedback page makes
an outside request. Two template folders named like nbgrader's own (``formgrade``, ``feedback``) hold only that one
macro; listed before nbgrader's template folder in ``HTMLExporter.extra_template_basedirs``, they are
searched first, and nbgrader's pages are otherwise unchanged. ``templates/formgrade`` points it at the copy of MathJax that the Jupyter server itself serves
(PyPI ``jupyter-server-mathjax``, an instructor dependency); ``templates/feedback`` loads no MathJax (the
assignments hold no formulas; feedback pages are opened as files, where no server is there to serve it).
The course's nbgrader_config.py sets the folders (formgrader and plain ``nbgrader generate_feedback``);
``swarmcast feedback`` sets them whatever the config says.
Source: nbconvert 7 ``TemplateExporter.extra_template_paths`` and ``mathjax.html.j2`` (Jupyter Development
Team); jupyter-server-mathjax (Jupyter Development Team).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["template_basedirs"]

_HERE = Path(__file__).resolve().parent / "templates"


def template_basedirs() -> list[str]:
    """``HTMLExporter.extra_template_basedirs`` for formgrader and feedback: ours first, then nbgrader's."""
    try:
        import nbgrader
    except ImportError:  # the student install: no nbgrader, nothing to configure
        return [str(_HERE)]
    theirs = Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"
    return [str(_HERE), str(theirs)]

