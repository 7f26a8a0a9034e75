"""What the dashboard shows of a corpus output: where outputs are, and plain tables of one.

A corpus output is the folder ``frontline corpus INPUT --out DIR`` writes (see
:mod:`layers.corpus.outputs`); :func:`layers.corpus.load_corpus` opens it for the map. These
helpers find such folders, check a path the user typed, and build the tables the app shows:
the run's summary, the merged events with their sources, and the skipped documents.

>>> summary_table({"documents": 6, "ok": 4, "failed": 2}).values.tolist()[:2]
[['documents', '6'], ['articles mapped', '4']]
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.errors import InputError
from layers.corpus.load import is_corpus_output
from layers.corpus.outputs import FILES
from layers.popups import cell_list
from layers.popups import text as _text
from layers.tables import events_table

__all__ = [
    "CORPORA_ENV",
    "CORPUS_EVENT_COLUMNS",
    "FAILURE_COLUMNS",
    "corpus_events_table",
    "corpus_folder",
    "corpus_stamp",
    "failures_table",
    "find_corpora",
    "summary_table",
]

#: Environment variable naming folders (``os.pathsep``-separated) that hold corpus outputs.
CORPORA_ENV = "FRONTLINE_CORPORA"
#: Columns of :func:`corpus_events_table`, in order.
CORPUS_EVENT_COLUMNS = ["type", "date", "place", "articles", "sources", "actors", "casualties", "quote"]
FAILURE_COLUMNS = ["article_id", "origin", "reason"]
_MAX_FOUND = 200
#: Summary keys shown, with their labels (``layers.corpus.outputs`` documents them all).
_SUMMARY = {
    "documents": "documents",
    "ok": "articles mapped",
    "failed": "documents skipped",
    "mentions": "place mentions",
    "resolved_mentions": "mentions resolved",
    "places": "places (merged by gazetteer id)",
    "events_before_merge": "events before merging",
    "events_after_merge": "events after merging",
    "merged_events_with_several_sources": "events reported by several articles",
    "workers": "Dask workers",
    "seconds": "seconds",
    "docs_per_second": "documents per second",
    "input": "input",
}


def find_corpora(root: str | Path, env: str | None = None) -> list[Path]:
    """Return the corpus outputs in ``root/corpora`` and in the folders of ``env`` (sorted, unique).

    Each folder counts when it is an output itself, and so do its direct subfolders that are.
    ``env`` is the value of :data:`CORPORA_ENV` (``None`` reads the environment).
    """
    env = os.environ.get(CORPORA_ENV, "") if env is None else env
    bases = [Path(root) / "corpora", *(Path(p).expanduser() for p in env.split(os.pathsep) if p.strip())]
    found: dict[Path, None] = {}
    for base in bases:
        for folder in _candidates(base):
            if len(found) >= _MAX_FOUND:
                break
            if is_corpus_output(folder):
                found.setdefault(folder.resolve(), None)
    return sorted(found)


def _candidates(base: Path) -> Iterable[Path]:
    try:
        if not base.is_dir():
            return []
        return [base, *sorted(p for p in base.iterdir() if p.is_dir())]
    except OSError:  # unreadable folder: nothing found there
        return []


def corpus_folder(typed: str) -> Path:
    """Return the corpus output folder a user typed (quotes and ``~`` allowed).

    Raises
    ------
    InputError
        Nothing was typed, the path does not exist, or it is not a ``frontline corpus`` output.
    """
    cleaned = typed.strip().strip("'\"").strip()
    if not cleaned:
        raise InputError("give the folder a `frontline corpus INPUT --out DIR` run wrote")
    path = Path(cleaned).expanduser()
    if not path.exists():
        raise InputError(f"no such folder: {path}")
    if not path.is_dir():
        raise InputError(f"{path} is a file; give the folder `frontline corpus --out` wrote")
    if not is_corpus_output(path):
        raise InputError(
            f"{path} is not a corpus output folder (it has no {FILES['summary']} and "
            f"{FILES['events']}); give the DIR of a `frontline corpus INPUT --out DIR` run"
        )
    return path


def corpus_stamp(path: str | Path) -> tuple[int, ...]:
    """Return the modification times of an output's files: a new run gives a new stamp."""
    stamps = []
    for name in FILES.values():
        try:
            stamps.append((Path(path) / name).stat().st_mtime_ns)
        except OSError:
            stamps.append(0)
    return tuple(stamps)


def summary_table(summary: dict[str, Any]) -> pd.DataFrame:
    """Return the run's summary as two text columns, ``what`` and ``value``, known keys only."""
    rows = [(label, _text(summary[key])) for key, label in _SUMMARY.items() if key in summary]
    return pd.DataFrame(rows, columns=["what", "value"])


def corpus_events_table(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return :func:`layers.tables.events_table` with each event's article count and sources."""
    table = events_table(events)
    if events.empty:
        return pd.DataFrame(columns=CORPUS_EVENT_COLUMNS)
    counts = events["n_sources"] if "n_sources" in events.columns else pd.Series(1, index=events.index)
    sources = events["sources"] if "sources" in events.columns else pd.Series(None, index=events.index)
    table["articles"] = [int(n) if _text(n) else 1 for n in counts]
    table["sources"] = ["; ".join(_text(s) for s in cell_list(v)) for v in sources]
    return table[CORPUS_EVENT_COLUMNS]


def failures_table(failures: pd.DataFrame) -> pd.DataFrame:
    """Return the skipped documents: id, where it came from, and why."""
    if failures is None or failures.empty:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    missing = {c: "" for c in FAILURE_COLUMNS if c not in failures.columns}
    return failures.assign(**missing)[FAILURE_COLUMNS].reset_index(drop=True)
