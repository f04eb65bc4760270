"""Glyphs -> :class:`TextLine`: the lines of text in one region (a cell or the body).

:func:`glyphs_to_lines` groups a region's glyphs into lines by baseline (tolerant of
super- and subscripts), orders them left to right, puts spaces back where a producer
left only a gap, splits a line into *pieces* at tab-sized gaps (a list label and its
text; the cells of a borderless table), and recognises a list marker at its start: a
bullet glyph from a symbol font (dropped), or a number label followed by a tab.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter

import regex

from scrutiny_parse.layout import ListKind
from scrutiny_parse.readers.pdf.glyphs import Glyph
from scrutiny_parse.readers.pdf.textline import (
    BOLD,
    ITALIC,
    SEP,
    STRIKE,
    LineBuilder,
    TextLine,
    breaks_inside,
    slice_styles,
)
from scrutiny_parse.vocabulary import BULLET_GLYPHS

__all__ = ["glyphs_to_lines", "starts_with_list_number"]

# Word processors' bullet glyphs, whatever the font ...
_BULLETS = frozenset(BULLET_GLYPHS) - {"·"}
# ... and characters that are bullets only in a symbol or typewriter font: Word's "o"
# bullet is Courier New, Wingdings' square bullet extracts as "§", Symbol's as "·".
_FONT_BULLETS = frozenset("o§·-–*")
_SYMBOL_FONTS = ("symbol", "wingding", "dingbat", "courier", "mono", "opensymbol")
# A list number: "1." "12)" "a)" "(iv)" at the start of a line, followed by a tab.
_NUMBER = regex.compile(
    r"^(?:\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)|[ivx]{1,4}[.)])$"
)
# The same label followed by a space, where a browser sets its list marker with no tab.
_SPACED_NUMBER = regex.compile(
    r"^(\d{1,3}[.)]|[a-z][.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\)|[ivx]{1,4}[.)]) (?=\S)"
)


def starts_with_list_number(text: str) -> bool:
    """Whether a line opens with a list number typed as text ("3. Online ...")."""
    return _SPACED_NUMBER.match(text) is not None


_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
# Gaps as fractions of the font size: a missing space, a tab (a new piece), and the
# space after a bullet glyph.
_SPACE_GAP = 0.15
_TAB_GAP = 0.5
_BULLET_GAP = 0.2
# Ink height above the baseline, as a fraction of the font size (about the cap height).
_INK = 0.7


# Sort keys, in C (called for every glyph of every line).
_BY_BASELINE = attrgetter("baseline", "x0")
_BY_X0 = attrgetter("x0")


# -- glyphs -> lines ------------------------------------------------------------------


def glyphs_to_lines(glyphs: Iterable[Glyph]) -> list[TextLine]:
    """Group a region's glyphs into lines, top to bottom."""
    ordered = sorted((g for g in glyphs if not g.deleted), key=_BY_BASELINE)
    lines: list[TextLine] = []
    current: list[Glyph] = []
    top = bottom = 0.0
    for g in ordered:
        g_top, g_bottom = g.baseline - _INK * g.size, g.baseline
        # (min / max written out: this runs once per glyph.)
        overlap = (bottom if bottom < g_bottom else g_bottom) - (top if top > g_top else g_top)
        height, g_height = bottom - top, g_bottom - g_top
        # Same line when the ink bands overlap by half the smaller one: a superscript
        # still joins its line, the next line (a full leading below) does not.
        if current and overlap >= 0.5 * (height if height < g_height else g_height):
            current.append(g)
            if g_height > height:
                top, bottom = g_top, g_bottom
            continue
        if current:
            _emit(current, lines)
        current, top, bottom = [g], g_top, g_bottom
    if current:
        _emit(current, lines)
    return _spaced_numbers(lines)


def _label_value(label: str) -> tuple[str, str, int] | None:
    """(format, punctuation, ordinal) of a list label: "b)" -> ("alpha", "?)", 2)."""
    core = label.strip("().")
    punct = "(" + label[-1] if label.startswith("(") else label[-1]
    if core.isdigit():
        return "decimal", punct, int(core)
    if core in _ROMANS:
        # "i." and "v." could be letters too; the sequence decides (see _successor).
        return "roman", punct, _ROMANS.index(core) + 1
    if len(core) == 1 and core.isalpha():
        return "alpha", punct, ord(core) - ord("a") + 1
    return None


def _successor(a: str, b: str) -> bool:
    """Whether list label ``b`` comes right after ``a`` ("1." "2.", "a)" "b)", "i." "ii.")."""
    va, vb = _label_value(a), _label_value(b)
    if va is None or vb is None or va[1] != vb[1]:
        return False
    if va[0] == vb[0] and vb[2] == va[2] + 1:
        return True
    # "i" is a letter after "h" and a numeral before "ii": either reading will do.
    ca, cb = a.strip("()."), b.strip("().")
    return len(ca) == len(cb) == 1 and ca.isalpha() and cb.isalpha() and ord(cb) == ord(ca) + 1


