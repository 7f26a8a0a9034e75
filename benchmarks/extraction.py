"""Automatic event extraction against the curated events of the seed article.

Prints recall and precision of distinct (event type, place) pairs, the missed and spurious
pairs, and the extraction time. ``python -m benchmarks extraction``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "debaltseve-2015-02-18"


def main(argv: Sequence[str] = ()) -> int:
    """Run the benchmark; return 0."""
    from geo.gazetteer import Gazetteer
    from layers.annotations import article_mentions
    from layers.article import load_article
    from layers.curated import load_events
    from layers.extract import extract_events, pair_scores

    folder = Path(argv[0]) if argv else SEED
    gazetteer = Gazetteer.open()
    article = load_article(folder)
    mentions = article_mentions(article.text, gazetteer, article.country_focus)
    curated = load_events(folder / "events.yaml", article, gazetteer, mentions=mentions)
    started = time.perf_counter()
    extracted = extract_events(article, gazetteer, mentions=mentions)
    elapsed = time.perf_counter() - started
    recall, precision, missed, spurious = pair_scores(extracted, curated)
    names = {str(e.place.geonameid): e.place.name for e in (*curated, *extracted)}
    print(f"article: {article.id} ({len(article.text):,} chars)")
    distinct = len({(e.event_type, e.place.geonameid) for e in curated})
    print(f"curated events: {len(curated)} ({distinct} distinct pairs)")
    print(f"extracted events: {len(extracted)} in {elapsed * 1000:.1f} ms")
    print(f"recall (event type, place): {recall:.3f}")
    print(f"precision (event type, place): {precision:.3f}")
    for label, pairs in (("missed", missed), ("spurious", spurious)):
        for event_type, pid in sorted(pairs):
            print(f"  {label}: {event_type} @ {names.get(pid, pid)} ({pid})")
    size, seconds = _throughput(article, gazetteer, mentions)
    rate = size / 1e6 / seconds
    print(f"extraction alone on {size / 1e6:.2f} MB (the article x50): {seconds:.2f} s, {rate:.2f} MB/s")
    return 0


def _throughput(article, gazetteer, mentions, copies: int = 50) -> tuple[int, float]:
    """Time extraction alone on the article repeated ``copies`` times (mentions shifted to match)."""
    from dataclasses import replace

    from layers.extract import extract_events

    step = len(article.text) + 2
    text = "\n\n".join([article.text] * copies)
    shifted = [
        replace(m, start=m.start + k * step, end=m.end + k * step) for k in range(copies) for m in mentions
    ]
    big = replace(article, text=text)
    started = time.perf_counter()
    extract_events(big, gazetteer, mentions=shifted)
    return len(text), time.perf_counter() - started
