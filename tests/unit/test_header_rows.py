"""The older layout on small hand-made layouts: a header row names the fields, one row
per recommendation. No file format involved.

Rows are lists of cells: a string is one cell (``"\\n"`` separates its paragraphs);
``("text", row_span)`` is a cell merged down over ``row_span`` rows; ``None`` is a grid
column covered by such a cell from above (or by nothing).
"""

from __future__ import annotations

from typing import Any

import pytest

from scrutiny_parse import NotAProgressUpdateError, ProgressUpdate, SourceInfo
from scrutiny_parse.api import update_from_layout
from scrutiny_parse.layout import Cell, Layout, Origin, Paragraph, Row, Run, Table
from scrutiny_parse.segment import Segmented, segment
from scrutiny_parse.segment.header_rows import find_header, looks_like_vertical_legend
from scrutiny_parse.segment.older import front_line_kind, review_from_title, strip_appendix

RowSpec = list[str | tuple[str, int] | None]

HEADER = [
    "No.",
    "Recommendation",
    "Link Officer",
    "Anticipated Completion Date",
    "Progress (September 2016)\n(Please state current position and any actions taken)",
    "Assessment of progress (Categories 1-4)",
]


def para(text: str, page: int | None = None) -> Paragraph:
    return Paragraph([Run(text)], Origin(page=page))


def table(*rows: RowSpec, index: int = 0, pages: dict[tuple[int, int], int] | None = None) -> Table:
    """A table from rows of cell specs; ``pages`` gives (row, col) -> page of a cell."""
    out: list[Row] = []
    for r, spec_row in enumerate(rows):
        cells: list[Cell] = []
        for col, spec in enumerate(spec_row):
            if spec is None:
                continue
            text, span = (spec, 1) if isinstance(spec, str) else spec
            page = (pages or {}).get((r, col))
            paras = [para(t, page) for t in text.split("\n")] if text else []
            cells.append(Cell(col, 1, paras, Origin(table=index, row=r, cell=col), span))
        out.append(Row(cells, r))
    return Table(out, max(len(r) for r in rows), index)


TITLE = para("Progress Update – Test Review")


def found(*blocks: Paragraph | Table) -> Segmented:
    """Segment ``blocks``, under a title line that names the review unless they have one."""
    titled = any(isinstance(b, Paragraph) and "Progress Update" in b.text for b in blocks)
    return segment(Layout("docx", list(blocks) if titled else [TITLE, *blocks]))


def records(*blocks: Paragraph | Table) -> list[dict[str, Any]]:
    seg = found(*blocks)
    update = ProgressUpdate(
        source=SourceInfo(format="docx", sha256="0" * 64),
        review=seg.review,
        recommendations=seg.recommendations,
    )
    return update.to_records()


def pick(recs: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in keys) for r in recs]


# -- the header row ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "fields"),
    [
        (HEADER, ["number", "recommendation", "responsibility", "date", "evidence", "assessment"]),
        (
            [
                "Rec No.",
                "Recommendation",
                "Responsibility",
                "Anticipated Completion Date/ Completion Date",
                "Quarter 1/2 evidence of progress",
                "Assessment of progress Categories 1 - 4",
            ],
            ["number", "recommendation", "responsibility", "date", "evidence", "assessment"],
        ),
        (
            [
                "Ref",
                "Recommendations",
                "Lead Officer",
                "Date",
                "Progress presented to Committee June 2016 (Please state current position)",
                "Assessment of Progress",
            ],
            ["number", "recommendation", "responsibility", "date", "evidence", "assessment"],
        ),
    ],
)
def test_header_wordings_are_matched_by_meaning(header: list[str], fields: list[str]) -> None:
    hdr = find_header(table(header, ["1", "x", "y", "z", "e", "1"]))
    assert hdr is not None
    assert [c.field for c in hdr.columns] == fields


@pytest.mark.parametrize(
    "first_rows",
    [
        # A label-column table: the recommendation heading, then labelled rows.
        [["Recommendation 1: Do it.", None], ["Responsibility:", "Ann"], ["Date:", "May 2020"]],
        # Fields named, but none is the recommendation (a legend or contact table).
        [["Link Officer", "Date"], ["Ann", "May 2020"]],
        # A grading legend.
        [["1", "Fully Achieved"], ["2", "On-Track"]],
        # Only the recommendation named: nothing about its progress.
        [["No.", "Recommendation"], ["1", "Do it."]],
    ],
)
def test_other_tables_have_no_header_row(first_rows: list[RowSpec]) -> None:
    assert find_header(table(*first_rows)) is None


