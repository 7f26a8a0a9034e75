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
