"""Running a corpus on Dask: batches streamed to the workers, results merged as they arrive.

>>> summary = run_corpus("tests/data/corpus", "out/", workers=2)      # doctest: +SKIP

By default a ``dask.distributed.LocalCluster`` with one single-threaded worker process per core
(geoparsing is CPU-bound Python); ``scheduler="tcp://host:8786"`` uses an existing cluster as it is
(its workers need Frontline installed; article *folders* are read by the workers from their path,
plain files and JSON lines are sent to them). The client never holds more than ``2 × workers``
batches of documents; per-article mentions and places are folded into the outputs as they come.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from geo.errors import FrontlineError, InputError
from layers.control_lines import PERIODS
from layers.corpus.inputs import RawDocument, count_documents, iter_documents
from layers.corpus.merge import PlaceMerger, merge_events
from layers.corpus.outputs import CorpusFrames, parts_dir, write_outputs, write_summary
from layers.corpus.process import BatchResult, process_batch
from layers.frontline import FrontLineSnapshot

__all__ = ["DEFAULT_BATCH", "Progress", "run_corpus", "run_documents", "stderr_progress"]

DEFAULT_BATCH = 16
_IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Progress:
    """A progress report: documents done of ``total``, failures, documents per second."""

    done: int
    total: int
    failed: int
    rate: float
    final: bool = False


def stderr_progress(report: Progress) -> None:
    """Print a progress line on stderr (about once a second, and at the end)."""
    line = (
        f"corpus: {report.done:,}/{report.total:,} documents, {report.failed:,} failed, "
        f"{report.rate:.1f} docs/s"
    )
    print(line, file=sys.stderr, flush=True)


def run_corpus(
    source: str | Path,
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: object | None = None,
    limit: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    gazetteer_path: str | Path | None = None,
    progress: Callable[[Progress], None] | None = stderr_progress,
    control_every: str = "week",
    imported: Sequence[FrontLineSnapshot] = (),
) -> dict:
    """Geoparse and extract events from every document of ``source``; write the outputs to ``out``.

    Parameters
    ----------
    workers
        Local worker processes (default: one per core); ignored with ``scheduler`` or ``client``.
    scheduler
        Address of an existing ``dask.distributed`` scheduler to use instead of a local cluster.
    client
        An existing ``distributed.Client`` (tests); it is left open.
    limit
        Process at most this many documents.
    control_every
        ``"week"`` (default) or ``"day"``: the period of the estimated lines (``control_lines``).
    imported
        Imported front lines (:func:`layers.importers.read_snapshots`): each period's estimated line
        is measured against the one valid in that period, and they are saved to be drawn beside it.

    Returns
    -------
    dict
        The summary also written to ``out/summary.json``.

    Raises
    ------
    InputError
        The input is missing or of an unknown kind, ``out`` is a file, or an option is invalid.
    """
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    if limit is not None and limit < 0:
        raise InputError(f"--limit must not be negative, not {limit}")
    if batch_size < 1:
        raise InputError("the batch size must be at least 1")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    total = count_documents(source, limit=limit)
    return run_documents(
        iter_documents(source, limit=limit),
        out,
        total=total,
        label=str(source),
        workers=workers,
        scheduler=scheduler,
        client=client,
        batch_size=batch_size,
        gazetteer_path=gazetteer_path,
        progress=progress,
        control_every=control_every,
        imported=imported,
    )


def run_documents(
    documents: Iterable[RawDocument],
    out: str | Path,
    *,
    total: int,
    label: str = "",
    workers: int | None = None,
    scheduler: str | None = None,
    client: object | None = None,
    batch_size: int = DEFAULT_BATCH,
    gazetteer_path: str | Path | None = None,
    progress: Callable[[Progress], None] | None = stderr_progress,
    control_every: str = "week",
    imported: Sequence[FrontLineSnapshot] = (),
) -> dict:
    """Run :func:`run_corpus` on documents from any iterable (``total``: their number, for progress)."""
    if control_every not in PERIODS:
        raise InputError(f"--control-every must be one of {', '.join(PERIODS)}, not {control_every!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    own = client is None
    if own:
        client = _client(workers, scheduler)
    try:
        n_workers = max(1, len(client.scheduler_info()["workers"]))  # type: ignore[attr-defined]
        stream = iter(documents)
        frames = _collect(client, stream, total, n_workers, batch_size, gazetteer_path, progress, out)
    finally:
        if own:
            _close(client)
    seconds = time.perf_counter() - started
    summary = write_outputs(frames, out, seconds=seconds, control_every=control_every, imported=imported)
    summary.update(
        {
            "input": label,
            "workers": n_workers,
            "scheduler": scheduler or ("local" if own else "given client"),
            "batch_size": batch_size,
        }
    )
    write_summary(out, summary)
    return summary


def _client(workers: int | None, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as err:
            raise InputError(f"cannot reach the Dask scheduler {scheduler}: {err}") from err
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    )
    return Client(cluster)


def _close(client) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _batches(documents: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while batch := list(islice(documents, size)):
        yield batch


def _collect(client, documents, total, n_workers, batch_size, gazetteer_path, progress, out) -> CorpusFrames:
    from distributed import as_completed

    path = str(gazetteer_path) if gazetteer_path is not None else None
    batches = _batches(documents, batch_size)
    frames = CorpusFrames(places=PlaceMerger(), parts_dir=parts_dir(out))
    seen: set[str] = set()
    started, last = time.perf_counter(), 0.0
    pending, members = as_completed(), {}

    def submit(batch: list[RawDocument]) -> None:
        future = client.submit(process_batch, batch, path, pure=False)
        members[future.key] = [(d.id, d.origin) for d in batch]  # ids only: to report a lost batch
        pending.add(future)

    for batch in islice(batches, n_workers * _IN_FLIGHT_PER_WORKER):
        submit(batch)
    for future in pending:
        _fold(frames, _result(future, members.pop(future.key)), seen)
        future.release()
        nxt = next(batches, None)
        if nxt is not None:
            submit(nxt)
        now = time.perf_counter()
        if progress is not None and (now - last >= 1.0 or pending.is_empty()):
            last = now
            done = frames.ok + len(frames.failures)
            rate = done / max(now - started, 1e-9)
            progress(Progress(done, total, len(frames.failures), rate, pending.is_empty()))
    frames.events = merge_events(frames.raw_events())
    return frames


def _result(future, members: list[tuple[str, str]]) -> BatchResult:
    """Return a task's result; a task lost whole (its worker killed by a document) fails its documents.

    A :class:`FrontlineError` raised outside any document (the gazetteer cannot open) stops the run.
    """
    try:
        return future.result()
    except FrontlineError:
        raise
    except Exception as err:  # noqa: BLE001 - e.g. distributed.KilledWorker
        reason = " ".join(f"task lost: {type(err).__name__}: {err}".split())[:300]
        return BatchResult(failures=[{"article_id": i, "origin": o, "reason": reason} for i, o in members])


def _fold(frames: CorpusFrames, result: BatchResult, seen: set[str]) -> None:
    """Add one batch's rows; a repeated document id is a failure, not a second article."""
    frames.failures.extend(result.failures)
    keep = []
    for position, aid in enumerate(result.ok):
        if aid in seen:
            frames.failures.append(
                {"article_id": aid, "origin": "", "reason": "duplicate document id; skipped"}
            )
        else:
            seen.add(aid)
            keep.append(position)
    frames.ok += len(keep)
    rows = {}
    for kind, frame in result.frames.items():
        if len(keep) < len(result.ok):
            frame = frame[frame["_doc"].isin(keep)]
        rows[kind] = frame.drop(columns="_doc")
    if "mentions" in rows:
        frames.add_mentions(rows["mentions"])
    if "places" in rows:
        frames.places.add(rows["places"])
    if "events" in rows:
        frames.raw_event_parts.append(rows["events"])
    if "claims" in rows:
        frames.claim_parts.append(rows["claims"])
