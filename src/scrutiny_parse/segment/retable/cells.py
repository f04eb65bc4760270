"""Rebuilding tables from text, step 3: one row's lines -> cells on a grid of ``k`` columns.

A row's lines fall into *chunks*: runs of lines between truly empty lines, or starting
where a new text flow begins. In the dumps a chunk is usually one cell of the row (the
extractor writes a row's cells one after another), so chunks map to columns in order.
The exceptions handled here, each seen in the seed:

* a chunk whose lines are wider than a column spans the row ("Redesign home page to
  include key digital options:-" above two action cells);
* a cell broken across pages comes back after the other cells, starting in lower case
  (" developing the digital" continues "...pre-employability courses by");
* a one-line row has its cells side by side ("Date: March 2021 Ongoing").

Responsibility and date rows are cut by :mod:`.line_cells`, grades and their
explanations placed by :mod:`.grades`.

Cells come back as :data:`GridRow` lists of ``(first column, span, pieces)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny_parse.layout import TextLine
from scrutiny_parse.normalise.text import strip_bullet
from scrutiny_parse.segment.retable.cleanup import unshare


@dataclass
class Piece:
    """Lines that go into one cell; ``joins`` continues the cell's last paragraph."""

    lines: list[TextLine]
    joins: bool = False


@dataclass
class Chunk:
    lines: list[TextLine]
    flow: bool = False
    #: Known to start a cell: the second of two cells cut apart on one line.
    opens: bool = False

    @property
    def texts(self) -> list[TextLine]:
        return [ln for ln in self.lines if ln.kind == "text"]

    @property
    def width(self) -> int:
        return max((len(ln.text) for ln in self.texts), default=0)

    @property
    def lower(self) -> bool:
        """Starts in lower case (and not with an "o " bullet): continues earlier text."""
        first = self.texts[0]
        return not first.bullet and starts_lower(first.text)


GridCell = tuple[int, int, list[Piece]]
GridRow = list[GridCell]


@dataclass(frozen=True)
class Guess:
    """A split the text could not settle, and the likeliest reading taken: becomes a
    warning naming the recommendation and field."""

    message: str
    recommendation: int | None = None
    field: str | None = None
    page: int | None = None


@dataclass
class BlockCtx:
    """What the cell splitters know about the block they work in."""

    where: str
    k: int
    col_width: float
    # One-line rows have their cells side by side on one line (see DocText.interleaved).
    interleaved: bool = True
    notes: list[Guess] = field(default_factory=list)
    recommendation: int | None = None
    page: int | None = None
    # The sub-part heading the block is under, if any ("For Carers").
    part: str | None = None
    # Content words per column from the rows built so far (see .topics).
    words: list[set[str]] = field(default_factory=list)
    # Each column's current grade in the round read before (an amended grade's struck
    # digit is most often the grade given last time).
    previous_grades: list[int | None] = field(default_factory=list)

    def note(self, fld: str | None, message: str) -> None:
        # The recommendation is a field of the warning; the message names the rest.
        where = self.where if self.recommendation is None else self.part
        if fld:
            where = f"{where}, {fld.replace('_', ' ')}" if where else fld.replace("_", " ")
        text = f"{where}: {message}" if where else message
        self.notes.append(Guess(text, self.recommendation, fld, self.page))


def starts_lower(text: str) -> bool:
    _, glyph = strip_bullet(text)
    return glyph is None and text[:1].islower()


def ends_open(text: str) -> bool:
    """The text stops mid-sentence: no closing punctuation at its end."""
    text = text.rstrip()
    return bool(text) and text[-1] not in ".!?:;)\"”’'"


def chunks_of(lines: list[TextLine]) -> list[Chunk]:
    """Split a row's lines at empty lines, at the start of a new text flow, and between
    cells that came back on one line."""
    out: list[Chunk] = []
    cur: list[TextLine] = []
    flow = False
    lines = unshare(lines)

    def close() -> None:
        while cur and cur[-1].kind != "text":
            cur.pop()
        while cur and cur[0].kind != "text":
            cur.pop(0)
        if cur:
            out.append(Chunk(list(cur), flow))
        cur.clear()

    for ln in lines:
        if ln.kind == "hard":
            close()
            flow = False
            continue
        if ln.kind == "text" and ln.flow and any(x.kind == "text" for x in cur):
            close()
        if ln.kind == "text" and not any(x.kind == "text" for x in cur):
            flow = ln.flow
        cur.append(ln)
    close()
    return out


def cell_width(pieces: list[Piece]) -> tuple[int, int]:
    """The widest line of a cell and how many text lines it has."""
    texts = [ln.text for p in pieces for ln in p.lines if ln.kind == "text"]
    return max((len(t) for t in texts), default=0), len(texts)


def synthetic(text: str, like: TextLine) -> TextLine:
    """A text line made by the reader (a split value), placed where ``like`` was."""
    return TextLine(text, "text", like.page, like.number)


# -- text rows -----------------------------------------------------------------------


#: Cell padding, in characters, between a column's width and its longest line.
CELL_PAD = 3


def last_text(pieces: list[Piece]) -> str:
    texts = [ln.text for p in pieces for ln in p.lines if ln.kind == "text"]
    return texts[-1] if texts else ""


def single_cell(chunks: list[Chunk]) -> GridRow:
    """All chunks in one cell; a lower-case chunk after an open sentence continues it
    ("...not knowing where to start" / "" / "online")."""
    pieces: list[Piece] = []
    for c in chunks:
        joins = bool(pieces) and c.lower and ends_open(last_text(pieces))
        pieces.append(Piece(c.lines, joins))
    return [(0, 1, pieces)]


# -- one-line rows (responsibility, date) ----------------------------------------------


def spans_by_width(chunks: list[Chunk], ctx: BlockCtx) -> list[int] | None:
    """How many columns each of fewer than ``k`` blocks covers, judged by how wide its
    lines wrap against one column's width; None unless the spans add up to ``k`` and
    some block is clearly wider than a column."""
    if not 1 < len(chunks) < ctx.k:
        return None
    spans = width_spans([c.width for c in chunks], ctx)
    if sum(spans) != ctx.k or max(spans) == 1:
        return None
    return spans


def width_spans(widths: list[int], ctx: BlockCtx) -> list[int]:
    """How many columns text of each width (in characters) covers."""
    unit = ctx.col_width + CELL_PAD
    return [max(1, round((w + CELL_PAD) / unit)) for w in widths]


def row_of_spans(values: list[list[Piece]], spans: list[int]) -> GridRow:
    row: GridRow = []
    start = 0
    for value, span in zip(values, spans, strict=True):
        row.append((start, span, value))
        start += span
    return row


def spread(values: list[list[Piece]], k: int) -> GridRow:
    """n values over k columns: one each; a single value spans all; with fewer values
    the last spans the remaining columns; with more, the extras join the last."""
    n = len(values)
    if n == 0:
        return [(0, k, [])]
    if n == 1:
        return [(0, k, values[0])]
    if n <= k:
        row: GridRow = [(j, 1, values[j]) for j in range(n - 1)]
        row.append((n - 1, k - n + 1, values[-1]))
        return row
    row = [(j, 1, values[j]) for j in range(k - 1)]
    row.append((k - 1, 1, [p for v in values[k - 1 :] for p in v]))
    return row