def _spaced_numbers(lines: list[TextLine]) -> list[TextLine]:
    """Lines that start with a list label set off by a space rather than a tab (a
    browser's list marker): numbered items when they run in sequence at one indent
    ("1." then "2." at the same x), so a wrapped sentence that happens to begin a line
    with "2." is left alone."""
    found = [
        (i, m.group(1))
        for i, ln in enumerate(lines)
        if ln.marker is None and (m := _SPACED_NUMBER.match(ln.raw))
    ]
    if not found:
        return lines
    accepted: dict[int, str] = {}
    for i, label in found:
        x, size = lines[i].x0, lines[i].size
        same_x = [(j, lab) for j, lab in found if abs(lines[j].x0 - x) <= 0.3 * size]
        before = [lab for j, lab in same_x if j < i and j in accepted]
        after = [lab for j, lab in same_x if j > i]
        if (before and _successor(before[-1], label)) or (
            not before and after and _successor(label, after[0])
        ):
            accepted[i] = label
    out = list(lines)
    for i, label in accepted.items():
        ln = lines[i]
        cut = len(label) + 1
        out[i] = TextLine(
            ln.raw[cut:],
            slice_styles(ln.styles, cut, len(ln.raw)),
            list(ln.spans),
            ln.bbox,
            ln.baseline,
            ln.size,
            marker="number",
            label=label,
            first_word=ln.first_word,
            first_glyph=ln.first_glyph,
            glue_next=ln.glue_next,
        )
    return out


def _is_bullet(g: Glyph) -> bool:
    """Whether a glyph at the start of a line is a list bullet."""
    if "\uf000" <= g.text <= "\uf0ff" or g.text in _BULLETS:
        return True  # Symbol/Wingdings glyphs extract as private-use code points
    font = g.font.lower()
    return g.text in _FONT_BULLETS and any(f in font for f in _SYMBOL_FONTS)


def _emit(glyphs: list[Glyph], out: list[TextLine]) -> None:
    """Build one TextLine (pieces, formatting, list marker) from its glyphs."""
    glyphs.sort(key=_BY_X0)
    visible = body = _strip(glyphs)
    if not body:
        return
    size = max(g.size for g in body)
    marker: ListKind | None = None
    label: str | None = None
    x0 = body[0].x0
    if _is_bullet(body[0]) and (len(body) == 1 or _gap_after(body, 0) >= _BULLET_GAP * size):
        marker, body = "bullet", _strip(body[1:])
    raw, styles, spans = _pieces(body, size)
    first = raw.split(SEP, 1)[0]
    if marker is None and SEP in raw and _NUMBER.match(first):
        marker, label = "number", first
        cut = len(first) + 1
        raw, styles, spans = raw[cut:], slice_styles(styles, cut, len(raw)), spans[2:]
    if not raw and marker is None:
        return
    start = spans[0] if spans else x0
    out.append(
        TextLine(
            raw,
            styles,
            spans or (x0, x0),
            (
                x0,
                min(g.top for g in visible),
                max(g.x1 for g in visible),
                max(g.bottom for g in visible),
            ),
            max(g.baseline for g in visible),
            size,
            marker=marker,
            label=label,
            first_word=_first_word(start, body),
            first_glyph=next((g.width for g in body if g.x0 >= start and not g.is_space), 0.0),
            glue_next=breaks_inside(raw.rsplit(" ", 1)[-1]),
            spaced_end=glyphs[-1].is_space,
        )
    )


def _strip(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs without leading and trailing spaces."""
    i, j = 0, len(glyphs)
    while i < j and glyphs[i].is_space:
        i += 1
    while j > i and glyphs[j - 1].is_space:
        j -= 1
    return glyphs[i:j]


def _gap_after(glyphs: Sequence[Glyph], i: int) -> float:
    """The gap after glyph i (infinite when a space glyph follows: a gap for sure)."""
    nxt = glyphs[i + 1]
    return float("inf") if nxt.is_space else nxt.x0 - glyphs[i].x1


def _first_word(start: float, glyphs: Sequence[Glyph]) -> float:
    """Width of the line's first word (from ``start`` to the first space)."""
    end = start
    for g in glyphs:
        if g.x0 < start:
            continue
        if g.is_space:
            break
        end = g.x1
    return end - start


def _pieces(glyphs: Sequence[Glyph], size: float) -> tuple[str, tuple[int, ...], tuple[float, ...]]:
    """Split at tab-sized gaps, restore missing spaces, note formatting changes."""
    out = LineBuilder()
    ink: Glyph | None = None  # the last non-space glyph added
    spaced = False  # a space glyph came after it
    tab, space = _TAB_GAP * size, _SPACE_GAP * size
    add = out.add
    for g in glyphs:
        if g.is_space:
            if ink is not None:
                spaced = True
                add(" ", 0)
            continue
        if ink is None:
            out.start_piece(g.x0)
        else:
            # Measured ink to ink: a cell's trailing space glyph must not hide the gap
            # to the next cell of a borderless table.
            gap = g.x0 - ink.x1
            if gap >= tab:
                out.end_piece(ink.x1)
                out.start_piece(g.x0)
            elif gap > space and not spaced:
                add(" ", 0)  # a space drawn as a gap
        add(
            g.text,
            (BOLD if g.bold else 0) | (ITALIC if g.italic else 0) | (STRIKE if g.strike else 0),
        )
        ink, spaced = g, False
    if ink is not None:
        out.end_piece(ink.x1)
    return out.result()
