"""Robustness figures: hostile inputs, geocoder faults, damaged saved state, many users, linear time.

``python -m benchmarks robustness`` runs the robustness suite (``tests/robustness/``) together with
the tests it builds on — the geocoder fault tests of ``tests/geo/test_geocoders_online.py``, the
corrections file tests of ``tests/geo/test_corrections.py`` and the gazetteer's rebuild of a
corrupt index — then reads the figures the tests left in ``test-artifacts/robustness/`` and prints
them, ending with one summary line:

    hostile inputs tried: N, template evaluations: 0, JavaScript executions: 0, tracebacks: 0,
    hangs: 0, lost documents: 0; faults survived: N/N; sessions held: 20/20, first map p50/max: … s;
    peak memory: … MB

It also times the geoparser on 1, 8 and 64 copies of the seed article (warm, best of three), to
show time growing linearly with the input. ``--sessions N`` changes the number of concurrent
dashboard sessions (default 20, as in CI). Exit status 0 when every test passed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import defusedxml.ElementTree as ET

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "test-artifacts" / "robustness"
SUITE = [
    "tests/robustness",
    "tests/geo/test_geocoders_online.py",
    "tests/geo/test_corrections.py",
    "tests/geo/test_gazetteer.py::test_corrupt_index_is_rebuilt",
]
FAULT_FILES = ("test_faults", "test_geocoders_online")
#: Figures of hostile inputs, by the name prefix the tests record them under.
_HOSTILE = ("cli-", "upload", "export-maps", "app-", "front-line-", "templates", "inputs-")
STATE_FILES = ("test_saved_state", "test_corrections", "test_gazetteer")


def run_suite(sessions: int) -> tuple[list[dict], float]:
    """Run the suite under pytest; return one record per test case and the wall time."""
    with tempfile.TemporaryDirectory() as here:
        report = Path(here) / "junit.xml"
        env = {**os.environ, "FRONTLINE_LOAD_SESSIONS": str(sessions)}
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *SUITE,
        ]
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)  # noqa: S603 - this interpreter with our own fixed arguments
        wall = time.monotonic() - started
        if not report.exists():
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            return [], wall
        cases = []
        for case in ET.parse(report).getroot().iter("testcase"):
            outcome = "passed"
            for tag in ("failure", "error", "skipped"):
                if case.find(tag) is not None:
                    outcome = tag
            cases.append(
                {"file": case.get("classname", ""), "name": case.get("name", ""), "outcome": outcome}
            )
        if any(c["outcome"] != "passed" for c in cases):
            print(done.stdout[-4000:], file=sys.stderr)
        return cases, wall


def figures() -> dict[str, dict]:
    """Return the figures the tests recorded, by name."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIGURES.glob("*.json"))}


def linear_time() -> list[tuple[int, int, float]]:
    """Geoparse 1, 8 and 64 copies of the seed article: (copies, characters, best seconds)."""
    from geo.gazetteer import Gazetteer
    from geo.geoparser import geoparse

    gazetteer = Gazetteer.open()
    seed = (ROOT / "seeds" / "debaltseve-2015-02-18" / "article.txt").read_text(encoding="utf-8")
    rows = []
    for copies in (1, 8, 64):
        text = "\n\n".join([seed] * copies)
        geoparse(text, gazetteer)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            geoparse(text, gazetteer)
            best = min(best, time.perf_counter() - started)
        rows.append((copies, len(text), best))
    return rows


def _count(cases: list[dict], files: tuple[str, ...]) -> tuple[int, int]:
    chosen = [c for c in cases if any(f in c["file"] for f in files)]
    return sum(c["outcome"] == "passed" for c in chosen), len(chosen)


def main(argv: list[str]) -> int:
    """Run the suite and print its figures and the summary line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks robustness", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sessions", type=int, default=20, help="concurrent dashboard sessions (default 20)")
    args = parser.parse_args(argv)
    for stale in FIGURES.glob("*.json"):
        stale.unlink()
    cases, wall = run_suite(args.sessions)
    found = figures()
    passed = sum(c["outcome"] == "passed" for c in cases)
    print(f"suite: {passed}/{len(cases)} tests passed in {wall:.0f} s ({', '.join(SUITE)})")

    hostile = [v for k, v in found.items() if k.startswith(_HOSTILE)]
    tried = sum(v.get("tried", 0) for v in hostile)
    tracebacks = sum(v.get("crashes", 0) for v in hostile)
    hangs = sum(v.get("hangs", 0) for v in hostile)
    evaluations = sum(v.get("evaluations", 0) for v in hostile)
    executions = sum(v.get("executions", 0) for v in hostile)
    lost = sum(v.get("lost", 0) for v in hostile)
    for name, value in found.items():
        print(f"  {name}: {json.dumps(value)}")
    faults_ok, faults = _count(cases, FAULT_FILES)
    state_ok, state = _count(cases, STATE_FILES)
    print(f"saved state (damaged caches, corrections file, gazetteer index): {state_ok}/{state} tests passed")

    rows = linear_time()
    base = rows[0][2]
    for copies, chars, seconds in rows:
        print(f"geoparse {copies:>2} × seed: {chars:>9,} chars in {seconds * 1000:8.1f} ms "
              f"({chars / seconds / 1e6:.2f} M chars/s, {seconds / base:5.1f}× one copy)")  # fmt: skip

    load = found.get("load", {})
    print(
        f"hostile inputs tried: {tried}, template evaluations: {evaluations}, JavaScript executions: "
        f"{executions}, tracebacks: {tracebacks}, hangs: {hangs}, lost documents: {lost}; "
        f"faults survived: {faults_ok}/{faults}; "
        f"sessions held: {load.get('held', 0)}/{load.get('sessions', args.sessions)}, "
        f"first map p50/max: {load.get('p50_s')}/{load.get('max_s')} s; "
        f"peak memory: {load.get('peak_memory_mb')} MB"
    )
    return 0 if cases and passed == len(cases) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
