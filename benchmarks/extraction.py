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
    from layers.events import load_events
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
    print(
        f"curated events: {len(curated)} ({len({(e.event_type, e.place.geonameid) for e in curated})} distinct pairs)"
    )
    print(f"extracted events: {len(extracted)} in {elapsed * 1000:.1f} ms")
    print(f"recall (event type, place): {recall:.3f}")
    print(f"precision (event type, place): {precision:.3f}")
    for label, pairs in (("missed", missed), ("spurious", spurious)):
        for event_type, pid in sorted(pairs):
            print(f"  {label}: {event_type} @ {names.get(pid, pid)} ({pid})")
    return 0
