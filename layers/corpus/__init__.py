"""Corpus mode: many articles into one deduplicated map, on Dask (see ``docs/layers.md``).

- :mod:`layers.corpus.inputs`: a folder of articles or a JSON Lines file, read lazily;
- :mod:`layers.corpus.process`: one gazetteer per worker, ``build_layers`` per document;
- :mod:`layers.corpus.merge`: places by gazetteer id, events by type, place and date window;
- :mod:`layers.corpus.run`: the Dask run (local cluster or an existing scheduler) and progress;
- :mod:`layers.corpus.outputs`: GeoParquet layers, failures and summary;
- :mod:`layers.corpus.load`: opening an output for the renderer and the dashboard.
"""

from layers.corpus.load import CorpusOutput, is_corpus_output, load_corpus, read_corpus
from layers.corpus.merge import merge_counts, merge_events
from layers.corpus.run import Progress, run_corpus

__all__ = [
    "CorpusOutput",
    "Progress",
    "is_corpus_output",
    "load_corpus",
    "merge_counts",
    "merge_events",
    "read_corpus",
    "run_corpus",
]
