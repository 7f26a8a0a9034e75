"""Merging rules of corpus mode on hand-made rows: casualty ranges, date windows, places by id."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.corpus.merge import PlaceMerger, merge_counts, merge_events

SHELLING = "Shelling/artillery/missile attack"


def _event(article, day, *, precision="day", start=None, end=None, place=694053, kind=SHELLING,
           wounded=(None, None, None), n=1, published="2015-02-19", outlet=""):  # fmt: skip
    return {
        "event_id": f"x{n:03d}", "raw_id": f"{article}#x{n:03d}", "article_id": article,
        "date": day, "date_precision": precision, "time_start": start or day, "time_end": end or day,
        "event_type": "Explosions/Remote violence", "sub_event_type": kind,
        "actor1": "", "actor2": "", "place": "Shyrokyne", "geonameid": place, "admin1": "Donetsk",
        "country": "UA", "geo_precision": 1,
        "fatalities_best": None, "fatalities_low": None, "fatalities_high": None,
        "wounded_best": wounded[0], "wounded_low": wounded[1], "wounded_high": wounded[2],
        "quote": f"quote of {article}", "quote_start": 0, "quote_end": 10,
        "source_outlet": outlet or f"Outlet {article}", "source_url": f"https://example.org/{article}",
        "source_published": published, "origin": "extracted", "confidence": 0.6, "notes": "",
        "source_title": "", "lon": 37.8, "lat": 47.1,
    }  # fmt: skip


def _merge(*rows):
    return merge_events(pd.DataFrame(list(rows)))


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ([(3, 3, 3), (2, 2, 2)], (3, 2, 3)),  # best = the largest best; the range spans all
        ([(12, 10, 15), (7, 7, 7), (None, None, None)], (12, 7, 15)),  # a report without figures adds nothing
        ([(None, 150, None), (20, 20, 20)], (20, 20, 150)),  # "more than 150": a low bound only
        ([(None, None, None)], (None, None, None)),
        ([(pd.NA, pd.NA, pd.NA), (5, 5, 5)], (5, 5, 5)),
    ],
)
def test_casualty_ranges_merge_by_the_documented_rule(reports, expected):
    """Best = the largest best, low = the smallest low, high = the largest high."""
    assert merge_counts(reports) == expected


def test_two_articles_on_the_same_day_make_one_event_with_both_sources():
    """Same type, place and day in two articles: one event listing both reports."""
    merged = _merge(
        _event("a", "2015-02-18", wounded=(3, 3, 3)), _event("b", "2015-02-18", wounded=(2, 2, 2))
    )
    assert len(merged) == 1
    row = merged.iloc[0]
    assert row["n_sources"] == 2 and row["article_ids"] == ["a", "b"]
    assert row["quotes"] == ["quote of a", "quote of b"]
    assert row["sources"] == ["Outlet a, 2015-02-19", "Outlet b, 2015-02-19"]
    assert row["source_urls"] == ["https://example.org/a", "https://example.org/b"]
    assert (row["wounded_best"], row["wounded_low"], row["wounded_high"]) == (3, 2, 3)
    assert row["event_id"] == "e000001" and row["date"] == "2015-02-18"


def test_day_precision_tolerates_one_day_but_not_two():
    """Consecutive days merge; two days apart do not."""
    assert len(_merge(_event("a", "2015-02-17"), _event("b", "2015-02-18"))) == 1
    assert len(_merge(_event("a", "2015-02-16"), _event("b", "2015-02-18"))) == 2


def test_daily_reports_are_not_chained_into_one_long_event():
    """Ten daily reports give five two-day events, not one ten-day event."""
    days = [f"2015-02-{d:02d}" for d in range(10, 20)]
    merged = _merge(*(_event(f"a{i}", day) for i, day in enumerate(days)))
    assert len(merged) == 5  # each merged event spans at most two consecutive days
    assert [len(ids) for ids in merged["article_ids"]] == [2] * 5


def test_a_week_window_takes_in_a_dated_report_and_keeps_the_precise_date():
    """A week-precision report merges with a day inside its week; the day wins."""
    week = _event("a", "2015-02-19", precision="week", start="2015-02-13", end="2015-02-19")
    merged = _merge(week, _event("b", "2015-02-17"))
    assert len(merged) == 1
    row = merged.iloc[0]
    assert (row["date"], row["date_precision"], row["time_start"], row["time_end"]) == (
        "2015-02-17", "day", "2015-02-17", "2015-02-17"
    )  # fmt: skip
    assert len(_merge(week, _event("b", "2015-02-21"))) == 2


def test_different_places_types_articles_and_undated_reports_stay_apart():
    """Other place, other sub-type, the same article or no date: never merged."""
    assert len(_merge(_event("a", "2015-02-18"), _event("b", "2015-02-18", place=710229))) == 2
    assert len(_merge(_event("a", "2015-02-18"), _event("b", "2015-02-18", kind="Air/drone strike"))) == 2
    same_article = _merge(_event("a", "2015-02-18", n=1), _event("a", "2015-02-18", n=2))
    assert len(same_article) == 2
    undated = _merge(_event("a", None, start=None), _event("b", None, start=None))
    assert len(undated) == 2 and undated["date"].isna().all()


def test_no_events_give_an_empty_frame():
    """An empty corpus merges to an empty frame."""
    assert merge_events(pd.DataFrame()).empty


def test_places_merge_by_gazetteer_id_whatever_the_spelling():
    """Rows of one place id from three articles fold into one, forms counted per article."""
    merger = PlaceMerger()
    row = {"place_id": "713174", "geonameid": 713174, "name": "Bakhmut", "kind": "settlement", "admin1": "D",
           "country": "UA", "population": 72310, "confidence": 0.9, "lon": 38.0, "lat": 48.6}  # fmt: skip
    for article, mentions, forms in (
        ("a", 3, "Artemivsk"),
        ("b", 1, "Bakhmut"),
        ("c", 2, "Artemivsk; Bakhmut"),
    ):
        extra = {
            "article_id": article,
            "mentions": mentions,
            "surface_forms": forms,
            "first_quote": f"q {article}",
        }
        merger.add(pd.DataFrame([{**row, **extra}]))
    frame = merger.frame()
    assert len(merger) == len(frame) == 1
    place = frame.iloc[0]
    assert place["mentions"] == 6 and place["n_articles"] == 3
    assert place["surface_forms"] == "Artemivsk; Bakhmut"
    assert place["form_articles"] == "Artemivsk: 2; Bakhmut: 2"
    assert place["first_quote"] == "q a" and place["article_ids"] == ["a", "b", "c"]
