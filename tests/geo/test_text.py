"""Text plumbing (:mod:`geo.text`): sentence boundaries and the generic lexicon."""

from __future__ import annotations

import pytest

from geo import geoparser
from geo.text import lexicon, sentence_span


@pytest.mark.parametrize(
    ("text", "offset", "sentence"),
    [
        ("One. Two three. Four", 6, "Two three."),
        ("Gen. Smith left Kiev. Then", 10, "Gen. Smith left Kiev."),
        ("Headline\nBody text here.", 12, "Body text here."),
        ("“Go!” he said. Next", 1, "“Go!” he said."),
    ],
)
def test_sentence_span(text: str, offset: int, sentence: str) -> None:
    begin, end = sentence_span(text, offset)
    assert text[begin:end] == sentence


def test_sentence_span_in_the_seed_and_at_the_edges(seed_text: str) -> None:
    assert geoparser.sentence_span is sentence_span  # the geoparser exports it
    start = seed_text.index("Olenivka")
    begin, end = sentence_span(seed_text, start)
    sentence = seed_text[begin:end]
    assert sentence.startswith("Donetsk deputy military head") and sentence.endswith("“first step”.")
    assert sentence_span("", 0) == (0, 0)
    begin, end = sentence_span("Mr. Smith went to Kiev. Then home.", 19)
    assert (begin, end) == (0, 23)


def test_every_site_word_is_an_organisation_word() -> None:
    """A site's name is first read as a name embedded in an organisation's; the site words narrow it."""
    words = lexicon()
    assert words.facility_words <= words.organisation_words
    assert not words.street_words & words.water_words
