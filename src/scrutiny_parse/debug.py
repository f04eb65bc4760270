"""Debug rendering: one annotated PNG per PDF page showing what the parser saw.

When a PDF parses wrongly the question is always *where*: which cells the reader found,
which field each cell's text went to, which glyphs it took as struck, which strokes it
ignored, and which text it could not place. :func:`render_debug` draws all of that over
the page image, with a legend, so a wrong parse can be diagnosed by looking at it.

The document is read once (the PDF reader, then the segmenter) and the drawing uses the
segmenter's result directly rather than a validated :class:`~scrutiny_parse.model.
ProgressUpdate`: a document whose output fails validation (say, a repeated
recommendation number) is exactly the kind one wants to look at.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import ImageFont

from .detect import detect_format
from .errors import ScrutinyParseError, SourceNotFoundError, UnsupportedFormatError
from .layout import Layout
from .model import ParseWarning, Provenance, Recommendation
from .readers import reader_for
from .segment import segment
from .segment.labels import classify

if TYPE_CHECKING:
    from pdfplumber.display import PageImage

__all__ = [
    "COLOURS",
    "LEGEND",
    "PageOverlay",
    "add_debug_command",
    "draw_debug_pages",
    "legend_box",
    "overlays",
    "render_debug",
]

Box = tuple[float, float, float, float]
RGB = tuple[int, int, int]

#: The colour of each thing drawn, by name. Field names are those of the models.
COLOURS: dict[str, RGB] = {
    "cell": (170, 170, 170),
    "label": (31, 119, 180),
    "responsibility": (255, 127, 14),
    "date": (44, 160, 44),
    "action": (148, 103, 189),
    "success_measure": (140, 86, 75),
    "evidence": (23, 190, 207),
    "assessment": (188, 189, 34),
    "unplaced": (214, 39, 40),
    "strike": (255, 0, 255),
    "ignored-stroke": (64, 64, 64),
    "other-mark": (227, 119, 194),
}

#: Legend entries in drawing order: (colour key, text shown).
LEGEND: tuple[tuple[str, str], ...] = (
    ("cell", "layout cell"),
    ("label", "label"),
    ("responsibility", "responsibility"),
    ("date", "date"),
    ("action", "action"),
    ("success_measure", "success measure"),
    ("evidence", "evidence"),
    ("assessment", "assessment"),
    ("unplaced", "unplaced text"),
    ("strike", "struck glyphs"),
    ("ignored-stroke", "ignored stroke"),
    ("other-mark", "other reader mark"),
)

#: Fields of an action / a round that carry a value with a source.
_ACTION_FIELDS = ("responsibility", "date", "action", "success_measure")
_ROUND_FIELDS = ("evidence", "assessment")
_FILL_ALPHA = 60


@dataclass
class PageOverlay:
    """Everything to draw on one page, in PDF points (top-left origin)."""

    cells: list[Box] = field(default_factory=list)
    # (colour key, box): label cells and the values assigned to fields.
    fields: list[tuple[str, Box]] = field(default_factory=list)
    unplaced: list[Box] = field(default_factory=list)
    strikes: list[Box] = field(default_factory=list)
    ignored_strokes: list[Box] = field(default_factory=list)
    other_marks: list[Box] = field(default_factory=list)


def overlays(
    layout: Layout,
    recommendations: Sequence[Recommendation],
    warnings: Sequence[ParseWarning],
) -> dict[int, PageOverlay]:
    """What to draw on each page (1-based page number -> overlay).

    Only things with both a page and a box are drawn; anything else has no place to go.
    """
    pages: dict[int, PageOverlay] = {}

    def on(page: int | None) -> PageOverlay | None:
        return None if page is None else pages.setdefault(page, PageOverlay())

    for table in layout.tables():
        for row in table.rows:
            for cell in row.cells:
                o = cell.origin
                ov = on(o.page)
                if ov is None or o.bbox is None:
                    continue
                ov.cells.append(o.bbox)
                if classify(cell.text) is not None:
                    ov.fields.append(("label", o.bbox))
    for key, src in _field_sources(recommendations):
        ov = on(src.page)
        if ov is not None and src.bbox is not None:
            ov.fields.append((key, src.bbox))
    for w in warnings:
        if w.code != "unplaced-text" or w.source is None or w.source.bbox is None:
            continue
        ov = on(w.source.page)
        if ov is not None:
            ov.unplaced.append(w.source.bbox)
    for mark in layout.marks:
        ov = on(mark.origin.page)
        if ov is None or mark.origin.bbox is None:
            continue
        if mark.kind == "strike":
            ov.strikes.append(mark.origin.bbox)
        elif mark.kind == "ignored-stroke":
            ov.ignored_strokes.append(mark.origin.bbox)
        else:
            ov.other_marks.append(mark.origin.bbox)
    return pages


def _field_sources(recs: Iterable[Recommendation]) -> Iterator[tuple[str, Provenance]]:
    """(field name, source) for every action and round value that has a source."""
    for rec in recs:
        for part in rec.parts:
            for act in part.actions:
                for name in _ACTION_FIELDS:
                    value = getattr(act, name)
                    if value is not None and value.source is not None:
                        yield name, value.source
                for rnd in act.rounds:
                    for name in _ROUND_FIELDS:
                        value = getattr(rnd, name)
                        if value is not None and value.source is not None:
                            yield name, value.source


def render_debug(source: Path, out_dir: Path, *, resolution: int = 100) -> list[Path]:
    """Write ``<stem>-page-NNN.png`` for every page of the PDF ``source`` into ``out_dir``.

    Each page shows the layout cells the reader found (thin grey), the cells and values
    coloured by the field they were assigned to, a legend, struck glyphs (bold magenta
    box), strokes the reader ignored (dashed), and unplaced text (red). Returns the paths
    written, in page order. Raises :class:`UnsupportedFormatError` for anything but a
    PDF, and the reader's own :class:`ScrutinyParseError` for a PDF it cannot read.
    """
    source = Path(source)
    try:
        data = source.read_bytes()
    except FileNotFoundError as e:
        raise SourceNotFoundError("no such file", source=str(source)) from e
    except OSError as e:
        raise SourceNotFoundError(f"cannot be read ({e.strerror})", source=str(source)) from e
    try:
        fmt = detect_format(data)
        if fmt != "pdf":
            raise UnsupportedFormatError("debug rendering needs a PDF")
        layout = reader_for("pdf")(data)
        found = segment(layout)
    except ScrutinyParseError as e:
        e.with_source(source.name)
        raise
    return draw_debug_pages(
        data,
        overlays(layout, found.recommendations, found.warnings),
        out_dir,
        stem=source.stem,
        resolution=resolution,
    )


def draw_debug_pages(
    data: bytes,
    pages: dict[int, PageOverlay],
    out_dir: Path,
    *,
    stem: str,
    resolution: int = 100,
) -> list[Path]:
    """Render every page of the PDF ``data`` with its overlay and write the PNGs.

    Split from :func:`render_debug` so the drawing can be used (and tested) with any
    overlay, whatever reader produced it. Pages are rendered and closed one at a time.
    """
    import pdfplumber

    if resolution <= 0:
        raise ValueError("resolution must be positive")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                image = page.to_image(resolution=resolution)
                _draw(image, pages.get(number, PageOverlay()), resolution)
                path = out_dir / f"{stem}-page-{number:03d}.png"
                # Not quantised: exact colours matter more than file size here.
                image.save(path, format="PNG", quantize=False)
                written.append(path)
                del image
            finally:
                page.close()
    return written


def _draw(image: PageImage, ov: PageOverlay, resolution: int) -> None:
    """Draw one page's overlay, bottom layer first, then the legend."""
    grey = (*COLOURS["cell"], 255)
    for box in ov.cells:
        image.draw_rect(box, fill=(0, 0, 0, 0), stroke=grey, stroke_width=1)
    for key, box in ov.fields:
        rgb = COLOURS[key]
        image.draw_rect(box, fill=(*rgb, _FILL_ALPHA), stroke=(*rgb, 255), stroke_width=2)
    red = COLOURS["unplaced"]
    for box in ov.unplaced:
        image.draw_rect(box, fill=(*red, 90), stroke=(*red, 255), stroke_width=2)
    for box in ov.ignored_strokes:
        _dashed_box(image, box, COLOURS["ignored-stroke"], width=2)
    for box in ov.other_marks:
        _dashed_box(image, box, COLOURS["other-mark"], width=1, dash=2.0)
    magenta = (*COLOURS["strike"], 255)
    for box in ov.strikes:
        x0, top, x1, bottom = box
        # Padded so the box surrounds the glyph (the stroke is drawn inside the box)
        # and a single thin glyph stays readable.
        padded = (x0 - 3.0, top - 3.0, x1 + 3.0, bottom + 3.0)
        image.draw_rect(padded, fill=(0, 0, 0, 0), stroke=magenta, stroke_width=2)
    _legend(image, resolution)


