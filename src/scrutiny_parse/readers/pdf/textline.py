"""The compact text line the PDF reader keeps, and how it is built.

Every line of the document is held until the last page is read (running headers and
page breaks are judged across pages), so a :class:`TextLine` is small: one string with
the pieces separated by ``"\\t"``, the offsets where the formatting changes, and its
numbers in one ``array``. :class:`LineBuilder` assembles one; :func:`line_part` cuts a
line into the cells of a borderless table.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scrutiny_parse.layout import ListKind

__all__ = [
    "BOLD",
    "ITALIC",
    "STRIKE",
    "LineBuilder",
    "Piece",
    "TextLine",
    "breaks_inside",
    "line_part",
    "slice_styles",
]

# Formatting flags of a stretch of text.
BOLD, ITALIC, STRIKE = 1, 2, 4
# Between the pieces of a line in TextLine.raw (never in text: tabs become spaces).
SEP = "\t"
# Where a layout engine may break a line inside a token (the hyphen is the normaliser's).
_BREAK_AFTER = ("/", "–", "—")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a line between tab-sized gaps (a view onto its TextLine)."""

    index: int
    x0: float
    x1: float
    text: str
    # Flattened (offset, flags) pairs where the formatting changes; () when all plain.
    styles: tuple[int, ...]


class TextLine:
    """One line of text, list marker already taken off.

    Every line of the document is alive until the last page has been read, so its
    numbers live in one ``array`` rather than a dozen float objects: position and size,
    the widths of its first word and letter (would they have fitted on the line above?),
    and the x extent of each piece.
    """

    __slots__ = ("_geom", "glue_next", "label", "marker", "raw", "spaced_end", "styles")

    # Indexes into _geom (the box first, in bbox order); the pieces' extents (x0, x1
    # each) follow _SPANS.
    _X0, _TOP, _X1, _BOTTOM, _BASELINE, _SIZE, _WORD, _GLYPH, _SPANS = range(9)

    def __init__(
        self,
        raw: str,
        styles: tuple[int, ...],
        spans: Sequence[float],
        box: tuple[float, float, float, float],  # x0, top, x1, bottom
        baseline: float,
        size: float,
        *,
        marker: ListKind | None = None,
        label: str | None = None,
        first_word: float = 0.0,
        first_glyph: float = 0.0,
        glue_next: bool = False,
        spaced_end: bool = False,
    ) -> None:
        # The pieces' text joined by "\t" (see ``text`` and ``pieces``), and the
        # flattened (offset, flags) pairs where the formatting changes (() = plain).
        self.raw = raw
        self.styles = styles
        self.marker = marker
        self.label = label
        # The line ends inside a token, after a "/" or a dash (a URL or range wrapped).
        self.glue_next = glue_next
        # A space glyph follows the last word: the line broke at a space, not in a word.
        self.spaced_end = spaced_end
        self._geom = array("d", (*box, baseline, size, first_word, first_glyph, *spans))

    @property
    def x0(self) -> float:
        return self._geom[TextLine._X0]

    @property
    def top(self) -> float:
        return self._geom[TextLine._TOP]

    @property
    def x1(self) -> float:
        return self._geom[TextLine._X1]

    @property
    def bottom(self) -> float:
        return self._geom[TextLine._BOTTOM]

    @property
    def baseline(self) -> float:
        return self._geom[TextLine._BASELINE]

    @property
    def size(self) -> float:
        return self._geom[TextLine._SIZE]

    @property
    def first_word(self) -> float:
        return self._geom[TextLine._WORD]

    @property
    def first_glyph(self) -> float:
        return self._geom[TextLine._GLYPH]

    @property
    def spans(self) -> Sequence[float]:
        return self._geom[TextLine._SPANS :]

    @property
    def text(self) -> str:
        return self.raw.replace(SEP, " ")

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def pieces(self) -> list[Piece]:
        out = []
        offset = 0
        spans = self.spans
        for k, text in enumerate(self.raw.split(SEP)):
            end = offset + len(text)
            styles = slice_styles(self.styles, offset, end)
            out.append(Piece(k, spans[2 * k], spans[2 * k + 1], text, styles))
            offset = end + 1
        return out

    def runs(self) -> Iterator[tuple[str, int]]:
        """(text, flags) stretches of the line; pieces joined by a space."""
        text = self.text
        if not self.styles:
            yield text, 0
            return
        bounds = [*self.styles[::2], len(text)]
        for k, flags in enumerate(self.styles[1::2]):
            if bounds[k + 1] > bounds[k]:
                yield text[bounds[k] : bounds[k + 1]], flags


