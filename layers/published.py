"""An article's publication date from its own metadata: ``article.toml``, HTML, URL or wire dateline.

Used when the user gives no date (a date the user gives, such as the dashboard's date picker, always
wins). The sources, most trusted first:

1. ``article.toml``'s ``published`` (read by :func:`layers.article.load_article`);
2. the HTML's metadata: ``<meta property="article:published_time">`` and its kin
   (``og:published_time``, ``name="date"``, Dublin Core, ``itemprop="datePublished"``), JSON-LD
   ``datePublished``, then the first ``<time datetime>``;
3. the URL's path (``/2015/feb/18/``, ``/2015/02/18/``, ``/20150218/``, a slug's ``-2023-12-08/``);
4. a wire dateline opening the text ("KIEV, Feb 18 (Reuters) -", "MOSCOW, March 3 (AP) —"): its
   day and month, with the year it gives or the URL's year, never a guessed one.

Only the text is read: nothing is fetched and nothing is executed. A date outside
:data:`~geo.limits.EARLIEST_DATE` … :data:`~geo.limits.LATEST_DATE`, or impossible, is no date.

>>> published_from_html('<meta property="article:published_time" content="2015-02-18T09:36:00Z">')
datetime.date(2015, 2, 18)
>>> published_from_url("https://www.theguardian.com/world/2015/feb/18/ukraine-debaltseve")
datetime.date(2015, 2, 18)
>>> published_from_text("KIEV, Feb 18 (Reuters) - Ukrainian troops pulled out.", "https://x.org/2015/02/")
datetime.date(2015, 2, 18)
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from itertools import chain

from geo.errors import InputError
from geo.limits import EARLIEST_DATE, LATEST_DATE, loads_json
from layers.dateline import MONTHS, read_dateline
from layers.dates import dates_in

__all__ = ["find_published", "published_from_html", "published_from_text", "published_from_url"]

# Meta names and properties that carry the publication (not the modification) date, most trusted first.
_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "pubdate",
    "pdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
)
_ISO_START = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")
_COMPACT = re.compile(r"\s*((?:18|19|20|21)\d\d)(\d\d)(\d\d)(?:\s*$|T)")
_URL_DATE = re.compile(
    r"[/_-]((?:18|19|20|21)\d\d)[/_-]"
    r"(?:(\d{1,2})|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)"
    r"[/_-](\d{1,2})(?=[/_.-]|$)"
    r"|[/_-]((?:18|19|20|21)\d\d)(\d{2})(\d{2})(?=[/_.-]|$)",
    re.IGNORECASE,
)
_URL_YEAR = re.compile(r"/((?:18|19|20|21)\d\d)(?=[/_-]|$)")
_LD_JSON_LIMIT = 200_000  # characters of one JSON-LD block read (a page's is a few KB)


def find_published(text: str = "", *, html: str = "", url: str = "") -> dt.date | None:
    """Return the publication date from an article's HTML, URL or dateline, most trusted first.

    >>> find_published("MOSCOW, March 3 (AP) — Drones hit a depot.", url="https://apnews.com/2023/03/03/x")
    datetime.date(2023, 3, 3)
    """
    return (
        (published_from_html(html) if html else None)
        or published_from_url(url)
        or published_from_text(text, url)
    )


def published_from_html(html: str) -> dt.date | None:
    """Return the publication date an HTML page declares in its metadata, or None.

    Meta tags first (:data:`_META_KEYS`), then JSON-LD ``datePublished``, then the first
    ``<time datetime>`` (one marked ``pubdate`` or ``itemprop="datePublished"`` before others);
    ``<link rel="canonical">`` and ``og:url`` give a URL to read when nothing else does.
    """
    reader = _MetaReader()
    try:
        reader.feed(html)
        reader.close()
    except (AssertionError, ValueError):  # html.parser on malformed declarations
        pass
    found = chain(
        (_iso_day(value) for key in _META_KEYS for value in reader.meta.get(key, ())),
        map(_json_ld_date, reader.json_ld),
        (_iso_day(value) for _, value in sorted(reader.times, key=lambda t: not t[0])),
        map(published_from_url, reader.urls),
    )  # most trusted first, read lazily: the first date found wins
    return next((day for day in found if day is not None), None)


def published_from_url(url: str) -> dt.date | None:
    """Return the date in a URL's path (``/2015/feb/18/``, ``/2015/02/18/``, ``/20150218/``), or None."""
    for match in _URL_DATE.finditer(str(url or "")[:2000]):
        if match.group(1):
            year, day = int(match.group(1)), int(match.group(4))
            month = int(match.group(2)) if match.group(2) else MONTHS.index(match.group(3)[:3].lower()) + 1
        else:
            year, month, day = (int(g) for g in match.group(5, 6, 7))
        found = _day(year, month, day)
        if found is not None:
            return found
    return None


def published_from_text(text: str, url: str = "") -> dt.date | None:
    """Return the date of a wire dateline opening ``text`` ("KIEV, Feb 18 (Reuters) -"), or None.

    The year is the dateline's own, else the URL's; without either there is no date.
    """
    line = read_dateline(text)
    if line is None or line.month is None or line.day is None:
        return None
    year = line.year
    if year is None:
        in_url = _URL_YEAR.search(str(url or "")[:2000])
        if in_url is None:
            return None
        year = int(in_url.group(1))
    return _day(year, line.month, line.day)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    return found if EARLIEST_DATE <= found <= LATEST_DATE else None


def _iso_day(value: object) -> dt.date | None:
    """Return the day of a metadata date, in the writer's time zone, or None.

    ISO dates and date-times ("2015-02-18T09:36:00Z"), compact ones ("20150218") and dates in
    words with their year ("February 18, 2015", "Wed, 18 Feb 2015 17:58:01 GMT").
    """
    if not isinstance(value, str):
        return None
    value = value[:64]
    match = _ISO_START.match(value) or _COMPACT.match(value)
    if match is not None:
        return _day(*(int(g) for g in match.groups()))
    days = [m.span.date for m in dates_in(value, None) if m.span.precision == "day"]
    return days[0] if days else None


def _json_ld_date(block: str) -> dt.date | None:
    """``datePublished`` from a JSON-LD block (an object, a list or an ``@graph``), or None."""
    if len(block) > _LD_JSON_LIMIT:
        return None
    try:
        data = loads_json(block, "JSON-LD")
    except (InputError, ValueError):
        return None
    todo = [data]
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            day = _iso_day(item.get("datePublished")) or _iso_day(item.get("dateCreated"))
            if day is not None:
                return day
            todo.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))
    return None


class _MetaReader(HTMLParser):
    """Collects meta tags, JSON-LD blocks, ``<time datetime>`` values and canonical URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self.times: list[tuple[bool, str]] = []
        self.urls: list[str] = []
        self._in_ld = False
        self._ld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key in _META_KEYS:
                self.meta.setdefault(key, []).append(values.get("content", ""))
            elif key == "og:url":
                self.urls.append(values.get("content", ""))
        elif tag == "time" and values.get("datetime"):
            marked = "pubdate" in values or values.get("itemprop", "").lower() == "datepublished"
            self.times.append((marked, values["datetime"]))
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.urls.append(values.get("href", ""))
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in_ld, self._ld = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_ld:
            self._in_ld = False
            self.json_ld.append("".join(self._ld))

    def handle_data(self, data: str) -> None:
        if self._in_ld and sum(map(len, self._ld)) <= _LD_JSON_LIMIT:
            self._ld.append(data)
