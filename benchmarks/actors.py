"""Actor naming (`layers.actors`) on the ACLED development records.

For each record of ``../shared/benchmarks/acled_dev.jsonl`` (read there, never copied into the
repository), the first actor :func:`layers.actors.find_actors` finds in the record's ``text`` is
compared with the record's ``actor1``, ACLED's year suffixes ("(2000-)") ignored. The country hint
is the most frequent country of the places the geoparser resolves in the text (not the record's
own ``country`` field). Prints the share right, the share right when ACLED's unit suffix after the
forces' name (" Air Force") is ignored too, the share whose actor1 is among the actors found (the
records follow ACLED's dyadic export, where an event's target can be its actor1: "Ukrainian forces
shelled DPR positions" has actor1 "NAF: ..."), the confusions, and the speed.
``python -m benchmarks actors [--errors=N]``.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "acled_dev.jsonl"
_YEARS = re.compile(r"\s*\(\d{4}-\d{0,4}\)")
_UNIT = re.compile(r"^((?:Military|Police) Forces of .+?)\s+(?:Air Force|Navy|Chechen Battalion.*|State .*)$")


def acled_name(name: str) -> str:
    """ACLED's actor name without its year suffixes: "Military Forces of Russia (2000-)" → "... Russia"."""
    return _YEARS.sub("", name).strip()


def without_unit(name: str) -> str:
    """Return the forces' name without ACLED's unit after it ("... of Russia Air Force" → "... of Russia")."""
    match = _UNIT.match(name)
    return match.group(1) if match else name


def main(argv: Sequence[str] = ()) -> int:
    """Run the benchmark; return 0, or 2 when the records are missing."""
    from geo.gazetteer import Gazetteer
    from geo.geoparser import geoparse
    from layers.actors import find_actors

    errors = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--errors=")), 10)
    if not DATA.exists():
        print(f"no benchmark data at {DATA}")
        return 2
    records = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    gazetteer = Gazetteer.open()
    hints = []
    for record in records:
        countries = Counter(m.place.country for m in geoparse(record["text"], gazetteer) if m.place)
        hints.append(countries.most_common(1)[0][0] if countries else None)
    find_actors("warm-up: Russian forces", gazetteer=gazetteer)
    started = time.perf_counter()
    found = [
        find_actors(r["text"], country=hint, gazetteer=gazetteer)
        for r, hint in zip(records, hints, strict=True)
    ]
    elapsed = time.perf_counter() - started
    right = right_unit = among = none = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for record, actors in zip(records, found, strict=True):
        gold = acled_name(record["actor1"])
        guess = actors[0].name if actors else ""
        none += not actors
        right += guess == gold
        right_unit += without_unit(guess) == without_unit(gold)
        among += without_unit(gold) in {without_unit(a.name) for a in actors}
        if guess != gold:
            confusions[(gold, guess or "(none)")] += 1
    total = len(records)
    chars = sum(len(r["text"]) for r in records)
    print(f"records: {total}")
    print(f"actor 1 right (first actor = actor1, years ignored): {right / total:.3f} ({right}/{total})")
    print(f"  ACLED's unit (' Air Force') also ignored: {right_unit / total:.3f} ({right_unit}/{total})")
    print(f"actor1 among the actors found (unit suffix ignored): {among / total:.3f} ({among}/{total})")
    print(f"records with no actor found: {none}")
    print(f"speed: {total / elapsed:,.0f} records/s, {chars / 1e6 / elapsed:.2f} MB/s")
    for (gold, guess), count in confusions.most_common(errors):
        print(f"  {count:4d}  gold {gold!r}  found {guess!r}")
    return 0
