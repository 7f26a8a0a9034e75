"""Plain tables for people: the events and the place resolutions, as pandas DataFrames.

These are views for a table widget or a report, built only from the layer columns of
``docs/layers.md`` and from :class:`geo.model.Mention`; nothing here renders HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from geo.model import Candidate, Mention, Place

__all__ = [
    "EVENT_COLUMNS",
    "NOT_A_PLACE",
    "candidate_label",
    "casualties",
    "correction_choices",
    "events_table",
    "mentions_table",
]

#: Label of the choice that says a mention is not a place at all.
NOT_A_PLACE = "Not a place"
#: Columns of :func:`events_table`, in order.
EVENT_COLUMNS = ["type", "date", "place", "actors", "casualties", "quote"]


def events_table(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return one row per event: type, date, place, actors, casualties and the verbatim quote."""
    if events.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    rows = []
    for event in events.itertuples(index=False):
        kind = _text(getattr(event, "event_type", None))
        sub = _text(getattr(event, "sub_event_type", None))
        date = _text(getattr(event, "date", None))
        precision = _text(getattr(event, "date_precision", None))
        actors = " vs ".join(
            a for a in (_text(getattr(event, "actor1", None)), _text(getattr(event, "actor2", None))) if a
        )
        rows.append(
            {
                "type": f"{kind} / {sub}" if sub else kind,
                "date": f"{date} ({precision})" if date and precision and precision != "day" else date,
                "place": _text(getattr(event, "place", None)),
                "actors": actors,
                "casualties": casualties(event._asdict()),
                "quote": _text(getattr(event, "quote", None)),
            }
        )
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def casualties(event: dict) -> str:
    """Describe an event's fatalities and wounded, with ranges where the text gives them.

    >>> casualties({"fatalities_best": 22, "fatalities_low": None, "fatalities_high": None,
    ...             "wounded_best": None, "wounded_low": 150, "wounded_high": None})
    '22 killed; 150+ wounded'
    """
    parts = []
    for field, label in (("fatalities", "killed"), ("wounded", "wounded")):
        best, low, high = (_int(event.get(f"{field}_{x}")) for x in ("best", "low", "high"))
        if best is None and low is None and high is None:
            continue
        if low is not None and high is not None and low != high:
            number = f"{best} ({low}–{high})" if best is not None else f"{low}–{high}"
        elif best is not None:
            number = str(best)
        elif low is not None:
            number = f"{low}+"
        else:
            number = f"up to {high}"
        parts.append(f"{number} {label}")
    return "; ".join(parts)


def candidate_label(candidate: Candidate) -> str:
    """Return a one-line description of a candidate place: name, region, coordinates, score, why."""
    place = candidate.place
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    why = "; ".join(candidate.reasons)
    head = f"{place.name} ({where})" if where else place.name
    return f"{head} {place.lat:.4f}, {place.lon:.4f} · {place.kind} · score {candidate.score:.2f}" + (
        f" · {why}" if why else ""
    )


def mentions_table(mentions: Sequence[Mention], *, runners_up: int = 3) -> pd.DataFrame:
    """Return one row per mention: its span, the resolution and the best runner-up candidates."""
    rows = []
    for index, mention in enumerate(mentions):
        place = mention.place
        others = [c for c in mention.candidates if place is None or c.place != place][:runners_up]
        rows.append(
            {
                "#": index,
                "mention": mention.text,
                "start": mention.start,
                "place": place.name if place else "",
                "oblast": (place.admin1 or "") if place else "",
                "country": (place.country or "") if place else "",
                "lat": round(place.lat, 5) if place else None,
                "lon": round(place.lon, 5) if place else None,
                "geonameid": place.geonameid if place else None,
                "confidence": round(mention.confidence, 3),
                "why": "; ".join(mention.reasons),
                "runners-up": " | ".join(candidate_label(c) for c in others),
            }
        )
    return pd.DataFrame(rows)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def _int(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return int(value)


def correction_choices(mention: Mention) -> list[tuple[Place | None, str]]:
    """Return what a mention can be resolved to, labelled: not a place, then each candidate.

    The current place is always among the choices (added last when it is no candidate).
    """
    choices: list[tuple[Place | None, str]] = [(None, NOT_A_PLACE)]
    choices += [(c.place, candidate_label(c)) for c in mention.candidates]
    if mention.place is not None and all(place != mention.place for place, _label in choices):
        choices.append((mention.place, f"{mention.place.name} (current)"))
    return choices