def test_period_from_the_header_and_null_without_a_month() -> None:
    with_month = records(table(HEADER, ["1", "Do it.", "Ann", "May 2016", "Done.", "1"]))
    assert pick(with_month, "period") == [("September 2016",)]
    header = [*HEADER[:4], "Quarter 1/2 evidence of progress", HEADER[5]]
    without = records(table(header, ["1", "Do it.", "Ann", "May 2016", "Done.", "1"]))
    assert pick(without, "period") == [(None,)]


def test_two_rounds_are_two_column_pairs() -> None:
    header = [
        "No.",
        "Recommendation",
        "Lead Officer",
        "Date",
        "Progress (March 2017)",
        "Assessment (March 2017)",
        "Progress (September 2017)",
        "Assessment (September 2017)",
    ]
    recs = records(table(header, ["1", "Do it.", "Ann", "May 2017", "Begun.", "2", "Done.", "1"]))
    assert pick(recs, "period", "evidence", "grade") == [
        ("March 2017", "Begun.", 2),
        ("September 2017", "Done.", 1),
    ]


# -- rows -------------------------------------------------------------------------------


def test_one_recommendation_per_row_with_null_action_and_measure() -> None:
    recs = records(
        table(
            HEADER,
            ["1", "Publish the standards.", "Jane Ward", "March 2016", "Published.", "1- Achieved"],
            ["2", "Pay travel time.", "Mark Ellis", "April 2016", "Paid.", "3 – Slipped\nLate."],
        )
    )
    assert pick(recs, "recommendation", "part", "responsibility", "date") == [
        (1, None, "Jane Ward", "March 2016"),
        (2, None, "Mark Ellis", "April 2016"),
    ]
    assert pick(recs, "action", "success_measure") == [(None, None), (None, None)]
    # The category word says the grade again; a further paragraph is the explanation.
    assert pick(recs, "grade", "explanation") == [(1, None), (3, "Late.")]


def test_lettered_sub_items_are_parts_and_merged_cells_apply_to_each() -> None:
    seg = found(
        table(
            HEADER,
            [("1", 2), "a) Tenants are told.", ("Housing Manager", 2), "June 2016", "Sent.", "2"],
            [None, "b) Complaints are reported.", None, "Ongoing", "Reported.", "1"],
            ["2", "Keep going.", "Ann", "May 2016", "Going.", "2"],
            ["", "(c) And more.", "Bob", "June 2016", "More.", "2"],
        )
    )
    rec2, rec3 = seg.recommendations
    assert [p.label for p in rec2.parts] == ["a)", "b)"]
    assert rec2.text == "a) Tenants are told. b) Complaints are reported."
    assert [p.actions[0].responsibility.text for p in rec2.parts] == [  # type: ignore[union-attr]
        "Housing Manager",
        "Housing Manager",
    ]
    assert [len(p.actions) for p in rec2.parts] == [1, 1]
    # An unlettered first row, then a lettered one under an empty number cell.
    assert [p.label for p in rec3.parts] == [None, "c)"]
    assert seg.warnings == []


def test_a_lead_in_line_stays_in_the_recommendation_text() -> None:
    seg = found(
        table(
            HEADER,
            ["4", "Winter gritting is improved:", "", "", "", ""],
            ["", "a) routes are reviewed;", "Ann", "October 2016", "Reviewed.", "1"],
            ["", "b) bins are refilled.", "Bob", "November 2016", "Refilled.", "1"],
            ["5", "The Council should:\na) review the cycle;", "Cy", "March 2017", "Done.", "1"],
            ["", "b) publish it.", "Di", "March 2017", "Done.", "1"],
        )
    )
    rec4, rec5 = seg.recommendations
    assert rec4.text == "Winter gritting is improved: a) routes are reviewed; b) bins are refilled."
    assert [p.label for p in rec4.parts] == ["a)", "b)"]
    assert rec5.text == "The Council should: a) review the cycle; b) publish it."
    assert [p.label for p in rec5.parts] == ["a)", "b)"]


def test_two_line_date_and_struck_grade() -> None:
    t = table(HEADER, ["1", "Do it.", "Ann", "June 2015\nApril 2016", "Done.", "x"])
    t.rows[1].cells[5].paragraphs = [Paragraph([Run("2", strike=True), Run(" 1 – Achieved")])]
    recs = records(t)
    assert pick(recs, "date", "grade", "previous_grade", "explanation") == [
        ("June 2015\nApril 2016", 1, 2, None)
    ]


