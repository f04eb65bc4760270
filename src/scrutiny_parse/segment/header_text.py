"""The older layout from a text dump that keeps the page's columns (``pdftotext -layout``).

Best effort. Such a dump writes each page of the one-row-per-recommendation table as
lines of text at fixed character columns, the header row on top of every page::

    No.   Recommendation                  Link Officer   Anticipated   Progress (September 2016)
                                                         Completion
    1     The Council publishes the       Jane Ward      March 2016    The standards were ...

The header is found the way a Word header row is (its cells, joined over their lines,
name at least two fields, one the recommendation or its number: :func:`.header_rows.
find_header`); each page's own header gives that page's column starts (the tool packs
columns closer where a page has little text in them). Every later line is cut at those
columns into cells; a row starts where the number column holds a number, or the
recommendation column starts a lettered sub-item; a blank line ends a paragraph. The
rebuilt :class:`~scrutiny_parse.layout.Table` then goes through the same reading as a
Word table. Lines before the table are front-matter paragraphs, one per line; lines
after it starting with a grade digit are a legend table. Reading-order dumps (no
positions) are not rebuilt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex

from ..layout import Block, Cell, Layout, Origin, Paragraph, Row, Run, Span, Table, TextLine
from ..vocabulary import is_label_word
from .header_rows import HeaderRow, find_header
from .retable import Guess

__all__ = ["header_table_from_lines"]

# A span belongs to the column whose start is at most this many characters after it
# (text in a cell is set a little right of where the header's text starts).
_SLACK = 2
# "1", "1.", "12)": a number cell.
_NUMBER_RE = regex.compile(r"^\d{1,3}[.)]?$")
_LETTER_RE = regex.compile(r"^\(?[a-zA-Z][.)]\s")
_LEGEND_LINE_RE = regex.compile(r"^[1-4](?:\s|[.:)=\-–—]|$)")


@dataclass
class _Col:
    start: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _Body:
    """One body row being rebuilt: per column, its paragraphs (each a list of lines)."""

    cells: dict[int, list[list[str]]]
    page: int
    number: int | None = None
    # Columns whose next line starts a new paragraph (after a blank line).
    fresh: set[int] = field(default_factory=set)
    # The row goes on after a page break: its cells' next lines may run on.
    overleaf: bool = False

    def last_line(self, k: int) -> str:
        paras = self.cells.get(k) or [[""]]
        return paras[-1][-1] if paras[-1] else ""


def _runs_on(before: str, after: str) -> bool:
    """Whether ``after`` carries on the sentence of ``before`` (a cell the page cut)."""
    return bool(before) and before[-1:] not in ".!?:;" and after[:1].islower()


def _glued(head: str, tail: str, width: int | None) -> bool:
    """Whether a line break fell inside a word: a word wider than its column is broken
    where the edge falls ("Responsibili" / "ty", "Assessme" / "nt (March 2017)"). The line
    above is that one word, ending in a letter; what runs on is a short lower-case tail;
    and, where the column's width is known, the next word would not have fitted after
    the line above (else it would have been set there)."""
    first = tail.split(" ", 1)[0]
    if not (
        " " not in head
        and head[-1:].isalpha()
        and first[:1].isalpha()
        and first[:1].islower()
        and (width is None or len(head) + 1 + len(first) > width)
    ):
        return False
    # "Assess" / "ment", "Asses" / "sment": glued, they make a word labels are made of;
    # "ment" / "of": "of" is a word of its own.
    if is_label_word(head + first):
        return True
    return len(first) <= max(2, len(head) // 2) and not is_label_word(first)


def _join(lines: list[str], width: int | None = None) -> str:
    """A cell paragraph's lines: broken words glued, other breaks kept as ``\n``."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _glued(out.rsplit("\n", 1)[-1], line, width):
            out += line
        else:
            out += "\n" + line
    return out


