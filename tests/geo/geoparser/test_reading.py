"""Reading every name in its context (:mod:`geo.geoparser.reading`, with the rules of
:mod:`geo.evidence`): cues, datelines, person names, names inside other names, spelling variants.

The rules one by one, each with its verdict and code, are ``tests/geo/test_evidence_rules.py``;
here is what they make of whole sentences.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer, haversine_km
from geo.geoparser import geoparse
from geo.model import ReasonCode as C
from tests.geo.cases import Case, case_test, found_places

DEBALTSEVE = 710229
BAKHMUT = 713174  # GeoNames' entry for Artemivsk (renamed 2016)

# A name read in its sentence (see tests/geo/cases.py to add a row).
CASES: list[Case] = [
    # not places: a first name and a surname, a title before a name, a calendar word, a common word
    ("Vladimir Putin met the press.", "Vladimir", None, None),
    ("President Obama visited Dallas.", "Obama", None, None),
    ("Sunday was quiet in the village.", "Sunday", None, None),
    ("Heavy shelling went on; heavy guns were moved.", "Heavy", None, None),
    # ... an abbreviation, adjective compounds
    ("He spoke to the MP after the debate.", "MP", None, None),
    ("A pro-Russia rally was held.", "Russia", None, None),
    ("Russia-backed forces advanced.", "Russia", None, None),
    # ... a first name the text gives a person, next to a place naming a newspaper
    ("She works for the Boston Globe and met Albert Sardarian. Albert said no.", "Albert", None, None),
    # ... "Hamas" is one of the foreign spellings GeoNames lists for Hamm, Germany
    ("Israeli strikes hit Khan Younis. Hamas fighters clashed with troops near Jabalia.", "Hamas", None,
     None),
    # ... a currency
    ("A pension of 100 laris (about 40 US dollars) is paid in Georgia.", "US", None, None),
    ("Nato offered a grant of 3 million euros (US$3.7m) to Tunisia.", "US", None, None),
    # ... NoMa is a neighbourhood of Washington, D.C.; a speaker named after "said" is a person
    ('"No one told me," said Noma. Noma had moved to Khayelitsha in Cape Town.', "Noma", None, None),
    # ... a first name and an initial make a person of a Texas town's name
    ('"It is a big mistake," Jon R. Taylor, a professor in Houston, Texas, said.', "Taylor", None, None),
    # ... a first name and a surname particle: the artist, not Santiago de Chile
    ("The skirt was designed by a Spanish artist, Mario de Santiago, who is based in London.", "Santiago",
     None, None),
    # ... a possessive before a business's name
    ("Adam Kamins, a senior economist at Moody's Analytics, says Hawaii's growth slowed.", "Moody", None,
     None),
    # ... a small town's possessive before a settlement noun names a facility ("Eva's Village")
    ("The club chose the Hope Residence at Eva's Village in Paterson, New Jersey.", "Eva", None, None),
    # punctuation ends a name: a spaced dash, a comma ("Castlegar, people", not "Luhansk people")
    ("MANILA, Philippines – Ahead of Easter Sunday, the archbishop spoke.", "Philippines", 1694008, None),
    ("Instead of driving to Castlegar, people will visit the office in Nelson.", "Castlegar", 5918118, None),
    # a wire dateline is a place: a short name, an agency
    ("KIEV (Reuters) - Ukrainian troops pulled out of the town.", "KIEV", 703448, C.DATELINE),
    ("KYIV (Reuters) - Ukrainian troops pulled out.", "KYIV", 703448, C.DATELINE),
    ("MOSCOW, March 3 (AP) — Drones hit a depot.", "MOSCOW", 524901, C.DATELINE),
    ("GOMA (Reuters) - M23 rebels advanced on the town.", "GOMA", 216281, C.DATELINE),
    # an attack on a town, and a country's town: medium towns with no other sure place in the text,
    # which without the cue were dropped (and a possessive before them read as a business's name)
    ("Governor Vadym Filashkin said Russian strikes on Kostiantynivka killed three.", "Kostiantynivka",
     705104, C.EVENT_NOUN),
    ("The offensive against Kupiansk went on.", "Kupiansk", 703656, C.EVENT_NOUN),
    ("Ukraine's Izium was liberated in September.", "Izium", 707292, C.EVENT_SUBJECT),
    ("Russia's Shebekino was shelled again.", "Shebekino", 495112, C.EVENT_SUBJECT),
    ("Selydove, a town of 20,000, fell.", "Selydove", 694677, C.SETTLEMENT_APPOSITION),
    # a small town named once is kept when "In X," opens its sentence, even far from the rest
    ("Hinton, Alberta wants a geothermal plant. Users there pay a flat fee. "
     "In Klamath Falls, users are charged directly for the heat.", "Klamath Falls", 5735238, C.OPENING_CUE),
    # "off" a coast town is a cue
    ("Refugees drowned off Bodrum.", "Bodrum", 7733242, C.LOCATIVE),
    # a territory word that names a part of the place makes no region of it: Georgia the country,
    # London the city, and Donetsk the city where the text says "Donetsk" alone
    ("Mines were laid on the border territory of Georgia, Tbilisi said.", "Georgia", 614540, None),
    ("The work of Banksy and London boroughs' efforts were praised.", "London", 2643743, None),
    ("Shelling hit Donetsk on Monday and the Donetsk region on Tuesday.", "Donetsk", 709717, None),
    # "Valemount is ..." says nothing about a person: the village in British Columbia, by the text's
    # other places; "Valemount said" is a speaker
    ("A geothermal plant opened in Jasper, Alberta. Two hours away, Valemount is also looking at "
     "building one.", "Valemount", 6173031, None),
    ("Valemount said the plant would open soon.", "Valemount", None, None),
]  # fmt: skip


test_rule_cases = case_test(CASES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Debaltseve on Tuesday.", [("Debaltseve", DEBALTSEVE)]),
        ("Rebels shelled Debaltseve on Tuesday, killing two soldiers.", [("Debaltseve", DEBALTSEVE)]),
        ("Debaltseve was shelled.", [("Debaltseve", DEBALTSEVE)]),
        (
            "Shelling hit Debaltseve on Tuesday. Troops left Artemivsk.",
            [("Debaltseve", DEBALTSEVE), ("Artemivsk", BAKHMUT)],
        ),
        ("Separatists captured Debaltseve after a month of fighting.", [("Debaltseve", DEBALTSEVE)]),
        ("Ukrainian troops abandoned Debaltseve overnight.", [("Debaltseve", DEBALTSEVE)]),
        ("The battle for Debaltseve is over, officials said.", [("Debaltseve", DEBALTSEVE)]),
        ("Government forces retook Artemivsk.", [("Artemivsk", BAKHMUT)]),
    ],
)
def test_event_cues_keep_a_lone_town(text: str, expected: list, gazetteer: Gazetteer) -> None:
    """A short text (a wire item, a caption) often has a single name: its sentence's cues keep it."""
    assert found_places(text, gazetteer) == expected


