"""Corpus mode on Dask: documents per second with 1 and 2 workers, scaling, peak memory per worker.

``python -m benchmarks corpus [--docs=2000] [--workers=1,2] [--batch=16] [--published=DATE]`` streams
GeoWebNews (``../shared/benchmarks/geowebnews.jsonl``, read in place, never copied) repeated with unique ids
to at least ``--docs`` documents through :func:`layers.corpus.run.run_documents` on a fresh
``LocalCluster`` (worker processes, one thread each) per worker count. It prints, per run: cluster
start time (not counted), documents per second (from the first task to the merged events, the
gazetteer opening on each worker included), events before and after merging, and each worker's
peak resident memory (``ru_maxrss`` of the worker process, and the largest RSS sampled every
0.25 s with psutil); then the scaling ratio. The machine's load average is printed before and
after, since other processes share the cores, and the CPU seconds each worker got (documents per
worker CPU second shows the speed of the work itself when the cores are shared).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "geowebnews.jsonl"
_FIELDS = ("text", "title", "url")
_SAMPLE_S = 0.25
DEFAULT_PUBLISHED = "2019-06-14"  # any date: GeoWebNews articles carry none


def _documents(source: Path, count: int, published: str) -> Iterator:
    """GeoWebNews lines, repeated until ``count`` documents, each with a unique id (no gold data).

    Every copy gets the publication date ``published`` (GeoWebNews has none), so that its dated
    events can merge with the other copies' (a stress test of merging: each event is reported by
    every copy of its article).
    """
    from layers.corpus.inputs import RawDocument

    lines = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    for n in range(count):
        record = lines[n % len(lines)]
        doc = {k: record[k] for k in _FIELDS if k in record} | {"id": f"{record['id']}-r{n // len(lines)}"}
        if published:
            doc["published"] = published
        yield RawDocument(doc["id"], f"{source.name}:{n % len(lines) + 1}", "json", data=json.dumps(doc))


def _rss(dask_worker=None) -> int:
    import psutil

    return psutil.Process().memory_info().rss


def _cpu(dask_worker=None) -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _maxrss(dask_worker=None) -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes


class _Sampler(threading.Thread):
    """Samples every worker's RSS until stopped; keeps the largest per worker."""

    def __init__(self, client) -> None:
        super().__init__(daemon=True)
        self.client, self.peak, self._halt = client, {}, threading.Event()

    def run(self) -> None:
        while not self._halt.wait(_SAMPLE_S):
            try:
                for worker, rss in self.client.run(_rss).items():
                    self.peak[worker] = max(self.peak.get(worker, 0), rss)
            except Exception:  # noqa: BLE001, S112 - a sample lost while the cluster is busy
                continue

    def stop(self) -> dict[str, int]:
        self._halt.set()
        self.join()
        return self.peak


def _run(n_workers: int, docs: int, batch: int, published: str) -> dict:
    from distributed import Client, LocalCluster

    from layers.corpus.run import run_documents

    began = time.perf_counter()
    cluster = LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    client = Client(cluster)
    startup = time.perf_counter() - began
    try:
        with tempfile.TemporaryDirectory(prefix="frontline-corpus-bench-") as out:
            sampler = _Sampler(client)
            cpu_before = client.run(_cpu)
            client_before = _cpu()
            sampler.start()
            summary = run_documents(
                _documents(SOURCE, docs, published), out, total=docs, label=str(SOURCE), client=client,
                batch_size=batch, progress=None,
            )  # fmt: skip
            sampled = sampler.stop()
            peaks = client.run(_maxrss)
            cpu = {w: t - cpu_before.get(w, 0.0) for w, t in client.run(_cpu).items()}
            client_cpu = _cpu() - client_before
    finally:
        client.close()
        cluster.close()
    return {
        "startup_s": startup, "summary": summary, "maxrss": peaks, "sampled": sampled,
        "cpu": cpu, "client_cpu": client_cpu,
    }  # fmt: skip


def _mb(value: int) -> str:
    return f"{value / 1e6:.0f} MB"


def main(argv: list[str]) -> int:
    """Run the corpus benchmark; print its numbers."""
    options = dict(a.lstrip("-").split("=", 1) for a in argv if "=" in a)
    docs = int(options.get("docs", 2000))
    counts = [int(w) for w in options.get("workers", "1,2").split(",")]
    batch = int(options.get("batch", 16))
    published = options.get("published", DEFAULT_PUBLISHED)
    if not SOURCE.is_file():
        print(f"missing {SOURCE}", file=sys.stderr)
        return 1
    os.environ.setdefault("FRONTLINE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "flcache"))
    print(f"corpus: {docs:,} GeoWebNews documents, batches of {batch}, {os.cpu_count()} cores")
    print("load average before: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    rates = {}
    for n in counts:
        result = _run(n, docs, batch, published)
        s = result["summary"]
        rates[n] = s["documents"] / s["seconds"]
        print(
            f"{n} worker(s): {rates[n]:.1f} docs/s ({s['documents']:,} documents in {s['seconds']:.1f} s, "
            f"{s['failed']} failed; cluster start {result['startup_s']:.1f} s, not counted)"
        )
        print(
            f"  mentions {s['mentions']:,}, places {s['places']:,}, events {s['events_before_merge']:,} -> "
            f"{s['events_after_merge']:,} merged "
            f"({s['merged_events_with_several_sources']:,} with several sources)"
        )
        for worker, peak in sorted(result["maxrss"].items()):
            sampled = result["sampled"].get(worker, 0)
            print(
                f"  worker {worker}: peak RSS {_mb(peak)} (ru_maxrss), {_mb(sampled)} (largest sample), "
                f"CPU {result['cpu'].get(worker, 0.0):.1f} s"
            )
        worker_cpu = sum(result["cpu"].values())
        print(
            f"  client (scheduler + merging) CPU {result['client_cpu']:.1f} s; "
            f"{s['documents'] / max(worker_cpu, 1e-9):.1f} docs per worker CPU second"
        )
        print("  load average now: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    if 1 in rates and len(rates) > 1:
        top = max(rates)
        print(f"scaling {top} vs 1 worker(s): x{rates[top] / rates[1]:.2f} (ideal x{top})")
    print(f"client peak RSS: {_mb(_maxrss())}")
    return 0
