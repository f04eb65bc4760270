"""The grade history of the two Safer Journeys samples against its hand-written truth.

``tests/golden/history/safer-journeys.expected.json`` was written by hand from the two
sample specs (``scripts/sample_specs/safer-journeys-progress-update-*.json``): grades
that improve, hold and slip, an amended (struck) grade, a missing grade, sub-parts,
recommendation 3 signed off (grade 1, then absent) and 5 not reported (grade 2, then
absent), and a September update that repeats the March round and adds its own.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN, SAMPLES
from recordsdiff import record_differences

from scrutiny_parse import History, ProgressUpdate, history, load

STEMS = (
    "safer-journeys-progress-update-march-2023",
    "safer-journeys-progress-update-september-2023",
)
EXPECTED = GOLDEN / "history" / "safer-journeys.expected.json"


@cache
def _load(path: Path) -> ProgressUpdate:
    return load(path)


def _expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


def _status(h: History) -> dict[str, str]:
    (review,) = h.reviews
    return {f"{a.recommendation} {a.part or '-'} {a.column}": a.status for a in review.actions}


def _same_history(h: History, expected: dict[str, Any], what: str) -> None:
    (review,) = h.reviews
    assert review.review == expected["review"], what
    assert review.files == expected["files"], what
    assert review.periods == expected["periods"], what
    assert _status(h) == expected["status"], what
    assert [str(w) for w in h.warnings] == expected["warnings"], what
    problems = record_differences(h.to_records(), expected["records"])
    assert not problems, f"{what}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("order", [1, -1], ids=["oldest-first", "newest-first"])
def test_history_of_the_docx_samples(order: int) -> None:
    updates = [_load(SAMPLES / f"{stem}.docx") for stem in STEMS][::order]
    _same_history(history(updates), _expected(), "docx samples")


def test_history_of_the_pdf_samples_is_the_same() -> None:
    expected = _expected()
    for record in expected["records"]:
        record["file"] = record["file"].replace(".docx", ".pdf")
    expected["files"] = [f.replace(".docx", ".pdf") for f in expected["files"]]
    _same_history(history([_load(SAMPLES / f"{s}.pdf") for s in STEMS]), expected, "PDF samples")


def test_mixed_formats_of_one_update_count_once() -> None:
    # The archive keeps the .docx and the PDF printed from it: the .docx is used.
    paths = [SAMPLES / f"{s}{suffix}" for s in STEMS for suffix in (".pdf", ".docx")]
    h = history([_load(p) for p in paths])
    _same_history(h, _expected(), "docx and PDF together")
    assert sorted((f.file, f.status) for f in h.files) == [
        (f"{s}{suffix}", status)
        for s in STEMS
        for suffix, status in ((".docx", "used"), (".pdf", "copy"))
    ]
