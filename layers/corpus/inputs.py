"""Reading a corpus lazily: a folder of articles or a JSON Lines file, one raw document at a time.

The client only reads bytes and lines; decoding, metadata parsing and everything that can fail on
a bad document happens on the workers (:mod:`layers.corpus.process`), where a failure is reported
for that document alone. Nothing here holds more than one document at a time.

A folder may hold ``.txt``/``.html`` files (with an optional ``<name>.toml`` beside each, the keys
of ``seeds/*/article.toml``) and article folders (``article.txt`` + ``article.toml`` and perhaps a
curated ``events.yaml``); other folders are searched recursively, other files ignored. A JSON Lines
file holds one object per line: ``id``, ``text``, ``published``, ``url`` and optionally ``title``,
``outlet``, ``language``, ``country_focus``.

Reading is bounded: a JSON line is read at most :data:`MAX_LINE_BYTES` at a time (a longer one is
skipped in chunks and reported, never held whole), a ``.toml`` file at most ``MAX_META_BYTES``,
and a file whose name is not UTF-8 becomes a reported failure instead of an id no output can hold.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError
from geo.limits import bounded_lines
from layers.article import MAX_ARTICLE_BYTES, MAX_META_BYTES

__all__ = [
    "JSONL_SUFFIXES",
    "MAX_LINE_BYTES",
    "TEXT_SUFFIXES",
    "RawDocument",
    "count_documents",
    "iter_documents",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
_ARTICLE_TEXT = "article.txt"
#: Longest JSON line, in bytes (its text is checked exactly after decoding).
MAX_LINE_BYTES = 2 * MAX_ARTICLE_BYTES


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read from the input, not yet decoded.

    ``kind`` is ``"file"`` (``data``: the file's bytes, ``meta``: the TOML text beside it),
    ``"folder"`` (an article folder, read by the worker from ``origin``) or ``"json"`` (``data``:
    one JSON line). ``error`` is set when the document could not even be read.
    """

    id: str
    origin: str
    kind: str
    data: bytes | str | None = None
    meta: str = ""
    suffix: str = ""
    error: str = ""


def iter_documents(source: str | Path, *, limit: int | None = None) -> Iterator[RawDocument]:
    """Yield the documents of a folder or JSON Lines file, in a stable order, at most ``limit``.

    Raises
    ------
    InputError
        ``source`` is missing, or neither a folder nor a JSON Lines file.
    """
    path = _checked(source)
    documents = _jsonl(path) if path.is_file() else _folder(path, path)
    for count, document in enumerate(documents):
        if limit is not None and count >= limit:
            return
        yield document


def count_documents(source: str | Path, *, limit: int | None = None) -> int:
    """Count the documents of ``source`` without decoding them (a fast pass for progress)."""
    path = _checked(source)
    total = 0
    if path.is_file():
        with path.open("rb") as lines:
            total = sum(1 for line, _ in bounded_lines(lines, MAX_LINE_BYTES) if line is None or line.strip())
    else:
        total = sum(1 for _ in _folder(path, path, read=False))
    return total if limit is None else min(total, limit)


def _checked(source: str | Path) -> Path:
    path = Path(source)
    if path.is_dir():
        return path
    if path.is_file():
        if path.suffix.lower() not in JSONL_SUFFIXES:
            raise InputError(f"{path}: a corpus is a folder of articles or a .jsonl file")
        return path
    raise InputError(f"no such corpus: {path}")


def _jsonl(path: Path) -> Iterator[RawDocument]:
    name = _printable(path.name)
    with path.open("rb") as lines:
        for number, (raw, size) in enumerate(bounded_lines(lines, MAX_LINE_BYTES), 1):
            if raw is not None and not raw.strip():
                continue
            origin = f"{name}:{number}"
            if raw is None:
                error = f"line of {size:,} bytes is too large (the limit is {MAX_LINE_BYTES:,})"
                yield RawDocument(origin, origin, "json", error=error)
            else:
                yield RawDocument(origin, origin, "json", data=raw)


def _folder(root: Path, folder: Path, *, read: bool = True) -> Iterator[RawDocument]:
    if folder == root and (folder / _ARTICLE_TEXT).is_file():  # one article folder: a corpus of one
        yield RawDocument(_printable(folder.name), str(folder), "folder")
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        error = _printable(f"unreadable folder: {err}")
        yield RawDocument(_printable(_relative(root, folder)), str(folder), "folder", error=error)
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir() and not (path / _ARTICLE_TEXT).is_file():
            yield from _folder(root, path, read=read)
        elif entry.is_dir():
            yield _document(root, path, "folder", read=False)
        elif entry.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            yield _document(root, path, "file", read=read)


def _document(root: Path, path: Path, kind: str, *, read: bool) -> RawDocument:
    """Return the document of an article folder or file; a failed one when its name is not UTF-8."""
    doc_id = _relative(root, path.with_suffix("") if kind == "file" else path)
    suffix = path.suffix.lower() if kind == "file" else ""
    if _printable(doc_id) != doc_id:  # no output could hold the id
        error = "the file name is not valid UTF-8"
        return RawDocument(_printable(doc_id), str(path), kind, suffix=suffix, error=error)
    return _file(path, doc_id) if read else RawDocument(doc_id, str(path), kind, suffix=suffix)


def _printable(name: str) -> str:
    r"""Return ``name`` with the bytes of an undecodable file name as ``\xNN`` escapes."""
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that no file name decoding makes
        return name.encode("utf-8", "replace").decode("utf-8")


def _file(path: Path, doc_id: str) -> RawDocument:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{size / 1e6:.1f} MB; articles are limited to {MAX_ARTICLE_BYTES // 1_000_000} MB"
            )
        meta_path = path.with_suffix(".toml")
        meta = _read_capped(meta_path, MAX_META_BYTES, "metadata") if meta_path.is_file() else b""
        data = _read_capped(path, MAX_ARTICLE_BYTES, "article")
        text = meta.decode("utf-8", "replace")
        return RawDocument(doc_id, str(path), "file", data=data, meta=text, suffix=suffix)
    except (OSError, InputError) as err:
        return RawDocument(doc_id, str(path), "file", suffix=suffix, error=_printable(str(err)))


def _read_capped(path: Path, limit: int, what: str) -> bytes:
    """Read at most ``limit`` bytes of ``path`` (it may have grown since it was measured)."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"the {what} file {path.name!r} is larger than {limit:,} bytes")
    return data


def _relative(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return relative if relative != "." else path.name
