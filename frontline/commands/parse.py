"""``frontline parse``: the place names of a text as JSON (see DESIGN.md, "Command line contract").

``frontline parse FILE`` (or ``-`` / nothing for standard input) prints ``{"places": [...]}``.
``frontline parse --jsonl`` reads JSON Lines ``{"id", "text"}`` on standard input and prints one
``{"id", "places": [...]}`` per line, loading the gazetteer once; a bad line gives
``{"id", "error"}`` for that line and the run goes on. Input must be UTF-8 (a BOM is fine);
anything else is refused with exit status 2 and the byte offset of the first bad byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO

from geo.errors import InputError
from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from geo.model import Mention
from geo.text import decode_utf8

HELP = "Find and resolve the place names of a text (JSON), or of many texts (--jsonl)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this command's options."""
    parser.add_argument("file", nargs="?", default="-", help="UTF-8 text file, or - for standard input")
    parser.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines on stdin, write one line each')
    parser.add_argument(
        "--country", action="append", default=[], metavar="CC", help="a country the text is about (ISO code; repeatable)"
    )


def run(args: argparse.Namespace) -> int:
    """Parse the input and print JSON."""
    focus = _country_codes(args.country)
    if args.jsonl:
        if args.file != "-":
            raise InputError("--jsonl reads standard input; do not give a FILE")
        gazetteer = Gazetteer.open()
        for line in _jsonl(sys.stdin.buffer, gazetteer, focus):
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        return 0
    data = sys.stdin.buffer.read() if args.file == "-" else _read_file(args.file)
    text = decode_utf8(data, args.file if args.file != "-" else "standard input")
    mentions = geoparse(text, Gazetteer.open(), country_focus=focus)
    json.dump({"places": [place_json(m) for m in mentions]}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def place_json(mention: Mention) -> dict:
    """The JSON object of one mention (DESIGN.md: start, end, text, name, lat, lon, …)."""
    place = mention.place
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonameid": place.geonameid if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "kind": place.kind if place else None,
        "confidence": mention.confidence,
        "metonymic": mention.metonymic,
        "embedded": mention.embedded,
        "approximate": mention.approximate,
    }


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError as err:
        raise InputError(f"{path} is a directory, not a text file") from err
    except FileNotFoundError as err:
        raise InputError(f"no such file: {path}") from err


def _country_codes(codes: Sequence[str]) -> list[str]:
    for code in codes:
        if len(code) != 2 or not code.isalpha():
            raise InputError(f"--country takes a two-letter ISO code, not {code!r}")
    return [c.upper() for c in codes]


def _jsonl(stream: IO[bytes], gazetteer: Gazetteer, focus: list[str]) -> Iterable[str]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        doc_id = None
        try:
            line = decode_utf8(raw, f"line {number}")
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"line {number} is not JSON: {err.msg}") from err
            if isinstance(doc, dict):
                doc_id = doc.get("id")
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                raise InputError(f'line {number} is not an object with a "text" string')
            mentions = geoparse(doc["text"], gazetteer, country_focus=focus)
            out = {"id": doc_id, "places": [place_json(m) for m in mentions]}
        except InputError as err:
            out = {"id": doc_id, "error": str(err)}
        yield json.dumps(out, ensure_ascii=False)
