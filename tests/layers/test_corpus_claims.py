"""Corpus mode's control claims and weekly or daily estimated lines, on a real ``dask.distributed`` cluster.

The corpus: the seed (Debaltseve to the separatists from 18 February 2015, Luhanske
government-held) and three short reports of March 2015 written here: separatists take Shyrokyne on
3 March beside government-held Mariupol and separatist-held Novoazovsk, Ukrainian forces retake
it on 10 March, Mariupol still government-held on 12 March. The imported line is the fixture
``tests/data/fixture_deepstate-format_naturalearth-ngca.geojson`` (the Natural Earth NGCA).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from distributed import Client, LocalCluster

from layers.corpus import load_corpus, read_corpus
from layers.corpus.inputs import RawDocument
from layers.corpus.run import run_documents
from layers.frames import CLAIM_COLUMNS
from layers.importers import read_snapshots

pytestmark = pytest.mark.slow

SEED_ID = "debaltseve-2015-02-18"
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixture_deepstate-format_naturalearth-ngca.geojson"
SHYROKYNE, MARIUPOL = 694053, 701822
REPORTS = {
    "shyrokyne-falls": (
        "2015-03-03",
        "KYIV, Ukraine (Frontline Test Wire) — On 3 March 2015, Russia-backed separatists captured "
        "Shyrokyne. The government-controlled city of Mariupol braced for an assault, while "
        "separatist-held Novoazovsk stayed quiet.",
    ),
    "shyrokyne-retaken": (
        "2015-03-10",
        "KYIV, Ukraine (Frontline Test Wire) — On 10 March 2015, Ukrainian forces retook Shyrokyne. "
        "The separatist-held town of Novoazovsk was quiet.",
    ),
    "mariupol-calm": (
        "2015-03-12",
        "KYIV, Ukraine (Frontline Test Wire) — The government-controlled city of Mariupol was calm "
        "on Thursday.",
    ),
}


def _json(doc_id: str, published: str, text: str) -> RawDocument:
    record = {"id": doc_id, "text": text, "published": published, "country_focus": ["UA"]}
    return RawDocument(doc_id, f"test:{doc_id}", "json", json.dumps(record))


@pytest.fixture(scope="module")
def client():
    """One in-process worker, shared by the module's runs."""
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as shared:
            yield shared


def _documents(seed_dir) -> list[RawDocument]:
    documents = [RawDocument(SEED_ID, str(seed_dir), "folder")]
    return documents + [_json(i, published, text) for i, (published, text) in REPORTS.items()]


@pytest.fixture(scope="module")
def claims_run(client, seed_dir, tmp_path_factory):
    """The seed and the three reports, one document per task."""
    out = tmp_path_factory.mktemp("claims") / "out"
    documents = _documents(seed_dir)
    summary = run_documents(documents, out, total=len(documents), client=client, batch_size=1, progress=None)
    return summary, out


@pytest.fixture(scope="module")
def daily_run(client, seed_dir, tmp_path_factory):
    """The same corpus, a line per day, measured against the fixture line."""
    out = tmp_path_factory.mktemp("daily") / "out"
    documents = _documents(seed_dir)
    summary = run_documents(
        documents, out, total=len(documents), client=client, progress=None, control_every="day",
        imported=read_snapshots(FIXTURE),
    )  # fmt: skip
    return summary, out


def test_every_documents_claims_are_written_with_its_id(claims_run):
    """claims.parquet: the claims layer's columns, points in EPSG:4326, ``report`` = the document."""
    summary, out = claims_run
    claims = gpd.read_parquet(out / "claims.parquet")
    assert claims.crs.to_epsg() == 4326
    assert list(claims.columns) == [*CLAIM_COLUMNS, "geometry"]
    assert set(claims["report"]) == {SEED_ID, *REPORTS}
    assert summary["claims"] == len(claims) and json.loads((out / "summary.json").read_text())["claims"] > 0
    shyrokyne = claims[claims["geonameid"] == SHYROKYNE].sort_values("date")
    assert list(zip(shyrokyne["date"], shyrokyne["side"], shyrokyne["report"], strict=True)) == [
        ("2015-03-03", "RU", "shyrokyne-falls"),
        ("2015-03-10", "UA", "shyrokyne-retaken"),
    ]
    seed = claims[claims["report"] == SEED_ID]
    assert {"Debaltseve", "Luhanske"} <= set(seed["place"])


