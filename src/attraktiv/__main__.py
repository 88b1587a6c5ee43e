"""``python -m attraktiv`` runs the ``attraktiv`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
