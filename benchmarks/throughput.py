"""Geoparser throughput against geotext on the GeoWebNews texts, plus gazetteer warm start.

``python -m benchmarks throughput [--data PATH] [--repeat N]``. Both parsers run in this one
process (one core) over the same texts after a warm-up pass; the geoparser's caches (candidates
and chunk readings) are emptied before each timed pass, so a pass benefits only from names
repeated within it (the gazetteer keeps the records it has decoded, as geotext keeps its tables
in memory). Times are CPU seconds of this process, the best of ``--repeat`` passes. The
gazetteer's warm start (open an existing index and load its name keys) and resident memory are
measured in a fresh subprocess.
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
    args, _ = parser.parse_known_args(argv)  # the runner passes every option to every benchmark
    if not args.data.is_file():
        print(f"no corpus at {args.data} (use --data or $GEOWEBNEWS)")
        return 2
    texts = [json.loads(line)["text"] for line in args.data.open(encoding="utf-8") if line.strip()]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    gazetteer = Gazetteer.open()

    def ours() -> int:
        geoparser.clear_caches()
        return sum(len(geoparser.geoparse(t, gazetteer)) for t in texts)

    from geotext import GeoText

    def theirs() -> int:
        return sum(len(GeoText(t).cities) + len(GeoText(t).countries) for t in texts)

    print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB of UTF-8 text")
    rates = {}
    for name, run in (("geoparser", ours), ("geotext", theirs)):
        found = run()  # warm-up: loads data, fills caches
        best = min(_timed(run) for _ in range(args.repeat))
        rates[name] = megabytes / best
        print(f"{name:10s} {rates[name]:6.2f} MB/s  ({best:.3f} s CPU per pass, best of {args.repeat}, {found} names found)")
    print(f"ratio geoparser/geotext: {rates['geoparser'] / rates['geotext']:.2f}")
    out = subprocess.run([sys.executable, "-c", _WARM_START], capture_output=True, text=True, check=True)
    seconds, rss = (float(x) for x in out.stdout.split())
    print(f"gazetteer warm start: {seconds:.3f} s to usable (open + name keys + one lookup), RSS {rss:.0f} MB")
    return 0


def _timed(run) -> float:
    # CPU time of this process: the machine may be shared, and waiting for a core is not work.
    start = time.process_time()
    run()
    return time.process_time() - start
