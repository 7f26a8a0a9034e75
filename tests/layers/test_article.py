"""Articles: folders, text and HTML files, pasted text, and bad input rejected clearly."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.errors import InputError
from layers.article import MAX_ARTICLE_BYTES, article_from_text, html_to_text, load_article


def test_seed_folder(seed_dir, seed_text):
    """The seed folder gives the text exactly as on disk and the metadata of article.toml."""
    article = load_article(seed_dir)
    assert article.text == seed_text
    assert article.id == "debaltseve-2015-02-18"
    assert article.published == dt.date(2015, 2, 18)
    assert article.outlet == "The Guardian"
    assert article.country_focus == ("UA",)
    assert article.path == seed_dir


def test_txt_with_bom(tmp_path):
    """A UTF-8 byte-order mark is dropped; the file name is the id."""
    path = tmp_path / "report.txt"
    path.write_bytes("\ufeffShelling near Mariupol.".encode())
    article = load_article(path)
    assert article.text == "Shelling near Mariupol."
    assert article.id == "report"


def test_html_drops_scripts_and_styles(tmp_path):
    """HTML becomes visible text only: scripts and styles vanish, entities are decoded."""
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<p>Fighting near <b>Mariupol</b> &amp; Shirokyne.</p><script>alert('x')</script>"
        "<p>Second paragraph.</p></body></html>",
        encoding="utf-8",
    )
    text = load_article(path).text
    assert text == "Fighting near Mariupol & Shirokyne.\n\nSecond paragraph."
    assert "alert" not in text and "color" not in text


def test_html_to_text_entities_and_breaks():
    """Escaped markup stays text; a line break joins the paragraph."""
    assert html_to_text("a<br>b &lt;script&gt;") == "a b <script>"  # entities decoded, never markup


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (b"caf\xe9 au lait", "not valid UTF-8")],
)
def test_bad_files(tmp_path, content, message):
    """Empty and non-UTF-8 files are refused with a clear reason."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_article(path)


def test_too_large(tmp_path):
    """Files and pasted text over the size limit are refused."""
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(InputError, match="limited to"):
        load_article(path)
    with pytest.raises(InputError, match="larger than"):
        article_from_text("a" * (MAX_ARTICLE_BYTES + 1))


def test_missing_and_wrong_kind(tmp_path):
    """A missing path, a folder without article.txt and other file types are refused."""
    with pytest.raises(InputError, match="no such article"):
        load_article(tmp_path / "nope")
    with pytest.raises(InputError, match="without article.txt"):
        load_article(tmp_path)
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match=".txt or .html"):
        load_article(tmp_path / "x.pdf")


def test_malformed_toml(tmp_path):
    """Broken article.toml is reported as not valid TOML, naming the file."""
    (tmp_path / "article.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "article.toml").write_text("title = ", encoding="utf-8")
    with pytest.raises(InputError, match=r"article\.toml is not valid TOML"):
        load_article(tmp_path)


def test_pasted_text_meta():
    """Pasted text gets a stable hash id; unknown fields and bad dates are refused."""
    article = article_from_text("Rebels shelled Donetsk.", published="2015-02-18", outlet="X")
    assert article.published == dt.date(2015, 2, 18) and article.outlet == "X"
    assert len(article.id) == 12 and article.id == article_from_text("Rebels shelled Donetsk.").id
    with pytest.raises(InputError, match="unknown article field"):
        article_from_text("x", colour="red")
    with pytest.raises(InputError, match="published date"):
        article_from_text("x", published="18/02/2015")


def test_unknown_file_type_is_refused_before_reading(tmp_path) -> None:
    # A zip (or any binary) is named for what it is, not reported as "not valid UTF-8".
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    with pytest.raises(InputError, match="expected a .txt or .html file"):
        load_article(archive)


def test_keyword_metadata_is_checked_by_the_schema():
    """Pasted text and corpus records go through the same schema as article.toml."""
    article = article_from_text("x", country_focus="ua", published=dt.datetime(2015, 2, 18, 9), id=7)
    assert (article.country_focus, article.published, article.id) == (("UA",), dt.date(2015, 2, 18), "7")
    assert article_from_text("x", title=None, language=None).title == ""
    assert len(article_from_text("x", id="i" * 1000).id) == 1000  # corpus ids may be long
    for meta, message in [
        ({"country_focus": ["UA", 5]}, "country_focus: a country code is two letters"),
        ({"title": 5}, "title: must be text, not an integer"),
        ({"published": dt.date(1, 1, 1)}, "published date: 0001-01-01 is outside 1800-01-01"),
        ({"published": 10**5000}, "published date: must be a date"),
        ({"id": "i" * 1001}, "id: is longer than 1,000 characters"),
    ]:
        with pytest.raises(InputError, match=message):
            article_from_text("Shelling near Mariupol on Tuesday.", **meta)


def test_folder_metadata_errors_name_the_file_and_field(tmp_path):
    (tmp_path / "article.txt").write_text("Shelling near Mariupol on Tuesday.", encoding="utf-8")
    (tmp_path / "article.toml").write_text("published = 0001-01-01\n", encoding="utf-8")
    message = r"article\.toml, published: 0001-01-01 is outside 1800-01-01 … 2199-12-31$"
    with pytest.raises(InputError, match=message):
        load_article(tmp_path)
    (tmp_path / "article.toml").write_text('published = "1600-02"\nnote = "n"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"article\.toml, published date: '1600-02' is outside"):
        load_article(tmp_path)
    (tmp_path / "article.toml").write_text(
        'note = "kept out of the Article"\nid = "mine"\n', encoding="utf-8"
    )
    assert load_article(tmp_path).id == "mine"
