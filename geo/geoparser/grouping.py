"""Step 4: group the kept names by sense, with the spatial relations the text states between them."""

from __future__ import annotations

from collections import defaultdict

from geo.geoparser.lookup import namesakes_in
from geo.geoparser.record import Document
from geo.resolution import CONTAINERS, Group
from geo.spatial import relations

__all__ = ["group_names"]


def group_names(doc: Document) -> None:
    """Fill ``doc.groups`` (one per sense of a name in the document) and each kept name's ``group``.

    A sense is a name, whether the text calls it a region, and the container it is written with:
    "Washington, D.C." is one sense and "Washington" (the state, in the same text) another. A name
    written with its region ("Petrivka, Donetsk") also gets the namesakes in the regions that
    container may be, however small: the most populous namesakes alone may all lie elsewhere.
    A group's members and its relations' ``other`` are positions in ``doc.kept``.
    """
    kept, gazetteer = doc.kept, doc.gazetteer
    rels = relations(
        doc.text,
        [(n.span.start, n.span.end) for n in kept],
        {pos for pos, n in enumerate(kept) if n.fixed is not None},
    )
    members: dict[tuple[str, bool, str], list[int]] = defaultdict(list)
    regions_of: dict[tuple[str, bool, str], set[str]] = {}
    for pos, name in enumerate(kept):
        outer = next((r.other for r in rels.get(pos, ()) if r.within and r.other == pos + 1), None)
        container = kept[outer].span.key if outer is not None else ""
        sense = (name.span.key, name.reading.prefer_region, container)
        members[sense].append(pos)
        if outer is not None and sense not in regions_of:
            regions_of[sense] = {
                c.place.admin1_code
                for c in kept[outer].candidates[:CONTAINERS]
                if c.place.kind == "region" and c.place.admin1_code
            }
    groups = []
    for g, (sense, positions) in enumerate(members.items()):
        key, region, _container = sense
        for pos in positions:
            kept[pos].group = g
        first = kept[positions[0]]
        found = first.candidates
        if regions_of.get(sense):
            ids = {c.place.geonameid for c in found}
            more = namesakes_in(gazetteer, first.span.text, regions_of[sense])
            found = (*found, *(c for c in more if c.place.geonameid not in ids))
        groups.append(
            Group(
                key=key,
                candidates=found,
                members=tuple(positions),
                prefer_region=region,
                relations=tuple(r for pos in positions for r in rels.get(pos, ())),
            )
        )
    doc.groups = groups
