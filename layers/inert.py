r"""Put data on a map page without any template engine seeing it.

folium builds a page from branca elements, and branca compiles the output of every element's
``{% macro script %}`` *again* as a Jinja template (``Element(script(self, kwargs))``). Whatever a
macro writes is therefore evaluated: article text inside a macro's output would run as code on the
server (``{{ cycler.__init__.__globals__.os.popen(...) }}``). So no user-supplied string may pass
through a folium or branca template. Our map elements derive from :class:`InertScript`: they write
their JavaScript in Python and hand it to the page as :class:`RawHtml`, which is inserted verbatim,
never compiled. Data inside that JavaScript is :func:`script_json`: JSON that is safe inside a
``<script>`` element and holds no template delimiter either, so even a page assembled by a template
engine downstream would carry it as inert text.

>>> print(script_json({"quote": "</script><b>{{ 6*7 }}</b>"}))
{"quote":"<\/script><b>\u007b{ 6*7 }}<\/b>"}
"""

from __future__ import annotations

import json
import re
from typing import Any

from branca.element import Element, Figure, MacroElement

__all__ = ["InertScript", "RawHtml", "script_json"]

#: What must not appear raw inside a <script> element or in front of a template engine: the
#: openings of an end tag (</script>), a comment (<!--) or a script tag (<script, which switches the
#: parser's state inside a comment), line separators, and the opening of a Jinja expression,
#: statement or comment. Other markup is harmless there: popups keep their compact HTML.
_UNSAFE = re.compile(r"</|<(?=[!sS])|[\u2028\u2029]|\{(?=[{%#])")


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    return "<\\/" if found == "</" else f"\\u{ord(found):04x}"  # JSON's "\/" is "/": 1 byte more


def script_json(value: Any) -> str:
    r"""Serialise ``value`` as compact JSON that is inert inside ``<script>`` and to template engines.

    ``</`` becomes ``<\/``; a ``<`` that opens ``<!`` or ``<s``, U+2028/U+2029 and a ``{`` that would
    open ``{{``, ``{%`` or ``{#`` become ``\uXXXX`` escapes. They only occur inside JSON strings,
    where the escape means the same character. NaN and infinities are refused: they are not JSON.

    >>> print(script_json([1.5, "a{b}", "{#", "<!--"]))
    [1.5,"a{b}","\u007b#","\u003c!--"]
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _UNSAFE.sub(_escape, text)


class RawHtml(Element):
    """An element rendered verbatim: never compiled as a template (for inlined code and data)."""

    def __init__(self, html: str, name: str | None = None) -> None:
        super().__init__("")
        self.html = html
        if name:
            self._name = name

    def render(self, **kwargs: Any) -> str:
        """Return the HTML unchanged."""
        return self.html


class InertScript(MacroElement):
    """A map element whose JavaScript is written in Python and added to the page verbatim.

    Subclasses implement :meth:`script`; ``{parent}`` in its text is not special — use
    ``self._parent.get_name()`` to address the element it belongs to. Header assets go through
    :meth:`header`, which returns ``{name: html}`` added once per page.
    """

    def script(self) -> str:
        """Return the element's JavaScript (data in it must come from :func:`script_json`)."""
        raise NotImplementedError

    def header(self) -> dict[str, str]:
        """Return the page-header HTML this element needs, by name (added once per page)."""
        return {}

    def render(self, **kwargs: Any) -> None:
        """Add the header assets and the script to the page, bypassing branca's template compilation."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} must be added to a map before it is rendered")
        for name, html in self.header().items():
            figure.header.add_child(RawHtml(html), name=name)
        figure.script.add_child(RawHtml(self.script()), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
