"""An on-disk cache of online geocoding answers (SQLite, one row per request).

Only answers are stored — a list of results, empty for "not found" — never errors, so a
service that was down is asked again next time. Each write is one SQLite transaction, so a
crash never leaves half an entry. A damaged file is detected, discarded with a warning and
started afresh; if the cache cannot be used at all, geocoding goes on without it.

>>> cache = GeoCache(Path(tmp) / "geocache.sqlite")          # doctest: +SKIP
>>> cache.put("nominatim|debaltseve", [])                      # doctest: +SKIP
>>> cache.get("nominatim|debaltseve")                          # doctest: +SKIP
[]
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path

__all__ = ["GeoCache"]

_log = logging.getLogger("frontline.geocache")
_SCHEMA = "CREATE TABLE IF NOT EXISTS answers(key TEXT PRIMARY KEY, value TEXT NOT NULL, saved REAL NOT NULL)"


class GeoCache:
    """A persistent ``key -> list of result records`` map; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = None
        self._disabled = False

    def __repr__(self) -> str:
        return f"GeoCache({str(self.path)!r})"

    def get(self, key: str) -> list[dict] | None:
        """Return the stored answer for ``key`` (``[]`` = "not found"), or None on a miss."""
        rows = self._run("SELECT value FROM answers WHERE key = ?", (key,))
        if not rows:
            return None
        try:
            value = json.loads(rows[0][0])
        except ValueError:
            value = None
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            _log.warning("geocoding cache %s: discarding an unreadable entry", self.path)
            self._run("DELETE FROM answers WHERE key = ?", (key,))
            return None
        return value

    def put(self, key: str, value: list[dict]) -> None:
        """Store an answer (a JSON-serialisable list of records)."""
        try:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError) as err:
            _log.warning("geocoding cache %s: not storing an answer that is not JSON (%s)", self.path, err)
            return
        self._run("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (key, text, time.time()))

    def __len__(self) -> int:
        rows = self._run("SELECT count(*) FROM answers")
        return rows[0][0] if rows else 0

    def close(self) -> None:
        """Close the database connection (it reopens on next use)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    # -- internals -----------------------------------------------------------------------------

    def _run(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            for attempt in (1, 2):
                if self._disabled:
                    return []
                try:
                    con = self._connect()
                    with con:  # one transaction: committed whole or rolled back
                        return con.execute(sql, params).fetchall()
                except sqlite3.DatabaseError as err:
                    if attempt == 1 and _is_damage(err):
                        self._discard(err)
                        continue
                    self._disable(err)
                except OSError as err:
                    self._disable(err)
            return []

    def _connect(self) -> sqlite3.Connection:
        if self._con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            try:
                con.execute(_SCHEMA)
                con.execute(
                    "SELECT key, value, saved FROM answers LIMIT 1"
                ).fetchall()  # the schema we expect
            except sqlite3.Error:
                con.close()
                raise
            self._con = con
        return self._con

    def _discard(self, err: Exception) -> None:
        _log.warning("geocoding cache %s is damaged (%s); discarding it", self.path, err)
        if self._con is not None:
            self._con.close()
            self._con = None
        for suffix in ("", "-journal", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    def _disable(self, err: Exception) -> None:
        _log.warning("geocoding cache %s is unusable (%s); going on without it", self.path, err)
        self._disabled = True
        if self._con is not None:
            self._con.close()
            self._con = None


def _is_damage(err: sqlite3.DatabaseError) -> bool:
    """Tell whether an error means the file is not (or no longer) a usable cache database."""
    text = str(err).lower()
    return any(
        s in text for s in ("not a database", "malformed", "no such table", "no such column", "corrupt")
    )
