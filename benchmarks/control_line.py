"""Accuracy of the estimated front line against the Natural Earth line of contact (2015–2022).

``python -m benchmarks control_line [--draws N] [--corpus DOCS [--every=day]]``

The truth is the Natural Earth non-government-controlled area of Donetsk and Luhansk oblasts and
its line of contact, as shipped in ``layers/data/`` (public domain, see ``layers/data/PROVENANCE.md``;
no ``../shared`` file is read). Every GeoNames settlement of the two oblasts in the gazetteer
(``UA.05``, ``UA.14``; the index holds GeoNames' full Ukraine dump) is labelled ``ngca`` inside
the polygon and ``government`` outside it. For each fraction (5, 10, 25, 50 %) and each of N seeded
draws (10 by default), a random sample of those settlements is given to
:func:`layers.control_area.estimate_control` as claims (weight 1), clipped to Ukraine's outline
from countryinfo (settlements outside that coarse outline are dropped by the estimator).

Measured inside the evaluation extent — the convex hull of the two oblasts' settlements that lie in
the outline — in a local azimuthal equidistant projection:

* **mean km** — the symmetric mean distance: the estimated line sampled every 1 km, each sample's
  distance to the Natural Earth line, averaged; the same from the Natural Earth line to the
  estimated one; the mean of the two means (both directions are shown too);
* **p90 km** — the 90th percentile of the samples of both directions pooled;
* **NE in band** — the share of the Natural Earth line's length inside the uncertainty band;
* **band km** — the band's mean half-width (its area over twice the estimated line's length);
* **s/estimate** — wall-clock time of one call of the estimator.

Each number is the mean over the draws. Natural Earth's line is a 1:10 million generalisation
(errors of several km), so distances of 1–2 km are at the truth's own precision.
Goal (issue 24): mean ≤ 5 km at 25 %; the benchmark returns 1 when it is not met.

``--corpus DOCS`` (e.g. 2000) measures instead the weekly (or, ``--every=day``, daily) lines of a
corpus (:func:`layers.control_lines.period_lines`): DOCS synthetic reports spread evenly over the 52
weeks of 2015, each with :data:`CLAIMS_PER_DOC` claims on random settlements of the two oblasts,
on the side the Natural Earth NGCA gives them (``RU`` inside, ``UA`` outside; one in ten
contested), confidence 0.8; it prints the wall-clock seconds (all weeks, and per week; and the
process's CPU seconds, which other work on the machine does not inflate), the peak memory
(``ru_maxrss`` of the process, and Python's own peak allocations from ``tracemalloc`` in a second
run), and how many periods kept the areas and lines of the period before (no new claim: only the
band is drawn again).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the layers load lazily, so that `python -m benchmarks --help` stays fast
    import numpy as np
    from shapely.geometry.base import BaseGeometry

    from geo.gazetteer import Gazetteer
    from layers.control_area import ControlPoint

#: Donetsk and Luhansk oblasts (GeoNames admin1 codes).
OBLASTS = ("UA.05", "UA.14")
FRACTIONS = (0.05, 0.10, 0.25, 0.50)
GOAL_FRACTION, GOAL_KM = 0.25, 5.0
CLAIMS_PER_DOC = 4
STEP_M = 1000.0


@dataclass(frozen=True)
class Truth:
    """The labelled settlements, the Natural Earth line and the evaluation extent, in metres."""

    points: tuple[ControlPoint, ...]
    outline: BaseGeometry  # Ukraine, WGS84, for the estimator
    extent: BaseGeometry  # metres
    line: BaseGeometry  # the Natural Earth line inside the extent, metres
    to_metres: Callable[[BaseGeometry], BaseGeometry]  # WGS84 -> the local projection (metres)


def labelled_settlements(gazetteer: Gazetteer) -> Truth:
    """Label the settlements of Donetsk and Luhansk oblasts inside/outside the Natural Earth NGCA."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    from geo.outlines import country_outline
    from layers.control_area import ControlPoint
    from layers.importers import default_snapshots

    line = next(s.geometry for s in default_snapshots() if s.kind == "line")
    ngca = next(s.geometry for s in default_snapshots() if s.kind == "area")
    outline = country_outline("UA")
    places = [p for code in OBLASTS for p in gazetteer.places_in(code)]
    sites = shapely.points([(p.lon, p.lat) for p in places])
    inside = shapely.covers(ngca, sites)
    points = tuple(
        ControlPoint(p.lon, p.lat, "ngca" if held else "government", 1.0, p.name)
        for p, held in zip(places, inside, strict=True)
    )
    centre = line.centroid
    forward = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m", always_xy=True
    )

    def to_metres(geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))

    extent = to_metres(shapely.convex_hull(shapely.multipoints(sites[shapely.covers(outline, sites)])))
    return Truth(points, outline, extent, shapely.intersection(to_metres(line), extent), to_metres)


