"""Hostile curated files (``article.toml``, ``events.yaml``, ``routes.yaml``) through the real command line.

Each case is an article folder: a copy of ``hostile/curated_events`` (or of the seed, for routes)
with one file replaced. It runs through ``frontline events`` and ``frontline export`` in a worker
process (:class:`tests.robustness.runner.Runner`) and must end cleanly within 5 seconds: mapped
(status 0) when the file is valid, else status 2 with ONE stderr line naming the file and the problem
(``frontline events: error: …/events.yaml, event 3, fatalities: must be a non-negative integer …``),
never a traceback, and no map written.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.robustness.checks import record
from tests.robustness.runner import Outcome, Runner

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "robustness" / "hostile" / "curated_events"
SEED = ROOT / "seeds" / "debaltseve-2015-02-18"
#: Slowest a refusal (or a small valid folder) may take, in seconds.
BUDGET_S = 5.0
DEEP = 50_000

TOML = (HOSTILE / "article.toml").read_text(encoding="utf-8")
EVENTS = (HOSTILE / "events.yaml").read_text(encoding="utf-8")
ROUTES = (SEED / "routes.yaml").read_text(encoding="utf-8")


def _swap(text: str, old: str, new: str) -> str:
    """``text`` with the line starting ``old`` replaced by ``new``."""
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(old))
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = f"{indent}{new}\n"
    return "".join(lines)


def _toml(old: str, new: str) -> str:
    return _swap(TOML, old, new)


def _events(old: str, new: str) -> str:
    return _swap(EVENTS, old, new)


def _routes(old: str, new: str) -> str:
    return _swap(ROUTES, old, new)


@dataclass(frozen=True)
class Curated:
    """An article folder with one curated file replaced, and what Frontline owes it."""

    name: str
    files: dict[str, str | bytes | None]  # file name -> new content (None: removed)
    message: str = ""  # a regular expression the refusal line matches; "" = mapped (status 0)
    base: Path = HOSTILE
    commands: tuple[str, ...] = ("events", "export")
    named: str = field(default="")  # the file the refusal must name (the replaced one by default)

    def folder(self, root: Path) -> Path:
        """Write the case's folder under ``root``; return it."""
        target = root / self.name
        shutil.copytree(self.base, target)
        for name, content in self.files.items():
            if content is None:
                (target / name).unlink()
            elif isinstance(content, bytes):
                (target / name).write_bytes(content)
            else:
                (target / name).write_text(content, encoding="utf-8")
        return target

    @property
    def file(self) -> str:
        """The file a refusal names."""
        return self.named or next(iter(self.files))


