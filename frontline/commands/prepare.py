"""``frontline prepare``: build the offline gazetteer index now rather than on first use."""

from __future__ import annotations

import argparse

from geo.gazetteer import Gazetteer

HELP = "Build (or check) the offline gazetteer index in the cache directory."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this command's options."""
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when the index is valid")


def run(args: argparse.Namespace) -> int:
    """Open (building when needed) the gazetteer and report where it is."""
    gazetteer = Gazetteer.open(rebuild=args.rebuild)
    print(f"gazetteer: {gazetteer.path}")
    return 0