def test_a_line_per_week_with_enough_evidence(claims_run):
    """From the week of 18 February (the seed's two sides) to the week of 12 March; labelled."""
    summary, out = claims_run
    lines = gpd.read_parquet(out / "control_lines.parquet")
    assert lines.crs.to_epsg() == 4326
    assert sorted(set(lines["week"])) == ["2015-W08", "2015-W09", "2015-W10", "2015-W11"]
    assert (
        summary["weeks_with_line"] == summary["periods_with_line"] == 4 and summary["control_every"] == "week"
    )
    assert list(lines["period"]) == list(lines["week"]) and set(lines["every"]) == {"week"}
    assert lines["mean_km_to_imported"].isna().all() and set(lines["imported_line"]) == {""}
    assert "km_to_imported" not in summary and not (out / "imported_lines.parquet").exists()
    # the weeks of the seed's earlier claims have one side only: no line, and the summary says why
    assert summary["periods_without_line"] == 2
    assert summary["control_lines"] == (
        "4 of 6 weeks have an estimated line (10 dated claims); none for the others: "
        "1 × claims for one side only ('RU'): no line between sides; "
        "1 × claims for one side only ('UA'): no line between sides"
    )
    assert set(lines["date"]) == {"2015-02-22", "2015-03-01", "2015-03-08", "2015-03-15"}
    for _, week in lines.groupby("week"):
        sides = set(week.loc[week["kind"] == "area", "side"])
        assert (week["kind"] == "line").sum() == 1 and {"UA", "RU"} <= sides
    first = lines[(lines["week"] == "2015-W08") & (lines["kind"] == "line")].iloc[0]
    assert first["label"] == "Estimated line (from 2 claims in 1 report)"
    assert (first["claims"], first["reports"]) == (2, 1)
    march = lines[(lines["week"] == "2015-W11") & (lines["kind"] == "line")].iloc[0]
    assert (march["claims"], march["reports"]) == (5, 3)  # the seed, the retaking, the calm (latest claims)
    assert lines.geometry.is_valid.all() and not lines.geometry.is_empty.any()


def test_shyrokyne_changes_sides_between_weeks(claims_run):
    """Separatist-held in the week of 3 March, government-held in the week of 10 March."""
    _, out = claims_run
    lines = gpd.read_parquet(out / "control_lines.parquet")
    claims = gpd.read_parquet(out / "claims.parquet")
    town = claims[claims["geonameid"] == SHYROKYNE].geometry.iloc[0]
    areas = lines[lines["kind"] == "area"]

    def holder(week: str) -> set[str]:
        held = areas[(areas["week"] == week) & shapely.covers(areas.geometry.values, town)]
        return set(held["side"])

    assert holder("2015-W10") == {"RU"} and holder("2015-W11") == {"UA"}


def test_the_output_opens_with_its_claims_and_lines(claims_run):
    """read_corpus gives claims and weekly lines; load_corpus puts the claims in the bundle."""
    summary, out = claims_run
    corpus = read_corpus(out)
    assert len(corpus.claims) == summary["claims"] and not corpus.control_lines.empty
    layers = load_corpus(out)
    assert len(layers.claims) == summary["claims"] and set(CLAIM_COLUMNS) <= set(layers.claims.columns)


def test_the_weekly_lines_move_with_the_maps_time_control(claims_run):
    """Each week's estimate is a snapshot valid Monday to Sunday, drawn beside the bundled line."""
    from layers.render import build_map, render_html

    _, out = claims_run
    layers = load_corpus(out)
    estimated = layers.front_lines[layers.front_lines.status == "estimated"]
    weeks = read_corpus(out).control_lines
    assert len(estimated) == int((weeks.kind == "line").sum()) >= 2
    for row in estimated.to_dict("records"):
        start, end = dt.date.fromisoformat(row["valid_from"]), dt.date.fromisoformat(row["valid_to"])
        assert (end - start).days == 6 and end.weekday() == 6 and "week 2015-W" in row["name"]
    assert set(layers.areas[layers.areas.status == "estimated"].side) >= {"RU", "UA", "uncertain"}
    html = render_html(build_map(layers))
    assert html.count("Estimated line (from") >= len(estimated)


