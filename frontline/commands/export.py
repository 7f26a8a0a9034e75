"""``frontline export FILE_OR_ARTICLE_DIR --out map.html``: the article's map as one HTML file.

Offline by default: Leaflet and our scripts are inlined from installed packages, country outlines
are drawn under the tiles, and only tile images are fetched from the network. ``--online`` links
folium's CDN copies instead (a smaller file that needs the network).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.errors import InputError

HELP = "Write an article's map to one standalone HTML file (works offline by default)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    from layers.style import BASEMAPS, DEFAULT_BASEMAP

    parser.add_argument(
        "source", metavar="FILE_OR_ARTICLE_DIR", help="an article folder, or a .txt/.html file"
    )
    parser.add_argument("--out", required=True, type=Path, help="the HTML file to write")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--offline",
        dest="offline",
        action="store_true",
        default=True,
        help="inline every script and style; only tiles need the network (default)",
    )
    mode.add_argument(
        "--online",
        dest="offline",
        action="store_false",
        help="link Leaflet and folium's assets from their CDNs",
    )
    parser.add_argument(
        "--basemap",
        default=DEFAULT_BASEMAP,
        help=f"shown basemap: {', '.join(BASEMAPS)} (default {DEFAULT_BASEMAP})",
    )


def run(args: argparse.Namespace) -> int:
    """Build the article's layers and write the map; print the path written."""
    from layers.pipeline import build_layers

    from geo.gazetteer import Gazetteer
    from layers.article import load_article
    from layers.render import build_map, save_html
    from layers.style import basemap

    basemap(args.basemap)  # an unknown basemap fails before any work
    out = Path(args.out)
    if out.is_dir():
        raise InputError(f"--out {out} is a folder; give a file name such as map.html")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: folder {out.parent} does not exist")
    article = load_article(args.source)
    layers = build_layers(article, Gazetteer.open())
    path = save_html(build_map(layers, basemap=args.basemap, offline=args.offline), out)
    print(path, file=sys.stdout)
    return 0