CASES = [
    Curated("hostile_as_kept", {}, ""),
    # article.toml
    Curated(
        "toml_country_focus_integer",
        {"article.toml": TOML + "country_focus = 5\n"},
        r"country_focus: must be a two-letter country code or a list of them, not an integer",
    ),
    Curated("toml_country_focus_lone_string", {"article.toml": TOML + 'country_focus = "UA"\n'}, ""),
    Curated(
        "toml_country_focus_three_letters",
        {"article.toml": TOML + 'country_focus = ["UKR"]\n'},
        r"country_focus: a country code is two letters",
    ),
    Curated(
        "toml_country_focus_nested_list",
        {"article.toml": TOML + 'country_focus = ["UA", ["RU"]]\n'},
        r"country_focus: a country code is two letters \(ISO 3166, e\.g\. 'UA'\), not a list",
    ),
    Curated(
        "toml_title_5000_digits",
        {"article.toml": _toml("title", "title = " + "7" * 5000)},
        r"an integer of more than 20 digits",
    ),
    Curated(
        "toml_date_5000_digits",
        {"article.toml": _toml("published", "published = " + "2" * 5000)},
        r"an integer of more than 20 digits",
    ),
    Curated(
        "toml_nested_50k_unclosed",
        {"article.toml": TOML + "tags = " + "[" * DEEP + "\n"},
        r"nests deeper than 32 levels",
    ),
    Curated(
        "toml_nested_40k",  # closed, just under the 100,000-byte limit of article.toml
        {"article.toml": TOML + "tags = " + "[" * 40_000 + "]" * 40_000 + "\n"},
        r"nests deeper than 32 levels",
    ),
    Curated(
        "toml_nested_tables_30k",
        {"article.toml": TOML + "tags = " + "{a=" * 30_000 + "\n"},
        r"nests deeper than 32 levels",
    ),
    Curated(
        "toml_year_1_on_tuesday",
        {"article.toml": _toml("published", "published = 0001-01-01")},
        r"0001-01-01 is outside 1800-01-01 … 2199-12-31",
    ),
    Curated(
        "toml_year_1_on_tuesday_extracted",
        {"article.toml": _toml("published", "published = 0001-01-01"), "events.yaml": None},
        r"0001-01-01 is outside 1800-01-01",
        named="article.toml",
    ),
    Curated(
        "toml_year_1_as_text",
        {"article.toml": _toml("published", 'published = "0001-01-01"')},
        r"published date: 0001-01-01 is outside 1800-01-01",
    ),
    Curated(
        "toml_year_99999_as_text",
        {"article.toml": _toml("published", 'published = "99999-01-01"')},
        r"published date: '99999-01-01': the year is outside 1800 … 2199",
    ),
    Curated(
        "toml_first_day_of_the_range_on_tuesday",
        {"article.toml": _toml("published", "published = 1800-01-01")},
        r"event .*: 'Tuesday' in an article of 1800-01-01 falls before 1800-01-01",
        named="events.yaml",
    ),
    Curated(
        "toml_first_day_of_the_range_extracted",
        {"article.toml": _toml("published", "published = 1800-01-01"), "events.yaml": None},
        "",
    ),
    Curated("toml_last_day_of_the_range", {"article.toml": _toml("published", "published = 2199-12-31")}, ""),
    Curated(
        "toml_published_nan",
        {"article.toml": _toml("published", "published = nan")},
        r"a number must be finite",
    ),
    Curated(
        "toml_published_integer",
        {"article.toml": _toml("published", "published = 2015")},
        r"published date: must be a date \(YYYY-MM-DD\), not an integer",
    ),
    Curated(
        "toml_title_integer",
        {"article.toml": _toml("title", "title = 5")},
        r"title: must be text, not an integer",
    ),
    Curated(
        "toml_title_list",
        {"article.toml": _toml("title", 'title = ["a", "b"]')},
        r"title: must be text, not a list",
    ),
    Curated(
        "toml_title_too_long",
        {"article.toml": _toml("title", 'title = "' + "t" * 5000 + '"')},
        r"title: is longer than 1,000 characters",
    ),
    Curated("toml_unknown_key", {"article.toml": TOML + 'colour = "red"\n'}, r"unknown key 'colour'"),
    Curated(
        "toml_3mb",
        {"article.toml": TOML + 'note = "' + "n" * 3_000_000 + '"\n'},
        r"is 3,000,\d+ bytes; article\.toml is limited to 100,000 bytes",
    ),
    Curated("toml_invalid_utf8", {"article.toml": TOML.encode() + b'note = "\xff"\n'}, r"UTF-8"),
    # events.yaml
    Curated(
        "yaml_nested_50k_flow",
        {"events.yaml": "events:\n  - notes: " + "[" * DEEP + "]" * DEEP + "\n"},
        r"nests deeper than 32 levels",
    ),
    Curated(
        "yaml_nested_50k_block",
        {"events.yaml": "events:\n" + "- " * DEEP + "x\n"},
        r"nests deeper than 32 levels",
    ),
    Curated(
        "yaml_nested_50k_mappings",
        {"events.yaml": "events:\n  - notes: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n"},
        r"nests deeper than 32 levels",
    ),
    Curated(
        "yaml_fatalities_5000_digits",
        {"events.yaml": _events("fatalities", "fatalities: " + "9" * 5000)},
        r"an integer of more than 20 digits",
    ),
    Curated(
        "yaml_fatalities_negative",
        {"events.yaml": _events("fatalities", "fatalities: -2")},
        r"event .*, fatalities: must be a non-negative integer up to 1,000,000, not -2",
    ),
    Curated(
        "yaml_fatalities_nan",
        {"events.yaml": _events("fatalities", "fatalities: .nan")},
        r"a number must be finite",
    ),
    Curated(
        "yaml_fatalities_infinite",
        {"events.yaml": _events("fatalities", "fatalities: 1.0e+400")},
        r"a number must be finite",
    ),
    Curated(
        "yaml_fatalities_fraction",
        {"events.yaml": _events("fatalities", "fatalities: 2.5")},
        r"fatalities: must be a non-negative integer up to 1,000,000, not 2\.5",
    ),
    Curated(
        "yaml_fatalities_too_many",
        {"events.yaml": _events("fatalities", "fatalities: 1000000000000000")},
        r"fatalities: must be a non-negative integer up to 1,000,000, not 1000000000000000",
    ),
    Curated(
        "yaml_fatalities_text",
        {"events.yaml": _events("fatalities", "fatalities: many")},
        r"fatalities: must be a non-negative integer up to 1,000,000, not 'many'",
    ),
    Curated(
        "yaml_fatalities_range_negative",
        {"events.yaml": _events("fatalities", "fatalities: {best: 2, low: -1}")},
        r"fatalities, low: must be a non-negative integer",
    ),
    Curated(
        "yaml_fatalities_range_reversed",
        {"events.yaml": _events("fatalities", "fatalities: {low: 9, high: 2}")},
        r"fatalities: casualty low 9 exceeds high 2",
    ),
    Curated(
        "yaml_when_year_99999",
        {"events.yaml": _events("when", "when: '99999-01-01'")},
        r"when: '99999-01-01': the year is outside 1800 … 2199",
    ),
    Curated(
        "yaml_when_year_1_date",
        {"events.yaml": _events("when", "when: 0001-01-01")},
        r"0001-01-01 is outside 1800-01-01",
    ),
    Curated(
        "yaml_when_year_1_text",
        {"events.yaml": _events("when", "when: '0001-01'")},
        r"when: '0001-01' is outside 1800-01-01",
    ),
    Curated(
        "yaml_when_list",
        {"events.yaml": _events("when", "when: [Tuesday]")},
        r"when: must be a date or an expression such as 'on Tuesday', not a list",
    ),
    Curated(
        "yaml_quote_list",
        {"events.yaml": _events("quote", "quote: [Rebels, shelled]")},
        r"quote: must be text, not a list",
    ),
    Curated(
        "yaml_quote_too_long",
        {"events.yaml": _events("quote", "quote: " + "q" * 6000)},
        r"quote: is longer than 5,000 characters",
    ),
    Curated(
        "yaml_place_mapping",
        {"events.yaml": _events("place", "place: {name: Debaltseve}")},
        r"place: must be text, not a mapping",
    ),
    Curated(
        "yaml_geonameid_text",
        {"events.yaml": _events("geonameid", "geonameid: '710229'")},
        r"geonameid: must be an integer, not text",
    ),
    Curated(
        "yaml_precision_true",
        {"events.yaml": _events("geo_precision", "geo_precision: true")},
        r"geo_precision: must be 1, 2 or 3, not true",
    ),
    Curated(
        "yaml_id_mapping",
        {"events.yaml": _events("- id", "- id: {a: 1}")},
        r"event 1, id: must be text or an integer, not a mapping",
    ),
    Curated("yaml_unknown_key", {"events.yaml": EVENTS + "    colour: red\n"}, r"unknown key 'colour'"),
    Curated(
        "yaml_missing_quote", {"events.yaml": _events("quote", "# no quote")}, r"event .*: missing quote"
    ),
    Curated(
        "yaml_events_mapping", {"events.yaml": "events: {id: e1}\n"}, r"events: must be a list, not a mapping"
    ),
    Curated(
        "yaml_top_level_list",
        {"events.yaml": "- events\n"},
        r"expected a mapping with a list under 'events', not a list",
    ),
    Curated("yaml_empty", {"events.yaml": ""}, r"events\.yaml: the file is empty"),
    Curated(
        "yaml_not_coded_number",
        {"events.yaml": EVENTS + "not_coded: 5\n"},
        r"not_coded: must be a list, not an integer",
    ),
    Curated("yaml_alias", {"events.yaml": "a: &a [1]\nevents: *a\n"}, r"aliases"),
    Curated(
        "yaml_3mb", {"events.yaml": EVENTS + "# " + "x" * 3_000_000 + "\n"}, r"3\.0 MB, larger than 2 MB"
    ),
    Curated("yaml_invalid_utf8", {"events.yaml": EVENTS.encode() + b"    notes: \xff\n"}, r"not valid UTF-8"),
    # routes.yaml (read by ``export``; the seed's folder has a valid one)
    Curated("seed_as_kept", {}, "", base=SEED, commands=("export",)),
    Curated(
        "routes_nested_50k",
        {"routes.yaml": "routes:\n  - " + "[" * DEEP + "]" * DEEP + "\n"},
        r"nests deeper than 32 levels",
        base=SEED,
        commands=("export",),
    ),
    Curated(
        "routes_geonameid_5000_digits",
        {"routes.yaml": _routes("- {place: Luhanske", "- {place: Luhanske, geonameid: " + "7" * 5000 + "}")},
        r"an integer of more than 20 digits",
        base=SEED,
        commands=("export",),
    ),
    Curated(
        "routes_miles_negative",
        {"routes.yaml": _routes("miles", "miles: -10")},
        r"stated leg 1, miles: must be a positive number, not -10",
        base=SEED,
        commands=("export",),
    ),
    Curated(
        "routes_miles_nan",
        {"routes.yaml": _routes("miles", "miles: .nan")},
        r"a number must be finite",
        base=SEED,
        commands=("export",),
    ),
    Curated(
        "routes_waypoints_text",
        {"routes.yaml": "routes:\n  - id: r\n    waypoints: Debaltseve\n    quote: a deadly 10-mile\n"},
        r"waypoints: must be a list, not text",
        base=SEED,
        commands=("export",),
    ),
    Curated(
        "routes_when_year_99999",
        {"routes.yaml": _routes("when", "when: '99999-01-01'")},
        r"when: '99999-01-01': the year is outside",
        base=SEED,
        commands=("export",),
    ),
    Curated(
        "routes_3mb",
        {"routes.yaml": ROUTES + "# " + "x" * 3_000_000 + "\n"},
        r"larger than 2 MB",
        base=SEED,
        commands=("export",),
    ),
]


