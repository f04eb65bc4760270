"""Print every samples/*.docx to PDF with LibreOffice, as councils publish them.

    python scripts/build_pdfs.py [DOCX ...] [--out DIR]

Each conversion runs with its own LibreOffice profile (see
scrutiny_parse.readers.legacy.libreoffice).
The PDFs are committed next to the .docx they came from; LibreOffice stamps a creation
date into each, so a rebuild differs in metadata but not in content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrutiny_parse.readers.legacy.libreoffice import convert

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "samples")
    args = parser.parse_args(argv)
    inputs = args.docx or sorted((ROOT / "samples").glob("*.docx"))
    args.out.mkdir(parents=True, exist_ok=True)
    for docx in inputs:
        pdf = convert(docx.read_bytes(), suffix=".docx", to="pdf", timeout=300)
        target = args.out / f"{docx.stem}.pdf"
        target.write_bytes(pdf)
        print(f"built {target} from {docx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
