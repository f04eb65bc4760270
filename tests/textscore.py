"""Scoring a text dump's records against the records of the same update's .docx.

Four figures, as the text-path accuracy tables report them:

- recommendations: numbers and texts (white space aside) equal;
- columns: (recommendation, part) blocks with the right number of action columns;
- grades: (recommendation, part, column, round) keys whose grade and previous grade
  are both right;
- fields: share of record fields equal after white space is collapsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrutiny_parse import ProgressUpdate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
#: Text-dump tools, as scripts/build_text_dumps.py names them.
TOOLS = ("pdftotext", "pdftotext-layout", "pdfminer", "pypdf")

KEY = ("recommendation", "part", "column", "period")
FIELDS = (
    "responsibility",
    "date",
    "action",
    "success_measure",
    "evidence",
    "grade",
    "previous_grade",
    "explanation",
)


def dump_path(tool: str, stem: str) -> Path:
    if tool == "pdftotext":
        return SAMPLES / f"{stem}.txt"
    return SAMPLES / "dumps" / tool / f"{stem}.txt"


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


@dataclass(frozen=True)
class Score:
    recommendations: tuple[int, int]
    columns: tuple[int, int]
    grades: tuple[int, int]
    fields: tuple[int, int]

    @staticmethod
    def share(pair: tuple[int, int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0

    def row(self) -> str:
        cells = [self.recommendations, self.columns, self.grades, self.fields]
        return "  ".join(f"{a:>4}/{b:<4} {self.share((a, b)):>5.3f}" for a, b in cells)


def score(actual: ProgressUpdate, expected: ProgressUpdate) -> Score:
    got_recs = {r.number: _norm(r.text) for r in actual.recommendations}
    recs = sum(1 for r in expected.recommendations if got_recs.get(r.number) == _norm(r.text))
    act = {tuple(r[k] for k in KEY): r for r in actual.to_records()}
    exp = expected.to_records()
    grades = fields = 0
    for e in exp:
        a = act.get(tuple(e[k] for k in KEY))
        if a is None:
            continue
        grades += a["grade"] == e["grade"] and a["previous_grade"] == e["previous_grade"]
        fields += sum(_norm(a[f]) == _norm(e[f]) for f in FIELDS)
    got_cols = _columns(actual.to_records())
    want_cols = _columns(exp)
    cols = sum(1 for b, n in want_cols.items() if got_cols.get(b) == n)
    return Score(
        (recs, len(expected.recommendations)),
        (cols, len(want_cols)),
        (grades, len(exp)),
        (fields, len(exp) * len(FIELDS)),
    )


def _columns(records: Sequence[dict[str, Any]]) -> dict[tuple[Any, Any], int]:
    out: dict[tuple[Any, Any], set[int]] = {}
    for r in records:
        out.setdefault((r["recommendation"], r["part"]), set()).add(r["column"])
    return {b: len(c) for b, c in out.items()}
