"""Data files shipped with :mod:`layers`: the event-cue lexicon and the Natural Earth front line."""
