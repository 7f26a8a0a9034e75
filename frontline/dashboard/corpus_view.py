"""What the dashboard shows of a corpus output: where outputs are, and plain tables of one.

A corpus output is the folder ``frontline corpus INPUT --out DIR`` writes (see
:mod:`layers.corpus.outputs`); :func:`layers.corpus.load_corpus` opens it for the map. These
helpers find such folders, check a path the user typed, and build the tables the app shows:
the run's summary, the merged events with their sources, the estimated front line of each day or
week with its distance to an imported line, and the skipped documents.

The dashboard reads server folders only under its data roots (:func:`data_roots`: ``seeds/`` and
``corpora/`` of the project, and the folders the operator lists in ``$FRONTLINE_CORPORA``).
:func:`corpus_folder` resolves a typed path (``~``, ``..``, symlinks) and accepts it only when it
is a corpus output inside one of them; anything else, whether it exists or not, a file or a
folder, gets the same message, so the box tells nobody what else is on the server.

>>> summary_table({"documents": 6, "ok": 4, "failed": 2}).values.tolist()[:2]
[['documents', '6'], ['articles mapped', '4']]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from frontline.dashboard.tables import events_table
from geo.errors import InputError
from layers.corpus.load import is_corpus_output
from layers.corpus.outputs import FILES
from layers.popups import cell_list
from layers.popups import text as _text

__all__ = [
    "CORPORA_ENV",
    "CONTROL_LINE_TABLE_COLUMNS",
    "CORPUS_EVENT_COLUMNS",
    "FAILURE_COLUMNS",
    "NOT_AN_OUTPUT",
    "control_lines_table",
    "corpus_events_table",
    "corpus_folder",
    "corpus_stamp",
    "data_roots",
    "failures_table",
    "find_corpora",
    "summary_table",
]

#: Environment variable naming folders (``os.pathsep``-separated) that hold corpus outputs: the
#: operator's setting of which server folders, besides the project's, the dashboard may read.
CORPORA_ENV = "FRONTLINE_CORPORA"
#: The one refusal of a typed path that is not an output under the data roots (see module doc).
NOT_AN_OUTPUT = (
    "not a corpus output under the dashboard's data folders: pick one of the outputs found, or give the "
    "DIR of a `frontline corpus INPUT --out DIR` run inside corpora/ or a folder of $" + CORPORA_ENV
)
#: Columns of :func:`corpus_events_table`, in order.
CORPUS_EVENT_COLUMNS = ["type", "date", "place", "articles", "sources", "actors", "casualties", "quote"]
FAILURE_COLUMNS = ["article_id", "origin", "reason"]
#: Columns of :func:`control_lines_table`, in order.
CONTROL_LINE_TABLE_COLUMNS = ["period", "date", "claims", "reports", "km to imported line", "imported line"]
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
    "claims": "control claims",
    "control_lines": "estimated front line",
    "mean_km_to_imported": "mean km from the imported line",
    "workers": "Dask workers",
    "seconds": "seconds",
    "docs_per_second": "documents per second",
    "input": "input",
}


def data_roots(root: str | Path, env: str | None = None) -> tuple[Path, ...]:
    """Return the folders the dashboard may read: ``root/seeds``, ``root/corpora`` and ``env``'s.

    ``env`` is the value of :data:`CORPORA_ENV` (``None`` reads the environment); its folders are
    separated by ``os.pathsep``. The paths are returned as given, not resolved.
    """
    return (Path(root) / "seeds", *_corpus_bases(root, env))


def _corpus_bases(root: str | Path, env: str | None) -> list[Path]:
    env = os.environ.get(CORPORA_ENV, "") if env is None else env
    return [Path(root) / "corpora", *(Path(p).expanduser() for p in env.split(os.pathsep) if p.strip())]


def find_corpora(root: str | Path, env: str | None = None) -> list[Path]:
    """Return the corpus outputs in ``root/corpora`` and in the folders of ``env`` (sorted, unique).

    Each folder counts when it is an output itself, and so do its direct subfolders that are; an
    output whose real path (symlinks followed) leads out of every data root is left out, as
    :func:`corpus_folder` would refuse it. ``env`` is the value of :data:`CORPORA_ENV` (``None``
    reads the environment).
    """
    roots = _resolved(data_roots(root, env))
    found: dict[Path, None] = {}
    for base in _corpus_bases(root, env):
        for folder in _candidates(base):
            if len(found) >= _MAX_FOUND:
                break
            if is_corpus_output(folder) and _inside(folder.resolve(), roots):
                found.setdefault(folder.resolve(), None)
    return sorted(found)


def _candidates(base: Path) -> Iterable[Path]:
    try:
        if not base.is_dir():
            return []
        return [base, *sorted(p for p in base.iterdir() if p.is_dir())]
    except OSError:  # unreadable folder: nothing found there
        return []


def corpus_folder(typed: str, roots: Sequence[str | Path], base: str | Path | None = None) -> Path:
    """Return the real path of the corpus output a user typed, if it lies inside one of ``roots``.

    Quotes around the path and ``~`` are allowed; a relative path is taken from ``base`` (default:
    the working directory). The path is first normalised as text (``..`` removed) and refused when
    outside every root, without touching the disk; then it is resolved (symlinks followed) and
    must still lie inside a resolved root and be a ``frontline corpus`` output.

    Parameters
    ----------
    typed
        The text of the path box.
    roots
        The data roots (:func:`data_roots`); only folders inside them are read.
    base
        The folder a relative path starts from.

    Raises
    ------
    InputError
        Nothing was typed (a prompt), or the path is anything but a corpus output inside the roots:
        then always :data:`NOT_AN_OUTPUT`, whether the path exists, is a file or a folder.
    """
    cleaned = typed.strip().strip("'\"").strip()
    if not cleaned:
        raise InputError("give the folder a `frontline corpus INPUT --out DIR` run wrote")
    try:
        path = _checked(cleaned, roots, base)
    except (OSError, ValueError, RuntimeError):  # NUL byte, name too long, symlink loop, no home
        path = None
    if path is None:
        raise InputError(NOT_AN_OUTPUT)
    return path


def _checked(cleaned: str, roots: Sequence[str | Path], base: str | Path | None) -> Path | None:
    """Return the resolved output ``cleaned`` names inside ``roots``, or None (odd paths raise)."""
    real_roots = _resolved(roots)
    lexical_roots = (*(Path(os.path.abspath(Path(r).expanduser())) for r in roots), *real_roots)
    start = Path(base) if base is not None else Path.cwd()
    lexical = Path(os.path.normpath(start / Path(cleaned).expanduser()))
    if not _inside(lexical, lexical_roots):
        return None  # decided on the text alone: nothing outside the roots is looked at
    real = lexical.resolve()
    if not _inside(real, real_roots) or not is_corpus_output(real):
        return None
    return real


def _resolved(roots: Iterable[str | Path]) -> tuple[Path, ...]:
    return tuple(Path(r).expanduser().resolve() for r in roots)


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


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
    """Return :func:`frontline.dashboard.tables.events_table` with each event's article count and sources."""
    table = events_table(events)
    if events.empty:
        return pd.DataFrame(columns=CORPUS_EVENT_COLUMNS)
    counts = events["n_sources"] if "n_sources" in events.columns else pd.Series(1, index=events.index)
    sources = events["sources"] if "sources" in events.columns else pd.Series(None, index=events.index)
    table["articles"] = [int(n) if _text(n) else 1 for n in counts]
    table["sources"] = ["; ".join(_text(s) for s in cell_list(v)) for v in sources]
    return table[CORPUS_EVENT_COLUMNS]


