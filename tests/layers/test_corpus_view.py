"""Finding and checking corpus outputs for the dashboard, and its plain tables of one.

The dashboard itself opens a real corpus run (``tests/test_app.py``); here the folders only need
the two files that make a corpus output (``summary.json`` and ``events.parquet``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.errors import InputError
from layers import corpus_view as view
from layers.tables import events_table
from tests.layers.test_render import sample_layers


def _output(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text('{"documents": 1}', encoding="utf-8")
    (folder / "events.parquet").write_bytes(b"")
    return folder


def test_outputs_are_found_in_corpora_and_in_the_environment_folders(tmp_path: Path) -> None:
    """root/corpora's outputs, each $FRONTLINE_CORPORA folder (itself or its subfolders), once each."""
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    war = _output(project / "corpora" / "war-2015")
    (project / "corpora" / "notes").mkdir()  # not an output
    (project / "corpora" / "README.txt").write_text("x", encoding="utf-8")
    direct = _output(elsewhere / "run-a")
    nested = _output(elsewhere / "more" / "run-b")
    env = os.pathsep.join([str(elsewhere), str(direct), str(elsewhere / "more"), str(tmp_path / "missing")])
    assert view.find_corpora(project, env) == sorted([war.resolve(), direct.resolve(), nested.resolve()])
    assert view.find_corpora(tmp_path / "nothing-here", "") == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "give the folder"),
        ("  ", "give the folder"),
        ("missing", "no such folder"),
        ("file.txt", "is a file"),
        ("articles", "is not a corpus output folder"),
    ],
)
def test_a_typed_path_that_is_no_output_says_why(tmp_path: Path, typed: str, message: str) -> None:
    """Each wrong path is an InputError naming what is wrong."""
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    path = str(tmp_path / typed) if typed.strip() else typed
    with pytest.raises(InputError, match=message):
        view.corpus_folder(path)


def test_a_typed_path_may_be_quoted(tmp_path: Path) -> None:
    """A path pasted from a shell, quotes and spaces around it, is accepted."""
    out = _output(tmp_path / "out put")
    assert view.corpus_folder(f"  '{out}'\n") == out
    assert view.corpus_folder(f'"{out}"') == out


def test_the_stamp_changes_when_a_run_rewrites_the_output(tmp_path: Path) -> None:
    """A new summary (a new run) gives a new stamp, so the app does not show stale layers."""
    out = _output(tmp_path / "out")
    before = view.corpus_stamp(out)
    os.utime(out / "summary.json", ns=(before[-1] + 10**9, before[-1] + 10**9))
    assert view.corpus_stamp(out) != before


def test_tables_of_a_corpus(gazetteer, seed_text) -> None:
    """Events gain their article count and sources (lists or numpy arrays); summary and skips read plainly."""
    events = sample_layers(gazetteer, seed_text).events
    merged = events.assign(
        n_sources=pd.array([2, 1, None], dtype="Int64"),
        sources=[
            np.array(["The Guardian, 2015-02-18", "Wire, 2015-02-19"], dtype=object),
            ["The Guardian"],
            None,
        ],
    )
    table = view.corpus_events_table(merged)
    assert list(table.columns) == view.CORPUS_EVENT_COLUMNS
    assert list(table["articles"]) == [2, 1, 1]
    assert list(table["sources"]) == ["The Guardian, 2015-02-18; Wire, 2015-02-19", "The Guardian", ""]
    assert list(table["quote"]) == list(events_table(events)["quote"])
    assert list(view.corpus_events_table(events.iloc[0:0]).columns) == view.CORPUS_EVENT_COLUMNS
    plain = view.corpus_events_table(events)  # an article's events: one source each
    assert list(plain["articles"]) == [1, 1, 1]
    summary = view.summary_table(
        {"documents": 6, "ok": 4, "failed": 2, "events_after_merge": 19, "extra": "x"}
    )
    assert summary.values.tolist() == [
        ["documents", "6"],
        ["articles mapped", "4"],
        ["documents skipped", "2"],
        ["events after merging", "19"],
    ]
    failures = view.failures_table(
        pd.DataFrame({"article_id": ["empty"], "reason": ["the article is empty"]})
    )
    assert failures.values.tolist() == [["empty", "", "the article is empty"]]
    assert view.failures_table(pd.DataFrame()).empty
