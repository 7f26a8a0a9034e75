"""The worker side of corpus mode: one gazetteer per worker, one batch of documents per task.

Each document goes through :func:`layers.pipeline.build_layers`, exactly as a single article does
(curated ``events.yaml`` when an article folder has one, automatic extraction otherwise; no
front-line snapshots, which :func:`layers.corpus.load.load_corpus` picks for the corpus), and comes
back as plain rows (mentions, places, events and control claims with ``lon``/``lat``; a claim's
``report`` is its document's id, read from the mentions already resolved there) tagged with its
``article_id``.
A document that fails for any reason becomes a failure row (id, origin, one-line reason); the
batch goes on. JSON lines and ``.toml`` metadata are parsed within :mod:`geo.limits` (nesting,
5,000-digit numbers, NaN, lone surrogates), ids are strings of at most :data:`geo.limits.MAX_ID_CHARS`
characters or integers, and ``published`` must lie in ``EARLIEST_DATE`` … ``LATEST_DATE``.

The gazetteer (with its in-memory name index) is opened once per Dask worker and kept on the
worker object (or once per process outside Dask): see :func:`worker_gazetteer`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from geo.corrections import place_key
from geo.errors import FrontlineError, InputError
from geo.gazetteer import Gazetteer
from geo.limits import check_date, check_id, loads_json, loads_toml
from geo.model import Mention
from layers.article import Article, article_from_text, html_to_text, load_article
from layers.corpus.inputs import RawDocument

__all__ = [
    "BatchResult",
    "gazetteer_opens",
    "process_batch",
    "process_document",
    "worker_gazetteer",
]

_STATE = "_frontline_corpus_gazetteer"
_PROCESS = SimpleNamespace()  # holds the state when not running inside a Dask worker
_LOCK = threading.Lock()
_JSON_FIELDS = ("title", "outlet", "url", "published", "language", "country_focus")
_META_FIELDS = frozenset({"id", "title", "outlet", "url", "published", "language", "country_focus"})
KINDS = ("mentions", "places", "events", "claims")
MENTION_COLUMNS = (
    "article_id", "start", "end", "text", "place_id", "geonameid", "name", "kind",
    "country", "admin1", "confidence", "metonymic", "lon", "lat",
)  # fmt: skip


@dataclass
class _GazetteerState:
    path: str | None
    gazetteer: Gazetteer
    opens: int


@dataclass
class BatchResult:
    """What one task returns: the ids done, the failures, and one frame per kind of row.

    ``frames`` maps ``mentions``, ``places``, ``events`` and ``claims`` to the rows of every document done,
    whose ``_doc`` column is the document's position in ``ok`` (one frame each: cheap to send).
    """

    ok: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    seconds: float = 0.0


def _holder() -> object:
    try:
        from distributed import get_worker

        return get_worker()
    except (ImportError, ValueError):
        return _PROCESS


def worker_gazetteer(path: str | None = None) -> Gazetteer:
    """Return this worker's gazetteer, opening it (and loading its name index) on first use only."""
    holder = _holder()
    with _LOCK:
        state = getattr(holder, _STATE, None)
        if state is None or state.path != path:
            gazetteer = Gazetteer.open(Path(path) if path else None)
            gazetteer.name_keys  # noqa: B018 - the in-memory name index, built once here
            gazetteer.demonym_keys  # noqa: B018
            state = _GazetteerState(path, gazetteer, (state.opens if state else 0) + 1)
            setattr(holder, _STATE, state)
    return state.gazetteer


def gazetteer_opens(dask_worker: object | None = None) -> int:
    """How many times this worker opened the gazetteer (for ``client.run``; 0 = never)."""
    state = getattr(dask_worker if dask_worker is not None else _holder(), _STATE, None)
    return state.opens if state else 0


def process_batch(documents: list[RawDocument], gazetteer_path: str | None = None) -> BatchResult:
    """Process documents on this worker; never raises for a bad document."""
    started = time.perf_counter()
    result = BatchResult()
    parts: dict[str, list[pd.DataFrame]] = {kind: [] for kind in KINDS}
    gazetteer = worker_gazetteer(gazetteer_path)
    for document in documents:
        try:
            article_id, frames = process_document(document, gazetteer)
        except FrontlineError as err:
            result.failures.append(_failure(document, str(err)))
        except RecursionError:
            result.failures.append(_failure(document, "RecursionError: the document is too deeply nested"))
        except Exception as err:  # noqa: BLE001 - one bad article must not stop the corpus
            result.failures.append(_failure(document, f"{type(err).__name__}: {err}"))
        else:
            for kind, frame in zip(KINDS, frames, strict=True):
                if len(frame):
                    parts[kind].append(frame.assign(_doc=len(result.ok)))
            result.ok.append(article_id)
    result.frames = {kind: pd.concat(p, ignore_index=True) for kind, p in parts.items() if p}
    result.seconds = time.perf_counter() - started
    return result


