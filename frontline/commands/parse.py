"""``frontline parse``: the place names of a text as JSON (see DESIGN.md, "Command line contract").

``frontline parse FILE`` (or ``-`` / nothing for standard input) prints ``{"places": [...]}``.
At most :data:`MAX_INPUT_BYTES` are read (``/dev/zero`` is refused, not read to the end).
``frontline parse --jsonl`` reads JSON Lines ``{"id", "text"}`` on standard input and prints one
line per input line, loading the gazetteer once: ``{"id", "places": [...]}`` for a document, and
``{"id", "line", "error"}`` for a line that cannot be one (not JSON, not UTF-8, empty, nested or
numbered beyond :mod:`geo.limits`, longer than :data:`MAX_LINE_BYTES`, or an unexpected failure);
the run goes on. Every output line is strict JSON. Input must be UTF-8 (a BOM is fine); anything
else is refused with exit status 2 and the byte offset of the first bad byte.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from geo.errors import InputError
from geo.gazetteer import Gazetteer
from geo.geoparser import DEFAULT_MAX_CHARS, geoparse
from geo.limits import bounded_lines, check_id, loads_json, sane_id
from geo.model import Mention
from geo.text import decode_utf8

HELP = "Find and resolve the place names of a text (JSON), or of many texts (--jsonl)."

#: Most bytes read from a file or standard input: :data:`DEFAULT_MAX_CHARS` of up to 4 bytes each.
MAX_INPUT_BYTES = 4 * DEFAULT_MAX_CHARS
#: Longest line of ``--jsonl`` input, in bytes; a longer line is skipped unread and reported.
MAX_LINE_BYTES = 25_000_000
#: Longest string id echoed in the output.


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this command's options."""
    parser.add_argument("file", nargs="?", default="-", help="UTF-8 text file, or - for standard input")
    parser.add_argument(
        "--jsonl", action="store_true", help='read {"id", "text"} lines on stdin, write one line each'
    )
    parser.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="CC",
        help="a country the text is about (ISO code; repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    """Parse the input and print JSON."""
    focus = _country_codes(args.country)
    if args.jsonl:
        if args.file != "-":
            raise InputError("--jsonl reads standard input; do not give a FILE")
        gazetteer = Gazetteer.open()
        for line in jsonl_lines(sys.stdin.buffer, gazetteer, focus):
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        return 0
    if args.file == "-":
        data = read_limited(sys.stdin.buffer, "standard input")
    else:
        data = _read_file(args.file)
    text = decode_utf8(data, args.file if args.file != "-" else "standard input")
    mentions = geoparse(text, Gazetteer.open(), country_focus=focus)
    json.dump({"places": [place_json(m) for m in mentions]}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def place_json(mention: Mention) -> dict:
    """Return the JSON object of one mention (DESIGN.md: start, end, text, name, lat, lon, …)."""
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


def read_limited(stream: IO[bytes], where: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read at most ``limit`` bytes of ``stream``; refuse a longer input after reading ``limit + 1``.

    Raises
    ------
    InputError
        The input holds more than ``limit`` bytes (the message names the limit).
    """
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(_too_large(where, limit))
    return data


def _too_large(where: str, limit: int) -> str:
    return (
        f"{where} is larger than {limit // 1_000_000} MB; frontline parse reads at most "
        f"{DEFAULT_MAX_CHARS:,} characters ({limit:,} bytes)"
    )


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:  # refused unread
                raise InputError(_too_large(path, MAX_INPUT_BYTES))
            return read_limited(handle, path)
    except IsADirectoryError as err:
        raise InputError(f"{path} is a directory, not a text file") from err
    except FileNotFoundError as err:
        raise InputError(f"no such file: {path}") from err


def _country_codes(codes: Sequence[str]) -> list[str]:
    for code in codes:
        if len(code) != 2 or not code.isalpha():
            raise InputError(f"--country takes a two-letter ISO code, not {code!r}")
    return [c.upper() for c in codes]


def jsonl_lines(stream: IO[bytes], gazetteer: Gazetteer, focus: list[str]) -> Iterator[str]:
    """One strict JSON line per input line: the document's places, or that line's error."""
    for number, (raw, size) in enumerate(bounded_lines(stream, MAX_LINE_BYTES), start=1):
        doc_id: Any = None
        try:
            if raw is None:
                raise InputError(f"line {number} is {size:,} bytes, over the limit of {MAX_LINE_BYTES:,}")
            doc = _document(raw, number)
            doc_id = doc.get("id")
            out = {"id": doc_id, "places": [place_json(m) for m in _places(doc, number, gazetteer, focus)]}
        except InputError as err:
            out = _error(doc_id, number, str(err))
        except Exception as err:  # noqa: BLE001 - a bug on one document must not lose the others
            out = _error(doc_id, number, f"line {number}: internal error ({type(err).__name__}); skipped")
        yield _dumps(out, number)


def _document(raw: bytes, number: int) -> dict[str, Any]:
    """Return the JSON object of one line, within the limits, with an id that can be echoed."""
    where = f"line {number}"
    line = decode_utf8(raw, where)
    if not line.strip():
        raise InputError(f"{where} is empty")
    doc = loads_json(line, where)
    if not isinstance(doc, dict):
        raise InputError(f'{where} is not an object with a "text" string')
    check_id(doc.get("id"), where)
    return doc


def _places(doc: dict[str, Any], number: int, gazetteer: Gazetteer, focus: list[str]) -> list[Mention]:
    if not isinstance(doc.get("text"), str):
        raise InputError(f'line {number} is not an object with a "text" string')
    return geoparse(doc["text"], gazetteer, country_focus=focus)


def _error(doc_id: object, number: int, message: str) -> dict[str, Any]:
    return {"id": doc_id if sane_id(doc_id) else None, "line": number, "error": " ".join(message.split())}


def _dumps(out: dict[str, Any], number: int) -> str:
    """Strict JSON (no NaN or Infinity) that encodes as UTF-8; an error object when it cannot be."""
    try:
        line = json.dumps(out, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")
    except (ValueError, TypeError):  # UnicodeEncodeError is a ValueError
        fallback = _error(out.get("id"), number, f"line {number}: the result cannot be written as JSON")
        line = json.dumps(fallback, ensure_ascii=True, allow_nan=False)
    return line