def _column_of(starts: list[int], span: Span) -> int:
    k = 0
    for i, s in enumerate(starts):
        if s <= span.start + _SLACK:
            k = i
    return k


def _header_at(lines: list[TextLine], i: int) -> tuple[list[int], int, HeaderRow] | None:
    """The header block starting at line ``i``: column starts, the line after it, and
    the header it names; None when the lines there name no header."""
    first = lines[i]
    if first.kind != "text" or len(first.spans) < 3:
        return None
    starts = [s.start for s in first.spans]
    cols = [_Col(s) for s in starts]
    j = i
    while j < len(lines) and lines[j].kind == "text" and lines[j].spans:
        for span in lines[j].spans:
            cols[_column_of(starts, span)].lines.append(span.text)
        j += 1
    cells = [
        Cell(k, 1, [Paragraph([Run(_join(c.lines))], Origin(page=first.page))])
        for k, c in enumerate(cols)
    ]
    header = find_header(Table([Row(cells, 0, is_header=True)], len(cells), 0))
    if header is None:
        return None
    return starts, j, header


def _same_header(a: HeaderRow, b: HeaderRow) -> bool:
    return [c.field for c in a.columns] == [c.field for c in b.columns]


def header_table_from_lines(layout: Layout) -> tuple[Layout, list[Guess]] | None:
    """``layout`` with its positioned lines rebuilt into the older layout's table, and
    the guesses made; None when they hold no header row naming the fields."""
    lines = layout.lines
    if not any(ln.spans for ln in lines):
        return None
    found: tuple[list[int], int, HeaderRow] | None = None
    start = 0
    for i in range(len(lines)):
        found = _header_at(lines, i)
        if found is not None:
            start = i
            break
    if found is None:
        return None
    starts, i, header = found
    number_k = _field_col(header, "number")
    rec_k = _field_col(header, "recommendation")
    blocks: list[Block] = [_para(ln) for ln in lines[:start] if ln.kind == "text"]
    rows: list[_Body] = []
    current: _Body | None = None
    end = len(lines)
    # A row's cells all start on its first line, after the gap that ends the row above.
    after_gap = True
    # The widest text seen in each column (characters), for telling broken words.
    widths: dict[int, int] = {}
    while i < len(lines):
        line = lines[i]
        if line.kind != "text":
            if current is not None:
                current.fresh = set(current.cells)
            after_gap = True
            i += 1
            continue
        again = _header_at(lines, i)
        if again is not None and _same_header(again[2], header):
            # The header repeated at the top of a page: its columns for this page.
            starts, i = again[0], again[1]
            if current is not None:
                current.fresh = set(current.cells)
                current.overleaf = True
            after_gap = True
            continue
        pieces: dict[int, list[str]] = {}
        for span in line.spans:
            k = _column_of(starts, span)
            pieces.setdefault(k, []).append(span.text)
            widths[k] = max(widths.get(k, 0), span.end - starts[k])
        texts = {k: " ".join(v) for k, v in pieces.items()}
        number_text = texts.get(number_k, "") if number_k is not None else ""
        if number_text and not _NUMBER_RE.match(number_text):
            end = i  # text across the number column: the table has ended
            break
        number = int(regex.sub(r"\D", "", number_text)) if number_text else None
        if number is not None and rows and number <= max(r.number or 0 for r in rows):
            end = i  # numbers only grow down the table: this is a legend row
            break
        letter = rec_k is not None and bool(_LETTER_RE.match(texts.get(rec_k, "") + " "))
        if letter and after_gap and current is not None and current.overleaf:
            # Over a page break, "a) ..." may be the rest of a cut row, not a sub-item
            # row: then another cell carries on its sentence from the page before.
            letter = not any(
                _runs_on(current.last_line(k), t) for k, t in texts.items() if k != rec_k
            )
        if current is None or number is not None or (letter and after_gap):
            current = _Body({}, line.page, number)
            rows.append(current)
        for k in current.cells:
            if k not in texts:
                # Nothing in this column on this line while its neighbours go on: the
                # gap between two paragraphs of the cell.
                current.fresh.add(k)
        for k, text in texts.items():
            paras = current.cells.setdefault(k, [])
            glyph = text[:1] in "\uf0b7•·▪o" and text[1:2] == " "
            carry = current.overleaf and _runs_on(current.last_line(k), text)
            if not paras or (k in current.fresh and not carry) or glyph:
                paras.append([])
            current.fresh.discard(k)
            paras[-1].append(text)
        current.overleaf = False
        after_gap = False
        i += 1
    if not rows:
        return None
    guesses: list[Guess] = []
    blocks.append(_table(header, rows, 0, guesses, widths))
    blocks.extend(_after(lines[end:]))
    return replace(layout, blocks=[*layout.blocks, *blocks], lines=[]), guesses


