"""The geoparser's parts on their own: spatial phrases, sentences, recognition, evidence."""

from __future__ import annotations

import re

import pytest

from geo.geoparser.demonyms import demonym_countries
from geo.gazetteer import Gazetteer, haversine_km
from geo.geoparser import geoparse
from geo.model import Place
from geo.recognition import find_spans, find_state_abbreviations
from geo.spatial import Relation, bearing_deg, relations
from geo.text import lexicon, sentence_span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Olenivka, south of Donetsk", Relation(other=1, direction=180.0)),
        ("Luhanske, at the end of a 10-mile stretch of highway out of Debaltseve",
         Relation(other=1, distance_km=16.09344)),
        ("Shyrokyne, 20 km east of Mariupol", Relation(other=1, direction=90.0, distance_km=20.0)),
        ("Slidell, Louisiana", Relation(other=1, within=True)),
        ("Marinka near Donetsk", Relation(other=1, near=True)),
    ],
)
def test_spatial_phrases(text: str, expected: Relation) -> None:
    words = text.split()
    first, last = words[0].rstrip(","), words[-1]
    spans = [(0, len(first)), (len(text) - len(last), len(text))]
    (found,) = relations(text, spans)[0]
    assert found.direction == expected.direction and found.near == expected.near and found.within == expected.within
    assert (found.distance_km is None) == (expected.distance_km is None)
    if expected.distance_km:
        assert found.distance_km == pytest.approx(expected.distance_km)


@pytest.mark.parametrize(
    ("text", "scoped"),
    [
        ("In Kharkiv Oblast, troops repelled attacks at Kupiansk and Balakliia. Lviv was calm.", [1, 2]),
        ("Quiet day. In the Zaporizhzhia region, Robotyne was hit.", [1]),
        ("Troops in Kharkiv Oblast, Kupiansk and Balakliia were tired.", []),  # a list, not a scope
        ("Fighting in Kharkiv, at Kupiansk.", []),
    ],
)
def test_a_sentence_opening_in_a_region_scopes_its_places(text: str, scoped: list[int]) -> None:
    names = ["Kharkiv Oblast", "Zaporizhzhia", "Kharkiv", "Kupiansk", "Balakliia", "Robotyne", "Lviv"]
    spans, at = [], 0
    for name in sorted(names, key=text.find):
        found = text.find(name, at)
        if found >= 0 and not any(s <= found < e for s, e in spans):
            spans.append((found, found + len(name)))
            at = found + len(name)
    found = relations(text, spans)
    assert [j for j in range(1, len(spans)) if Relation(other=0, within=True) in found.get(j, ())] == scoped


@pytest.mark.parametrize(
    ("text", "village", "oblast"),
    [
        # Petropavlivka (2,486) in Kharkiv oblast, not the bigger one in Dnipropetrovsk oblast
        ("In Kharkiv Oblast, troops attacked near Petropavlivka. "
         "In Dnipropetrovsk Oblast, shelling hit Nikopol.", "Petropavlivka", "Kharkivska oblast"),
        # Berezivka in Kharkiv oblast, not the town of 9,644 in Odesa oblast
        ("In Donetsk Oblast, troops attacked near Lyman. "
         "In Kharkiv Oblast, fighting went on near Berezivka.", "Berezivka", "Kharkivska oblast"),
    ],
)
def test_a_region_scope_chooses_among_namesakes(
    gazetteer: Gazetteer, text: str, village: str, oblast: str
) -> None:
    mention = next(m for m in geoparse(text, gazetteer) if m.text == village)
    assert mention.place.admin1 == oblast


def test_possessive_is_containment() -> None:
    text = "Russia’s Chechnya region"
    assert relations(text, [(0, 6), (9, 17)]) == {
        1: (Relation(other=0, within=True),),
        0: (Relation(other=1, contains=True),),
    }


