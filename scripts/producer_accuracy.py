"""How well each producer's PDFs read: fields and grades right, per producer and sample.

    python scripts/producer_accuracy.py [--diff] [SAMPLES_DIR]

The ground truth is each sample's ``.docx``. For every PDF of a sample (LibreOffice's in
``samples/``, the others in ``samples/producers/<producer>/``) the records are matched
to the Word records by (recommendation, part, column, period); every field of every
Word record counts once (a record missing from the PDF loses all its fields), and the
``grade`` field is also counted on its own. ``--diff`` lists what differs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrutiny_parse import load

ROOT = Path(__file__).resolve().parent.parent
KEY = ("recommendation", "part", "column", "period")

Record = dict[str, Any]


@dataclass
class Score:
    """Fields and grades right out of those the Word parse has."""

    fields_ok: int = 0
    fields: int = 0
    grades_ok: int = 0
    grades: int = 0

    def __iadd__(self, other: Score) -> Score:
        self.fields_ok += other.fields_ok
        self.fields += other.fields
        self.grades_ok += other.grades_ok
        self.grades += other.grades
        return self

    def cells(self) -> tuple[str, str]:
        return f"{self.fields_ok}/{self.fields}", f"{self.grades_ok}/{self.grades}"


def score(actual: Sequence[Record], expected: Sequence[Record]) -> tuple[Score, list[str]]:
    """The score of ``actual`` against ``expected`` and one line per wrong field."""
    got = {tuple(r.get(k) for k in KEY): r for r in actual}
    out = Score()
    wrong: list[str] = []
    for record in expected:
        key = tuple(record.get(k) for k in KEY)
        mine = got.get(key)
        for name, value in record.items():
            if name in KEY:
                continue
            ok = mine is not None and mine.get(name) == value
            out.fields += 1
            out.fields_ok += ok
            if name == "grade":
                out.grades += 1
                out.grades_ok += ok
            if not ok:
                shown = "missing record" if mine is None else repr(mine.get(name))[:100]
                wrong.append(f"{key} {name}: expected {repr(value)[:100]}, got {shown}")
    return out, wrong


def producers(samples: Path) -> dict[str, list[Path]]:
    """PDFs by producer: LibreOffice's beside the .docx, the others in producers/."""
    found = {"libreoffice": sorted(samples.glob("*.pdf"))}
    for folder in sorted((samples / "producers").glob("*/")):
        found[folder.name] = sorted(folder.glob("*.pdf"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", type=Path, default=ROOT / "samples")
    parser.add_argument("--diff", action="store_true", help="list the fields that differ")
    args = parser.parse_args(argv)
    truth: dict[str, list[Record]] = {}
    rows: list[tuple[str, str, Score]] = []
    totals: dict[str, Score] = {}
    for producer, pdfs in producers(args.samples).items():
        total = totals.setdefault(producer, Score())
        for pdf in pdfs:
            docx = args.samples / f"{pdf.stem}.docx"
            if not docx.exists():
                continue
            if pdf.stem not in truth:
                truth[pdf.stem] = load(docx).to_records()
            try:
                records = load(pdf).to_records()
            except Exception as e:  # a report, not a test: show the failure and go on
                records = []
                print(f"{producer}/{pdf.name}: {type(e).__name__}: {e}", file=sys.stderr)
            result, wrong = score(records, truth[pdf.stem])
            rows.append((producer, pdf.stem, result))
            total += result
            if args.diff:
                for line in wrong:
                    print(f"{producer}/{pdf.stem}: {line}")
    width = max((len(s) for _, s, _ in rows), default=10)
    print(f"{'producer':<16} {'sample':<{width}} {'fields':>9} {'grades':>7}")
    for producer, stem, result in rows:
        fields, grades = result.cells()
        print(f"{producer:<16} {stem:<{width}} {fields:>9} {grades:>7}")
    for producer, total in totals.items():
        fields, grades = total.cells()
        print(f"{producer:<16} {'(all samples)':<{width}} {fields:>9} {grades:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
