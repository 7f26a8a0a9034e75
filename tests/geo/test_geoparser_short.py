"""Short texts (a wire item, a caption, one line pasted by a user) keep their places.

A long article anchors its plausible names on its sure ones; a short text often has a single name,
so it needs the cues of its own sentence (event verbs: "shelled X", "X was captured") or, with no
cue and no other geography, the weight of the name itself.
"""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparser import geoparse
from layers.article import Article
from layers.extract import extract_events

DEBALTSEVE = 710229
BAKHMUT = 713174  # GeoNames' entry for Artemivsk (renamed 2016)


def _places(text: str, gazetteer: Gazetteer, **kwargs) -> list[tuple[str, int | None]]:
    return [(m.text, m.place.geonameid if m.place else None) for m in geoparse(text, gazetteer, **kwargs)]


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
    assert _places(text, gazetteer) == expected


def test_event_cue_is_the_stated_reason(gazetteer: Gazetteer) -> None:
    (shelled,) = geoparse("Rebels shelled Debaltseve on Tuesday.", gazetteer)
    (passive,) = geoparse("Debaltseve was captured.", gazetteer)
    assert "shelled" in shelled.reasons[0]
    assert "was captured" in passive.reasons[0]


def test_a_lone_town_with_no_cue_is_kept_with_less_confidence(gazetteer: Gazetteer) -> None:
    (alone,) = geoparse("Debaltseve remains tense.", gazetteer)
    (cued,) = geoparse("Rebels shelled Debaltseve.", gazetteer)
    assert alone.place is not None and alone.place.geonameid == DEBALTSEVE
    assert "only geography" in alone.reasons[0]
    assert alone.confidence < cued.confidence


def test_a_focus_country_anchors_a_plausible_name(gazetteer: Gazetteer) -> None:
    text = "Vuhlehirsk remains tense."
    assert geoparse(text, gazetteer) == []  # a village of 7,000, alone, without a focus
    (got,) = geoparse(text, gazetteer, country_focus=["UA"])
    assert got.place is not None and got.place.geonameid == 690822
    assert "focus country UA" in got.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "Heavy rain fell on Sunday.",
        "Sailor Igor said the Guardian was wrong.",
        "Liberty is precious.",  # many towns of a size share the name: none stands out
        "Hope faded for the missing.",
        "Grad rockets hit the town.",
    ],
)
def test_common_words_alone_are_not_places(text: str, gazetteer: Gazetteer) -> None:
    assert geoparse(text, gazetteer) == []


def test_a_hinted_country_excludes_a_faraway_namesake(gazetteer: Gazetteer) -> None:
    """In a Polish poll, "Debaltseve" (read as a party) is no Ukrainian town, though it is the
    text's only name; alone, a town that dwarfs its namesakes is kept.
    """
    text = "The Polish poll put Debaltseve on 0.9 percent."
    assert all(m.text != "Debaltseve" for m in geoparse(text, gazetteer))
    alone = geoparse("Debaltseve is quiet tonight.", gazetteer)
    assert [(m.text, m.place.geonameid) for m in alone] == [("Debaltseve", 710229)]


def test_a_lone_name_shared_by_many_small_towns_is_no_place(gazetteer: Gazetteer) -> None:
    """A lone "Freedom" means none of its many small towns; no town lends itself its own focus."""
    assert geoparse("Freedom is quiet tonight.", gazetteer) == []


def test_one_line_wire_item_gives_a_shelling_event(gazetteer: Gazetteer) -> None:
    article = Article(text="Rebels shelled Debaltseve on Tuesday, killing two soldiers.")
    (event,) = extract_events(article, gazetteer)
    assert event.place.geonameid == DEBALTSEVE
    assert event.place_name == "Debaltseve"
    assert "Shelling" in event.sub_event_type
    assert event.fatalities.best == 2


