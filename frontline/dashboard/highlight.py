"""The article as safe HTML with every place mention highlighted.

Article text is untrusted: every character of it is escaped, and only the markup written here
(``<mark>``, ``<sup>``, ``<br>``) reaches the page.

>>> from geo.model import Mention
>>> html = highlight_mentions("<b>Kiev</b>", [Mention("Kiev", 3, 7)])
>>> html[html.index("&lt;b") : html.index(" id=")]
'&lt;b&gt;<mark class="fl-mention fl-unresolved"'
>>> html[html.index("Kiev") :]
'Kiev<sup>0</sup></mark>&lt;/b&gt;</div>'
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from geo.model import Mention

__all__ = ["ARTICLE_CSS", "highlight_mentions", "mention_title"]

#: Styles for :func:`highlight_mentions`' output (resolved, unresolved, corrected, selected).
ARTICLE_CSS = """
.fl-article { white-space: pre-wrap; line-height: 1.6; font-size: 0.95rem; }
.fl-mention { border-radius: 3px; padding: 0 2px; }
.fl-resolved { background: #ffe8a3; }
.fl-unresolved { background: #e0e0e0; text-decoration: line-through dotted; }
.fl-corrected { background: #b9f0c4; }
.fl-selected { outline: 2px solid #d62728; }
.fl-mention sup { font-size: 0.65em; color: #555; margin-left: 1px; }
"""


def mention_title(mention: Mention) -> str:
    """Return a one-line description of a mention's resolution (for a tooltip)."""
    place = mention.place
    if place is None:
        return "not resolved"
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    return f"{place.name} ({where}) {place.lat:.4f}, {place.lon:.4f} · confidence {mention.confidence:.2f}"


def highlight_mentions(
    text: str,
    mentions: Sequence[Mention],
    *,
    corrected: Collection[int] = (),
    selected: int | None = None,
) -> str:
    """Return ``text`` as escaped HTML with each mention wrapped in a numbered ``<mark>``.

    Mentions are numbered by their index in ``mentions``; ``corrected`` and ``selected`` are such
    indices. Overlapping or out-of-range spans are skipped rather than nesting marks.
    """
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, -mentions[i].end))
    parts = ['<div class="fl-article">']
    cursor = 0
    for index in order:
        mention = mentions[index]
        if mention.start < cursor or mention.end > len(text) or mention.start >= mention.end:
            continue
        parts.append(escape(text[cursor : mention.start]))
        classes = ["fl-mention", "fl-resolved" if mention.resolved else "fl-unresolved"]
        if index in corrected:
            classes.append("fl-corrected")
        if index == selected:
            classes.append("fl-selected")
        parts.append(
            f'<mark class="{" ".join(classes)}" id="fl-m{index}" title="{escape(mention_title(mention))}">'
            f"{escape(text[mention.start : mention.end])}<sup>{index}</sup></mark>"
        )
        cursor = mention.end
    parts.append(escape(text[cursor:]))
    parts.append("</div>")
    return "".join(parts)
