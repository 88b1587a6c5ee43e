"""Accuracy on the NIST StRD linear least-squares datasets: attraktiv and statsmodels.

Prints, per dataset and quantity, the minimal log relative error (LRE: correct
significant digits, capped at the 15 NIST certifies) of ``attraktiv.ols`` and of
statsmodels ``OLS(...).fit()`` with its default (pinv) and its QR solver, on the
same design. The test suite requires LRE >= 9 of attraktiv.

Run from the repository root: ``python benchmarks/nist_lre.py``.
"""

from __future__ import annotations

import importlib.util
import math
import sys
import warnings
from pathlib import Path
from types import ModuleType

import numpy as np
import statsmodels.api as sm

from attraktiv import ols

ROOT = Path(__file__).resolve().parent.parent


def _load_nist_helpers() -> ModuleType:
    """The NIST parser of the test suite (``tests/conftest.py``), loaded by path."""
    path = ROOT / "tests" / "conftest.py"
    spec = importlib.util.spec_from_file_location("attraktiv_tests_nist", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _statsmodels(data: object, method: str) -> dict[str, list[float]]:
    design = data.design()  # type: ignore[attr-defined]
    exog = design.X.to_numpy()
    if design.add_intercept:
        exog = np.column_stack([np.ones(len(exog)), exog])
    with warnings.catch_warnings():
        # statsmodels warns about the condition number of the Wampler designs.
        warnings.simplefilter("ignore")
        fit = sm.OLS(data.y, exog).fit(method=method)  # type: ignore[attr-defined]
    return data.accuracy(  # type: ignore[attr-defined]
        params=np.asarray(fit.params),
        std_errors=np.asarray(fit.bse),
        sigma=math.sqrt(fit.scale),
        rsquared=fit.rsquared,
    )


def main() -> None:
    nist = _load_nist_helpers()
    quantities = ("params", "std_errors", "sigma", "rsquared")
    programs = ("ours", "sm-pinv", "sm-qr")
    width = 8 * len(programs)
    print("Minimal LRE against NIST StRD certified values (15 = all digits agree)")
    print("ours = attraktiv.ols; sm-pinv, sm-qr = statsmodels OLS.fit(method=...)")
    print()
    print(f"{'':<10}{'log10':>6}" + "".join(f"  {q:^{width}}" for q in quantities))
    print(
        f"{'dataset':<10}{'cond':>6}"
        + "".join("  " + "".join(f"{p:>8}" for p in programs) for _ in quantities)
    )
    for name in nist.NIST_DATASETS:
        data = nist.load_nist(name)
        design = data.design()
        result = ols(data.y, design.X, add_intercept=design.add_intercept)
        ours = data.accuracy(
            params=result.params.to_numpy(),
            std_errors=result.std_errors.to_numpy(),
            sigma=result.sigma,
            rsquared=result.rsquared,
        )
        table = [ours, _statsmodels(data, "pinv"), _statsmodels(data, "qr")]
        cells = "".join(
            "  " + "".join(f"{min(acc[q]):>8.1f}" for acc in table) for q in quantities
        )
        print(f"{name:<10}{math.log10(result.condition_number):>6.1f}{cells}")


if __name__ == "__main__":
    main()
