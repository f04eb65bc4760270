"""Legends headed by words that also name a row ("Assessment of Progress:"), and
headings torn by a page break, in Word documents and in text dumps alike."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from scrutiny_parse import ProgressUpdate, load

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_samples.py"


def _builder() -> ModuleType:
    if "build_samples" in sys.modules:
        return sys.modules["build_samples"]
    spec = importlib.util.spec_from_file_location("build_samples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _grades(update: ProgressUpdate) -> list[list[tuple[str | None, int | None]]]:
    return [
        [
            (r.period.text if r.period else None, r.assessment.grade if r.assessment else None)
            for r in a.rounds
        ]
        for rec in update.recommendations
        for p in rec.parts
        for a in p.actions
    ]


_SCALE = {1: "Fully Achieved", 2: "On-Track", 3: "Slipped", 4: "Not Achieved"}


def test_docx_assessment_label_alone_over_a_grade_table_heads_the_legend() -> None:
    rows = [
        ["Lead Officer:", "Ann Roe", "Ben Fox"],
        ["Action Agreed:", "Fit trackers.", "Publish figures."],
        ["Assessment of Progress (May 2024):", "1", "2"],
    ]
    spec = {
        "body": [
            "Review: Missed Bins",
            {"text": "Recommendation 1: Bins are emptied on the day promised.", "bold": True},
            {"table": {"widths": [4, 4, 4], "rows": [{"cells": r} for r in rows]}},
            "",
            {"text": "Assessment of Progress:", "bold": True},
            {
                "table": {
                    "widths": [2, 6],
                    "rows": [{"cells": [str(g), w]} for g, w in _SCALE.items()],
                }
            },
        ]
    }
    update = load(_builder().build_docx(spec))
    assert update.grading_scale == _SCALE and update.grading_scale_source == "document"
    assert _grades(update) == [[("May 2024", 1)], [("May 2024", 2)]]


# pypdf's order: the legend's heading is an assessment label without a period, its
# grades and wordings one per line under it.
_PYPDF = (
    "Recommendation 1: Bins are emptied on the day promised.\n"
    "Lead Officer: Ann Roe \n"
    "Action Agreed: Fit trackers to every lorry.\n"
    "Progress to date (May 2024): \n"
    "Trackers were fitted in April.\n"
    "Assessment of Progress (May 2024): \n"
    "2\n"
    "Assessment of Progress:\n"
    "1 Fully Achieved\n"
    "2 On-Track\n"
    "3 Slipped\n"
    "4 Not Achieved\n"
)


def test_dump_assessment_label_alone_over_grade_lines_heads_the_legend() -> None:
    update = load(_PYPDF.encode())
    assert update.grading_scale == _SCALE and update.grading_scale_source == "document"
    assert _grades(update) == [[("May 2024", 2)]]


# A -layout dump: the recommendation's heading torn by a page break (the running header
# between), a legend headed "Assessment of Progress Categories" with its grades across.
_LAYOUT = """\
Review: School Admissions

Recommendation 1: Appeals are made easier to understand, and the Council


\fCommittee Report – May 2024
reports each year on the outcome of appeals.
Lead Officer(s):       Ruth Cheng
Timescale:             July 2023                   December 2023
Action(s) Agreed:      Publish a short guide.      Report each December.
Success Measure(s):    Fewer complaints about the appeals process.
Progress to date       The guide was published.    The first report is due.
(May 2024):
Progress Assessment    1                           2
(May 2024):


Assessment of Progress Categories

        1                   2                   3                 4
  Achieved (Fully)       On Track            Slipped         Not Achieved
\fCommittee Report – May 2024
"""


def test_layout_heading_torn_by_a_page_and_a_legend_named_like_a_label() -> None:
    update = load(_LAYOUT.encode())
    (rec,) = update.recommendations
    assert rec.text == (
        "Appeals are made easier to understand, and the Council reports each year on "
        "the outcome of appeals."
    )
    guide, report = rec.parts[0].actions
    for action in (guide, report):
        assert action.success_measure is not None
        assert action.success_measure.text == "Fewer complaints about the appeals process."
    assert _grades(update) == [[("May 2024", 1)], [("May 2024", 2)]]
    assert update.grading_scale == {
        1: "Achieved (Fully)",
        2: "On Track",
        3: "Slipped",
        4: "Not Achieved",
    }
    assert not [w for w in update.warnings if w.code == "repeated-block"]
