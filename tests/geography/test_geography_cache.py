"""The hierarchy's cached links between levels against brute force.

``mapping`` and ``ancestor_groups`` are computed once per pair of levels and kept
on the (immutable) hierarchy; they must give the arrays a plain computation gives,
whatever order the levels are asked in, and a caller changing what it was handed
must not change what the next caller gets.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from attraktiv.geography import Hierarchy

LEVELS = ("municipality", "region", "county")


def _table(seed: int, n: int = 60) -> pd.DataFrame:
    """Units placed at random: regions straddle counties, with ties of members."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "municipality_code": [f"m{i:03d}" for i in range(n)],
            "region_code": [f"r{k:02d}" for k in rng.integers(0, 12, n)],
            "county_code": [f"c{k}" for k in rng.integers(0, 4, n)],
        }
    )


def _brute_force_groups(table: pd.DataFrame, level: str) -> list[list[int]]:
    """Per higher level: the ancestor holding most members (ties: smallest code),
    numbered by first appearance along the sorted codes of ``level``."""
    column = f"{level}_code"
    codes = sorted(set(table[column]))
    groups = []
    for ancestor in LEVELS[LEVELS.index(level) + 1 :]:
        chosen = []
        for code in codes:
            held = Counter(table.loc[table[column] == code, f"{ancestor}_code"])
            most = max(held.values())
            chosen.append(min(a for a, count in held.items() if count == most))
        first_seen: dict[str, int] = {}
        groups.append([first_seen.setdefault(a, len(first_seen)) for a in chosen])
    return groups


@pytest.mark.parametrize("seed", range(6))
def test_ancestor_groups_match_brute_force_in_any_order_of_levels(seed: int) -> None:
    table = _table(seed)
    for first in LEVELS:
        geo = Hierarchy(table, LEVELS, nested=False)
        geo.ancestor_groups(first)  # fills the caches for another level first
        for level in LEVELS:
            got = [g.tolist() for g in geo.ancestor_groups(level)]
            assert got == _brute_force_groups(table, level)


def test_mapping_is_cached_and_a_caller_cannot_change_it() -> None:
    table = _table(0).assign(region_code=lambda t: "r" + t["county_code"])
    geo = Hierarchy(table, LEVELS)
    first = geo.mapping("municipality", "county")
    expected = dict(zip(table["municipality_code"], table["county_code"], strict=True))
    assert first.to_dict() == expected
    first.iloc[0] = "changed"
    first.index.name = "renamed"
    again = geo.mapping("municipality", "county")
    assert again.to_dict() == expected
    assert again.index.name == "code"
    assert again.name == "county"
    # each region lies in the one county it is named after
    counties = sorted(set(table["county_code"]))
    regions = [g.tolist() for g in geo.ancestor_groups("region")]
    assert len(regions) == 1
    assert len(set(regions[0])) == len(counties)
