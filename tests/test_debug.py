"""The debug renderer: one annotated PNG per PDF page, in the documented colours.

The drawing itself is tested on a hand-made overlay (no PDF reader needed); the
end-to-end tests run the real PDF reader and skip, saying why, while it is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from scrutiny_parse.debug import (
    COLOURS,
    PageOverlay,
    add_debug_command,
    draw_debug_pages,
    legend_box,
    render_debug,
)
from scrutiny_parse.errors import SourceNotFoundError, UnsupportedFormatError

SAMPLE_PDF = (
    Path(__file__).resolve().parent.parent / "samples" / "digital-optimisation-march-2020.pdf"
)

# The PDF reader is written separately; the end-to-end tests need it.
try:
    _HAVE_PDF_READER = importlib.util.find_spec("scrutiny_parse.readers.pdf") is not None
except ImportError:  # pragma: no cover
    _HAVE_PDF_READER = False
needs_pdf_reader = pytest.mark.skipif(
    not _HAVE_PDF_READER,
    reason="scrutiny_parse.readers.pdf is not importable yet (PDF reader not written)",
)

# Where the strike test's cells sit, in PDF points (see _struck_digit_pdf).
_STRUCK_CELL = (297.6, 96.0, 497.6, 114.0)


def _struck_digit_pdf() -> bytes:
    """A bordered 2-row table: 'Recommendation 1: X' across both columns, then the
    assessment label and a cell holding a struck '2' followed by '3'."""
    reportlab = pytest.importorskip("reportlab", reason="reportlab builds the strike PDF")
    del reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["Normal"]
    buf = io.BytesIO()
    table = Table(
        [
            [Paragraph("Recommendation 1: X", style), ""],
            [
                Paragraph("Assessment of Progress (March 2020):", style),
                Paragraph("<strike>2</strike> 3", style),
            ],
        ],
        colWidths=[200, 200],
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.75, "black"), ("SPAN", (0, 0), (1, 0))])
    )
    SimpleDocTemplate(buf, pagesize=A4).build([table])
    return buf.getvalue()


def _count(
    image: Image.Image,
    rgb: tuple[int, int, int],
    *,
    region: tuple[float, float, float, float] | None = None,
    exclude: tuple[int, int, int, int] | None = None,
    scale: float = 1.0,
) -> int:
    """Pixels of exactly ``rgb``, within ``region`` (PDF points, a few pixels of slack)
    and outside ``exclude`` (pixels, e.g. the legend)."""
    img = image.convert("RGB")
    if exclude is not None:
        left, top, right, bottom = exclude
        img.paste((255, 255, 255), (left, top, right + 1, bottom + 1))
    if region is not None:
        w, h = img.size
        img = img.crop(
            (
                max(0, int(region[0] * scale) - 4),
                max(0, int(region[1] * scale) - 4),
                min(w, int(region[2] * scale) + 5),
                min(h, int(region[3] * scale) + 5),
            )
        )
    colours = img.getcolors(maxcolors=img.size[0] * img.size[1])
    assert colours is not None
    return sum(n for n, c in colours if c == rgb)


def _page_sizes(data: bytes) -> list[tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(float(p.width), float(p.height)) for p in pdf.pages]


def _assert_png_of_page(path: Path, size_pt: tuple[float, float], resolution: int) -> None:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as img:
        img.verify()
    with Image.open(path) as img:
        assert img.format == "PNG"
        want = (size_pt[0] * resolution / 72, size_pt[1] * resolution / 72)
        assert abs(img.size[0] - want[0]) <= 1.5 and abs(img.size[1] - want[1]) <= 1.5, (
            img.size,
            want,
        )


# -- without the PDF reader ---------------------------------------------------------


def test_drawing_uses_the_documented_colours(tmp_path: Path) -> None:
    data = _struck_digit_pdf()
    overlay = PageOverlay(
        cells=[(97.6, 78.0, 497.6, 96.0), (97.6, 96.0, 297.6, 114.0), _STRUCK_CELL],
        fields=[("label", (97.6, 96.0, 297.6, 114.0)), ("assessment", _STRUCK_CELL)],
        unplaced=[(100.0, 300.0, 200.0, 320.0)],
        strikes=[(303.6, 101.1, 309.2, 111.1)],
        ignored_strokes=[(100.0, 400.0, 400.0, 400.0)],
    )
    paths = draw_debug_pages(data, {1: overlay}, tmp_path, stem="t", resolution=72)
    assert [p.name for p in paths] == ["t-page-001.png"]
    _assert_png_of_page(paths[0], _page_sizes(data)[0], 72)
    with Image.open(paths[0]) as img:
        legend = legend_box(img.size, 72)
        for key, region in [
            ("assessment", _STRUCK_CELL),
            ("label", (97.6, 96.0, 297.6, 114.0)),
            ("unplaced", (100.0, 300.0, 200.0, 320.0)),
            ("strike", (303.6, 101.1, 309.2, 111.1)),
            ("ignored-stroke", (100.0, 400.0, 400.0, 400.0)),
            ("cell", (97.6, 78.0, 497.6, 96.0)),
        ]:
            assert _count(img, COLOURS[key], region=region, exclude=legend) > 0, key
        # The legend shows every colour, so each also appears inside it.
        crop = img.crop(legend)
        for key in ("responsibility", "date", "evidence", "other-mark"):
            assert _count(crop, COLOURS[key]) > 0, key
        # ... and nowhere else, since nothing on this page was assigned to them.
        assert _count(img, COLOURS["date"], exclude=legend) == 0


def test_pages_without_overlay_are_still_written(tmp_path: Path) -> None:
    data = _struck_digit_pdf()
    paths = draw_debug_pages(data, {}, tmp_path / "new" / "dir", stem="x", resolution=50)
    assert len(paths) == 1 and paths[0].is_file()
    _assert_png_of_page(paths[0], _page_sizes(data)[0], 50)


def test_non_pdf_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "update.pdf"  # the name lies; the content decides
    path.write_text("Recommendation 1: not a PDF at all\n", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="debug rendering needs a PDF"):
        render_debug(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError):
        render_debug(tmp_path / "nope.pdf", tmp_path / "out")


def test_debug_subcommand_is_registered(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="scrutiny-parse")
    add_debug_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["debug", "f.pdf", "--out", str(tmp_path), "--resolution", "60"])
    assert args.file == Path("f.pdf") and args.out == tmp_path and args.resolution == 60
    assert callable(args.func)
    args = parser.parse_args(["debug", "f.pdf", "--out", str(tmp_path)])
    assert args.resolution == 100
    with pytest.raises(SystemExit):
        parser.parse_args(["debug", "f.pdf", "--out", str(tmp_path), "--resolution", "0"])
    with pytest.raises(SystemExit):
        parser.parse_args(["debug", "f.pdf"])


def test_debug_subcommand_reports_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="scrutiny-parse")
    add_debug_command(parser.add_subparsers(dest="command", required=True))
    text = tmp_path / "a.txt"
    text.write_text("hello\n", encoding="utf-8")
    args = parser.parse_args(["debug", str(text), "--out", str(tmp_path / "o")])
    assert args.func(args) == 1
    assert "UnsupportedFormatError" in capsys.readouterr().err


# -- with the PDF reader ------------------------------------------------------------


@needs_pdf_reader
def test_sample_pdf_one_png_per_page(tmp_path: Path) -> None:
    resolution = 60
    paths = render_debug(SAMPLE_PDF, tmp_path, resolution=resolution)
    sizes = _page_sizes(SAMPLE_PDF.read_bytes())
    assert len(paths) == len(sizes)
    assert [p.name for p in paths] == [
        f"digital-optimisation-march-2020-page-{i:03d}.png" for i in range(1, len(sizes) + 1)
    ]
    for path, size in zip(paths, sizes, strict=True):
        _assert_png_of_page(path, size, resolution)
    # Field colours appear on the page itself, not only in the legend.
    seen: dict[str, int] = {}
    for path in paths[:2]:
        with Image.open(path) as img:
            legend = legend_box(img.size, resolution)
            for key in ("assessment", "label", "cell"):
                seen[key] = seen.get(key, 0) + _count(img, COLOURS[key], exclude=legend)
    assert seen["assessment"] > 0, "no assessment colour on page 1 or 2"
    assert seen["label"] > 0 and seen["cell"] > 0, seen


@needs_pdf_reader
def test_struck_digit_is_marked(tmp_path: Path) -> None:
    pdf = tmp_path / "struck.pdf"
    pdf.write_bytes(_struck_digit_pdf())
    paths = render_debug(pdf, tmp_path / "out", resolution=100)
    assert [p.name for p in paths] == ["struck-page-001.png"]
    with Image.open(paths[0]) as img:
        legend = legend_box(img.size, 100)
        n = _count(img, COLOURS["strike"], region=_STRUCK_CELL, scale=100 / 72, exclude=legend)
    assert n > 0, (
        "no strike mark drawn over the struck '2' (did the PDF reader give a 'strike' "
        "Mark? reportlab draws the strike with the default line width, which pdfminer "
        "reports as linewidth 0)"
    )
