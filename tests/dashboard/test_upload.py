"""Uploaded files: size, type and encoding checked with clear messages."""

from __future__ import annotations

import pytest

from frontline.dashboard.upload import MAX_UPLOAD_BYTES, article_from_upload
from geo.errors import InputError


def test_txt_upload_keeps_the_text(seed_text: str) -> None:
    article = article_from_upload("debaltseve.txt", seed_text.encode("utf-8"))
    assert article.text == seed_text and article.title == "debaltseve.txt"
    # Two different files with the same name never share an id (corrections are keyed by it).
    other = article_from_upload("debaltseve.txt", b"Shelling near Mariupol.")
    assert other.id != article.id


def test_html_upload_drops_markup_and_scripts() -> None:
    data = b"<html><head><script>alert(1)</script></head><body><p>Fighting in <b>Debaltseve</b>.</p></body>"
    assert article_from_upload("page.HTML", data).text == "Fighting in Debaltseve."


def test_utf8_bom_is_accepted() -> None:
    assert article_from_upload("a.txt", "\ufeffKiev".encode()).text == "Kiev"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.txt", b"Kiev \xff\xfe\xfa", "not valid UTF-8 .bad byte at offset 5"),
        ("empty.txt", b"   \n", "empty"),
        ("script.html", b"<script>only()</script>", "empty"),
        ("doc.pdf", b"%PDF-1.4", r"upload a \.txt or \.html file"),
        ("noext", b"text", "no extension"),
    ],
)
def test_bad_uploads_are_clear_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        article_from_upload(name, data)


def test_oversized_upload_says_the_limit() -> None:
    with pytest.raises(InputError, match=r"is 2,000,000 bytes, over 1 MB; uploads are limited to 1 MB"):
        article_from_upload("big.txt", b"a" * 2_000_000, max_bytes=1_000_000)
    with pytest.raises(InputError, match="limited to"):
        article_from_upload("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1))


def test_publication_date_is_kept() -> None:
    import datetime as dt

    article = article_from_upload(
        "a.txt", b"Shelling near Mariupol on Tuesday.", published=dt.date(2015, 2, 18)
    )
    assert article.published == dt.date(2015, 2, 18)


def test_html_upload_takes_its_date_from_the_page_unless_one_is_chosen() -> None:
    import datetime as dt

    page = (
        b'<html><head><meta property="article:published_time" content="2015-02-18T17:58:01Z">'
        b"</head><body><p>Ukrainian troops retreated from Debaltseve.</p></body></html>"
    )
    assert article_from_upload("page.html", page).published == dt.date(2015, 2, 18)
    # The dashboard's date picker is authoritative when set.
    chosen = article_from_upload("page.html", page, published=dt.date(2015, 2, 20))
    assert chosen.published == dt.date(2015, 2, 20)
    assert article_from_upload("page.html", page, published="2015-02-19").published == dt.date(2015, 2, 19)


def test_text_upload_takes_its_date_from_a_wire_dateline_with_a_year() -> None:
    import datetime as dt

    data = "MOSCOW, March 3, 2023 (AP) — Ukrainian drones attacked an oil depot.".encode()
    assert article_from_upload("wire.txt", data).published == dt.date(2023, 3, 3)
    assert article_from_upload("wire.txt", b"MOSCOW, March 3 (AP) - Drones.").published is None
    assert article_from_upload("plain.txt", b"Shelling near Mariupol.").published is None
