"""Save every samples/*.docx as Word 97-2003 .doc with LibreOffice, plus one .rtf and .odt.

    python scripts/build_legacy.py [DOCX ...] [--out DIR] [--no-rtf-odt]

Archives hold many legacy files, so the .doc, .rtf and .odt readers (which convert back
to .docx with LibreOffice) are tested on these: ``tests/test_legacy_formats.py`` checks
that each gives the same records as the .docx of the same stem. The seed sample is also
saved as .rtf and .odt, one file per path. Each conversion runs with its own LibreOffice
profile (see scrutiny_parse.readers.legacy.libreoffice); the outputs are committed next to
the .docx.
LibreOffice stamps dates into them, so a rebuild differs in metadata, not in content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrutiny_parse.readers.legacy.libreoffice import convert

ROOT = Path(__file__).resolve().parent.parent
SEED = "digital-optimisation-march-2020"
# LibreOffice export filters: "doc" alone would pick the same filter, but naming it says
# which Word version the file is meant to be.
_DOC_FILTER = "doc:MS Word 97"
_EXTRA = {".rtf": "rtf:Rich Text Format", ".odt": "odt:writer8"}
_TIMEOUT = 300.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("docx", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "samples")
    parser.add_argument("--no-rtf-odt", action="store_true", help="build only the .doc files")
    args = parser.parse_args(argv)
    inputs: list[Path] = args.docx or sorted((ROOT / "samples").glob("*.docx"))
    args.out.mkdir(parents=True, exist_ok=True)
    for docx in inputs:
        data = docx.read_bytes()
        _build(data, args.out / f"{docx.stem}.doc", _DOC_FILTER, docx)
        if docx.stem == SEED and not args.no_rtf_odt:
            for suffix, target_filter in _EXTRA.items():
                _build(data, args.out / f"{docx.stem}{suffix}", target_filter, docx)
    return 0


def _build(data: bytes, target: Path, target_filter: str, source: Path) -> None:
    target.write_bytes(convert(data, suffix=".docx", to=target_filter, timeout=_TIMEOUT))
    print(f"built {target} from {source}")


if __name__ == "__main__":
    sys.exit(main())
