"""The hostile-input corpus: files kept in ``hostile/`` plus inputs too big to commit, made on demand.

Every case says what Frontline must do with it: ``"ok"`` (mapped; any markup is shown as text,
never run) or ``"refused"`` (exit status 2, or :class:`~geo.errors.FrontlineError`, with a message
matching ``reason``). The generated cases are written into a folder the caller gives:

* a one-megabyte word (Latin and Cyrillic), 200,000 nested ``<div>`` elements;
* invalid UTF-8, an encoded surrogate, NUL bytes;
* an article just over the size limit (5 MB; ``frontline parse`` takes up to 20 million characters)
  and one over both limits;
* a zip bomb (a few hundred KB expanding to 200 MB of zeros), also renamed ``.txt``/``.html``;
* an XML "billion laughs" as KML and as HTML, and a GeoJSON nested 100,000 levels deep.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from geo.geoparser import DEFAULT_MAX_CHARS
from layers.article import MAX_ARTICLE_BYTES

HOSTILE_DIR = Path(__file__).resolve().parent / "hostile"
#: The marker every payload in the corpus tries to set.
MARKER = "__pwned"

_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE kml [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n"
)


@dataclass(frozen=True)
class Case:
    """One hostile input: a file or an article folder, and the outcome Frontline owes it."""

    name: str
    path: Path
    expect: str = "ok"  # "ok" or "refused"
    reason: str = ""  # a fragment of the refusal message
    parse: str = ""  # what ``frontline parse`` owes it, when that differs (its limit is in characters)

    def expected(self, command: str) -> str:
        """The outcome ``frontline COMMAND`` owes this case."""
        return self.parse or self.expect if command == "parse" else self.expect

    @property
    def text_file(self) -> Path:
        """The file ``frontline parse`` and the upload path read (a folder's ``article.txt``)."""
        return self.path / "article.txt" if self.path.is_dir() else self.path


def kept_cases() -> list[Case]:
    """The cases committed in ``hostile/``: markup, event handlers, bad URLs, bidi overrides."""
    return [Case(p.name, p) for p in sorted(HOSTILE_DIR.iterdir()) if not p.name.startswith((".", "_"))]


def generated_cases(folder: Path) -> list[Case]:
    """Write the big and binary cases into ``folder``; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    head = "Separatists shelled Debaltseve on Tuesday, killing three soldiers. "
    villages = "Troops captured Robotyne in Zaporizhzhia Oblast, near Pavlivka, south of Orikhiv. "
    files: dict[str, tuple[bytes, str, str]] = {
        "huge.txt": ((head * (DEFAULT_MAX_CHARS // len(head) + 10)).encode(), "refused", "MB"),
        "megaword.txt": ((head + "A" * 1_000_000 + " Mariupol.\n").encode(), "ok", ""),
        "megaword_cyrillic.txt": ((head + "Дебальцеве" * 50_000 + "\n").encode(), "ok", ""),
        "deep_nesting.html": (("<div>" * 200_000 + head + "</div>" * 10).encode(), "ok", ""),
        # one capitalised run of demonyms, one list of road numbers, one area after another
        "demonym_run.txt": ((head + "South African " * 50_000 + "\n").encode(), "ok", ""),
        "road_list.txt": ((head + "Traffic on the A1" + ", A1" * 50_000 + ".\n").encode(), "ok", ""),
        "compass_areas.txt": ((head + "Shelling in eastern Ghouta, " * 20_000 + "\n").encode(), "ok", ""),
        # one hyphenated run of 100,000 unknown words after a cue; unknown villages placed by phrases
        "hyphen_run.txt": (
            (head + "Troops fought in " + "-".join(["Abc"] * 100_000) + " Def said.\n").encode(), "ok", ""
        ),
        # a village the gazetteer lacks, and one whose namesakes all lie far away: 10,001 events on one map
        "unknown_villages.txt": ((head + villages * 10_000).encode(), "ok", ""),
        "nul_bytes.txt": (
            (head + "\x00<script>window.__pwned=1</script>\x00 Mariupol.\n").encode(),
            "ok",
            "",
        ),
        "billion_laughs.html": ((_LAUGHS + "<p>" + head + "&lol9;</p>").encode(), "ok", ""),
        "invalid_utf8.txt": (head.encode() + b"\xff\xfe\xc3\x28 Mariupol", "refused", "UTF-8"),
        "surrogate_utf8.txt": (head.encode() + b"\xed\xa0\x80", "refused", "UTF-8"),
        "oversized.txt": ((head * (MAX_ARTICLE_BYTES // len(head) + 10)).encode(), "refused", "MB"),
    }
    bomb = zip_bomb()
    files["zip_bomb.zip"] = (bomb, "refused", r"\.txt or \.html")  # refused by its type, unread
    files["zip_bomb.txt"] = (bomb, "refused", "UTF-8")
    files["zip_bomb.html"] = (bomb, "refused", "UTF-8")
    cases = []
    for name, (data, expect, reason) in files.items():
        (folder / name).write_bytes(data)
        cases.append(Case(name, folder / name, expect, reason, parse="ok" if name == "oversized.txt" else ""))
    return cases


def all_cases(folder: Path) -> list[Case]:
    """Kept and generated cases together."""
    return kept_cases() + generated_cases(folder)


def zip_bomb(expanded_mb: int = 200) -> bytes:
    """A zip archive of one file of ``expanded_mb`` MB of zeros (about 1000:1 compressed)."""
    buffer = io.BytesIO()
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("article.txt", "w", force_zip64=True) as member:
            for _ in range(expanded_mb):
                member.write(chunk)
    return buffer.getvalue()


def billion_laughs_kml() -> str:
    """KML whose DTD would expand ``&lol9;`` to a billion ``lol``s."""
    return (
        _LAUGHS
        + '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol9;</name></Placemark></kml>'
    )


def deep_geojson(depth: int = 100_000) -> str:
    """GeoJSON whose coordinates nest ``depth`` levels deep."""
    return '{"type": "LineString", "coordinates": ' + "[" * depth + "]" * depth + "}"


def copy_case(case: Case, folder: Path) -> Path:
    """Copy a case into ``folder`` (so commands that write next to it never touch the corpus)."""
    target = folder / case.path.name
    if case.path.is_dir():
        shutil.copytree(case.path, target, dirs_exist_ok=True)
    else:
        shutil.copyfile(case.path, target)
    return target
