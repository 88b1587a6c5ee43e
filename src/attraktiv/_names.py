"""Moved to :mod:`attraktiv.geography.naming`; kept while modules still import it.

Part of the issue-19 move of shared helpers to public homes; the lead deletes it once
no branch imports it any more.
"""

from .geography.naming import unique_names as unique_names
