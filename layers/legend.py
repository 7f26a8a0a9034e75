"""The map legend: event types, front-line statuses, areas, places and the route.

Built only from :mod:`layers.style` (never from article text), as a Leaflet control.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from layers.inert import InertScript, script_json
from layers.style import (
    EVENT_STYLES,
    FRONT_STYLES,
    OTHER_EVENT,
    PLACE_STYLE,
    ROUTE_STYLE,
    event_style,
    side_colour,
)

__all__ = ["Legend", "legend_html"]


def _row(swatch: str, label: str) -> str:
    return f'<div class="fl-row">{swatch}<span>{escape(label)}</span></div>'


def legend_html(
    event_types: Iterable[str] = (),
    statuses: Iterable[str] = (),
    sides: Iterable[str] = (),
    *,
    places: bool = False,
    route: bool = False,
    claim_sides: Iterable[str] = (),
) -> str:
    """Return the legend's HTML for the event types, front statuses and sides present on a map.

    >>> "Battles" in legend_html(["Battles"])
    True
    """
    rows: list[str] = []
    present = {event_style(t) for t in event_types}
    event_rows = [s for s in (*EVENT_STYLES.values(), OTHER_EVENT) if s in present]
    if event_rows:
        rows.append("<h4>Events</h4>")
        for style in event_rows:
            dot = f'<span class="fl-dot" style="background:{style.colour}">{escape(style.symbol)}</span>'
            rows.append(_row(dot, style.label))
    if places or route:
        rows.append("<h4>Places and route</h4>")
    if places:
        dot = f'<span class="fl-dot" style="background:{PLACE_STYLE["fillColor"]}"></span>'
        rows.append(_row(dot, "Town named in the article"))
    if route:
        line = f'<span class="fl-line" style="border-top:4px solid {ROUTE_STYLE["color"]}"></span>'
        rows.append(_row(line, "Route (arrows show direction)"))
    wanted = {str(s).lower() for s in statuses}
    status_rows = [(key, style) for key, style in FRONT_STYLES.items() if key in wanted]
    if status_rows:
        rows.append("<h4>Front line (ISW style)</h4>")
        for _key, style in status_rows:
            kind = "solid" if style.dash_array is None else ("dotted" if style.hatch else "dashed")
            line = f'<span class="fl-line" style="border-top:3px {kind} #1b2631"></span>'
            rows.append(_row(line, style.label))
    claimed = sorted({str(s) for s in claim_sides if s})
    if claimed:
        rows.append("<h4>Control claims (who holds the town)</h4>")
        for side in claimed:
            ring = (
                f'<span class="fl-dot" style="background:none;border:3px solid {side_colour(side)}"></span>'
            )
            rows.append(_row(ring, side if side != "contested" else "contested"))
    side_rows = sorted({str(s).lower() for s in sides if s})
    if side_rows:
        rows.append("<h4>Areas of control</h4>")
        for side in side_rows:
            swatch = f'<span class="fl-swatch" style="background:{side_colour(side)};opacity:.6"></span>'
            rows.append(_row(swatch, _SIDE_LABELS.get(side, side.upper())))
    return "".join(rows)


#: Legend labels of the sides that are no camp.
_SIDE_LABELS = {"uncertain": "Uncertainty of the estimated line", "contact": "Line of contact"}


class Legend(InertScript):
    """A Leaflet control (bottom right) holding the legend's HTML (labels escaped by :func:`legend_html`)."""

    def __init__(self, html: str, *, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position

    def script(self) -> str:
        """Add the control to the map."""
        return (
            "(function () {\n"
            f"  var legend = L.control({{position: {script_json(self.position)}}});\n"
            "  legend.onAdd = function () {\n"
            '    var div = L.DomUtil.create("div", "fl-legend");\n'
            f"    div.innerHTML = {script_json(self.html)};\n"
            "    L.DomEvent.disableScrollPropagation(div);\n"
            "    return div;\n"
            "  };\n"
            f"  legend.addTo({self._parent.get_name()});\n"
            "})();"
        )
