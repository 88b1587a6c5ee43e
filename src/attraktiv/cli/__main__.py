"""``python -m attraktiv.cli`` runs the ``attraktiv`` command."""

from __future__ import annotations

from . import main

raise SystemExit(main())