@pytest.mark.parametrize(
    ("text", "contained"),
    [
        ("Paris, Texas, at night", True),
        ("Moscow, Idaho.", True),
        ("Washington, New York and Chicago", False),
        ("Kiev, Moscow, Minsk", False),
        ("Paris, Texas and Springfield, Illinois", True),  # a list of pairs
        ("Portland, Maine, and Athens, Georgia", True),
        ("Kiev, Moscow, Minsk and Warsaw", False),
    ],
)
def test_town_and_region_or_a_list(text: str, contained: bool) -> None:
    import re

    spans = [m.span() for m in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", text)]
    found = relations(text, spans)
    assert (Relation(other=1, within=True) in found.get(0, ())) is contained


@pytest.mark.parametrize(
    ("text", "town", "country", "admin1"),
    [
        ("The band played in Paris, Texas, last night.", "Paris", "US", "Texas"),
        ("Students in Moscow, Idaho, protested.", "Moscow", "US", "Idaho"),
        ("The game in Athens, Georgia, was close.", "Athens", "US", "Georgia"),
        ("Talks in Moscow and Paris stalled.", "Moscow", "RU", None),
    ],
)
def test_town_named_with_its_region(gazetteer: Gazetteer, text: str, town: str, country: str, admin1) -> None:
    place = next(m.place for m in geoparse(text, gazetteer) if m.text == town)
    assert place.country == country and (admin1 is None or place.admin1 == admin1)


def test_no_relation_across_sentences() -> None:
    text = "Fighting in Kiev. South of Donetsk it was quiet."
    assert relations(text, [(12, 16), (27, 34)]) == {}


def test_bearing() -> None:
    assert round(bearing_deg(48.0, 37.0, 48.0, 38.0)) == 90


@pytest.mark.parametrize(
    ("text", "offset", "sentence"),
    [
        ("One. Two three. Four", 6, "Two three."),
        ("Gen. Smith left Kiev. Then", 10, "Gen. Smith left Kiev."),
        ("Headline\nBody text here.", 12, "Body text here."),
        ("“Go!” he said. Next", 1, "“Go!” he said."),
    ],
)
def test_sentence_span(text: str, offset: int, sentence: str) -> None:
    begin, end = sentence_span(text, offset)
    assert text[begin:end] == sentence


def test_find_spans_longest_match_and_possessive(gazetteer: Gazetteer) -> None:
    text = "The Donetsk Oblast and Kiev’s forces; Stanytsia Luhanska; the U.S. and Sea of Azov."
    found = [s.text for s in find_spans(text, gazetteer.name_keys)]
    assert "Donetsk Oblast" in found and "Kiev" in found and "Stanytsia Luhanska" in found
    assert "U.S" in found
    kiev = next(s for s in find_spans(text, gazetteer.name_keys) if s.text == "Kiev")
    assert kiev.possessive and text[kiev.start : kiev.end] == "Kiev"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Tickets are sold in 44 states and the U.S. Virgin Islands.", ["U.S. Virgin Islands"]),
        ("The U.S. Virgin Islands were hit.", ["U.S. Virgin Islands"]),
        ("The U.S. Army said so.", ["U.S"]),  # a name must go on past the full stop
        ("Shares of the U.S. Virgin Mobile unit fell.", ["U.S"]),
    ],
)
def test_a_name_goes_on_past_an_initialism(gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    assert [s.text for s in find_spans(text, gazetteer.name_keys) if s.text.startswith("U.")] == names


def test_the_us_virgin_islands_are_not_the_united_states(gazetteer: Gazetteer) -> None:
    text = "The draw is held in 44 states, Washington, D.C., and the U.S. Virgin Islands."
    islands = next(m for m in geoparse(text, gazetteer) if m.text == "U.S. Virgin Islands")
    assert (islands.place.country, islands.place.kind) == ("VI", "country")


def test_state_abbreviations_only_after_a_town() -> None:
    text = "He lives in Slidell, La. and in Ga. too"
    found = [(s.text, state) for s, state in find_state_abbreviations(text)]
    assert found == [("La.", ("Louisiana", "US"))]
    assert lexicon().state_abbreviations["Calif."] == ("California", "US")


def test_state_abbreviation_resolves_to_the_state(gazetteer: Gazetteer) -> None:
    mentions = geoparse("Flooding hit Slidell, La., on Monday.", gazetteer)
    assert [(m.text, m.place.name, m.place.kind) for m in mentions] == [
        ("Slidell", "Slidell", "settlement"), ("La.", "Louisiana", "region"),
    ]


@pytest.mark.parametrize(
    ("text", "town", "province"),
    [
        ("The office in Nelson, B.C. opened on Monday.", 6086871, "British Columbia"),  # not Nelson, NZ
        ("Police in Moncton, N.B., said on Monday that dogs were stolen.", 6076211, "New Brunswick"),
    ],
)
def test_canadian_province_abbreviation(gazetteer: Gazetteer, text: str, town: int, province: str) -> None:
    first, second = geoparse(text, gazetteer)
    assert first.place.geonameid == town and first.place.admin1 == province
    assert (second.place.name, second.place.kind, second.place.country) == (province, "region", "CA")


def test_a_name_inside_a_facility_name_must_fit_the_text(gazetteer: Gazetteer) -> None:
    # Kingsley (Australia) is the best-known Kingsley, but this Kingsley Road is in New Brunswick:
    # a street, reported unplaced
    text = "Police in Fredericton, N.B., said the dogs were taken from a farm on Kingsley Road."
    mentions = geoparse(text, gazetteer)
    found = [(m.text, m.place is None) for m in mentions]
    assert found == [("Fredericton", False), ("N.B.", False), ("Kingsley Road", True)]
    # nor a small town's possessive before a facility (Wilson, Australia: "Wilson's Farm")
    text = "Police in Fredericton, N.B., said the dogs were taken from Wilson's Farm along Kingsley Road."
    assert [m.text for m in geoparse(text, gazetteer) if m.place] == ["Fredericton", "N.B."]
    # a namesake in a country the text names is kept, flagged and explained
    text = "Officials in Fredericton said it to the Toronto Star. Canada is cold."
    toronto = next(m for m in geoparse(text, gazetteer) if m.text == "Toronto")
    assert toronto.embedded and toronto.place.country == "CA"
    assert any("a country of the text's places" in r or "near or in places" in r for r in toronto.reasons)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Crews from the Winnipeg Fire Paramedic Service were called to the house.", "Winnipeg", "CA"),
        ("The film won the top award at the Muscat International Film Festival last year.", "Muscat", "OM"),
        ("Thunder Snow won the Dubai World Cup by five lengths.", "Dubai", "AE"),
        # a government's or a police force's name
        ("The Donetsk Regional Administration said the city was shelled overnight.", "Donetsk", "UA"),
        ("Kharkiv Regional Military Administration head Oleh Syniehubov said two people died.", "Kharkiv", "UA"),
        ("Peel Regional Police are searching for two suspects.", "Peel", "CA"),
    ],
)
def test_a_name_opening_a_longer_organisation_name_is_embedded(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    # the organisation word ends a run of capitalised words, not the word right after the place
    mention = next(m for m in geoparse(text, gazetteer) if m.text == name)
    assert mention.embedded and mention.place.country == country


def test_a_theatre_named_after_a_distant_town_is_where_the_text_puts_it(gazetteer: Gazetteer) -> None:
    # The Colony is a town in Texas; the theatre is in Los Angeles, and gets its point
    text = "Prizes were presented at a gala on April 4 at The Colony Theatre in Los Angeles."
    found = [(m.text, m.place.name if m.place else None) for m in geoparse(text, gazetteer)]
    assert found == [("The Colony Theatre", "Los Angeles"), ("Los Angeles", "Los Angeles")]


def test_a_small_towns_possessive_before_a_part_of_it_is_the_town(gazetteer: Gazetteer) -> None:
    text = "Shelling hit Donetsk. In Olenivka's Central Market stalls burned; Olenivka's Mayor fled to Kiev."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Donetsk", "Olenivka", "Olenivka", "Kiev"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("He served as Ambassador of Armenia to the Holy See Mikayel Minasyan said.", "VA"),
        ("A message from the Ambassador to Ukraine Mikayel Minasyan was read out.", "UA"),
    ],
)
def test_a_country_before_its_envoys_name_is_the_country(gazetteer: Gazetteer, text: str, country: str) -> None:
    assert country in {m.place.country for m in geoparse(text, gazetteer) if m.place}
    # three capitalised words make an organisation's name, not a person's
    assert "US" not in {m.place.country for m in geoparse("He flew to Georgia Power Company offices.", gazetteer)
                        if m.place and m.place.kind == "region"}


