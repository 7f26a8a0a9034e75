"""Merging a corpus: one row per place and one row per event, whatever the article.

**Places** are keyed by the gazetteer id (``place_id``), so "Artemivsk" and "Bakhmut" are one place
713174; a place keeps every surface form with the number of articles that wrote it that way.

**Events** reported by several articles become one event when they have the same ACLED event type
and sub-type, the same ``place_id``, and date windows that overlap within a tolerance: one day for
day precision (reports dated on consecutive days may merge, two days apart never do), none for week
or month precision (the window already spans the week or month). A cluster keeps the
*intersection* of its members' widened windows, so a run of daily reports of shelling at one town
is not chained into one long event (a merged day-precision event spans at most two consecutive
days). Undated events never merge, and neither do two events of the same article (its curator or
the extractor already told them apart: one article, one report of an event).

A merged event lists every report (``quotes``, ``sources``, ``article_ids``, ``raw_ids``,
``source_urls``: parallel lists, one entry per report; ``sources`` reads "outlet, date") and counts
its articles (``n_sources``). Its casualty counts follow
one rule (see :func:`merge_counts`): **best = the largest reported best** (tolls rise as reports
come in), **low = the smallest reported low, high = the largest reported high**; a report that
gives only a best counts as that figure for low and high. Its date is the most common date among
its most precise reports (ties: the earliest), its ``quote``/``source_*`` columns are the first
report's (earliest publication, then article id), ``geo_precision`` the best, ``confidence`` the
highest, ``origin`` curated when any report was curated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["PlaceMerger", "merge_counts", "merge_events"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2}
#: Half the date tolerance, in days, added to each side of a report's window.
_PAD = {"day": 0.5}
_COUNTS = ("fatalities", "wounded")
_INT_COLUMNS = (
    "geonameid", "geo_precision", "quote_start", "quote_end", "n_sources", "n_reports",
    *(f"{k}_{p}" for k in _COUNTS for p in ("best", "low", "high")),
)  # fmt: skip


@dataclass
class _PlaceAcc:
    row: dict[str, Any]
    mentions: int = 0
    confidence: float = 0.0
    forms: Counter = field(default_factory=Counter)
    articles: list[str] = field(default_factory=list)


class PlaceMerger:
    """Accumulates per-article place rows into one row per ``place_id`` (memory: one per place)."""

    def __init__(self) -> None:
        self._places: dict[str, _PlaceAcc] = {}

    def add(self, places: pd.DataFrame) -> None:
        """Add one or more articles' place rows (columns of ``places_frame`` + article_id, lon, lat)."""
        for row in places.to_dict("records"):
            acc = self._places.get(row["place_id"])
            if acc is None:
                acc = self._places[row["place_id"]] = _PlaceAcc(row)
            acc.mentions += int(row["mentions"])
            acc.confidence = max(acc.confidence, float(row["confidence"]))
            acc.articles.append(str(row["article_id"]))
            for form in str(row["surface_forms"]).split("; "):
                acc.forms[form] += 1

    def __len__(self) -> int:
        return len(self._places)

    def frame(self) -> pd.DataFrame:
        """One row per place, most mentioned first; ``lon``/``lat`` give its point."""
        rows = []
        for pid, acc in self._places.items():
            first = acc.row
            forms = sorted(acc.forms.items(), key=lambda kv: (-kv[1], kv[0]))
            rows.append(
                {
                    **{k: first[k] for k in ("geonameid", "name", "kind", "admin1", "country", "population")},
                    "place_id": pid,
                    "mentions": acc.mentions,
                    "surface_forms": "; ".join(f for f, _ in forms),
                    "form_articles": "; ".join(f"{f}: {n}" for f, n in forms),
                    "n_articles": len(acc.articles),
                    "article_ids": list(acc.articles),
                    "first_quote": first["first_quote"],
                    "confidence": acc.confidence,
                    "lon": first["lon"],
                    "lat": first["lat"],
                }
            )
        frame = pd.DataFrame(rows)
        if frame.empty:
            return frame
        frame = frame.sort_values(["mentions", "place_id"], ascending=[False, True], ignore_index=True)
        for column in ("geonameid", "population", "mentions", "n_articles"):
            frame[column] = frame[column].astype("Int64")
        return frame


def merge_counts(reports: Iterable[tuple[Any, Any, Any]]) -> tuple[int | None, int | None, int | None]:
    """Merge ``(best, low, high)`` casualty reports of one event into one range (rule above).

    >>> merge_counts([(7, 7, 7), (12, 10, 15), (None, None, None)])
    (12, 7, 15)
    >>> merge_counts([(None, None, None)])
    (None, None, None)
    """
    bests, lows, highs = [], [], []
    for best, low, high in reports:
        best, low, high = (None if pd.isna(v) else int(v) for v in (best, low, high))
        if best is None and low is None and high is None:
            continue
        if best is not None:
            bests.append(best)
        lows.append(low if low is not None else best if best is not None else high)
        highs.append(high if high is not None else best if best is not None else low)
    if not lows:
        return None, None, None
    best = max(bests) if bests else None
    low, high = min(lows), max(highs)
    if best is not None:
        low, high = min(low, best), max(high, best)
    return best, low, high


