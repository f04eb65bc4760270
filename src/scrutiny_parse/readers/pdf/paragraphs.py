"""Text lines -> paragraphs, for one region (a table cell or the page body).

A PDF has no paragraphs, only lines (see :mod:`._pdf_lines`). :func:`lines_to_paragraphs`
starts a new one at a list marker, where the gap between lines is larger than the
document's ordinary leading (paragraph spacing), or where a line is visibly short (the
next line's first word would have fitted) and followed by some gap. A
:class:`ParaDraft` keeps its lines until the whole document is read, so a paragraph cut
by a page break can be continued; :meth:`ParaDraft.to_paragraph` then joins the lines
with ``"\\n"`` inside the run text (the normaliser reads it as a space, or nothing
after a hyphen), or with nothing where the line broke inside a word ("…/our-work/" +
"digital-inclusion", "Transformatio" + "n").
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scrutiny_parse.layout import ListKind, Origin, Paragraph, Run
from scrutiny_parse.readers.pdf.lines import starts_with_list_number
from scrutiny_parse.readers.pdf.textline import BOLD, ITALIC, STRIKE, TextLine

__all__ = ["ParaDraft", "estimate_leading", "lines_to_paragraphs"]

# Characters that never start a word: a line beginning with one was broken mid-token.
_CLOSERS = frozenset(":;,.)]}!?%")
# Short words that a line very often starts with: a lone long word above one of them
# ("Transformation" / "and Customer") is a word the line could not take, not one the
# column edge broke ("Transformatio" / "n and").
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    ]
)
# Extra baseline pitch (in font sizes) over the ordinary leading that ends a paragraph,
# and the smaller extra that ends one after a visibly short line.
_PARAGRAPH_GAP = 0.35
_SHORT_LINE_GAP = 0.12
_DEFAULT_LEADING = 1.2
_MIN_PITCHES = 3
# A word space plus slack for the estimated right edge, in font sizes.
_SPACE_AND_SLACK = 0.35
# How far right of a list item's marker (font sizes) a line may start and still be
# level with it: less than the marker and the gap after it take.
_MARKER_SLACK = 0.3


def _add(runs: list[Run], text: str, flags: int) -> None:
    """Append text, extending the last run when the formatting is the same."""
    bold, italic, strike = bool(flags & BOLD), bool(flags & ITALIC), bool(flags & STRIKE)
    if runs:
        last = runs[-1]
        if (last.bold, last.italic, last.strike) == (bold, italic, strike):
            last.text += text
            return
    runs.append(Run(text, bold=bold, italic=italic, strike=strike))


# -- lines -> paragraphs --------------------------------------------------------------


@dataclass(eq=False, slots=True)
class ParaDraft:
    """The lines of one paragraph, kept until the end so that a paragraph broken by a
    page break can be continued."""

    lines: list[TextLine]
    page: int
    kind: ListKind | None = None
    label: str | None = None
    level: int = 0
    # Never continue this paragraph across a page break (nested-table text).
    closed: bool = False
    # The region's right text edge, for the "was the last line short" test.
    right: float = 0.0

    def can_continue_with(self, line: TextLine) -> bool:
        """Whether ``line`` (first of the next page's part) can continue this paragraph:
        no list marker, and its first word would not have fitted on the last line. A
        list item's wrapped lines start at its hanging indent: where the item has
        wrapped lines already, the next page's line must start level with them; where it
        has none, a line starting left of the marker is after the list, and one at or
        right of it continues the item (lists without a hanging indent too, unless a
        sentence ends there) when its first word could not have fitted
        ("• 41 asked for brighter" / page break / "lighting or an end to dimming;")."""
        if self.closed or line.marker is not None:
            return False
        if self.kind is not None:
            slack = _MARKER_SLACK * line.size
            first = self.lines[0].x0
            indent = self.lines[1].x0 if len(self.lines) > 1 else None
            if indent is not None and indent > first + slack:
                if abs(line.x0 - indent) > slack:
                    return False
            elif line.x0 < first - slack:
                return False
            elif line.x0 <= first + slack and _new_sentence(self.lines[-1], line):
                # Level with the marker, nothing tells a wrapped line from the paragraph
                # after the list but the text: "... two years." / "Additional ...".
                return False
        return not _fits_after(self.lines[-1], line, self.right)

    def _glued(self, prev: TextLine, line: TextLine) -> bool:
        """Whether the break between two lines fell inside a word, so they join with
        nothing between them rather than a line break (which reads as a space)."""
        if prev.glue_next or line.text[:1] in _CLOSERS:
            return True
        # A word wider than the column is broken wherever the edge falls ("Transformatio"
        # + "n and ..."): the line above is that one word, ending in a letter, with no
        # space glyph after it (a producer that writes one broke the line at that space:
        # "qualification " + "was"); not even the next letter would have fitted; and
        # what runs on is a short tail (a word rarely overruns a column by half again,
        # two words that fill it often do).
        head = prev.text
        tail = line.text.split(" ", 1)[0]
        return (
            not prev.spaced_end
            and " " not in head
            and head[-1:].isalnum()
            and tail[:1].isalpha()
            and tail[:1].islower()
            and self.right - prev.x1 < line.first_glyph
            and len(tail) <= len(head) // 2
            and tail.rstrip(".,;:").lower() not in _FUNCTION_WORDS
        )

    def to_paragraph(self, origin: Origin) -> Paragraph:
        """The layout paragraph: runs of one formatting, lines joined inside them."""
        runs: list[Run] = []
        prev: TextLine | None = None
        for line in self.lines:
            if prev is not None and runs and not self._glued(prev, line):
                runs[-1].text += "\n"
            for text, flags in line.runs():
                _add(runs, text, flags)
            prev = line
        return Paragraph(
            runs=runs,
            origin=origin,
            list_kind=self.kind,
            list_level=self.level,
            list_label=self.label,
        )

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            min(line.x0 for line in self.lines),
            min(line.top for line in self.lines),
            max(line.x1 for line in self.lines),
            max(line.bottom for line in self.lines),
        )


def estimate_leading(regions: Iterable[Sequence[TextLine]]) -> float:
    """The document's ordinary baseline pitch, in font sizes: the most common pitch
    between consecutive lines of a region. Paragraph spacing is judged against it."""
    counts: Counter[int] = Counter()
    for lines in regions:
        for a, b in itertools.pairwise(lines):
            ratio = (b.baseline - a.baseline) / max(a.size, b.size)
            if 0.9 <= ratio <= 2.5:
                counts[round(ratio * 50)] += 1
    if not counts:
        return _DEFAULT_LEADING
    bucket, seen = counts.most_common(1)[0]
    # A pitch seen once or twice says nothing (two one-line paragraphs, say).
    return bucket / 50 if seen >= _MIN_PITCHES else _DEFAULT_LEADING


def _starts_paragraph(prev: TextLine, line: TextLine, right: float, leading: float) -> bool:
    if line.marker is not None:
        return True
    size = max(prev.size, line.size)
    pitch = line.baseline - prev.baseline
    if pitch > (leading + _PARAGRAPH_GAP) * size or pitch < 0.5 * size:
        return True  # paragraph spacing; or a line beside, not below, the last
    short = _fits_after(prev, line, right)
    return short and pitch > (leading + _SHORT_LINE_GAP) * size


def _new_sentence(prev: TextLine, line: TextLine) -> bool:
    """Whether ``line`` starts something new: a typed item label ("3. Online ..."),
    or a sentence after one that ``prev`` ended."""
    if starts_with_list_number(line.text):
        return True
    return prev.text.rstrip()[-1:] in ".;:!?" and not line.text[:1].islower()


def _fits_after(prev: TextLine, line: TextLine, right: float) -> bool:
    """Whether ``line``'s first word would have fitted at the end of ``prev``: then the
    break after ``prev`` was not forced by the width (a paragraph end or a hard break)."""
    return right - prev.x1 >= line.first_word + _SPACE_AND_SLACK * line.size


def lines_to_paragraphs(
    lines: Sequence[TextLine], right: float, leading: float, page: int
) -> list[ParaDraft]:
    """Split a region's lines (top to bottom) into paragraphs.

    ``right`` is the region's right text edge (cell edge minus padding); list levels
    are the ranks of the distinct marker indents within the region.
    """
    indents: list[float] = []
    for x in sorted(ln.x0 for ln in lines if ln.marker is not None):
        if not indents or x - indents[-1] > 0.5 * lines[0].size:
            indents.append(x)
    paragraphs: list[ParaDraft] = []
    for line in lines:
        if paragraphs and not _starts_paragraph(paragraphs[-1].lines[-1], line, right, leading):
            paragraphs[-1].lines.append(line)
            continue
        level = 0
        if line.marker is not None:
            level = max(0, sum(1 for x in indents if x <= line.x0 + 0.5 * line.size) - 1)
        paragraphs.append(ParaDraft([line], page, line.marker, line.label, level, right=right))
    return paragraphs
