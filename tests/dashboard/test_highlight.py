"""Highlighted article HTML: every mention marked, every character of the article escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from frontline.dashboard.highlight import highlight_mentions, mention_title
from geo.model import Mention, Place

KIEV = Place("Kyiv", 50.45466, 30.5238, geonameid=703448, country="UA", admin1="Kyiv City")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_hostile_text_is_escaped_and_only_our_tags_remain() -> None:
    text = '<script>window.__pwned=1</script> <img src=x onerror="alert(1)"> Kiev & "Donetsk"'
    start = text.index("Kiev")
    html = highlight_mentions(text, [Mention("Kiev", start, start + 4, KIEV, 0.9)])
    parsed = _parse(html)
    assert set(parsed.tags) == {"div", "mark", "sup"}
    # The visible text is the article itself (plus the mention number), nothing lost, nothing added.
    assert "".join(parsed.text) == text[: start + 4] + "0" + text[start + 4 :]
    assert "<script>" not in html and "onerror=" not in html.replace("onerror=&quot;", "")


def test_every_mention_marked_with_its_resolution(seed_text: str) -> None:
    spans = []
    for name in ("Debaltseve", "Artemivsk", "Kiev"):
        start = seed_text.index(name)
        spans.append(Mention(name, start, start + len(name), KIEV if name == "Kiev" else None, 0.8))
    html = highlight_mentions(seed_text, spans, corrected={2}, selected=0)
    assert html.count("<mark") == 3
    assert 'id="fl-m0"' in html and "fl-selected" in html
    assert 'class="fl-mention fl-resolved fl-corrected"' in html
    assert 'title="not resolved"' in html
    assert "Kyiv (Kyiv City, UA) 50.4547, 30.5238" in html
    without_numbers = re.sub(r"<sup>\d+</sup>", "", html)
    assert "".join(_parse(without_numbers).text) == seed_text  # unescaped, the page shows the article


def test_overlapping_and_bad_spans_are_skipped() -> None:
    text = "Stanytsia Luhanska"
    mentions = [Mention("Stanytsia Luhanska", 0, 18), Mention("Luhanska", 10, 18), Mention("x", 5, 99)]
    html = highlight_mentions(text, mentions)
    assert html.count("<mark") == 1 and 'id="fl-m0"' in html


def test_title_of_a_quote_in_a_place_name_is_escaped() -> None:
    place = Place('O"Brien <b>', 1.0, 2.0)
    html = highlight_mentions("x", [Mention("x", 0, 1, place, 0.5)])
    assert mention_title(Mention("x", 0, 1, place, 0.5)).startswith('O"Brien <b>')
    assert "&quot;Brien &lt;b&gt;" in html
