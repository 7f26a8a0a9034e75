"""Actor naming for any conflict (`layers.actors`), on report-style sentences of many wars."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from layers.actor_lexicon import load_actor_lexicon
from layers.actors import (
    KINDS,
    ActorMention,
    actor_roles,
    country_subject,
    find_actors,
    for_sub_event,
    opponent,
)

RU, UA = "Military Forces of Russia", "Military Forces of Ukraine"
NAF = "NAF: United Armed Forces of Novorossiya"

# (sentence, country of the text's places, the actors' names in text order)
ROWS = [
    # Ukraine 2022-24
    ("Russian forces shelled Staryi Saltiv, Kharkiv, with artillery.", "UA", [RU]),
    ("Russian forces shelled Ukrainian positions near Avdiivka.", "UA", [RU, UA]),
    ("Kyiv's forces retook the village of Robotyne after weeks of fighting.", "UA", [UA]),
    ("Moscow's troops pushed towards Pokrovsk overnight.", "UA", [RU]),
    ("Ukrainian soldiers repelled a Russian assault near Bakhmut.", "UA", [UA, RU]),
    ("Russian air forces carried out air strikes near Petrivka, Kharkiv.", "UA", [f"{RU} Air Force"]),
    ("Ukrainian air defence intercepted the missiles the Russian navy fired.", "UA", [UA, f"{RU} Navy"]),
    ("Ukrainian air defence intercepted 10 Russian missiles over Poltava.", "UA", [UA, RU]),
    ("Ukrainian forces shelled DPR positions in Yasynuvata with MLRS Grad.", "UA", [UA, NAF]),
    ("Russian forces shelled Nikopol, killing two civilians.", "UA", [RU, "Civilians (Ukraine)"]),
    ("The Wagner Group claimed control of Soledar.", "UA", ["Wagner Group"]),
    ("Fighters of the Azov Regiment held out in the Azovstal plant.", "UA", ["Azov"]),
    ("The Armed Forces of Ukraine said they had destroyed a Russian tank.", "UA", [UA, RU]),
    # Gaza, Israel, Lebanon
    (
        "Civilians were killed by Israeli strikes on Rafah.",
        "PS",
        ["Civilians (Palestine)", "Military Forces of Israel"],
    ),
    ("Hamas militants fired rockets at Ashkelon.", "IL", ["Hamas Movement"]),
    (
        "The IDF said it struck Palestinian Islamic Jihad targets in Khan Younis.",
        "PS",
        ["Military Forces of Israel", "Palestinian Islamic Jihad"],
    ),
    (
        "Hezbollah fired anti-tank missiles at Israeli troops near the border.",
        "LB",
        ["Hezbollah", "Military Forces of Israel"],
    ),
    (
        "Israeli police arrested Palestinian protesters in East Jerusalem.",
        "IL",
        ["Police Forces of Israel", "Protesters (Palestine)"],
    ),
    # Syria, Iraq
    (
        "Syrian government forces and rebels clashed near Idlib.",
        "SY",
        ["Military Forces of Syria", "Rebel group (Syria)"],
    ),
    (
        "HTS fighters attacked regime positions in Latakia countryside.",
        "SY",
        ["Hayat Tahrir al-Sham", "Military Forces of Syria"],
    ),
    (
        "Islamic State militants killed four SDF fighters in Deir ez-Zor.",
        "SY",
        ["Islamic State (Syria)", "QSD: Syrian Democratic Forces"],
    ),
    (
        "Turkish drones struck YPG positions near Kobani.",
        "SY",
        ["Military Forces of Turkey", "YPG: People's Protection Units"],
    ),
    ("The Syrian National Army shelled villages near Manbij.", "SY", ["Syrian National Army"]),
    (
        "Daesh fighters ambushed an army patrol in Anbar.",
        "IQ",
        ["Islamic State (Iraq)", "Military Forces of Iraq"],
    ),
    # Sudan
    (
        "The Sudanese army bombed RSF positions in Khartoum.",
        "SD",
        ["Military Forces of Sudan", "Rapid Support Forces"],
    ),
    (
        "The Rapid Support Forces stormed El Geneina, killing dozens of civilians.",
        "SD",
        ["Rapid Support Forces", "Civilians (Sudan)"],
    ),
    (
        "Gunmen on motorbikes attacked villagers near Nyala.",
        "SD",
        ["Unidentified Armed Group (Sudan)", "Civilians (Sudan)"],
    ),
    # Somalia, Yemen
    ("Al-Shabaab militants attacked a military base in Lower Shabelle.", "SO", ["Al Shabaab"]),
    ("The militants later withdrew from the town.", "SO", ["Rebel group (Somalia)"]),
    ("Houthi rebels launched drones at a ship in the Red Sea.", "YE", ["Houthis"]),
    ("AQAP gunmen killed two soldiers in Abyan.", "YE", ["AQAP: Al Qaeda in the Arabian Peninsula"]),
    # Myanmar
    (
        "The army of Myanmar bombed a village held by the Arakan Army.",
        "MM",
        ["Military Forces of Myanmar", "AA: Arakan Army"],
    ),
    (
        "Junta forces torched homes in Sagaing, residents said.",
        "MM",
        ["Military Forces of Myanmar", "Civilians (Myanmar)"],
    ),
    (
        "The Tatmadaw shelled positions of the Kachin Independence Army.",
        "MM",
        ["Military Forces of Myanmar", "KIA: Kachin Independence Army"],
    ),
    # Sahel, Nigeria
    (
        "JNIM militants ambushed a convoy of Malian soldiers near Boni.",
        "ML",
        ["JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali"],
    ),
    (
        "Burkinabe troops killed dozens of civilians in Karma.",
        "BF",
        ["Military Forces of Burkina Faso", "Civilians (Burkina Faso)"],
    ),
    ("Boko Haram insurgents abducted a woman in Borno.", "NG", ["Boko Haram", "Civilians (Nigeria)"]),
    # DRC
    (
        "M23 rebels seized Bunagana from the FARDC.",
        "CD",
        ["M23: March 23 Movement", "Military Forces of Democratic Republic of Congo"],
    ),
    (
        "ADF fighters killed 12 villagers near Beni.",
        "CD",
        ["ADF: Allied Democratic Forces", "Civilians (Democratic Republic of Congo)"],
    ),
    # Turkey / PKK
    (
        "Turkish police detained protesters in Istanbul.",
        "TR",
        ["Police Forces of Turkey", "Protesters (Turkey)"],
    ),
    (
        "Police in Istanbul fired tear gas at demonstrators.",
        "TR",
        ["Police Forces of Turkey", "Protesters (Turkey)"],
    ),
    (
        "PKK militants attacked a gendarmerie post in Hakkari.",
        "TR",
        ["PKK: Kurdistan Workers Party", "Police Forces of Turkey"],
    ),
    # Ethiopia, Afghanistan
    (
        "Fano militia fighters clashed with Ethiopian government forces in Gondar.",
        "ET",
        ["Fano", "Military Forces of Ethiopia"],
    ),
    ("The Taliban detained two journalists in Kabul.", "AF", ["Taliban", "Civilians (Afghanistan)"]),
    # generic actors: country from the caller, or the text's own word
    (
        "Unknown gunmen killed a man in Kharkiv.",
        "UA",
        ["Unidentified Armed Group (Ukraine)", "Civilians (Ukraine)"],
    ),
    ("Rioters set fire to shops in the market.", "KE", ["Rioters (Kenya)"]),
    ("The rebels seized the town.", None, ["rebels"]),
    ("Gunmen attacked the convoy.", None, ["Unidentified Armed Group"]),
    # no actor named: none returned
    ("The ceasefire took effect at midnight, officials said.", "UA", []),
    ("Russian state television showed the flag over the town hall.", "UA", []),
]


@pytest.mark.parametrize(("sentence", "country", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_actor_names(gazetteer, sentence, country, expected):
    actors = find_actors(sentence, country=country, gazetteer=gazetteer)
    assert [a.name for a in actors] == expected
    for a in actors:
        assert a.kind in KINDS
        assert 0 <= a.start < a.end <= len(sentence)
    assert [a.start for a in actors] == sorted(a.start for a in actors)


def test_table_covers_many_wars():
    assert len(ROWS) >= 40
    assert len({country for _, country, _ in ROWS if country}) >= 12


def test_spans_and_kinds(gazetteer):
    text = "Gunmen shot dead two civilians as Russian forces shelled Kherson; Hamas denied it."
    actors = find_actors(text, country="UA", gazetteer=gazetteer)
    assert [(text[a.start : a.end], a.kind, a.country) for a in actors] == [
        ("Gunmen", "unidentified", "UA"),
        ("civilians", "civilians", "UA"),
        ("Russian forces", "state", "RU"),
        ("Hamas", "group", "PS"),
    ]


def test_country_given_by_name(gazetteer):
    actors = find_actors("Gunmen attacked the convoy.", country="Sudan", gazetteer=gazetteer)
    assert [(a.name, a.country) for a in actors] == [("Unidentified Armed Group (Sudan)", "SD")]


def test_window_and_earlier_group(gazetteer):
    text = "Al-Shabaab claimed the attack in Mogadishu. The militants stormed a hotel."
    second = text.index("The militants")
    actors = find_actors(text, second, len(text), country="SO", gazetteer=gazetteer)
    # only the window's actors, but "the militants" are the group named before it
    assert [(a.name, a.kind, text[a.start : a.end]) for a in actors] == [("Al Shabaab", "group", "militants")]


def test_kyiv_and_kiev_forces_are_ukraine(gazetteer):
    for text in (
        "Kyiv's forces launched a counteroffensive.",
        "Kiev’s armed forces command said 22 soldiers died.",
    ):
        actors = find_actors(text, gazetteer=gazetteer)
        assert [(a.name, a.country) for a in actors] == [(UA, "UA")]


def test_modifier_is_not_an_actor(gazetteer):
    # "pro-Russia", "Russia-backed": the separatists, never Russia's army
    text = "Russia-backed separatists and pro-Russia forces attacked Hamas-run posts."
    names = [a.name for a in find_actors(text, country="UA", gazetteer=gazetteer)]
    assert names == [NAF, NAF]


def test_no_default_side(gazetteer):
    assert (
        find_actors("Shelling was reported near the village overnight.", country="UA", gazetteer=gazetteer)
        == []
    )
    assert find_actors("", gazetteer=gazetteer) == []


def test_seed_article_keeps_its_sides(gazetteer, article):
    actors = find_actors(article.text, country="UA", gazetteer=gazetteer)
    names = [a.name for a in actors]
    assert names.count(NAF) >= 5  # "separatists", "pro-Russia forces", "rebels", "people's republics"
    assert names.count(UA) >= 5  # "Ukrainian positions", "Ukrainian soldiers", "Kiev's armed forces", ...
    surfaces = {article.text[a.start : a.end] for a in actors if a.name == NAF}
    assert {"separatists", "pro-Russia forces", "Russia-backed separatists"} <= surfaces
    assert "Kiev’s armed forces" in {article.text[a.start : a.end] for a in actors if a.name == UA}
    # Russia's army is named nowhere in the article ("Russian state-owned television", "the Russians")
    assert RU not in names


# (sentence, country, predicate, expected (actor 1, actor 2))
ROLE_ROWS = [
    ("Russian forces shelled Ukrainian positions near Avdiivka.", "UA", "shelled", (RU, UA)),
    (
        "Civilians were killed by Israeli strikes in Rafah.",
        "PS",
        "killed",
        ("Military Forces of Israel", "Civilians (Palestine)"),
    ),
    ("Five civilians were killed and two were wounded.", "UA", "killed", (None, "Civilians (Ukraine)")),
    ("Russian shelling killed three civilians in Kherson.", "UA", "shelling", (RU, "Civilians (Ukraine)")),
    (
        "The Sudanese army said RSF fighters shelled a market, killing 20 civilians.",
        "SD",
        "shelled",
        ("Rapid Support Forces", "Civilians (Sudan)"),
    ),
    (
        "Two Turkish soldiers were wounded by PKK militants in Hakkari.",
        "TR",
        "wounded",
        ("PKK: Kurdistan Workers Party", "Military Forces of Turkey"),
    ),
    ("Al-Shabaab militants attacked a base in Lower Shabelle.", "SO", "attacked", ("Al Shabaab", None)),
    ("Ukrainian forces fired 120mm mortars at DPR positions in Oleksandrivka.", "UA", "fired", (UA, NAF)),
    (
        "Houthi rebels were struck by US warplanes near Hodeidah.",
        "YE",
        "struck",
        ("Military Forces of United States Air Force", "Houthis"),
    ),
]


@pytest.mark.parametrize(
    ("sentence", "country", "predicate", "expected"), ROLE_ROWS, ids=[r[0][:40] for r in ROLE_ROWS]
)
def test_actor_roles(gazetteer, sentence, country, predicate, expected):
    _, (first, second) = _roles(gazetteer, sentence, country, predicate)
    assert (first.name if first else None, second.name if second else None) == expected


def _roles(gazetteer, sentence: str, country: str, predicate: str):
    """Return a sentence's actors and the roles :func:`actor_roles` gives them around ``predicate``."""
    actors = find_actors(sentence, country=country, gazetteer=gazetteer)
    at = sentence.index(predicate)
    return actors, actor_roles(sentence, actors, (at, at + len(predicate)))


