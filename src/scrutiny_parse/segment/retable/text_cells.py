"""Rebuilding tables from text, step 3b: a multi-line row's blocks -> cells.

Agreed Action, Success Measure and Evidence rows: the dump writes a row's cells one
after another, so text blocks map to columns in order, with these exceptions:

* a block whose lines are wider than a column spans the row ("Redesign home page to
  include key digital options:-" above two action cells);
* a cell broken across pages comes back after the other cells, starting in lower case
  (" developing the digital" continues "...pre-employability courses by") or with the
  year its last line's month was waiting for ("...and February" / "2024, at Moorside");
  after the break the rests come column by column, so a new paragraph there belongs to
  the column last continued;
* one block for several columns may hold them side by side on its first line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import (
    BlockCtx,
    Chunk,
    GridRow,
    Piece,
    ends_open,
    last_text,
    row_of_spans,
    single_cell,
    spans_by_width,
    synthetic,
)
from scrutiny_parse.segment.retable.page_fill import cut_page_fills, may_start
from scrutiny_parse.segment.retable.topics import group_by_topic
from scrutiny_parse.segment.retable.values import split_free
from scrutiny_parse.vocabulary import MONTH_WORD, Field, ends_on_wrap_word

__all__ = ["text_cells"]


@dataclass
class _Turn:
    """The page the blocks are on, and the column last continued on it (-1: none)."""

    page: int
    column: int = -1


_YEAR_START = regex.compile(r"^(?:19|20)\d{2}\b")
# "212 culverts", "1,148 assets"; not "1." or "2)" (a list item's label).
_NUMBER_START = regex.compile(r"^\d[\d,]*(?:\.\d+)?%?\s+\p{Ll}")
_MONTH_END = regex.compile(rf"\b{MONTH_WORD}\.?,?$", regex.I)


def _date_goes_on(cols: list[list[Piece]], c: Chunk, after: int) -> int | None:
    """The column after ``after`` whose text stops at a month name, when ``c`` starts
    with a year: "...in November" / "2023.  Tutor training" is one sentence; or, when
    ``c`` starts with a number that labels no list item, the column after ``after``
    whose text stops on a word no sentence ends on: "Field surveys of the" / "212
    culverts with no condition grade"."""
    first = c.texts[0].text
    if _YEAR_START.match(first):
        for j in range(after + 1, len(cols)):
            if _MONTH_END.search(last_text(cols[j])):
                return j
    if _NUMBER_START.match(first):
        for j in range(after + 1, len(cols)):
            if ends_on_wrap_word(last_text(cols[j])):
                return j
    return None


def _wide(c: Chunk, col_width: float) -> bool:
    return c.width > max(col_width * 1.25, col_width + 6)


# A sentence ends and a capitalised one starts: where a line is two cells' text.
_SENTENCE_GAP = regex.compile(r"(?<=\b(?:\p{L}{3,}|\d{4}|\d+%)[.!?]) (?=\p{Lu})")
#: How much wider than a column a line must be to hold two cells (it may run a little
#: over the typical width by itself).
_TWO_CELLS = 1.4
_ONE_CELL = 1.2


def _unshare_wide_first(chunks: list[Chunk], ctx: BlockCtx, fld: Field) -> list[Chunk]:
    """A block whose first line alone fits no column while its other lines do, cut where
    a sentence ends into a one-line cell and the start of the next: "Completed – see
    June 2025. The campaign started on 1" / "December 2025 with posts on" (two cells on
    one baseline, written as one line). Both halves must fit a column."""
    out: list[Chunk] = []
    fits = ctx.col_width * _ONE_CELL + 2
    for c in chunks:
        texts = c.texts
        first = texts[0] if texts else None
        if (
            first is None
            or len(texts) < 2
            or len(first.text) <= fits
            or any(len(ln.text) > fits for ln in texts[1:])
        ):
            out.append(c)
            continue
        cuts = [
            m.start()
            for m in _SENTENCE_GAP.finditer(first.text)
            if m.start() <= fits and len(first.text) - m.start() - 1 <= fits
        ]
        if not cuts:
            out.append(c)
            continue
        at = cuts[-1]
        head, tail = first.text[:at], first.text[at + 1 :]
        idx = c.lines.index(first)
        out.append(Chunk([*c.lines[:idx], replace(first, text=head)], c.flow))
        out.append(Chunk([replace(first, text=tail, item=False), *c.lines[idx + 1 :]], opens=True))
        ctx.note(fld, f"{first.text!r} read as two cells side by side, cut after {head!r}")
    return out


