"""Automatic event extraction from any article, sentence by sentence.

A sentence yields an event when it holds an *event cue* (a word from the lexicon in
``layers/data/event_cues.yaml``, mapped to an ACLED type and sub-type) and a place: a resolved
place mention of the geoparser in the same sentence, else the last one earlier in the same
paragraph (the previous sentence's last place, else the paragraph's first: its setting), then at
geo precision 2 and lower confidence. A metonymic mention
("Kiev said") is no place of events, unless it names a region ("the Luhansk People's Republic",
coded at geo precision 3). Actors, casualty figures and dates
come from the same sentence (:mod:`layers.casualties`, :mod:`layers.dates`). Each sentence gives
at most one event per event type.

>>> from geo.gazetteer import Gazetteer                                   # doctest: +SKIP
>>> extract_events(article_from_text("Rebels shelled Mariupol."), Gazetteer.open())  # doctest: +SKIP
[Event('x001', Explosions/Remote violence / Shelling/artillery/missile attack, 'Mariupol', ...)]
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources

import yaml

from geo.errors import AnnotationError
from geo.gazetteer import Gazetteer
from geo.model import Mention, Place
from geo.text import sentence_span
from layers.actors import actor_roles, country_subject, find_actors, for_sub_event, opponent
from layers.annotations import article_mentions
from layers.article import Article
from layers.casualties import CasualtyWords, parse_casualties
from layers.dateline import read_dateline
from layers.dates import DateSpan, date_before, event_date, latest_day
from layers.events import EVENT_TYPES, Count, Event, Source, source_of

__all__ = [
    "Cue", "CueLexicon", "article_country", "dateline_end", "extract_events", "load_cues", "pair_scores",
    "report_date", "sentences",
]  # fmt: skip

_NEAR = re.compile(
    r"\b(?:near|outside|outskirts|around|close\s+to|nearby|(?:north|south|east|west)(?:-?(?:east|west))?\s+of|"
    r"on\s+the\s+(?:way|road)|along|approach(?:es)?\s+to)\b[^.]{0,40}$",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|from|of|outside|into|on|around|to|towards)\s+(?:the\s+)?$", re.IGNORECASE
)
_EVENT_KINDS = frozenset({"settlement", "region", "water", "landform"})
#: Earlier events of one type and place an event may be the same incident as (reports repeat nearby).
_RECENT_INCIDENTS = 16


@dataclass(frozen=True)
class Cue:
    """A cue word list mapped to an ACLED event type and sub-type."""

    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    weight: float = 0.5
    requires: re.Pattern[str] | None = None
    territory: str | None = None  # "winner" | "loser"
    fallback: bool = False  # only when the sentence has no other cue


@dataclass(frozen=True)
class CueLexicon:
    """The extraction lexicon: event cues and casualty vocabulary (actors: :mod:`layers.actors`)."""

    cues: tuple[Cue, ...]
    casualties: CasualtyWords
    unrealised: re.Pattern[str] = re.compile(r"(?!)")  # "expect more attacks": no event (yet)
    attempted: re.Pattern[str] = re.compile(r"(?!)")  # "attempted to seize X": a clash, no capture
    attempt: Cue | None = None  # the event an attempted change of territory is


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Compile a whole-word pattern for phrases (``*``: any ending; any spaces between words)."""
    parts = []
    for word in sorted({str(w) for w in words}, key=len, reverse=True):
        stem = re.escape(word.rstrip("*")).replace(r"\ ", " ").replace(" ", r"\s+")
        stem = re.sub("['’]", "['’]", stem)  # either apostrophe
        parts.append(stem + (r"[\w-]*" if word.endswith("*") else ""))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.IGNORECASE)


