"""Streamed and geometry inputs an attacker controls, through the real command line (issue 20).

Every command runs in a worker process (:class:`tests.robustness.runner.Runner`) under a time limit.

| command | hostile input | expected |
| --- | --- | --- |
| ``parse --jsonl`` | lines with a 5,000-digit id, 100,000 nested ``[``, a lone surrogate, ``1e999``, NaN, a string, number or null, a deep or list id, a text that is not a string, nothing, 30 MB, invalid UTF-8 | that line's ``{"id", "line", "error"}``; every other document's places; strict JSON |
| ``parse FILE`` | ``/dev/zero`` | status 2, one line naming the limit, in seconds |
| ``export --front-line`` | KML nested 50,000 ``<MultiGeometry>`` deep, a 2-position inner ring, 5,000-digit, NaN and infinite coordinates, an unclosed ring; GeoJSON likewise | status 2, one line naming the feature |
| ``export --roads`` | 5,000-digit, NaN, huge and out-of-range coordinates, 100,000 nested lists | status 2, one line |
| ``corpus`` | the JSON lines above; ``.toml`` metadata nested, numbered or dated beyond the limits; a file name that is not UTF-8 | one failure per bad document; every good document done |

The hostile front lines and roads are the Natural Earth line of contact (``layers/data``) with
one thing broken. Figures: ``test-artifacts/robustness/inputs-streams.json``.
"""  # noqa: E501 - a table

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pytest

from geo.geoparser import DEFAULT_MAX_CHARS
from tests.robustness.checks import record
from tests.robustness.runner import Outcome, Runner

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "debaltseve-2015-02-18"
CONTACT_LINE = ROOT / "layers" / "data" / "donbas_contact_line_2015-2022_naturalearth.geojson"
NGCA = ROOT / "layers" / "data" / "donbas_ngca_2015-2022_naturalearth.geojson"

GOOD = [
    {"id": "g-donetsk", "text": "Fighting near Donetsk."},
    {"id": 7, "text": "Shelling near Mariupol on Tuesday.", "published": "2015-02-18"},
    {"id": "g-kiev", "text": "KIEV — Kiev said talks in Minsk had failed."},
]
DIGITS = b"9" * 5000
#: Hostile JSON lines: (name, line, the id echoed in its error object).
BAD_LINES = [
    ("5000-digit id", b'{"id": ' + DIGITS + b', "text": "Kyiv"}', None),
    ("100k nested [", b"[" * 100_000, None),
    ("100k nested objects", b'{"a": ' * 100_000, None),
    ("lone-surrogate id", rb'{"id": "\ud800", "text": "Kyiv"}', None),
    ("lone-surrogate text", rb'{"id": "s", "text": "Kyiv \udfff"}', None),
    ("id 1e999", b'{"id": 1e999, "text": "Kyiv"}', None),
    ("id NaN", b'{"id": NaN, "text": "Kyiv"}', None),
    ("-Infinity field", b'{"id": "i", "text": "Kyiv", "n": -Infinity}', None),
    ("5000-digit float", b'{"id": "f", "text": "Kyiv", "n": 1.' + DIGITS + b"}", None),
    ("a JSON string", b'"Kyiv"', None),
    ("a number", b"42", None),
    ("null", b"null", None),
    ("id nested 40 deep", b'{"id": ' + b"[" * 40 + b"]" * 40 + b', "text": "Kyiv"}', None),
    ("id a list", b'{"id": [[["x"]]], "text": "Kyiv"}', None),
    ("id of 5000 characters", b'{"id": "' + b"x" * 5000 + b'", "text": "Kyiv"}', None),
    ("id true", b'{"id": true, "text": "Kyiv"}', None),
    ("text a number", b'{"id": "t", "text": 17}', "t"),
    ("text a list", b'{"id": "t2", "text": ["Kyiv"]}', "t2"),
    ("empty line", b"", None),
    ("blank line", b" \t ", None),
    ("30 MB line", b'{"id": "big", "text": "' + b"Kyiv " * 6_000_000 + b'"}', None),
    ("invalid UTF-8", b'{"id": "u", "text": "Ky\xff\xfeiv"}', None),
    ("truncated JSON", b'{"id": "cut", "text": "Kyiv', None),
]


