"""Users' corrections of place resolutions: per session in memory, or shared in a JSON file.

>>> store = CorrectionStore(tmp_path / "corrections.json")          # doctest: +SKIP
>>> store.save("debaltseve-2015-02-18", Correction(120, 128, "Olenivka", "698612"))  # doctest: +SKIP
>>> apply_corrections(mentions, store.get("debaltseve-2015-02-18"), gazetteer)       # doctest: +SKIP

A correction names a mention by its span and surface form and the place the user chose, by its
place id (the GeoNames id, or ``name@lat,lon`` for a place without one, as in ``docs/layers.md``);
an empty place id says "this is not a place". It records when it was saved and who saved it (the
name a visitor gives; empty when nobody was asked).

Two stores have the same interface (``get``, ``all``, ``save``, ``remove``):
:class:`SessionCorrectionStore` keeps one dashboard session's corrections in a mapping (the
default: a visitor's corrections change that visitor's map only), :class:`CorrectionStore` keeps
everyone's in one file, when the operator sets ``FRONTLINE_SHARED_CORRECTIONS=1``
(:func:`shared_corrections`); the file's place is ``$FRONTLINE_CORRECTIONS``.

The file is only ever replaced whole: every change
is a read-merge-write under an exclusive ``fcntl`` lock, written to a temporary file, flushed to
disk and renamed over the old one, so a crash leaves the previous version intact and two sessions
correcting the same article at once both keep their work. A file that is truncated, not JSON, or
fails its checksum is moved aside (``corrections.json.corrupt-…``) and reported, never used.
Files of the first format (``frontline-corrections/1``, no author) are read; writes use the
current one.

>>> author_name("  Ann   Smith ")
'Ann Smith'
>>> shared_corrections("1"), shared_corrections("")
(True, False)
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import CorrectionsError, InputError
from geo.model import Mention, Place, ReasonCode

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer

__all__ = [
    "Correction",
    "CorrectionStore",
    "CorrectionsError",
    "MAX_AUTHOR_CHARS",
    "SHARED_ENV",
    "SessionCorrectionStore",
    "apply_corrections",
    "author_name",
    "describe_correction",
    "place_key",
    "shared_corrections",
]

#: Environment variable: "1" makes the dashboard's corrections shared by all visitors (in the file).
SHARED_ENV = "FRONTLINE_SHARED_CORRECTIONS"
#: Longest name a visitor may sign a shared correction with.
MAX_AUTHOR_CHARS = 40
_FORMAT = "frontline-corrections/2"
_FILE_NAME = "corrections.json"
_FIELDS = {"start": int, "end": int, "text": str, "place_id": str, "saved_at": str, "author": str}
#: Fields of each format the store reads (the first had no author).
_FORMATS = {
    _FORMAT: _FIELDS,
    "frontline-corrections/1": {k: v for k, v in _FIELDS.items() if k != "author"},
}
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Correction:
    """The place a user chose for one mention (span + surface form); ``place_id=""`` = not a place.

    ``saved_at`` (UTC, ISO 8601) is set by the store that saves it; ``author`` is the name the user
    gave, empty when none was asked for.
    """

    start: int
    end: int
    text: str
    place_id: str
    saved_at: str = ""
    author: str = ""

    @classmethod
    def for_mention(cls, mention: Mention, place: Place | None, author: str = "") -> Correction:
        """Build the correction that resolves ``mention`` to ``place`` (None: not a place)."""
        place_id = "" if place is None else place_key(place)
        return cls(mention.start, mention.end, mention.text, place_id, author=author)

    @property
    def key(self) -> tuple[int, int, str]:
        """The mention this correction applies to: start, end and surface form."""
        return (self.start, self.end, self.text)


def shared_corrections(value: str | None = None) -> bool:
    """Return whether corrections are shared by all visitors: :data:`SHARED_ENV` is 1/true/yes/on.

    ``value`` is the setting's value (``None`` reads the environment).
    """
    value = os.environ.get(SHARED_ENV, "") if value is None else value
    return value.strip().lower() in _TRUE


def author_name(typed: str) -> str:
    """Return the name a visitor signs a shared correction with: white space collapsed, checked.

    Raises
    ------
    InputError
        The name is empty (or only invisible characters), or longer than :data:`MAX_AUTHOR_CHARS`.
    """
    name = "".join(ch for ch in " ".join(typed.split()) if ch.isprintable())
    if not name:
        raise InputError("give your name to save a correction: every visitor sees shared corrections")
    if len(name) > MAX_AUTHOR_CHARS:
        raise InputError(f"a name has at most {MAX_AUTHOR_CHARS} characters")
    return name


def describe_correction(correction: Correction, mentions: Iterable[Mention] = ()) -> str:
    """Say in plain text what a correction does, who saved it and when.

    The chosen place is named from the corrected ``mentions`` (the pipeline's output) when one
    of them is the corrected mention; otherwise its place id is given.

    >>> describe_correction(Correction(4, 12, "Olenivka", "", "2015-02-18T10:00:00Z", "Ann"))
    '“Olenivka” (characters 4–12) → not a place · Ann · 2015-02-18T10:00:00Z'
    """
    place = next((m.place for m in mentions if (m.start, m.end, m.text) == correction.key), None)
    if not correction.place_id:
        target = "not a place"
    elif place is not None and place_key(place) == correction.place_id:
        target = f"{place.name} ({place.admin1 or place.country or place.kind})"
    else:
        target = f"place {correction.place_id}"
    parts = [f"“{correction.text}” (characters {correction.start}–{correction.end}) → {target}"]
    return " · ".join([*parts, *(x for x in (correction.author, correction.saved_at) if x)])


def place_key(place: Place) -> str:
    """Return a place's id as the layers name it: the GeoNames id, else ``name@lat,lon``.

    >>> place_key(Place("Donetsk", 48.023, 37.80224, geonameid=709717))
    '709717'
    >>> place_key(Place("Donbas", 48.0, 38.0, kind="region"))
    'Donbas@48.00000,38.00000'
    """
    if place.geonameid is not None:
        return str(place.geonameid)
    return f"{place.name}@{place.lat:.5f},{place.lon:.5f}"


def apply_corrections(
    mentions: Iterable[Mention], corrections: Iterable[Correction], gazetteer: Gazetteer | None = None
) -> list[Mention]:
    """Return ``mentions`` with the user's corrections applied.

    A correction applies to the mention with the same start, end and surface form. The chosen place
    is taken from the mention's candidates, else (for a GeoNames id) from the gazetteer; the mention
    then has confidence 1.0, the reason "corrected by the user" and the code
    :attr:`~geo.model.ReasonCode.USER_CORRECTION`. A correction whose mention or
    place no longer exists is ignored, so edits to a text never misplace a correction.
    """
    by_key = {c.key: c for c in corrections}
    result = []
    for mention in mentions:
        correction = by_key.get((mention.start, mention.end, mention.text))
        result.append(mention if correction is None else _corrected(mention, correction, gazetteer))
    return result


def _corrected(mention: Mention, correction: Correction, gazetteer: Gazetteer | None) -> Mention:
    if not correction.place_id:
        reasons = ("corrected by the user: not a place", *mention.reasons)
        return replace(
            mention,
            place=None,
            confidence=1.0,
            metonymic=False,
            reasons=reasons,
            reason_codes=_codes(mention),
        )
    place = next((c.place for c in mention.candidates if place_key(c.place) == correction.place_id), None)
    if place is None and mention.place is not None and place_key(mention.place) == correction.place_id:
        place = mention.place
    if place is None and gazetteer is not None and correction.place_id.isdigit():
        place = gazetteer.get(int(correction.place_id))
    if place is None:
        return mention
    reasons = (f"corrected by the user to {place.name} ({correction.place_id})", *mention.reasons)
    return replace(mention, place=place, confidence=1.0, reasons=reasons, reason_codes=_codes(mention))


def _codes(mention: Mention) -> tuple[ReasonCode, ...]:
    """Return the mention's reason codes, the user's correction first."""
    return (ReasonCode.USER_CORRECTION, *mention.reason_codes)


_Change = Callable[[dict[tuple[int, int, str], Correction]], dict[tuple[int, int, str], Correction]]


def _changed(current: Iterable[Correction], change: _Change) -> tuple[Correction, ...]:
    """Apply ``change`` to an article's corrections (by mention key); return them in text order."""
    return tuple(sorted(change({c.key: c for c in current}).values(), key=lambda c: c.key))


def _adding(article_id: str, correction: Correction) -> _Change:
    if not article_id:
        raise CorrectionsError("a correction needs an article id")
    stamped = replace(correction, saved_at=correction.saved_at or _now())
    return lambda current: {**current, stamped.key: stamped}


def _removing(start: int, end: int, text: str) -> _Change:
    return lambda current: {k: v for k, v in current.items() if k != (start, end, text)}


class SessionCorrectionStore:
    """Per-article corrections kept in a mapping, such as one dashboard session's state.

    The same interface as :class:`CorrectionStore`, in memory only: nothing is shared with other
    sessions or kept after the mapping is gone.

    >>> store = SessionCorrectionStore()
    >>> [c.place_id for c in store.save("a", Correction(0, 7, "Donetsk", "709717"))]
    ['709717']
    >>> store.remove("a", 0, 7, "Donetsk"), store.all()
    ((), {})
    """

    def __init__(self, state: MutableMapping[str, tuple[Correction, ...]] | None = None) -> None:
        """Keep the corrections in ``state`` (article id → corrections); a new dict by default."""
        self.state = {} if state is None else state

    def __repr__(self) -> str:
        return f"SessionCorrectionStore({len(self.state)} articles)"

    def get(self, article_id: str) -> tuple[Correction, ...]:
        """Return the article's corrections, in text order (empty when there are none)."""
        return tuple(self.state.get(article_id, ()))

    def all(self) -> dict[str, tuple[Correction, ...]]:
        """Return every article's corrections."""
        return dict(self.state)

    def save(self, article_id: str, correction: Correction) -> tuple[Correction, ...]:
        """Add or replace the correction of one mention; return the article's corrections."""
        return self._update(article_id, _adding(article_id, correction))

    def remove(self, article_id: str, start: int, end: int, text: str) -> tuple[Correction, ...]:
        """Forget the correction of one mention (no error if there is none)."""
        return self._update(article_id, _removing(start, end, text))

    def _update(self, article_id: str, change: _Change) -> tuple[Correction, ...]:
        updated = _changed(self.state.get(article_id, ()), change)
        if updated:
            self.state[article_id] = updated
        else:
            self.state.pop(article_id, None)
        return updated


class CorrectionStore:
    """Per-article corrections in one JSON file, safe across processes and crashes."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Use ``path``, else ``$FRONTLINE_CORRECTIONS``, else ``corrections.json`` in the cache dir."""
        if path is None:
            from geo.gazetteer import default_cache_dir

            path = os.environ.get("FRONTLINE_CORRECTIONS") or default_cache_dir() / _FILE_NAME
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"CorrectionStore({str(self.path)!r})"

    # -- reading -------------------------------------------------------------------------

    def get(self, article_id: str) -> tuple[Correction, ...]:
        """Return the article's corrections, in text order (empty when there are none)."""
        with self._locked():
            return self._read().get(article_id, ())

    def all(self) -> dict[str, tuple[Correction, ...]]:
        """Return every article's corrections."""
        with self._locked():
            return self._read()

    # -- writing -------------------------------------------------------------------------

    def save(self, article_id: str, correction: Correction) -> tuple[Correction, ...]:
        """Add or replace the correction of one mention; return the article's corrections."""
        return self._update(article_id, _adding(article_id, correction))

    def remove(self, article_id: str, start: int, end: int, text: str) -> tuple[Correction, ...]:
        """Forget the correction of one mention (no error if there is none)."""
        return self._update(article_id, _removing(start, end, text))

    def _update(self, article_id: str, change: _Change) -> tuple[Correction, ...]:
        with self._locked():  # read-merge-write: nobody can write between our read and our rename
            data = self._read()
            updated = _changed(data.get(article_id, ()), change)
            if updated:
                data[article_id] = updated
            else:
                data.pop(article_id, None)
            self._write(data)
            return updated

    # -- the file ------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an exclusive lock on a side file (the data file itself is replaced, not edited)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_name(self.path.name + ".lock"), "a")
        except OSError as err:
            raise CorrectionsError(f"cannot use the corrections file {self.path}: {err}") from err
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self) -> dict[str, tuple[Correction, ...]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as err:
            raise CorrectionsError(f"cannot read the corrections file {self.path}: {err}") from err
        try:
            return _decode(raw)
        except ValueError as err:
            raise self._quarantine(str(err)) from err

    def _quarantine(self, reason: str) -> CorrectionsError:
        """Move the corrupt file aside and return the error that reports it."""
        stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError as err:
            raise CorrectionsError(
                f"the corrections file {self.path} is corrupt ({reason}) and cannot be moved aside: {err}"
            ) from err
        return CorrectionsError(
            f"the corrections file {self.path} was corrupt ({reason}); it was moved aside to {aside} "
            "and is not used. New corrections start from an empty file.",
            quarantined=aside,
        )

    def _write(self, data: dict[str, Sequence[Correction]]) -> None:
        payload = _encode(data)
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)  # left by a writer that died holding the lock we now hold
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException as err:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(err, OSError):
                raise CorrectionsError(f"cannot write the corrections file {self.path}: {err}") from err
            raise
        _fsync_dir(self.path.parent)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (POSIX: the directory entry lives in the directory)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems refuse to open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _checksum(articles: object) -> str:
    canonical = json.dumps(articles, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _encode(data: dict[str, Sequence[Correction]]) -> bytes:
    articles = {aid: [asdict(c) for c in corrections] for aid, corrections in sorted(data.items())}
    document = {"format": _FORMAT, "sha256": _checksum(articles), "articles": articles}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _decode(raw: bytes) -> dict[str, tuple[Correction, ...]]:
    """Parse and verify the file; any defect raises ValueError with the reason."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"not valid JSON: {err}") from err
    fields = _FORMATS.get(document.get("format")) if isinstance(document, dict) else None
    if fields is None:
        raise ValueError(f"not a {_FORMAT} document")
    articles = document.get("articles")
    if not isinstance(articles, dict):
        raise ValueError("no 'articles' object")
    if document.get("sha256") != _checksum(articles):
        raise ValueError("checksum mismatch")
    result = {}
    for article_id, items in articles.items():
        if not isinstance(items, list):
            raise ValueError(f"article {article_id!r}: corrections are not a list")
        result[article_id] = tuple(_correction(article_id, item, fields) for item in items)
    return result


def _correction(article_id: str, item: object, fields: dict[str, type]) -> Correction:
    if not isinstance(item, dict) or set(item) != set(fields):
        raise ValueError(f"article {article_id!r}: malformed correction {item!r:.80}")
    for name, kind in fields.items():
        if not isinstance(item[name], kind) or (kind is int and isinstance(item[name], bool)):
            raise ValueError(f"article {article_id!r}: field {name!r} is not {kind.__name__}")
    return Correction(**item)
