"""Dump every sample PDF to plain text with the tools people actually use.

    python scripts/build_text_dumps.py [PDF ...] [--tool TOOL ...]

The seed (``seed/digital-optimisation-progress-update-march-2020.txt``) is what a
PDF-to-text tool made of a real update. Archives hold dumps from many tools, each with
its own reading order, so every sample PDF is dumped four ways, each with a .docx to
check the text path against:

- ``pdftotext``: poppler's default (reading order, pages split by form feeds), written
  to ``samples/<stem>.txt`` beside the PDF, as before;
- ``pdftotext-layout``: poppler's ``-layout`` (columns kept as runs of spaces);
- ``pdfminer``: pdfminer.six's ``pdf2txt.py`` with its defaults;
- ``pypdf``: ``PdfReader(...).pages[i].extract_text()``, pages joined by form feeds;

the last three under ``samples/dumps/<tool>/<stem>.txt``. pdfminer and pypdf run in
this interpreter (pypdf is a dev dependency); poppler is ``poppler-utils``.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DUMPS = SAMPLES / "dumps"


def _pdftotext(pdf: Path, *extra: str) -> str:
    done = subprocess.run(
        ["pdftotext", *extra, "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return done.stdout.decode("utf-8")


def poppler(pdf: Path) -> str:
    return _pdftotext(pdf)


def poppler_layout(pdf: Path) -> str:
    return _pdftotext(pdf, "-layout")


def pdfminer(pdf: Path) -> str:
    """What ``pdf2txt.py file.pdf`` prints: pdfminer.six with its default layout analysis
    (``LAParams()``), pages ending in form feeds."""
    from pdfminer.high_level import extract_text_to_fp
    from pdfminer.layout import LAParams

    out = io.StringIO()
    with pdf.open("rb") as f:
        extract_text_to_fp(f, out, laparams=LAParams())
    return out.getvalue()


def pypdf(pdf: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return "\f".join(page.extract_text() for page in reader.pages) + "\f"


TOOLS: dict[str, Callable[[Path], str]] = {
    "pdftotext": poppler,
    "pdftotext-layout": poppler_layout,
    "pdfminer": pdfminer,
    "pypdf": pypdf,
}


def target(tool: str, pdf: Path) -> Path:
    """Where ``tool``'s dump of ``pdf`` is kept."""
    if tool == "pdftotext":
        return pdf.with_suffix(".txt")
    return DUMPS / tool / f"{pdf.stem}.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="*", type=Path)
    parser.add_argument("--tool", action="append", choices=sorted(TOOLS))
    args = parser.parse_args(argv)
    tools = args.tool or list(TOOLS)
    if any(t.startswith("pdftotext") for t in tools) and shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed", file=sys.stderr)
        return 1
    inputs = [p.resolve() for p in args.pdf] or sorted(SAMPLES.glob("*.pdf"))
    for pdf in inputs:
        for tool in tools:
            out = target(tool, pdf)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(TOOLS[tool](pdf), encoding="utf-8")
            print(f"built {out.relative_to(ROOT)} from {pdf.name} with {tool}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
