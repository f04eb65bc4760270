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

Grades and their explanations are placed by :mod:`.grades`.

Cells come back as :data:`GridRow` lists of ``(first column, span, pieces)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny_parse.layout import TextLine
from scrutiny_parse.normalise.text import clean_paragraph, strip_bullet
from scrutiny_parse.segment.retable.cleanup import unshare
from scrutiny_parse.segment.retable.values import (
    Split,
    all_officers,
    names_someone,
    one_officer,
    split_dates,
    split_people,
    split_people_into,
)
from scrutiny_parse.vocabulary import ROLE_END_WORDS, Field


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


def line_cells(chunks: list[Chunk], fld: Field, ctx: BlockCtx) -> list[GridRow]:
    """Values of a Responsibility or Date row, split when the cells share a line."""
    k = ctx.k
    if k == 1:
        return [single_cell(chunks)]
    chunks = _rejoin_torn(chunks, fld)
    if len(chunks) == 1 and not ctx.interleaved:
        side = _side_by_side(chunks[0], fld, ctx)
        if side is not None:
            return [side]
        # One block under its own label: one value, wrapped, for every column.
        return [[(0, k, [Piece(chunks[0].lines)])]]
    if len(chunks) == 1:
        texts = chunks[0].texts
        text, split = _split_chunk(chunks[0], fld)
        officers = _officers_on_line(text, fld, split, ctx) if len(texts) == 1 else None
        if officers is not None:
            return (
                [[(0, k, [Piece(chunks[0].lines)])]]
                if len(officers) == 1
                else [[(j, 1, [Piece([synthetic(v, texts[0])])]) for j, v in enumerate(officers)]]
            )
        values = [[Piece([synthetic(v, texts[0])])] for v in split.values]
        if split.guessed and len(values) > 1:
            ctx.note(fld, f"{len(values)} values for {k} columns guessed from {text!r}")
        elif len(values) not in (1, k):
            ctx.note(fld, f"{len(values)} values for {k} columns in {text!r}")
    else:
        across = _first_line_across(chunks, fld, ctx)
        if across is not None:
            return [across]
        values = [[Piece(c.lines)] for c in chunks]
        split_each = _split_blocks(chunks, fld) if len(chunks) < k else None
        if split_each is not None and len(split_each) == k:
            # "September" / "2023" then "Ongoing April 2024 Ongoing": the first cell
            # wrapped, the other three shared one baseline and came back on one line.
            ctx.note(fld, f"{k} values guessed from {len(chunks)} text blocks")
            return [spread(split_each, k)]
        spans = spans_by_width(chunks, ctx)
        if spans is not None:
            # "Bethan Lloyd (Parks Operations" / "Manager)" wraps wider than one column:
            # a merged cell over two actions, then "Callum Reid" for the third.
            ctx.note(
                fld, f"{len(values)} text blocks for {k} columns; spans {spans} read from widths"
            )
            return [row_of_spans(values, spans)]
        if len(values) != k:
            ctx.note(fld, f"{len(values)} text blocks for {k} columns")
    return [spread(values, k)]


def _rejoin_torn(chunks: list[Chunk], fld: Field) -> list[Chunk]:
    """Blocks of one cell that the dump wrote apart, joined again. A block goes on from
    the one before it when that one leaves a bracket open ("Tom Reilly (Pest Control
    Team" / "Leader) and Clean Streets") or stops on a connector ("Sian Holloway /" /
    "Waste Education Officer", "June 2023 –" / "December 2023"); an officer's block
    also when it is only the end of a title the one before left unfinished ("Sarah
    Okafor / Asset Management" / "Team"). A block that opens with a bracket is the
    role or note of the block before it, when that one has none ("Priya Raman" /
    "(Communities Team Leader)", "June 2024" / "(revised)"); a block with a bracket of
    its own has its note, and the bracket is another cell's rest ("Darren Whitfield
    (Street Scene Manager)" / "(Joanne Pryce)", which ends the cell beside it)."""
    out: list[Chunk] = []
    for c in chunks:
        if out and _goes_on(out[-1], c, fld):
            out[-1] = Chunk([*out[-1].lines, *c.lines], out[-1].flow)
        else:
            out.append(c)
    return out


_TORN_END = ("/", "&", ",", "–", "-", " and")


def _goes_on(prev: Chunk, c: Chunk, fld: Field) -> bool:
    before = " ".join(ln.text for ln in prev.texts).rstrip()
    first = c.texts[0].text
    if before.count("(") > before.count(")") or before.endswith(_TORN_END):
        return True
    if first.startswith("("):
        return "(" not in before
    if fld == "date":
        return False
    words = [w.strip("(),").lower() for w in " ".join(ln.text for ln in c.texts).split()]
    last = before.split()[-1].strip("(),").lower() if before else ""
    return bool(words) and all(w in ROLE_END_WORDS for w in words) and last not in ROLE_END_WORDS