def process_document(
    document: RawDocument, gazetteer: Gazetteer
) -> tuple[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """Return ``(article_id, (mentions, places, events, claims))`` rows of one document.

    Raises
    ------
    FrontlineError
        The document cannot be read, decoded or parsed (its reason names what is wrong).
    """
    from layers.pipeline import build_layers

    article = to_article(document)
    layers = build_layers(article, gazetteer, snapshots=())  # front lines: per corpus, not per article
    aid = article.id
    mentions = _mention_rows(layers.mentions, aid)
    places = _plain(layers.places).assign(article_id=aid)
    events = _plain(layers.events).assign(
        article_id=aid,
        raw_id=[f"{aid}#{e}" for e in layers.events["event_id"]],
        source_title=article.title,
    )
    claims = _plain(layers.claims).assign(article_id=aid)  # build_layers read them from its mentions
    return aid, (mentions, places, events, claims)


def to_article(document: RawDocument) -> Article:
    """Decode a raw document into an :class:`Article` (the id is the document's).

    Raises
    ------
    InputError
        The document cannot be decoded, is beyond the limits, or was published outside
        ``EARLIEST_DATE`` … ``LATEST_DATE``.
    """
    article = _article(document)
    if article.published is not None:
        check_date(article.published, "published")
    return article


def _article(document: RawDocument) -> Article:
    if document.error:
        raise InputError(document.error)
    if document.kind == "folder":
        return load_article(document.origin)
    if document.kind == "json":
        return _json_article(document)
    try:
        text = bytes(document.data or b"").decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte {err.start})") from err
    if document.suffix in {".html", ".htm"}:
        text = html_to_text(text)
    meta = _toml(document.meta) if document.meta else {}
    meta.setdefault("id", document.id)
    return article_from_text(text, path=Path(document.origin), **meta)


def _json_article(document: RawDocument) -> Article:
    data = document.data or b""
    try:
        record = loads_json(data.decode("utf-8-sig") if isinstance(data, bytes) else data, "the line")
    except UnicodeDecodeError as err:
        raise InputError(f"not a JSON object: the line is not valid UTF-8 (byte {err.start})") from err
    except InputError as err:
        raise InputError(f"not a JSON object: {err}") from err
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, not {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError('no "text" string')
    meta = {k: record[k] for k in _JSON_FIELDS if record.get(k) not in (None, "")}
    if isinstance(meta.get("country_focus"), str):
        meta["country_focus"] = [meta["country_focus"]]
    doc_id = check_id(record.get("id"))
    return article_from_text(text, id=str(doc_id) if doc_id not in (None, "") else document.id, **meta)


def _toml(text: str) -> dict[str, Any]:
    raw = loads_toml(text, "metadata TOML")
    return {k: v for k, v in raw.items() if k in _META_FIELDS}


def _failure(document: RawDocument, reason: str) -> dict[str, str]:
    line = " ".join(reason.split())[:300]
    return {"article_id": _text(document.id), "origin": _text(document.origin), "reason": _text(line)}


def _text(value: str) -> str:
    """Return ``value`` as text every output can hold (a lone surrogate becomes ``?``)."""
    return value.encode("utf-8", "replace").decode("utf-8")


def _plain(frame: Any) -> pd.DataFrame:
    """Return a layer's rows with ``lon``/``lat`` instead of points (cheap to send between processes)."""
    points = frame.geometry
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    table["lon"] = points.x.to_numpy() if len(frame) else []
    table["lat"] = points.y.to_numpy() if len(frame) else []
    return table


def _mention_rows(mentions: tuple[Mention, ...], article_id: str) -> pd.DataFrame:
    rows = []
    for m in mentions:
        p = m.place
        rows.append(
            (
                article_id,
                m.start,
                m.end,
                m.text,
                place_key(p) if p else None,
                p.geonameid if p else None,
                p.name if p else None,
                p.kind if p else None,
                p.country if p else None,
                p.admin1 if p else None,
                float(m.confidence),
                bool(m.metonymic),
                p.lon if p else None,
                p.lat if p else None,
            )  # fmt: skip
        )
    frame = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    return frame
