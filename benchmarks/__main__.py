"""Run the benchmarks: ``python -m benchmarks`` (all) or ``python -m benchmarks NAME ...``.

Each module ``benchmarks/<name>.py`` defines ``main(argv: list[str]) -> int`` and prints its numbers.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def _names() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all by default); return non-zero if any failed."""
    if "-h" in argv or "--help" in argv:
        print(__doc__.strip())
        print(f"available: {', '.join(_names())}; options such as --errors=N go to every benchmark named")
        return 0
    names = [a for a in argv if not a.startswith("-")] or _names()
    unknown = sorted(set(names) - set(_names()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(_names())}", file=sys.stderr)
        return 2
    status = 0
    for name in names:
        print(f"== {name}", flush=True)
        status |= importlib.import_module(f"benchmarks.{name}").main([a for a in argv if a.startswith("-")])
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
