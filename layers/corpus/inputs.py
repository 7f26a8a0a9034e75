"""Reading a corpus lazily: a folder of articles or a JSON Lines file, one raw document at a time.

The client only reads bytes and lines; decoding, metadata parsing and everything that can fail on
a bad document happens on the workers (:mod:`layers.corpus.process`), where a failure is reported
for that document alone. Nothing here holds more than one document at a time.

A folder may hold ``.txt``/``.html`` files (with an optional ``<name>.toml`` beside each, the keys
of ``seeds/*/article.toml``) and article folders (``article.txt`` + ``article.toml`` and perhaps a
curated ``events.yaml``); other folders are searched recursively, other files ignored. A JSON Lines
file holds one object per line: ``id``, ``text``, ``published``, ``url`` and optionally ``title``,
``outlet``, ``language``, ``country_focus``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError
from layers.article import MAX_ARTICLE_BYTES

__all__ = ["JSONL_SUFFIXES", "TEXT_SUFFIXES", "RawDocument", "count_documents", "iter_documents"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
_ARTICLE_TEXT = "article.txt"


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
            total = sum(1 for line in lines if line.strip())
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
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            origin = f"{path.name}:{number}"
            if len(raw) > 2 * MAX_ARTICLE_BYTES:  # text is checked exactly after decoding
                yield RawDocument(origin, origin, "json", error=f"line of {len(raw):,} bytes is too large")
            else:
                yield RawDocument(origin, origin, "json", data=raw)


def _folder(root: Path, folder: Path, *, read: bool = True) -> Iterator[RawDocument]:
    if folder == root and (folder / _ARTICLE_TEXT).is_file():  # one article folder: a corpus of one
        yield RawDocument(folder.name, str(folder), "folder")
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        yield RawDocument(_relative(root, folder), str(folder), "folder", error=f"unreadable folder: {err}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir():
            if (path / _ARTICLE_TEXT).is_file():
                yield RawDocument(_relative(root, path), str(path), "folder")
            else:
                yield from _folder(root, path, read=read)
        elif entry.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            yield _file(root, path) if read else RawDocument(_relative(root, path), str(path), "file")


def _file(root: Path, path: Path) -> RawDocument:
    doc_id, suffix = _relative(root, path.with_suffix("")), path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{size / 1e6:.1f} MB; articles are limited to {MAX_ARTICLE_BYTES // 1_000_000} MB"
            )
        meta_path = path.with_suffix(".toml")
        meta = meta_path.read_bytes().decode("utf-8", "replace") if meta_path.is_file() else ""
        return RawDocument(doc_id, str(path), "file", data=path.read_bytes(), meta=meta, suffix=suffix)
    except (OSError, InputError) as err:
        return RawDocument(doc_id, str(path), "file", suffix=suffix, error=str(err))


def _relative(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return relative if relative != "." else path.name
