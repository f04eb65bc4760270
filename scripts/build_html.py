"""Print every sample spec as a browser would: HTML tables, then headless Chromium.

    python scripts/build_html.py [SPEC.json ...] [--look ruled|plain ...] [--out DIR]
                                 [--keep-html]

Real archives hold updates that were copied into a web page (a committee system, an
intranet) and printed from the browser. This script renders each
``scripts/sample_specs/NAME.json`` (read with the same validating parser as
``build_samples.py``) as the HTML a person would get by pasting the Word document into a
web editor: one ``<table>`` per Word table with its grid widths as ``<col>`` s,
``colspan`` for ``gridSpan``, ``rowspan`` for vertical merges, ``<thead>`` for header
rows (which Chromium repeats on every page), ``<ul>``/``<ol>`` lists, ``<s>`` for
strike-through, ``<a href>`` for hyperlinks, the page header and footer in ``@page``
margin boxes. Two looks:

* ``ruled``: 1px cell borders (the spec's borderless tables stay borderless);
* ``plain``: no borders at all, anywhere.

Then it prints each page with headless Chromium (Debian's ``chromium`` package), started
so that it does not touch the network (no QUIC, no background networking, no component
updates, no sync) and with a throw-away profile. The PDFs land in
``samples/producers/chromium-<look>/NAME.pdf``; they are committed, so the tests need no
browser. Chromium draws differently from LibreOffice in the places a PDF reader leans on:
borders as filled rectangles, list bullets as vector shapes, decorations as thin bars,
rows broken across pages with the cell borders sliced open, ligatures in the text.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# build_samples is a script beside this one, not a package: found through sys.path.
from build_samples import (
    STRUCK_STYLE,
    BlockSpec,
    CellSpec,
    DocSpec,
    ParagraphSpec,
    RunSpec,
    SpecParser,
    TableSpec,
    TemplateStyles,
)

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "scripts" / "sample_specs"
OUT = ROOT / "samples" / "producers"
LOOKS = ("ruled", "plain")
# The fonts the HTML asks for: Word's Calibri and Cambria, which a Linux browser does not
# have, so it falls back to DejaVu, whose "fi", "fl", "ff", "ffi" and "ffl" ligatures
# reach the PDF's text layer as the single characters U+FB01 ... U+FB04.
FONTS = {
    "ruled": 'Calibri, "DejaVu Sans", sans-serif',
    "plain": 'Cambria, "DejaVu Serif", serif',
}

# Chromium without network, first-run work or a shared profile; the profile directory
# is added per run. --no-pdf-header-footer drops the browser's own date/URL lines; the
# @page margin boxes below still print.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)

# Word's bullet glyphs per list level (•, o, ▪) and numbering formats (1., a., i.).
_BULLET_STYLES = ("disc", "circle", "square")
_NUMBER_STYLES = ("decimal", "lower-alpha", "lower-roman")

_CSS = """
@page {{ size: A4 {orientation}; margin: 2.54cm;
  @top-left {{ content: {header}; font: 9pt "Liberation Sans", sans-serif;
              vertical-align: bottom; padding-bottom: 0.6cm; }}
  @bottom-left {{ content: {footer}; font: 9pt "Liberation Sans", sans-serif;
                 vertical-align: top; padding-top: 0.6cm; }} }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font: 11pt/1.2 {font}; }}