def _unshare_first_lines(chunks: list[Chunk], ctx: BlockCtx, fld: Field) -> list[Chunk]:
    """A row's first block of one line, far wider than a column, before a block of
    rests: the cells' first lines on one baseline ("Survey complete All three blocks
    Both blocks open" / "for all 14 blocks; ..."). Cut before its capitalised words
    when exactly ``k - 1`` stand inside it and every piece fits a column."""
    k = ctx.k
    if len(chunks) < 2 or len(chunks[0].texts) != 1 or not chunks[1].lower:
        return chunks
    first = chunks[0].texts[0]
    if len(first.text) <= ctx.col_width * _TWO_CELLS:
        return chunks
    words = first.text.split()
    starts = [n for n, word in enumerate(words) if n and word[:1].isupper()]
    if len(starts) != k - 1:
        return chunks
    pieces = [
        " ".join(words[a:b]) for a, b in zip([0, *starts], [*starts, len(words)], strict=True)
    ]
    if any(len(piece) > ctx.col_width * _ONE_CELL + 2 for piece in pieces):
        return chunks
    ctx.note(fld, f"{first.text!r} read as {k} cells' first lines side by side")
    return [*(Chunk([replace(first, text=piece)]) for piece in pieces), *chunks[1:]]


# A line that ends a sentence: "...Council's website.", "...by the end of 2025/26.".
_SENTENCE_END = regex.compile(r"(?:\b\p{L}{3,}|\d{2,}|%|\))[.!?][’”'\"]?$")
#: Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = frozenset({"etc.", "approx.", "incl.", "inc.", "nos.", "cllr."})


def _ends_sentence(text: str) -> bool:
    words = text.split()
    return bool(_SENTENCE_END.search(text)) and words[-1].lower() not in _ABBREVIATIONS


def _split_rests(chunks: list[Chunk]) -> list[Chunk]:
    """A block of cells' rests cut where a line starts in lower case after a line that
    ended a sentence: inside one cell a new sentence starts with a capital, so that
    line continues another cell (pypdf writes the rests of a row broken by a page one
    cell after another, with no mark between: "...Council's website." / "reopened to
    the new standard,")."""
    out: list[Chunk] = []
    for c in chunks:
        if not c.lower:
            out.append(c)
            continue
        cur: list[TextLine] = []
        prev: TextLine | None = None
        for ln in c.lines:
            if (
                ln.kind == "text"
                and prev is not None
                and ln.text[:1].islower()
                and _ends_sentence(prev.text)
            ):
                out.append(Chunk(cur, c.flow))
                cur = []
            cur.append(ln)
            if ln.kind == "text":
                prev = ln
        out.append(Chunk(cur, c.flow))
    return out


