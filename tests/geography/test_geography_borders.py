"""Tests of attraktiv.geography's border changes: ChangeTable and rebase."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attraktiv.errors import DataError, GeographyError
from attraktiv.geography import ChangeTable, Hierarchy, rebase

DATA = Path(__file__).parents[1] / "data" / "norway"
HIERARCHY_2017 = DATA / "hierarchy_2017.csv"
REDISTRICTING_B2024 = DATA / "redistricting_b2024.csv"


def raises(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    """pytest.raises matching the whole message literally."""
    return pytest.raises(error, match=f"^{re.escape(message)}$")


@pytest.fixture(scope="module")
def norway() -> Hierarchy:
    return Hierarchy.from_csv(HIERARCHY_2017, nested=False)


@pytest.fixture(scope="module")
def changes_b2024() -> ChangeTable:
    return ChangeTable.from_csdata(REDISTRICTING_B2024)


# -- border changes ---------------------------------------------------------------


def change_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "original": ["0101", "0102", "0103", "0103", "0101"],
            "year": [2017, 2017, 2017, 2017, 2018],
            "target": ["3101", "3101", "3102", "3103", "3101"],
            "weight": [1.0, 1.0, 0.25, 0.75, 1.0],
        }
    )


class TestChangeTable:
    def test_normalised_frame(self) -> None:
        changes = ChangeTable(change_frame().iloc[::-1])
        assert list(changes.frame.columns) == ["original", "year", "target", "weight"]
        assert changes.frame["year"].dtype == np.int64
        assert changes.frame["weight"].dtype == np.float64
        assert changes.frame["original"].tolist() == [
            "0101",
            "0102",
            "0103",
            "0103",
            "0101",
        ]

    def test_targets(self) -> None:
        changes = ChangeTable(change_frame())
        targets = changes.targets("0103", 2017)
        assert targets.to_dict() == {"3102": 0.25, "3103": 0.75}
        assert targets.index.name == "target"
        assert targets.name == "weight"
        with raises(
            GeographyError, "the change table has no row for code '0103' in 2018"
        ):
            changes.targets("0103", 2018)

    def test_from_frame(self) -> None:
        renamed = change_frame().rename(
            columns={"original": "from", "target": "to", "weight": "w", "year": "valid"}
        )
        changes = ChangeTable.from_frame(
            renamed, original="from", year="valid", target="to", weight="w"
        )
        pd.testing.assert_frame_equal(changes.frame, ChangeTable(change_frame()).frame)

    def test_frozen(self) -> None:
        changes = ChangeTable(change_frame())
        with pytest.raises(AttributeError):
            changes.frame = change_frame()  # type: ignore[misc]

    @pytest.mark.parametrize("weight", [0.0, -0.5, 1.5])
    def test_weight_outside_unit_interval(self, weight: float) -> None:
        frame = change_frame()
        frame.loc[0, "weight"] = weight
        with raises(
            GeographyError,
            f"weights must lie in (0, 1]; got '0101' in 2017 -> '3101': {weight!r}",
        ):
            ChangeTable(frame)

    def test_weights_not_summing_to_one(self) -> None:
        frame = change_frame()
        frame.loc[3, "weight"] = 0.7
        with raises(
            GeographyError,
            "weights of an original code and year must sum to 1; "
            "'0103' in 2017 sum to 0.95",
        ):
            ChangeTable(frame)

    def test_tolerance(self) -> None:
        frame = change_frame()
        frame.loc[3, "weight"] = 0.75 + 5e-10
        ChangeTable(frame)
        frame.loc[3, "weight"] = 0.75 + 2e-9
        with pytest.raises(
            GeographyError, match=re.escape("'0103' in 2017 sum to 1.000000002")
        ):
            ChangeTable(frame)

    def test_repeated_rows(self) -> None:
        frame = pd.concat([change_frame(), change_frame().iloc[[2]]], ignore_index=True)
        with raises(
            GeographyError, "change table rows repeat: '0103' in 2017 -> '3102'"
        ):
            ChangeTable(frame)

    def test_missing_weight(self) -> None:
        frame = change_frame()
        frame.loc[1, "weight"] = np.nan
        with raises(DataError, "column 'weight' has missing values, in row(s) 1"):
            ChangeTable(frame)

    def test_missing_column(self) -> None:
        with raises(
            DataError,
            "column(s) 'weight' not in the frame; its columns are "
            "'original', 'year', 'target'",
        ):
            ChangeTable(change_frame().drop(columns="weight"))

    def test_fractional_year(self) -> None:
        frame = change_frame()
        frame["year"] = frame["year"] + 0.5
        with raises(
            DataError,
            "column 'year' must hold whole years, got 2017.5, 2017.5, 2017.5, "
            "2017.5, 2018.5",
        ):
            ChangeTable(frame)

    def test_from_csdata_granularity(self) -> None:
        raw = pd.DataFrame(
            {
                "location_code_current": ["county_nor42"],
                "location_code_original": ["county_nor10"],
                "calyear": ["2017.0"],
                "weighting": ["1.0"],
                "granularity_geo": ["county"],
            }
        )
        assert ChangeTable.from_csdata(raw, granularity="county").targets(
            "10", 2017
        ).to_dict() == {"42": 1.0}
        with raises(
            GeographyError, "no rows of granularity 'municip'; the table has 'county'"
        ):
            ChangeTable.from_csdata(raw)

    def test_from_csdata_prefix(self) -> None:
        raw = pd.DataFrame(
            {
                "location_code_current": ["municip_nor4204"],
                "location_code_original": ["municip_swe1001"],
                "calyear": ["2017.0"],
                "weighting": ["1.0"],
                "granularity_geo": ["municip"],
            }
        )
        with raises(
            GeographyError,
            "codes in 'location_code_original' without the prefix 'municip_nor': "
            "'municip_swe1001'",
        ):
            ChangeTable.from_csdata(raw)


class TestRebase:
    def counts(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "year": [2017, 2017, 2017, 2018],
                "name": ["a", "b", "c", "a"],
                "code": ["0101", "0102", "0103", "0101"],
                "population": [100, 50, 40, 7],
            }
        )

    def test_split_and_merge(self) -> None:
        result = rebase(self.counts(), ChangeTable(change_frame()))
        expected = pd.DataFrame(
            {
                "year": [2017, 2017, 2017, 2018],
                "code": ["3101", "3102", "3103", "3101"],
                "population": [150.0, 10.0, 30.0, 7.0],
            }
        )
        pd.testing.assert_frame_equal(result, expected, check_index_type=False)

    def test_merges_keep_integers_exact(self) -> None:
        counts = self.counts().iloc[[0, 1, 3]]
        counts.loc[:, "population"] = [2**62, 1, 3]
        result = rebase(counts, ChangeTable(change_frame()))
        assert result["population"].dtype == np.int64
        assert result["population"].tolist() == [2**62 + 1, 3]

    def test_missing_count_propagates(self) -> None:
        counts = self.counts()
        counts["population"] = counts["population"].astype("Int64")
        counts.loc[1, "population"] = pd.NA
        result = rebase(counts, ChangeTable(change_frame()))
        assert result["population"].isna().tolist() == [True, False, False, False]

    def test_unplaced_codes(self) -> None:
        counts = pd.concat(
            [
                self.counts(),
                pd.DataFrame({"year": [2018, 2016], "code": ["0102", "0101"]}),
            ],
            ignore_index=True,
        )
        with raises(
            GeographyError,
            "2 unit-year(s) in column 'code' are not in the change table: "
            "'0101' in 2016, '0102' in 2018; year(s) 2016 are outside it (its "
            "years run from 2017 to 2018)",
        ):
            rebase(counts, ChangeTable(change_frame()))

    def test_repeated_unit_years(self) -> None:
        counts = pd.concat([self.counts(), self.counts().iloc[[1]]], ignore_index=True)
        with raises(
            DataError, "1 unit-year(s) appear on more than one row: '0102' in 2017"
        ):
            rebase(counts, ChangeTable(change_frame()))

    def test_same_unit_and_year_column(self) -> None:
        with raises(DataError, "unit_column and year_column are both 'code'"):
            rebase(self.counts(), ChangeTable(change_frame()), year_column="code")


@st.composite
def changes_and_counts(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random change table with splits and merges, and counts in its codes."""
    years = draw(st.lists(st.integers(2000, 2003), min_size=1, max_size=3, unique=True))
    n_targets = draw(st.integers(1, 5))
    table, counts = [], []
    for year in years:
        for unit in range(draw(st.integers(1, 6))):
            code = f"{unit:04d}"
            targets = draw(
                st.lists(
                    st.integers(0, n_targets - 1), min_size=1, max_size=3, unique=True
                )
            )
            parts = draw(
                st.lists(
                    st.integers(1, 9), min_size=len(targets), max_size=len(targets)
                )
            )
            for target, part in zip(targets, parts, strict=True):
                table.append((code, year, f"T{target}", part / sum(parts)))
            counts.append((code, year, draw(st.integers(0, 10**9))))
    return (
        pd.DataFrame(table, columns=["original", "year", "target", "weight"]),
        pd.DataFrame(counts, columns=["code", "year", "population"]),
    )


