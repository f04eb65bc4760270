"""Dump every samples/*.pdf to plain text with poppler's ``pdftotext``, like the seed.

    python scripts/build_text_dumps.py [PDF ...] [--out DIR]

The seed (``seed/digital-optimisation-progress-update-march-2020.txt``) is what a
PDF-to-text tool made of a real update, in plain reading order. These dumps give the
text reader the same kind of input for every sample, with a .docx to check it against:
``pdftotext -enc UTF-8 file.pdf file.txt`` (no ``-layout``: reading order, one text
block after another, pages separated by form feeds).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dump(pdf: Path, target: Path) -> None:
    """Write ``pdf``'s text to ``target`` in reading order, UTF-8."""
    subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "samples")
    args = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed", file=sys.stderr)
        return 1
    inputs = args.pdf or sorted((ROOT / "samples").glob("*.pdf"))
    args.out.mkdir(parents=True, exist_ok=True)
    for pdf in inputs:
        target = args.out / f"{pdf.stem}.txt"
        dump(pdf, target)
        print(f"built {target} from {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
