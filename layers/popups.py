"""Popup and tooltip HTML for map features: every piece of article text HTML-escaped.

Article text is untrusted: values pass through :func:`html.escape` before they meet markup, and only
absolute ``http``/``https`` URLs become links (never ``javascript:`` or ``data:``). An event merged
from several articles (corpus mode: list columns ``sources``, ``source_urls``, ``quotes``,
``n_sources``) lists its reports, at most :data:`MAX_REPORTS` of them.

>>> event_popup({"event_type": "<b>Battles</b>", "quote": "<script>x()</script>"}).count("<script>")
0
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

__all__ = [
    "MAX_REPORTS",
    "cell_list",
    "claim_popup",
    "event_popup",
    "front_popup",
    "place_popup",
    "route_tip",
    "safe_url",
    "text",
]

_PRECISION = {1: "in the town", 2: "near the town or part of a region", 3: "a region"}
#: Reports listed in a merged event's popup; the rest are counted ("and 3 more").
MAX_REPORTS = 5
_REPORT_QUOTE_CHARS = 240
#: The report list scrolls inside the popup, so five long quotes never outgrow the map.
_REPORTS_STYLE = "max-height:16em;overflow-y:auto;margin:2px 0;padding-left:1.5em"
_DATED_SOURCE = re.compile(r"^(?P<outlet>.*?),\s*(?P<date>\d{4}-\d{2}-\d{2})$")


def text(value: object) -> str:
    """Return a cell as display text: '' for null/NaN, integers without '.0'."""
    if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def safe_url(url: object) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else None (no ``javascript:``/``data:`` links).

    >>> safe_url("javascript:alert(1)") is None, safe_url("https://example.org/a")
    (True, 'https://example.org/a')
    """
    candidate = text(url)
    if not candidate or any(ch.isspace() or ord(ch) < 32 for ch in candidate):
        return None
    parts = urlsplit(candidate)
    return candidate if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def cell_list(value: object) -> list[Any]:
    """Return a list cell as a list: a list, tuple or numpy array, a JSON array string, else [] or [value].

    >>> cell_list('["a", "b"]'), cell_list(None), cell_list("x")
    (['a', 'b'], [], ['x'])
    """
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                parsed = json.loads(stripped)
            except ValueError:
                return [stripped]
            return parsed if isinstance(parsed, list) else [parsed]
        return [stripped] if stripped else []
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist"):  # numpy arrays (parquet round-trips) and numpy scalars
        value = value.tolist()
        if isinstance(value, list):
            return value
    return [] if value is None or (not isinstance(value, dict) and pd.isna(value)) else [value]


def _rows(table: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in table if v)
    return f"<table>{cells}</table>" if cells else ""


def _count(best: object, low: object, high: object) -> str:
    best, low, high = text(best), text(low), text(high)
    span = f"{low}–{high}" if low and high and low != high else ""
    if best and span:
        return f"{best} (range {span})"
    return best or span


def _link(url: object, label: str) -> str:
    href = safe_url(url)
    if href is None:
        return escape(label)
    return (
        f'<a href="{escape(href, quote=True)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'
    )


def _reported_by(row: dict[str, Any]) -> str:
    """Return the head of a merged event's report list ("Reported by 2 article(s)"), or ""."""
    if not any(c in row for c in ("sources", "n_sources")):
        return ""
    count = text(row.get("n_sources"))
    if not count.isdigit():
        ids = [text(a) for a in cell_list(row.get("article_ids"))]
        count = str(len(set(ids)) or len(cell_list(row.get("sources"))))
    return f"Reported by {count} article(s)" if count != "0" else ""


def _report(source: object, url: object, quote: object) -> str:
    label = text(source)
    match = _DATED_SOURCE.match(label)
    outlet, date = (match["outlet"], match["date"]) if match else (label, "")
    quote = " ".join(text(quote).split())
    if len(quote) > _REPORT_QUOTE_CHARS:
        quote = quote[: _REPORT_QUOTE_CHARS - 1] + "…"
    return (
        f"<li>{_link(url, outlet or 'source')}"
        + (f", {escape(date)}" if date else "")
        + (f"<blockquote>{escape(quote)}</blockquote>" if quote else "")
        + "</li>"
    )


def _reports(row: dict[str, Any], head: str) -> str:
    """Return a merged event's reports: outlet (linked when http/https), date and quote of each."""
    sources, urls, quotes = (cell_list(row.get(c)) for c in ("sources", "source_urls", "quotes"))
    total = max(len(sources), len(quotes))
    items = "".join(
        _report(*(column[i] if i < len(column) else None for column in (sources, urls, quotes)))
        for i in range(min(total, MAX_REPORTS))
    )
    more = f"<div>and {total - MAX_REPORTS} more</div>" if total > MAX_REPORTS else ""
    if not items:
        return ""
    listed = f'<ol class="fl-reports" style="{_REPORTS_STYLE}">{items}</ol>'
    return f"<div><b>{escape(head)}</b></div>{listed}{more}"


