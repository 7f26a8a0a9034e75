"""Reading a corpus lazily, and one batch processed in this process (no cluster)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import layers.corpus.inputs as inputs
from geo.errors import InputError
from layers.corpus.inputs import count_documents, iter_documents
from layers.corpus.process import gazetteer_opens, process_batch

DATA = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_a_folder_yields_files_with_their_metadata_and_article_folders(tmp_path, seed_dir):
    """Files anywhere below (ids: relative paths), article folders whole, other files ignored."""
    (tmp_path / "2015" / "feb").mkdir(parents=True)
    shutil.copy(DATA / "evening-report.html", tmp_path / "2015" / "feb" / "evening.html")
    shutil.copy(DATA / "evening-report.toml", tmp_path / "2015" / "feb" / "evening.toml")
    shutil.copytree(seed_dir, tmp_path / "2015" / "seed")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    docs = list(iter_documents(tmp_path))
    assert [(d.id, d.kind) for d in docs] == [("2015/feb/evening", "file"), ("2015/seed", "folder")]
    assert 'outlet = "Frontline Test Evening Report"' in docs[0].meta and docs[0].suffix == ".html"
    assert count_documents(tmp_path) == 2 and count_documents(tmp_path, limit=1) == 1
    assert [d.id for d in iter_documents(tmp_path, limit=1)] == ["2015/feb/evening"]


def test_an_article_folder_is_a_corpus_of_one(seed_dir):
    """``frontline corpus seeds/<id>`` processes that one article."""
    assert [(d.id, d.kind) for d in iter_documents(seed_dir)] == [(seed_dir.name, "folder")]


def test_a_file_too_large_is_reported_without_being_read(tmp_path, monkeypatch):
    """The size is checked before reading: the document carries the reason, not the bytes."""
    monkeypatch.setattr(inputs, "MAX_ARTICLE_BYTES", 100)
    (tmp_path / "long.txt").write_text("Shelling near Mariupol. " * 10, encoding="utf-8")
    (doc,) = iter_documents(tmp_path)
    assert doc.data is None and "articles are limited to" in doc.error


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing", "no such corpus"), ("corpus.csv", "a folder of articles or a .jsonl file")],
)
def test_an_unknown_input_is_refused(tmp_path, name, message):
    """Neither a folder nor a JSON Lines file: a clear InputError."""
    (tmp_path / "corpus.csv").write_text("id,text\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(iter_documents(tmp_path / name))


def test_a_batch_reports_each_failure_and_the_gazetteer_opens_once_per_process(tmp_path):
    """Outside Dask the gazetteer is cached per process: two batches, one open."""
    lines = [
        {"id": "ok", "text": "Rebels shelled Shyrokyne near Mariupol on Tuesday.", "published": "2015-02-18"},
        {"id": "bad-date", "text": "Shelling near Mariupol.", "published": "18/02/2015"},
        {"id": "not-text", "text": 42},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n[1, 2]\n", encoding="utf-8")
    docs = list(iter_documents(path))
    first = process_batch(docs[:2])
    second = process_batch(docs[2:])
    assert first.ok == ["ok"] and set(first.frames) == {"mentions", "places", "events"}
    assert first.frames["events"]["date"].tolist() == ["2015-02-17"]
    reasons = {f["article_id"]: f["reason"] for f in first.failures + second.failures}
    assert "published date" in reasons["c.jsonl:2"]
    assert 'no "text" string' in reasons["c.jsonl:3"]
    assert "expected a JSON object" in reasons["c.jsonl:4"]
    assert gazetteer_opens() == 1


def test_an_overlong_line_is_reported_without_being_held(tmp_path, monkeypatch):
    """The line is skipped in chunks: its document carries the reason, the next line is read."""
    monkeypatch.setattr(inputs, "MAX_LINE_BYTES", 100)
    good = json.dumps({"id": "ok", "text": "Shelling near Mariupol."})
    path = tmp_path / "c.jsonl"
    long = json.dumps({"id": "long", "text": "Kyiv " * 1000})
    path.write_text(long + "\n\n" + good + "\n", encoding="utf-8")
    skipped, ok = iter_documents(path)
    assert skipped.data is None and skipped.error == "line of 5,027 bytes is too large (the limit is 100)"
    assert (ok.id, ok.data) == ("c.jsonl:3", good.encode() + b"\n")
    assert count_documents(path) == 2


HOSTILE_LINES = {
    "5000-digit id": (b'{"id": ' + b"9" * 5000 + b', "text": "Kyiv"}', "an integer of more than 20 digits"),
    "nested": (b"[" * 100_000, "not a JSON object: the line nests deeper than 32 levels"),
    "surrogate id": (rb'{"id": "\ud800", "text": "Kyiv"}', "lone surrogate"),
    "id 1e999": (b'{"id": 1e999, "text": "Kyiv"}', "a number must be finite"),
    "id NaN": (b'{"id": NaN, "text": "Kyiv"}', "NaN is not a JSON number"),
    "id a list": (b'{"id": [1], "text": "Kyiv"}', "the id must be a string of at most 1,000 characters"),
    "id too long": (b'{"id": "' + b"x" * 1001 + b'", "text": "Kyiv"}', "the id must be a string"),
    "published 0001": (b'{"text": "Kyiv", "published": "0001-01-01"}', "0001-01-01 is outside 1800-01-01"),
    "published 2200": (b'{"text": "Kyiv", "published": "2200-01-01"}', "2200-01-01 is outside"),
    "invalid UTF-8": (b'{"text": "Ky\xffiv"}', "not a JSON object: the line is not valid UTF-8 (byte 12)"),
}


def test_hostile_json_lines_are_failures_of_their_own_document(tmp_path):
    """Each hostile line between good ones: a failure naming the limit; every good document done."""
    good = json.dumps({"id": "ok", "text": "Rebels shelled Shyrokyne near Mariupol on Tuesday."}).encode()
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(line for bad, _ in HOSTILE_LINES.values() for line in (good, bad)) + b"\n")
    result = process_batch(list(iter_documents(path)))
    assert result.ok == ["ok"] * len(HOSTILE_LINES)
    reasons = [f["reason"] for f in result.failures]
    assert [f["article_id"] for f in result.failures] == [f"c.jsonl:{2 * i}" for i in range(1, 11)]
    for (name, (_, message)), reason in zip(HOSTILE_LINES.items(), reasons, strict=True):
        assert message in reason, (name, reason)


def test_hostile_metadata_and_file_names_are_failures_of_their_document(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_META_BYTES", 1000)
    metadata = {
        "ok": 'published = "2015-02-18"\n',
        "deep": "a = " + "[" * 40 + "]" * 40 + "\n",
        "digits": "n = " + "9" * 500 + "\n",
        "ancient": "published = 1799-12-31\n",
        "big": 'title = "' + "t" * 2000 + '"\n',
    }
    for name, toml in metadata.items():
        (tmp_path / f"{name}.txt").write_text("Shelling near Mariupol on Tuesday.", encoding="utf-8")
        (tmp_path / f"{name}.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "bad-\udcfe.txt").write_bytes(b"Shelling near Donetsk.")
    result = process_batch(list(iter_documents(tmp_path)))
    assert result.ok == ["ok"]
    reasons = {f["article_id"]: f["reason"] for f in result.failures}
    expected = {
        "ancient": "1799-12-31 is outside 1800-01-01 … 2199-12-31",
        "bad-\\xfe": "the file name is not valid UTF-8",
        "big": "the metadata file 'big.toml' is larger than 1,000 bytes",
        "deep": "metadata TOML nests deeper than 32 levels",
        "digits": "an integer of more than 20 digits is not accepted",
    }
    assert set(reasons) == set(expected)
    assert all(message in reasons[name] for name, message in expected.items()), reasons


def test_a_failure_row_is_always_writable_text():
    """A lone surrogate in an id, origin or reason (no output could hold it) becomes ``?``."""
    document = inputs.RawDocument("id-\ud800", "origin-\udcff", "file", error="reason \udfff")
    (failure,) = process_batch([document]).failures
    assert failure == {"article_id": "id-?", "origin": "origin-?", "reason": "reason ?"}