def test_a_repeated_header_row_is_not_a_recommendation() -> None:
    seg = found(
        table(
            HEADER,
            ["1", "Do it.", "Ann", "May 2016", "Done.", "1"],
            HEADER,
            ["2", "Do more.", "Bob", "June 2016", "Doing.", "2"],
        )
    )
    assert [r.number for r in seg.recommendations] == [1, 2]
    assert seg.warnings == []


def test_a_fragment_without_header_continues_the_table_above() -> None:
    seg = found(
        table(HEADER, ["1", "Do it.", "Ann", "May 2016", "Done.", "1"]),
        table(["2", "Do more.", "Bob", "June 2016", "Doing.", "2"], index=1),
    )
    assert [r.number for r in seg.recommendations] == [1, 2]


def test_an_unnumbered_unlettered_row_continues_the_row_above_with_a_warning() -> None:
    seg = found(
        table(
            HEADER,
            ["1", "Do it.", "Ann", "May 2016", "Half done.", "2"],
            ["", "", "", "", "The other half follows.", ""],
        )
    )
    (rec,) = seg.recommendations
    (part,) = rec.parts
    assert part.actions[0].rounds[0].evidence.text == "Half done.\nThe other half follows."  # type: ignore[union-attr]
    assert [(w.code, w.recommendation) for w in seg.warnings] == [("continued-row", 1)]


def test_a_sub_item_row_a_pdf_joined_across_a_page_break_is_split_again() -> None:
    # The PDF joiner read the b) row at the top of page 2 (number cell empty) as the rest
    # of the a) row: each cell holds a) on page 1, then b) on page 2.
    row = ["2", "a) Told.\nb) Reported.", "Ann\nBob", "June 2016\nOngoing", "Sent.\nDone.", "3\n2"]
    pages = {(1, c): 1 for c in range(6)}
    t = table(HEADER, row, pages=pages)
    for cell in t.rows[1].cells[1:]:
        cell.paragraphs[1].origin = Origin(page=2)
    seg = found(t)
    (rec,) = seg.recommendations
    assert [p.label for p in rec.parts] == ["a)", "b)"]
    assert [p.actions[0].responsibility.text for p in rec.parts] == ["Ann", "Bob"]  # type: ignore[union-attr]


def test_a_recommendation_text_broken_over_a_page_stays_one_row() -> None:
    row = ["3", "The Council should:\na) review it;", "Ann", "May 2016", "Done.", "1"]
    t = table(HEADER, row, pages={(1, c): 1 for c in range(6)})
    t.rows[1].cells[1].paragraphs[1].origin = Origin(page=2)
    (rec,) = found(t).recommendations
    assert [p.label for p in rec.parts] == ["a)"]


def test_text_in_a_column_the_header_does_not_name_is_reported() -> None:
    header = [*HEADER, "Notes"]
    seg = found(table(header, ["1", "Do it.", "Ann", "May 2016", "Done.", "1", "See annex."]))
    assert [r.number for r in seg.recommendations] == [1]
    (warning,) = seg.warnings
    assert "See annex." in warning.message and "'Notes'" in warning.message
    assert (warning.code, warning.recommendation) == ("unplaced-text", 1)


# -- front matter and legend -----------------------------------------------------------------


def test_older_front_matter_and_a_vertical_legend() -> None:
    seg = found(
        para("Appendix 1"),
        para("Progress Update – Home Care"),
        para("Adult Social Care and Health Select Committee"),
        table(HEADER, ["1", "Do it.", "Ann", "May 2016", "Done.", "1- Achieved"]),
        para("Assessment Categories"),
        table(
            ["1", "Achieved (Fully)"], ["2", "On Track"], ["3", "Slipped"], ["4", "Not"], index=1
        ),
    )
    assert seg.review == "Home Care"
    assert seg.title == "Progress Update – Home Care"
    assert seg.front_matter == {
        "appendix": "Appendix 1",
        "committee": "Adult Social Care and Health Select Committee",
    }
    assert seg.link_officers == [] and seg.action_plan_agreed is None
    assert seg.grading_scale_source == "document"
    assert seg.grading_scale[1] == "Achieved (Fully)"
    assert seg.warnings == []