def test_a_county_missing_from_the_gazetteer_is_no_namesake_town(gazetteer: Gazetteer) -> None:
    # there is no Slidell County: the town of Slidell, Louisiana is a guess that Texas does not fit
    text = "Floods hit Houston, Texas, and the ticket was sold in Slidell County."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Houston", "Texas"]
    mentions = geoparse("Flooding closed roads in Donetsk Oblast and the Donetsk region.", gazetteer)
    assert {(m.place.kind, m.place.admin1) for m in mentions} == {("region", "Donetska oblast")}


@pytest.mark.parametrize(
    ("text", "unit", "admin1"),
    [
        ("The winning ticket was sold in Morris County, N.J., on Friday.", 5101405, "New Jersey"),
        ("Races went on at Brands Hatch in Kent, England.", 3333158, "England"),  # not Kent, Washington
        ("Shelling went on in Volnovakha Raion.", 689196, "Donetska oblast"),
        ("Shelling went on in the Volnovakha district of Donetsk Oblast.", 689196, "Donetska oblast"),
    ],
)
def test_second_level_units(gazetteer: Gazetteer, text: str, unit: int, admin1: str) -> None:
    first = geoparse(text, gazetteer)[0]
    assert (first.place.geonameid, first.place.kind, first.place.admin1) == (unit, "region", admin1)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Vladimir Putin met the press.", "Vladimir"),  # first name + surname
        ("President Obama visited Dallas.", "Obama"),
        ("Sunday was quiet in the village.", "Sunday"),
        ("Heavy shelling went on; heavy guns were moved.", "Heavy"),
        ("He spoke to the MP after the debate.", "MP"),
        ("A pro-Russia rally was held.", "Russia"),
        ("Russia-backed forces advanced.", "Russia"),
        ("She works for the Boston Globe and met Albert Sardarian. Albert said no.", "Albert"),
        # "Hamas" is one of the foreign spellings GeoNames lists for Hamm, Germany
        ("Israeli strikes hit Khan Younis. Hamas fighters clashed with troops near Jabalia.", "Hamas"),
        ("A pension of 100 laris (about 40 US dollars) is paid in Georgia.", "US"),  # a currency
        ("Nato offered a grant of 3 million euros (US$3.7m) to Tunisia.", "US"),
        # NoMa is a neighbourhood of Washington, D.C.; a speaker named after "said" is a person
        ('"No one told me," said Noma. Noma had moved to Khayelitsha in Cape Town.', "Noma"),
        # a first name and an initial make a person of a Texas town's name
        ('"It is a big mistake," Jon R. Taylor, a professor in Houston, Texas, said.', "Taylor"),
        # a first name and a surname particle: the artist, not Santiago de Chile
        ("The skirt was designed by a Spanish artist, Mario de Santiago, who is based in London.", "Santiago"),
        ("Adam Kamins, a senior economist at Moody's Analytics, says Hawaii's growth slowed.", "Moody"),
    ],
)
def test_not_places(gazetteer: Gazetteer, text: str, surface: str) -> None:
    assert surface not in {m.text for m in geoparse(text, gazetteer) if not m.embedded}


@pytest.mark.parametrize(
    ("text", "geonameid"),
    [
        ("KIEV (Reuters) - Ukrainian troops pulled out of the town.", 703448),  # a short name, an agency
        ("KYIV (Reuters) - Ukrainian troops pulled out.", 703448),
        ("MOSCOW, March 3 (AP) — Drones hit a depot.", 524901),
        ("GOMA (Reuters) - M23 rebels advanced on the town.", 216281),
    ],
)
def test_a_wire_dateline_is_a_place(gazetteer: Gazetteer, text: str, geonameid: int) -> None:
    first = geoparse(text, gazetteer)[0]
    assert first.start == 0 and first.place.geonameid == geonameid and "a dateline" in first.reasons


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Operation Orikhiv failed. Shelling hit Orikhiv on Monday.", "Operation Orikhiv"),
        ("Fighting on the Bakhmut Direction went on. Wagner fighters took Bakhmut.", "Bakhmut Direction"),
    ],
)
def test_a_name_inside_an_operations_name_is_read_on_its_own_elsewhere(
    gazetteer: Gazetteer, text: str, name: str
) -> None:
    inside, alone = geoparse(text, gazetteer)
    assert inside.embedded and f"part of the name {name}" in inside.reasons[0]
    assert not alone.embedded and alone.place is not None and alone.place.geonameid == inside.place.geonameid


