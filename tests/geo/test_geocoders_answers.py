"""Reading one result of a service (geo.geocoders.answers): the point, the fields, the kind of place."""

from __future__ import annotations

import pytest

from geo.geocoders.answers import kind_of, parse_location, raw_answer, sub_object, to_place


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"lat": "north", "lon": 1},
        {"lat": 91, "lon": 0},
        {"lat": 0, "lon": 181},
        {"lat": None, "lon": None},
    ],
)
def test_a_result_without_a_valid_point_is_skipped(record: dict) -> None:
    assert to_place(record, source="x") is None
    assert parse_location(record, source="x") is None


def test_any_service_is_read_by_its_address_and_point() -> None:
    record = {
        "address": "Bakhmut, Donetsk Oblast, Ukraine",
        "lat": "48.6",
        "lon": 38,
        "raw": {"name": "ignored"},
    }
    place = parse_location(record, source="google")
    assert (place.name, place.lat, place.lon, place.kind, place.source) == (
        "Bakhmut",
        48.6,
        38.0,
        "other",
        "google",
    )
    assert (place.country, place.admin1, place.geonameid, place.population) == (None, None, None, 0)


def test_fields_are_normalised_and_bad_ones_dropped() -> None:
    record = {"address": "", "lat": 1, "lon": 2}
    place = to_place(
        record, source="x", name="", country="ua", admin1=5, geonameid="713174", population="4513"
    )
    assert (place.name, place.country, place.admin1, place.geonameid, place.population) == (
        "",
        "UA",
        "5",
        713174,
        4513,
    )
    odd = to_place(record, source="x", name=7, country="UKR", admin1=[], geonameid="n/a", population=None)
    assert (odd.name, odd.country, odd.admin1, odd.geonameid, odd.population) == ("7", None, None, None, 0)


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (("town",), "settlement"),
        (("road", "village"), "settlement"),  # the first telling one
        (("administrative",), "region"),
        (("country", "city"), "country"),
        (("river",), "water"),
        ((None, "", "Feature", {"not": "hashable"}), "other"),
        ((), "other"),
    ],
)
def test_kind_of(values: tuple, kind: str) -> None:
    assert kind_of(*values) == kind


def test_raw_and_sub_objects_are_objects_or_empty() -> None:
    assert raw_answer({"raw": {"a": 1}}) == {"a": 1}
    assert raw_answer({"raw": "text"}) == {} and raw_answer({}) == {}
    assert sub_object({"address": "a string"}, "address") == {}
