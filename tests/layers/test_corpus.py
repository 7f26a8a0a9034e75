"""Corpus mode on a real ``dask.distributed`` cluster: the seed plus short wire reports.

The corpus (``tests/data/corpus/`` + a copy of the seed folder): one report writes "Artemivsk",
another "Bakhmut"; the rebels' shelling of Shyrokyne on Wednesday 18 February 2015 is reported by
two wire articles as well as the seed ("Shirokyne"); one file is not UTF-8 and one is empty.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from layers.corpus import is_corpus_output, load_corpus, read_corpus, run_corpus
from layers.corpus.process import gazetteer_opens
from layers.render import build_map

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data" / "corpus"
SEED_ID = "debaltseve-2015-02-18"
SHYROKYNE, BAKHMUT = 694053, 713174


def make_corpus(root: Path, seed_dir: Path) -> Path:
    """Build the test corpus in ``root/corpus``: the data folder's files and the seed folder."""
    folder = root / "corpus"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("jsonl"))
    shutil.copytree(seed_dir, folder / SEED_ID)
    return folder


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, seed_dir):
    """One run on a 2-worker in-process cluster, one document per task; the opens per worker."""
    root = tmp_path_factory.mktemp("corpus")
    source, out = make_corpus(root, seed_dir), root / "out"
    reports = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            summary = run_corpus(source, out, client=client, batch_size=1, progress=reports.append)
            opens = client.run(gazetteer_opens)
    return summary, out, opens, reports


def test_every_document_is_counted_and_the_bad_ones_reported(corpus_run):
    """Six documents: four done, the non-UTF-8 and the empty file skipped with their reasons."""
    summary, out, _, _ = corpus_run
    assert (summary["documents"], summary["ok"], summary["failed"]) == (6, 4, 2)
    reasons = {f["article_id"]: f["reason"] for f in summary["failures"]}
    assert reasons.keys() == {"broken-encoding", "empty"}
    assert "not valid UTF-8" in reasons["broken-encoding"] and "empty" in reasons["empty"]
    table = pd.read_csv(out / "failures.csv")
    assert sorted(table["article_id"]) == ["broken-encoding", "empty"]
    saved = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert saved["documents"] == 6 and saved["workers"] == 2
    for key in (
        "mentions",
        "places",
        "events_before_merge",
        "events_after_merge",
        "seconds",
        "docs_per_second",
    ):
        assert saved[key] > 0, key
    assert saved["events_after_merge"] < saved["events_before_merge"]


def test_progress_reaches_every_document(corpus_run):
    """Progress reports end with every document done and a positive rate."""
    _, _, _, reports = corpus_run
    assert reports and reports[-1].done == reports[-1].total == 6 and reports[-1].failed == 2
    assert reports[-1].rate > 0


def test_the_gazetteer_opens_once_per_worker_not_per_article(corpus_run):
    """One open per worker that worked, although each of the six documents was its own task."""
    summary, _, opens, _ = corpus_run
    assert len(opens) == 2
    assert sorted(opens.values()) in ([1, 1], [0, 1])  # a worker that got no task never opens it
    assert sum(opens.values()) < summary["documents"]


def test_places_merge_by_gazetteer_id_whatever_the_spelling(corpus_run):
    """Artemivsk and Bakhmut are one place 713174, with the articles counted per spelling."""
    _, out, _, _ = corpus_run
    places = gpd.read_parquet(out / "places.parquet")
    assert places.crs.to_epsg() == 4326 and places["place_id"].is_unique
    bakhmut = places[places["geonameid"] == BAKHMUT]
    assert len(bakhmut) == 1
    row = bakhmut.iloc[0]
    assert set(row["surface_forms"].split("; ")) == {"Artemivsk", "Bakhmut"}
    # Artemivsk: the seed and the morning wire; Bakhmut: the evening report and the retrospective.
    assert row["form_articles"] == "Artemivsk: 2; Bakhmut: 2" and row["n_articles"] == 4
    shyrokyne = places[places["geonameid"] == SHYROKYNE].iloc[0]
    assert set(shyrokyne["surface_forms"].split("; ")) == {"Shirokyne", "Shyrokyne"}


