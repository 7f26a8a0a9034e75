"""``frontline prepare``: build the offline gazetteer index now rather than on first use.

``--geonames FILE...`` adds GeoNames dumps (``SY.zip``, ``cities1000.zip``, ``allCountries.zip``,
zipped or plain, from https://download.geonames.org/export/dump/) to the ones the index already
holds; they are recorded beside the index and indexed by every later rebuild until
``--forget-geonames``. A file that is no GeoNames dump stops the build with a one-line reason and
leaves the previous index and its recorded dumps as they were.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.gazetteer import Gazetteer, default_cache_dir, recorded_dumps
from geo.gazetteer_build import packaged_dumps
from geo.geonames_dump import read_dump

HELP = "Build (or check) the offline gazetteer index in the cache directory."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this command's options."""
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when the index is valid")
    parser.add_argument(
        "--geonames",
        nargs="+",
        metavar="FILE",
        type=Path,
        default=[],
        help="GeoNames dumps (SY.zip, cities1000.zip, …) to index besides the ones already recorded",
    )
    parser.add_argument(
        "--forget-geonames",
        action="store_true",
        help="drop the recorded GeoNames dumps and rebuild without them (with --geonames: with those only)",
    )


def run(args: argparse.Namespace) -> int:
    """Build or check the index, then print what it holds."""
    path = default_cache_dir() / "gazetteer.sqlite"
    if args.geonames or args.forget_geonames:
        dumps = _dumps(path, args.geonames, keep_recorded=not args.forget_geonames)
        gazetteer = Gazetteer.open(path, rebuild=True, dumps=dumps)
    else:
        gazetteer = Gazetteer.open(path, rebuild=args.rebuild)
    _report(gazetteer)
    return 0


def _dumps(path: Path, added: list[Path], *, keep_recorded: bool) -> list[Path]:
    """Return the recorded dumps (unless forgotten) and the added ones, once each by resolved path.

    Each added file's first row is read now, so a missing file or one of another format fails
    at once rather than after the half-minute the rest of the build takes.
    """
    for dump in added:
        rows = read_dump(dump)
        try:
            next(rows)
        finally:
            rows.close()
    listed = [*(recorded_dumps(path) if keep_recorded else ()), *added]
    return list({dump.resolve(): dump.resolve() for dump in listed}.values())


def _report(gazetteer: Gazetteer) -> None:
    path = gazetteer.path
    dumps = [*packaged_dumps(), *recorded_dumps(path)]
    print(f"gazetteer: {path}")
    print(f"  size: {path.stat().st_size / 1e6:.1f} MB; places: {gazetteer.place_count():,}")
    print(f"  GeoNames dumps indexed: {', '.join(str(d) for d in dumps)}")
