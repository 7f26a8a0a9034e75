"""``frontline export``: the seed article to one standalone HTML file, and clear errors for bad input."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from frontline.cli import main
from layers.offline import remote_assets
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def seed_export(seed_dir, tmp_path_factory) -> tuple[str, str]:
    """Export the seed with the defaults (offline); return the HTML and what the command printed."""
    out = tmp_path_factory.mktemp("export") / "map.html"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["export", str(seed_dir), "--out", str(out)])
    assert status == 0, stderr.getvalue()
    return out.read_text(encoding="utf-8"), stdout.getvalue().strip()


def test_offline_is_the_default(seed_export):
    """With no flag the map inlines everything: nothing remote but tiles."""
    html, _printed = seed_export
    assert remote_assets(html) == []
    assert "Country outlines (offline)" in html


def test_export_prints_the_one_file_it_wrote(seed_export, tmp_path):
    """The command prints the path of the file it wrote, and leaves nothing else behind."""
    _html, printed = seed_export
    assert printed.endswith("map.html")
    out = tmp_path / "only.html"
    assert main(["export", str(ROOT / "seeds" / "debaltseve-2015-02-18"), "--out", str(out), "--online"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["only.html"]
    assert any("leaflet" in url for url in remote_assets(out.read_text(encoding="utf-8")))


def test_seed_map_carries_the_seed_layers(seed_export, seed_meta):
    """Every layer of the seed is in the file, with the article's source link in the event popups."""
    html, _printed = seed_export
    for name in ("Places", "Events", "Route", "Front line", "Controlled area"):
        assert "frontline.addFeatures(" in html and f'"{name}"' in html
    assert seed_meta["url"] in html
    assert "Debaltseve" in html and "Luhanske" in html


def test_a_text_file_exports_too(tmp_path):
    """A plain .txt article (no folder, no metadata) is a valid input."""
    article = tmp_path / "note.txt"
    article.write_text("Shelling was reported in Debaltseve and Vuhlehirsk on Tuesday.", encoding="utf-8")
    assert main(["export", str(article), "--out", str(tmp_path / "note.html")]) == 0
    assert (tmp_path / "note.html").stat().st_size > 100_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/article", "--out", "{tmp}/m.html"], "no such article"),
        (["{seed}", "--out", "{tmp}/missing-folder/m.html"], "does not exist"),
        (["{seed}", "--out", "{tmp}"], "is a folder"),
        (["{seed}", "--out", "{tmp}/m.html", "--basemap", "Stamen Toner"], "unknown basemap"),
        (["{empty}", "--out", "{tmp}/m.html"], "empty"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message, tmp_path, seed_dir, capsys):
    """A user's mistake: exit status 2, one line on stderr naming the problem, no file written."""
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    argv = [a.format(tmp=tmp_path, seed=seed_dir, empty=empty) for a in args]
    assert main(["export", *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err.lower()
    assert not (tmp_path / "m.html").exists()


def test_offline_and_online_together_is_a_usage_error(tmp_path, seed_dir, capsys):
    """The two modes exclude each other."""
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(seed_dir), "--out", str(tmp_path / "m.html"), "--offline", "--online"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.slow
def test_the_installed_command_reports_bad_input_without_a_traceback(tmp_path):
    """The real entry point, in a fresh process: exit 2 and one line, never a traceback."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "frontline",
            "export",
            str(tmp_path / "nothing"),
            "--out",
            str(tmp_path / "m.html"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