def test_event_cue_is_the_stated_reason(gazetteer: Gazetteer) -> None:
    (shelled,) = geoparse("Rebels shelled Debaltseve on Tuesday.", gazetteer)
    (passive,) = geoparse("Debaltseve was captured.", gazetteer)
    assert "shelled" in shelled.reasons[0]
    assert "was captured" in passive.reasons[0]


def test_the_name_of_an_event_is_no_cue(gazetteer: Gazetteer) -> None:
    """ "the Battle of Liberty" names a battle, not a US town; "the fall of Mosul" is a place."""
    assert geoparse("He fought in the Battle of Liberty.", gazetteer) == []
    assert [m.text for m in geoparse("The fall of Mosul shocked the world.", gazetteer)] == ["Mosul"]


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
def test_a_city_the_text_also_gives_a_person(
    gazetteer: Gazetteer, text: str, bolton_is_a_place: bool
) -> None:
    second = text.rindex("Bolton")
    assert any(m.start == second for m in geoparse(text, gazetteer)) is bolton_is_a_place


def test_an_organisation_named_with_a_word_and_a_city_gives_no_surname(gazetteer: Gazetteer) -> None:
    # "Baseball Toronto" is a website, not a person called Toronto: the team's city stays a place
    text = ('"Fans are used to him," said Keegan Matheson, the editor of Baseball Toronto, which covers the '
            'team. "He was the power threat in baseball and he belonged to Toronto."')
    found = [m for m in geoparse(text, gazetteer) if m.start == text.rindex("Toronto")]
    assert found and found[0].place.country == "CA"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("He served as Ambassador of Armenia to the Holy See Mikayel Minasyan said.", "VA"),
        ("A message from the Ambassador to Ukraine Mikayel Minasyan was read out.", "UA"),
    ],
)
def test_a_country_before_its_envoys_name_is_the_country(
    gazetteer: Gazetteer, text: str, country: str
) -> None:
    assert country in {m.place.country for m in geoparse(text, gazetteer) if m.place}
    # three capitalised words make an organisation's name, not a person's
    mentions = geoparse("He flew to Georgia Power Company offices.", gazetteer)
    assert "US" not in {m.place.country for m in mentions if m.place and m.place.kind == "region"}


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Crews from the Winnipeg Fire Paramedic Service were called to the house.", "Winnipeg", "CA"),
        ("The film won the top award at the Muscat International Film Festival last year.", "Muscat", "OM"),
        ("Thunder Snow won the Dubai World Cup by five lengths.", "Dubai", "AE"),
        # a government's or a police force's name
        ("The Donetsk Regional Administration said the city was shelled overnight.", "Donetsk", "UA"),
        ("Kharkiv Regional Military Administration head Oleh Syniehubov said two people died.", "Kharkiv",
         "UA"),
        ("Peel Regional Police are searching for two suspects.", "Peel", "CA"),
    ],
)
def test_a_name_opening_a_longer_organisation_name_is_embedded(
    gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    # the organisation word ends a run of capitalised words, not the word right after the place
    mention = next(m for m in geoparse(text, gazetteer) if m.text == name)
    assert mention.embedded and mention.place.country == country


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


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("The Bank of Japan kept its rates, and Tokyo markets rose.", "Japan", 1861060),
        ("Executives of the Chambers of Commerce and Industry met in Dallas, Texas.", "Commerce", None),
        ("The Ministry of Commerce in Beijing said the measures were unfair.", "Commerce", None),
    ],
)
def test_a_place_after_an_institution_and_of_is_part_of_its_name(
    text: str, name: str, place: int | None, gazetteer: Gazetteer
) -> None:
    """A big place is reported embedded (the Bank of Japan); a small namesake town is no place."""
    found = [m for m in geoparse(text, gazetteer) if m.text == name]
    if place is None:
        assert found == []
    else:
        [mention] = found
        assert mention.embedded and mention.metonymic and mention.place.geonameid == place


