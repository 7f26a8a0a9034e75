"""The corrections stores: per-article, atomic, shared safely between processes, corruption reported;
who and when recorded, old files read; the in-memory session store behaves like the file."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from geo.corrections import (
    MAX_AUTHOR_CHARS,
    Correction,
    CorrectionsError,
    CorrectionStore,
    SessionCorrectionStore,
    apply_corrections,
    author_name,
    describe_correction,
    place_key,
    shared_corrections,
)
from geo.corrections import _checksum as checksum
from geo.errors import FrontlineError, InputError
from geo.model import Mention

ARTICLE = "debaltseve-2015-02-18"


@pytest.fixture()
def store(tmp_path: Path) -> CorrectionStore:
    return CorrectionStore(tmp_path / "corrections.json")


@pytest.fixture()
def olenivka(gazetteer, seed_text: str) -> Mention:
    """Return the seed's "Olenivka" as a mention with the gazetteer's real candidates (several villages)."""
    start = seed_text.index("Olenivka")
    candidates = tuple(gazetteer.find("Olenivka"))
    assert len(candidates) >= 3, "the gazetteer should know several villages called Olenivka"
    return Mention("Olenivka", start, start + 8, candidates[0].place, 0.5, candidates)


def test_saved_corrections_survive_a_new_store(store: CorrectionStore, olenivka: Mention) -> None:
    chosen = olenivka.candidates[2].place
    store.save(ARTICLE, Correction.for_mention(olenivka, chosen))
    again = CorrectionStore(store.path)  # as after a restart: nothing kept in memory
    (saved,) = again.get(ARTICLE)
    assert (saved.start, saved.end, saved.text) == (olenivka.start, olenivka.end, "Olenivka")
    assert saved.place_id == str(chosen.geonameid)
    assert saved.saved_at.endswith("Z")
    assert again.get("another-article") == ()


def test_save_replaces_the_same_mention_and_remove_forgets_it(
    store: CorrectionStore, olenivka: Mention
) -> None:
    store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[1].place))
    store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[2].place))
    (only,) = store.get(ARTICLE)
    assert only.place_id == place_key(olenivka.candidates[2].place)
    assert store.remove(ARTICLE, olenivka.start, olenivka.end, olenivka.text) == ()
    assert store.all() == {}


def test_default_path_is_in_the_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FRONTLINE_CORRECTIONS", raising=False)
    assert CorrectionStore().path == tmp_path / "cache" / "corrections.json"
    monkeypatch.setenv("FRONTLINE_CORRECTIONS", str(tmp_path / "mine.json"))
    assert CorrectionStore().path == tmp_path / "mine.json"


def test_apply_corrections_picks_the_chosen_candidate(olenivka: Mention, gazetteer) -> None:
    chosen = olenivka.candidates[2].place
    other = Mention(
        "Donetsk", 0, 7, gazetteer.find("Donetsk")[0].place, 0.9, tuple(gazetteer.find("Donetsk"))
    )
    corrected = apply_corrections([other, olenivka], [Correction.for_mention(olenivka, chosen)], gazetteer)
    assert corrected[0] is other
    assert corrected[1].place == chosen and corrected[1].confidence == 1.0
    assert corrected[1].reasons[0].startswith("corrected by the user")
    assert corrected[1].candidates == olenivka.candidates


def test_apply_corrections_uses_the_gazetteer_for_a_place_not_among_candidates(
    olenivka: Mention, gazetteer
) -> None:
    donetsk = gazetteer.find("Donetsk")[0].place
    (corrected,) = apply_corrections([olenivka], [Correction.for_mention(olenivka, donetsk)], gazetteer)
    assert corrected.place == donetsk


def test_apply_corrections_not_a_place_and_stale_corrections(olenivka: Mention, gazetteer) -> None:
    (unresolved,) = apply_corrections([olenivka], [Correction.for_mention(olenivka, None)], gazetteer)
    assert unresolved.place is None and "not a place" in unresolved.reasons[0]
    # The text changed: a correction for another span (or an unknown id) leaves the mention alone.
    moved = Correction(
        olenivka.start + 1, olenivka.end + 1, "Olenivka", place_key(olenivka.candidates[1].place)
    )
    unknown = Correction(olenivka.start, olenivka.end, "Olenivka", "Nowhere@0.00000,0.00000")
    assert apply_corrections([olenivka], [moved], gazetteer) == [olenivka]
    assert apply_corrections([olenivka], [unknown], gazetteer) == [olenivka]


def test_file_is_valid_json_with_a_checksum(store: CorrectionStore, olenivka: Mention) -> None:
    store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[1].place))
    document = json.loads(store.path.read_text(encoding="utf-8"))
    assert document["format"] == "frontline-corrections/2"
    assert len(document["sha256"]) == 64
    assert [p.name for p in store.path.parent.iterdir() if p.suffix == ".tmp"] == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b"\xff\xfe garbage", id="not-utf8"),
        pytest.param(lambda raw: raw.replace(b'"place_id": "', b'"place_id": "9'), id="checksum"),
        pytest.param(lambda raw: b'{"format": "frontline-corrections/1", "articles": []}', id="schema"),
    ],
)
def test_a_corrupt_file_is_moved_aside_and_reported(
    store: CorrectionStore, olenivka: Mention, damage
) -> None:
    store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[1].place))
    store.path.write_bytes(damage(store.path.read_bytes()))
    damaged = store.path.read_bytes()
    with pytest.raises(CorrectionsError, match="moved aside") as caught:
        store.get(ARTICLE)
    assert isinstance(caught.value, FrontlineError)
    aside = caught.value.quarantined
    assert aside is not None and aside.read_bytes() == damaged  # kept for a person to look at
    assert not store.path.exists()
    # Reported once; afterwards the store starts empty and works.
    assert store.get(ARTICLE) == ()
    store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[2].place))
    assert len(store.get(ARTICLE)) == 1


def test_a_write_on_a_corrupt_file_reports_it_and_keeps_the_damaged_copy(
    store: CorrectionStore, olenivka: Mention
) -> None:
    store.path.write_text('{"format": "frontline-corrections/1", "articles": {', encoding="utf-8")
    with pytest.raises(CorrectionsError, match="corrupt"):
        store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[1].place))
    assert len(list(store.path.parent.glob("corrections.json.corrupt-*"))) == 1


def test_a_failed_write_keeps_the_previous_file(
    store: CorrectionStore, olenivka: Mention, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[1].place))
    before = store.path.read_bytes()

    def _disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", _disk_full)
    with pytest.raises(CorrectionsError, match="No space left"):
        store.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[2].place))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert [p for p in store.path.parent.iterdir() if p.suffix == ".tmp"] == []


def _save_many(path: str, worker: int, count: int) -> None:
    store = CorrectionStore(path)
    for i in range(count):
        store.save(ARTICLE, Correction(1000 * worker + i, 1000 * worker + i + 5, f"w{worker}-{i}", str(i)))


@pytest.mark.slow
def test_concurrent_sessions_lose_nothing(store: CorrectionStore) -> None:
    workers, each = 4, 25
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_save_many, args=(str(store.path), w, each)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    saved = store.get(ARTICLE)
    assert len(saved) == workers * each
    assert {c.text for c in saved} == {f"w{w}-{i}" for w in range(workers) for i in range(each)}


def _save_forever(path: str) -> None:
    store = CorrectionStore(path)
    i = 0
    while True:
        store.save(ARTICLE, Correction(i, i + 3, "abc", str(i)))
        i += 1


def test_a_process_killed_while_writing_never_corrupts_the_file(store: CorrectionStore) -> None:
    context = multiprocessing.get_context("spawn")
    counts = []
    for delay in (0.05, 0.13, 0.21):
        process = context.Process(target=_save_forever, args=(str(store.path),))
        process.start()
        deadline = time.monotonic() + 30
        while not store.path.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)  # no cleanup, no flush: as in a crash
        process.join(10)
        saved = store.get(ARTICLE)  # raises if the file were torn
        assert len(saved) >= (counts[-1] if counts else 1)
        counts.append(len(saved))
    assert counts[-1] > 1
    store.save(ARTICLE, Correction(0, 3, "abc", "1"))  # the next writer clears a dead writer's temp file
    assert [p for p in store.path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_concurrent_threads_lose_nothing(store: CorrectionStore) -> None:
    # Streamlit serves every session from threads of one process: flock excludes them too.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda w: _save_many(str(store.path), w, 25), range(4)))
    assert len(store.get(ARTICLE)) == 100


def test_a_correction_records_who_and_when(store: CorrectionStore, olenivka: Mention) -> None:
    chosen = olenivka.candidates[2].place
    before = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    store.save(ARTICLE, Correction.for_mention(olenivka, chosen, author="Ann Smith"))
    after = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (saved,) = CorrectionStore(store.path).get(ARTICLE)
    assert saved.author == "Ann Smith"
    assert before <= saved.saved_at <= after
    item = json.loads(store.path.read_text(encoding="utf-8"))["articles"][ARTICLE][0]
    assert (item["author"], item["saved_at"]) == ("Ann Smith", saved.saved_at)
    # A correction saved again by someone else is theirs, with the new time.
    store.save(ARTICLE, Correction.for_mention(olenivka, None, author="Bo"))
    (again,) = store.get(ARTICLE)
    assert again.author == "Bo" and again.place_id == ""


def _old_file(path: Path, items: list[dict]) -> None:
    """Write a corrections file in the first format (no author), as earlier versions did."""
    articles = {ARTICLE: items}
    document = {"format": "frontline-corrections/1", "sha256": checksum(articles), "articles": articles}
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_file_of_the_first_format_is_read_and_rewritten_in_the_current_one(
    store: CorrectionStore, olenivka: Mention
) -> None:
    old = dict(start=10, end=20, text="Debaltseve", place_id="710229", saved_at="2024-05-01T08:00:00Z")
    _old_file(store.path, [old])
    (read,) = store.get(ARTICLE)
    assert read == Correction(10, 20, "Debaltseve", "710229", "2024-05-01T08:00:00Z", author="")
    store.save(ARTICLE, Correction.for_mention(olenivka, None, author="Ann"))
    document = json.loads(store.path.read_text(encoding="utf-8"))
    assert document["format"] == "frontline-corrections/2"
    assert [(c["text"], c["author"]) for c in document["articles"][ARTICLE]] == [
        ("Debaltseve", ""),
        ("Olenivka", "Ann"),
    ]


@pytest.mark.parametrize(
    ("format_", "item"),
    [
        pytest.param("frontline-corrections/1", {"author": "Ann"}, id="author-in-first-format"),
        pytest.param("frontline-corrections/2", {}, id="no-author-in-current-format"),
        pytest.param("frontline-corrections/2", {"author": 7}, id="author-not-text"),
        pytest.param("frontline-corrections/9", {"author": "Ann"}, id="unknown-format"),
    ],
)
def test_a_file_mixing_formats_is_moved_aside(store: CorrectionStore, format_: str, item: dict) -> None:
    fields = {"start": 10, "end": 20, "text": "Debaltseve", "place_id": "710229", "saved_at": "", **item}
    articles = {ARTICLE: [fields]}
    document = {"format": format_, "sha256": checksum(articles), "articles": articles}
    store.path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CorrectionsError, match="moved aside"):
        store.get(ARTICLE)


def test_the_session_store_keeps_corrections_in_its_mapping_only(olenivka: Mention, tmp_path: Path) -> None:
    """Same interface as the file store; two sessions' mappings never see each other's corrections."""
    one_state: dict = {}
    one, two = SessionCorrectionStore(one_state), SessionCorrectionStore()
    saved = one.save(ARTICLE, Correction.for_mention(olenivka, olenivka.candidates[1].place))
    assert saved == one.get(ARTICLE) == one_state[ARTICLE] and saved[0].saved_at.endswith("Z")
    assert two.get(ARTICLE) == () and two.all() == {}
    assert SessionCorrectionStore(one_state).get(ARTICLE) == saved  # the same session, a rerun later
    one.save(ARTICLE, Correction(0, 7, "Donetsk", "709717"))
    assert [c.start for c in one.get(ARTICLE)] == [0, olenivka.start]  # text order, as in the file
    assert one.remove(ARTICLE, 0, 7, "Donetsk") == saved
    assert one.remove(ARTICLE, *saved[0].key) == () and one_state == {}
    with pytest.raises(CorrectionsError, match="article id"):
        one.save("", Correction(0, 7, "Donetsk", "709717"))
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ann", "Ann"),
        ("  Ann \n  Smith\t", "Ann Smith"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),  # kept as typed, shown escaped
        ("A" * MAX_AUTHOR_CHARS, "A" * MAX_AUTHOR_CHARS),
    ],
)
def test_an_author_name_is_tidied(typed: str, expected: str) -> None:
    assert author_name(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "give your name"),
        (" \n\t ", "give your name"),
        ("\u200b\u2060", "give your name"),  # only invisible characters
        ("A" * (MAX_AUTHOR_CHARS + 1), f"at most {MAX_AUTHOR_CHARS} characters"),
    ],
)
def test_an_empty_or_long_author_name_is_refused(typed: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        author_name(typed)


@pytest.mark.parametrize(
    ("value", "shared"),
    [("1", True), ("true", True), (" YES ", True), ("on", True), ("", False), ("0", False), ("no", False)],
)
def test_the_shared_setting(value: str, shared: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    assert shared_corrections(value) is shared
    monkeypatch.setenv("FRONTLINE_SHARED_CORRECTIONS", value)
    assert shared_corrections() is shared
    monkeypatch.delenv("FRONTLINE_SHARED_CORRECTIONS")
    assert shared_corrections() is False


def test_a_correction_is_described_with_place_who_and_when(olenivka: Mention, gazetteer) -> None:
    chosen = olenivka.candidates[2].place
    fix = replace(Correction.for_mention(olenivka, chosen, author="Ann"), saved_at="2025-03-01T09:30:00Z")
    (corrected,) = apply_corrections([olenivka], [fix], gazetteer)
    line = describe_correction(fix, [corrected])
    span, signed = f"(characters {olenivka.start}–{olenivka.end})", "Ann · 2025-03-01T09:30:00Z"
    assert line == f"“Olenivka” {span} → {chosen.name} ({chosen.admin1}) · {signed}"
    assert describe_correction(fix) == f"“Olenivka” {span} → place {chosen.geonameid} · {signed}"
