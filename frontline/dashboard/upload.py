"""Articles uploaded as files (bytes from a browser), checked before any parsing.

>>> article_from_upload("note.txt", b"Shelling near Mariupol.").title
'note.txt'
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from geo.errors import InputError
from geo.text import decode_utf8
from layers.article import MAX_ARTICLE_BYTES, Article, article_from_text, html_to_text
from layers.published import published_from_html

__all__ = ["MAX_UPLOAD_BYTES", "UPLOAD_TYPES", "article_from_upload"]

#: Largest upload accepted, in bytes (the app's ``server.maxUploadSize`` is a little larger, so
#: that this check, with its clear message, is the one a user meets).
MAX_UPLOAD_BYTES = MAX_ARTICLE_BYTES
#: File extensions accepted for uploads.
UPLOAD_TYPES = ("txt", "html", "htm")


def article_from_upload(
    name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, published: dt.date | str | None = None
) -> Article:
    """Turn an uploaded ``.txt`` or ``.html`` file into an :class:`Article` (published on ``published``).

    Without ``published``, the date comes from the page's metadata, else from the text's wire
    dateline (:mod:`layers.published`).

    Raises
    ------
    InputError
        The file is too large, of another type, not UTF-8, or holds no text.
    """
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        raise InputError(f"{name!r}: upload a .txt or .html file (got {suffix or 'no extension'})")
    if len(data) > max_bytes:
        raise InputError(
            f"{name!r} is {len(data):,} bytes, over {max_bytes / 1e6:g} MB; "
            f"uploads are limited to {max_bytes / 1e6:g} MB. Split the file or paste a part of it."
        )
    text = decode_utf8(data, repr(name), advice="save it as UTF-8 and upload it again")
    if suffix in ("html", "htm"):
        if published is None or published == "":  # the date the user chose always wins
            published = published_from_html(text)
        text = html_to_text(text)
    try:  # the id stays the text's hash: two files called article.txt must not share corrections
        return article_from_text(text, title=PurePath(name).name, published=published)
    except InputError as err:
        raise InputError(f"{name!r}: {err}") from err