def control_lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Return one row per day or week with an estimated line, in date order.

    ``lines`` are the rows of ``control_lines.parquet`` (:func:`layers.corpus.read_corpus`); the
    table gives each period's last day, the claims and reports of the estimate, and its mean
    distance in km from the imported line valid then (empty without one).
    """
    if lines is None or lines.empty or "kind" not in lines.columns:
        return pd.DataFrame(columns=CONTROL_LINE_TABLE_COLUMNS)
    found = lines[lines["kind"] == "line"].sort_values("date")
    periods = found["period"] if "period" in found.columns else found["week"]
    km = found.get("mean_km_to_imported", pd.Series(None, index=found.index, dtype="float64"))
    imported = found.get("imported_line", pd.Series("", index=found.index, dtype=object))
    table = pd.DataFrame(
        {
            "period": [_text(p) for p in periods],
            "date": [_text(d) for d in found["date"]],
            "claims": pd.array(found["claims"], dtype="Int64"),
            "reports": pd.array(found["reports"], dtype="Int64"),
            "km to imported line": pd.to_numeric(km, errors="coerce").round(1).to_numpy(),
            "imported line": [_text(i) for i in imported],
        }
    )
    return table[CONTROL_LINE_TABLE_COLUMNS]


def failures_table(failures: pd.DataFrame) -> pd.DataFrame:
    """Return the skipped documents: id, where it came from, and why."""
    if failures is None or failures.empty:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    missing = {c: "" for c in FAILURE_COLUMNS if c not in failures.columns}
    return failures.assign(**missing)[FAILURE_COLUMNS].reset_index(drop=True)
