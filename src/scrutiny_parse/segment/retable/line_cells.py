"""Rebuilding tables from text, step 3a: a Responsibility or Date row's blocks -> cells.

Officers and dates are short: a row's cells are one block each, or share one line
side by side ("Helen Carr Marcus Bell / Democratic Services", "September 2024 June
2024 / ongoing"), or one cell came back as several blocks (a bracket, a connector or a
title's last word written apart). Fewer values than columns span by their widths.
"""

from __future__ import annotations

from scrutiny_parse.normalise.text import clean_paragraph
from scrutiny_parse.segment.retable.cells import (
    BlockCtx,
    Chunk,
    GridRow,
    Piece,
    row_of_spans,
    single_cell,
    spans_by_width,
    spread,
    synthetic,
    width_spans,
)
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

__all__ = ["line_cells"]


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
    """Whether block ``c`` is the rest of the cell ``prev`` began (see :func:`_rejoin_torn`)."""
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
    spans = width_spans([len(v) for v in split.values], ctx)
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