p {{ margin: 0 0 5pt 0; }}
table {{ border-collapse: collapse; table-layout: fixed; margin: 0 0 5pt 0; }}
td {{ vertical-align: top; padding: 2pt 5pt; }}
td > :last-child {{ margin-bottom: 0; }}
ul, ol {{ margin: 0 0 5pt 0; padding-left: 1.27cm; }}
li {{ margin: 0; }}
li > ul, li > ol {{ margin-bottom: 0; }}
table.ruled > * > tr > td {{ border: 1px solid #000; }}
tr.keep {{ break-inside: avoid; }}
a {{ color: #0563c1; }}
"""


def _css_string(paragraphs: Sequence[ParagraphSpec]) -> str:
    """A CSS string literal of the header/footer text ("" when none)."""
    text = " ".join(_plain_text(p) for p in paragraphs).strip()
    if not text:
        return "none"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain_text(p: ParagraphSpec) -> str:
    return "".join(r.text for r in p.runs if not r.delete)


class HtmlRenderer:
    """Render one parsed :class:`DocSpec` as a complete HTML page."""

    def __init__(self, spec: DocSpec, look: str, title: str) -> None:
        if look not in LOOKS:
            raise ValueError(f"look must be one of {LOOKS}, got {look!r}")
        self.spec = spec
        self.look = look
        self.title = title

    def render(self) -> str:
        css = _CSS.format(
            orientation=self.spec.orientation,
            header=_css_string(self.spec.header),
            footer=_css_string(self.spec.footer),
            font=FONTS[self.look],
        )
        body = "\n".join(self._blocks(self.spec.body, cell_bold=None))
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title>\n<style>{css}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n"
        )

    # -- blocks ------------------------------------------------------------------------

    def _blocks(self, blocks: Sequence[BlockSpec], cell_bold: bool | None) -> Iterator[str]:
        """Paragraphs, tables and lists; consecutive list items become one nested list."""
        k = 0
        while k < len(blocks):
            block = blocks[k]
            if isinstance(block, TableSpec):
                yield self._table(block, cell_bold)
                k += 1
            elif block.list_kind is None:
                yield self._paragraph(block, cell_bold)
                k += 1
            else:
                end = k
                while (
                    end < len(blocks)
                    and isinstance(blocks[end], ParagraphSpec)
                    and blocks[end].list_kind is not None  # type: ignore[union-attr]
                ):
                    end += 1
                items = [b for b in blocks[k:end] if isinstance(b, ParagraphSpec)]
                yield self._list(items, cell_bold)
                k = end

    def _list(self, items: Sequence[ParagraphSpec], cell_bold: bool | None) -> str:
        """Nested ``<ul>``/``<ol>`` for a run of list paragraphs (levels as nesting)."""
        out: list[str] = []
        stack: list[tuple[int, str]] = []  # (level, tag) of the open lists
        for item in items:
            tag = "ul" if item.list_kind == "bullet" else "ol"
            while stack and (
                stack[-1][0] > item.level or (stack[-1][0] == item.level and stack[-1][1] != tag)
            ):
                out.append(f"</li></{stack.pop()[1]}>")
            if stack and stack[-1][0] == item.level:
                out.append("</li>")
            else:
                styles = _BULLET_STYLES if tag == "ul" else _NUMBER_STYLES
                kind = styles[item.level % 3]
                # A level deeper than the open one opens inside the open item.
                out.append(f'<{tag} style="list-style-type: {kind}">')
                stack.append((item.level, tag))
            out.append(f"<li{self._para_style(item)}>{self._runs(item, cell_bold)}")
        while stack:
            out.append(f"</li></{stack.pop()[1]}>")
        return "".join(out)

    def _para_style(self, p: ParagraphSpec) -> str:
        css = []
        if p.align:
            css.append(f"text-align: {p.align}")
        if p.size:
            css.append(f"font-size: {p.size}pt")
        return f' style="{"; ".join(css)}"' if css else ""

    def _paragraph(self, p: ParagraphSpec, cell_bold: bool | None) -> str:
        inner = self._runs(p, cell_bold)
        # An empty Word paragraph is a blank line.
        return f"<p{self._para_style(p)}>{inner or '<br>'}</p>"

    def _runs(self, p: ParagraphSpec, cell_bold: bool | None) -> str:
        bold = p.bold if p.bold is not None else cell_bold
        return "".join(self._run(r, bold, p.italic) for r in p.runs)

    def _run(self, r: RunSpec, bold: bool | None, italic: bool | None) -> str:
        if r.delete:
            return ""  # a tracked deletion: the accepted text, as a copy would hold
        text = html.escape(r.text).replace("\n", "<br>").replace("\t", "&emsp;")
        if r.brk:
            text = "<br>" + text
        if r.bold if r.bold is not None else bold:
            text = f"<b>{text}</b>"
        if r.italic if r.italic is not None else italic:
            text = f"<i>{text}</i>"
        if r.strike or r.char_style == STRUCK_STYLE:
            text = f"<s>{text}</s>"
        if r.dstrike:
            text = f'<s style="text-decoration-style: double">{text}</s>'
        if r.ins:
            text = f"<ins>{text}</ins>"
        if r.hyperlink:
            text = f'<a href="{html.escape(r.hyperlink, quote=True)}">{text}</a>'
        return text

    # -- tables ------------------------------------------------------------------------

    def _table(self, t: TableSpec, inherited_bold: bool | None) -> str:
        ruled = self.look == "ruled" and t.borders
        width = sum(t.widths)
        out = [
            f'<table class="{"ruled" if ruled else "plain"}" style="width: {width:.2f}cm">',
            "<colgroup>",
            *(f'<col style="width: {w:.2f}cm">' for w in t.widths),
            "</colgroup>",
        ]
        spans = _row_spans(t)
        n_header = 0
        while n_header < len(t.rows) and t.rows[n_header].header:
            n_header += 1
        for r, row in enumerate(t.rows):
            if r == 0 and n_header:
                out.append("<thead>")
            if r == n_header:
                out.append("<tbody>")
            keep = ' class="keep"' if row.cant_split else ""
            out.append(f"<tr{keep}>")
            if row.grid_before:
                out.append(f'<td colspan="{row.grid_before}" class="skip"></td>')
            for c, cell in enumerate(row.cells):
                if cell.vmerge == "continue":
                    continue
                out.append(self._cell(cell, spans.get((r, c), 1), inherited_bold))
            if row.grid_after:
                out.append(f'<td colspan="{row.grid_after}" class="skip"></td>')
            out.append("</tr>")
            if r + 1 == n_header:
                out.append("</thead>")
        out.append("</tbody></table>")
        return "\n".join(out)

    def _cell(self, cell: CellSpec, rowspan: int, inherited_bold: bool | None) -> str:
        attrs = []
        if cell.span > 1:
            attrs.append(f'colspan="{cell.span}"')
        if rowspan > 1:
            attrs.append(f'rowspan="{rowspan}"')
        if cell.shade:
            attrs.append(f'style="background-color: #{cell.shade}"')
        bold = cell.bold if cell.bold is not None else inherited_bold
        inner = "\n".join(self._blocks(cell.content, bold))
        return f"<td {' '.join(attrs)}>{inner}</td>"


def _row_spans(t: TableSpec) -> dict[tuple[int, int], int]:
    """Rows covered by each vMerge "restart" cell: (row, cell index) -> rowspan."""
    at: list[dict[int, int]] = []  # per row: first grid column -> cell index
    for row in t.rows:
        col, cols = row.grid_before, {}
        for c, cell in enumerate(row.cells):
            cols[col] = c
            col += cell.span
        at.append(cols)
    spans: dict[tuple[int, int], int] = {}
    for r, row in enumerate(t.rows):
        col = row.grid_before
        for c, cell in enumerate(row.cells):
            if cell.vmerge == "restart":
                n = 1
                while r + n < len(t.rows):
                    below = at[r + n].get(col)
                    if below is None or t.rows[r + n].cells[below].vmerge != "continue":
                        break
                    n += 1
                spans[(r, c)] = n
            col += cell.span
    return spans


def render_html(description: object, look: str, title: str = "") -> str:
    """Validate a parsed JSON description and return its HTML in the given look."""
    spec = SpecParser(TemplateStyles.from_default_template()).document(description)
    return HtmlRenderer(spec, look, title).render()


def chromium() -> str | None:
    """The Chromium executable on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(browser: str, page: Path, target: Path, timeout: float = 120) -> None:
    """Print ``page`` (an HTML file) to ``target`` with headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={target}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {page}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--look", action="append", choices=LOOKS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep-html", action="store_true", help="keep the .html beside the PDF")
    args = parser.parse_args(argv)
    browser = chromium()
    if browser is None:
        print("chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    specs = args.specs or sorted(SPEC_DIR.glob("*.json"))
    for look in args.look or LOOKS:
        folder = args.out / f"chromium-{look}"
        folder.mkdir(parents=True, exist_ok=True)
        for spec_path in specs:
            description = json.loads(spec_path.read_text(encoding="utf-8"))
            page = render_html(description, look, title=spec_path.stem)
            target = folder / f"{spec_path.stem}.pdf"
            with tempfile.TemporaryDirectory(prefix="build-html-") as tmp:
                source = Path(tmp) / f"{spec_path.stem}.html"
                source.write_text(page, encoding="utf-8")
                print_pdf(browser, source, target)
            if args.keep_html:
                target.with_suffix(".html").write_text(page, encoding="utf-8")
            print(f"built {target} from {spec_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
