"""The countries a text's demonyms point to (:mod:`geo.geoparser.demonyms`), for its country focus."""

from __future__ import annotations

from geo.gazetteer import Gazetteer
from geo.geoparser.demonyms import demonym_countries


def test_demonyms_in_the_plural_and_of_several_words_give_the_country_focus(gazetteer: Gazetteer) -> None:
    text = "Ukrainians and a Ukrainian met South Africans and a North Korean. The South African spoke."
    assert demonym_countries(text, gazetteer.demonym_keys, gazetteer) == {"UA": 2, "ZA": 2, "KP": 1}