def event_popup(row: dict[str, Any]) -> str:
    """Return the (escaped) popup HTML of one event row (with its reports when merged from several)."""
    sub = text(row.get("sub_event_type"))
    title = text(row.get("event_type")) + (f" — {sub}" if sub else "")
    precision = text(row.get("date_precision"))
    geo = text(row.get("geo_precision"))
    place = text(row.get("place"))
    if place and geo:
        place += f" (precision {geo}: {_PRECISION.get(int(float(geo)), 'unknown')})"
    actors = "; ".join(a for a in (text(row.get("actor1")), text(row.get("actor2"))) if a)
    confidence = text(row.get("confidence"))
    origin = text(row.get("origin")) + (f", confidence {float(confidence):.2f}" if confidence else "")
    head, notes = _reported_by(row), text(row.get("notes"))
    if head and notes.startswith(head):  # the plain-text form of the report list shown below
        notes = ""
    table = _rows(
        [
            ("Date", text(row.get("date")) + (f" ({precision})" if precision else "")),
            ("Actors", actors),
            (
                "Fatalities",
                _count(row.get("fatalities_best"), row.get("fatalities_low"), row.get("fatalities_high")),
            ),
            ("Wounded", _count(row.get("wounded_best"), row.get("wounded_low"), row.get("wounded_high"))),
            ("Place", place),
            ("Origin", origin),
            ("Notes", notes),
        ]
    )
    reports = _reports(row, head) if head else ""
    if reports:
        return f'<div class="fl-title">{escape(title)}</div>{table}{reports}'
    quote = text(row.get("quote"))
    source = text(row.get("source_outlet")) or "source"
    published = text(row.get("source_published"))
    return (
        f'<div class="fl-title">{escape(title)}</div>{table}'
        + (f"<div><b>{escape(head)}</b></div>" if head else "")
        + (f"<blockquote>{escape(quote)}</blockquote>" if quote else "")
        + f"<div>Source: {_link(row.get('source_url'), source)}"
        + (f", {escape(published)}" if published else "")
        + "</div>"
    )


def claim_popup(row: dict[str, Any]) -> str:
    """Return the (escaped) popup HTML of one control claim: who holds the town, and the sentence."""
    kind, side = text(row.get("kind")), text(row.get("side"))
    title = f"{text(row.get('place'))}: {kind}" + (f" — {side}" if side and side != "contested" else "")
    precision = text(row.get("date_precision"))
    confidence = text(row.get("confidence"))
    table = _rows(
        [
            ("Date", text(row.get("date")) + (f" ({precision})" if precision else "")),
            ("Actor", text(row.get("actor"))),
            ("Confidence", f"{float(confidence):.2f}" if confidence else ""),
            ("Report", text(row.get("report"))),
        ]
    )
    quote = text(row.get("quote"))
    return f'<div class="fl-title">{escape(title)}</div>{table}' + (
        f"<blockquote>{escape(quote)}</blockquote>" if quote else ""
    )


def place_popup(row: dict[str, Any]) -> str:
    """Return the (escaped) popup HTML of one place row, linking its GeoNames page."""
    gid = text(row.get("geonameid"))
    name = text(row.get("name"))
    title = _link(f"https://www.geonames.org/{gid}", name) if gid.isdigit() else escape(name)
    table = _rows(
        [
            ("Kind", text(row.get("kind"))),
            ("Region", text(row.get("admin1"))),
            ("Country", text(row.get("country"))),
            ("Population", text(row.get("population"))),
            ("Mentions", text(row.get("mentions"))),
            ("As written", text(row.get("surface_forms"))),
            ("Confidence", text(row.get("confidence"))),
        ]
    )
    quote = text(row.get("first_quote"))
    return f'<div class="fl-title">{title}</div>{table}' + (
        f"<blockquote>{escape(quote)}</blockquote>" if quote else ""
    )


_FOLLOWS = {
    "waypoints": "straight lines between waypoints (no road network given)",
    "roads": "along the supplied road network",
}


def route_tip(row: dict[str, Any]) -> str:
    """Return the (escaped) one-line summary of a route: name, waypoints, length, heading."""
    km, mi = text(row.get("length_km")), text(row.get("length_mi"))
    length = f"{float(km):.1f} km" + (f" ({float(mi):.1f} mi)" if mi else "") if km else ""
    heading = text(row.get("direction"))
    follows = _FOLLOWS.get(text(row.get("follows")), "")
    parts = [
        text(row.get("name")) or "Route",
        text(row.get("waypoints")),
        length,
        heading and f"heading {heading}",
        follows,
    ]
    return escape(" — ".join(p for p in parts if p))


def front_popup(row: dict[str, Any]) -> str:
    """Return the (escaped) popup HTML of a front-line or area snapshot with its source and licence."""
    valid_to = text(row.get("valid_to")) or "open-ended"
    table = _rows(
        [
            ("Status", text(row.get("status"))),
            ("Side", text(row.get("side"))),
            ("Valid", f"{text(row.get('valid_from')) or '?'} to {valid_to}"),
            ("Source", text(row.get("source"))),
            ("Licence", text(row.get("licence"))),
            ("Attribution", text(row.get("attribution"))),
        ]
    )
    return f'<div class="fl-title">{escape(text(row.get("name")) or "Front line")}</div>{table}'