@dataclass
class Figures:
    """What the module's commands did, recorded when it ends."""

    outcomes: list[Outcome] = field(default_factory=list)
    lost: int = 0
    invalid_json_lines: int = 0


@pytest.fixture(scope="module")
def figures() -> Iterator[Figures]:
    seen = Figures()
    yield seen
    record(
        "inputs-streams",
        tried=len(seen.outcomes),
        crashes=sum(not o.clean and not o.hung for o in seen.outcomes),
        hangs=sum(o.hung for o in seen.outcomes),
        lost=seen.lost,
        invalid_json_lines=seen.invalid_json_lines,
        slowest_s=round(max((o.seconds for o in seen.outcomes), default=0.0), 2),
    )


@pytest.fixture(scope="module")
def run(figures: Figures) -> Iterator[Callable[..., Outcome]]:
    with Runner(timeout=120) as runner:

        def run(argv: list[str], stdin: bytes = b"") -> Outcome:
            outcome = runner.run(argv, stdin=stdin)
            figures.outcomes.append(outcome)
            return outcome

        yield run


@pytest.fixture(scope="module")
def reference(run: Callable[..., Outcome]) -> dict[object, dict]:
    """The output of each good document parsed on its own."""
    outcome = run(["parse", "--jsonl"], stdin=_jsonl([json.dumps(d).encode() for d in GOOD]))
    assert outcome.clean and outcome.status == 0, outcome
    out = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert [o["id"] for o in out] == [d["id"] for d in GOOD] and all(o["places"] for o in out)
    return {o["id"]: o for o in out}


def _jsonl(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _strict(line: str) -> dict | None:
    """The object of one output line, or None when it is not strict JSON in UTF-8."""
    try:
        line.encode("utf-8")  # a lone surrogate cannot be written as UTF-8
        value = json.loads(line, parse_constant=_refuse_constant)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _parsed(outcome: Outcome, figures: Figures) -> list[dict | None]:
    out = [_strict(line) for line in outcome.stdout.splitlines()]
    figures.invalid_json_lines += out.count(None)
    return out


def _lost(out: list[dict | None], good_at: dict[int, object], reference: dict[object, dict]) -> int:
    """Good documents (line number -> id) without their output line."""
    return sum(n > len(out) or out[n - 1] != reference[doc_id] for n, doc_id in good_at.items())


def _one_refusal(outcome: Outcome, command: str) -> str:
    assert outcome.clean and outcome.status == 2, outcome
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"frontline {command}: error: "), outcome.stderr
    return lines[0]


# -- frontline parse --jsonl -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "line", "echoed"), BAD_LINES, ids=[c[0] for c in BAD_LINES])
def test_a_bad_line_between_good_documents_gets_its_own_error(run, figures, reference, name, line, echoed):
    before, after = (json.dumps(d).encode() for d in GOOD[:2])
    outcome = run(["parse", "--jsonl"], stdin=_jsonl([before, line, after]))
    out = _parsed(outcome, figures)
    lost = _lost(out, {1: GOOD[0]["id"], 3: GOOD[1]["id"]}, reference)
    figures.lost += lost
    assert outcome.clean and outcome.status == 0 and outcome.stderr == "", outcome
    assert len(out) == 3 and None not in out and lost == 0, outcome.stdout[:2000]
    assert set(out[1]) == {"id", "line", "error"} and (out[1]["id"], out[1]["line"]) == (echoed, 2)
    assert out[1]["error"].startswith("line 2") and "\n" not in out[1]["error"]


def test_every_bad_line_in_one_run_loses_no_document(run, figures, reference):
    """Good documents between all the bad lines: one strict JSON line per input line."""
    lines, good_at = [], {}
    for index, (_, line, _) in enumerate(BAD_LINES):
        doc = GOOD[index % len(GOOD)]
        good_at[len(lines) + 1] = doc["id"]
        lines += [json.dumps(doc).encode(), line]
    outcome = run(["parse", "--jsonl"], stdin=_jsonl(lines))
    out = _parsed(outcome, figures)
    lost = _lost(out, good_at, reference)
    figures.lost += lost
    assert outcome.clean and outcome.status == 0, outcome
    assert len(out) == len(lines) and None not in out and lost == 0
    errors = [o for o in out if "error" in o]
    assert [o["line"] for o in errors] == [2 * (i + 1) for i in range(len(BAD_LINES))]


