"""Sphinx configuration of the course web site (built by site/build.py: `make site`).

The sources are staged by build.py (lessons, wellbeing page, instructor guide, generated index and reference
list) into a folder named by SWARMCAST_SITE_STAGE; the lessons are executed at build time by myst-nb with
SWARMCAST_STATIC=1, so charts, explorers and self-checks render as static HTML (src/swarmcast/static.py).
"""

import os
import urllib.parse

project = "Swarmcast"
author = "The Swarmcast course team"
copyright = "the Swarmcast course team"
language = "en"

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# Lessons are run top to bottom at every build; a lesson that raises fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# No widget manager from a CDN: in the build every widget is replaced by static HTML.
nb_ipywidgets_js = {}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "myst.xref_missing", "misc.highlighting_failure", "mystnb.unknown_mime_type"]

html_theme = "pydata_sphinx_theme"
html_title = "Swarmcast"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 3,
    # the theme's search button is labelled "Search" but shows "Search Ctrl+K" (axe: label-content-name-mismatch);
    # a plain search field in the sidebar instead
    "navbar_persistent": [],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_sidebars = {"**": ["search-field", "sidebar-nav-bs"]}
html_static_path = ["_static"] + ([os.environ["SWARMCAST_SITE_GENERATED"]] if os.environ.get("SWARMCAST_SITE_GENERATED") else [])
html_css_files = ["swarmcast.css"]
html_js_files = ["checkbank.js", "selfcheck.js"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# "Run it live" links of the explorers (swarmcast.static.LESSON_MARKER): JupyterLite published beside the
# site (default: the folder lite/ of the site) and Binder.
LITE_URL = os.environ.get("SWARMCAST_LITE_URL", "")  # empty: relative to the site root
BINDER_REPO = os.environ.get("SWARMCAST_BINDER_REPO", "swarmcast-course/swarmcast")
BINDER_REF = os.environ.get("SWARMCAST_BINDER_REF", "HEAD")
MARKER = "@@SWARMCAST_LESSON@@"


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _drop_widget_state(context) -> None:
    # Executing a lesson creates widgets (an explorer's live chart) whose state myst-nb would embed in the page
    # (about 1 MB: the Vega bundle of alt.JupyterChart). The page shows static HTML instead, so drop it.
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [js for js in scripts if getattr(js, "attributes", {}).get("type") != WIDGET_STATE]


def _live_links(app, pagename, templatename, context, doctree):
    _drop_widget_state(context)
    body = context.get("body")
    if not body or MARKER not in body:
        return
    notebook = f"{pagename}.ipynb"
    lite_root = LITE_URL or "../" * pagename.count("/") + "lite/"
    lite = f"{lite_root}lab/index.html?path={urllib.parse.quote(notebook)}"
    binder = (f"https://mybinder.org/v2/gh/{BINDER_REPO}/{BINDER_REF}?labpath="
              f"{urllib.parse.quote(notebook, safe='')}")
    context["body"] = body.replace(f"{MARKER}lite", lite).replace(f"{MARKER}binder", binder)


def setup(app):
    app.connect("html-page-context", _live_links)
