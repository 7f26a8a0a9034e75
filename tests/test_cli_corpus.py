"""``frontline corpus``: arguments, the summary on stdout, progress on stderr, bad input exits 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from frontline import cli
from layers.corpus import load_corpus
from layers.render import build_map, save_html

DATA = Path(__file__).resolve().parent / "data" / "corpus"
FIXTURE = DATA.parent / "fixture_deepstate-format_naturalearth-ngca.geojson"


@pytest.mark.slow
def test_a_jsonl_corpus_on_one_local_worker(tmp_path, capsys):
    """A real one-process LocalCluster: summary JSON on stdout, progress and skips on stderr."""
    out = tmp_path / "out"
    status = cli.main(["corpus", str(DATA / "jsonl" / "reports.jsonl"), "--out", str(out), "--workers", "1"])
    captured = capsys.readouterr()
    assert status == 0
    summary = json.loads(captured.out)
    assert (summary["documents"], summary["ok"], summary["failed"], summary["workers"]) == (5, 2, 3, 1)
    assert "corpus: 5/5 documents, 3 failed" in captured.err
    assert "3 document(s) skipped" in captured.err
    for name in ("events", "mentions", "places"):
        assert gpd.read_parquet(out / f"{name}.parquet").crs.to_epsg() == 4326


@pytest.mark.slow
def test_limit_and_quiet(tmp_path, capsys):
    """``--limit 2`` reads two documents; ``--quiet`` prints no progress."""
    out = tmp_path / "out"
    args = ["corpus", str(DATA / "jsonl" / "reports.jsonl"), "--out", str(out), "--workers", "1"]
    assert cli.main([*args, "--limit", "2", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["documents"] == 2 and "corpus:" not in captured.err


@pytest.mark.slow
def test_a_corpus_output_draws_as_one_map(tmp_path, capsys):
    """The output opens with ``load_corpus`` and renders with the maps' ``build_map`` unchanged."""
    out = tmp_path / "out"
    assert cli.main(["corpus", str(DATA), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    capsys.readouterr()
    layers = load_corpus(out)
    html = save_html(build_map(layers), tmp_path / "corpus.html").read_text(encoding="utf-8")
    assert "Reported by 2 article(s)" in html  # the morning wire and the evening report
    assert "Frontline Test Evening Report" in html and "Frontline Test Wire" in html
    assert 'alert("this must never run")' not in html
    # `frontline export` recognises a corpus output folder and writes the same map.
    assert cli.main(["export", str(out), "--out", str(tmp_path / "export.html")]) == 0
    exported = (tmp_path / "export.html").read_text(encoding="utf-8")
    assert "Reported by 2 article(s)" in exported and 'alert("this must never run")' not in exported


@pytest.mark.slow
def test_daily_lines_and_an_imported_line_from_the_command_line(tmp_path, capsys, seed_dir):
    """``--control-every day --front-line FILE``: the summary prints each day's km to the imported line.

    The corpus: the seed and the morning wire of 19 February 2015 (Debaltseve fallen, Luhanske held).
    """
    source = tmp_path / "in"
    shutil.copytree(seed_dir, source / seed_dir.name)
    for name in ("wire-shyrokyne-morning.txt", "wire-shyrokyne-morning.toml"):
        shutil.copy(DATA / name, source / name)
    out = tmp_path / "out"
    args = ["corpus", str(source), "--out", str(out), "--workers", "1", "--quiet", "--control-every", "day"]
    assert cli.main([*args, "--front-line", str(FIXTURE)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["control_every"] == "day" and summary["periods_with_line"] > 0
    assert summary["imported_lines"] == [FIXTURE.stem]
    assert list(summary["km_to_imported"]) == sorted(summary["km_to_imported"])
    assert round(summary["km_to_imported"]["2015-02-18"]) == 11  # the seed's day: its own map's figure
    lines = gpd.read_parquet(out / "control_lines.parquet")
    assert (
        set(lines["every"]) == {"day"}
        and lines.loc[lines["kind"] == "line", "mean_km_to_imported"].notna().all()
    )
    assert len(gpd.read_parquet(out / "imported_lines.parquet")) == 1


@pytest.mark.slow
def test_claims_of_one_side_only_give_no_line_and_say_why(tmp_path, capsys):
    """The fixture corpus has one claim (Debaltseve fallen): no line, empty control_lines, the reason."""
    out = tmp_path / "out"
    args = ["corpus", str(DATA), "--out", str(out), "--workers", "1", "--quiet", "--control-every", "day"]
    assert cli.main([*args, "--front-line", str(FIXTURE)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["claims"], summary["periods_with_line"], summary["periods_without_line"]) == (1, 0, 1)
    assert summary["control_lines"] == (
        "0 of 1 days have an estimated line (1 dated claims); "
        "none for the others: 1 × claims for one side only ('RU'): no line between sides"
    )
    assert summary["km_to_imported"] == {} and summary["mean_km_to_imported"] is None
    assert gpd.read_parquet(out / "control_lines.parquet").empty


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-folder"], "no such corpus"),
        ([str(DATA), "--front-line", "missing.geojson"], "no such file"),
        ([str(DATA), "--front-line", str(DATA / "empty.txt")], "expected a .geojson, .json or .kml file"),
        (["README.md"], "a folder of articles or a .jsonl file"),
        ([str(DATA), "--workers", "0"], "--workers must be at least 1"),
        ([str(DATA), "--limit", "-1"], "--limit must not be negative"),
        pytest.param(  # waits for the connection to time out
            [str(DATA), "--scheduler", "tcp://127.0.0.1:9"],
            "cannot reach the Dask scheduler",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message, tmp_path, capsys):
    """Mistakes are one line on stderr and status 2, never a traceback."""
    status = cli.main(["corpus", *args, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--control-every", "month"], "invalid choice: 'month'"),
        (["--front-line-date", "2015-13-01"], "not a date"),
    ],
)
def test_bad_options_are_usage_errors(args, message, tmp_path, capsys):
    """An option argparse refuses: status 2, one line, before any work."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["corpus", str(DATA), "--out", str(tmp_path / "out"), *args])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and not (tmp_path / "out").exists()
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_out_must_not_be_a_file(tmp_path, capsys):
    """``--out`` naming a file is refused before any work."""
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert cli.main(["corpus", str(DATA), "--out", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.slow
def test_hostile_lines_are_skipped_and_the_run_goes_on(tmp_path, capsys):
    """A 5,000-digit id, 100,000 nested brackets and a lone surrogate between good documents."""
    text = "Shelling near Mariupol on Tuesday."
    good = [json.dumps({"id": f"ok-{i}", "text": text}).encode() for i in range(3)]
    bad = [b'{"id": ' + b"9" * 5000 + b', "text": "Kyiv"}', b"[" * 100_000, rb'{"id": "\ud800", "text": "K"}']
    source = tmp_path / "hostile.jsonl"
    source.write_bytes(b"\n".join([good[0], bad[0], good[1], bad[1], bad[2], good[2]]) + b"\n")
    out = tmp_path / "out"
    assert cli.main(["corpus", str(source), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert (summary["documents"], summary["ok"], summary["failed"]) == (6, 3, 3)
    assert captured.err.strip() == f"frontline: 3 document(s) skipped, see {out / 'failures.csv'}"
    failures = pd.read_csv(out / "failures.csv")
    assert failures["article_id"].tolist() == ["hostile.jsonl:2", "hostile.jsonl:4", "hostile.jsonl:5"]
    assert set(gpd.read_parquet(out / "mentions.parquet")["article_id"]) == {"ok-0", "ok-1", "ok-2"}
