"""Tests of attraktiv.periods: METHOD section 2."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from attraktiv.errors import PeriodError
from attraktiv.periods import Period, as_period, long_term_periods, rolling_periods


@st.composite
def periods(draw: st.DrawFn) -> Period:
    first = draw(st.integers(min_value=1000, max_value=9949))
    last = draw(st.integers(min_value=first, max_value=first + 50))
    return Period(first, last)


class TestPeriod:
    def test_attributes(self) -> None:
        p = Period(2008, 2010)
        assert p.years == (2008, 2009, 2010)
        assert p.length == 3
        assert p.label == "2008-2010"
        assert str(p) == "2008-2010"
        assert p.label_end == 2010

    def test_single_year(self) -> None:
        p = Period(2010, 2010)
        assert p.years == (2010,)
        assert p.length == 1

    def test_contains(self) -> None:
        p = Period(2008, 2010)
        assert 2008 in p
        assert 2010 in p
        assert np.int64(2009) in p
        assert 2007 not in p
        assert 2011 not in p
        assert 2009.0 not in p
        assert True not in Period(2008, 2010)

    def test_order_and_hash(self) -> None:
        assert Period(2005, 2007) < Period(2008, 2010)
        assert Period(2008, 2009) < Period(2008, 2010)
        assert len({Period(2008, 2010), Period(2008, 2010)}) == 1

    def test_numpy_integers_become_int(self) -> None:
        p = Period(np.int64(2008), np.int32(2010))  # type: ignore[arg-type]
        assert type(p.first) is int
        assert type(p.last) is int
        assert p == Period(2008, 2010)

    def test_frozen(self) -> None:
        p = Period(2008, 2010)
        with pytest.raises(AttributeError):
            p.first = 2009  # type: ignore[misc]

    def test_last_before_first(self) -> None:
        with pytest.raises(
            PeriodError,
            match=re.escape(
                "period ends before it starts: last year 2008 is before first year 2010"
            ),
        ):
            Period(2010, 2008)

    @pytest.mark.parametrize(
        ("first", "last", "shown"),
        [
            (2008.0, 2010, "first=2008.0, last=2010"),
            (2008, "2010", "first=2008, last='2010'"),
            (True, 2010, "first=True, last=2010"),
            (None, 2010, "first=None, last=2010"),
        ],
    )
    def test_non_integer_years(self, first: object, last: object, shown: str) -> None:
        with pytest.raises(
            PeriodError, match=re.escape(f"period years must be integers, got {shown}")
        ):
            Period(first, last)  # type: ignore[arg-type]


class TestParse:
    @pytest.mark.parametrize(
        "text",
        ["2008-2010", "2008–2010", " 2008-2010 ", "2008 – 2010", "\t2008–2010\n"],
    )
    def test_both_dashes_and_spaces(self, text: str) -> None:
        assert Period.parse(text) == Period(2008, 2010)
        assert as_period(text) == Period(2008, 2010)

    def test_period_passes_through(self) -> None:
        p = Period(2008, 2010)
        assert Period.parse(p) is p
        assert as_period(p) is p

    def test_tuple(self) -> None:
        assert Period.parse((2001, 2003)) == Period(2001, 2003)

    @pytest.mark.parametrize(
        "text",
        [
            "2008",
            "2008-",
            "2008/2010",
            "2008-2010-2012",
            "abc",
            "",
            "2008—2010",
            "08-10",
        ],
    )
    def test_bad_text(self, text: str) -> None:
        message = (
            f"cannot read {text!r} as a period; "
            "expected 'first-last' with four-digit years, such as '2008-2010' "
            "(hyphen or en dash)"
        )
        with pytest.raises(PeriodError, match=re.escape(message)):
            Period.parse(text)

    def test_text_ending_before_start(self) -> None:
        with pytest.raises(
            PeriodError,
            match=re.escape("last year 2008 is before first year 2010"),
        ):
            Period.parse("2010-2008")

    def test_bad_tuple(self) -> None:
        with pytest.raises(
            PeriodError,
            match=re.escape(
                "cannot read (2008, 2009, 2010) as a period; "
                "expected a tuple of two years (first, last)"
            ),
        ):
            Period.parse((2008, 2009, 2010))  # type: ignore[arg-type]

    def test_bad_type(self) -> None:
        with pytest.raises(
            PeriodError,
            match=re.escape(
                "cannot read 2010 as a period; expected a Period, a string "
                "such as '2008-2010' or a tuple (first, last)"
            ),
        ):
            Period.parse(2010)  # type: ignore[arg-type]

    @given(periods())
    def test_round_trip(self, period: Period) -> None:
        assert Period.parse(str(period)) == period
        assert str(Period.parse(str(period))) == str(period)
        en_dash = f"{period.first}–{period.last}"
        assert Period.parse(en_dash) == period


class TestRolling:
    def test_2003_to_2010(self) -> None:
        result = rolling_periods(2003, 2010)
        assert len(result) == 8
        assert result[0] == Period(2001, 2003)
        assert result[-1] == Period(2008, 2010)
        assert [p.label_end for p in result] == list(range(2003, 2011))
        assert all(p.length == 3 for p in result)

    def test_length(self) -> None:
        assert rolling_periods(2010, 2011, length=1) == [
            Period(2010, 2010),
            Period(2011, 2011),
        ]

    def test_single(self) -> None:
        assert rolling_periods(2010, 2010) == [Period(2008, 2010)]

    def test_length_below_one(self) -> None:
        with pytest.raises(
            PeriodError, match=re.escape("period length must be at least 1, got 0")
        ):
            rolling_periods(2003, 2010, length=0)

    def test_end_before_start(self) -> None:
        with pytest.raises(
            PeriodError, match=re.escape("last_end 2003 is before first_end 2010")
        ):
            rolling_periods(2010, 2003)

    def test_non_integer(self) -> None:
        with pytest.raises(
            PeriodError, match=re.escape("length must be an integer, got 3.0")
        ):
            rolling_periods(2003, 2010, length=3.0)  # type: ignore[arg-type]


class TestLongTerm:
    def test_default(self) -> None:
        assert long_term_periods(2010) == [
            Period(2002, 2004),
            Period(2005, 2007),
            Period(2008, 2010),
        ]

    def test_parameters(self) -> None:
        assert long_term_periods(2010, length=2, count=2) == [
            Period(2007, 2008),
            Period(2009, 2010),
        ]
        assert long_term_periods(2010, length=1, count=1) == [Period(2010, 2010)]

    @given(
        st.integers(min_value=1900, max_value=2100),
        st.integers(min_value=1, max_value=10),
        st.integers(min_value=1, max_value=10),
    )
    def test_adjacent_and_ending(self, last_end: int, length: int, count: int) -> None:
        result = long_term_periods(last_end, length=length, count=count)
        assert len(result) == count
        assert result[-1].last == last_end
        assert all(p.length == length for p in result)
        years = [year for p in result for year in p.years]
        assert years == list(range(last_end - length * count + 1, last_end + 1))

    def test_length_below_one(self) -> None:
        with pytest.raises(
            PeriodError, match=re.escape("period length must be at least 1, got -1")
        ):
            long_term_periods(2010, length=-1)

    def test_count_below_one(self) -> None:
        with pytest.raises(
            PeriodError, match=re.escape("count must be at least 1, got 0")
        ):
            long_term_periods(2010, count=0)

    def test_non_integer(self) -> None:
        with pytest.raises(
            PeriodError, match=re.escape("last_end must be an integer, got '2010'")
        ):
            long_term_periods("2010")  # type: ignore[arg-type]