def test_the_name_of_an_event_is_no_cue(gazetteer: Gazetteer) -> None:
    """ "the Battle of Liberty" names a battle, not a US town; "the fall of Mosul" is a place."""
    assert geoparse("He fought in the Battle of Liberty.", gazetteer) == []
    assert [m.text for m in geoparse("The fall of Mosul shocked the world.", gazetteer)] == ["Mosul"]


def test_a_possessive_inside_a_name_does_not_end_it(gazetteer: Gazetteer) -> None:
    text = "The threat facing the Democratic People's Republic of Korea, Wang said."
    [mention] = geoparse(text, gazetteer)
    assert (mention.text, mention.place.country) == ("Democratic People's Republic of Korea", "KP")


def test_a_name_written_with_its_state_is_a_sense_of_its_own(gazetteer: Gazetteer) -> None:
    """'Tacoma, Washington' is the state; 'Washington, D.C.' in the same text, inside a list, the city."""
    text = "The team trained near Tacoma, Washington. Trips to Guam, Hawaii and Washington, D.C., followed."
    places = _places(text, gazetteer)
    assert ("Washington", 5815135) in places  # the state
    assert places[-2:] == [("Washington", 4140963), ("D.C.", 4138106)]  # the city, in the District


def test_a_region_known_by_that_name_only_as_an_alternate_must_fit(gazetteer: Gazetteer) -> None:
    """GeoNames lists "West Coast" as a name of Western Australia: not in a text about California."""
    text = "After stops in Washington and Boston, the prince spent this week on the West Coast in Los Angeles."
    assert all(m.place is None or m.place.country == "US" for m in geoparse(text, gazetteer))


def test_a_small_towns_possessive_before_a_settlement_noun_names_a_facility(gazetteer: Gazetteer) -> None:
    text = "The club chose the Hope Residence at Eva's Village in Paterson, New Jersey."
    assert "Eva" not in [m.text for m in geoparse(text, gazetteer) if m.place is not None]


def test_a_national_capital_is_the_town_news_means(gazetteer: Gazetteer) -> None:
    """In a London-datelined text, "In Washington" is the US capital, not Washington, Tyne and Wear."""
    text = (
        "LONDON (AP) - Britain expelled 23 diplomats on Monday. In Washington, some of the 60 Russian "
        "diplomats being expelled from the United States left their embassy."
    )
    washington = [m for m in geoparse(text, gazetteer) if m.text == "Washington"]
    assert [m.place.geonameid for m in washington] == [4140963]
    assert any("the capital of US" in r for r in washington[0].reasons)


def test_regions_named_by_their_compass_parts(gazetteer: Gazetteer) -> None:
    """Darfur, Kordofan, Kivu and Sinai are no GeoNames subdivisions: the regions that share the name."""
    text = (
        "The RSF advanced in Kordofan after taking El Fasher, the army's last stronghold in Darfur. "
        "In North Kivu, M23 rebels took Goma; militants in Sinai attacked a checkpoint near El Arish."
    )
    found = [(m.text, m.place.country, m.place.kind) for m in geoparse(text, gazetteer)]
    assert found == [
        ("Kordofan", "SD", "region"),
        ("El Fasher", "SD", "settlement"),
        ("Darfur", "SD", "region"),
        ("North Kivu", "CD", "region"),
        ("Goma", "CD", "settlement"),
        ("Sinai", "EG", "region"),
        ("El Arish", "EG", "settlement"),
    ]


def test_a_states_formal_name_without_the_article(gazetteer: Gazetteer) -> None:
    """GeoNames writes "Democratic Republic of the Congo"; wires write it without "the"."""
    text = "GOMA, Democratic Republic of Congo (Reuters) - Troops from the Republic of Congo crossed the river."
    found = [(m.text, m.place.country, m.place.kind) for m in geoparse(text, gazetteer)]
    assert ("Democratic Republic of Congo", "CD", "country") in found
    assert ("Republic of Congo", "CG", "country") in found
    assert all(m.text != "Congo" for m in geoparse(text, gazetteer))