class TestRebaseProperties:
    @given(changes_and_counts())
    @settings(max_examples=80, deadline=None)
    def test_conserves_totals_per_year(
        self, case: tuple[pd.DataFrame, pd.DataFrame]
    ) -> None:
        table, counts = case
        result = rebase(counts, ChangeTable(table))
        before = counts.groupby("year")["population"].sum()
        after = result.groupby("year")["population"].sum()
        np.testing.assert_allclose(after.to_numpy(), before.to_numpy(), rtol=1e-12)
        assert after.index.tolist() == before.index.tolist()
        assert result[["year", "code"]].equals(
            result[["year", "code"]].sort_values(["year", "code"])
        )
        shuffled = counts.iloc[::-1]
        pd.testing.assert_frame_equal(rebase(shuffled, ChangeTable(table)), result)

    @given(changes_and_counts(), st.floats(1e-6, 0.5), st.booleans())
    @settings(max_examples=40, deadline=None)
    def test_refuses_weights_not_summing_to_one(
        self, case: tuple[pd.DataFrame, pd.DataFrame], shift: float, down: bool
    ) -> None:
        table, _ = case
        first = table.iloc[0]
        weight = first["weight"] * (1 - shift) if down else first["weight"] + shift
        if weight > 1:
            weight = first["weight"] * (1 - shift)
        table.loc[0, "weight"] = weight
        message = (
            "weights of an original code and year must sum to 1; "
            f"{first['original']!r} in {first['year']} sum to "
        )
        with pytest.raises(GeographyError, match=re.escape(message)):
            ChangeTable(table)

    @given(changes_and_counts())
    @settings(max_examples=40, deadline=None)
    def test_refuses_unknown_codes(
        self, case: tuple[pd.DataFrame, pd.DataFrame]
    ) -> None:
        table, counts = case
        extra = pd.DataFrame({"code": ["X1"], "year": [1999], "population": [1]})
        first, last = table["year"].min(), table["year"].max()
        with raises(
            GeographyError,
            "1 unit-year(s) in column 'code' are not in the change table: 'X1' in "
            f"1999; year(s) 1999 are outside it (its years run from {first} to "
            f"{last})",
        ):
            rebase(pd.concat([counts, extra], ignore_index=True), ChangeTable(table))