def text_cells(chunks: list[Chunk], fld: Field, ctx: BlockCtx) -> list[GridRow]:
    """Chunks of a multi-line row (action, measure, evidence) to ``ctx.k`` columns."""
    k = ctx.k
    if k == 1:
        return [single_cell(chunks)]
    chunks = _split_rests(_unshare_first_lines(_unshare_wide_first(chunks, ctx, fld), ctx, fld))
    chunks, cuts = cut_page_fills(chunks, k)
    if cuts:
        ctx.note(fld, f"{cuts} cell boundary(ies) before a page break read from line counts")
    spans = _spans_on_one_page(chunks, ctx)
    if spans is not None:
        # "An accurate register, with no assisted property" / "Every assisted household
        # knows who to contact and": fewer blocks than columns, each wrapped as wide as
        # the columns it was merged over.
        ctx.note(fld, f"{len(chunks)} text blocks for {k} columns; spans {spans} read from widths")
        return [row_of_spans([[Piece(c.lines)] for c in chunks], spans)]
    rows: list[GridRow] = []
    cols: list[list[Piece]] = [[] for _ in range(k)]
    filled = 0
    first_page = chunks[0].texts[0].page if chunks else 0
    turned = _Turn(first_page)
    topical = _by_topic(chunks, fld, ctx)
    if topical is not None:
        grouped, used = topical
        if used == len(chunks):
            return [grouped]
        # The row goes on over a page: its rests follow the rules below.
        cols = [list(pieces) for _, _, pieces in grouped]
        filled = k
        chunks = chunks[used:]
    for c in chunks:
        if filled == 0 and _wide(c, ctx.col_width):
            rows.append([(0, k, [Piece(c.lines)])])
            continue
        page = c.texts[0].page
        if page != turned.page:
            turned = _Turn(page)
        if filled and (c.lower or (filled >= k and c.flow)):
            target = next((j for j in range(k) if cols[j] and ends_open(last_text(cols[j]))), None)
            if target is not None:
                cols[target].append(Piece(c.lines, joins=c.lower))
                turned.column = target
                continue
            if c.lower:
                ctx.note(fld, f"text {_quote(c)} continues no open cell; appended")
                cols[filled - 1].append(Piece(c.lines, joins=False))
                continue
        if filled < k:
            cols[filled].append(Piece(c.lines))
            filled += 1
            continue
        target = _date_goes_on(cols, c, turned.column)
        if target is not None:
            cols[target].append(Piece(c.lines, joins=True))
            turned.column = target
        elif page > first_page and (turned.column >= 0 or c.texts[0].text[:1].isupper()):
            # The row crossed a page: the cells' rests come back one column after the
            # other, so a new paragraph belongs to the column last continued (the
            # first column before any was).
            column = max(turned.column, 0)
            ctx.note(fld, f"{_quote(c)} after a page break read as column {column + 1}'s")
            cols[column].append(Piece(c.lines))
        else:
            ctx.note(fld, f"more text blocks than {k} columns; {_quote(c)} appended to column {k}")
            cols[k - 1].append(Piece(c.lines))
    if filled == 1 and not rows:
        split = _split_single(cols[0], fld, ctx)
        if split is not None:
            return split
    if 1 < filled < k:
        ctx.note(fld, f"{filled} text block(s) for {k} columns; the rest left empty")
    if filled:
        rows.append([(j, 1, cols[j]) for j in range(k)])
    return rows


def _spans_on_one_page(chunks: list[Chunk], ctx: BlockCtx) -> list[int] | None:
    """How many columns each of fewer blocks than columns covers, judged by their widths,
    when all stand on one page and every one is wider than a column."""
    if not chunks or len({c.texts[0].page for c in chunks}) > 1:
        return None
    if not all(_wide(c, ctx.col_width) for c in chunks):
        return None
    return spans_by_width(chunks, ctx)