def test_dateline_metonymy_and_region(gazetteer: Gazetteer) -> None:
    text = "MOSCOW — Moscow said on Friday that the Kharkiv region had been shelled near Izium."
    mentions = {m.start: m for m in geoparse(text, gazetteer)}
    assert mentions[0].place.geonameid == 524901 and "a dateline" in mentions[0].reasons
    assert mentions[9].metonymic
    kharkiv = mentions[text.index("Kharkiv")]
    assert kharkiv.place.kind == "region" and kharkiv.place.country == "UA"
    izium = mentions[text.index("Izium")].place
    assert haversine_km(izium.lat, izium.lon, 49.21, 37.28) < 10


def test_seed_needs_no_country_focus(seed_text: str, gazetteer: Gazetteer) -> None:
    with_focus = [(m.start, m.place.geonameid) for m in geoparse(seed_text, gazetteer, country_focus=["UA"])]
    without = [(m.start, m.place.geonameid) for m in geoparse(seed_text, gazetteer)]
    assert with_focus == without


def test_metonymy_spreads_along_a_list(gazetteer: Gazetteer) -> None:
    text = "The leaders of France, Germany and Ukraine met in Minsk. Paris and Berlin said little."
    got = {m.text: m.metonymic for m in geoparse(text, gazetteer)}
    assert got == {"France": True, "Germany": True, "Ukraine": True, "Minsk": False, "Paris": True, "Berlin": True}


def test_country_focus_as_a_string_or_a_list(gazetteer: Gazetteer) -> None:
    text = "Shelling was heard near Pavlivka."
    assert geoparse(text, gazetteer, country_focus="UA") == geoparse(text, gazetteer, country_focus=["ua"])


def test_a_settlement_the_gazetteer_lacks_is_reported_unplaced(gazetteer: Gazetteer) -> None:
    # Kansafra (Idlib) is in no index of ours: cities500 has no Syrian village that small
    text = "In the Idlib region, the villages of Kansafra and Ariha were hit."
    mentions = {m.text: m for m in geoparse(text, gazetteer)}
    assert mentions["Kansafra"].place is None and mentions["Kansafra"].confidence == 0.0
    assert "does not know" in mentions["Kansafra"].reasons[0]
    assert mentions["Ariha"].place.admin1 == "Idlib"
    # a name without such a cue stays out: it may be anything
    assert [m.text for m in geoparse("Kansafra and Ariha were hit.", gazetteer)] == ["Ariha"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Syrian troops captured Kansafra on Tuesday.", "after 'captured'"),
        ("Drones shelled Kansafra again.", "after 'shelled'"),
        ("Troops withdrew from Kansafra in Idlib towards Ariha.", "written 'in Idlib'"),
        ("Fighting raged at Kansafra, south of Ariha.", "written 'south of Ariha'"),
        ("Shelling was heard near Kansafra, near Ariha.", "written 'near Ariha'"),
    ],
)
def test_a_village_the_gazetteer_lacks_is_found_by_what_only_ground_takes(
    gazetteer: Gazetteer, text: str, cue: str
) -> None:
    [village] = [m for m in geoparse(text, gazetteer) if m.text == "Kansafra"]
    assert village.place is None and village.reasons[0] == f"{cue}: a settlement; the offline gazetteer does not know it"


@pytest.mark.parametrize(
    "text",
    [
        "Protesters stormed Parliament on Tuesday.",
        "Russian troops captured Ukrainian soldiers near Orikhiv.",
        "A call from Zelenskyy came after the talks.",
        "Allies occupied Bruges House in Orikhiv.",
    ],
)
def test_an_unknown_name_after_a_verb_that_also_takes_people_or_in_a_longer_name_is_no_settlement(
    gazetteer: Gazetteer, text: str
) -> None:
    assert all(m.place is not None for m in geoparse(text, gazetteer))


def test_a_part_of_a_territory_the_gazetteer_lacks_is_reported_unplaced(gazetteer: Gazetteer) -> None:
    # Eastern Ghouta, by Damascus, is an area: no GeoNames town bears the name
    text = ("The offensive in eastern Ghouta has killed more than 1,600 civilians. Buses left other "
            "parts of eastern Ghouta for Idlib.")
    mentions = geoparse(text, gazetteer)
    areas = [m for m in mentions if m.text == "Ghouta"]
    assert [m.start for m in areas] == [m.start() for m in re.finditer("Ghouta", text)]
    assert all(m.place is None and "an area" in m.reasons[0] for m in areas)
    assert any(m.text == "Idlib" and m.place.country == "SY" for m in mentions)
    # a capitalised adjective opens a name, which may be anything
    assert geoparse("She trained in Western Medicine and Eastern Philosophy.", gazetteer) == []


def test_a_spelling_variant_must_fit_the_text(gazetteer: Gazetteer) -> None:
    # the Zasillia-like names (Zasullia, Zasillya, …) lie in other oblasts, hundreds of km away
    text = "Fighting went on around the village of Zasillia, south of Marinka."
    village, marinka = geoparse(text, gazetteer)
    assert (village.text, village.place) == ("Zasillia", None)
    assert village.candidates and all(
        haversine_km(c.place.lat, c.place.lon, marinka.place.lat, marinka.place.lon) > 200 for c in village.candidates
    )
    # Dolomytne (GeoNames: Dolomitne) fits the text's Horlivka
    near = geoparse("Shelling hit the village of Dolomytne, near Horlivka.", gazetteer)[0]
    assert near.place.geonameid == 810396
    # the seed's Shirokyne (GeoNames: Shyrokyne) fits the text's Mariupol
    first = geoparse("Shelling hit the village of Shirokyne, near Mariupol.", gazetteer)[0]
    assert first.place.geonameid == 694053
    assert first.reasons[0].startswith("a spelling the gazetteer knows only as a variant; kept because")


