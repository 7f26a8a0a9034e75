"""GeoWebNews: recognition P/R/F1 and resolution accuracy of the geoparser.

``python -m benchmarks geowebnews [--data PATH] [--errors N]`` reads the corpus from
``../shared/benchmarks/geowebnews.jsonl`` (or ``$GEOWEBNEWS``; never copied into the project).

Recognition: a predicted span and a gold span match when they overlap; each gold span is
matched at most once. "Noun types" keeps the gold types Literal, Mixed, Coercion, Metonymic and
Embedded_Literal; predictions that overlap a gold span of another type are then ignored (neither
right nor wrong). Resolution: over matched pairs whose gold has coordinates, the share within
10 km and 161 km of the gold point, and the mean and median error in km; and over matched pairs
whose gold has a GeoNames id, the share resolved to that very entry (a country or region can be
the right entry yet more than 161 km from the gold point when the reference points differ).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from collections import Counter
from pathlib import Path

from geo.gazetteer import Gazetteer, haversine_km
from geo.geoparser import geoparse
from geo.names import fold

NOUN_TYPES = frozenset({"Literal", "Mixed", "Coercion", "Metonymic", "Embedded_Literal"})
_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "geowebnews.jsonl"


def main(argv: list[str]) -> int:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(prog="benchmarks geowebnews")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("GEOWEBNEWS", _DEFAULT)))
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    args, _ = parser.parse_known_args(argv)  # the runner passes every option to every benchmark
    if not args.data.is_file():
        print(f"no corpus at {args.data} (use --data or $GEOWEBNEWS)")
        return 2
    docs = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    gazetteer = Gazetteer.open()
    predictions = [geoparse(doc["text"], gazetteer) for doc in docs]
    for label, types in (("all types", None), ("noun types", NOUN_TYPES)):
        stats = _evaluate(docs, predictions, types, gazetteer)
        print(f"-- {label}: {len(docs)} documents, {stats['gold']} gold toponyms")
        print(
            f"recognition  P {stats['p']:.3f}  R {stats['r']:.3f}  F1 {stats['f1']:.3f}"
            f"  (tp {stats['tp']}, fp {stats['fp']}, fn {stats['fn']})"
        )
        print(
            f"resolution   {stats['n']} matched with coordinates ({stats['unplaced']} found but left unplaced):"
            f" within 10 km {stats['acc10']:.3f}, "
            f"within 161 km {stats['acc161']:.3f}, mean error {stats['mean']:.0f} km, "
            f"median {stats['median']:.1f} km"
        )
        print(f"             {stats['ids']} matched with a GeoNames id: same entry chosen {stats['id_acc']:.3f}")
        print(f"             within 161 km or the gold's own GeoNames entry: {stats['near_or_same']:.3f}")
        if types:
            _print_categories(stats)
        if args.errors and types:
            _print_errors(stats, args.errors)
    return 0


def _evaluate(docs: list[dict], predictions: list, types: frozenset[str] | None, gazetteer: Gazetteer) -> dict:
    tp = fp = fn = 0
    errors: list[float] = []
    same_id: list[bool] = []  # where the gold has a GeoNames id: did we choose that entry?
    near_or_same: list[bool] = []  # within 161 km, or the very entry whose reference point differs
    misses: Counter = Counter()
    false: Counter = Counter()
    wrong: list[tuple[float, str, str, str]] = []
    far: Counter = Counter()  # resolution errors (> 161 km) by cause
    missed_known = 0  # missed gold names that the gazetteer knows
    unplaced = 0  # found, but reported without a place (a sea, an unknown village)
    gold_total = 0
    for doc, mentions in zip(docs, predictions, strict=True):
        gold = [g for g in doc["toponyms"] if types is None or g["gwn_type"] in types]
        others = [g for g in doc["toponyms"] if types is not None and g["gwn_type"] not in types]
        gold_total += len(gold)
        used: set[int] = set()
        for m in mentions:
            hit = next(
                (i for i, g in enumerate(gold) if i not in used and g["start"] < m.end and m.start < g["end"]), None
            )
            if hit is None:
                if not any(g["start"] < m.end and m.start < g["end"] for g in others):
                    fp += 1
                    false[m.text] += 1
                continue
            used.add(hit)
            tp += 1
            g = gold[hit]
            unplaced += m.place is None
            if m.place is not None and g.get("geonameid"):
                same_id.append(m.place.geonameid == g["geonameid"])
            if m.place is not None and g.get("lat") is not None:
                km = haversine_km(m.place.lat, m.place.lon, g["lat"], g["lon"])
                errors.append(km)
                near_or_same.append(km <= 161 or (g.get("geonameid") is not None and m.place.geonameid == g["geonameid"]))
                if km > 161:
                    wrong.append((km, g["name"], m.place.name, f"{m.place.country}/{m.place.kind}"))
                    far[_cause(m.place, g, gazetteer)] += 1
        for i, g in enumerate(gold):
            if i not in used:
                fn += 1
                misses[(g["name"], g["gwn_type"])] += 1
                missed_known += fold(g["name"]) in gazetteer.name_keys
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    n = len(errors)
    return {
        "gold": gold_total, "tp": tp, "fp": fp, "fn": fn, "p": p, "r": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": n,
        "acc10": sum(e <= 10 for e in errors) / n if n else 0.0,
        "acc161": sum(e <= 161 for e in errors) / n if n else 0.0,
        "mean": statistics.fmean(errors) if n else 0.0,
        "median": statistics.median(errors) if n else 0.0,
        "near_or_same": sum(near_or_same) / len(near_or_same) if near_or_same else 0.0,
        "ids": len(same_id), "id_acc": sum(same_id) / len(same_id) if same_id else 0.0,
        "unplaced": unplaced, "misses": misses, "false": false, "wrong": wrong, "far": far, "missed_known": missed_known,
    }


def _cause(place, gold: dict, gazetteer: Gazetteer) -> str:
    if gold.get("geonameid") and place.geonameid == gold["geonameid"]:
        return f"the gold's own entry ({place.kind}), but its reference point differs"
    if gold.get("geonameid") and gazetteer.get(gold["geonameid"]) is not None:
        return "another entry chosen (the gold's entry is in the index)"
    return "the gold's entry is not in the index (no id, a street, a building, an admin-2 area...)"


def _print_categories(stats: dict) -> None:
    print(f"   misses: {stats['fn']} gold names not found; {stats['missed_known']} of them are gazetteer names"
          " (refused by context), the rest are not in the gazetteer at all")
    for cause, count in stats["far"].most_common():
        print(f"   resolved > 161 km off, {count}: {cause}")


def _print_errors(stats: dict, count: int) -> None:
    print("   missed (name, type):", ", ".join(f"{k[0]}/{k[1]}×{v}" for k, v in stats["misses"].most_common(count)))
    print("   false positives:", ", ".join(f"{k}×{v}" for k, v in stats["false"].most_common(count)))
    worst = sorted(stats["wrong"], reverse=True)[:count]
    print("   resolved > 161 km off:", "; ".join(f"{g} -> {p} ({k}) {km:.0f} km" for km, g, p, k in worst))
