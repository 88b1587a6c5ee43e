"""Sphinx configuration for the attraktiv documentation."""

from __future__ import annotations

import os

import matplotlib

# The gallery draws every figure while the docs build: no display is needed.
os.environ.setdefault("MPLBACKEND", "Agg")
matplotlib.use("Agg")

import attraktiv

project = "attraktiv"
author = "attraktiv developers"
copyright = "2026, attraktiv developers"
release = attraktiv.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
nitpicky = False

# The figure and table catalogue of the report: every script in gallery_src runs
# while the docs build, and a script that fails fails the build. The sections
# follow the report's chapters; a section not listed (Europe) comes after them.
sphinx_gallery_conf = {
    "examples_dirs": "gallery_src",
    "gallery_dirs": "auto_gallery",
    "filename_pattern": r"/(plot|table)_",
    "abort_on_example_error": True,
    "subsection_order": [
        "gallery_src/national",
        "gallery_src/municipalities",
        "gallery_src/regions",
        "gallery_src/flow_immigration",
        "gallery_src/flow_immigrant_population",
        "gallery_src/flow_rest",
        "gallery_src/drivers",
        "gallery_src/uncertainty",
        "*",
    ],
    "within_subsection_order": "FileNameSortKey",
    # Mini-galleries on the API pages: the examples that use a function.
    "backreferences_dir": "gen_modules/backreferences",
    "doc_module": ("attraktiv",),
    "download_all_examples": True,
    "write_computation_times": False,
    "show_memory": False,
    "remove_config_comments": True,
    "image_scrapers": ("matplotlib",),
    "capture_repr": ("_repr_html_", "__repr__"),
    "reference_url": {},
}

html_theme = "pydata_sphinx_theme"
html_title = f"attraktiv {release}"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 6,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"changelog": []}
exclude_patterns = [
    "_build",
    "gallery_src",
    "auto_gallery/**.ipynb",
    "auto_gallery/**.py",
]