def test_a_city_known_by_an_exonym_is_kept_where_it_fits(gazetteer: Gazetteer) -> None:
    # "Kiev" is an alternate name of GeoNames' Kyiv: it fits a text about Donetsk, and alone it
    # is the text's only geography
    for text in ("Kiev said the ceasefire held in Donetsk.", "Kiev said the ceasefire held."):
        assert geoparse(text, gazetteer)[0].place.geonameid == 703448


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("MANILA, Philippines – Ahead of Easter Sunday, the archbishop spoke.", "Philippines"),  # a spaced dash
        ("Instead of driving to Castlegar, people will visit the office in Nelson.", "Castlegar"),  # not "X people"
    ],
)
def test_punctuation_ends_a_name(gazetteer: Gazetteer, text: str, name: str) -> None:
    assert name in {m.text for m in geoparse(text, gazetteer)}


def test_the_short_form_of_a_country_the_text_names(gazetteer: Gazetteer) -> None:
    text = (
        "Trinidad and Tobago backed the motion. The ministry in Trinidad said so on Monday, "
        "while Antigua and Barbuda abstained and officials in Antigua were silent."
    )
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert (found["Trinidad"].country, found["Trinidad"].kind) == ("TT", "country")
    assert (found["Antigua"].country, found["Antigua"].kind) == ("AG", "country")
    trinidad = next(m for m in geoparse(text, gazetteer) if m.text == "Trinidad")
    assert any("short for Trinidad and Tobago" in r for r in trinidad.reasons)
    # without the country's full name, Trinidad is a town
    [town] = [m for m in geoparse("Ranchers met in Trinidad, Colorado.", gazetteer) if m.text == "Trinidad"]
    assert (town.place.country, town.place.admin1) == ("US", "Colorado")


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Fires spread in the state of Washington.", ["Washington"]),
        ("Tech firms avoid western states such as California or Washington.", ["California", "Washington"]),
        ("Shelling hit the Donetsk and Luhansk regions.", ["Donetsk", "Luhansk"]),
        ("Shelling hit the Donetsk, Luhansk and Kharkiv regions.", ["Donetsk", "Luhansk", "Kharkiv"]),
        ("Snow fell in the provinces of Alberta and Saskatchewan.", ["Alberta", "Saskatchewan"]),
    ],
)
def test_a_territory_word_before_or_after_a_list_makes_its_names_regions(
    gazetteer: Gazetteer, text: str, regions: list[str]
) -> None:
    mentions = geoparse(text, gazetteer)
    assert [(m.text, m.place.kind) for m in mentions] == [(name, "region") for name in regions]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Mines were laid on the border territory of Georgia, Tbilisi said.", "Georgia", "country"),
        ("The work of Banksy and London boroughs' efforts were praised.", "London", "settlement"),
        ("Shelling hit Donetsk on Monday and the Donetsk region on Tuesday.", "Donetsk", "settlement"),
    ],
)
def test_a_territory_word_that_names_a_part_makes_no_region(
    gazetteer: Gazetteer, text: str, name: str, kind: str
) -> None:
    assert _first_place(gazetteer, text, name).kind == kind


def test_a_sentence_opening_preposition_is_a_cue(gazetteer: Gazetteer) -> None:
    """A small town named once is kept when "In X," opens its sentence, even far from the rest."""
    text = (
        "Hinton, Alberta wants a geothermal plant. Users there pay a flat fee. "
        "In Klamath Falls, users are charged directly for the heat."
    )
    klamath = next(m for m in geoparse(text, gazetteer) if m.text == "Klamath Falls")
    assert klamath.place.admin1 == "Oregon" and "after 'In', opening the sentence" in klamath.reasons


def _first_place(gazetteer: Gazetteer, text: str, name: str) -> Place:
    """The place of the first mention written ``name``."""
    return next(m.place for m in geoparse(text, gazetteer) if m.text == name)


def test_an_upper_case_saint_dateline(gazetteer: Gazetteer) -> None:
    first = geoparse("ST. LOUIS – St. Louis police announced a burglary squad.", gazetteer)[0]
    assert (first.text, first.place.admin1) == ("ST. LOUIS", "Missouri") and "a dateline" in first.reasons


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("Drones hit the Kursk region overnight.", "Kursk", "Kurskaya oblast'"),
        ("Air defences downed drones over Belgorod and the Bryansk region.", "Bryansk", "Bryanskaya oblast'"),
        ("Fighting spread to the Rostov region and the Krasnodar region.", "Krasnodar", "Krasnodarskiy kray"),
    ],
)
def test_the_x_region_finds_a_unit_indexed_as_x_oblast_or_krai(
    gazetteer: Gazetteer, text: str, name: str, region: str
) -> None:
    """GeoNames names Russia's units "Kurskaya oblast'", known also as "Kursk Oblast", not "Kursk"."""
    unit = _first_place(gazetteer, text, name)
    assert (unit.name, unit.kind, unit.country) == (region, "region", "RU")
    assert _first_place(gazetteer, "Drones hit Kursk overnight.", "Kursk").kind == "settlement"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Moscow accused Kiev of provocations.", "Kiev", "UA"),
        ("The Kremlin said Kharkov and Kiev were targets.", "Kharkov", "UA"),
        ("Russia annexed Crimea in 2014.", "Crimea", "UA"),
    ],
)
def test_the_english_name_of_a_great_city_or_region_needs_no_cue(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    """GeoNames knows them only as other names of Kyiv, Kharkiv and the Autonomous Republic."""
    assert _first_place(gazetteer, text, name).country == country


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Boston firms had a lot of turnover. Part of that is people being promoted.", "Part"),  # Perth's
        ("He kept West Coast, with whom he had exchanged the lead, in Dubai.", "West Coast"),
    ],
)
def test_another_name_of_a_great_place_must_fit_when_it_may_be_a_common_word(
    gazetteer: Gazetteer, text: str, name: str
) -> None:
    assert name not in {m.text for m in geoparse(text, gazetteer)}