def merge_events(events: pd.DataFrame) -> pd.DataFrame:
    """Merge the events of many articles (rows of ``events_frame`` + article_id, raw_id, lon, lat)."""
    if events.empty:
        return pd.DataFrame()
    keys = ["event_type", "sub_event_type", "place_key"]
    table = events.assign(
        place_key=[
            str(int(g)) if pd.notna(g) else f"{p}@{lat:.5f},{lon:.5f}"
            for g, p, lat, lon in zip(
                events["geonameid"], events["place"], events["lat"], events["lon"], strict=True
            )
        ],
        _start=[_day(s) or _day(d) for s, d in zip(events["time_start"], events["date"], strict=True)],
        _end=[_day(e) or _day(d) for e, d in zip(events["time_end"], events["date"], strict=True)],
    )
    clusters: list[list[dict[str, Any]]] = []
    for _key, group in table.groupby(keys, sort=True, dropna=False):
        clusters.extend(_clusters(group.to_dict("records")))
    rows = [_merged(members) for members in clusters]
    rows.sort(key=lambda r: (r["date"] or "9999", r["event_type"], r["place"], r["raw_ids"][0]))
    frame = pd.DataFrame(rows)
    frame.insert(0, "event_id", [f"e{i:06d}" for i in range(1, len(frame) + 1)])
    for column in _INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    return frame


def _clusters(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group one key's reports: a report joins the first open cluster whose window it overlaps.

    Windows are half-open day intervals ``[start, end + 1)`` widened by :data:`_PAD` each side.
    """
    dated = sorted((r for r in rows if r["_start"] is not None), key=lambda r: (r["_start"], r["raw_id"]))
    done = [[r] for r in rows if r["_start"] is None]
    open_: list[tuple[float, float, list[dict[str, Any]]]] = []
    for row in dated:
        pad = _PAD.get(row["date_precision"], 0.0)
        lo = row["_start"].toordinal() - pad
        hi = (row["_end"] or row["_start"]).toordinal() + 1 + pad
        done.extend(members for c_lo, c_hi, members in open_ if c_hi <= lo)  # sorted: out of reach
        open_ = [c for c in open_ if c[1] > lo]
        for i, (c_lo, c_hi, members) in enumerate(open_):
            if c_lo < hi and lo < c_hi and all(m["article_id"] != row["article_id"] for m in members):
                members.append(row)
                open_[i] = (max(c_lo, lo), min(c_hi, hi), members)
                break
        else:
            open_.append((lo, hi, [row]))
    return done + [members for _, _, members in open_]


def _merged(members: Sequence[dict[str, Any]]) -> dict[str, Any]:
    members = sorted(
        members, key=lambda r: (r["source_published"] or "9999", r["article_id"], r["quote_start"])
    )
    first = members[0]
    finest = min(_PRECISION_RANK.get(r["date_precision"], 3) for r in members)
    precise = [r for r in members if _PRECISION_RANK.get(r["date_precision"], 3) == finest]
    dates = Counter(r["date"] for r in precise if r["date"])
    date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    same_day = [r for r in precise if r["date"] == date] or precise
    ranked = sorted(members, key=lambda r: -float(r["confidence"] or 0))
    articles = list(dict.fromkeys(r["article_id"] for r in members))
    row = {
        "date": date,
        "date_precision": first["date_precision"] if date is None else same_day[0]["date_precision"],
        "time_start": min((r["time_start"] for r in same_day if r["time_start"]), default=None),
        "time_end": max((r["time_end"] for r in same_day if r["time_end"]), default=None),
        "event_type": first["event_type"],
        "sub_event_type": first["sub_event_type"],
        "actor1": next((r["actor1"] for r in ranked if r["actor1"]), ""),
        "actor2": next((r["actor2"] for r in ranked if r["actor2"]), ""),
        "place": "; ".join(dict.fromkeys(str(r["place"]) for r in members)),
        "place_id": first["place_key"],
        **{k: first[k] for k in ("geonameid", "admin1", "country", "lon", "lat")},
        "geo_precision": min(int(r["geo_precision"]) for r in members),
        **{k: first[k] for k in ("quote", "quote_start", "quote_end", "source_outlet", "source_url")},
        "source_published": first["source_published"],
        "origin": "curated" if any(r["origin"] == "curated" for r in members) else "extracted",
        "confidence": max(float(r["confidence"] or 0) for r in members),
        "notes": f"{len(members)} report(s) in {len(articles)} article(s)"
        + (f"; {first['notes']}" if first["notes"] else ""),
        "n_sources": len(articles),
        "n_reports": len(members),
        "article_ids": [r["article_id"] for r in members],
        "raw_ids": [r["raw_id"] for r in members],
        "quotes": [r["quote"] for r in members],
        "sources": [_source(r) for r in members],
        "source_urls": [str(r.get("source_url") or "") for r in members],
    }
    for kind in _COUNTS:
        best, low, high = merge_counts(
            (r[f"{kind}_best"], r[f"{kind}_low"], r[f"{kind}_high"]) for r in members
        )
        row.update({f"{kind}_best": best, f"{kind}_low": low, f"{kind}_high": high})
    return row


def _source(row: dict[str, Any]) -> str:
    name = row.get("source_outlet") or row.get("source_title") or row["article_id"]
    parts = [str(name), str(row.get("source_published") or "")]
    return ", ".join(p for p in parts if p)


def _day(value: Any) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return dt.date.fromisoformat(str(value)[:10])
