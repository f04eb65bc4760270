"""Golden tests: every bundled sample parses to its expected records, field by field.

``tests/golden/<sample>.expected.json`` holds the front matter, the recommendation texts
and the flat records. For the invented samples they were written by hand from the sample
descriptions; for the seed reconstruction they were generated once and reviewed. Run
``make golden`` (SCRUTINY_REGENERATE_GOLDEN=1) to rewrite them from the parser, read the
diff, and commit; a regenerating run always fails so it can never pass CI by accident.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN, sample_docx
from recordsdiff import assert_same_front, assert_same_records, front_view

from scrutiny_parse import ProgressUpdate, load

REGENERATE = os.environ.get("SCRUTINY_REGENERATE_GOLDEN") == "1"


def expected_view(update: ProgressUpdate) -> dict[str, Any]:
    """The parts of an update a golden file pins down."""
    return {**front_view(update), "records": update.to_records()}


@pytest.mark.parametrize("path", sample_docx(), ids=lambda p: p.stem)
def test_sample_matches_golden(path: Path) -> None:
    golden = GOLDEN / f"{path.stem}.expected.json"
    actual = expected_view(load(path))
    if REGENERATE:
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.fail(f"regenerated {golden.name}; review the diff and rerun without the switch")
    assert golden.exists(), f"no golden file {golden.name}: run `make golden` and review it"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert_same_front(actual, expected, path.name)
    assert_same_records(actual["records"], expected["records"], path.name)


def test_every_sample_has_a_golden_file() -> None:
    samples = {p.stem for p in sample_docx()}
    assert samples, "no samples/*.docx found"
    goldens = {p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json")}
    assert samples == goldens


SEED = "digital-optimisation-march-2020"
# Grades per column, recommendation by recommendation (rec 7: its two sub-parts).
SEED_GRADES = {
    1: [[1, 3, 3]],
    2: [[2]],
    3: [[1, 3]],
    4: [[1]],
    5: [[2, 2]],
    6: [[1, 2]],
    7: [[2], [2, 2, 3]],
    8: [[1, 2, 2, 2]],
    9: [[3, 3]],
    10: [[2, 2]],
    11: [[2]],
    12: [[2, 2]],
    13: [[2]],
}


def test_seed_reconstruction_grades() -> None:
    update = load(Path(__file__).resolve().parent.parent / "samples" / f"{SEED}.docx")
    got = {
        r.number: [
            [
                a.rounds[0].assessment.grade if a.rounds and a.rounds[0].assessment else None
                for a in p.actions
            ]
            for p in r.parts
        ]
        for r in update.recommendations
    }
    assert got == SEED_GRADES
    assert sum(len(p.actions) for r in update.recommendations for p in r.parts) == 27
    assert [p.label for p in update.recommendations[6].parts] == [
        "For Council Staff",
        "For Community",
    ]
    assert update.warnings == []