def test_a_city_word_after_a_name_is_the_city_itself(gazetteer: Gazetteer) -> None:
    [kherson] = [m for m in geoparse("Ukrainian forces entered Kherson city on Friday.", gazetteer)]
    assert not kherson.embedded
    assert (kherson.place.kind, kherson.place.admin1) == ("settlement", "Khersonska oblast")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("HORRY COUNTY, SC (WMBF) - A homeless man stood outside.", [("SC", "South Carolina")]),
        ("She grew up in Columbia, SC, and moved to Barrie, ON.", [("SC", "South Carolina"), ("ON", "Ontario")]),
        ("He moved from Portland, OR, to Boise, ID, last year.", [("OR", "Oregon"), ("ID", "Idaho")]),
        ("Smith, ME, and Ford, CA, were named in the suit.", []),  # no Smith in Maine, no Ford in California
    ],
)
def test_a_postal_code_counts_after_a_town_of_its_state(
    gazetteer: Gazetteer, text: str, codes: list[tuple[str, str]]
) -> None:
    found = [(m.text, m.place.name) for m in geoparse(text, gazetteer) if len(m.text) == 2]
    assert found == codes
    towns = [m for m in geoparse(text, gazetteer) if len(m.text) > 2]
    assert all(t.place.admin1 in dict(codes).values() for t in towns if codes)


def test_a_county_of_a_state_the_text_names_is_kept(gazetteer: Gazetteer) -> None:
    """A plausible county far from the text's towns still fits: it lies in the state the text names."""
    text = (
        "Schools in Kentucky will get more money this year, the state's education department said. "
        "Pike County, a district harder hit, is set to receive more."
    )
    [pike] = [m for m in geoparse(text, gazetteer) if m.text == "Pike County"]
    assert pike.place is not None and pike.place.admin1 == "Kentucky" and pike.place.kind == "region"
    assert any("which the text names" in r for r in pike.reasons)


def test_a_town_written_before_its_region_names_both(gazetteer: Gazetteer) -> None:
    text = "Troops paraded at the headquarters in Maiduguri Borno State. Paris Hilton met Boris Johnson in London."
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert found["Maiduguri"].country == "NG" and found["Maiduguri"].kind == "settlement"
    assert found["Borno State"].kind == "region" and found["Borno State"].admin1_code == found["Maiduguri"].admin1_code
    assert "Paris" not in found and "Hilton" not in found  # Hilton, wherever it is, does not contain Paris


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Grand is a village of Côte d'Ivoire; the street corner is in Chicago
        ("Police in Chicago said he ran into the Red Line platform at Grand and State, "
         "where officers from Evanston, Illinois arrested him.", "Grand"),
        # Mary, Turkmenistan (167,000 people) is no sure place in a Philippine story
        ("Pilgrims in Manila and Cebu remembered Mary on Sunday; churches in Davao were full.", "Mary"),
        # Zara is also a district of Sivas, Turkey (12,797 people): the shop, in a story of Spain and London
        ("Inditex, the company behind Zara, is based in Spain. Its designers in London visited Zara's "
         "headquarters at Arteixo. Shoppers at Zara in Madrid queued.", "Zara"),
    ],
)
def test_a_small_town_abroad_must_fit_the_text(gazetteer: Gazetteer, text: str, name: str) -> None:
    """A town or district small for a country no other place of the text is in must fit the text's geography."""
    assert name not in {m.text for m in geoparse(text, gazetteer)}


def test_a_town_abroad_with_a_cue_and_a_size_is_kept(gazetteer: Gazetteer) -> None:
    text = "The soldier, who was born in Clacton-on-Sea, served in Texas and Florida with US forces."
    [clacton] = [m for m in geoparse(text, gazetteer) if m.text == "Clacton-on-Sea"]
    assert clacton.place.country == "GB" and clacton.place.population > 20_000


def test_a_common_name_keeps_each_countrys_biggest_namesake(gazetteer: Gazetteer) -> None:
    """Newport, Tipperary is far down the list of Newports; an Irish list of towns means it."""
    text = "Applicants: 430 in Nenagh, 57 in Ballina, 48 in Newport and 36 in Cloughjordan, Co Tipperary."
    [newport] = [m for m in geoparse(text, gazetteer) if m.text == "Newport"]
    assert newport.place.country == "IE"


def test_a_dateline_in_capitals_is_not_part_of_the_next_name(gazetteer: Gazetteer) -> None:
    text = "LONDON Pope Francis spoke.\n\nTIJUANA & SAN DIEGO, MARCH 29 -- The Mexican government said."
    found = {m.text: m.place.geonameid for m in geoparse(text, gazetteer) if m.place}
    assert set(found) == {"LONDON", "TIJUANA", "SAN DIEGO"}
    assert found["LONDON"] == 2643743 and found["SAN DIEGO"] == 5391811 and found["TIJUANA"] == 3981609


