"""``frontline events``: an article's events (curated when the folder has events.yaml, else extracted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.errors import InputError

HELP = "Print an article's events as GeoJSON, ACLED-like CSV or KML."
FORMATS = ("geojson", "csv", "kml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this command's options."""
    parser.add_argument(
        "source",
        metavar="FILE_OR_ARTICLE_DIR",
        help="an article folder (article.txt [+ article.toml, events.yaml]) or a .txt/.html file",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="geojson", help="output format (default geojson)"
    )
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument(
        "--extracted",
        action="store_true",
        help="extract events automatically even when the folder has curated events.yaml",
    )


def run(args: argparse.Namespace) -> int:
    """Build the article's events and write them in the chosen format."""
    from geo.gazetteer import Gazetteer
    from layers.article import load_article
    from layers.export import to_csv, to_geojson, to_kml
    from layers.frames import events_frame
    from layers.pipeline import article_events

    out = Path(args.out) if args.out else None
    if out is not None and (out.is_dir() or not out.parent.is_dir()):
        raise InputError(f"--out {out}: give a file name in an existing folder")
    article = load_article(args.source)
    events = article_events(article, Gazetteer.open(), extracted=args.extracted)
    frame = events_frame(events)
    if args.format == "csv":
        text = to_csv(frame)
    elif args.format == "kml":
        text = to_kml({"Events": frame}, name=article.title or article.id)
    else:
        text = to_geojson(frame)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8", newline="")  # keep CSV's CRLF as written
        print(out)
    return 0