def slice_styles(styles: tuple[int, ...], start: int, end: int) -> tuple[int, ...]:
    """The style changes within [start, end), rebased to start."""
    if not styles:
        return ()
    out: list[int] = []
    current = 0
    for offset, flags in zip(styles[::2], styles[1::2], strict=True):
        if offset <= start:
            current = flags
        elif offset < end:
            if not out:
                out += [0, current]
            out += [offset - start, flags]
    if not out and current:
        out = [0, current]
    return tuple(out)


class LineBuilder:
    """Accumulates a line's text, formatting changes and piece extents."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.changes: list[tuple[int, int]] = []  # (offset, flags)
        self.spans: list[float] = []
        self.length = 0
        # The formatting in force (the last change's flags), kept rather than looked up:
        # add() runs once per glyph.
        self._flags = 0

    @property
    def flags(self) -> int:
        return self._flags

    def add(self, text: str, flags: int) -> None:
        """Append text in a formatting; note where the formatting changes."""
        if text.isspace():
            # Tabs and no-break spaces read as a space; a space is never struck.
            text, flags = " ", self._flags & ~STRIKE
        if flags != self._flags:
            changes = self.changes
            previous = self._flags
            if changes and changes[-1][0] == self.length:
                changes.pop()
                previous = changes[-1][1] if changes else 0
            if flags != previous:
                changes.append((self.length, flags))
            self._flags = flags
        self.chars.append(text)
        self.length += len(text)

    def start_piece(self, x0: float) -> None:
        """Open a piece starting at ``x0`` (after a separator if not the first)."""
        if self.spans:
            self.chars.append(SEP)
            self.length += 1
        self.spans.append(x0)

    def end_piece(self, x1: float) -> None:
        """Close the piece at ``x1``, without trailing spaces."""
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.length -= 1
        # Formatting changes that only applied to the stripped spaces go too.
        while self.changes and self.changes[-1][0] >= self.length:
            self.changes.pop()
        self._flags = self.changes[-1][1] if self.changes else 0
        self.spans.append(x1)

    def result(self) -> tuple[str, tuple[int, ...], tuple[float, ...]]:
        """(raw text, flattened formatting changes, piece extents) for a TextLine."""
        if not self.changes:
            return "".join(self.chars), (), tuple(self.spans)
        changes = self.changes if self.changes[0][0] == 0 else [(0, 0), *self.changes]
        return "".join(self.chars), tuple(v for c in changes for v in c), tuple(self.spans)


def breaks_inside(token: str) -> bool:
    """Whether a line ending in ``token`` broke inside it: after a "/" or a dash with
    no space before it ("…/our-work/" + "digital-…", "2022–" + "2024"). A hyphen is
    left to the normaliser, which joins "self-" + "serve" itself."""
    return len(token) > 1 and token.endswith(_BREAK_AFTER)


def line_part(line: TextLine, pieces: Sequence[Piece]) -> TextLine:
    """The part of ``line`` made of some of its pieces (one column of a borderless
    table); the list marker stays with the part that starts the line."""
    first = pieces[0].index == 0
    out = LineBuilder()
    for piece in pieces:
        out.start_piece(piece.x0)
        bounds = [*piece.styles[::2], len(piece.text)] if piece.styles else [0, len(piece.text)]
        flags = piece.styles[1::2] if piece.styles else (0,)
        for k, f in enumerate(flags):
            for ch in piece.text[bounds[k] : bounds[k + 1]]:
                out.add(ch, f)
        out.end_piece(piece.x1)
    raw, styles, spans = out.result()
    return TextLine(
        raw,
        styles,
        spans,
        (line.x0 if first else pieces[0].x0, line.top, pieces[-1].x1, line.bottom),
        line.baseline,
        line.size,
        marker=line.marker if first else None,
        label=line.label if first else None,
        first_word=line.first_word if first else pieces[0].x1 - pieces[0].x0,
        first_glyph=line.first_glyph if first else 0.0,
        glue_next=breaks_inside(raw.rsplit(" ", 1)[-1]),
        spaced_end=line.spaced_end and pieces[-1].index == len(line.spans) // 2 - 1,
    )
