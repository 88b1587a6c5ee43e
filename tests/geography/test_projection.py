"""lambert_europe (EPSG:3035 by formula) against the IOGP example, PROJ and symmetry."""

from __future__ import annotations

import re

import numpy as np
import pytest

from attraktiv.errors import DataError
from attraktiv.geography.projection import EPSG_3035, lambert_europe


def test_the_iogp_worked_example() -> None:
    # IOGP Guidance Note 7-2, ETRS89-extended / LAEA Europe: 50°N 5°E
    easting, northing = lambert_europe(5.0, 50.0)
    assert float(easting) == pytest.approx(3_962_799.45, abs=0.005)
    assert float(northing) == pytest.approx(2_999_718.85, abs=0.005)


def test_centre_and_symmetry() -> None:
    easting, northing = lambert_europe(10.0, 52.0)
    assert float(easting) == pytest.approx(EPSG_3035["false_easting"], abs=1e-6)
    assert float(northing) == pytest.approx(EPSG_3035["false_northing"], abs=1e-6)
    # mirror images about the central meridian
    east, north = lambert_europe([10.0 + 7.5, 10.0 - 7.5], [61.0, 61.0])
    assert east[0] - EPSG_3035["false_easting"] == pytest.approx(
        EPSG_3035["false_easting"] - east[1], rel=1e-12
    )
    assert north[0] == pytest.approx(north[1], rel=1e-12)


def test_matches_proj_across_europe() -> None:
    pyproj = pytest.importorskip("pyproj")
    rng = np.random.default_rng(22)
    lon = rng.uniform(-32.0, 45.0, 2000)  # the Azores to the Caspian
    lat = rng.uniform(27.0, 72.0, 2000)  # the Canaries to the North Cape
    easting, northing = lambert_europe(lon, lat)
    transformer = pyproj.Transformer.from_crs(4326, 3035, always_xy=True)
    expected_e, expected_n = transformer.transform(lon, lat)
    np.testing.assert_allclose(easting, expected_e, atol=1e-6)
    np.testing.assert_allclose(northing, expected_n, atol=1e-6)
    assert easting.shape == lon.shape


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        ([1.0, 2.0], [50.0], "longitude and latitude must have the same shape"),
        ([np.nan], [50.0], "longitude and latitude must be finite numbers"),
        ([5.0], [91.0], "latitude 91 is outside -90 to 90 degrees"),
        ([-170.0], [-52.0], "a point is the antipode of the projection's centre"),
    ],
)
def test_bad_points_are_refused(
    lon: list[float], lat: list[float], message: str
) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        lambert_europe(lon, lat)
