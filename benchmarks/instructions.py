"""Machine instructions the geoparser executes per pass over GeoWebNews, counted by valgrind.

``python -m benchmarks instructions [--data=PATH] [--tree=PATH] [--tree-cache=DIR]``. On a
shared machine, CPU time varies by 10% or more from run to run; the count of instructions does
not, so two versions can be compared to the percent. The geoparser runs in a fresh process under
``valgrind --tool=cachegrind`` (a fixed hash seed, no cache simulation) three times: a warm-up
pass alone, then two more passes with warm caches, then two more with its caches emptied before
each (as ``benchmarks throughput`` times them). The differences, halved, are the instructions
of one pass. ``--tree`` counts another checkout of the project the same way (an older commit,
with its own index in ``--tree-cache``) and prints the ratio. Needs Debian's ``valgrind``;
under it one pass takes about 10 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
_DEFAULT = _ROOT.parent / "shared" / "benchmarks" / "geowebnews.jsonl"
# Run in the checkout measured (its own geo package first on the path).
_PASSES = """
import json, sys
sys.path.insert(0, ".")
from geo import geoparser
from geo.gazetteer import Gazetteer
gazetteer = Gazetteer.open()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
for text in texts:
    geoparser.geoparse(text, gazetteer)
for _ in range(int(sys.argv[3])):
    if sys.argv[2] == "cold":
        geoparser.clear_caches()
    for text in texts:
        geoparser.geoparse(text, gazetteer)
"""
_COUNT = re.compile(r"I\s+refs:\s+([\d,]+)")


def main(argv: list[str]) -> int:
    """Count and print the instructions of a warm and a cold pass (and of another checkout's)."""
    parser = argparse.ArgumentParser(prog="benchmarks instructions")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("GEOWEBNEWS", _DEFAULT)))
    parser.add_argument("--tree", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--tree-cache", type=Path, help="its index directory (FRONTLINE_CACHE_DIR)")
    args, _ = parser.parse_known_args(argv)  # the runner passes every option to every benchmark
    if not args.data.is_file():
        print(f"no corpus at {args.data} (use --data or $GEOWEBNEWS)")
        return 2
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind); nothing counted")
        return 2
    ours = _per_pass(_ROOT, os.environ.get("FRONTLINE_CACHE_DIR"), args.data)
    print(f"this tree:  warm {ours[0] / 1e9:.3f} G, cold {ours[1] / 1e9:.3f} G instructions per pass")
    if args.tree is not None:
        cache = str(args.tree_cache) if args.tree_cache else None
        theirs = _per_pass(args.tree.resolve(), cache, args.data)
        print(f"{args.tree}: warm {theirs[0] / 1e9:.3f} G, cold {theirs[1] / 1e9:.3f} G per pass")
        print(f"ratio this / that: warm {ours[0] / theirs[0]:.3f}, cold {ours[1] / theirs[1]:.3f}")
    return 0


def _per_pass(tree: Path, cache: str | None, data: Path) -> tuple[float, float]:
    """Return the instructions of one warm and one cold pass of the geoparser of ``tree``."""
    base = _instructions(tree, cache, data, "warm", 0)
    warm = _instructions(tree, cache, data, "warm", 2)
    cold = _instructions(tree, cache, data, "cold", 2)
    return (warm - base) / 2, (cold - base) / 2


def _instructions(tree: Path, cache: str | None, data: Path, mode: str, passes: int) -> int:
    """Return the instructions a fresh process executes: open, a warm-up pass, then ``passes`` more."""
    env = dict(os.environ, PYTHONHASHSEED="1")
    if cache:
        env["FRONTLINE_CACHE_DIR"] = cache
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, "-c", _PASSES, str(data.resolve()), mode, str(passes),
    ]
    # our own command line; valgrind found on the PATH, as the user installed it
    done = subprocess.run(  # noqa: S603 - fixed arguments, the corpus and tree paths given by the user
        command, cwd=tree, env=env, capture_output=True, text=True, check=False
    )
    found = _COUNT.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind failed in {tree}: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))
