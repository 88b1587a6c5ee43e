"""Assertions shared by the test modules (pytest puts tests/ on the path)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from attraktiv.errors import AttraktivError


def assert_close(actual: Any, desired: Any, *, rtol: float, atol: Any = 0.0) -> None:
    """``|actual - desired| <= atol + rtol |desired|`` elementwise; ``atol`` may be an
    array (a per-element scale), which ``numpy.testing.assert_allclose`` rejects."""
    a = np.asarray(actual, dtype=np.float64)
    d = np.asarray(desired, dtype=np.float64)
    assert a.shape == d.shape, f"shape {a.shape} != {d.shape}"
    bound = np.asarray(atol) + rtol * np.abs(d)
    bad = ~(np.abs(a - d) <= bound)
    if np.any(bad):
        rel = np.abs(a - d) / np.where(d == 0, 1.0, np.abs(d))
        raise AssertionError(
            f"{int(bad.sum())} of {a.size} differ; max relative difference "
            f"{float(np.max(rel)):.3e}\nactual:  {a[bad]}\ndesired: {d[bad]}"
        )


def refused(
    call: Callable[[], object], error: type[AttraktivError], *culprits: str
) -> str:
    """The message of the error ``call`` raises: exactly ``error``, naming all."""
    with pytest.raises(AttraktivError) as info:
        call()
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    message = str(info.value)
    for culprit in culprits:
        assert culprit in message, (culprit, message)
    return message
