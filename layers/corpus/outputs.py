"""Writing a corpus output folder: GeoParquet layers, the failures and a summary.

``events.parquet``, ``mentions.parquet`` and ``places.parquet`` are GeoParquet (Points, EPSG:4326)
written by ``geopandas.to_parquet``; ``mentions`` is written in parts of :data:`MENTION_PART_ROWS`
rows as they arrive and joined at the end, so a large corpus never holds all its mentions in
memory. Columns (a column may be added, never renamed):

- **events**: every column of the events layer (``docs/layers.md``; ``quote``, ``quote_start``,
  ``quote_end`` and ``source_*`` are the first report's, ``place`` joins the spellings), plus
  ``place_id``, ``n_sources`` (articles), ``n_reports``, and the parallel lists ``article_ids``,
  ``raw_ids`` (``article#x001``), ``quotes``, ``sources`` ("outlet, date"), ``source_urls``;
- **places**: ``place_id``, ``geonameid``, ``name``, ``kind``, ``admin1``, ``country``,
  ``population``, ``mentions`` (all articles), ``surface_forms``, ``form_articles``
  ("Artemivsk: 2; Bakhmut: 2"), ``n_articles``, ``article_ids``, ``first_quote``, ``confidence``;
- **mentions**: ``article_id``, ``start``, ``end``, ``text``, ``place_id``, ``geonameid``, ``name``,
  ``kind``, ``country``, ``admin1``, ``confidence``, ``metonymic`` (no point when unresolved);
- **claims**: every column of the claims layer (``docs/layers.md``; ``report`` is the document's
  id), one row per control claim of every document;
- **control_lines**: the estimated line, each side's area and the uncertainty band of every week
  (or day: ``control_every="day"``) of the claims' date range with enough evidence
  (:mod:`layers.control_lines`): ``week`` (the ISO week of ``date``), ``date`` (the period's last
  day: a week's Sunday), ``kind`` (``line|area|band``), ``side`` (an area's), ``claims``, ``reports``,
  ``label`` ("Estimated line (from N claims in M reports)"), ``period`` ("2015-W10" or
  "2015-03-04"), ``every`` (``week|day``), ``mean_km_to_imported`` (the line's mean distance to the
  imported line valid in the period, km; NaN without one) and ``imported_line`` (its name);
- **imported_lines**: the imported front lines the distances were measured to (``--front-line``;
  the columns of the front-line layers), drawn beside the estimate on the corpus's map;
- ``failures.csv``: ``article_id``, ``origin`` (file, or ``file.jsonl:line``), ``reason``;
- ``summary.json``: ``documents``, ``ok``, ``failed``, ``mentions``, ``resolved_mentions``,
  ``places``, ``events_before_merge``, ``events_after_merge``,
  ``merged_events_with_several_sources``, ``claims``, ``weeks_with_line``, ``control_every``,
  ``periods_with_line``, ``periods_without_line``, ``control_lines`` (one sentence: how many periods
  have a line, why the others have none), with imported lines ``imported_lines``,
  ``mean_km_to_imported`` (over the periods) and ``km_to_imported`` (period -> km), ``seconds``,
  ``docs_per_second``, ``failures`` (the first 20), ``input``, ``workers``, ``scheduler``, ``batch_size``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from layers.control_lines import (
    ControlLines,
    claims_from_frame,
    compare_lines,
    control_lines_frame,
    period_lines,
)
from layers.corpus.merge import PlaceMerger
from layers.frames import CRS, areas_frame, claims_frame, front_lines_frame
from layers.frontline import FrontLineSnapshot

__all__ = ["FILES", "MENTION_PART_ROWS", "CorpusFrames", "to_geo", "write_outputs", "write_summary"]

FILES = {
    "events": "events.parquet",
    "mentions": "mentions.parquet",
    "places": "places.parquet",
    "claims": "claims.parquet",
    "control_lines": "control_lines.parquet",
    "imported_lines": "imported_lines.parquet",
    "failures": "failures.csv",
    "summary": "summary.json",
}
MENTION_PART_ROWS = 200_000
_PARTS = ".mentions-parts"


@dataclass
class CorpusFrames:
    """What the client accumulates while a corpus runs."""

    places: PlaceMerger
    ok: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    raw_event_parts: list[pd.DataFrame] = field(default_factory=list)
    claim_parts: list[pd.DataFrame] = field(default_factory=list)
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    mention_count: int = 0
    resolved_count: int = 0
    mention_parts: list[Path] = field(default_factory=list)
    _pending: list[pd.DataFrame] = field(default_factory=list)
    _pending_rows: int = 0
    parts_dir: Path | None = None

    def add_mentions(self, mentions: pd.DataFrame) -> None:
        """Keep a batch's mentions; spill them to a part file past :data:`MENTION_PART_ROWS` rows."""
        self.mention_count += len(mentions)
        self.resolved_count += int(mentions["place_id"].notna().sum()) if len(mentions) else 0
        self._pending.append(mentions)
        self._pending_rows += len(mentions)
        if self._pending_rows >= MENTION_PART_ROWS and self.parts_dir is not None:
            self.flush_mentions()

    def flush_mentions(self) -> None:
        """Write the mentions kept so far as one GeoParquet part file."""
        if not self._pending or self.parts_dir is None:
            return
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        path = self.parts_dir / f"part-{len(self.mention_parts):05d}.parquet"
        to_geo(pd.concat(self._pending, ignore_index=True)).to_parquet(path, index=False)
        self.mention_parts.append(path)
        self._pending, self._pending_rows = [], 0

    def raw_events(self) -> pd.DataFrame:
        """Every article's events before merging."""
        parts = [p for p in self.raw_event_parts if not p.empty]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def to_geo(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Rows with ``lon``/``lat`` as a GeoDataFrame of points (EPSG:4326; no point when unknown)."""
    if frame.empty or "lon" not in frame.columns:
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)
    points = gpd.points_from_xy(frame["lon"].astype("float64"), frame["lat"].astype("float64"), crs=CRS)
    points = [None if pd.isna(x) else p for p, x in zip(points, frame["lon"], strict=True)]
    table = frame.drop(columns=["lon", "lat"])
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


def write_outputs(
    frames: CorpusFrames,
    out: Path,
    *,
    seconds: float,
    control_every: str = "week",
    imported: Sequence[FrontLineSnapshot] = (),
) -> dict[str, Any]:
    """Write every output file of a finished run to ``out``; return the summary (not yet saved).

    ``control_every`` (``"week"`` or ``"day"``) is the period of the estimated lines; ``imported``
    front lines are saved beside them and each period's line is measured against them.
    """
    _write_mentions(frames, out)
    places = frames.places.frame()
    to_geo(places).to_parquet(out / FILES["places"], index=False)
    to_geo(frames.events).to_parquet(out / FILES["events"], index=False)
    failures = pd.DataFrame(frames.failures, columns=["article_id", "origin", "reason"])
    failures.to_csv(out / FILES["failures"], index=False)
    claims, lines = _write_claims(frames, out, control_every, imported)
    raw = sum(len(p) for p in frames.raw_event_parts)
    documents = frames.ok + len(frames.failures)
    return {
        "documents": documents,
        "ok": frames.ok,
        "failed": len(frames.failures),
        "mentions": frames.mention_count,
        "resolved_mentions": frames.resolved_count,
        "places": len(places),
        "events_before_merge": raw,
        "events_after_merge": len(frames.events),
        "merged_events_with_several_sources": int((frames.events["n_sources"] > 1).sum())
        if not frames.events.empty
        else 0,
        "claims": claims,
        **_lines_summary(lines, imported),
        "seconds": round(seconds, 3),
        "docs_per_second": round(documents / seconds, 2) if seconds > 0 else None,
        "failures": frames.failures[:20],
    }


def _write_claims(
    frames: CorpusFrames, out: Path, every: str, imported: Sequence[FrontLineSnapshot]
) -> tuple[int, ControlLines]:
    """Write ``claims``, ``control_lines`` and the ``imported_lines``; return the claims and lines."""
    parts = [p.drop(columns="article_id", errors="ignore") for p in frames.claim_parts if not p.empty]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if table.empty:  # every column still there: an empty claims layer
        empty = claims_frame(())
        table = pd.DataFrame(empty.drop(columns=empty.geometry.name))
    to_geo(table).to_parquet(out / FILES["claims"], index=False)
    lines = compare_lines(period_lines(claims_from_frame(table), every=every), imported)
    control_lines_frame(lines).to_parquet(out / FILES["control_lines"], index=False)
    target = out / FILES["imported_lines"]
    if imported:
        pd.concat([front_lines_frame(imported), areas_frame(imported)], ignore_index=True).to_parquet(
            target, index=False
        )
    elif target.exists():  # a rerun without them: no stale lines from the last run
        target.unlink()
    return len(table), lines


def _lines_summary(lines: ControlLines, imported: Sequence[FrontLineSnapshot]) -> dict[str, Any]:
    """Return the summary's keys on the estimated lines and their distance to the imported ones."""
    found: dict[str, Any] = {
        "weeks_with_line": len({period.week for period in lines}),
        "control_every": lines.every,
        "periods_with_line": len(lines),
        "periods_without_line": len(lines.skipped),
        "control_lines": lines.message,
    }
    if imported:
        km = {p.period: p.mean_km_to_imported for p in lines if p.mean_km_to_imported is not None}
        found["imported_lines"] = sorted({s.name for s in imported})
        found["mean_km_to_imported"] = round(sum(km.values()) / len(km), 1) if km else None
        found["km_to_imported"] = {period: round(value, 1) for period, value in km.items()}
        if len(lines) and not km:
            found["control_lines"] += "; no imported line is valid in any of them: no distance"
    return found


def write_summary(out: Path, summary: dict[str, Any]) -> Path:
    """Save ``summary.json`` in ``out``."""
    path = out / FILES["summary"]
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def _write_mentions(frames: CorpusFrames, out: Path) -> None:
    target = out / FILES["mentions"]
    if not frames.mention_parts:  # a small corpus: one write
        pending = pd.concat(frames._pending, ignore_index=True) if frames._pending else pd.DataFrame()
        to_geo(pending).to_parquet(target, index=False)
        return
    frames.flush_mentions()
    schemas = [pq.read_schema(p) for p in frames.mention_parts]
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    geo = json.loads(schemas[0].metadata[b"geo"])
    for column in geo.get("columns", {}).values():
        column.pop("bbox", None)  # optional in GeoParquet; the first part's box is not the whole
    schema = schema.with_metadata({**schemas[0].metadata, b"geo": json.dumps(geo).encode()})
    with pq.ParquetWriter(target, schema) as writer:
        for path in frames.mention_parts:
            writer.write_table(pq.read_table(path).cast(schema))
    shutil.rmtree(frames.mention_parts[0].parent, ignore_errors=True)


def parts_dir(out: Path) -> Path:
    """Where mention parts are spilled while a run is going."""
    return out / _PARTS