def line_distances(estimated: BaseGeometry, truth: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Return the distances (km) from samples every 1 km of each line to the other (metres in)."""
    import shapely

    return (
        shapely.distance(_samples(estimated), truth) / 1000.0,
        shapely.distance(_samples(truth), estimated) / 1000.0,
    )


def _samples(line: BaseGeometry) -> np.ndarray:
    import numpy as np
    import shapely

    parts = [p for p in shapely.get_parts(line) if p.length > 0]
    if not parts:
        return np.array([], dtype=object)
    return np.concatenate(
        [
            shapely.line_interpolate_point(p, np.linspace(0.0, p.length, max(2, int(p.length // STEP_M) + 2)))
            for p in parts
        ]
    )


def measure(truth: Truth, fraction: float, seed: int) -> dict[str, float]:
    """Estimate the line from one random sample of the settlements and measure it."""
    import numpy as np
    import shapely

    from layers.control_area import estimate_control

    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(truth.points), round(fraction * len(truth.points)), replace=False)
    started = time.perf_counter()
    control = estimate_control([truth.points[i] for i in chosen], truth.outline)
    seconds = time.perf_counter() - started
    line = shapely.intersection(truth.to_metres(control.line), truth.extent)
    ahead, back = line_distances(line, truth.line)
    if not len(ahead):  # no line at all: every distance is unknown, counted as infinite
        ahead = back = np.array([np.inf])
    band = truth.to_metres(control.band)
    return {
        "claims": control.claims,
        "mean": float(ahead.mean() + back.mean()) / 2,
        "p90": float(np.percentile(np.concatenate([ahead, back]), 90)),
        "ahead": float(ahead.mean()),
        "back": float(back.mean()),
        "in band": shapely.intersection(truth.line, band).length / truth.line.length,
        "band km": shapely.intersection(band, truth.extent).area / max(2 * line.length, 1.0) / 1000.0,
        "seconds": seconds,
    }


def main(argv: Sequence[str] = ()) -> int:
    """Run the benchmark; return 0, or 1 when the goal (mean ≤ 5 km at 25 %) is not met."""
    import shapely

    from geo.gazetteer import Gazetteer

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks control_line", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--draws", type=int, default=10, metavar="N", help="random draws per fraction")
    parser.add_argument(
        "--corpus", type=int, default=0, metavar="DOCS", help="time the lines of DOCS reports instead"
    )
    parser.add_argument(
        "--every", choices=("week", "day"), default="week", help="with --corpus: a line per week or per day"
    )
    args, _ = parser.parse_known_args(list(argv))  # options meant for other benchmarks pass through
    if args.corpus:
        return corpus_lines(Gazetteer.open(), args.corpus, every=args.every)
    truth = labelled_settlements(Gazetteer.open())
    held = sum(p.side == "ngca" for p in truth.points)
    outside = sum(not truth.outline.covers(shapely.Point(p.lon, p.lat)) for p in truth.points)
    print(
        f"{len(truth.points)} settlements of {' and '.join(OBLASTS)}: {held} inside the Natural Earth "
        f"NGCA, {len(truth.points) - held} outside; the Natural Earth line in the evaluation extent: "
        f"{truth.line.length / 1000:.0f} km; {outside} lie outside countryinfo's outline of Ukraine "
        "(the estimator drops them)"
    )
    print(
        "mean km = symmetric mean (est->NE and NE->est sample means, every 1 km, averaged); "
        f"p90 = 90th percentile of both directions; {args.draws} draws each, means shown"
    )
    columns = ("claims", "mean", "p90", "ahead", "back", "in band", "band km", "seconds")
    print(
        f"{'fraction':>8} {'claims':>6} {'mean km':>7} {'p90 km':>6} {'est->NE':>7} {'NE->est':>7} "
        f"{'NE in band':>10} {'band km':>7} {'s/estimate':>10}"
    )
    results = {}
    for fraction in FRACTIONS:
        draws = [measure(truth, fraction, seed) for seed in range(args.draws)]
        row = {c: sum(d[c] for d in draws) / len(draws) for c in columns}
        results[fraction] = row
        print(
            f"{fraction:>8.0%} {row['claims']:>6.0f} {row['mean']:>7.2f} {row['p90']:>6.2f} "
            f"{row['ahead']:>7.2f} {row['back']:>7.2f} {row['in band']:>10.0%} {row['band km']:>7.1f} "
            f"{row['seconds']:>10.3f}"
        )
    achieved = results[GOAL_FRACTION]["mean"]
    met = achieved <= GOAL_KM
    verdict = "met" if met else "NOT met"
    print(f"goal: mean <= {GOAL_KM:g} km at {GOAL_FRACTION:.0%}: {verdict} ({achieved:.2f} km)")
    return 0 if met else 1


def synthetic_claims(gazetteer: Gazetteer, docs: int, seed: int = 0) -> list:
    """Return the claims of ``docs`` synthetic reports of 2015 (see the module docstring)."""
    import datetime as dt

    import numpy as np

    from geo.model import Place
    from layers.claims import ControlClaim
    from layers.dates import DateSpan

    truth = labelled_settlements(gazetteer)
    rng = np.random.default_rng(seed)
    first = dt.date(2015, 1, 5)  # a Monday: 52 whole weeks
    claims = []
    for doc in range(docs):
        day = first + dt.timedelta(days=int(doc * 364 / docs))
        when = DateSpan(day, "day", day, day)
        for i in rng.choice(len(truth.points), CLAIMS_PER_DOC, replace=False):
            point = truth.points[i]
            side = "contested" if rng.random() < 0.1 else ("RU" if point.side == "ngca" else "UA")
            place = Place(point.label, point.lat, point.lon, geonameid=int(i), country="UA")
            claims.append(
                ControlClaim(place, point.label, side, "", "held", when, 0.8, "", 0, 0, report=f"doc{doc}")
            )
    return claims


def corpus_lines(gazetteer: Gazetteer, docs: int, *, every: str = "week") -> int:
    """Time the lines (every ``every``) of a synthetic corpus of ``docs`` reports; print time and memory."""
    import resource
    import tracemalloc

    from layers.control_lines import control_lines_frame, period_lines

    claims = synthetic_claims(gazetteer, docs)
    places = len({c.place.geonameid for c in claims})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    lines = period_lines(claims, every=every)
    frame = control_lines_frame(lines)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    control_lines_frame(period_lines(claims, every=every))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    plural = f"{every}s"
    print(
        f"corpus lines: {docs:,} reports, {len(claims):,} claims on {places:,} settlements over 52 weeks; "
        f"{len(lines)} {plural} with a line ({lines.reused} kept the areas of the {every} before), "
        f"{len(frame)} rows"
    )
    print(
        f"  {seconds:.1f} s ({seconds / max(len(lines), 1):.2f} s/{every}; CPU {cpu:.1f} s); "
        f"peak RSS {after / 1024:.0f} MB "
        f"(+{(after - before) / 1024:.0f} MB during the {plural}); "
        f"Python peak allocations {peak / 1e6:.0f} MB"
    )
    return 0 if len(lines) else 1


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
