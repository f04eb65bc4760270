"""Paragraph text: white space, soft line breaks, hand-typed bullets and list labels.

Pure string functions; they know nothing of PDF, Word or the page layout.

:func:`typed_text` gives text as a reader would type it, whatever produced the file:
PDF text layers carry ligature glyphs ("ﬁ" for "fi"; DejaVu and Calibri print them,
and text pasted from a PDF into Word keeps them), Word's Symbol and Wingdings bullets
reach PDF text and typed paragraphs as private-use code points, and web editors and
PDF extractors leave soft hyphens and zero-width characters behind.
:func:`clean_paragraph` (which every paragraph of every reader goes through) applies it.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..vocabulary import BULLET_GLYPHS
from .memo import memoised

__all__ = ["clean_paragraph", "format_item", "join_paragraphs", "strip_bullet", "typed_text"]

_SOFT_HYPHEN = "\u00ad"
# Zero-width and invisible format characters that Word and PDF extractors leave behind:
# ZWSP, ZWNJ, ZWJ, word joiner, BOM / ZWNBSP, Mongolian vowel separator.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_INVISIBLE = regex.compile(f"[{_INVISIBLE_CHARS}]")
# Latin presentation forms: one glyph for two or three letters (U+FB00 ... U+FB06).
_LIGATURES_MAP = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",  # long s + t
    "\ufb06": "st",
}
_LIGATURES_CHARS = tuple(_LIGATURES_MAP)
_LIGATURES = str.maketrans(_LIGATURES_MAP)
# Word's list bullets in symbol fonts, as the private-use code points (U+F000 + the
# font's byte) that PDF text layers and typed paragraphs carry: Symbol's bullet, and
# Wingdings' square, arrowhead, diamond, tick and boxes.
_PRIVATE_BULLETS_MAP = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf0d8": "➢",
    "\uf076": "❖",
    "\uf0fc": "✓",
    "\uf06e": "■",
    "\uf071": "❑",
}
_BULLET_CHARS = tuple(_PRIVATE_BULLETS_MAP)
_PRIVATE_BULLETS = str.maketrans(_PRIVATE_BULLETS_MAP)
# A soft hyphen inside a line is invisible; one that ends a line marks a word broken
# there, which clean_paragraph joins, so it stays for that.
_INNER_SOFT_HYPHEN = regex.compile("\u00ad(?![^\\S\n]*(?:\n|$))")
# C0/C1 control characters that are not white space (NUL, BEL, ESC, ...) carry no text.
_CONTROL = regex.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Hyphens that end a line in "self-\nserve"; and the en dash of a range written without
# spaces ("2022–\n2027", "July–\nSeptember"): a spaced one ("2019 –\n2020") is punctuation.
_HYPHENS = ("-", "\u2010", "\u2011", "\u2013")


# Any character typed_text() changes: a text with none of them is returned as it is
# (str.translate with a dict looks every character up in Python: slow on long text).
_TYPED_CHANGES = regex.compile(
    "["
    + "".join(
        regex.escape(c)
        for c in (*_LIGATURES_CHARS, *_BULLET_CHARS, *_INVISIBLE_CHARS, _SOFT_HYPHEN)
    )
    + "]"
)


def typed_text(text: str) -> str:
    """``text`` as a reader would type it: ligatures decomposed (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ ->
    fi fl ff ffi ffl st st), Symbol/Wingdings private-use bullets mapped to the bullet
    they show, zero-width characters (U+200B-U+200D, U+2060, U+FEFF, U+180E) and soft
    hyphens inside a line dropped. A soft hyphen at the end of a line is kept: it says
    the word runs on (see :func:`clean_paragraph`). Idempotent."""
    if text.isascii() or _TYPED_CHANGES.search(text) is None:
        return text  # nearly every line: nothing to do
    text = text.translate(_LIGATURES).translate(_PRIVATE_BULLETS)
    typed: str = _INNER_SOFT_HYPHEN.sub("", _INVISIBLE.sub("", text))
    return typed


def _clean_line(raw: str) -> tuple[str, bool]:
    """One extracted line without invisible characters; and whether it ended in a soft hyphen."""
    line = _CONTROL.sub("", _INVISIBLE.sub("", raw)).strip()
    soft = line.endswith(_SOFT_HYPHEN)
    return line.replace(_SOFT_HYPHEN, "").strip(), soft


@memoised
def clean_paragraph(text: str) -> str:
    """Clean the text of one paragraph into a single line.

    Lines are stripped and joined with one space; a line ending in a hyphen after a
    letter or digit joins the next without a space ("self-\\nserve" -> "self-serve"),
    and a line ending in a soft hyphen joins without space and loses the soft hyphen.
    Runs of any Unicode white space become one space; zero-width characters, soft
    hyphens and non-space control characters are removed.
    """
    pieces: list[str] = []
    glue_next = False
    for raw in typed_text(text).splitlines():
        line, soft = _clean_line(raw)
        if not line:
            continue
        if pieces and (glue_next or _url_goes_on(pieces[-1], line)):
            pieces[-1] += line
        else:
            pieces.append(line)
        last = pieces[-1]
        # PDF extraction: "customer self-" / "serve solutions" is one hyphenated word.
        glue_next = soft or (len(last) >= 2 and last.endswith(_HYPHENS) and last[-2].isalnum())
    # str.split() splits on every Unicode space: NBSP, thin space, tabs, U+2028 ...
    return " ".join(" ".join(pieces).split())


def _url_goes_on(line: str, after: str) -> bool:
    """A web address broken at the edge of a narrow cell ("...at www.quitwell.examp" /
    "le.org.uk/clinics", "www.examplebury.gov" / ".uk/20mph"): the next line is the
    address's rest when it is one word that opens in lower case, a dot or a path's
    slash. A sentence going on after a whole address has more words than one
    ("www.example.org" / "for the details."). After a dot, the rest must look like a
    domain's or path's ("www.goodthingsfoundation." / "org/"), as the dot may end the
    sentence."""
    if _OPEN_URL.search(line):
        return _URL_REST.match(after) is not None
    return _URL_AT_DOT.search(line) is not None and _DOMAIN_REST.match(after) is not None


_OPEN_URL = regex.compile(r"(?:^|\s)(?:https?://|www\.)\S*(?<=[\p{L}\p{N}/\-_])$", regex.IGNORECASE)
_URL_AT_DOT = regex.compile(r"(?:^|\s)(?:https?://|www\.)\S*[\p{L}\p{N}]\.$", regex.IGNORECASE)
_URL_REST = regex.compile(r"^[\p{Ll}\p{N}/.][^\s]*$")
_DOMAIN_REST = regex.compile(r"^\p{Ll}+(?:\.\p{Ll}+)*/\S*$|^\p{Ll}+\.\p{Ll}{2,}\S*$")


# Typed bullet glyphs seen at the start of a paragraph. Word's Symbol / Wingdings bullets
# come out of PDFs as private-use code points (U+F0B7 "", U+F0A7 "", U+F0D8, U+F076,
# U+F0FC); any Symbol-font private-use character at the start is a bullet.
_GLYPHS = BULLET_GLYPHS
_BULLET = regex.compile(
    rf"""^\s*(?:
        [{_GLYPHS}\uf020-\uf0ff]\s*      # glyph bullets, space optional ("•Tried")
      | [–—*-]\s+(?=\S)                  # "- item", "– item", "* item" at the very start
      | o\s+(?=\S)                       # Word's second-level "o" bullet: "o https://..."
    )""",
    regex.VERBOSE,
)
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})"
_NUMBER_LABEL = regex.compile(
    rf"""^\s*(?P<label>
        [0-9]{{1,3}}[.)]                 # 1.  1)
      | \((?:[0-9]{{1,3}}|[a-z]|{_ROMAN}|[A-Z])\)   # (1) (a) (iv) (A)
      | (?:[a-z]|{_ROMAN})[.)]           # a)  a.  iv.
      | [A-Z]\)                          # A)  ("A." is too often an initial)
    )\s+(?=\S)""",
    regex.VERBOSE,
)


def strip_bullet(text: str) -> tuple[str, str | None]:
    """Split a hand-typed list marker off the start of a paragraph.

    Returns ``(rest, "•")`` for a bullet glyph, ``(rest, label)`` for a number label such
    as ``"1."``, ``"(a)"`` or ``"iv."``, and ``(text, None)`` when there is no marker.
    A lone glyph gives ``("", "•")``.
    """
    m = _BULLET.match(text)
    if m:
        return text[m.end() :].strip(), "•"
    m = _NUMBER_LABEL.match(text)
    if m:
        return text[m.end() :].strip(), m.group("label")
    return text, None


def format_item(text: str, kind: str | None, label: str | None) -> str:
    """Render a list item: ``"• text"`` for bullets, ``"label text"`` for numbers."""
    if kind == "bullet":
        return f"• {text}" if text else "•"
    if kind == "number" and label:
        return f"{label} {text}" if text else label
    return text


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraph texts with newlines, dropping empty (or all-space) ones."""
    return "\n".join(p for p in paragraphs if p and not p.isspace())