# -- the real Norwegian change table: 2017 codes onto 2024 borders ----------------


class TestNorwayRedistricting:
    def test_every_2017_municipality_is_placed(
        self, norway: Hierarchy, changes_b2024: ChangeTable
    ) -> None:
        frame = changes_b2024.frame
        originals_2017 = set(frame.loc[frame["year"] == 2017, "original"])
        assert originals_2017 == set(norway.units("municipality"))

    def test_one_per_municipality_conserves_426(
        self, norway: Hierarchy, changes_b2024: ChangeTable
    ) -> None:
        ones = pd.DataFrame(
            {"code": norway.units("municipality"), "year": 2017, "units": 1}
        )
        result = rebase(ones, changes_b2024)
        assert result["units"].sum() == pytest.approx(426, rel=1e-12)
        assert len(result) == 357  # the municipalities of 2024 (splits included)
        assert set(result["year"]) == {2017}

    def test_kristiansand_merge(self, changes_b2024: ChangeTable) -> None:
        # 1001 Kristiansand, 1017 Songdalen and 1018 Søgne merged in 2020 into
        # 4204 Kristiansand (code of 2024); the file gives weight 1 for each.
        for code in ["1001", "1017", "1018"]:
            assert changes_b2024.targets(code, 2017).to_dict() == {"4204": 1.0}
        counts = pd.DataFrame(
            {
                "code": ["1001", "1017", "1018", "1014"],
                "year": 2017,
                "population": [91_000, 6_500, 11_300, 14_700],
            }
        )
        result = rebase(counts, changes_b2024).set_index("code")
        assert result.loc["4204", "population"] == 91_000 + 6_500 + 11_300
        assert result["population"].dtype == np.int64

    def test_known_splits(self, changes_b2024: ChangeTable) -> None:
        # Snillfjord (1613) was split in 2020 between Heim, Hitra and Orkland.
        assert changes_b2024.targets("1613", 2017).to_dict() == {
            "5055": 0.35,
            "5056": 0.35,
            "5059": 0.3,
        }
        # Tysfjord (1850) was split between Narvik and Hamarøy.
        assert changes_b2024.targets("1850", 2017).to_dict() == {
            "1806": 0.5,
            "1875": 0.5,
        }
