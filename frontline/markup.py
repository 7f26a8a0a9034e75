r"""Text for Streamlit's Markdown: user and file data shown as the characters they are.

Streamlit renders the text of ``st.caption``, ``st.error``, ``st.warning``, ``st.info``, status
labels and radio options as Markdown, with its own directives (``:red[...]``, ``:material/...:``,
emoji shortcodes, ``$...$`` for maths). An article's title, a place name or an error message that
quotes a file must not become a link, an image or coloured text there. CommonMark lets any ASCII
punctuation character be backslash-escaped, so escaping all of them leaves no construct to open,
whatever the renderer's extensions; newlines (and every other run of white space) become one
space, so no block (heading, list, code, quote) can start either. GitHub-flavoured Markdown also
turns bare addresses (``https://…``, ``www.…``, ``name@host.org``) into links after escapes are
resolved, so an invisible WORD JOINER (U+2060) is put inside ``://``, after ``www`` and after
``@``: the text reads the same and links to nothing.

>>> print(escape_markdown("![x](data:image/png;base64,AAAA)"))
\!\[x\]\(data\:image\/png\;base64\,AAAA\)
>>> print(escape_markdown(":red[big]\n# <b>title</b>"))
\:red\[big\] \# \<b\>title\<\/b\>
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

#: Every ASCII punctuation character: the ranges ``!``-``/``, ``:``-``@``, ``[``-`` ` `` and ``{``-``~``.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")
#: Where GitHub-flavoured Markdown starts a bare link (in escaped text): ``://``, ``www.``, ``@``.
_AUTOLINK = re.compile(r"(\\:)(?=\\/\\/)|(?i:www)(?=\\\.)|(\\@)")
_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """Return ``text`` as Markdown that Streamlit shows as exactly these characters, on one line.

    Parameters
    ----------
    text
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The text with white space runs collapsed to one space, trimmed, every ASCII punctuation
        character preceded by a backslash, and a word joiner where a bare link would start.
    """
    escaped = _PUNCTUATION.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())
    return _AUTOLINK.sub(lambda match: match.group(0) + _JOINER, escaped)
