"""Opening a corpus output folder: its frames for the dashboard, and a bundle the renderer draws.

>>> layers = load_corpus("out/")                                     # doctest: +SKIP
>>> save_html(build_map(layers), "corpus.html")                      # doctest: +SKIP

:func:`load_corpus` returns a :class:`layers.pipeline.MapLayers` whose ``events`` and ``places``
are the merged corpus layers (every column of ``docs/layers.md``, plus the corpus lists), whose
``claims`` are every document's control claims, with the front-line snapshot valid on the corpus's
last event date, so :func:`layers.render.build_map` and the exports take it unchanged. Each event's
``notes`` lists every report (outlet, date and quote), so the renderer's popup shows all the
sources of a merged event. The estimated lines of every day or week are in :func:`read_corpus`'s
``control_lines``, the imported lines they were measured against in its ``imported_lines``; the
map draws both, each in its period.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import InputError
from layers.article import Article
from layers.control_lines import control_lines_frame, period_snapshots
from layers.corpus.outputs import FILES
from layers.frames import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    areas_frame,
    claims_frame,
    front_lines_frame,
    routes_frame,
    snapshots_from_frame,
)
from layers.frontline import FrontLineSnapshot, snapshot_for
from layers.importers import default_snapshots
from layers.pipeline import MapLayers

__all__ = ["LIST_COLUMNS", "CorpusOutput", "is_corpus_output", "load_corpus", "read_corpus"]

LIST_COLUMNS = ("article_ids", "raw_ids", "quotes", "sources", "source_urls")
_QUOTE_CHARS = 240


@dataclass(frozen=True)
class CorpusOutput:
    """A corpus output folder read back: merged events and places, mentions, failures, summary.

    ``claims``, the ``control_lines`` of every period and the ``imported_lines`` are empty frames for
    a folder written before they were (or without any claim, or imported line).
    """

    path: Path
    events: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    mentions: gpd.GeoDataFrame
    failures: pd.DataFrame
    summary: dict[str, Any]
    claims: gpd.GeoDataFrame = field(default_factory=lambda: claims_frame(()))
    control_lines: gpd.GeoDataFrame = field(default_factory=lambda: control_lines_frame(()))
    imported_lines: gpd.GeoDataFrame = field(default_factory=lambda: front_lines_frame(()))


def is_corpus_output(path: str | Path) -> bool:
    """Return True when ``path`` is a folder written by ``frontline corpus``."""
    path = Path(path)
    return path.is_dir() and (path / FILES["summary"]).is_file() and (path / FILES["events"]).is_file()


def read_corpus(path: str | Path, *, mentions: bool = True) -> CorpusOutput:
    """Read every output of a corpus folder (``mentions=False`` skips the largest file).

    Raises
    ------
    InputError
        ``path`` is not a corpus output folder, or one of its files is unreadable.
    """
    path = Path(path)
    if not is_corpus_output(path):
        raise InputError(
            f"{path} is not a corpus output folder (no {FILES['summary']} and {FILES['events']})"
        )
    try:
        summary = json.loads((path / FILES["summary"]).read_text(encoding="utf-8"))
        events = _lists(gpd.read_parquet(path / FILES["events"]))
        places = _lists(gpd.read_parquet(path / FILES["places"]))
        found = gpd.read_parquet(path / FILES["mentions"]) if mentions else gpd.GeoDataFrame()
        failures = pd.read_csv(path / FILES["failures"], dtype=str, keep_default_na=False)
        claims = _optional(path / FILES["claims"], claims_frame(()))
        lines = _optional(path / FILES["control_lines"], control_lines_frame(()))
        imported = _optional(path / FILES["imported_lines"], front_lines_frame(()))
    except (OSError, ValueError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: unreadable corpus output: {' '.join(str(err).split())[:200]}") from err
    return CorpusOutput(path, events, places, found, failures, summary, claims, lines, imported)


def _optional(path: Path, empty: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Read a GeoParquet output that older corpus folders lack (``empty`` then)."""
    if not path.is_file():
        return empty
    frame = gpd.read_parquet(path)
    return _with_columns(frame, tuple(empty.columns.drop(empty.geometry.name))) if len(frame) else empty


def load_corpus(path: str | Path, *, snapshots: Sequence[FrontLineSnapshot] | None = None) -> MapLayers:
    """Open a corpus output as a :class:`MapLayers` bundle for ``build_map``, exports and the dashboard.

    ``snapshots`` replaces the default front lines (as in ``build_layers``); the one valid on the
    corpus's last event date is shown.
    """
    corpus = read_corpus(path, mentions=False)
    events = _with_columns(corpus.events, EVENT_COLUMNS)
    if not events.empty:
        events = events.assign(notes=[_reports(row) for row in events.to_dict("records")])
    places = _with_columns(corpus.places, PLACE_COLUMNS)
    last = _last_day(events)
    pool = default_snapshots() if snapshots is None else tuple(snapshots)
    chosen = [s for kind in ("line", "area") if (s := snapshot_for(last, pool, kind=kind))]
    known = {s.snapshot_id for s in chosen}
    chosen += [s for s in snapshots_from_frame(corpus.imported_lines) if s.snapshot_id not in known]
    chosen += period_snapshots(corpus.control_lines)  # the estimate of each day or week, in its period
    summary = corpus.summary
    article = Article(
        text=f"Corpus of {summary.get('ok', 0)} articles ({summary.get('failed', 0)} skipped)",
        title=f"Corpus: {Path(path).name}",
        path=Path(path),
        id=Path(path).name,
        published=last,
    )
    return MapLayers(
        article=article,
        mentions=(),
        places=places,
        events=events,
        routes=routes_frame([]),
        front_lines=front_lines_frame(chosen),
        areas=areas_frame(chosen),
        claims=_with_columns(corpus.claims, CLAIM_COLUMNS),
    )


def _lists(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Parquet list columns come back as numpy arrays; make them plain lists."""
    for column in LIST_COLUMNS:
        if column in frame.columns:
            frame[column] = [list(v) if isinstance(v, np.ndarray | list) else [] for v in frame[column]]
    return frame


def _with_columns(frame: gpd.GeoDataFrame, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Every contract column present (an empty corpus still gives well-formed empty layers)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        frame = frame.assign(
            **{c: pd.Series([None] * len(frame), index=frame.index, dtype=object) for c in missing}
        )
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326", allow_override=True) if "geometry" in frame.columns else frame
    if "geometry" not in frame.columns:
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame), crs="EPSG:4326"))
    return frame


def _reports(row: dict[str, Any]) -> str:
    """Return the note listing every report of a merged event: outlet, date and a quote."""
    reports = [
        f"[{i}] {source}: “{_short(quote)}”"
        for i, (source, quote) in enumerate(
            zip(row.get("sources") or [], row.get("quotes") or [], strict=False), 1
        )
    ]
    head = f"Reported by {row.get('n_sources') or 1} article(s)"
    return head + (": " + " ".join(reports) if reports else "")


def _short(quote: object) -> str:
    text = " ".join(str(quote or "").split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def _last_day(events: pd.DataFrame) -> dt.date | None:
    if events.empty or "date" not in events.columns:
        return None
    dates = [d for d in events["date"] if isinstance(d, str) and d]
    return dt.date.fromisoformat(max(dates)) if dates else None