def _dashed_box(image: PageImage, box: Box, rgb: RGB, *, width: int, dash: float = 4.0) -> None:
    """Outline ``box`` with dashes (a zero-height box, such as a stroke, is a line)."""
    x0, top, x1, bottom = box
    edges = [((x0, top), (x1, top)), ((x0, bottom), (x1, bottom))]
    if bottom - top > 0.5:
        edges += [((x0, top), (x0, bottom)), ((x1, top), (x1, bottom))]
    for (ax, ay), (bx, by) in edges:
        length = max(abs(bx - ax), abs(by - ay))
        if length <= 0:
            continue
        pos = 0.0
        while pos < length:
            end = min(pos + dash, length)
            p = (ax + (bx - ax) * pos / length, ay + (by - ay) * pos / length)
            q = (ax + (bx - ax) * end / length, ay + (by - ay) * end / length)
            image.draw_line([p, q], stroke=(*rgb, 255), stroke_width=width)
            pos += 2 * dash


@dataclass(frozen=True)
class _LegendGeometry:
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont
    box: tuple[int, int, int, int]
    pad: int
    swatch: int
    line_h: int


def _legend_geometry(image_size: tuple[int, int], resolution: int) -> _LegendGeometry:
    """Where the legend goes on an image of ``image_size`` pixels, and its font."""
    size = max(8, round(resolution * 0.11))
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont
    try:
        font = ImageFont.load_default(size=size)
    except (OSError, ImportError, TypeError):  # no FreeType: the small bitmap font
        font = ImageFont.load_default()
    pad = max(3, size // 3)
    line_h = size + pad
    text_w = max(font.getlength(text) for _, text in LEGEND)
    width = int(pad * 3 + size + text_w) + 1
    height = pad + line_h * len(LEGEND)
    img_w, img_h = image_size
    left = max(0, img_w - width - pad)
    top = max(0, img_h - height - pad)
    return _LegendGeometry(font, (left, top, left + width, top + height), pad, size, line_h)


def legend_box(image_size: tuple[int, int], resolution: int) -> tuple[int, int, int, int]:
    """The legend's (left, top, right, bottom) in pixels: bottom-right corner of the page.

    Public so a caller (or a test) can tell legend pixels from page annotations.
    """
    return _legend_geometry(image_size, resolution).box


def _legend(image: PageImage, resolution: int) -> None:
    """The colour key, in the bottom-right corner, on a near-opaque white panel."""
    g = _legend_geometry(image.annotated.size, resolution)
    draw = image.draw
    left, top, right, bottom = g.box
    draw.rectangle((left, top, right, bottom), fill=(255, 255, 255, 230), outline=(0, 0, 0))
    swatch = g.swatch
    y = top + g.pad
    for key, text in LEGEND:
        rgb = COLOURS[key]
        sx = left + g.pad
        if key in ("ignored-stroke", "other-mark"):
            mid = y + swatch // 2
            for dx in range(0, swatch, 4):
                draw.line((sx + dx, mid, min(sx + dx + 2, sx + swatch), mid), fill=rgb, width=2)
        elif key == "cell":
            draw.rectangle((sx, y, sx + swatch, y + swatch), outline=rgb, width=1)
        else:
            fill = None if key == "strike" else (*rgb, 110)
            draw.rectangle((sx, y, sx + swatch, y + swatch), fill=fill, outline=rgb, width=2)
        draw.text((sx + swatch + g.pad, y), text, fill=(0, 0, 0), font=g.font)
        y += g.line_h


# -- command line ---------------------------------------------------------------------


def add_debug_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``debug FILE.pdf --out DIR [--resolution N]`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "debug",
        help="draw what the parser saw on each PDF page (PNG per page)",
        description="Write one annotated PNG per page: cells, fields, struck glyphs, "
        "ignored strokes and unplaced text, with a colour legend.",
    )
    p.add_argument("file", type=Path, metavar="FILE.pdf")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--resolution", type=_positive_int, default=100, metavar="N", help="DPI (default 100)"
    )
    p.set_defaults(func=_debug)


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def _debug(args: argparse.Namespace) -> int:
    try:
        paths = render_debug(args.file, args.out, resolution=args.resolution)
    except ScrutinyParseError as e:
        print(f"scrutiny-parse: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0
