"""Derive ``geo/data/marine_areas.csv`` from Natural Earth's named marine areas (a one-off, kept to redo it).

``python -m geo.data.make_marine_areas ne_10m_geography_marine_polys.json [out.csv]`` reads the
GeoJSON of Natural Earth's 1:10m physical layer ``ne_10m_geography_marine_polys`` (public domain;
provenance in ``geo/data/PROVENANCE.md``) and writes one row per named sea, gulf, bay, strait,
sound, channel, lagoon, fjord or inlet: its name, its other names, its Natural Earth class, the point
inside it farthest from its shores (``shapely.ops.polylabel``: the label point, inside even a
crescent-shaped gulf) and its scale rank (0: an ocean; the smaller, the more prominent).

Left out: oceans (a point in the middle of an ocean says nothing on a map, and Natural Earth splits
the Atlantic and the Pacific into northern and southern halves the press does not name), the
estuaries of three rivers (a river's mouth is not the river), a reef (no water body), and areas
with no name. Areas of one name (the Mediterranean Sea's eastern and western basins) become one,
placed in the largest part of their union. Alternate names: Natural Earth's ``namealt``, and "X Sea" for
every "Sea of X" ("the Azov Sea", as the press writes the Sea of Azov).

>>> _names("Sea of  Azov", None)
['Sea of Azov', 'Azov Sea']
>>> _names("Persian Gulf", "Arabian Gulf")
['Persian Gulf', 'Arabian Gulf']
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

__all__ = ["KEPT_CLASSES", "main", "marine_rows"]

#: Natural Earth classes of marine areas indexed as water bodies.
KEPT_CLASSES = frozenset({"sea", "gulf", "bay", "strait", "sound", "channel", "lagoon", "fjord", "inlet"})
COLUMNS = ("name", "alternates", "class", "lat", "lon", "scalerank")
_SEA_OF = re.compile(r"Sea of (?P<name>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)")


def _names(name: str, alternate: str | None) -> list[str]:
    """Return the area's names, spaces tidied ("Ross  Sea"), "X Sea" added for "Sea of X"."""
    names = [" ".join(n.split()) for n in (name, alternate) if n and n.strip()]
    names += [f"{m['name']} Sea" for n in names if (m := _SEA_OF.fullmatch(n))]
    return list(dict.fromkeys(names))


def marine_rows(features: list[dict]) -> list[dict[str, str]]:
    """One row per named marine area of a kept class, by name, sorted by scale rank and name."""
    from shapely.geometry import shape
    from shapely.ops import polylabel, unary_union

    shapes: dict[str, list] = {}
    first: dict[str, dict] = {}
    for feature in features:
        props = feature["properties"]
        if props.get("featurecla") not in KEPT_CLASSES or not (props.get("name") or "").strip():
            continue
        name = " ".join(props["name"].split())
        shapes.setdefault(name, []).append(shape(feature["geometry"]))
        first.setdefault(name, props)
    rows = []
    for name, pieces in shapes.items():
        merged = unary_union(pieces)
        polygon = max(getattr(merged, "geoms", [merged]), key=lambda p: p.area)
        props = first[name]
        point = polylabel(polygon, tolerance=0.01)
        rows.append(
            {
                "name": name,
                "alternates": "|".join(_names(name, props.get("namealt"))[1:]),
                "class": props["featurecla"],
                "lat": f"{point.y:.4f}",
                "lon": f"{point.x:.4f}",
                "scalerank": str(int(props.get("scalerank") or 0)),
            }
        )
    rows.sort(key=lambda r: (int(r["scalerank"]), r["name"]))
    return rows


def main(argv: list[str]) -> int:
    """Read the GeoJSON named first, write the table (by default ``geo/data/marine_areas.csv``)."""
    if not argv:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    source = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("marine_areas.csv")
    rows = marine_rows(json.loads(source.read_text(encoding="utf-8"))["features"])
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} marine areas written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
