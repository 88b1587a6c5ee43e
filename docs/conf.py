"""Sphinx configuration for the attraktiv documentation."""

from __future__ import annotations

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
]

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}

intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
nitpicky = False

html_theme = "alabaster"
html_static_path: list[str] = []
exclude_patterns = ["_build"]