def test_roles_of_no_actors():
    assert actor_roles("Shelling was reported.", [], (0, 8)) == (None, None)


def test_lexicon_from_file(tmp_path, gazetteer):
    path = tmp_path / "actors.yaml"
    path.write_text("groups: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="malformed"):
        load_actor_lexicon(str(path))
    lexicon = load_actor_lexicon()
    assert any(g.name == "Hamas Movement" and "PS" in g.countries for g in lexicon.groups)
    mention = ActorMention("Hamas Movement", 0, 5, "group", "PS")
    with pytest.raises(AttributeError):
        mention.name = "x"  # frozen


# (sentence, country, predicate, expected opponent of the actor before the predicate): the other
# armed side the sentence names, wherever it stands, for an event whose predicate has no object
OPPONENT_ROWS = [
    ("Russian forces launched an offensive towards Vuhledar, but were repelled by Ukrainian troops.", "UA",
     "offensive", UA),
    ("Russian and DPR forces assaulted Marinka.", "UA", "assaulted", None),  # allies, not opponents
    ("Syrian troops backed by Russian jets advanced on Idlib; HTS militants fought back.", "SY", "advanced",
     "Hayat Tahrir al-Sham"),
    # civilians are no side: they are acted upon only as an object or as the victims
    ("Russian forces shelled Kherson, and two civilians were wounded.", "UA", "shelled", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "country", "predicate", "expected"), OPPONENT_ROWS, ids=[r[0][:40] for r in OPPONENT_ROWS]
)
def test_the_other_side_named_across_clauses(gazetteer, sentence, country, predicate, expected):
    actors, (first, _) = _roles(gazetteer, sentence, country, predicate)
    found = opponent(sentence, actors, first)
    assert (found.name if found else None) == expected


def test_state_forces_carry_out_air_strikes_as_their_air_force(gazetteer):
    (russia,) = find_actors("Russian forces launched an airstrike.", country="UA", gazetteer=gazetteer)
    assert for_sub_event(russia, "Air/drone strike").name == "Military Forces of Russia Air Force"
    assert for_sub_event(russia, "Shelling/artillery/missile attack") == russia
    (jets,) = find_actors("Russian jets bombed the town.", country="SY", gazetteer=gazetteer)
    assert for_sub_event(jets, "Air/drone strike") == jets  # already named by its branch
    (rebels,) = find_actors("Houthi rebels launched drones.", country="YE", gazetteer=gazetteer)
    assert for_sub_event(rebels, "Air/drone strike") == rebels  # a group has no air force


@pytest.mark.parametrize(
    ("sentence", "predicate", "expected"),
    [
        ("A Kurdish spokesman says Turkey has shelled Qamishli.", "shelled", "Military Forces of Turkey"),
        ("Israel struck targets in Gaza overnight.", "struck", "Military Forces of Israel"),
        ("Turkey was shelled from Syria.", "shelled", None),  # passive: Turkey is no actor
        ("In Turkey, gunmen attacked a bus.", "attacked", None),
        ("Russian forces shelled Kharkiv.", "shelled", None),  # a demonym is find_actors' business
    ],
)
def test_a_country_named_as_the_subject_stands_for_its_forces(gazetteer, sentence, predicate, expected):
    at = sentence.index(predicate)
    found = country_subject(sentence, (at, at + len(predicate)), gazetteer)
    assert (found.name if found else None) == expected


def test_a_subordinate_clause_has_its_own_subject(gazetteer):
    sentence = "US special forces were patrolling in Manbij when a roadside bomb exploded."
    actors = find_actors(sentence, country="SY", gazetteer=gazetteer)
    at = sentence.index("roadside bomb")
    assert actor_roles(sentence, actors, (at, at + len("roadside bomb")))[0] is None


@pytest.mark.parametrize(
    ("regions", "name"),
    [
        ({"UA.05"}, NAF),  # Donetsk Oblast: the NAF's home (actors.yaml home_regions)
        ({"UA.30"}, "Rebel group (Ukraine)"),  # Kyiv City: no group's home
        (set(), "Rebel group (Ukraine)"),
    ],
)
def test_rebels_in_a_groups_home_regions_are_that_group(
    gazetteer: Gazetteer, regions: set, name: str
) -> None:
    text = "Rebels shelled Novoazovsk on Monday."
    found = find_actors(text, gazetteer=gazetteer, country="UA", regions=regions)
    assert [a.name for a in found] == [name]
