"""`frontline events`: the seed's events as GeoJSON, CSV and KML; bad input exits 2 with one line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from defusedxml.ElementTree import fromstring

from frontline.cli import main


def test_geojson_to_stdout(seed_dir, capsys):
    """The seed's curated events as GeoJSON on standard output."""
    assert main(["events", str(seed_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= 14
    assert data["features"][0]["properties"]["origin"] == "curated"


def test_csv_to_file(seed_dir, tmp_path, capsys):
    """--format csv --out writes ACLED-like CSV."""
    out = tmp_path / "events.csv"
    assert main(["events", str(seed_dir), "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["event_id_cnty"] == "deb-01" and rows[0]["event_type"] == "Battles"


def test_kml_and_extracted(seed_dir, capsys):
    """--format kml --extracted writes well-formed KML."""
    assert main(["events", str(seed_dir), "--format", "kml", "--extracted"]) == 0
    root = fromstring(capsys.readouterr().out.encode("utf-8"))
    assert root.tag.endswith("kml")


def test_text_file_is_extracted(tmp_path, capsys):
    """A plain text file gets extracted events."""
    path = tmp_path / "report.txt"
    path.write_text("Separatists shelled Mariupol, wounding two soldiers.", encoding="utf-8")
    assert main(["events", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and rows[0]["origin"] == "extracted"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["events", "/nonexistent/article"], "no such article"),
        (["events", "SEED", "--out", "/nonexistent/dir/x.csv"], "existing folder"),
    ],
)
def test_bad_input(seed_dir, capsys, argv, message):
    """Bad input exits 2 with one line on stderr, no traceback."""
    argv = [str(seed_dir) if a == "SEED" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_events_file(tmp_path, seed_dir, capsys):
    """A malformed events.yaml exits 2 with its reason."""
    (tmp_path / "article.txt").write_text(
        (seed_dir / "article.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "events.yaml").write_text("events:\n  - id: [oops\n", encoding="utf-8")
    assert main(["events", str(tmp_path)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
