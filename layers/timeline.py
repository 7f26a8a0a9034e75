"""A time control over dated features: a date slider that filters layers in the browser.

folium's Timeline and TimestampedGeoJson plugins load their code from CDNs; this control is our own
small script (``layers/data/timeline.js``), inlined into every map, working on the layers that
:mod:`layers.render` registers with a start and end day per feature (``time_start``/``time_end`` for
events, ``valid_from``/``valid_to`` for front-line snapshots).

>>> day_number("1970-01-02")
1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from layers.inert import InertScript, script_json
from layers.offline import own_asset

__all__ = ["TimeSlider", "day_number", "day_span"]

_EPOCH = dt.date(1970, 1, 1)


def day_number(value: object) -> int | None:
    """Days since 1970-01-01 for an ISO date string, date or timestamp; ``None`` for null or junk."""
    if value is None or (not isinstance(value, str | dt.date) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None
    return (value - _EPOCH).days


def day_span(frames: Sequence[pd.DataFrame], columns: Sequence[tuple[str, str]]) -> tuple[int, int] | None:
    """Return the first and last day over the given (start, end) columns of several frames, or None."""
    days = [
        day
        for frame, (start, end) in zip(frames, columns, strict=True)
        for column in (start, end)
        if column in frame.columns
        for day in map(day_number, frame[column].tolist())
        if day is not None
    ]
    return (min(days), max(days)) if days else None


class TimeSlider(InertScript):
    """A date slider (bottom left) over the named layers; 'all dates' is on until the slider moves."""

    def __init__(self, layers: Sequence[str], start: int, end: int) -> None:
        super().__init__()
        self._name = "TimeSlider"
        self.layers = [str(name) for name in layers]
        self.start, self.end = int(start), int(end)

    def header(self) -> dict[str, str]:
        """Inline the slider's own script once."""
        return {"frontline_timeline": f"<script>{own_asset('timeline.js')}</script>"}

    def script(self) -> str:
        """Attach the slider to the map."""
        options = script_json({"layers": self.layers, "start": self.start, "end": self.end})
        return f"frontline.timeline({self._parent.get_name()}, {options});"