def _first_line_across(chunks: list[Chunk], fld: Field, ctx: BlockCtx) -> GridRow | None:
    """A row whose first line holds every cell side by side: dates cut cleanly into
    ``k`` ("30.06.23 December 2023" then "June 2024 (revised)"), or a line wider than a
    column cut into ``k`` officers. The lines after it are the wrapped rest of a cell,
    most likely the last (the others fitted their line); None where the first line is
    not so."""
    first = chunks[0].texts
    if not ctx.interleaved or len(first) != 1:
        return None
    if fld == "date":
        split = split_dates(first[0].text)
        cut = None if split.guessed else split.values
    elif len(first[0].text) > ctx.col_width * 1.2:
        cut = split_people_into(first[0].text, ctx.k)
    else:
        cut = None
    if cut is None or len(cut) != ctx.k:
        return None
    rest = [ln for c in chunks for ln in c.lines if ln is not first[0]]
    values = [[Piece([synthetic(v, first[0])])] for v in cut]
    values[-1].append(Piece(rest))
    ctx.note(
        fld,
        f"{ctx.k} values side by side in {first[0].text!r}; the lines after it read as the"
        " last cell's rest",
    )
    return [(j, 1, v) for j, v in enumerate(values)]


def _officers_on_line(text: str, fld: Field, split: Split, ctx: BlockCtx) -> list[str] | None:
    """The officers of one line that holds a row's cells side by side, when the best
    reading is clear: ``k`` values that each name someone ("Street Cleansing Manager
    Parks and Green Spaces Manager Winter Service Manager"), or else one post or team
    merged over every column where the plain cut leaves a value that is no one's
    ("School Travel Team": "School Travel" and "Team"). None leaves the plain cut to
    decide."""
    if fld == "date":
        return None
    people = split_people_into(text, ctx.k)
    if people is not None:
        if people != split.values:
            ctx.note(fld, f"{ctx.k} officers read side by side in {text!r}")
        return people
    if len(split.values) > 1 and not all_officers(split.values) and one_officer(text):
        ctx.note(fld, f"{text!r} read as one officer over {ctx.k} columns")
        return [text]
    return None


def _side_by_side(c: Chunk, fld: Field, ctx: BlockCtx) -> GridRow | None:
    """The cells of one block that holds them side by side, or None.

    Where one-line cells share a baseline, some dumps write them as one line even when
    labels stand on lines of their own ("September 2024 June 2024 / ongoing"). Dates
    cut cleanly, so exactly ``k`` of them are ``k`` cells; people only when the block's
    first line is wider than a column and every value names a person or a post
    ("Helen Carr Marcus Bell / Democratic Services"): a role or a team can look like
    two values ("Street Scene Manager", "Highways Network Team and ... Road Safety Unit").
    Fewer people than columns span by their widths.
    """
    text, split = _split_chunk(c, fld)
    n = len(split.values)
    if (
        fld != "date"
        and n != ctx.k
        and len(c.texts) == 1
        and len(c.texts[0].text) > ctx.col_width * 1.2
    ):
        # "Emergency Planning Officer Dr Fiona McLeish": a post and a person, which
        # the plain cut reads as three values; cut into exactly k instead.
        people = split_people_into(text, ctx.k)
        if people is not None:
            ctx.note(fld, f"{ctx.k} officers read side by side in {text!r}")
            return [(j, 1, [Piece([synthetic(v, c.texts[0])])]) for j, v in enumerate(people)]
    if not 1 < n <= ctx.k:
        return None
    if fld == "date" and split.guessed and n != ctx.k:
        # "September 2025 Ongoing" may be one value as well as two; exactly one per
        # column on one line reads as the cells (one cell would more likely wrap it, or
        # write "ongoing" in lower case).
        return None
    if fld != "date" and (
        len(c.texts[0].text) <= ctx.col_width * 1.2
        or not all(names_someone(v) for v in split.values)
    ):
        return None
    first = c.texts[0]
    values = [[Piece([synthetic(v, first)])] for v in split.values]
    if n == ctx.k:
        ctx.note(fld, f"{n} values read side by side in {first.text!r}")
        return [(j, 1, v) for j, v in enumerate(values)]
    # Fewer values than columns: one was merged over several. A value wider than a
    # column on one line spans as many as it is wide ("Marcus Okafor (Tenancy Fraud
    # Lead)" over two, then "Communications Team").
    if fld == "date":
        return None
    spans = _width_spans([len(v) for v in split.values], ctx)
    if sum(spans) != ctx.k:
        return None
    ctx.note(
        fld, f"{n} values for {ctx.k} columns in {first.text!r}; spans {spans} read from widths"
    )
    return row_of_spans(values, spans)


def _split_blocks(chunks: list[Chunk], fld: Field) -> list[list[Piece]]:
    """Each block's text cut into values as a one-line row's would be."""
    out: list[list[Piece]] = []
    for c in chunks:
        _, split = _split_chunk(c, fld)
        if len(split.values) <= 1:
            out.append([Piece(c.lines)])
        else:
            out.extend([Piece([synthetic(v, c.texts[0])])] for v in split.values)
    return out


def _split_chunk(c: Chunk, fld: Field) -> tuple[str, Split]:
    """A block's text, and its values cut as dates or as people by the row's field."""
    text = clean_paragraph("\n".join(ln.text for ln in c.texts))
    return text, split_dates(text) if fld == "date" else split_people(text)


def spans_by_width(chunks: list[Chunk], ctx: BlockCtx) -> list[int] | None:
    """How many columns each of fewer than ``k`` blocks covers, judged by how wide its
    lines wrap against one column's width; None unless the spans add up to ``k`` and
    some block is clearly wider than a column."""
    if not 1 < len(chunks) < ctx.k:
        return None
    spans = _width_spans([c.width for c in chunks], ctx)
    if sum(spans) != ctx.k or max(spans) == 1:
        return None
    return spans


def _width_spans(widths: list[int], ctx: BlockCtx) -> list[int]:
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
