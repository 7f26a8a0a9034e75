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

from frontline.dashboard import corpus_view as view
from frontline.dashboard.tables import events_table
from geo.errors import InputError
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


def test_data_roots_are_seeds_corpora_and_the_operators_folders(tmp_path: Path) -> None:
    env = os.pathsep.join([str(tmp_path / "a"), " ", "~/runs"])
    assert view.data_roots(tmp_path / "p", env) == (
        tmp_path / "p" / "seeds",
        tmp_path / "p" / "corpora",
        tmp_path / "a",
        Path("~/runs").expanduser(),
    )


@pytest.fixture()
def roots(tmp_path: Path) -> tuple[Path, ...]:
    """A project (seeds/, corpora/ with one output) and an operator's folder, beside other folders."""
    project = tmp_path / "project"
    (project / "seeds" / "an-article").mkdir(parents=True)
    _output(project / "corpora" / "war-2015")
    (project / "corpora" / "notes.txt").write_text("x", encoding="utf-8")
    (project / "corpora" / "articles").mkdir()
    _output(tmp_path / "operator" / "run-a")
    _output(tmp_path / "private" / "run-b")  # an output, but in no data root
    (tmp_path / "private" / "secret.txt").write_text("x", encoding="utf-8")
    return view.data_roots(project, str(tmp_path / "operator"))


def test_an_output_inside_the_roots_opens_typed_in_any_form(tmp_path: Path, roots) -> None:
    """Absolute, relative to the base, quoted, with a harmless ``..``: the output's real path."""
    project = tmp_path / "project"
    war = (project / "corpora" / "war-2015").resolve()
    assert view.corpus_folder(str(war), roots) == war
    assert view.corpus_folder("corpora/war-2015", roots, base=project) == war
    assert view.corpus_folder(f"  '{war}'\n", roots) == war
    assert view.corpus_folder(f"{project}/corpora/articles/../war-2015", roots) == war
    run_a = tmp_path / "operator" / "run-a"
    assert view.corpus_folder(f'"{run_a}"', roots) == run_a.resolve()
    # A symlink that stays inside the roots is followed.
    (project / "corpora" / "latest").symlink_to(war)
    assert view.corpus_folder(str(project / "corpora" / "latest"), roots) == war


def _probes(tmp_path: Path) -> list[str]:
    """Paths that must all be refused with the same words: outside, escaping, missing, not outputs."""
    project = tmp_path / "project"
    (project / "corpora" / "out-link").symlink_to(tmp_path / "private" / "run-b")  # an output, outside
    (project / "corpora" / "shadow-link").symlink_to("/etc/shadow")
    (project / "corpora" / "loop").symlink_to(project / "corpora" / "loop")
    return [
        "/etc/shadow",  # a file outside (whether or not it exists on this machine)
        "/etc",  # a folder outside
        "/",
        "../../etc",  # relative, climbing out of the base
        "corpora/../../private/run-b",  # an output, reached by climbing out of a root
        str(project / "corpora" / ".." / ".." / "private" / "run-b"),
        str(tmp_path / "private" / "run-b"),  # an output outside every root
        str(tmp_path / "private" / "secret.txt"),  # an existing file outside
        str(tmp_path / "private" / "no-such-thing"),  # missing, outside
        str(project / "corpora" / "out-link"),  # a symlink out of a root to an output
        str(project / "corpora" / "shadow-link"),  # a symlink out of a root to a file
        str(project / "corpora" / "loop"),  # a symlink loop inside a root
        str(project / "corpora" / "no-such-run"),  # missing, inside
        str(project / "corpora" / "notes.txt"),  # a file inside
        str(project / "corpora" / "articles"),  # a folder inside that is no output
        str(project / "seeds" / "an-article"),  # a seed is a data folder, not a corpus output
        str(project),  # a parent of the roots
        "~root/.ssh",
        "~no-such-user-here/x",
        "corpora/war-2015\x00/etc/passwd",  # a NUL byte
        "x" * 5000,  # a name too long for the system
        "\\\\server\\share",
    ]