def _argv(command: str, folder: Path, maps: Path) -> list[str]:
    if command == "events":
        return ["events", str(folder), "--format", "csv"]
    return ["export", str(folder), "--out", str(maps / f"{folder.name}.html")]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Outcome, bool]]:
    """Every case through its commands, once: the outcome and whether a map was written.

    The figures are recorded whatever the checks say.
    """
    folders, maps = tmp_path_factory.mktemp("curated"), tmp_path_factory.mktemp("maps")
    results = {}
    with Runner(timeout=120) as runner:
        for case in CASES:
            folder = case.folder(folders)
            for command in case.commands:
                outcome = runner.run(_argv(command, folder, maps))
                results[case.name, command] = (outcome, (maps / f"{case.name}.html").exists())
    runs = [outcome for outcome, _ in results.values()]
    record("inputs-curated", tried=len(runs), cases=len(CASES), crashes=sum(not o.clean for o in runs),
           hangs=sum(o.hung for o in runs), slowest_s=round(max(o.seconds for o in runs), 3),
           slowest=" ".join(max(results, key=lambda k: results[k][0].seconds)))  # fmt: skip
    return results


def _problem(case: Curated, command: str, outcome: Outcome, map_written: bool) -> str:
    """What is wrong with an outcome, or ""."""
    if not outcome.clean:
        return f"not clean: status {outcome.status}, hung={outcome.hung}: {outcome.crash or outcome.stderr}"
    if outcome.seconds >= BUDGET_S:
        return f"took {outcome.seconds:.2f} s"
    if not case.message:
        return "" if outcome.status == 0 else f"refused: {outcome.stderr.strip()}"
    lines = outcome.stderr.strip().splitlines()
    if outcome.status != 2 or len(lines) != 1 or not lines[0].startswith(f"frontline {command}: error: "):
        return f"expected one refusal line and status 2, got {outcome.status}: {outcome.stderr!r}"
    if case.file not in lines[0] or not re.search(case.message, lines[0]):
        return f"the refusal does not name {case.file} and /{case.message}/: {lines[0]}"
    return "a map was written for a refused folder" if map_written and command == "export" else ""


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_curated_case_ends_as_it_should(case: Curated, outcomes) -> None:
    for command in case.commands:
        outcome, written = outcomes[case.name, command]
        assert _problem(case, command, outcome, written) == "", (command, outcome)
        assert written == (command == "export" and not case.message) or command == "events"


def test_no_crash_no_hang_and_every_case_well_under_five_seconds(outcomes) -> None:
    runs = [outcome for outcome, _ in outcomes.values()]
    assert len(CASES) >= 50 and len(runs) >= 100
    assert [key for key, (outcome, _) in outcomes.items() if not outcome.clean] == []
    slowest = max(runs, key=lambda o: o.seconds)
    assert slowest.seconds < BUDGET_S, slowest.argv