@pytest.mark.parametrize(
    ("text", "bolton_is_a_place"),
    [
        # a city the text also gives a person: after a word that takes people too, the person
        ("Trump met John Bolton on Monday. He offered the job to Bolton in the Oval Office.", False),
        ("Trump met John Bolton on Monday. A letter from Bolton followed.", False),
        # after a word that takes only places, the city
        ("Trump met John Bolton on Monday. Fans in Bolton cheered the result.", True),
        # no person of that name in the text: the city
        ("The band drove from Leeds to Bolton on Monday.", True),
    ],
)
def test_a_city_the_text_also_gives_a_person(gazetteer: Gazetteer, text: str, bolton_is_a_place: bool) -> None:
    second = text.rindex("Bolton")
    assert any(m.start == second for m in geoparse(text, gazetteer)) is bolton_is_a_place


def test_an_organisation_named_with_a_word_and_a_city_gives_no_surname(gazetteer: Gazetteer) -> None:
    # "Baseball Toronto" is a website, not a person called Toronto: the team's city stays a place
    text = ('"Fans are used to him," said Keegan Matheson, the editor of Baseball Toronto, which covers the '
            'team. "He was the power threat in baseball and he belonged to Toronto."')
    found = [m for m in geoparse(text, gazetteer) if m.start == text.rindex("Toronto")]
    assert found and found[0].place.country == "CA"


def test_a_small_town_as_the_subject_of_is_or_has_is_no_speaker(gazetteer: Gazetteer) -> None:
    # "Valemount is ..." says nothing about a person: the village in British Columbia, by the text's
    # other places; "Valemount said" would be a speaker
    text = "A geothermal plant opened in Jasper, Alberta. Two hours away, Valemount is also looking at building one."
    [village] = [m for m in geoparse(text, gazetteer) if m.text == "Valemount"]
    assert village.place.country == "CA"
    assert not [m for m in geoparse("Valemount said the plant would open soon.", gazetteer) if m.text == "Valemount"]


@pytest.mark.parametrize(
    ("text", "short", "country"),
    [
        ("Trinidad and Tobago failed to attend the meeting. He asked why T&T was not represented.", "T&T", "TT"),
        ("Millions of South Africans depend on mining. That SA holds reserves of platinum is known.", "SA", "ZA"),
        ("Fighting in the Central African Republic spread as CAR troops retreated.", "CAR", "CF"),
        ("Bosnia and Herzegovina voted. B&H officials said so.", "B&H", "BA"),
        ("Papua New Guinea voted. PNG officials said so.", "PNG", "PG"),
    ],
)
def test_the_initials_of_a_named_country_are_that_country(
    gazetteer: Gazetteer, text: str, short: str, country: str
) -> None:
    [mention] = [m for m in geoparse(text, gazetteer) if m.text == short]
    assert mention.place.country == country and mention.place.kind == "country"
    assert mention.reasons[0].startswith("short for ")


@pytest.mark.parametrize(
    "text",
    [
        "A report by NJ Advance Media on New Jersey.",  # the first word of a name
        "Two projects opened in South Waziristan Agency (SWA) on Thursday.",  # where the text defines them
        "Saudi Arabia and South Africa signed; SA officials welcomed it.",  # two named countries' initials
    ],
)
def test_initials_that_name_no_place_of_their_own(gazetteer: Gazetteer, text: str) -> None:
    assert not [m for m in geoparse(text, gazetteer) if m.text in ("NJ", "SWA", "SA")]


def test_demonyms_in_the_plural_and_of_several_words_give_the_country_focus(gazetteer: Gazetteer) -> None:
    text = "Ukrainians and a Ukrainian met South Africans and a North Korean. The South African spoke."
    assert demonym_countries(text, gazetteer.demonym_keys, gazetteer) == {"UA": 2, "ZA": 2, "KP": 1}


def test_an_arabic_town_written_without_its_article(gazetteer: Gazetteer) -> None:
    text = "In Syria, Turkish drones struck Kobani and Qamishli, near the Iraqi border. Troops entered Mayadin."
    found = {m.text: (m.place.geonameid, m.place.name) for m in geoparse(text, gazetteer) if m.place}
    assert found["Qamishli"] == (173377, "Al Qāmishlī") and found["Mayadin"] == (173480, "Al Mayādīn")


def test_off_a_coast_town_is_a_cue(gazetteer: Gazetteer) -> None:
    [bodrum] = geoparse("Refugees drowned off Bodrum.", gazetteer)
    assert bodrum.place.country == "TR" and bodrum.reasons[0] == "after 'off'"


def test_a_large_region_named_with_common_words_is_read_where_it_fits(gazetteer: Gazetteer) -> None:
    text = "Israeli troops raided Tulkarm in the occupied West Bank, while airstrikes hit Deir al-Balah in Gaza."
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert (found["West Bank"].kind, found["West Bank"].country) == ("region", "PS")
    # GeoNames writes "Dayr al Balaḩ" and "Deir el-Balah": the article either way is the town
    assert found["Deir al-Balah"].geonameid == 281141
    # names of common words that name no large region stay refused ("West End": towns in Canada and the Bahamas)
    assert [m.text for m in geoparse("He walked along the West End.", gazetteer)] == []


def test_an_unknown_hyphenated_name_is_reported_whole_and_as_an_area_when_it_holds_a_town(
    gazetteer: Gazetteer,
) -> None:
    text = "Azerbaijani forces entered Stepanakert, the main city of Nagorno-Karabakh, after shelling Shusha."
    [area] = [m for m in geoparse(text, gazetteer) if "Karabakh" in m.text]
    assert area.text == "Nagorno-Karabakh" and area.place is None and ": an area;" in area.reasons[0]
    [village] = geoparse("Russian troops captured the village of Novo-Mykhailivka.", gazetteer)
    assert village.text == "Novo-Mykhailivka" and ": a settlement;" in village.reasons[0]


