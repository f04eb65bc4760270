"""Label recognition by meaning: the wordings councils use, and what must not match."""

from __future__ import annotations

import pytest

from scrutiny_parse.segment.labels import classify, find_period, split_label


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Responsibility:", "responsibility"),
        ("Lead Officer", "responsibility"),
        ("Officer(s) responsible", "responsibility"),
        ("Responsible Officer/s:", "responsibility"),
        ("Action Owner", "responsibility"),
        ("Date:", "date"),
        ("Timescale", "date"),
        ("Timescales:", "date"),
        ("Target Date", "date"),
        ("Completion date", "date"),
        ("Agreed Action:", "action"),
        ("Action(s) Agreed", "action"),
        ("Agreed Actions", "action"),
        ("What will be done", "action"),
        ("Agreed Success Measure:", "success_measure"),
        ("Success Measure(s)", "success_measure"),
        ("Measures of success", "success_measure"),
        ("Expected outcome", "success_measure"),
        ("Evidence of Progress (March 2020):", "evidence"),
        ("Progress to date (March 2021)", "evidence"),
        ("Progress update", "evidence"),
        ("Assessment of Progress (March 2020):\n(include explanation if required)", "assessment"),
        ("Progress Assessment (March 2021)", "assessment"),
        ("RAG status", "assessment"),
        ("Grade", "assessment"),
        ("Assessment of Progress Gradings:", "legend"),
        ("Assessment Categories", "legend"),
        ("Assessment of Progress Categories", "legend"),
        ("Grading of Progress", "legend"),
        ("Key – Assessment of Progress", "legend"),
        # A legend's header row with no heading above it names its columns.
        ("Grade   Assessment of Progress", "legend"),
        ("Score Meaning", "legend"),
        ("Assessment of Progress", "assessment"),
        (
            "Progress Assessment (January 2025) – grade 1 to 4, with a short explanation"
            " where needed",
            "assessment",
        ),
        (
            "Assessment of Progress (May 2024) – Categories 1-4; include explanation where"
            " graded 3 or 4",
            "assessment",
        ),
        ("Assessment of progress (Categories 1-4)", "assessment"),
        (
            "Progress Assessment (August 2023) (Grade 1 – 4, with a brief comment if needed)",
            "assessment",
        ),
        ("Recommendation 1: A review of My Stockton", "recommendation"),
        ("Link Officer/s:", "link_officers"),
        ("Action Plan Agreed:", "action_plan_agreed"),
        ("Review:", "review"),
        # As a PDF's text layer gives them: ligature glyphs, a zero-width space.
        ("Oﬃcer(s) responsible", "responsibility"),
        ("Agreed Success\u200b Measure:", "success_measure"),
    ],
)
def test_label_variants(text: str, field: str) -> None:
    label = classify(text)
    assert label is not None, text
    assert label.field == field


@pytest.mark.parametrize(
    "text",
    [
        "",
        "For Community",
        "Complete",
        "The survey of customer views of my Stockton has been summarised to inform design "
        "decisions and the action plan",
        "Lorraine Dixon",
        "April 2019",
    ],
)
def test_not_labels(text: str) -> None:
    assert classify(text) is None


@pytest.mark.parametrize(
    ("text", "field", "period"),
    [
        ("No.", "number", None),
        ("Rec No.", "number", None),
        ("Recommendation", "recommendation", None),
        ("Recommendations", "recommendation", None),
        ("Link Officer", "responsibility", None),
        ("Lead Officer", "responsibility", None),
        ("Responsibility", "responsibility", None),
        ("Anticipated Completion Date/ Completion Date", "date", None),
        ("Date", "date", None),
        ("Quarter 1/2 evidence of progress", "evidence", None),
        (
            "Progress presented to Committee June 2016 (Please state current position and any "
            "actions taken)",
            "evidence",
            "June 2016",
        ),
        (
            "Progress (September 2016)\n(Please state current position ...)",
            "evidence",
            "September 2016",
        ),
        ("Assessment of progress Categories 1 - 4", "assessment", None),
        ("Assessment of progress (Categories 1-4)", "assessment", None),
        ("Assessment (March 2017)", "assessment", "March 2017"),
    ],
)
def test_header_row_wordings(text: str, field: str, period: str | None) -> None:
    label = classify(text, header=True)
    assert label is not None, text
    assert (label.field, label.period) == (field, period)


def test_header_only_names_do_not_change_label_cells() -> None:
    # In a label column or the front matter these keep their meaning.
    assert classify("Recommendation") is None
    assert classify("No.") is None
    link = classify("Link Officer/s:")
    assert link is not None and link.field == "link_officers"
    assert classify("Jane Ward", header=True) is None
    assert classify("1", header=True) is None


def test_periods_are_read_from_labels() -> None:
    assert classify("Evidence of Progress (March 2020):").period == "March 2020"  # type: ignore[union-attr]
    assert classify("Assessment of Progress (September 2020):").period == "September 2020"  # type: ignore[union-attr]
    assert classify("Progress to date").period is None  # type: ignore[union-attr]
    assert find_period("Progress update (as at Sept 2021)") == "Sept 2021"


def test_inline_value_is_split_off() -> None:
    label = classify("Review: Digital Optimisation", allow_rest=True)
    assert label is not None and label.field == "review"
    assert label.rest == "Digital Optimisation"
    rec = classify("Recommendation 12: The Council’s Digital Services Group provides leadership")
    assert rec is not None and rec.rest.startswith("The Council’s")
    assert split_label("no colon here") == ("no colon here", "")
