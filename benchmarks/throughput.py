"""Geoparser throughput against geotext on the GeoWebNews texts, plus gazetteer warm start.

``python -m benchmarks throughput [--data PATH] [--repeat N] [--no-scaling]``. Both parsers run
in this one process (one core) over the same texts after a warm-up pass. The geoparser is timed
twice: *cold caches*, its caches (candidates and chunk readings) emptied before each pass, so a
pass benefits only from names repeated within it (the gazetteer keeps the records it has
decoded, as geotext keeps its tables in memory); and *warm caches*, kept from pass to pass.
Times are CPU seconds of this process (``time.process_time``: on a shared machine, waiting for a
core is not work), the best of ``--repeat`` passes. Scaling: one long news text (the corpus
repeated) of 2 and 20 MB, and the pathological "Kiev " repeated 100,000 and 1,000,000 times, each
parsed once with cold caches. The gazetteer's warm start (open an existing index and load its
name keys) and resident memory are measured in a fresh subprocess.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from geo import geoparser
from geo.gazetteer import Gazetteer

_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "geowebnews.jsonl"
_WARM_START = """
import resource, time
t = time.perf_counter()
from geo.gazetteer import Gazetteer
g = Gazetteer.open()
len(g.name_keys); g.find("Kiev")
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main(argv: list[str]) -> int:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(prog="benchmarks throughput")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("GEOWEBNEWS", _DEFAULT)))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-scaling", action="store_true", help="skip the long inputs (20 MB, 1M names)")
    args, _ = parser.parse_known_args(argv)  # the runner passes every option to every benchmark
    if not args.data.is_file():
        print(f"no corpus at {args.data} (use --data or $GEOWEBNEWS)")
        return 2
    # First, while this process is small: Linux carries a process's peak RSS over to the program it runs.
    out = subprocess.run(  # noqa: S603 - this interpreter with our own fixed arguments
        [sys.executable, "-c", _WARM_START], capture_output=True, text=True, check=True
    )
    seconds, rss = (float(x) for x in out.stdout.split())
    warm_start = f"gazetteer warm start: {seconds:.3f} s to usable (open + name keys + one lookup), RSS {rss:.0f} MB"
    texts = [json.loads(line)["text"] for line in args.data.open(encoding="utf-8") if line.strip()]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    gazetteer = Gazetteer.open()

    def ours() -> int:
        geoparser.clear_caches()
        return sum(len(geoparser.geoparse(t, gazetteer)) for t in texts)

    def ours_warm() -> int:
        return sum(len(geoparser.geoparse(t, gazetteer)) for t in texts)

    from geotext import GeoText

    def theirs() -> int:
        return sum(len(found.cities) + len(found.countries) for found in map(GeoText, texts))  # one parse a text

    print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB of UTF-8 text")
    rates = {}
    for name, run in (("geoparser, cold caches", ours), ("geoparser, warm caches", ours_warm), ("geotext", theirs)):
        found = run()  # warm-up: loads data, fills caches
        best = min(_timed(run) for _ in range(args.repeat))
        rates[name] = megabytes / best
        print(f"{name:23s} {rates[name]:6.2f} MB/s  ({best:.3f} s CPU per pass, best of {args.repeat}, "
              f"{found} names found)")
    for name in ("geoparser, cold caches", "geoparser, warm caches"):
        print(f"ratio {name} / geotext: {rates[name] / rates['geotext']:.3f}")
    if not args.no_scaling:
        _scaling(texts, gazetteer)
    print(warm_start)
    return 0


def _scaling(texts: list[str], gazetteer: Gazetteer) -> None:
    """Long inputs, each parsed once: time should grow in proportion to size."""
    news = "\n\n".join(texts)
    news = news * (20_000_000 // len(news) + 1)
    for label, text in (
        ("news text, 2 MB", news[:2_000_000]),
        ("news text, 20 MB", news[:20_000_000]),
        ('"Kiev " x 100,000', "Kiev " * 100_000),
        ('"Kiev " x 1,000,000', "Kiev " * 1_000_000),
    ):
        size = len(text.encode("utf-8")) / 1e6
        geoparser.clear_caches()
        found: list = []
        seconds = _timed(lambda text=text: found.extend(geoparser.geoparse(text, gazetteer)))
        print(f"scaling: {label:20s} {size:5.1f} MB in {seconds:6.2f} s CPU = {size / seconds:5.2f} MB/s "
              f"({len(found)} names found)")


def _timed(run) -> float:
    # CPU time of this process: the machine may be shared, and waiting for a core is not work.
    start = time.process_time()
    run()
    return time.process_time() - start