def test_the_shelling_reported_by_three_articles_is_one_event(corpus_run):
    """The shelling of Shyrokyne on 18 February: one event, three sources and quotes, merged counts."""
    _, out, _, _ = corpus_run
    events = gpd.read_parquet(out / "events.parquet")
    assert events.crs.to_epsg() == 4326 and events["event_id"].is_unique
    shelling = events[
        (events["geonameid"] == SHYROKYNE) & (events["sub_event_type"] == "Shelling/artillery/missile attack")
    ]
    assert len(shelling) == 1
    row = shelling.iloc[0]
    assert sorted(row["article_ids"]) == sorted([SEED_ID, "evening-report", "wire-shyrokyne-morning"])
    assert row["n_sources"] == 3 and len(row["quotes"]) == len(row["sources"]) == 3
    assert row["date"] == "2015-02-18" and row["date_precision"] == "day"
    assert row["origin"] == "curated"  # the seed's events.yaml codes it
    # Wounded: the seed and the evening report say two, the morning wire three.
    assert (row["wounded_best"], row["wounded_low"], row["wounded_high"]) == (3, 2, 3)
    assert any("Frontline Test Wire" in s for s in row["sources"])
    assert any("wounding three Ukrainian soldiers" in q for q in row["quotes"])


def test_mentions_keep_every_article_and_span(corpus_run, seed_text):
    """Mentions keep their article id and exact character offsets."""
    _, out, _, _ = corpus_run
    mentions = gpd.read_parquet(out / "mentions.parquet")
    assert set(mentions["article_id"]) == {
        SEED_ID,
        "evening-report",
        "wire-shyrokyne-morning",
        "retrospective-bakhmut",
    }
    seed = mentions[mentions["article_id"] == SEED_ID]
    assert all(seed_text[s:e] == t for s, e, t in zip(seed["start"], seed["end"], seed["text"], strict=True))
    artemivsk = mentions[mentions["text"] == "Artemivsk"]
    assert set(artemivsk["geonameid"]) == {BAKHMUT}


def test_a_corpus_output_opens_as_map_layers(corpus_run):
    """``load_corpus`` gives the renderer's bundle; a merged event's note lists its reports."""
    _, out, _, _ = corpus_run
    assert is_corpus_output(out) and not is_corpus_output(out / "events.parquet")
    layers = load_corpus(out)
    corpus = read_corpus(out)
    assert len(layers.events) == len(corpus.events) and len(layers.places) == len(corpus.places)
    merged = layers.events[layers.events["n_sources"] == 3].iloc[0]
    assert merged["notes"].startswith("Reported by 3 article(s): [1] ")
    assert "Frontline Test Evening Report" in merged["notes"]
    none = load_corpus(out, snapshots=())
    # no bundled line: only the corpus's own weekly estimate, from its control claims
    assert set(none.front_lines.status) <= {"estimated"} and set(none.areas.status) <= {"estimated"}
    assert len(none.events) == len(layers.events)


def test_a_jsonl_corpus_reports_bad_lines_and_repeated_ids(tmp_path):
    """JSON Lines: a cut line, a line without text and a repeated id are failures, not crashes."""
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            summary = run_corpus(
                DATA / "jsonl" / "reports.jsonl", tmp_path / "out", client=client, progress=None
            )
    assert (summary["documents"], summary["ok"], summary["failed"]) == (5, 2, 3)
    reasons = {f["article_id"]: f["reason"] for f in summary["failures"]}
    assert "not a JSON object" in reasons["reports.jsonl:3"]
    assert "text" in reasons["reports.jsonl:4"]
    assert "duplicate" in reasons["jl-1"]
    events = gpd.read_parquet(tmp_path / "out" / "events.parquet")
    shelling = events[events["geonameid"] == SHYROKYNE]
    assert list(shelling["source_published"]) == ["2015-02-19"] and list(shelling["date"]) == ["2015-02-18"]