def test_a_text_over_the_geoparsers_limit_is_that_lines_error(run, figures, reference):
    """A 20-million-character text fits in a line but not in geoparse: that line's error only."""
    long_text = {"id": "long", "text": "Kyiv " * (DEFAULT_MAX_CHARS // 5 + 1)}
    lines = [json.dumps(GOOD[0]).encode(), json.dumps(long_text).encode(), json.dumps(GOOD[2]).encode()]
    outcome = run(["parse", "--jsonl"], stdin=_jsonl(lines))
    out = _parsed(outcome, figures)
    assert outcome.clean and [o["id"] for o in out] == ["g-donetsk", "long", "g-kiev"]
    assert out[0] == reference["g-donetsk"] and out[2] == reference["g-kiev"]
    assert "too long" in out[1]["error"] and out[1]["line"] == 2


# -- frontline parse FILE ----------------------------------------------------------------------


def test_parse_of_dev_zero_is_refused_at_the_limit(run):
    outcome = run(["parse", "/dev/zero"])
    line = _one_refusal(outcome, "parse")
    assert "/dev/zero is larger than 80 MB" in line and f"{DEFAULT_MAX_CHARS:,} characters" in line
    assert outcome.seconds < 20


# -- frontline export --front-line / --roads ---------------------------------------------------


def _contact_line() -> list[list[float]]:
    return json.loads(CONTACT_LINE.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"]


def _ngca_ring() -> list[list[float]]:
    return json.loads(NGCA.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"][0]


def _kml_coords(positions: list) -> str:
    return " ".join(f"{p[0]},{p[1]}" if isinstance(p, list) else p for p in positions)


def _kml(geometry: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Placemark><name>Line of contact</name><TimeSpan><begin>2015-02</begin><end>2022-02</end>"
        f"</TimeSpan>{geometry}</Placemark></Document></kml>"
    )


def _kml_line(positions: list) -> str:
    return _kml(f"<LineString><coordinates>{_kml_coords(positions)}</coordinates></LineString>")


def _kml_polygon(outer: list, inner: list | None = None) -> str:
    ring = "<{0}BoundaryIs><LinearRing><coordinates>{1}</coordinates></LinearRing></{0}BoundaryIs>"
    holes = ring.format("inner", _kml_coords(inner)) if inner else ""
    return _kml(f"<Polygon>{ring.format('outer', _kml_coords(outer))}{holes}</Polygon>")


def _kml_nested(depth: int) -> str:
    line = f"<LineString><coordinates>{_kml_coords(_contact_line())}</coordinates></LineString>"
    return _kml("<MultiGeometry>" * depth + line + "</MultiGeometry>" * depth)


def _geojson(kind: str, coordinates: object, name: str = "Line of contact") -> str:
    geometry = {"type": kind, "coordinates": coordinates}
    feature = {"type": "Feature", "properties": {"name": name, "valid_from": "2015-02"}, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)


def _with_first(positions: list, first: str) -> str:
    """JSON positions whose first one is replaced by raw JSON text ``first``."""
    return "[" + ", ".join([first] + [json.dumps(p) for p in positions[1:]]) + "]"


def _geojson_raw(kind: str, coordinates: str, name: str = '"Line of contact"') -> str:
    """GeoJSON text whose coordinates (and name) are raw JSON text."""
    return (
        _geojson(kind, "@coordinates@", "@name@")
        .replace('"@coordinates@"', coordinates)
        .replace('"@name@"', name)
    )


def _line_starting(first: str) -> str:
    """The contact line as GeoJSON text, its first position replaced by raw JSON text."""
    return _geojson_raw("LineString", _with_first(_contact_line(), first))


def _hostile_front_lines() -> dict[str, tuple[str, str]]:
    """Name -> (file text, reason expected in the refusal); ``.kml`` or ``.geojson`` by name."""
    line, ring = _contact_line(), _ngca_ring()
    hole = [ring[10], ring[20]]
    return {
        "nested-50k.kml": (_kml_nested(50_000), "nests deeper than 32"),
        "inner-ring-2.kml": (_kml_polygon(ring, hole), "placemark 0: a polygon ring of 2 position"),
        "digits-5000.kml": (_kml_line(["3" * 5000 + ",48"] + line[1:]), "placemark 0: invalid coordinate"),
        "ring-nan.kml": (_kml_polygon(["nan,48.0"] + ring[1:]), "placemark 0: invalid position"),
        "infinite.kml": (_kml_line(["1e999,48"] + line[1:]), "placemark 0: invalid position"),
        "unclosed.kml": (_kml_polygon(ring[:-1]), "placemark 0: a polygon ring is not closed"),
        "one-position.kml": (_kml_line(line[:1]), "needs at least two positions"),
        "nested-100k.geojson": (_geojson_raw("LineString", "[" * 100_000), "nests deeper than 32"),
        "digits-5000.geojson": (_line_starting(f"[{'3' * 5000}, 48]"), "more than 20 digits"),
        "nan.geojson": (_line_starting("[NaN, 48]"), "NaN is not a JSON number"),
        "infinity.geojson": (_line_starting("[-Infinity, 48]"), "-Infinity is not a JSON number"),
        "overflow.geojson": (_line_starting("[1e400, 48]"), "must be finite"),
        "far.geojson": (_line_starting("[1e17, 48]"), "feature 0: invalid position"),
        "unclosed.geojson": (_geojson("Polygon", [ring[:-1]]), "feature 0: a polygon ring is not closed"),
        "inner-ring-2.geojson": (_geojson("Polygon", [ring, hole]), "feature 0: a polygon ring of 2"),
        "flat-nesting.geojson": (_geojson("Polygon", ring), "feature 0: coordinates must be"),
        "surrogate.geojson": (_geojson_raw("LineString", json.dumps(line), r'"\ud800"'), "lone surrogate"),
        "undecodable.geojson": (_geojson("LineString", line, name="\ud800"), "not valid UTF-8"),
    }


HOSTILE_FRONT_LINES = _hostile_front_lines()


@pytest.mark.parametrize("name", sorted(HOSTILE_FRONT_LINES))
def test_a_hostile_front_line_file_is_one_line_of_refusal(run, tmp_path, name):
    text, reason = HOSTILE_FRONT_LINES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome = run(["export", str(SEED), "--front-line", str(path), "--out", str(tmp_path / "map.html")])
    line = _one_refusal(outcome, "export")
    assert str(path) in line and reason in line, line
    assert not (tmp_path / "map.html").exists()


@pytest.mark.parametrize(
    ("name", "text"),
    [("contact-line.kml", _kml_line(_contact_line())), ("ngca.kml", _kml_polygon(_ngca_ring()))],
)
def test_the_real_line_of_contact_as_kml_is_drawn(run, tmp_path, name, text):
    """The same data, unbroken, exports: the refusals above are the breakage, not the data."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    outcome = run(["export", str(SEED), "--front-line", str(path), "--out", str(tmp_path / "map.html")])
    assert outcome.clean and outcome.status == 0, outcome
    assert "Line of contact" in (tmp_path / "map.html").read_text(encoding="utf-8")


HOSTILE_ROADS = {
    "digits-5000": (f"[{'3' * 5000}, 48]", "more than 20 digits"),
    "digits-5000-float": (f"[3.{'3' * 5000}, 48]", "more than 64 characters"),
    "nan": ("[NaN, 48]", "NaN is not a JSON number"),
    "huge": ("[1e300, 48]", "larger than 1e+18"),
    "latitude-95": ("[38, 95]", "feature 0: invalid position"),
    "nested-100k": ("[" * 100_000, "nests deeper than 32"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_ROADS))
def test_a_hostile_road_network_is_one_line_of_refusal(run, tmp_path, name):
    first, reason = HOSTILE_ROADS[name]
    path = tmp_path / f"{name}.geojson"
    path.write_text(_line_starting(first), encoding="utf-8")
    outcome = run(["export", str(SEED), "--roads", str(path), "--out", str(tmp_path / "map.html")])
    line = _one_refusal(outcome, "export")
    assert reason in line, line


def test_the_real_line_of_contact_as_a_road_network_is_accepted(run, tmp_path):
    path = tmp_path / "roads.geojson"
    path.write_text(_geojson("LineString", _contact_line()), encoding="utf-8")
    outcome = run(["export", str(SEED), "--roads", str(path), "--out", str(tmp_path / "map.html")])
    assert outcome.clean and outcome.status == 0, outcome


# -- frontline corpus --------------------------------------------------------------------------


def _failures(out: Path) -> dict[str, str]:
    with (out / "failures.csv").open(encoding="utf-8", newline="") as handle:
        return {row["article_id"]: row["reason"] for row in csv.DictReader(handle)}


def _corpus(run: Callable[..., Outcome], figures: Figures, source: Path, out: Path, good: set[str]) -> dict:
    """Run ``frontline corpus``; count the good documents whose mentions are missing as lost."""
    outcome = run(["corpus", str(source), "--out", str(out), "--workers", "1", "--quiet"])
    mentions = out / "mentions.parquet"
    done = set(gpd.read_parquet(mentions)["article_id"]) if mentions.is_file() else set()
    figures.lost += len(good - done)
    assert outcome.clean and outcome.status == 0, outcome
    assert done == good
    return json.loads(outcome.stdout)


def test_a_jsonl_corpus_reports_each_bad_line_and_does_every_good_one(run, figures, tmp_path):
    lines, good, bad = [], [], []
    for index, (_, line, _) in enumerate(BAD_LINES):
        doc = {**GOOD[index % len(GOOD)], "id": f"good-{index}"}
        lines += [json.dumps(doc).encode(), line]
        good.append(doc["id"])
        if line.strip():  # blank lines are not documents in a corpus
            bad.append(f"c.jsonl:{len(lines)}")
    (tmp_path / "c.jsonl").write_bytes(_jsonl(lines))
    summary = _corpus(run, figures, tmp_path / "c.jsonl", tmp_path / "out", set(good))
    counts = (summary["documents"], summary["ok"], summary["failed"])
    assert counts == (len(good) + len(bad), len(good), len(bad))
    failures = _failures(tmp_path / "out")
    assert sorted(failures) == sorted(bad) and all(failures.values())
    assert "nests deeper than 32" in failures["c.jsonl:4"] and "too large" in failures["c.jsonl:42"]


def test_a_folder_corpus_reports_hostile_metadata_per_document(run, figures, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    metadata = {
        "good-1": 'published = "2015-02-18"\n',
        "good-2": 'title = "Evening report"\n',
        "deep": "a = " + "[" * 100 + "]" * 100 + "\n",
        "digits": "x = " + "9" * 5000 + "\n",
        "surrogate": 'title = "\\ud800"\n',
        "ancient": "published = 0001-01-01\n",
        "far-future": 'published = "2999-01-01"\n',
        "huge": 'title = "' + "a" * 200_000 + '"\n',
    }
    for name, toml in metadata.items():
        (corpus / f"{name}.txt").write_text("Shelling near Mariupol on Tuesday.", encoding="utf-8")
        (corpus / f"{name}.toml").write_text(toml, encoding="utf-8")
    (corpus / "undecodable-\udcff.txt").write_text("Fighting near Donetsk.", encoding="utf-8")
    summary = _corpus(run, figures, corpus, tmp_path / "out", {"good-1", "good-2"})
    assert (summary["ok"], summary["failed"]) == (2, 7)
    failures = _failures(tmp_path / "out")
    assert set(failures) == set(metadata) - {"good-1", "good-2"} | {"undecodable-\\xff"}
    assert "nests deeper than 32" in failures["deep"] and "more than 20 digits" in failures["digits"]
    assert "0001-01-01 is outside" in failures["ancient"] and "2999-01-01" in failures["far-future"]
    assert "larger than" in failures["huge"] and "not valid UTF-8" in failures["undecodable-\\xff"]