def test_a_line_per_day_with_its_distance_to_the_imported_line(daily_run):
    """control_every="day": a row per day with two sides, each with its km to the fixture line."""
    summary, out = daily_run
    lines = gpd.read_parquet(out / "control_lines.parquet")
    assert set(lines["every"]) == {"day"} and list(lines["period"]) == list(lines["date"])
    drawn = lines[lines["kind"] == "line"]
    assert summary["control_every"] == "day" and summary["periods_with_line"] == len(drawn) == 26
    assert summary["weeks_with_line"] == 5 and summary["periods_without_line"] == 12
    assert summary["control_lines"].startswith("26 of 38 days have an estimated line (10 dated claims)")
    assert set(drawn["imported_line"]) == {"fixture_deepstate-format_naturalearth-ngca"}
    assert summary["imported_lines"] == ["fixture_deepstate-format_naturalearth-ngca"]
    km = dict(zip(drawn["period"], drawn["mean_km_to_imported"], strict=True))
    assert summary["km_to_imported"] == {day: round(value, 1) for day, value in km.items()}
    assert summary["mean_km_to_imported"] == round(sum(km.values()) / len(km), 1)
    assert round(km["2015-02-18"]) == 11  # the seed's day: the single-article map's figure
    assert km["2015-03-03"] < km["2015-03-02"]  # Shyrokyne and Mariupol: the line meets the coast
    assert json.loads((out / "summary.json").read_text())["km_to_imported"] == summary["km_to_imported"]


def test_the_corpus_map_draws_each_day_beside_the_imported_line(daily_run):
    """Each day's estimate is valid that day, named with its distance; the imported line is drawn too."""
    from frontline.dashboard.corpus_view import control_lines_table
    from layers.render import build_map, render_html

    summary, out = daily_run
    corpus = read_corpus(out)
    assert list(corpus.imported_lines["snapshot_id"]) == ["fixture_deepstate-format_naturalearth-ngca"]
    layers = load_corpus(out)
    estimated = layers.front_lines[layers.front_lines.status == "estimated"]
    assert len(estimated) == summary["periods_with_line"]
    assert (estimated["valid_from"] == estimated["valid_to"]).all()
    assert all(" km from the imported line)" in name for name in estimated["name"])
    assert "fixture_deepstate-format_naturalearth-ngca" in set(layers.areas["snapshot_id"])
    html = render_html(build_map(layers))
    assert "fixture_deepstate-format_naturalearth-ngca" in html and "day 2015-03-10; " in html
    table = control_lines_table(corpus.control_lines)
    assert len(table) == 26 and table["km to imported line"].notna().all()


def test_a_corpus_without_claims_writes_empty_layers_and_older_folders_still_open(client, tmp_path):
    """No claim: empty claims and control lines, zero counts; a folder without them still opens."""
    doc = _json("quiet", "2015-03-03", "KYIV, Ukraine (Frontline Test Wire) — It rained in Kyiv on Tuesday.")
    out = tmp_path / "out"
    summary = run_documents([doc], out, total=1, client=client, progress=None)
    assert summary["ok"] == 1 and (summary["claims"], summary["weeks_with_line"]) == (0, 0)
    assert summary["control_lines"] == "no control claims: no line estimated"
    assert gpd.read_parquet(out / "claims.parquet").empty
    assert gpd.read_parquet(out / "control_lines.parquet").empty
    for name in ("claims.parquet", "control_lines.parquet"):  # as written before they existed
        (out / name).unlink()
    corpus = read_corpus(out)
    assert corpus.claims.empty and corpus.control_lines.empty
    assert {"week", "kind", "label", "geometry"} <= set(corpus.control_lines.columns)
    assert load_corpus(out).claims.empty
