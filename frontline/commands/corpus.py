"""``frontline corpus INPUT --out DIR``: many articles into one deduplicated set of map layers.

INPUT is a folder of ``.txt``/``.html`` articles (optional ``<name>.toml`` metadata beside each;
article folders such as ``seeds/<id>/`` are accepted too) or a JSON Lines file of
``{"id", "text", "published", "url"}``. Writes GeoParquet ``events``, ``mentions``, ``places``,
``claims`` and ``control_lines`` (the line estimated from the claims, every week or, with
``--control-every day``, every day), ``failures.csv`` and ``summary.json`` to DIR, shows progress on
stderr and prints the summary as JSON. With ``--front-line FILE`` each period's line is measured
against the imported line valid then (``mean_km_to_imported``). ``frontline export DIR --out
map.html`` draws the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from frontline.commands.options import add_front_line_arguments, read_front_lines

HELP = "Geoparse a corpus of articles on Dask and write merged GeoParquet layers and a summary."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("source", metavar="INPUT", help="a folder of articles or a .jsonl file")
    parser.add_argument("--out", required=True, type=Path, help="the output folder (created if needed)")
    parser.add_argument(
        "--workers", type=int, default=None, help="local worker processes (default: one per core)"
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="use an existing Dask scheduler (tcp://host:8786)",
    )
    parser.add_argument("--limit", type=int, default=None, help="process at most this many documents")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per Dask task (default 16)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument(
        "--control-every",
        choices=("week", "day"),
        default="week",
        help="estimate the front line from the control claims every week (default) or every day",
    )
    add_front_line_arguments(
        parser, use="each period's estimated line is measured against the one valid then and drawn beside it"
    )


def run(args: argparse.Namespace) -> int:
    """Run the corpus; print the summary (JSON) on stdout; exit 0 even when some documents failed."""
    from layers.corpus.run import run_corpus, stderr_progress

    imported = read_front_lines(args)  # a bad file fails before any work
    summary = run_corpus(
        args.source,
        args.out,
        workers=args.workers,
        scheduler=args.scheduler,
        limit=args.limit,
        batch_size=args.batch_size,
        progress=None if args.quiet else stderr_progress,
        control_every=args.control_every,
        imported=imported,
    )
    shown = {k: v for k, v in summary.items() if k != "failures"}
    print(json.dumps(shown, indent=2, ensure_ascii=False), file=sys.stdout)
    if summary["failed"]:
        print(
            f"frontline: {summary['failed']} document(s) skipped, see {Path(args.out) / 'failures.csv'}",
            file=sys.stderr,
        )
    return 0
