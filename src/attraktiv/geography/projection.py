"""Lambert's azimuthal equal-area projection of Europe (EPSG:3035), by formula.

Maps of Europe compare regions by colour, so each region should take the space its
area gives it: an equal-area projection. EPSG:3035 (ETRS89-extended / LAEA Europe)
is the one Eurostat and the European Environment Agency use. It is computed here
from the formulas for the ellipsoid (Snyder 1987, pp. 187-188), so no projection
library is needed.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from ..core.typing import FloatArray
from ..errors import DataError

__all__ = ["EPSG_3035", "lambert_europe"]

#: The parameters of EPSG:3035: the GRS 1980 ellipsoid (semi-major axis in metres,
#: inverse flattening), the centre (latitude, longitude in degrees) and the false
#: easting and northing (metres).
EPSG_3035: Final[dict[str, float]] = {
    "semi_major_axis": 6_378_137.0,
    "inverse_flattening": 298.257222101,
    "latitude_of_origin": 52.0,
    "longitude_of_origin": 10.0,
    "false_easting": 4_321_000.0,
    "false_northing": 3_210_000.0,
}


def _authalic_q(sin_phi: FloatArray, e: float) -> FloatArray:
    """Snyder's q: proportional to the area between the equator and a latitude."""
    es = e * sin_phi
    q: FloatArray = (1 - e * e) * (
        sin_phi / (1 - es * es) - np.log((1 - es) / (1 + es)) / (2 * e)
    )
    return q


def lambert_europe(
    longitude: npt.ArrayLike, latitude: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Project WGS84/ETRS89 degrees onto EPSG:3035 (LAEA Europe), in metres.

    Parameters
    ----------
    longitude, latitude : array_like
        Degrees east and north, of the same shape (GeoJSON order is longitude,
        latitude). ETRS89 and WGS84 differ by under a metre, far below what a map
        shows.

    Returns
    -------
    easting, northing : ndarray
        Metres, of the input's shape.

    Raises
    ------
    DataError
        If the shapes differ, a value is not finite, a latitude lies outside
        [-90, 90], or a point is the antipode of the centre (where the
        projection is undefined).

    Notes
    -----
    With :math:`a` and :math:`e` the ellipsoid's semi-major axis and eccentricity,
    :math:`(\\varphi_1, \\lambda_0)` the centre (52°N, 10°E) and

    .. math::

        q(\\varphi) = (1 - e^2) \\left[ \\frac{\\sin\\varphi}{1 - e^2 \\sin^2\\varphi}
            - \\frac{1}{2e} \\ln \\frac{1 - e \\sin\\varphi}{1 + e \\sin\\varphi}
            \\right], \\quad
        \\beta = \\arcsin \\frac{q(\\varphi)}{q(90°)}, \\quad
        R_q = a \\sqrt{q(90°) / 2},

    .. math::

        D = \\frac{a \\cos\\varphi_1}{\\sqrt{1 - e^2 \\sin^2\\varphi_1}\\,
            R_q \\cos\\beta_1}, \\quad
        B = R_q \\sqrt{\\frac{2}{1 + \\sin\\beta_1 \\sin\\beta
            + \\cos\\beta_1 \\cos\\beta \\cos(\\lambda - \\lambda_0)}},

    the point is :math:`E = E_0 + B D \\cos\\beta \\sin(\\lambda - \\lambda_0)`,
    :math:`N = N_0 + (B / D)(\\cos\\beta_1 \\sin\\beta - \\sin\\beta_1 \\cos\\beta
    \\cos(\\lambda - \\lambda_0))`, with the false easting and northing
    :math:`E_0, N_0` of :data:`EPSG_3035`.

    References
    ----------
    .. [1] J. P. Snyder, *Map Projections: A Working Manual*, U.S. Geological
       Survey Professional Paper 1395, 1987, pp. 182-190.
    .. [2] IOGP, *Coordinate Conversions and Transformations including Formulas*,
       Guidance Note 7-2, section 3.2.2 (the example below).

    Examples
    --------
    The worked example of the IOGP guidance note: 50°N, 5°E.

    >>> easting, northing = lambert_europe(5.0, 50.0)
    >>> round(float(easting), 2), round(float(northing), 2)
    (3962799.45, 2999718.85)
    """
    lon = _degrees("longitude", longitude)
    lat = _degrees("latitude", latitude)
    if lon.shape != lat.shape:
        raise DataError(
            f"longitude and latitude must have the same shape, got {lon.shape} and "
            f"{lat.shape}"
        )
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise DataError("longitude and latitude must be finite numbers (degrees)")
    if (np.abs(lat) > 90).any():
        bad = float(lat[np.abs(lat) > 90].flat[0])
        raise DataError(f"latitude {bad:g} is outside -90 to 90 degrees")
    a = EPSG_3035["semi_major_axis"]
    flattening = 1 / EPSG_3035["inverse_flattening"]
    e = float(np.sqrt(2 * flattening - flattening**2))
    phi1 = np.radians(EPSG_3035["latitude_of_origin"])
    lambda0 = np.radians(EPSG_3035["longitude_of_origin"])
    q_pole = float(_authalic_q(np.asarray(1.0), e))
    r_q = a * np.sqrt(q_pole / 2)
    beta1 = np.arcsin(_authalic_q(np.asarray(np.sin(phi1)), e) / q_pole)
    d = a * np.cos(phi1) / (np.sqrt(1 - (e * np.sin(phi1)) ** 2) * r_q * np.cos(beta1))
    # clip: rounding may carry |q| a hair above q_pole at the poles
    beta = np.arcsin(np.clip(_authalic_q(np.sin(np.radians(lat)), e) / q_pole, -1, 1))
    dlambda = np.radians(lon) - lambda0
    denominator = (
        1
        + np.sin(beta1) * np.sin(beta)
        + np.cos(beta1) * np.cos(beta) * np.cos(dlambda)
    )
    if (denominator <= 1e-12).any():
        raise DataError(
            "a point is the antipode of the projection's centre (52°S, 170°W), where "
            "the Lambert azimuthal projection is undefined"
        )
    b = r_q * np.sqrt(2 / denominator)
    easting: FloatArray = EPSG_3035["false_easting"] + b * d * np.cos(beta) * np.sin(
        dlambda
    )
    northing: FloatArray = EPSG_3035["false_northing"] + (b / d) * (
        np.cos(beta1) * np.sin(beta) - np.sin(beta1) * np.cos(beta) * np.cos(dlambda)
    )
    return easting, northing


def _degrees(name: str, values: npt.ArrayLike) -> FloatArray:
    """``values`` as an array of degrees, or an error naming ``name``."""
    if isinstance(values, str | bytes | dict) or values is None:
        raise DataError(
            f"{name} must be numbers in degrees (a number or an array), not "
            f"{type(values).__name__}"
        )
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise DataError(
            f"{name} must be numbers in degrees (a number or an array); {err}"
        ) from None
    return array
