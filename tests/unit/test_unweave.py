"""Labels whose lines a dump wove between their value's lines (pdftotext sorts a row's
lines by height; a label set a little lower comes after each value line beside it)."""

from __future__ import annotations

from scrutiny_parse import load
from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.unweave import unweave

_WOVEN = (
    "Recommendation 1: The borough is recognised as Dementia Friendly.\n"
    "Helen Marsh, Commissioning Manager\n"
    "Lead Officer(s):\n"
    "March 2023 / annual renewal\n"
    "Timescale:\n"
    "Re-establish the Dementia Action Alliance with\n"
    "Agreed Actions:\n"
    "the NHS and the voluntary sector.\n"
    "Alliance meeting at least quarterly; recognition awarded by\n"
    "Success\n"
    "March 2023 and renewed each year after.\n"
    "Measure(s):\n"
    "The Alliance was relaunched at an event in\n"
    "Progress to date\n"
    "the Civic Hall on 18 November 2022, attended by 64 people\n"
    "(September\n"
    "from 41 organisations.\n"
    "2023):\n"
    "Progress Assessment (September 2023):\n"
    "2\n"
)


def test_woven_labels_get_their_own_rows_back() -> None:
    update = load(_WOVEN.encode())
    (record,) = update.to_records()
    assert record["responsibility"] == "Helen Marsh, Commissioning Manager"
    assert record["date"] == "March 2023 / annual renewal"
    assert " ".join(record["action"].split()) == (
        "Re-establish the Dementia Action Alliance with the NHS and the voluntary sector."
    )
    assert " ".join(record["success_measure"].split()) == (
        "Alliance meeting at least quarterly; recognition awarded by March 2023 and "
        "renewed each year after."
    )
    assert " ".join(record["evidence"].split()) == (
        "The Alliance was relaunched at an event in the Civic Hall on 18 November 2022, "
        "attended by 64 people from 41 organisations."
    )
    assert (record["period"], record["grade"]) == ("September 2023", 2)


def _lines(*texts: str) -> list[TextLine]:
    return [TextLine(t, "text", 1, n) for n, t in enumerate(texts)]


def test_one_woven_label_is_not_enough_to_reorder_a_document() -> None:
    # A cell's words can happen to read as a label's lines one apart ("Success" ...).
    lines = _lines(
        "Responsibility: Ann Roe",
        "Agreed Action: Run a survey.",
        "Residents were asked about",
        "Success",
        "of the scheme in the",
        "Measure:",
    )
    assert unweave(lines) == lines


def test_labels_whose_lines_read_as_one_label_together_are_not_woven() -> None:
    lines = _lines(
        "The study is complete.",
        "Evidence of",
        "Progress (January",
        "2022):",
        "The review is complete.",
        "Assessment of",
        "Progress (January",
        "2022):",
    )
    assert unweave(lines) == lines
