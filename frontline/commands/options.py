"""Options shared by sub-commands: imported front lines (``--front-line``, ``--front-line-date``)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layers.frontline import FrontLineSnapshot

__all__ = ["add_front_line_arguments", "iso_date", "read_front_lines"]


def add_front_line_arguments(parser: argparse.ArgumentParser, *, use: str) -> None:
    """Declare ``--front-line FILE`` (repeatable) and ``--front-line-date``; ``use`` ends the help."""
    parser.add_argument(
        "--front-line",
        dest="front_lines",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help=f"front-line snapshots (GeoJSON, KML or a DeepStateMap daily file); repeatable; {use}",
    )
    parser.add_argument(
        "--front-line-date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day the --front-line files show, when their names or properties do not say",
    )


def iso_date(value: str) -> dt.date:
    """Read a ``YYYY-MM-DD`` option (an argparse type)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2015-02-18") from err


def read_front_lines(args: argparse.Namespace) -> list[FrontLineSnapshot]:
    """Return the snapshots of every ``--front-line`` file (none without the option)."""
    if not args.front_lines:
        return []
    from layers.importers import read_snapshots

    return [s for path in args.front_lines for s in read_snapshots(path, day=args.front_line_date)]