@cache
def load_cues(path: str | None = None) -> CueLexicon:
    """Load the cue lexicon (default: the packaged ``event_cues.yaml``)."""
    if path is None:
        raw_text = resources.files("layers.data").joinpath("event_cues.yaml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            raw_text = handle.read()
    try:
        data = yaml.safe_load(raw_text)
        cues = tuple(_cue(c) for c in data["cues"])
        cas = data["casualties"]
        words = CasualtyWords(
            killed=tuple(cas["killed"]),
            wounded=tuple(cas["wounded"]),
            at_least=tuple(cas.get("at_least", ())),
            at_most=tuple(cas.get("at_most", ())),
            about=tuple(cas.get("about", ())),
            vague={str(k): int(v) for k, v in (cas.get("vague") or {}).items()},
        )
        modality = data.get("modality") or {}
        unrealised = _governing(modality.get("unrealised", ()))
        attempted = _governing(modality.get("attempted", ()))
        attempt = (
            _cue({**modality["attempt_event"], "words": ["(attempt)"]}) if modality.get("attempted") else None
        )
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as err:
        raise AnnotationError(f"event-cue lexicon {path or 'event_cues.yaml'} is malformed: {err}") from err
    return CueLexicon(cues, words, unrealised, attempted, attempt)


def _governing(words: Sequence[str]) -> re.Pattern[str]:
    """Compile words that govern a cue right after them (up to two words between, no punctuation)."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(_words_pattern(words).pattern + r"(?:\s+[\w’'-]+){0,2}\s*$", re.IGNORECASE)


def _cue(entry: dict) -> Cue:
    event_type, sub_type = entry["event_type"], entry["sub_event_type"]
    if sub_type not in EVENT_TYPES.get(event_type, ()):
        raise ValueError(f"{event_type!r} / {sub_type!r} is not in the ACLED taxonomy")
    requires = entry.get("requires")
    return Cue(
        pattern=_words_pattern(entry["words"]),
        event_type=event_type,
        sub_event_type=sub_type,
        weight=float(entry.get("weight", 0.5)),
        requires=_words_pattern(requires) if requires else None,
        territory=entry.get("territory"),
        fallback=bool(entry.get("fallback", False)),
    )


def extract_events(
    article: Article,
    gazetteer: Gazetteer,
    *,
    mentions: Sequence[Mention] | None = None,
    lexicon: CueLexicon | None = None,
) -> list[Event]:
    """Extract events from an article (see the module docstring); ids are ``x001``, ``x002``, …."""
    text = article.text
    lexicon = lexicon or load_cues()
    if mentions is None:
        mentions = article_mentions(text, gazetteer, article.country_focus)
    places = sorted(
        (
            m
            for m in mentions
            if m.place is not None
            and m.place.kind in _EVENT_KINDS
            and (not m.metonymic or m.place.kind == "region")
        ),  # "Luhansk People's Republic" -> its region
        key=lambda m: m.start,
    )
    filed_from = dateline_end(text)
    places = [m for m in places if m.start >= filed_from]  # the dateline's town is not an event's place
    country = article_country(article, places)
    context = _Context(article, places, lexicon, gazetteer, country, filed_from)
    found = []
    for begin, end in sentences(text):
        sentence = text[begin:end]
        for cue, predicate in _sentence_cues(sentence, lexicon):
            event = _event(context, (begin, end), cue, predicate)
            if event is not None:
                found.append((event, cue))
    events = _incidents(found, text)
    source = source_of(article)
    return [_numbered(e, i, source) for i, e in enumerate(events, 1)]


@dataclass(frozen=True)  # not slots: cached_property keeps its value in the instance's __dict__
class _Context:
    """What every sentence of one article is read with."""

    article: Article
    places: Sequence[Mention]  # resolved places of events, in text order
    lexicon: CueLexicon
    gazetteer: Gazetteer
    country: str | None  # the country the article is about: names "gunmen", "civilians"
    filed_from: int = 0  # where the wire dateline ends: its town and date are the report's, not events'

    @cached_property
    def starts(self) -> list[int]:
        """The places' offsets: slice ``places`` by bisecting these."""
        return [m.start for m in self.places]

    @cached_property
    def regions(self) -> frozenset[str]:
        """The first-level regions of the places ("UA.05"): whose home the "rebels" are in."""
        return frozenset(m.place.admin1_code for m in self.places if m.place and m.place.admin1_code)


def dateline_end(text: str) -> int:
    """Return where the wire dateline opening ``text`` ends (0 when there is none).

    >>> text = "BEIRUT — A cease-fire in Aleppo unraveled on Wednesday."
    >>> text[dateline_end(text):]
    ' A cease-fire in Aleppo unraveled on Wednesday.'
    >>> dateline_end("MOSCOW, March 3 (AP) — Drones hit a depot."), dateline_end("Rebels shelled Aleppo.")
    (22, 0)
    """
    line = read_dateline(text)
    return line.end if line else 0


def article_country(article: Article, places: Sequence[Mention]) -> str | None:
    """Return the country the article is about: its stated focus, else where most of its towns are."""
    if article.country_focus:
        return article.country_focus[0]
    counts = Counter(m.place.country for m in places if m.place.country and m.place.kind != "country")
    return counts.most_common(1)[0][0] if counts else None


def _incidents(found: Sequence[tuple[Event, Cue]], text: str) -> list[Event]:
    """Make one event of each incident; casualty figures are never counted twice.

    A sentence that only counts casualties ("Five civilians were killed.") reports on the event of
    the sentence before it in the same paragraph, not a new one; events of the same type and
    sub-type at the same place on overlapping dates are one incident, reported again (quoted by the
    first sentence that names what happened, not by a casualty count before it); and a sentence's
    casualty figures go to its first event only.
    """
    events: list[Event] = []
    seen: dict[tuple, list[int]] = {}
    weak: set[int] = set()  # events known only from a casualty-only sentence so far
    for event, cue in found:
        previous = events[-1] if events else None
        if cue.fallback and previous is not None and _same_paragraph(text, previous, event):
            events[-1] = _with_casualties(previous, event)
            continue
        if previous is not None and previous.quote_start == event.quote_start:
            event = replace(event, fatalities=Count(), wounded=Count())
        key = (event.event_type, event.sub_event_type, event.place.geonameid or event.place.name)
        recent = seen.get(key, [])[-_RECENT_INCIDENTS:]  # bounded: linear time on huge texts
        same = next((i for i in reversed(recent) if _overlap(events[i].when, event.when)), None)
        if same is not None:
            if same in weak and not cue.fallback:  # the sentence that tells what happened quotes it
                weak.discard(same)
                events[same] = _with_casualties(replace(event, event_id=events[same].event_id), events[same])
            else:
                events[same] = _with_casualties(events[same], event)
            continue
        seen.setdefault(key, []).append(len(events))
        if cue.fallback:
            weak.add(len(events))
        events.append(event)
    return events


def _overlap(one: DateSpan | None, other: DateSpan | None) -> bool:
    """Tell whether two events' date windows can be the same days (an unknown date can be any)."""
    return one is None or other is None or (one.start <= other.end and other.start <= one.end)


def _same_paragraph(text: str, first: Event, later: Event) -> bool:
    return "\n\n" not in text[first.quote_end : later.quote_start]


def _with_casualties(event: Event, other: Event) -> Event:
    """Return ``event`` with ``other``'s casualty figures and actors where it has none (never summed).

    The first report of an incident keeps its own figures: a later sentence's count ("the bodies of
    23 soldiers had been delivered") may count other people than the first ("22 soldiers killed").
    A later report also names whom the incident struck ("Three people were wounded": civilians).
    """
    return replace(
        event,
        fatalities=event.fatalities or other.fatalities,
        wounded=event.wounded or other.wounded,
        actor1=event.actor1 or other.actor1,
        actor2=event.actor2 or (other.actor2 if other.actor2 != event.actor1 else ""),
    )


def pair_scores(extracted: Sequence[Event], curated: Sequence[Event]) -> tuple[float, float, set, set]:
    """Recall and precision of distinct (event type, place id) pairs against curated events.

    Returns ``(recall, precision, missed, spurious)``; an empty side scores 0.
    """

    def pairs(events: Sequence[Event]) -> set[tuple[str, str]]:
        return {(e.event_type, str(e.place.geonameid or e.place.name)) for e in events}

    want, got = pairs(curated), pairs(extracted)
    hits = want & got
    return (
        len(hits) / len(want) if want else 0.0,
        len(hits) / len(got) if got else 0.0,
        want - got,
        got - want,
    )


def sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(begin, end)`` of every sentence of ``text``, in order."""
    spans, pos = [], 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        begin, end = sentence_span(text, pos)
        if end <= pos:  # defensive: never loop forever on odd text
            end = pos + 1
        spans.append((begin, end))
        pos = max(end, pos + 1)
    return spans


def _sentence_cues(sentence: str, lexicon: CueLexicon) -> list[tuple[Cue, tuple[int, int]]]:
    """Return the first cue of each event type in a sentence with its span; no word serves two cues.

    A cue governed by a word of what has not happened ("expect more attacks", "threatened to
    storm") is none; a change of territory only attempted ("tried to seize X") is a clash.
    """
    used: list[tuple[int, int]] = []
    chosen: dict[str, tuple[Cue, tuple[int, int]]] = {}
    for cue in lexicon.cues:
        if cue.requires is not None and not cue.requires.search(sentence):
            continue
        if cue.fallback and chosen:
            continue
        for match in cue.pattern.finditer(sentence):
            if any(s < match.end() and match.start() < e for s, e in used):
                continue
            used.append(match.span())
            before = sentence[max(0, match.start() - 60) : match.start()]
            if lexicon.unrealised.search(before):
                continue  # "they expect more attacks", "threatened to storm": no event happened
            found = cue
            if cue.territory and lexicon.attempt and lexicon.attempted.search(before):
                found = lexicon.attempt  # "tried to seize X, but were repelled": a clash, X not taken
            if found.event_type not in chosen:
                chosen[found.event_type] = (found, match.span())
            break
    return sorted(chosen.values(), key=lambda pair: pair[1])


def _event(context: _Context, span: tuple[int, int], cue: Cue, predicate: tuple[int, int]) -> Event | None:
    """Build the event of one cue whose words are at ``predicate`` in the sentence ``span``."""
    (begin, end), article = span, context.article
    text = article.text
    sentence = text[begin:end]
    places, starts = context.places, context.starts
    inside = places[bisect_left(starts, begin) : bisect_left(starts, end)]
    carried = False
    if inside:
        mention = min(
            inside,
            key=lambda m: (
                m.embedded,  # "Donbass People's Militia near Spartak": the village, not the militia's name
                not _LOCATIVE.search(text[max(begin, m.start - 12) : m.start]),
                abs(m.start - (begin + predicate[0])),
            ),
        )
    else:
        paragraph_start = text.rfind("\n\n", 0, begin) + 1
        before = places[bisect_left(starts, paragraph_start) : bisect_left(starts, begin)]
        if not before:
            return None
        previous_start = sentence_span(text, max(paragraph_start, begin - 2))[0]
        last = [m for m in before if m.start >= previous_start and not m.embedded]
        if len(last) >= 2 and _written_in(last[-2], last[-1]):
            last.pop()  # "evacuating from Izium, Kharkiv.": the town, not the oblast it is written with
        # The previous sentence's last place, else the paragraph's setting (introduced first).
        mention, carried = (last[-1] if last else before[0]), True
    actor1, actor2, sub_type = _actors(context, span, predicate, cue, mention.place)
    fatalities, wounded = parse_casualties(sentence, context.lexicon.casualties)
    precision = 3 if mention.place.kind == "region" else 2 if carried or _is_near(text, begin, mention) else 1
    confidence = cue.weight * (0.7 if carried else 1.0) * max(0.3, mention.confidence)
    confidence = min(0.95, confidence + (0.1 if actor1 else 0.0))
    return Event(
        event_id="",
        event_type=cue.event_type,
        sub_event_type=sub_type,
        place=mention.place,
        place_name=mention.text,
        quote=sentence,
        quote_start=begin,
        quote_end=end,
        when=report_date(text, (begin, end), article.published, filed_from=context.filed_from),
        actor1=actor1,
        actor2=actor2,
        geo_precision=precision,
        fatalities=fatalities,
        wounded=wounded,
        origin="extracted",
        confidence=round(confidence, 3),
        notes=f"cue {sentence[predicate[0] : predicate[1]]!r}"
        + ("; place from an earlier sentence" if carried else ""),
    )


def _actors(
    context: _Context, span: tuple[int, int], predicate: tuple[int, int], cue: Cue, place: Place
) -> tuple[str, str, str]:
    """Return actor 1 (who acted), actor 2 (who was acted upon) and the sub-type of one event.

    The actors are the ones the sentence names around its predicate (:func:`layers.actors.actor_roles`);
    none is assumed. For a change of territory, the side that gained ground is actor 1: the
    subject of "captured" or "regained", the other side named in a sentence of "retreated" or
    "fell". Ground gained by the state forces of the place's own country is "Government regains
    territory", by anyone else "Non-state actor overtakes territory" (ACLED's coding).
    """
    begin, end = span
    found = find_actors(
        context.article.text,
        begin,
        end,
        country=context.country,
        gazetteer=context.gazetteer,
        regions=context.regions,
    )
    local = [replace(a, start=a.start - begin, end=a.end - begin) for a in found]
    sentence = context.article.text[begin:end]
    first, second = actor_roles(sentence, local, predicate)
    if first is None:
        first = country_subject(sentence, predicate, context.gazetteer)
    if second is None:
        second = opponent(sentence, local, first)
    sub_type = cue.sub_event_type
    if cue.territory:
        if cue.territory == "loser":
            loser = first
            others = [a for a in local if loser is None or (a.name != loser.name)]
            first, second = (second or (others[0] if others else None)), loser
        gainer, loser = first, second
        own = place.country
        if gainer is not None:
            government = gainer.kind == "state" and gainer.country == own
        else:
            government = loser is not None and not (loser.kind == "state" and loser.country == own)
        sub_type = "Government regains territory" if government else "Non-state actor overtakes territory"
    if first is not None:
        first = for_sub_event(first, sub_type)
    return (first.name if first else ""), (second.name if second else ""), sub_type


def _written_in(inner: Mention, outer: Mention) -> bool:
    """Tell whether ``outer`` is the region ``inner`` is written with ("Izium, Kharkiv")."""
    return (
        outer.place.kind == "region"
        and inner.place.kind == "settlement"
        and outer.place.admin1_code is not None
        and inner.place.admin1_code == outer.place.admin1_code
        and inner.end <= outer.start <= inner.end + 3
    )


def _is_near(text: str, begin: int, mention: Mention) -> bool:
    return bool(_NEAR.search(text[max(begin, mention.start - 50) : mention.start]))


def report_date(
    text: str, span: tuple[int, int], published: dt.date | None, *, filed_from: int = 0
) -> DateSpan | None:
    """Return the date of what ``text[span]`` reports: its sentence's, else its paragraph's before it.

    The dateline (``text[:filed_from]``) is left out: its date is the report's, never an event's.
    Relative dates are read against the publication date, else against the latest full date the
    text names (:func:`layers.dates.latest_day`). With no date, the week before publication, coded
    on the publication date (or no date at all).
    """
    body = _after_dateline(text, filed_from)
    reference = published or _latest_day(body)
    begin, end = max(span[0] - filed_from, 0), max(span[1] - filed_from, 0)
    found = event_date(body, begin, end, reference) or date_before(
        body, begin, body.rfind("\n\n", 0, begin) + 1, reference
    )
    if found is not None or published is None:
        return found
    return DateSpan(published, "week", published - dt.timedelta(days=6), published, "")


@lru_cache(maxsize=4)
def _after_dateline(text: str, filed_from: int) -> str:
    """Return the text after its dateline (one copy per article: the date finder caches by text)."""
    return text[filed_from:]


@lru_cache(maxsize=4)
def _latest_day(body: str) -> dt.date | None:
    return latest_day(body)


def _numbered(event: Event, index: int, source: Source) -> Event:
    return replace(event, event_id=f"x{index:03d}", source=source)
