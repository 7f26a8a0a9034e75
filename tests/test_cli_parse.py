"""``frontline parse``: the JSON contract of DESIGN.md, on the seed article and on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.commands import parse
from geo.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
FIELDS = {
    "start", "end", "text", "name", "lat", "lon", "geonameid", "country", "admin1", "kind", "confidence",
    "metonymic",
}  # fmt: skip


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "frontline", "parse", *args],
        input=stdin, capture_output=True, cwd=ROOT, env=os.environ.copy(), timeout=120,
    )


@pytest.mark.slow
def test_parse_seed_file(seed_dir: Path, seed_text: str, gazetteer) -> None:
    result = _run(str(seed_dir / "article.txt"), "--country", "UA")
    assert result.returncode == 0, result.stderr
    places = json.loads(result.stdout)["places"]
    assert places and all(FIELDS <= set(p) for p in places)
    assert all(seed_text[p["start"] : p["end"]] == p["text"] for p in places)
    shirokyne = next(p for p in places if p["text"] == "Shirokyne")
    assert shirokyne["geonameid"] == 694053 and shirokyne["admin1"] and shirokyne["kind"] == "settlement"


def test_a_site_at_its_town_is_flagged_approximate() -> None:
    result = _run("-", stdin=b"A drone fell near Jamsil Stadium in Seoul and on Royal Street.")
    assert result.returncode == 0, result.stderr
    places = {p["text"]: p for p in json.loads(result.stdout)["places"]}
    assert (places["Jamsil Stadium"]["name"], places["Jamsil Stadium"]["approximate"]) == ("Seoul", True)
    assert places["Seoul"]["approximate"] is False
    assert places["Royal Street"]["lat"] is None and places["Royal Street"]["approximate"] is False


def test_parse_stdin_with_bom() -> None:
    result = _run("-", stdin="\ufeffShelling near Mariupol.".encode())
    assert result.returncode == 0, result.stderr
    (place,) = json.loads(result.stdout)["places"]
    assert place["geonameid"] == 701822 and place["start"] == 14  # offsets in the text without its BOM


@pytest.mark.slow
def test_parse_jsonl_one_line_per_document_and_errors_per_line() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Fighting near Donetsk."}),
        "this is not json",
        json.dumps({"id": "c", "text": 17}),
        json.dumps({"id": "d", "text": ""}),
        json.dumps({"id": 5, "text": "KIEV — Kiev said talks in Minsk had failed."}),
    ]
    result = _run("--jsonl", stdin=("\n".join(lines) + "\n").encode())
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", "d", 5]
    assert [o.get("line") for o in out] == [None, 2, 3, None, None]
    assert out[0]["places"][0]["geonameid"] == 709717
    assert "not JSON" in out[1]["error"] and "text" in out[2]["error"]
    assert out[3]["places"] == []
    assert [p["text"] for p in out[4]["places"]] == ["KIEV", "Kiev", "Minsk"]
    assert out[4]["places"][1]["metonymic"] is True


def test_parse_invalid_utf8_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Kiev \xff\xfe Donetsk")
    result = _run(str(bad))
    assert result.returncode == 2
    expected = f"frontline parse: error: {bad} is not valid UTF-8 (bad byte at offset 5)"
    assert result.stderr.decode().strip() == expected


@pytest.mark.parametrize("args", [["/no/such/file.txt"], ["--country", "Ukraine", "-"], ["/tmp"]])
def test_parse_bad_arguments_exit_2(args: list[str]) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
def test_parse_jsonl_errors_name_their_line_and_every_line_is_strict_json() -> None:
    """An empty line, an infinite id and a lone surrogate each get ``{"id", "line", "error"}``."""
    kyiv = b'"text": "Kyiv"}'
    lines = [b'{"id": 1e999, ' + kyiv, b"", rb'{"id": "\ud800", ' + kyiv, b'{"id": 2, ' + kyiv]
    result = _run("--jsonl", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line, parse_constant=_no_constant) for line in result.stdout.decode().splitlines()]
    assert [(o["id"], o.get("line")) for o in out] == [(None, 1), (None, 2), (None, 3), (2, None)]
    assert "finite" in out[0]["error"] and out[1]["error"] == "line 2 is empty"
    assert "lone surrogate" in out[2]["error"] and out[3]["places"][0]["geonameid"] == 703448


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def test_parse_stdin_of_dev_zero_is_refused_after_the_limit() -> None:
    """Standard input is read to the limit plus one byte, then refused with the limit named."""
    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run(
            [sys.executable, "-m", "frontline", "parse"],
            stdin=zeros,
            capture_output=True,
            cwd=ROOT,
            env=os.environ.copy(),
            timeout=60,
        )
    assert result.returncode == 2
    (line,) = result.stderr.decode().strip().splitlines()
    assert line == (
        "frontline parse: error: standard input is larger than 80 MB; frontline parse reads at most "
        "20,000,000 characters (80,000,000 bytes)"
    )


def test_parse_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: a read of it would take seconds and 80 MB
        handle.truncate(parse.MAX_INPUT_BYTES + 1)
    with pytest.raises(InputError, match="huge.txt is larger than 80 MB"):
        parse._read_file(str(path))


def _lines(stream: bytes, gazetteer) -> list[dict]:
    return [json.loads(line) for line in parse.jsonl_lines(io.BytesIO(stream), gazetteer, [])]


def test_jsonl_an_overlong_line_is_skipped_unread_and_the_next_one_parsed(monkeypatch, gazetteer) -> None:
    monkeypatch.setattr(parse, "MAX_LINE_BYTES", 100)
    stream = b'{"id": "long", "text": "' + b"Kyiv " * 1000 + b'"}\n{"id": "next", "text": "Kyiv"}\n'
    first, second = _lines(stream, gazetteer)
    assert first == {"id": None, "line": 1, "error": "line 1 is 5,027 bytes, over the limit of 100"}
    assert second["id"] == "next" and second["places"][0]["name"] == "Kyiv"


def test_jsonl_an_unexpected_failure_is_that_lines_error(monkeypatch, gazetteer) -> None:
    """A bug on one document (here a RuntimeError) costs that document only, without a traceback."""
    real = parse.geoparse

    def failing(text, *args, **kwargs):
        if text == "boom":
            raise RuntimeError("a bug")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(parse, "geoparse", failing)
    stream = b'{"id": "a", "text": "boom"}\n{"id": "b", "text": "Kyiv"}\n'
    first, second = _lines(stream, gazetteer)
    assert first == {"id": "a", "line": 1, "error": "line 1: internal error (RuntimeError); skipped"}
    assert second["places"][0]["name"] == "Kyiv"


def test_jsonl_a_result_that_is_not_strict_json_becomes_an_error(monkeypatch, gazetteer) -> None:
    """NaN never reaches the output: ``allow_nan=False`` turns it into that line's error."""
    monkeypatch.setattr(parse, "place_json", lambda mention: {"confidence": float("nan")})
    (out,) = _lines(b'{"id": "a", "text": "Kyiv"}\n', gazetteer)
    assert out == {"id": "a", "line": 1, "error": "line 1: the result cannot be written as JSON"}