def test_a_town_in_a_country_after_a_list(gazetteer: Gazetteer) -> None:
    # "and Menaka in Mali": "in" puts the town in the country, whatever list came before
    text = "Jihadists attacked Djibo and Kaya in Burkina Faso, and Menaka in Mali."
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert found["Menaka"].country == "ML" and found["Kaya"].country == "BF"


def test_a_list_of_towns_with_their_states(gazetteer: Gazetteer) -> None:
    text = "Paris, Texas and Springfield, Illinois voted. Portland, Maine, and Athens, Georgia, too."
    found = [(m.text, m.place.country, m.place.kind) for m in geoparse(text, gazetteer)]
    assert found == [
        ("Paris", "US", "settlement"), ("Texas", "US", "region"), ("Springfield", "US", "settlement"),
        ("Illinois", "US", "region"), ("Portland", "US", "settlement"), ("Maine", "US", "region"),
        ("Athens", "US", "settlement"), ("Georgia", "US", "region"),
    ]
    portland = geoparse(text, gazetteer)[4].place
    assert portland.admin1 == "Maine"


def test_names_listed_after_a_cued_one_share_its_cue(gazetteer: Gazetteer) -> None:
    # Kansafra and Mhambal are in no index of ours; Ariha and Maarrat Misrin are (Idlib) and, with
    # no other sure place in the text, were dropped as mere possibilities
    text = "Syrian forces shelled Kansafra, Ariha, Mhambal and Maarrat Misrin overnight."
    found = {m.text: m for m in geoparse(text, gazetteer)}
    assert list(found) == ["Kansafra", "Ariha", "Mhambal", "Maarrat Misrin"]
    assert {found[name].place.admin1 for name in ("Ariha", "Maarrat Misrin")} == {"Idlib"}
    assert found["Ariha"].reasons[0] == "listed with Kansafra, the object of 'shelled'"
    assert found["Mhambal"].place is None
    assert found["Mhambal"].reasons[0] == "listed with Ariha: a settlement; the offline gazetteer does not know it"


def test_an_unknown_name_joined_by_and_is_a_settlement_only_in_a_list_of_them(gazetteer: Gazetteer) -> None:
    villages = geoparse("In the south, the villages of Robotyne and Novoprokopivka were hit.", gazetteer)
    assert [m.text for m in villages] == ["Robotyne", "Novoprokopivka"]
    # "and" may join two clauses: "Biden" is no village
    clauses = geoparse("Russia shelled Kharkiv and Biden condemned it.", gazetteer)
    assert [m.text for m in clauses] == ["Russia", "Kharkiv"]
    # "near Kherson" relates Kherson to Krynky: Pyatykhatky, listed after, is not near Kherson
    text = "Shelling hit Krynky, near Kherson, and Pyatykhatky, south-west of Zaporizhzhia."
    listed = {m.text: m for m in geoparse(text, gazetteer)}
    assert "Kherson" not in listed["Pyatykhatky"].reasons[0]
    # but "near" before a list is every item's cue (old Russian names: Bakhmut, Avdiivka, Vuhledar)
    advanced = geoparse("Russian troops advanced near Artyomovsk, Avdeyevka and Ugledar.", gazetteer)
    assert [m.reasons[0] for m in advanced[1:]] == ["listed with Artyomovsk, after 'near'"] * 2
    # the comma closes an opening "In Houston,": Lamar (a town in Colorado) is a person here
    assert "Lamar" not in [m.text for m in geoparse("In Houston, Lamar and Austin attended.", gazetteer)]


def test_a_state_abbreviation_ending_a_list_is_read_once(gazetteer: Gazetteer) -> None:
    found = [(m.text, m.place.name) for m in geoparse("The fire started on Wednesday in Fresno, Calif.", gazetteer)]
    assert found == [("Fresno", "Fresno"), ("Calif.", "California")]


@pytest.mark.parametrize(
    ("text", "town", "cue"),
    [
        ("Governor Vadym Filashkin said Russian strikes on Kostiantynivka killed three.", "Kostiantynivka",
         "after 'strikes' on"),
        ("The offensive against Kupiansk went on.", "Kupiansk", "after 'offensive' against"),
        ("Ukraine's Izium was liberated in September.", "Izium", "was liberated: the subject of an event"),
        ("Russia's Shebekino was shelled again.", "Shebekino", "was shelled: the subject of an event"),
        ("Selydove, a town of 20,000, fell.", "Selydove", "followed by ', a town'"),
    ],
)
def test_an_attack_on_a_town_and_a_countrys_town(gazetteer: Gazetteer, text: str, town: str, cue: str) -> None:
    # medium towns with no other sure place in the text: without the cue they were dropped, and a
    # possessive before them was read as a business's name ("Moody's Analytics")
    [mention] = [m for m in geoparse(text, gazetteer) if m.text == town]
    assert mention.place is not None and mention.reasons[0] == cue


def test_a_small_town_has_no_ministry(gazetteer: Gazetteer) -> None:
    # Commerce, Texas (13,000 people) lies 90 km from Dallas: it was kept as an actor
    text = "Officials in Dallas and Beijing spoke. The Commerce Ministry said tariffs would rise."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Dallas", "Beijing"]


def test_the_first_words_of_a_big_citys_name_are_its_own(gazetteer: Gazetteer) -> None:
    # GeoNames: "Frankfurt am Main" (650,000 people); "Frankfurt" was taken for another language's
    # name of it, which must lie near the text's other places
    text = "Shares fell in Tokyo, while Frankfurt, Paris and Milan rose."
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert found["Frankfurt"].name == "Frankfurt am Main"
