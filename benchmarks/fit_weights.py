"""Fit the weights of the resolution score on GeoWebNews, cross-validated by document.

``python -m benchmarks fit_weights [--data PATH] [--folds 5] [--sweeps 2] [--min-gain 2]`` reads
the corpus as ``benchmarks geowebnews`` does (``../shared/benchmarks/geowebnews.jsonl`` or
``$GEOWEBNEWS``) and fails when it is absent.

The score of a candidate is a weighted sum of named terms (:class:`geo.resolution.Weights`).
Method: coordinate search. Starting from the hand-set weights, each term's weight in turn is
tried at 0, 0.5, 0.75, 1.33 and 2 times its value (the prior's weight is held: it sets the scale
the others are measured in, which the confidences depend on); the best value is kept when it
places at least ``--min-gain`` more training toponyms right, and the sweeps over the terms stop
when none moves. Each trial runs the whole geoparser, rounds and all, on the training documents.

Accuracy: over the noun-type gold toponyms that the geoparser finds and places and that have
coordinates, the share placed within 161 km of the gold point or on the gold's own GeoNames
entry (``benchmarks geowebnews``' last resolution figure). The documents are split into
``--folds`` folds; for each, the weights are fitted on the others and both sets are scored on it.
Last, the weights are fitted on every document and compared with the hand-set ones on the whole
corpus (noun-type F1, within 161 km, accuracy): in-sample figures, the held-out ones decide.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

import numpy as np

from benchmarks.geowebnews import NOUN_TYPES, _evaluate
from geo import resolution
from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.resolution import TERMS, WEIGHTS, Weights

_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "geowebnews.jsonl"
_FACTORS = (0.75, 1.33, 0.5, 2.0, 0.0)  # the nearest first: it wins a tie
_HELD = ("prior",)  # the scale


@dataclasses.dataclass(frozen=True)
class _Tally:
    """Counts over documents: recognition (noun types) and resolution."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    placed: int = 0  # matched, placed, with gold coordinates
    right: int = 0  # of those, within 161 km or the gold's own entry
    near: int = 0  # of those, within 161 km

    def __add__(self, other: _Tally) -> _Tally:
        pairs = zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True)
        return _Tally(*(a + b for a, b in pairs))

    @property
    def f1(self) -> float:
        """Return the recognition F1."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def accuracy(self) -> float:
        """Return the share placed right (within 161 km or on the gold's own entry)."""
        return self.right / self.placed if self.placed else 0.0

    @property
    def within_161(self) -> float:
        """Return the share placed within 161 km."""
        return self.near / self.placed if self.placed else 0.0


class _Corpus:
    """The documents and their tallies under given weights, each document parsed once per weights."""

    def __init__(self, docs: list[dict], gazetteer: Gazetteer) -> None:
        self.docs = docs
        self.gazetteer = gazetteer
        self._tallies: dict[tuple[Weights, int], _Tally] = {}

    def tally(self, weights: Weights, indices: Sequence[int]) -> _Tally:
        """Return the counts over the documents ``indices`` when resolution uses ``weights``."""
        todo = [i for i in indices if (weights, i) not in self._tallies]
        with mock.patch.object(resolution, "WEIGHTS", weights):
            for i in todo:
                self._tallies[weights, i] = self._count(i)
        return sum((self._tallies[weights, i] for i in indices), _Tally())

    def _count(self, i: int) -> _Tally:
        doc = self.docs[i]
        stats = _evaluate([doc], [geoparse(doc["text"], self.gazetteer)], NOUN_TYPES, self.gazetteer)
        n = stats["n"]
        right, near = round(stats["near_or_same"] * n), round(stats["acc161"] * n)
        return _Tally(stats["tp"], stats["fp"], stats["fn"], n, right, near)


def main(argv: list[str]) -> int:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(prog="benchmarks fit_weights")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("GEOWEBNEWS", _DEFAULT)))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--sweeps", type=int, default=2, help="sweeps over the terms at most")
    parser.add_argument("--min-gain", type=int, default=2, help="toponyms a change must gain in training")
    args, _ = parser.parse_known_args(argv)  # the runner passes every option to every benchmark
    if not args.data.is_file():
        print(f"no corpus at {args.data}: ../shared is absent (use --data or $GEOWEBNEWS)", file=sys.stderr)
        return 2
    started = time.process_time()
    docs = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    corpus = _Corpus(docs, Gazetteer.open())
    everyone = range(len(docs))
    corpus.tally(WEIGHTS, everyone)  # the hand-set weights, and the caches warmed
    print(f"{len(docs)} documents, {args.folds} folds by document; held-out accuracy (within 161 km or the"
          " gold's entry) of the hand-set and the fitted weights")
    header = ("fold", "train", "test", "placed", "hand", "fitted", "gain")
    print("{:>4} {:>5} {:>4} {:>6}  {:>6} {:>6} {:>7}  changed".format(*header))
    gains, accuracies = [], []
    for k, test in enumerate(_folds(len(docs), args.folds), start=1):
        held = set(test)
        train = [i for i in everyone if i not in held]
        fitted = _fit(corpus, train, WEIGHTS, args.sweeps, args.min_gain)
        hand, mine = corpus.tally(WEIGHTS, test), corpus.tally(fitted, test)
        gains.append(mine.accuracy - hand.accuracy)
        accuracies.append((hand.accuracy, mine.accuracy))
        print(f"{k:>4} {len(train):>5} {len(test):>4} {hand.placed:>6}  {hand.accuracy:6.3f}"
              f" {mine.accuracy:6.3f} {gains[-1]:+7.3f}  {_changes(fitted)}", flush=True)
    mean = statistics.fmean(gains)
    hand_mean, fitted_mean = (statistics.fmean(column) for column in zip(*accuracies, strict=True))
    spread = statistics.pstdev(gains)
    print(f"mean {hand_mean:25.3f} {fitted_mean:6.3f} {mean:+7.4f}  (sd of the gain {spread:.4f})")
    final = _fit(corpus, everyone, WEIGHTS, args.sweeps, args.min_gain)
    print(f"fitted on all {len(docs)} documents: {_changes(final)}")
    hand, mine = corpus.tally(WEIGHTS, everyone), corpus.tally(final, everyone)
    for label, t in (("hand-set", hand), ("fitted (in-sample)", mine)):
        print(f"  {label:20s} noun types F1 {t.f1:.3f}, within 161 km {t.within_161:.3f},"
              f" within 161 km or the gold's entry {t.accuracy:.3f} ({t.placed} placed)")
    kept = mine.f1 >= hand.f1 and mine.within_161 >= hand.within_161 and mine.accuracy >= hand.accuracy
    if mean > 0 and kept:
        print("verdict: the fitted weights do better held out and lose nothing in-sample")
    else:
        print("verdict: keep the hand-set weights (the fitted ones do not beat them held out, or lose)")
    print(f"({time.process_time() - started:.0f} s CPU)")
    return 0


def _folds(count: int, folds: int) -> list[list[int]]:
    """Split the document indices into folds at random (the same every run)."""
    order = np.random.default_rng(22).permutation(count).tolist()
    return [sorted(order[k::folds]) for k in range(folds)]


def _fit(corpus: _Corpus, train: Sequence[int], start: Weights, sweeps: int, min_gain: int) -> Weights:
    """Return the weights found by coordinate search from ``start`` on the training documents."""
    best, best_right = start, corpus.tally(start, train).right
    for _ in range(sweeps):
        moved = False
        for term in TERMS:
            if term in _HELD:
                continue
            trials = [best.replace(**{term: round(best[term] * f, 4)}) for f in _FACTORS]
            right, trial = max(((corpus.tally(w, train).right, w) for w in trials), key=lambda rw: rw[0])
            if right >= best_right + min_gain:
                best, best_right, moved = trial, right, True
        if not moved:
            break
    return best


def _changes(weights: Weights) -> str:
    """Return the weights that differ from the hand-set ones, "none" when none does."""
    changed = [f"{t} {WEIGHTS[t]:g}→{weights[t]:g}" for t in TERMS if weights[t] != WEIGHTS[t]]
    return ", ".join(changed) or "none"
