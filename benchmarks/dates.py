"""Dates in news text: the hand-written parser (:mod:`layers.dates`) against ``dateparser``.

``python -m benchmarks dates`` scores both on :data:`CASES` (real-news-style sentences, each with
its publication date and the event date a reader takes from it) and measures their speed in
expressions per second. A case is right when the date found first (``dateparser.search_dates``)
or chosen (:func:`layers.dates.event_date` over the whole sentence) lies in the expected window:
the day itself for a day, the week, month or year for coarser dates; a case expecting no date
is right when none is found. ``dateparser`` is optional (``pip install dateparser``): without it
only the hand-written parser is measured.

The second table, :data:`PAGES`, compares :func:`layers.published.published_from_html` with
``htmldate.find_date`` on the repository's HTML test files and real-shaped pages (the metadata of
the Guardian, Reuters, AP, BBC, Al Jazeera and Kyiv Independent article pages, plus pages with no
date or broken metadata). ``htmldate`` is only ever given bytes: given a string that starts with
"http" it downloads it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from layers import dates
from layers.dates import event_date
from layers.published import published_from_html

__all__ = ["CASES", "PAGES", "Case", "is_right", "main", "ours"]

ROOT = Path(__file__).resolve().parents[1]

#: (sentence, publication date or None, expected window "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" or None)
Case = tuple[str, str | None, str | None]

CASES: tuple[Case, ...] = (
    # Absolute dates, every shape English news uses.
    (
        "On 8 December 2023, Russian forces shelled Kherson, killing two civilians.",
        "2023-12-09",
        "2023-12-08",
    ),
    ("Russian forces shelled Kherson on 8 Dec. 2023, regional officials said.", "2023-12-10", "2023-12-08"),
    ("On December 8, 2023, a drone struck an apartment block in Odesa.", "2023-12-09", "2023-12-08"),
    (
        "The strike on Dec 8 destroyed a grain terminal in Izmail, the governor said.",
        "2023-12-09",
        "2023-12-08",
    ),
    ("Rebels shelled the airport on Feb. 18, a military spokesman said.", "2015-02-19", "2015-02-18"),
    ("Fighting resumed in Shyrokyne on 18/02/2015 according to the OSCE report.", "2015-02-20", "2015-02-18"),
    ("The convoy was attacked near Aleppo on 02/18/2015.", "2015-02-20", "2015-02-18"),
    ("The ministry's bulletin dated 2023-12-08 lists three villages shelled.", "2023-12-09", "2023-12-08"),
    ("Troops withdrew from Debaltseve on 18 February 2015.", "2015-03-01", "2015-02-18"),
    (
        "The ceasefire agreed in Minsk on 12 February 2015 came into force three days later.",
        None,
        "2015-02-12",
    ),
    (
        "Israeli strikes hit Deir al-Balah on 8 December, the health ministry said.",
        "2023-12-10",
        "2023-12-08",
    ),
    ("MOSCOW, March 3 (AP) — Ukrainian drones attacked an oil depot in Bryansk.", "2023-03-03", "2023-03-03"),
    (
        "KIEV, Feb 18 (Reuters) - Ukrainian troops began pulling out of Debaltseve.",
        "2015-02-18",
        "2015-02-18",
    ),
    ("The town fell on the 3rd of March 2014 after a week-long siege.", "2014-03-20", "2014-03-03"),
    ("Militants attacked a checkpoint in North Sinai on Sept. 11, 2017.", "2017-09-12", "2017-09-11"),
    ("Fighting broke out in Khartoum on Saturday, April 15, 2023.", "2023-04-16", "2023-04-15"),
    ("Houthi forces fired a missile at a tanker on Jan 26.", "2024-01-27", "2024-01-26"),
    ("On Monday 24 February 2022 Russian troops crossed the border.", "2022-02-25", "2022-02-24"),
    ("The dam at Nova Kakhovka was destroyed on June 6, 2023.", "2023-06-07", "2023-06-06"),
    (
        "Shelling of Donetsk on 17.02.2015 killed four people, the city council said.",
        "2015-02-18",
        "2015-02-17",
    ),
    ("Hamas fighters crossed into Israel on October 7.", "2023-10-09", "2023-10-07"),
    ("The bridge was hit on Dec. 31, hours before the new year.", "2024-01-02", "2023-12-31"),
    ("Ukrainian forces recaptured Kherson on Nov 11, 2022.", "2022-11-12", "2022-11-11"),
    ("On 4 April 2022, images from Bucha were published.", None, "2022-04-04"),
    # Month and year precision.
    (
        "Russian forces took Mariupol in May 2022 after a siege of nearly three months.",
        "2022-06-01",
        "2022-05-01..2022-05-31",
    ),
    ("Fighting around Avdiivka intensified in October 2023.", "2023-11-15", "2023-10-01..2023-10-31"),
    (
        "The offensive on Bakhmut began in August 2022, officials said.",
        "2023-05-21",
        "2022-08-01..2022-08-31",
    ),
    (
        "Since March, more than 200 civilians have been killed in El Fasher.",
        "2024-06-20",
        "2024-03-01..2024-03-31",
    ),
    ("Clashes in the city erupted in 2014 and never fully stopped.", "2015-02-18", "2014-01-01..2014-12-31"),
    ("Fighting escalated earlier this month around Vuhledar.", "2023-02-20", "2023-02-01..2023-02-20"),
    ("Heavy fighting was reported last week in the Donetsk region.", "2015-02-18", "2015-02-09..2015-02-15"),
    ("Last year, the town changed hands twice.", "2015-02-18", "2014-01-01..2014-12-31"),
    ("Three weeks ago, militants ambushed a patrol near Menaka.", "2022-06-30", "2022-06-06..2022-06-12"),
    # Relative dates against the publication date.
    ("Separatists shelled Mariupol on Wednesday night, killing three civilians.", "2015-02-19", "2015-02-18"),
    ("Shelling continued overnight in Horlivka, local authorities said.", "2015-02-18", "2015-02-18"),
    ("Yesterday, rebels stormed the railway station in Debaltseve.", "2015-02-18", "2015-02-17"),
    ("Two days ago a missile struck a school in Kramatorsk.", "2022-04-10", "2022-04-08"),
    ("In the small hours of Wednesday, Ukrainian troops withdrew from the town.", "2015-02-18", "2015-02-18"),
    ("Rebels said on Tuesday they had captured most of Debaltseve.", "2015-02-18", "2015-02-17"),
    ("A car bomb exploded in Mogadishu on Sunday, killing at least 20 people.", "2023-02-21", "2023-02-19"),
    ("Airstrikes hit Idlib province on Friday morning, activists said.", "2020-02-09", "2020-02-07"),
    ("On Saturday, drones attacked the port of Sevastopol.", "2022-10-31", "2022-10-29"),
    ("Gunmen killed 14 villagers in Zamfara state yesterday, police said.", "2021-06-12", "2021-06-11"),
    ("Troops may march into the town next week, a commander said.", "2015-02-18", None),
    ("The strike killed six people, the ministry said on Thursday.", "2019-05-10", "2019-05-09"),
    # Words that look like months or days but are not dates.
    ("Russian forces may attack again, officials warned.", "2023-05-04", None),
    ("Thousands march in Tbilisi against the foreign agents law.", "2024-05-12", None),
    ("Protesters sat in front of parliament for hours.", "2019-06-17", None),
    ("The militia will march on the capital, its leader said.", "2023-06-24", None),
    ("Officials said the attack was the deadliest since the war began.", "2022-07-15", None),
    ("The brigade lost 22 soldiers and 150 were wounded.", "2015-02-18", None),
    ("Missiles struck Lviv, a city 70 km from the Polish border.", "2022-03-19", None),
    ("A spokesman for the army, Andriy Lysenko, said the second battalion had left.", "2015-02-18", None),
    ("Sat in a bunker, the commander described the retreat.", "2015-02-18", None),
    ("Residents of Avdiivka said: 'We may not survive another winter.'", "2023-11-01", None),
    # Quotes, contradictions, the future and history.
    ("'On 8 December they shelled us all night,' a resident of Kherson said.", "2023-12-12", "2023-12-08"),
    ("The talks are scheduled for 20 March 2024 in Geneva.", "2024-02-01", None),
    (
        "On 8 December 2023, two weeks after the strike of 24 November, shelling hit the port again.",
        "2023-12-09",
        "2023-12-08",
    ),
    ("Last week, on Tuesday, rebels shelled Shyrokyne.", "2015-02-18", "2015-02-10"),
    ("The fortress was besieged on 5 September 1854 during the Crimean War.", "2015-02-18", None),
    ("The treaty of 18 June 1815 ended the war.", "2015-02-18", None),
    ("Rebels shelled the city on 31/02/2015, the statement said.", "2015-03-02", None),
    ("A report said the fighting started on the 32nd day of the siege.", "2015-02-18", None),
    ("The day before, the rebels had taken Vuhlehirsk.", "2015-02-18", "2015-02-17"),
    ("Fighting erupted on 9 April 2024 and went on for days.", None, "2024-04-09"),
)


_GUARDIAN = """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>Ukrainian troops retreat from Debaltseve | World news | The Guardian</title>
<link rel="canonical" href="https://www.theguardian.com/world/2015/feb/18/ukraine-debaltseve-retreat">
<meta property="og:url" content="https://www.theguardian.com/world/2015/feb/18/ukraine-debaltseve-retreat">
<meta property="article:published_time" content="2015-02-18T17:58:01.000Z">
<meta property="article:modified_time" content="2017-11-30T05:43:12.000Z">
<meta name="author" content="Alec Luhn">
</head><body><article><p>Ukrainian troops retreated from Debaltseve on Wednesday.</p></article>
</body></html>"""
_REUTERS = """<html><head><title>Russian forces shell Kherson | Reuters</title>
<meta name="article:published_time" content="2023-12-08T14:12:35Z">
<meta name="article:modified_time" content="2023-12-09T08:01:00Z">
<meta property="og:url" content="https://www.reuters.com/world/europe/russian-forces-shell-kherson-2023-12-08/">
</head><body><p>KYIV, Dec 8 (Reuters) - Russian forces shelled Kherson on Friday.</p></body></html>"""
_AP = """<html><head><meta property="og:title" content="Drones attack oil depot in Bryansk">
<meta property="article:published_time" content="2023-03-03T09:30:12-05:00">
<meta name="date" content="2023-03-03">
</head><body><p>MOSCOW (AP) — Ukrainian drones attacked an oil depot, officials said Friday.</p>
</body></html>"""
_BBC = """<html><head><title>Gaza: Strikes hit Deir al-Balah - BBC News</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"ReportageNewsArticle",
"headline":"Strikes hit Deir al-Balah","datePublished":"2023-12-10T06:21:45.000Z",
"dateModified":"2023-12-11T10:00:00.000Z","publisher":{"@type":"Organization","name":"BBC News"}}</script>
</head><body><time datetime="2023-12-11T10:00:00.000Z">11 December 2023</time>
<p>Israeli strikes hit Deir al-Balah overnight, the health ministry said.</p></body></html>"""
_ALJAZEERA = """<html><head><meta name="publish-date" content="2023-10-07">
<script type="application/ld+json">[{"@type":"WebPage","name":"Live"},
{"@graph":[{"@type":"NewsArticle","datePublished":"2023-10-07T05:30:00Z"}]}]</script>
</head><body><p>Hamas fighters crossed into Israel at dawn.</p></body></html>"""
_KYIV_INDEPENDENT = """<html><head><meta property="og:type" content="article">
<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"The Kyiv Independent"},
{"@type":"NewsArticle","datePublished":"2024-02-17T21:40:00.000Z"}]}</script>
</head><body><p>Ukrainian troops withdrew from Avdiivka, the commander said.</p></body></html>"""
_TIME_ONLY = """<html><body><header><time pubdate datetime="2022-03-05T10:00:00+02:00">5 March</time>
</header><p>Shelling continued in Mariupol.</p><footer><time datetime="2024-01-01">Archive</time></footer>
</body></html>"""
_URL_ONLY = """<html><head><link rel="canonical" href="https://www.example.org/news/2019/05/10/idlib-strikes">
</head><body><p>Airstrikes hit Idlib province.</p></body></html>"""
_BROKEN_LD = """<html><head><script type="application/ld+json">{"datePublished": "2021-06-12" ,,, [[[</script>
<meta property="article:published_time" content="9999-01-01T00:00:00Z">
</head><body><time datetime="2021-06-12T08:00">12 June</time><p>Gunmen killed 14 villagers.</p>
</body></html>"""
_DEEP_LD = (
    '<html><head><script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script></head>"
    "<body><p>Fighting near Bakhmut.</p></body></html>"
)
_COMPACT = """<html><head><meta name="pdate" content="20150218"><meta name="pubdate" content="20150218">
</head><body><p>Rebels took the railway hub.</p></body></html>"""
_WORDS = """<html><head><meta itemprop="datePublished" content="February 18, 2015">
<meta name="dc.date" content="Wed, 18 Feb 2015 17:58:01 GMT"></head><body><p>Retreat.</p></body></html>"""
_NO_DATE = """<html><head><title>Front line map</title></head>
<body><p>Updated regularly. Russian forces may attack again in March, officials warned.</p></body></html>"""


def _file(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


#: (name, HTML, the publication date the page declares or None).
PAGES: tuple[tuple[str, str, str | None], ...] = (
    ("guardian", _GUARDIAN, "2015-02-18"),
    ("reuters", _REUTERS, "2023-12-08"),
    ("ap", _AP, "2023-03-03"),
    ("bbc json-ld", _BBC, "2023-12-10"),
    ("al jazeera", _ALJAZEERA, "2023-10-07"),
    ("kyiv independent @graph", _KYIV_INDEPENDENT, "2024-02-17"),
    ("time pubdate", _TIME_ONLY, "2022-03-05"),
    ("canonical url", _URL_ONLY, "2019-05-10"),
    ("broken json-ld, out-of-range meta", _BROKEN_LD, "2021-06-12"),
    ("json-ld 5,000 deep", _DEEP_LD, None),
    ("compact pubdate", _COMPACT, "2015-02-18"),
    ("dates in words", _WORDS, "2015-02-18"),
    ("no date", _NO_DATE, None),
    ("tests/data/corpus/evening-report.html", _file("tests/data/corpus/evening-report.html"), None),
    (
        "tests/robustness/hostile/event_handlers.html",
        _file("tests/robustness/hostile/event_handlers.html"),
        None,
    ),
    (
        "tests/robustness/hostile/broken_nested.html",
        _file("tests/robustness/hostile/broken_nested.html"),
        None,
    ),
)


def _htmldate() -> Callable[[str], dt.date | None] | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate is optional
        return None

    def found(html: str) -> dt.date | None:
        # Bytes, never a string: htmldate downloads a string that starts with "http".
        value = find_date(html.encode("utf-8"), extensive_search=False, original_date=True)
        return dt.date.fromisoformat(value) if value else None

    return found


def _score_pages(find: Callable[[str], dt.date | None], rounds: int) -> tuple[int, float, list[str]]:
    wrong = []
    for name, html, want in PAGES:
        try:
            got: object = find(html)
        except Exception as err:  # noqa: BLE001 - a crash is a wrong answer here, and is reported
            got = f"{type(err).__name__}: {err}"[:80]
        if got != (dt.date.fromisoformat(want) if want else None):
            wrong.append(f"{name}: got {got}, expected {want}")
    started = time.perf_counter()
    for _ in range(rounds):
        for _, html, _ in PAGES:
            try:
                find(html)
            except Exception:  # noqa: BLE001, S112 - timed like the others
                continue
    return len(PAGES) - len(wrong), rounds * len(PAGES) / (time.perf_counter() - started), wrong


def is_right(found: dt.date | None, expected: str | None) -> bool:
    """Whether a found date (None: nothing found) is right for an expected window (None: no date)."""
    if expected is None or found is None:
        return expected is None and found is None
    first, _, last = expected.partition("..")
    return dt.date.fromisoformat(first) <= found <= dt.date.fromisoformat(last or first)


def ours(text: str, published: dt.date | None) -> dt.date | None:
    """Return the event date :func:`layers.dates.event_date` chooses for the whole sentence (uncached)."""
    dates._mentions.cache_clear()  # measure the parsing, not the extractor's per-article cache
    span = event_date(text, 0, len(text), published)
    return None if span is None else span.date


def _dateparser() -> Callable[[str, dt.date | None], dt.date | None] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:  # pragma: no cover - dateparser is optional
        return None

    def first_date(text: str, published: dt.date | None) -> dt.date | None:
        settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
        if published is not None:
            settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
        found = search_dates(text, languages=["en"], settings=settings)
        return found[0][1].date() if found else None

    return first_date


def _score(
    parse: Callable[[str, dt.date | None], dt.date | None], rounds: int
) -> tuple[int, float, list[str]]:
    """Right answers, expressions per second (over ``rounds`` passes) and the wrong cases."""
    cases = [(text, dt.date.fromisoformat(p) if p else None, want) for text, p, want in CASES]
    wrong = []
    for text, published, want in cases:
        got = parse(text, published)
        if not is_right(got, want):
            wrong.append(f"{text[:60]!r}: got {got}, expected {want}")
    started = time.perf_counter()
    for _ in range(rounds):
        for text, published, _ in cases:
            parse(text, published)
    elapsed = time.perf_counter() - started
    return len(cases) - len(wrong), rounds * len(cases) / elapsed, wrong


def main(argv: list[str]) -> int:
    """Print both parsers' correctness and speed on :data:`CASES`; ``--errors=N`` lists N mistakes."""
    shown = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--errors=")), 5)
    rows = [("hand-written (layers.dates)", ours, 200)]
    parser = _dateparser()
    if parser is not None:
        rows.append(("dateparser.search_dates", parser, 2))
    else:
        print("dateparser is not installed: only the hand-written parser is measured")
    for name, parse, rounds in rows:
        right, speed, wrong = _score(parse, rounds)
        print(f"{name:30s} right {right}/{len(CASES)} ({right / len(CASES):.1%})  {speed:,.0f} expressions/s")
        for line in wrong[:shown]:
            print(f"    wrong: {line}")
    pages = [("hand-written (layers.published)", published_from_html, 50)]
    other = _htmldate()
    if other is not None:
        pages.append(("htmldate.find_date", other, 10))
    else:
        print("htmldate is not installed: only the hand-written reader is measured")
    for name, find, rounds in pages:
        right, speed, wrong = _score_pages(find, rounds)
        print(f"{name:30s} right {right}/{len(PAGES)} pages  {speed:,.0f} pages/s")
        for line in wrong[:shown]:
            print(f"    wrong: {line}")
    return 0
