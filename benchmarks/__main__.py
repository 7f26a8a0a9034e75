"""Run the benchmarks: ``python -m benchmarks`` (all) or ``python -m benchmarks NAME ...``.

Each module ``benchmarks/<name>.py`` defines ``main(argv: list[str]) -> int`` and prints its numbers.
Options go to every benchmark named, with the number after one as its value (``events --show 5``).
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
    options = _options(argv)
    names = [a for i, a in enumerate(argv) if i not in options] or _names()
    unknown = sorted(set(names) - set(_names()))
    if unknown:
        available = ", ".join(_names())
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {available}", file=sys.stderr)
        return 2
    status = 0
    for name in names:
        print(f"== {name}", flush=True)
        status |= importlib.import_module(f"benchmarks.{name}").main([argv[i] for i in sorted(options)])
    return status


def _options(argv: list[str]) -> set[int]:
    """Return the positions of the options in ``argv``, a number right after an option included."""
    found: set[int] = set()
    for i, arg in enumerate(argv):
        if arg.startswith("-") or (i - 1 in found and argv[i - 1].startswith("-") and arg.isdigit()):
            found.add(i)
    return found


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
