"""Paragraph text: white space, soft line breaks, hand-typed bullets and list labels.

Pure string functions; they know nothing of PDF, Word or the page layout.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..vocabulary import BULLET_GLYPHS

__all__ = ["clean_paragraph", "format_item", "join_paragraphs", "strip_bullet"]

_SOFT_HYPHEN = "\u00ad"
# Zero-width and invisible format characters that Word and PDF extractors leave behind:
# ZWSP, ZWNJ, ZWJ, word joiner, BOM / ZWNBSP, Mongolian vowel separator.
_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e]")
# C0/C1 control characters that are not white space (NUL, BEL, ESC, ...) carry no text.
_CONTROL = regex.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Hyphens that end a line in "self-\nserve"; an en dash is punctuation, never a join.
_HYPHENS = ("-", "\u2010", "\u2011")


def _clean_line(raw: str) -> tuple[str, bool]:
    """One extracted line without invisible characters; and whether it ended in a soft hyphen."""
    line = _CONTROL.sub("", _INVISIBLE.sub("", raw)).strip()
    soft = line.endswith(_SOFT_HYPHEN)
    return line.replace(_SOFT_HYPHEN, "").strip(), soft


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
    for raw in text.splitlines():
        line, soft = _clean_line(raw)
        if not line:
            continue
        if pieces and glue_next:
            pieces[-1] += line
        else:
            pieces.append(line)
        last = pieces[-1]
        # PDF extraction: "customer self-" / "serve solutions" is one hyphenated word.
        glue_next = soft or (len(last) >= 2 and last.endswith(_HYPHENS) and last[-2].isalnum())
    # str.split() splits on every Unicode space: NBSP, thin space, tabs, U+2028 ...
    return " ".join(" ".join(pieces).split())


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
