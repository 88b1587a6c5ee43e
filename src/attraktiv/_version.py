"""The version of attraktiv, in one place.

``pyproject.toml`` reads it for the package metadata (``[tool.setuptools.dynamic]``),
``attraktiv.__version__`` re-exports it, and ``attraktiv --version`` and the
documentation show it.
"""

from __future__ import annotations

__version__ = "0.1.0"
