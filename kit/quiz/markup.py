"""The little Markdown a bank's text may use, as safe HTML: code, bold, italics and links.

Bank text (prompts, options, hints, explanations, feedback) is untrusted input: everything
is escaped first, then only these are turned into markup:

- ```code``` -> ``<code>`` (nothing inside it is read as markup);
- ``**bold**`` (or ``__bold__``) -> ``<strong>``;
- ``*italics*`` (or ``_italics_``, not inside a word such as ``snake_case``) -> ``<em>``;
- ``[words](https://...)`` -> a link that opens in a new tab; only ``http``, ``https`` and
  ``mailto`` addresses (a ``javascript:`` or any other address stays text).

TeX (``$...$``) is left alone for MathJax. The browser side of the quiz widgets reads the
same subset into DOM nodes (``kit/quiz/static/typeset.js``, ``inlineMarkup``), never as HTML.

Examples
--------
>>> inline_html("The `capacity` default is **150**, not *more*.")
'The <code>capacity</code> default is <strong>150</strong>, not <em>more</em>.'
>>> inline_html("<b>hi</b> & [x](javascript:alert(1))")
'&lt;b&gt;hi&lt;/b&gt; &amp; [x](javascript:alert(1))'
>>> plain_text("Vary `tolerance` **widely**")
'Vary tolerance widely'
"""

from __future__ import annotations

import html
import re

__all__ = ["inline_html", "plain_text"]

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(
    r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])"  # **bold**
    r"|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"  # __bold__
)
_EM = re.compile(
    r"(?<![\w*$\\])\*(?=[^*\s])([^*]*?[^*\s])\*(?![\w*])"  # *italics*
    r"|(?<![\w$\\])_(?=[^_\s])([^_]*?[^_\s])_(?!\w)"  # _italics_
)
_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s]+)\)")
_SLOT = "\x00{}\x00"


def inline_html(text: str) -> str:
    """``text`` escaped, with the kit's Markdown subset as HTML (see the module)."""
    codes: list[str] = []

    def keep(match: re.Match) -> str:
        codes.append(f"<code>{match.group(1)}</code>")
        return _SLOT.format(len(codes) - 1)

    out = html.escape(str(text), quote=False)
    out = _CODE.sub(keep, out)  # code first: nothing inside it is markup
    out = _LINK.sub(
        lambda m: (
            f'<a href="{html.escape(html.unescape(m.group(2)))}" target="_blank"'
            f' rel="noopener noreferrer">{m.group(1)}</a>'
        ),
        out,
    )
    out = _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", out)
    out = _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", out)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], out)


def plain_text(text: str) -> str:
    """``text`` with the Markdown subset's marks taken out (for plain-text views)."""
    out = _CODE.sub(r"\1", str(text))
    out = _LINK.sub(r"\1", out)
    out = _BOLD.sub(lambda m: m.group(1) or m.group(2), out)
    return _EM.sub(lambda m: m.group(1) or m.group(2), out)