@pytest.mark.parametrize(
    ("title", "review"),
    [
        ("Progress Update – Home Care", "Home Care"),
        ("Initial Progress Update – Review of Highways Maintenance", "Highways Maintenance"),
        ("Home Care – Progress Update", "Home Care"),
        ("Review of Bus Passes – Action Plan Progress Update", "Bus Passes"),
        ("Street Lighting – Third Progress Update", "Street Lighting"),
        ("SCRUTINY MONITORING – PROGRESS UPDATE", None),
        (None, None),
    ],
)
def test_review_from_the_title(title: str | None, review: str | None) -> None:
    assert review_from_title(title) == review


def test_appendix_and_committee_lines() -> None:
    assert front_line_kind("Appendix 2") == "appendix"
    assert front_line_kind("Place Select Committee") == "committee"
    assert front_line_kind("The report went to the committee.") is None
    assert strip_appendix("Progress Update – Home Care   Appendix 2") == (
        "Progress Update – Home Care",
        "Appendix 2",
    )


def test_vertical_legend_shapes() -> None:
    assert looks_like_vertical_legend(table(["1 – Fully Achieved"], ["2 – On-Track"]))
    assert not looks_like_vertical_legend(table(["1", "Do it."], ["1", "Again."]))


# -- neither layout --------------------------------------------------------------------------


def test_neither_layout_says_what_was_looked_for_in_both() -> None:
    lay = Layout("docx", [para("Dear Councillor,"), table(["Item", "Owner"], ["Budget", "Ann"])])
    with pytest.raises(NotAProgressUpdateError) as info:
        update_from_layout(lay, data=b"x", name="letter.docx", fmt="docx")
    message = str(info.value)
    assert "Recommendation N:" in message and "labelled rows" in message
    assert "header row names the fields" in message


def test_word_numbered_letters_are_sub_items() -> None:
    # Word's own numbering ("a)" as a list label, not typed) marks sub-items the same way.
    t = table(
        HEADER,
        ["1", "Told.", "Ann", "May 2016", "Sent.", "2"],
        ["", "Reported.", "Bob", "June 2016", "Done.", "1"],
    )
    for r, label in ((1, "a)"), (2, "b)")):
        p = t.rows[r].cells[1].paragraphs[0]
        p.list_kind, p.list_label = "number", label
    (rec,) = found(t).recommendations
    assert [p.label for p in rec.parts] == ["a)", "b)"]
    assert rec.text == "a) Told. b) Reported."


def test_a_title_row_above_the_header_is_front_matter() -> None:
    t = table(
        ["Progress Update – Home Care"], HEADER, ["1", "Do it.", "Ann", "May 2016", "Done.", "1"]
    )
    seg = segment(Layout("docx", [t]))
    assert seg.review == "Home Care"
    assert [r.number for r in seg.recommendations] == [1]
    assert seg.warnings == []


# -- a text dump that keeps its columns -------------------------------------------------

_LAYOUT_DUMP = """\
Progress Update – Home Care

No.   Recommendation          Link Officer   Date         Progress (September 2016)   Assessment of
                                                                                      progress

1     Publish the standards   Jane Ward      March 2016   Published in May.           1- Achieved
      in plain English.

2     a) Tenants are told     Home Care      June 2016    Letters are sent.           3 – Slipped
      the outcome.            Manager
                                             December                                 Late.
                                             2016

      b) Complaints are                      Ongoing      A report goes each          2
      reported.                                           quarter.

3     Members are briefed     Director       Annually     Held in January.            2 – On Track
      every year.


1     Fully Achieved
2     On-Track
3     Slipped
4     Not Achieved
"""


def test_a_layout_dump_of_the_older_layout_is_rebuilt_by_position() -> None:
    from scrutiny_parse import load

    update = load(_LAYOUT_DUMP.encode())
    assert update.source.format == "text"
    assert update.review == "Home Care"
    assert [r.number for r in update.recommendations] == [1, 2, 3]
    got = pick(update.to_records(), "recommendation", "part", "responsibility", "date", "grade")
    assert got == [
        (1, None, "Jane Ward", "March 2016", 1),
        (2, "a)", "Home Care Manager", "June 2016\nDecember 2016", 3),
        # The blank officer cell of a sub-item row is read as merged from the row above.
        (2, "b)", "Home Care Manager", "Ongoing", 2),
        (3, None, "Director", "Annually", 2),
    ]
    assert update.recommendations[0].text == "Publish the standards in plain English."
    assert update.grading_scale_source == "document"
    assert any("read as merged" in w.message for w in update.warnings)
