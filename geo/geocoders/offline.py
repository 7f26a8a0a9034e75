"""The offline geocoder: the GeoNames gazetteer's candidates, ranked (the default).

>>> geocoder = GazetteerGeocoder(Gazetteer.open())                      # doctest: +SKIP
>>> donetsk = geocoder.geocode("Donetsk")                                # doctest: +SKIP
>>> geocoder.geocode("Olenivka", near=donetsk).geonameid                 # doctest: +SKIP
698614

:class:`GazetteerGeocoder` ranks the gazetteer's candidates by a population prior plus a bias
towards a nearby place, and filters them by country and bounding box; each candidate carries
the reasons for its score. Scoring, bias and argument checks shared with the online geocoders
are in :mod:`geo.ranking`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geo.gazetteer import Gazetteer
from geo.geocoders.base import RankingGeocoder
from geo.model import Candidate, Place
from geo.names import fold
from geo.ranking import (
    BBox,
    check_bbox,
    check_country_codes,
    check_query,
    in_bbox,
    place_bias,
    size_reasons,
)

__all__ = ["GazetteerGeocoder"]

_NAMESAKE_REGION_FACTOR = 0.5  # a region named after a settlement scores half the settlement
# Ties go to the larger kind of place: "Georgia" the country before Georgia the US state.
_KIND_ORDER = {"country": 0, "region": 1, "settlement": 2}


class GazetteerGeocoder(RankingGeocoder):
    """The offline, deterministic geocoder over the GeoNames gazetteer (the default)."""

    name = "offline"

    def __init__(self, gazetteer: Gazetteer, *, limit: int = 500) -> None:
        # The gazetteer lists the most populous first; a bias may favour the smallest namesake,
        # so every namesake is fetched (the commonest name in GeoNames has ~160).
        self.gazetteer = gazetteer
        self.limit = limit

    def __repr__(self) -> str:
        return f"GazetteerGeocoder({self.gazetteer.path})"

    def candidates(
        self,
        query: str,
        *,
        near: Place | None = None,
        country_codes: Sequence[str] = (),
        bbox: BBox | None = None,
    ) -> list[Candidate]:
        """Rank the gazetteer's places called ``query``.

        Parameters
        ----------
        query
            A place name in any case, with or without diacritics or apostrophes, in Latin or
            Cyrillic script; transliteration variants are matched when no exact name is.
        near
            Favour places close to this one (a smooth bonus that fades over a few hundred km)
            and in the same first-level region.
        country_codes
            Keep only places in these ISO 3166-1 alpha-2 countries.
        bbox
            Keep only places inside ``(min_lon, min_lat, max_lon, max_lat)``.

        Returns
        -------
        list of Candidate
            Best first; empty for an unknown, empty or absurd name.

        Raises
        ------
        InputError
            When ``query`` is not a string or the bias arguments are malformed.
        """
        text = check_query(query)
        codes = check_country_codes(country_codes)
        box = check_bbox(bbox)
        if text is None:
            return []
        ranked = []
        # a sea, river or island only when no settlement, region or country has the name:
        # "Dnipro" is the city, "Sea of Azov" the sea
        matches = self.gazetteer.find(text, limit=self.limit)
        matches = matches or self.gazetteer.find_features(text)[: self.limit]
        for found in matches:
            place = found.place
            if codes and place.country not in codes:
                continue
            if box is not None and not in_bbox(place, box):
                continue
            bonus, why = place_bias(place, near=near, country_codes=codes, bbox=box)
            reasons = (*found.reasons, *size_reasons(place), *why)
            ranked.append(replace(found, score=found.score + bonus, reasons=reasons))
        ranked = _prefer_settlements(ranked)
        ranked.sort(key=lambda c: (-c.score, _KIND_ORDER.get(c.place.kind, 9), -c.place.population))
        return ranked


def _prefer_settlements(ranked: list[Candidate]) -> list[Candidate]:
    """Rank a region below a settlement of the same name that it is named after.

    "Donetsk" names both a city and, as an alternate, its oblast; "Kyiv" a city and the
    city-region around it. A bare name means the settlement, as in the press and in
    Nominatim. A region keeps its rank when it matched by its own name and holds no
    settlement of that name (Crimea, Donbas, Georgia the US state).
    """
    settlements = [c for c in ranked if c.place.kind == "settlement"]
    if not settlements:
        return ranked
    best = max(settlements, key=lambda c: c.score)
    result = []
    for cand in ranked:
        place = cand.place
        if place.kind == "region" and cand.score >= best.score:
            contains = place.admin1_code is not None and place.admin1_code == best.place.admin1_code
            by_alias = fold(cand.matched_name) != fold(place.name)
            if contains or by_alias:
                why = f"region; the settlement {best.place.name!r} of the same name is preferred"
                cand = replace(cand, score=best.score * _NAMESAKE_REGION_FACTOR, reasons=(*cand.reasons, why))
        result.append(cand)
    return result
