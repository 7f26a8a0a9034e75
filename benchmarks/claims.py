"""Control claims on ACLED's territory records: is the town's new holder read from the text.

``python -m benchmarks claims [--show N]``

Each record of ``../shared/benchmarks/acled_dev.jsonl`` (ACLED, https://acleddata.com; read from
there, never copied into the project) whose sub-type is a change of territory ("Government
regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
is one gold claim: the town at the record's point changed hands on the record's day. The claims
of :func:`layers.claims.extract_claims` are scored per record: a claim on a settlement within
25 km of the point ("found"), whose side is the state of the record's country for "Government
regains territory" and any other camp for "Non-state actor overtakes territory" ("side"; a
transfer names no side in ACLED's sub-type and is scored on "found" only), dated on the day
("date"). Also claims per record and records per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACLED = ROOT.parent / "shared" / "benchmarks" / "acled_dev.jsonl"
TERRITORY = (
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
)
REACH_KM = 25.0


def main(argv: Sequence[str] = ()) -> int:
    """Run the benchmark; return 0, or 2 when the ACLED file is missing."""
    from geo.gazetteer import Gazetteer, haversine_km
    from layers.article import article_from_text
    from layers.claims import extract_claims

    parser = argparse.ArgumentParser(prog="python -m benchmarks claims", description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N failing records")
    args, _ = parser.parse_known_args(list(argv))
    if not ACLED.is_file():
        print(f"missing {ACLED}: see ../shared/benchmarks/README.md")
        return 2
    gazetteer = Gazetteer.open()
    records = [json.loads(line) for line in ACLED.open(encoding="utf-8") if line.strip()]
    records = [r for r in records if r["sub_event_type"] in TERRITORY]
    found = side = dated = sided = claims_total = 0
    failing: list[tuple[dict, str]] = []
    started = time.perf_counter()
    for record in records:
        claims = extract_claims(article_from_text(record["text"], id=record["id"]), gazetteer)
        claims_total += len(claims)
        near = [
            c
            for c in claims
            if haversine_km(c.place.lat, c.place.lon, record["lat"], record["lon"]) <= REACH_KM
        ]
        if not near:
            failing.append((record, f"no claim within {REACH_KM:.0f} km ({[c.place_name for c in claims]})"))
            continue
        found += 1
        claim = near[0]
        day = dt.date.fromisoformat(record["date"])
        dated += claim.when is not None and claim.when.precision == "day" and claim.when.date == day
        own = "UA" if record["country"] == "Ukraine" else record["country"]
        if record["sub_event_type"] != "Non-violent transfer of territory":
            sided += 1
            government = record["sub_event_type"] == "Government regains territory"
            right = (claim.side == own) if government else (claim.side not in (own, "contested"))
            side += right
            if not right:
                failing.append((record, f"side {claim.side!r} ({claim.kind}, {claim.actor!r})"))
    seconds = time.perf_counter() - started
    total = len(records)
    print(f"ACLED territory records: {total} (gold claims: ACLED, https://acleddata.com)")
    print(f"  found (a claim within {REACH_KM:.0f} km)   {found / total:.3f}  ({found}/{total})")
    print(f"  side right (of {sided} with a side)  {side / max(sided, 1):.3f}  ({side}/{sided})")
    print(f"  date right (the day)              {dated / total:.3f}  ({dated}/{total})")
    print(f"  claims per record                 {claims_total / total:.2f}")
    print(f"  speed: {total / seconds:,.0f} records/s")
    for record, why in failing[: args.show]:
        print(f"  FAIL {record['id']}: {record['text'][:200]!r}\n       - {why}")
    return 0
