"""Print every sample spec as a PDF library would, drawing the way Word's exporter does.

    python scripts/build_reportlab.py [SPEC.json ...] [--out DIR]

Archives also hold PDFs that no word processor made: a committee system or a report
generator draws the document itself with a PDF library. This script does that with
reportlab for each ``scripts/sample_specs/NAME.json`` (read with the validating parser of
``build_samples.py``), into ``samples/producers/reportlab/NAME.pdf``, and it draws every
construct differently from LibreOffice and from a browser:

* cell borders as thin filled rectangles, one per cell edge (as Word's "Save as PDF");
  cell shading as a filled rectangle under them;
* strike-through and link underlines as filled bars;
* list bullets as a Symbol-font private-use character (U+F0B7, as Word's bullets reach
  PDF text layers) at the first level, a stroked ring at the second and a filled square
  at the third;
* ligatures set as single glyphs (U+FB00-U+FB04) in the text layer, as typesetters do;
* rows that do not fit are cut at the page foot *anywhere*, the cut closed by borders on
  both pages, and the continuation repeats the row's label (and the table's header
  rows, where it has them).

The layout is this script's own (greedy line filling, fixed paddings), so the files are
reproducible: reportlab's invariant mode fixes the dates and ids. Nested tables are
drawn as their cells' paragraphs, row by row (as the reader reads them). Tracked
deletions are left out, insertions kept (the accepted text).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))

# build_samples is a script beside this one, not a package: found through sys.path.
from build_samples import (
    STRUCK_STYLE,
    BlockSpec,
    DocSpec,
    ParagraphSpec,
    SpecParser,
    TableSpec,
    TemplateStyles,
)

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "scripts" / "sample_specs"
OUT = ROOT / "samples" / "producers" / "reportlab"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SYMBOL_FONT = Path("/usr/share/fonts/truetype/libreoffice/opens___.ttf")

SIZE = 10.5
LEADING = 1.25 * SIZE
PARA_AFTER = 6.0  # "6pt after", a common Word paragraph setting
PAD_X, PAD_Y = 5.0, 3.0
BORDER = 0.5
LINK = HexColor("#0563C1")
MARGIN = 2.54 * cm
INDENT = 0.63 * cm  # per list level
HANG = 0.63 * cm  # bullet/number to text
# Ligatures a typesetter substitutes, longest first.
LIGATURES = (
    ("ffi", "\ufb03"),
    ("ffl", "\ufb04"),
    ("ff", "\ufb00"),
    ("fi", "\ufb01"),
    ("fl", "\ufb02"),
)
PRIVATE_BULLET = "\uf0b7"


def register_fonts() -> None:
    """DejaVu for text; a "Symbol" font whose U+F0B7 draws a bullet, as Word's does."""
    for name, file in (
        ("Body", "DejaVuSans.ttf"),
        ("Body-Bold", "DejaVuSans-Bold.ttf"),
        ("Body-Italic", "DejaVuSans-Oblique.ttf"),
        ("Body-BoldItalic", "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    symbol = TTFont(
        "WordSymbol", str(SYMBOL_FONT if SYMBOL_FONT.exists() else FONT_DIR / "DejaVuSans.ttf")
    )
    # Word's Symbol font shows "•" at byte 0xB7, which PDF text carries as U+F0B7.
    symbol.face.charToGlyph[ord(PRIVATE_BULLET)] = symbol.face.charToGlyph[0x2022]
    symbol.face.charWidths[ord(PRIVATE_BULLET)] = symbol.face.charWidths.get(0x2022, 600)
    pdfmetrics.registerFont(symbol)


def ligate(text: str) -> str:
    for plain, glyph in LIGATURES:
        text = text.replace(plain, glyph)
    return text


@dataclass
class Word:
    """A piece of text in one formatting (a word, or the space after it)."""

    text: str
    font: str
    strike: bool = False
    link: bool = False

    @property
    def width(self) -> float:
        return pdfmetrics.stringWidth(self.text, self.font, SIZE)


@dataclass
class Line:
    """One laid-out line: its pieces, where it starts, and a list marker if any."""

    words: list[Word]
    x: float = 0.0
    marker: tuple[str, int] | None = None  # ("bullet", level) or ("number:<label>", 0)
    marker_x: float = 0.0
    align: str | None = None
    gap_after: float = 0.0  # paragraph spacing after this line


def _font(bold: bool, italic: bool) -> str:
    return (
        "Body"
        + ("-Bold" if bold else "")
        + ("-Italic" if italic and not bold else "")
        + ("Italic" if italic and bold else "")
    )


def paragraph_words(p: ParagraphSpec, bold: bool | None) -> list[list[Word]]:
    """The paragraph's words, split into hard lines (soft breaks)."""
    lines: list[list[Word]] = [[]]
    pbold = p.bold if p.bold is not None else bold
    for r in p.runs:
        if r.delete:
            continue
        b = bool(r.bold if r.bold is not None else pbold)
        i = bool(r.italic if r.italic is not None else p.italic)
        font = _font(b, i)
        strike = r.strike or r.dstrike or r.char_style == STRUCK_STYLE
        text = r.text.replace("\t", " ")
        if r.brk:
            lines.append([])
        for k, chunk in enumerate(text.split("\n")):
            if k:
                lines.append([])
            for token in _tokens(chunk):
                lines[-1].append(Word(ligate(token), font, strike, bool(r.hyperlink)))
    return lines


def _tokens(text: str) -> list[str]:
    """Words and the spaces between them, in order."""
    out: list[str] = []
    for ch in text:
        if out and (ch == " ") == (out[-1][-1] == " "):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(words: list[Word], width: float) -> list[list[Word]]:
    """Greedy line filling; a word longer than the line is broken where it overflows."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    for w in words:
        if w.text.isspace():
            if lines[-1]:
                lines[-1].append(w)
                used += w.width
            continue
        if used + w.width > width and any(not x.text.isspace() for x in lines[-1]):
            while lines[-1] and lines[-1][-1].text.isspace():
                lines[-1].pop()
            lines.append([])
            used = 0.0
        while w.width > width and len(w.text) > 1:
            k = len(w.text)
            while k > 1 and pdfmetrics.stringWidth(w.text[:k], w.font, SIZE) > width - used:
                k -= 1
            lines[-1].append(Word(w.text[:k], w.font, w.strike, w.link))
            lines.append([])
            used = 0.0
            w = Word(w.text[k:], w.font, w.strike, w.link)
        lines[-1].append(w)
        used += w.width
    while lines[-1] and lines[-1][-1].text.isspace():
        lines[-1].pop()
    return [ln for ln in lines if ln] or [[]]


def blocks_to_lines(blocks: Sequence[BlockSpec], width: float, bold: bool | None) -> list[Line]:
    """Lay out paragraphs (and nested tables, as their paragraphs) in a given width."""
    out: list[Line] = []
    number: dict[int, int] = {}
    for block in blocks:
        if isinstance(block, TableSpec):
            number.clear()
            for row in block.rows:
                for c in row.cells:
                    out += blocks_to_lines(c.content, width, c.bold if c.bold is not None else bold)
            continue
        if block.list_kind is None:
            number.clear()
        indent = 0.0
        marker: tuple[str, int] | None = None
        if block.list_kind == "bullet":
            marker = ("bullet", block.level)
        elif block.list_kind == "number":
            number[block.level] = number.get(block.level, 0) + 1
            for deeper in [lv for lv in number if lv > block.level]:
                del number[deeper]
            n = number[block.level]
            label = (str(n), chr(ord("a") + n - 1), _roman(n))[block.level % 3] + "."
            marker = (f"number:{label}", block.level)
        if marker is not None:
            indent = INDENT * block.level + HANG
        hard = paragraph_words(block, bold)
        para: list[Line] = []
        for words in hard:
            for ln in wrap(words, width - indent):
                para.append(Line(ln, x=indent, align=block.align))
        if marker is not None:
            para[0].marker = marker
            para[0].marker_x = INDENT * block.level
        para[-1].gap_after = PARA_AFTER
        out += para
    return out


def _roman(n: int) -> str:
    return ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")[(n - 1) % 10]


class Printer:
    """Draws a laid-out document page by page."""

    def __init__(self, spec: DocSpec, target: Path, title: str) -> None:
        self.spec = spec
        size = landscape(A4) if spec.orientation == "landscape" else A4
        self.page_w, self.page_h = size
        self.c = Canvas(str(target), pagesize=size, invariant=True, pageCompression=1)
        self.c.setTitle(title)
        self.c.setProducer("scrutiny_parse build_reportlab.py (reportlab)")
        self.y = MARGIN  # from the top
        self.bottom = self.page_h - MARGIN
        self.text_w = self.page_w - 2 * MARGIN
        self.page_started = False
        self._start_page()

    # -- pages -------------------------------------------------------------------------

    def _start_page(self) -> None:
        self.y = MARGIN
        for k, p in enumerate(self.spec.header):
            text = "".join(r.text for r in p.runs)
            self._string(MARGIN, MARGIN - 0.9 * cm + k * LEADING, text, "Body", 8.5)
        for k, p in enumerate(self.spec.footer):
            text = "".join(r.text for r in p.runs)
            self._string(MARGIN, self.bottom + 0.9 * cm + k * LEADING, text, "Body", 8.5)

    def new_page(self) -> None:
        self.c.showPage()
        self._start_page()

    def save(self) -> None:
        self.c.showPage()
        self.c.save()

    # -- primitives (top-down coordinates) ---------------------------------------------

    def _string(self, x: float, baseline: float, text: str, font: str, size: float) -> None:
        self.c.setFillColor(black)
        self.c.setFont(font, size)
        self.c.drawString(x, self.page_h - baseline, text)

    def _bar(self, x0: float, top: float, x1: float, bottom: float, colour: Color) -> None:
        self.c.setFillColor(colour)
        self.c.rect(x0, self.page_h - bottom, x1 - x0, bottom - top, stroke=0, fill=1)

    def draw_line(self, line: Line, x0: float, width: float, baseline: float) -> None:
        if line.marker is not None:
            kind, level = line.marker
            mx = x0 + line.marker_x
            if kind == "bullet":
                self._bullet(mx, baseline, level)
            else:
                self._string(mx, baseline, kind.split(":", 1)[1], "Body", SIZE)
        x = x0 + line.x
        if line.align in ("center", "right"):
            used = sum(w.width for w in line.words)
            x += (width - line.x - used) / (2 if line.align == "center" else 1)
        for w in line.words:
            colour = LINK if w.link else black
            self.c.setFillColor(colour)
            self.c.setFont(w.font, SIZE)
            self.c.drawString(x, self.page_h - baseline, w.text)
            if not w.text.isspace():
                if w.strike:
                    y = baseline - 0.3 * SIZE
                    self._bar(x, y - 0.3, x + w.width, y + 0.3, colour)
                if w.link:
                    y = baseline + 0.12 * SIZE
                    self._bar(x, y - 0.3, x + w.width, y + 0.3, colour)
            x += w.width

    def _bullet(self, x: float, baseline: float, level: int) -> None:
        kind = level % 3
        cy = self.page_h - (baseline - 0.33 * SIZE)
        r = 0.14 * SIZE
        self.c.setFillColor(black)
        self.c.setStrokeColor(black)
        if kind == 0:
            self._string(x, baseline, PRIVATE_BULLET, "WordSymbol", SIZE)
        elif kind == 1:
            self.c.setLineWidth(0.5)
            self.c.circle(x + r, cy, r, stroke=1, fill=0)
        else:
            self.c.rect(x, cy - r, 2 * r, 2 * r, stroke=0, fill=1)

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, blocks: Sequence[BlockSpec]) -> None:
        for block in blocks:
            if isinstance(block, TableSpec):
                self.table(block)
            else:
                for line in blocks_to_lines([block], self.text_w, None):
                    if self.y + LEADING > self.bottom:
                        self.new_page()
                    self.draw_line(line, MARGIN, self.text_w, self.y + 0.8 * LEADING)
                    self.y += LEADING + line.gap_after

    def table(self, t: TableSpec) -> None:
        xs = [MARGIN]
        for w in t.widths:
            xs.append(xs[-1] + w * cm)
        header = [r for r in t.rows if r.header]
        laid = [self._lay_row(t, r, xs) for r in t.rows]
        for k, row in enumerate(laid):
            self._draw_row(t, row, xs, header_rows=[laid[i] for i in range(len(header))], index=k)
        self.y += PARA_AFTER

    def _lay_row(self, t: TableSpec, row: object, xs: list[float]) -> _Row:
        from build_samples import RowSpec

        assert isinstance(row, RowSpec)
        cells: list[_Cell] = []
        col = row.grid_before
        for c in row.cells:
            x0, x1 = xs[col], xs[col + c.span]
            bold = c.bold
            lines = (
                []
                if c.vmerge == "continue"
                else blocks_to_lines(c.content, x1 - x0 - 2 * PAD_X, bold)
            )
            cells.append(_Cell(col, c.span, x0, x1, lines, c.shade, c.vmerge))
            col += c.span
        return _Row(cells)

    def _draw_row(
        self, t: TableSpec, row: _Row, xs: list[float], header_rows: list[_Row], index: int
    ) -> None:
        remaining = [list(c.lines) for c in row.cells]
        first_part = True
        while True:
            room = self.bottom - self.y - 2 * PAD_Y
            need = max((_height(ls) for ls in remaining), default=0.0)
            if need <= room:
                take = remaining
                rest: list[list[Line]] = [[] for _ in remaining]
            else:
                if room < LEADING and not first_part:
                    room = 0
                take, rest = [], []
                for ls in remaining:
                    a, b = _split(ls, room)
                    take.append(a)
                    rest.append(b)
                if not any(take) and self.y > MARGIN + 1:
                    # Nothing fits here: start the row on the next page.
                    self.new_page()
                    self._repeat_headers(t, header_rows, xs, index)
                    continue
            height = max((_height(ls) for ls in take), default=0.0) + 2 * PAD_Y
            height = max(height, LEADING + 2 * PAD_Y)
            self._draw_cells(t, row, take, height, first_part)
            self.y += height
            if not any(rest):
                return
            # The page is full: the rest of the row goes on the next page, its label
            # (the first column's text) repeated there.
            self.new_page()
            self._repeat_headers(t, header_rows, xs, index)
            label = row.cells[0].lines if row.cells and row.cells[0].col == 0 else []
            if label and rest[0] == [] and row.cells[0].vmerge != "continue":
                rest[0] = list(label)
            remaining = rest
            first_part = False

    def _repeat_headers(
        self, t: TableSpec, header_rows: list[_Row], xs: list[float], index: int
    ) -> None:
        if index < len(header_rows):
            return
        for h in header_rows:
            lines = [list(c.lines) for c in h.cells]
            height = max((_height(ls) for ls in lines), default=0.0) + 2 * PAD_Y
            self._draw_cells(t, h, lines, height, True)
            self.y += height

    def _draw_cells(
        self, t: TableSpec, row: _Row, lines: list[list[Line]], height: float, first_part: bool
    ) -> None:
        top, bottom = self.y, self.y + height
        for cell, ls in zip(row.cells, lines, strict=True):
            if cell.shade:
                self._bar(cell.x0, top, cell.x1, bottom, HexColor("#" + cell.shade))
            y = top + PAD_Y
            for line in ls:
                self.draw_line(
                    line, cell.x0 + PAD_X, cell.x1 - cell.x0 - 2 * PAD_X, y + 0.8 * LEADING
                )
                y += LEADING + line.gap_after
        if not t.borders:
            return
        h = BORDER / 2
        for cell in row.cells:
            # Word draws every cell's own edges as thin filled rectangles; a vertically
            # merged cell has no edge between its parts.
            if cell.vmerge != "continue" or not first_part:
                self._bar(cell.x0 - h, top - h, cell.x1 + h, top + h, black)
            self._bar(cell.x0 - h, bottom - h, cell.x1 + h, bottom + h, black)
            self._bar(cell.x0 - h, top - h, cell.x0 + h, bottom + h, black)
            self._bar(cell.x1 - h, top - h, cell.x1 + h, bottom + h, black)


@dataclass
class _Cell:
    col: int
    span: int
    x0: float
    x1: float
    lines: list[Line]
    shade: str | None
    vmerge: str | None


@dataclass
class _Row:
    cells: list[_Cell] = field(default_factory=list)


def _height(lines: Sequence[Line]) -> float:
    if not lines:
        return 0.0
    return sum(LEADING + ln.gap_after for ln in lines) - lines[-1].gap_after


def _split(lines: list[Line], room: float) -> tuple[list[Line], list[Line]]:
    used = 0.0
    for k, ln in enumerate(lines):
        if used + LEADING > room:
            return lines[:k], lines[k:]
        used += LEADING + ln.gap_after
    return lines, []


def build(spec_path: Path, out_dir: Path) -> Path:
    description = json.loads(spec_path.read_text(encoding="utf-8"))
    spec = SpecParser(TemplateStyles.from_default_template()).document(description)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{spec_path.stem}.pdf"
    printer = Printer(spec, target, spec_path.stem)
    printer.blocks(spec.body)
    printer.save()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    register_fonts()
    for spec_path in args.specs or sorted(SPEC_DIR.glob("*.json")):
        target = build(spec_path, args.out)
        print(f"built {target} from {spec_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