def test_dateline_metonymy_and_region(gazetteer: Gazetteer) -> None:
    text = "MOSCOW — Moscow said on Friday that the Kharkiv region had been shelled near Izium."
    mentions = {m.start: m for m in geoparse(text, gazetteer)}
    assert mentions[0].place.geonameid == 524901 and "a dateline" in mentions[0].reasons
    assert mentions[9].metonymic
    kharkiv = mentions[text.index("Kharkiv")]
    assert kharkiv.place.kind == "region" and kharkiv.place.country == "UA"
    izium = mentions[text.index("Izium")].place
    assert haversine_km(izium.lat, izium.lon, 49.21, 37.28) < 10


def test_a_small_towns_possessive_before_a_part_of_it_is_the_town(gazetteer: Gazetteer) -> None:
    text = "Shelling hit Donetsk. In Olenivka's Central Market stalls burned; Olenivka's Mayor fled to Kiev."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Donetsk", "Olenivka", "Olenivka", "Kiev"]


def test_a_small_town_has_no_ministry(gazetteer: Gazetteer) -> None:
    # Commerce, Texas (13,000 people) lies 90 km from Dallas: it was kept as an actor
    text = "Officials in Dallas and Beijing spoke. The Commerce Ministry said tariffs would rise."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Dallas", "Beijing"]


def test_a_city_word_after_a_name_is_the_city_itself(gazetteer: Gazetteer) -> None:
    [kherson] = [m for m in geoparse("Ukrainian forces entered Kherson city on Friday.", gazetteer)]
    assert not kherson.embedded
    assert (kherson.place.kind, kherson.place.admin1) == ("settlement", "Khersonska oblast")


def test_a_large_region_named_with_common_words_is_read_where_it_fits(gazetteer: Gazetteer) -> None:
    text = (
        "Israeli troops raided Tulkarm in the occupied West Bank, while airstrikes hit Deir al-Balah in Gaza."
    )
    found = {m.text: m.place for m in geoparse(text, gazetteer)}
    assert (found["West Bank"].kind, found["West Bank"].country) == ("region", "PS")
    # GeoNames writes "Dayr al Balaḩ" and "Deir el-Balah": the article either way is the town
    assert found["Deir al-Balah"].geonameid == 281141
    # names of common words that name no large region stay refused ("West End": towns in Canada and
    # the Bahamas)
    assert [m.text for m in geoparse("He walked along the West End.", gazetteer)] == []


def test_a_county_missing_from_the_gazetteer_is_no_namesake_town(gazetteer: Gazetteer) -> None:
    # there is no Slidell County: the town of Slidell, Louisiana is a guess that Texas does not fit
    text = "Floods hit Houston, Texas, and the ticket was sold in Slidell County."
    assert [m.text for m in geoparse(text, gazetteer)] == ["Houston", "Texas"]
    mentions = geoparse("Flooding closed roads in Donetsk Oblast and the Donetsk region.", gazetteer)
    assert {(m.place.kind, m.place.admin1) for m in mentions} == {("region", "Donetska oblast")}


def test_a_spelling_variant_must_fit_the_text(gazetteer: Gazetteer) -> None:
    # the Zasillia-like names (Zasullia, Zasillya, …) lie in other oblasts, hundreds of km away
    text = "Fighting went on around the village of Zasillia, south of Marinka."
    village, marinka = geoparse(text, gazetteer)
    assert (village.text, village.place) == ("Zasillia", None)
    assert village.candidates and all(
        haversine_km(c.place.lat, c.place.lon, marinka.place.lat, marinka.place.lon) > 200
        for c in village.candidates
    )
    # Dolomytne (GeoNames: Dolomitne) fits the text's Horlivka
    near = geoparse("Shelling hit the village of Dolomytne, near Horlivka.", gazetteer)[0]
    assert near.place.geonameid == 810396
    # the seed's Shirokyne (GeoNames: Shyrokyne) fits the text's Mariupol
    first = geoparse("Shelling hit the village of Shirokyne, near Mariupol.", gazetteer)[0]
    assert first.place.geonameid == 694053
    assert first.reasons[0].startswith("a spelling the gazetteer knows only as a variant; kept because")
