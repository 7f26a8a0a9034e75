"""Filters over the events layer: by event type and by a date window.

>>> import geopandas as gpd
>>> ev = gpd.GeoDataFrame({"event_type": ["Battles", "Protests"], "date": ["2015-02-18", None],
...                        "time_start": [None, None], "time_end": [None, None]}, geometry=[None, None])
>>> len(filter_events(ev, types={"Battles"}))
1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TypeVar

import geopandas as gpd
import pandas as pd

from geo.errors import InputError

__all__ = [
    "LAYERS",
    "EventFilter",
    "date_bounds",
    "date_window",
    "event_types",
    "filter_events",
    "select_layers",
    "visible_layers",
]

#: Map layer label (as in the map's layer control) -> field of ``layers.pipeline.MapLayers``.
LAYERS: dict[str, str] = {
    "Places": "places",
    "Events": "events",
    "Route": "routes",
    "Front line": "front_lines",
    "Controlled area": "areas",
}
_Bundle = TypeVar("_Bundle")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the user asked to see: event types (None = all) and a date window (None = open)."""

    types: frozenset[str] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    include_undated: bool = True


def event_types(events: gpd.GeoDataFrame) -> list[str]:
    """Return the event types present, sorted (empty for an empty or type-less layer)."""
    if events.empty or "event_type" not in events:
        return []
    return sorted({str(t) for t in events["event_type"].dropna()})


def date_bounds(events: gpd.GeoDataFrame) -> tuple[dt.date, dt.date] | None:
    """Return the earliest and latest day any event covers, or None when no event is dated."""
    starts, ends = _windows(events)
    days = pd.concat([starts, ends]).dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def filter_events(
    events: gpd.GeoDataFrame,
    criteria: EventFilter | None = None,
    *,
    types: Collection[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_undated: bool = True,
) -> gpd.GeoDataFrame:
    """Return the events of the chosen types whose time window overlaps ``[start, end]``.

    An event's window runs from ``time_start`` to ``time_end`` (falling back to ``date``), so an
    event dated only to a week or a month is kept when any of its days is in range. Undated events
    are kept unless ``include_undated`` is false. Pass an :class:`EventFilter` or the keywords.
    """
    if criteria is not None:
        types, start, end, include_undated = (
            criteria.types,
            criteria.start,
            criteria.end,
            criteria.include_undated,
        )
    if events.empty:
        return events
    keep = pd.Series(True, index=events.index)
    if types is not None:
        keep &= events["event_type"].isin(list(types))
    if start is not None or end is not None:
        first, last = _windows(events)
        undated = first.isna() & last.isna()
        first, last = first.fillna(last), last.fillna(first)
        in_range = pd.Series(True, index=events.index)
        if start is not None:
            in_range &= last >= pd.Timestamp(start)
        if end is not None:
            in_range &= first <= pd.Timestamp(end)
        keep &= (in_range & ~undated) | (undated & include_undated)
    return events[keep]


def _windows(events: gpd.GeoDataFrame) -> tuple[pd.Series, pd.Series]:
    """Each event's first and last day as timestamps (NaT when unknown)."""

    def column(name: str) -> pd.Series:
        if name not in events:
            return pd.Series(pd.NaT, index=events.index, dtype="datetime64[ns]")
        return pd.to_datetime(events[name], errors="coerce", format="ISO8601")

    date = column("date")
    return column("time_start").fillna(date), column("time_end").fillna(date)


def select_layers(layers: _Bundle, shown: Collection[str]) -> _Bundle:
    """Return the bundle with every layer not named in ``shown`` (labels of :data:`LAYERS`) emptied.

    An emptied layer keeps its columns and CRS, so renderers and exports treat it as "no data".
    """
    unknown = set(shown) - set(LAYERS)
    if unknown:
        raise InputError(f"unknown layer(s): {', '.join(sorted(unknown))}; known: {', '.join(LAYERS)}")
    hidden = {
        field: getattr(layers, field).iloc[0:0] for label, field in LAYERS.items() if label not in shown
    }
    return replace(layers, **hidden) if hidden else layers


def visible_layers(layers: _Bundle, shown: Collection[str], criteria: EventFilter | None = None) -> _Bundle:
    """Return what the map shows: the ``shown`` layers, with only the events ``criteria`` keep."""
    selected = select_layers(layers, shown)
    if criteria is None or selected.events.empty:
        return selected
    return replace(selected, events=filter_events(selected.events, criteria))


def date_window(picked: object, bounds: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Return the window of a date picker's value: a date, or a 0-, 1- or 2-tuple while picking.

    >>> date_window((dt.date(2015, 2, 17),), (dt.date(2015, 2, 9), dt.date(2015, 2, 18)))
    (datetime.date(2015, 2, 17), datetime.date(2015, 2, 17))
    """
    days = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
    days = tuple(d for d in days if isinstance(d, dt.date))
    return (days[0], days[-1]) if days else bounds
