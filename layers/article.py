"""Articles: the text a map is built from, with where it came from.

An article is a folder (``article.txt`` + optional ``article.toml``), a ``.txt`` file or an
``.html`` file (turned into plain text with the standard library's HTML parser; scripts and
styles are dropped, nothing is executed), or text pasted by a user. Its metadata, from
``article.toml`` or given as keywords, is checked by :class:`layers.schema.ArticleMeta`
(``article.toml`` is read within :func:`geo.limits.loads_toml` first).

>>> a = article_from_text("Shelling near Mariupol.", published="2015-02-18")
>>> a.published.isoformat(), len(a.id)
('2015-02-18', 12)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from geo.errors import InputError
from geo.limits import loads_toml
from geo.text import decode_utf8
from layers.published import find_published, published_from_html
from layers.schema import article_meta

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_META_BYTES",
    "Article",
    "article_from_text",
    "html_to_text",
    "load_article",
]

#: Largest article accepted, in bytes (a long news article is under 100 KB).
MAX_ARTICLE_BYTES = 5_000_000
#: Largest ``article.toml`` accepted, in bytes (its longest fields hold a few thousand characters).
MAX_META_BYTES = 100_000

_TEXT_NAME = "article.txt"
# The Article fields given as metadata (``article.toml`` or keywords); ``path`` and ``text`` are not.
_META_FIELDS = ("title", "outlet", "url", "published", "language", "id", "country_focus")
_META_NAME = "article.toml"
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "figcaption",
        "figure",
        "pre",
        "hr",
    }
)


@dataclass(frozen=True, slots=True)
class Article:
    """A news article's text and metadata (see docs/layers.md)."""

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str = "en"
    path: Path | None = None
    id: str = ""
    country_focus: tuple[str, ...] = ()

    def __repr__(self) -> str:
        when = self.published.isoformat() if self.published else "undated"
        return f"Article({self.id!r}, {self.outlet or 'unknown outlet'}, {when}, {len(self.text)} chars)"


def article_from_text(text: str, **meta: object) -> Article:
    """Wrap pasted text as an :class:`Article`; ``meta`` holds any Article field but ``text``.

    ``published`` may be a date or an ISO string; ``country_focus`` a two-letter code or a list of
    them. The fields are checked by :class:`layers.schema.ArticleMeta`. The id defaults to a short
    hash of the text; ``published``, when not given, to the date in the URL or the text's wire
    dateline (:func:`layers.published.find_published`).
    """
    if not isinstance(text, str):
        raise InputError(f"article text must be a string, not {type(text).__name__}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("the article is empty")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        raise InputError(f"the article is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; split it first")
    unknown = set(meta) - set(_META_FIELDS) - {"path"}
    if unknown:
        raise InputError(f"unknown article field(s): {', '.join(sorted(unknown))}")
    path = meta.get("path")
    checked = article_meta({k: v for k, v in meta.items() if k != "path"})
    fields = {name: getattr(checked, name) for name in _META_FIELDS}
    if fields["published"] is None:  # none given: the URL's date or the text's wire dateline
        fields["published"] = find_published(text, url=fields["url"])
    if not fields["id"]:
        fields["id"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Article(text=text, path=None if path is None else Path(path), **fields)  # type: ignore[arg-type]


def load_article(path: str | Path) -> Article:
    """Read an article from a folder, a ``.txt`` file or an ``.html`` file.

    Raises
    ------
    InputError
        The path is missing, too large, not UTF-8, empty, or its metadata is malformed (one line
        naming ``article.toml`` and the field).
    """
    path = Path(path)
    if path.is_dir():
        text_path = path / _TEXT_NAME
        if not text_path.is_file():
            raise InputError(f"{path} is a folder without {_TEXT_NAME}")
        meta = _read_meta(path / _META_NAME)
        text = _read_text(text_path)
        meta.setdefault("id", path.name)
    elif path.is_file():
        suffix = path.suffix.lower()
        if suffix not in {".html", ".htm", ".txt", ".text", ""}:  # checked before reading a byte
            raise InputError(f"{path}: expected a .txt or .html file or an article folder")
        meta = {"id": path.stem}
        text = _read_text(path)
        if suffix in {".html", ".htm"}:
            meta["published"] = published_from_html(text)
            text = html_to_text(text)
    else:
        raise InputError(f"no such article: {path}")
    try:
        return article_from_text(text, path=path, **meta)
    except InputError as err:
        raise InputError(f"{path}: {err}") from err


def html_to_text(html: str) -> str:
    r"""Return the visible text of an HTML document, one block per paragraph.

    >>> html_to_text("<p>Shelling in <b>Debaltseve</b></p><script>alert(1)</script><p>x</p>")
    'Shelling in Debaltseve\n\nx'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    blocks = "".join(parser.parts).split("\n")
    lines = [" ".join(b.split()) for b in blocks]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


class _TextExtractor(HTMLParser):
    """Collects text outside scripts, styles and other non-visible elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data.replace("\n", " "))


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{path} is {size / 1e6:.1f} MB; articles are limited to {MAX_ARTICLE_BYTES // 1_000_000} MB"
        )
    return decode_utf8(path.read_bytes(), str(path), advice="save it as UTF-8 and retry")


def _read_meta(path: Path) -> dict[str, object]:
    """Read ``article.toml``: size, then the TOML within :mod:`geo.limits`, then the schema."""
    if not path.is_file():
        return {}
    size = path.stat().st_size
    if size > MAX_META_BYTES:
        raise InputError(f"{path} is {size:,} bytes; article.toml is limited to {MAX_META_BYTES:,} bytes")
    text = decode_utf8(path.read_bytes(), str(path), advice="save it as UTF-8 and retry").lstrip("\ufeff")
    checked = article_meta(loads_toml(text, str(path)), str(path))
    return {name: getattr(checked, name) for name in _META_FIELDS if name in checked.model_fields_set}