def test_a_lost_task_fails_its_documents_not_the_run(tmp_path, monkeypatch):
    """A task that dies as a whole (as when a document kills its worker) fails only its documents."""
    import layers.corpus.run as corpus_run_module

    real = corpus_run_module.process_batch

    def crashing(documents, path=None):
        if any(d.id == "reports.jsonl:3" for d in documents):
            raise MemoryError("simulated worker crash")
        return real(documents, path)

    monkeypatch.setattr(corpus_run_module, "process_batch", crashing)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            summary = run_corpus(
                DATA / "jsonl" / "reports.jsonl", tmp_path / "out", client=client, batch_size=2, progress=None
            )
    reasons = {f["article_id"]: f["reason"] for f in summary["failures"]}
    assert (
        reasons["reports.jsonl:3"]
        == reasons["reports.jsonl:4"]
        == "task lost: MemoryError: simulated worker crash"
    )
    assert summary["ok"] == 2 and summary["documents"] == 5


def test_worker_processes_each_open_the_gazetteer_once(tmp_path, seed_dir):
    """Real worker processes (2), one document per task: each worker opens the index at most once."""
    source = make_corpus(tmp_path, seed_dir)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            summary = run_corpus(source, tmp_path / "out", client=client, batch_size=1, progress=None)
            opens = client.run(gazetteer_opens)
            pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2
    assert summary["ok"] == 4 and summary["failed"] == 2
    assert set(opens.values()) <= {0, 1} and sum(opens.values()) >= 1
    events = gpd.read_parquet(tmp_path / "out" / "events.parquet")
    assert (events["n_sources"] == 3).sum() == 1


def test_an_existing_scheduler_is_used_as_it_is_and_keeps_its_gazetteers(tmp_path):
    """``scheduler=ADDRESS``: two runs on a running cluster; its worker opened the index once in all."""
    source = DATA / "jsonl" / "reports.jsonl"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        first = run_corpus(source, tmp_path / "a", scheduler=address, progress=None)
        second = run_corpus(source, tmp_path / "b", scheduler=address, progress=None)
        with Client(address) as client:
            opens = client.run(gazetteer_opens)
            assert len(client.scheduler_info()["workers"]) == 1  # still running: not closed by the runs
    assert first["scheduler"] == second["scheduler"] == address
    assert first["ok"] == second["ok"] == 2
    assert list(opens.values()) == [1]


def test_mentions_spilled_in_parts_read_back_as_one_file(tmp_path, monkeypatch):
    """A corpus larger than one part of mentions: the parts are joined into one GeoParquet file."""
    import layers.corpus.outputs as outputs

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            whole = run_corpus(DATA, tmp_path / "whole", client=client, batch_size=1, progress=None)
            monkeypatch.setattr(outputs, "MENTION_PART_ROWS", 5)
            parts = run_corpus(DATA, tmp_path / "parts", client=client, batch_size=1, progress=None)
    assert parts["mentions"] == whole["mentions"] > 5
    one = gpd.read_parquet(tmp_path / "whole" / "mentions.parquet")
    joined = gpd.read_parquet(tmp_path / "parts" / "mentions.parquet")
    assert joined.crs.to_epsg() == 4326
    key = ["article_id", "start"]
    pd.testing.assert_frame_equal(
        one.sort_values(key, ignore_index=True), joined.sort_values(key, ignore_index=True), check_dtype=False
    )
    assert not (tmp_path / "parts" / ".mentions-parts").exists()


def test_a_corpus_where_every_document_fails_still_writes_readable_outputs(tmp_path):
    """Only broken files: every output is written, empty, and opens as (empty) map layers."""
    source = tmp_path / "broken"
    source.mkdir()
    for name in ("broken-encoding.txt", "empty.txt"):
        shutil.copy(DATA / name, source / name)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            summary = run_corpus(source, tmp_path / "out", client=client, progress=None)
    assert (summary["documents"], summary["ok"], summary["failed"]) == (2, 0, 2)
    assert summary["events_after_merge"] == summary["places"] == summary["mentions"] == 0
    for name in ("events", "mentions", "places"):
        assert gpd.read_parquet(tmp_path / "out" / f"{name}.parquet").empty
    layers = load_corpus(tmp_path / "out")
    assert layers.events.empty and layers.places.empty
    assert {"event_id", "quote", "geometry"} <= set(layers.events.columns)
    assert "<html>" in build_map(layers, offline=False).get_root().render()
