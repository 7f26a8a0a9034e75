"""Country outlines from ``countryinfo`` (GeoJSON shipped with the package, read offline).

The outlines are coarse (Ukraine has about a hundred vertices, Crimea included): enough to
share a country out among its settlements (:mod:`geo.gazetteer_build`) or to clip an estimated
area of control (:mod:`layers.control_area`), not to draw a border.

>>> outline = country_outline("UA")
>>> outline.geom_type, outline.contains(outline.representative_point())
('Polygon', True)
>>> country_outline("XX") is None
True
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["country_outline"]


@cache
def country_outline(country: str) -> BaseGeometry | None:
    """Return a country's outline (a valid shapely (Multi)Polygon in WGS84), or None.

    Parameters
    ----------
    country
        An ISO 3166-1 alpha-2 code (``"UA"``) or a name countryinfo knows.

    Returns
    -------
    BaseGeometry or None
        None when countryinfo has no outline for it.
    """
    # Imported here: the gazetteer's start-up path never pays for countryinfo or shapely.
    from countryinfo import CountryInfo
    from shapely import make_valid
    from shapely.geometry import shape
    from shapely.ops import unary_union

    try:
        data = CountryInfo(country).geo_json()
        parts = [make_valid(shape(f["geometry"])) for f in data["features"]] if data else []
        geometry = make_valid(unary_union(parts)) if parts else None
    except Exception:  # countryinfo raises for a country it lacks or a field it has not
        return None
    return geometry if geometry is not None and not geometry.is_empty else None
