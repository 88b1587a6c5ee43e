"""Driver fits on a panel that leaves units out (missing="drop"): the six European
islands whose neighbours have no jobs data are left out with one note naming them.

Oracle: statsmodels OLS on z-scored variables built from the period table and the
factor computed on its own, without the six. A panel built with missing="raise"
refuses such a factor instead, naming the units (tests/factors/test_factors.py).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm

from attraktiv import Period, period_table
from attraktiv.datasets import ContiguousJobGrowth, europe_registry, load_europe
from attraktiv.drivers import DriverAnalysis
from attraktiv.errors import AttraktivWarning

ISLANDS = ["CY000", "EL411", "EL412", "EL413", "EL421", "EL622"]
FACTORS = ["job_growth", "contiguous_job_growth"]


def test_islands_left_out_with_one_note_and_betas_as_statsmodels() -> None:
    europe = load_europe()
    analysis = DriverAnalysis(FACTORS, registry=europe_registry())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analysis.fit(europe, ["2014-2016"], level="nuts3")
    notes = [str(w.message) for w in caught if "driver fit" in str(w.message)]
    assert notes == [
        "period 2014-2016: 6 of 1173 NUTS 3 regions left out of the driver fit for "
        "want of a value of contiguous_job_growth: Kypros (CY000); Lesvos, Limnos "
        "(EL411); Ikaria, Samos (EL412); Chios (EL413); Kalymnos, Karpathos, Kos, "
        "Rodos (EL421); Kerkyra (EL622)"
    ]
    assert all(issubclass(w.category, AttraktivWarning) for w in caught)
    # the warning points at the caller, not into the library
    assert {w.filename for w in caught if "driver fit" in str(w.message)} == {__file__}
    data = result.data("2014-2016")
    assert len(data) == 1173 - 6
    assert not data.index.isin(ISLANDS).any()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AttraktivWarning)
        table = period_table(europe, "2014-2016")
    around = ContiguousJobGrowth().compute(europe, Period(2014, 2016), "nuts3")
    frame = pd.DataFrame(
        {
            "net_migration": table["net_migration"],
            "job_growth": table["job_growth"],
            "contiguous_job_growth": around.reindex(table.index),
        }
    )
    assert sorted(frame.index[frame.isna().any(axis=1)]) == ISLANDS
    frame = frame.dropna()
    z = (frame - frame.mean()) / frame.std(ddof=0)
    fit = sm.OLS(z["net_migration"], sm.add_constant(z[FACTORS])).fit()
    betas = result.to_frame().set_index("factor")["beta"]
    np.testing.assert_allclose(betas[FACTORS], fit.params[FACTORS], atol=1e-10)
