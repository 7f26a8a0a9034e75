"""Data reaches the map page without any template engine seeing it (layers/inert.py, render_html)."""

from __future__ import annotations

import json
from dataclasses import replace

import folium
import pytest
from hypothesis import given
from hypothesis import strategies as st

from layers.article import article_from_text
from layers.inert import InertScript, RawHtml, script_json
from layers.pipeline import build_layers
from layers.render import build_map, places_layer, render_html

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
_SCRIPT_BREAKERS = ("</", "<!", "<s", "<S", "{{", "{%", "{#", "\u2028", "\u2029")


@given(_JSON)
def test_script_json_means_the_same_and_holds_nothing_that_breaks_out(value) -> None:
    out = script_json(value)
    assert json.loads(out) == value
    assert not any(breaker in out for breaker in _SCRIPT_BREAKERS), out


def test_script_json_refuses_what_is_not_json() -> None:
    with pytest.raises(ValueError):
        script_json(float("nan"))


class _Probe(InertScript):
    def script(self) -> str:
        return "var probe = " + script_json("{{ 6*7 }} {% for x in y %} {# c") + ";"


def test_an_inert_element_reaches_the_page_verbatim() -> None:
    m = folium.Map(tiles=None)
    _Probe().add_to(m)
    html = m.get_root().render()
    assert 'var probe = "\\u007b{ 6*7 }} \\u007b% for x in y %} \\u007b# c";' in html
    assert "42" not in html.split("var probe")[1][:60]


def test_the_same_text_through_a_branca_macro_is_evaluated() -> None:
    """Why the inert path exists: branca compiles a macro's output again as a template."""
    from branca.element import MacroElement
    from folium.template import Template

    class Macro(MacroElement):
        _template = Template("{% macro script(this, kwargs) %}var probe = {{ this.data }};{% endmacro %}")

        def __init__(self) -> None:
            super().__init__()
            self.data = json.dumps("XYZ{{ 6*7 }}ABC")

    m = folium.Map(tiles=None)
    Macro().add_to(m)
    assert "XYZ42ABC" in m.get_root().render()


def test_render_html_refuses_an_element_that_would_template_its_content(gazetteer) -> None:
    layers = build_layers(article_from_text("Shelling hit Mariupol on 3 March 2015."), gazetteer)
    m = build_map(layers)
    folium.Popup("{{ 6*7 }}").add_to(m)
    with pytest.raises(TypeError, match="Popup would pass its content through a template"):
        render_html(m)


def test_render_html_refuses_a_layer_name_made_of_data(gazetteer) -> None:
    layers = build_layers(article_from_text("Shelling hit Mariupol on 3 March 2015."), gazetteer)
    m = build_map(replace(layers, places=layers.places.iloc[:0]))
    places_layer(layers.places, name="{{ 6*7 }}").add_to(m)
    with pytest.raises(ValueError, match="layer names are our own labels"):
        render_html(m)


def test_raw_html_is_never_compiled() -> None:
    m = folium.Map(tiles=None)
    m.get_root().header.add_child(RawHtml("<script>var a = '{{ 6*7 }}';</script>"), name="probe")
    assert "var a = '{{ 6*7 }}';" in m.get_root().render()