def test_every_path_that_is_no_output_inside_the_roots_gets_the_same_words(tmp_path: Path, roots) -> None:
    """Nothing in the message tells whether a path exists, is a file or a folder, or is an output."""
    messages = set()
    for typed in _probes(tmp_path):
        with pytest.raises(InputError) as caught:
            view.corpus_folder(typed, roots, base=tmp_path / "project")
        messages.add(str(caught.value))
    assert messages == {view.NOT_AN_OUTPUT}
    assert view.NOT_AN_OUTPUT.startswith("not a corpus output under the dashboard's data folders")


def test_a_path_outside_the_roots_is_refused_without_looking_at_it(
    tmp_path: Path, roots, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``..`` is removed as text first: a path outside the roots is never stat-ed or resolved."""
    looked: list[str] = []
    real_stat = os.stat

    def _stat(path, *args, **kwargs):
        looked.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", _stat)
    monkeypatch.setattr(os, "lstat", _stat)
    for typed in ("/etc/shadow", "../../etc", str(tmp_path / "private" / "secret.txt")):
        looked.clear()
        with pytest.raises(InputError):
            view.corpus_folder(typed, roots, base=tmp_path / "project")
        assert not [p for p in looked if "etc" in p or "private" in p], looked


@pytest.mark.parametrize("typed", ["", "  ", "'  '"])
def test_nothing_typed_is_a_prompt(typed: str, roots) -> None:
    with pytest.raises(InputError, match="give the folder"):
        view.corpus_folder(typed, roots)


def test_found_outputs_leave_out_symlinks_leading_out_of_the_roots(tmp_path: Path, roots) -> None:
    """What the sidebar lists is what a typed path may open."""
    project = tmp_path / "project"
    (project / "corpora" / "out-link").symlink_to(tmp_path / "private" / "run-b")
    found = view.find_corpora(project, str(tmp_path / "operator"))
    assert found == sorted([(project / "corpora" / "war-2015").resolve(), (tmp_path / "operator" / "run-a")])
    assert [view.corpus_folder(str(p), roots) for p in found] == found


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


def test_the_estimated_line_of_each_period_with_its_distance_to_the_imported_line(
    gazetteer, seed_dir
) -> None:
    """control_lines.parquet's line rows, by date: evidence and km from the imported line (the fixture)."""
    from layers.article import load_article
    from layers.claims import extract_claims
    from layers.control_lines import compare_lines, control_lines_frame, period_lines
    from layers.importers import read_snapshots

    fixture = (
        Path(__file__).resolve().parents[1] / "data" / "fixture_deepstate-format_naturalearth-ngca.geojson"
    )
    claims = extract_claims(load_article(seed_dir), gazetteer)
    frame = control_lines_frame(compare_lines(period_lines(claims, every="day"), read_snapshots(fixture)))
    table = view.control_lines_table(frame.iloc[::-1])  # any order in, date order out
    assert list(table.columns) == view.CONTROL_LINE_TABLE_COLUMNS
    assert len(table) == int((frame["kind"] == "line").sum()) > 0
    assert list(table["date"]) == sorted(table["date"]) and list(table["period"]) == list(table["date"])
    seed_day = table[table["date"] == "2015-02-18"].iloc[0]
    assert (seed_day["claims"], seed_day["reports"], round(seed_day["km to imported line"])) == (2, 1, 11)
    assert set(table["imported line"]) == {fixture.stem}
    # without an imported line the km are empty; an older folder's rows (weeks only) still read
    plain = control_lines_frame(period_lines(claims))
    older = view.control_lines_table(
        plain.drop(columns=["period", "every", "mean_km_to_imported", "imported_line"])
    )
    assert list(older["period"]) == ["2015-W08"] and older["km to imported line"].isna().all()
    assert list(older["imported line"]) == [""]
    assert view.control_lines_table(plain.iloc[0:0]).empty and view.control_lines_table(pd.DataFrame()).empty
