"""``frontline export FILE_OR_ARTICLE_DIR --out map.html``: the article's map as one HTML file.

Offline by default: Leaflet and our scripts are inlined from installed packages, country outlines
are drawn under the tiles, and only tile images are fetched from the network. ``--online`` links
folium's CDN copies instead (a smaller file that needs the network).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.commands.options import add_front_line_arguments, read_front_lines
from geo.errors import InputError

if TYPE_CHECKING:
    from layers.frontline import FrontLineSnapshot
    from layers.roads import RoadNetwork

HELP = "Write an article's map to one standalone HTML file (works offline by default)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    from layers.style import BASEMAPS, DEFAULT_BASEMAP

    parser.add_argument(
        "source",
        metavar="FILE_OR_ARTICLE_DIR",
        help="an article folder, a .txt/.html file, or a `frontline corpus` output folder",
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
    add_front_line_arguments(
        parser, use="added to the Natural Earth default; the one valid on the article's date is drawn"
    )
    parser.add_argument(
        "--roads",
        type=Path,
        metavar="FILE",
        help="a GeoJSON road network (e.g. from an OSM extract) to snap routes to",
    )
    parser.add_argument(
        "--basemap",
        default=DEFAULT_BASEMAP,
        help=f"shown basemap: {', '.join(BASEMAPS)} (default {DEFAULT_BASEMAP})",
    )


def run(args: argparse.Namespace) -> int:
    """Build the article's layers and write the map; print the path written."""
    from geo.gazetteer import Gazetteer
    from layers.article import load_article
    from layers.corpus import is_corpus_output, load_corpus
    from layers.pipeline import build_layers
    from layers.render import build_map, save_html
    from layers.style import basemap

    basemap(args.basemap)  # an unknown basemap fails before any work
    out = Path(args.out)
    if out.is_dir():
        raise InputError(f"--out {out} is a folder; give a file name such as map.html")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: folder {out.parent} does not exist")
    if is_corpus_output(args.source):
        layers = load_corpus(args.source, snapshots=_snapshots(args))
    else:
        article = load_article(args.source)
        layers = build_layers(article, Gazetteer.open(), snapshots=_snapshots(args), roads=_roads(args))
    path = save_html(build_map(layers, basemap=args.basemap, offline=args.offline), out)
    print(path, file=sys.stdout)
    return 0


def _snapshots(args: argparse.Namespace) -> tuple[FrontLineSnapshot, ...] | None:
    """Return the default snapshots plus the user's files; None keeps the pipeline's default."""
    if not args.front_lines:
        return None
    from layers.importers import default_snapshots

    return (*default_snapshots(), *read_front_lines(args))


def _roads(args: argparse.Namespace) -> RoadNetwork | None:
    if args.roads is None:
        return None
    from layers.roads import RoadNetwork

    return RoadNetwork.from_geojson(args.roads)