def _by_topic(chunks: list[Chunk], fld: Field, ctx: BlockCtx) -> tuple[GridRow, int] | None:
    """More blocks than columns on the row's first page: runs of them, one per column,
    each the best match for what its column's earlier rows say (:mod:`.topics`), and
    how many blocks that took; None when the first block spans the row, a block there
    is a lower-case rest, or the words tell nothing."""
    if fld not in ("success_measure", "evidence") or len(ctx.words) != ctx.k or not chunks:
        return None
    if _wide(chunks[0], ctx.col_width):
        return None
    page = chunks[0].texts[0].page
    head = list(itertools.takewhile(lambda c: c.texts[0].page == page, chunks))
    # A block in lower case is a cell's rest after a page break the dump did not mark
    # (the seed has no form feeds): the rests follow text_cells' rules.
    if any(c.lower for c in head[1:]):
        return None
    need = _unmarked_ends(head, chunks[len(head) :])
    units, soft = _atoms(head) if need else (head, [False] * len(head))
    starts = group_by_topic(units, ctx.words, soft, need)
    if starts is None:
        return None
    ctx.note(fld, f"{len(head)} text blocks for {ctx.k} columns grouped by their words")
    if need:
        ctx.note(fld, f"{need} cell(s) read as ending unmarked at the page break")
    ends = [*starts[1:], len(units)]
    row: GridRow = [
        (j, 1, [Piece(c.lines, joins=soft[i]) for i, c in enumerate(units[a:b], a)])
        for j, (a, b) in enumerate(zip(starts, ends, strict=True))
    ]
    return row, len(head)


# At most this many cells ending unmarked at one page break are looked for.
_MAX_UNMARKED = 3


def _unmarked_ends(head: list[Chunk], rests: list[Chunk]) -> int:
    """How many of the first page's cells stop mid-sentence at the page break with no
    block boundary after them: the next page's rests that go on in lower case, less the
    first page's blocks that stop open (pypdf marks neither a cell's end nor its
    start when a cell runs to the page's foot: "...on a" / "second time" on the next).
    A rest that starts with a year goes on too ("...between March and August" /
    "2025 were contacted")."""
    if not rests:
        return 0
    page = rests[0].texts[0].page
    going_on = sum(
        1
        for c in rests
        if c.texts[0].page == page and (c.lower or _YEAR_START.match(c.texts[0].text))
    )
    stopped_open = sum(1 for c in head if ends_open(c.texts[-1].text))
    return min(max(0, going_on - stopped_open), _MAX_UNMARKED)


def _atoms(head: list[Chunk]) -> tuple[list[Chunk], list[bool]]:
    """``head``'s blocks cut before every line a cell could start on inside them, and
    whether each piece began inside a block."""
    units: list[Chunk] = []
    soft: list[bool] = []
    for c in head:
        pieces: list[list[TextLine]] = [[]]
        prev: str | None = None
        for ln in c.lines:
            if ln.kind == "text":
                if prev is not None and ends_open(prev) and may_start(prev, ln.text):
                    pieces.append([])
                prev = ln.text
            pieces[-1].append(ln)
        for i, lines in enumerate(pieces):
            units.append(Chunk(lines, c.flow and i == 0, c.opens and i == 0))
            soft.append(i > 0)
    return units, soft


def _split_single(pieces: list[Piece], fld: Field, ctx: BlockCtx) -> list[GridRow] | None:
    """One block for several columns: cells side by side on its first line ("Complete
    Linked to Website redesign"); else, wrapped to a column's width, the first column's
    text (None: keep the columns as they are); else one cell spanning the row."""
    lines = [ln for p in pieces for ln in p.lines if ln.kind == "text"]
    k = ctx.k
    if len(lines) <= 3:
        split = split_free(lines[0].text, k)
        if split is not None and len(split.values) == k:
            cols = [[Piece([synthetic(v, lines[0])])] for v in split.values]
            if len(lines) > 1:
                cols[-1].append(Piece(lines[1:], joins=True))
            ctx.note(fld, f"{k} values guessed from {lines[0].text!r}")
            return [[(j, 1, cols[j]) for j in range(k)]]
    if len(lines) >= 3 and max(len(ln.text) for ln in lines) <= ctx.col_width * 1.25:
        # Wrapped to one column's width: one cell's text, the others empty.
        ctx.note(fld, f"one text for {k} columns; kept in column 1, the others empty")
        return None
    ctx.note(fld, f"one text for {k} columns; read as spanning all of them")
    return [[(0, k, pieces)]]


def _quote(c: Chunk) -> str:
    text = c.texts[0].text
    return repr(text if len(text) <= 40 else text[:37] + "...")