def _field_col(header: HeaderRow, fld: str) -> int | None:
    col = next((c for c in header.columns if c.field == fld), None)
    return col.start if col is not None else None


def _para(line: TextLine) -> Paragraph:
    return Paragraph([Run(" ".join(s.text for s in line.spans) or line.text)], _origin(line))


def _origin(line: TextLine) -> Origin:
    return Origin(page=line.page, paragraph=line.number)


# Fields a sub-item row shares with the row above when its cell is blank (a merge).
_MERGEABLE = frozenset({"responsibility", "date"})


def _table(
    header: HeaderRow,
    rows: list[_Body],
    index: int,
    guesses: list[Guess],
    widths: dict[int, int],
) -> Table:
    n = len(header.columns)
    head = Row(
        [
            Cell(k, 1, [Paragraph([Run(c.text)], Origin(page=rows[0].page))])
            for k, c in enumerate(header.columns)
        ],
        0,
        is_header=True,
    )
    out = [head]
    owner: dict[int, Cell] = {}
    last_number: int | None = None
    for r, body in enumerate(rows, start=1):
        last_number = body.number if body.number is not None else last_number
        cells = []
        for k in range(n):
            paras = [
                Paragraph(
                    [Run(_join(p, widths.get(k)))],
                    Origin(page=body.page, table=index, row=r, cell=k),
                )
                for p in body.cells.get(k, [])
                if p
            ]
            merged = (
                not paras
                and body.number is None
                and header.columns[k].field in _MERGEABLE
                and k in owner
            )
            if merged:
                # A sub-item row with no officer or date: in print a cell merged down
                # from the row above looks just like that, and an officer left blank is
                # rarer than a merge; so the cell above covers this row too.
                owner[k].row_span += 1
                guesses.append(
                    Guess(
                        "an empty cell in a sub-item row read as merged with the cell above",
                        last_number,
                        header.columns[k].field,
                        body.page,
                    )
                )
                continue
            cell = Cell(k, 1, paras, Origin(page=body.page, table=index, row=r, cell=k))
            owner[k] = cell
            cells.append(cell)
        out.append(Row(cells, r))
    return Table(out, n, index, Origin(table=index))


def _after(lines: list[TextLine]) -> list[Block]:
    """Lines after the table: paragraphs, and the legend's grade lines as a table."""
    out: list[Block] = []
    legend: list[Row] = []
    for line in lines:
        if line.kind != "text":
            continue
        text = " ".join(s.text for s in line.spans) or line.text
        if _LEGEND_LINE_RE.match(text):
            spans = line.spans or (Span(0, len(text), text),)
            cells = [
                Cell(k, 1, [Paragraph([Run(s.text)], _origin(line))]) for k, s in enumerate(spans)
            ]
            legend.append(Row(cells, len(legend)))
            continue
        out.append(_para(line))
    if legend:
        n = max(len(r.cells) for r in legend)
        out.append(Table(legend, n, 1, Origin(table=1)))
    return out
