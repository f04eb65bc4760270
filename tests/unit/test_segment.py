"""The segmenter on small hand-made layouts: no file format involved.

Tables are written as rows of cells: a string is a one-column cell; ``("text", 2)`` spans
two grid columns; ``None`` marks a grid column covered by a vertical merge from above.
"""

from __future__ import annotations

import pytest

from scrutiny_parse.layout import Cell, Layout, Origin, Paragraph, Row, Run, Table
from scrutiny_parse.segment import segment

CellSpec = str | tuple[str, int] | tuple[str, int, int] | None | Cell


def para(text: str, **kw: object) -> Paragraph:
    return Paragraph([Run(text)], **kw)  # type: ignore[arg-type]


_tables = 0


def table(*rows: list[CellSpec], n_cols: int | None = None) -> Table:
    """A table from rows of cell specs; spans add up left to right on the grid."""
    global _tables
    out: list[Row] = []
    width = 0
    for r, spec_row in enumerate(rows):
        col = 0
        cells: list[Cell] = []
        for spec in spec_row:
            if spec is None:
                col += 1
                continue
            if isinstance(spec, Cell):
                spec.col = col
                cells.append(spec)
                col += spec.col_span
                continue
            text, span, row_span = (spec, 1, 1) if isinstance(spec, str) else (*spec, 1)[:3]
            paras = [para(t) for t in str(text).split("\n")] if text else []
            cells.append(
                Cell(col, int(span), paras, Origin(table=_tables, row=r, cell=col), int(row_span))
            )
            col += int(span)
        width = max(width, col)
        out.append(Row(cells, r))
    _tables += 1
    return Table(out, n_cols or width, _tables - 1)


def layout(*blocks: Paragraph | Table, notes: list[str] | None = None) -> Layout:
    return Layout("docx", list(blocks), notes=notes or [])


FRONT = [para("Review: Test Review"), para("Link Officer/s: Ann Smith and Bob Jones")]


def records(lay: Layout) -> list[dict[str, object]]:
    from scrutiny_parse import ProgressUpdate, SourceInfo

    found = segment(lay)
    update = ProgressUpdate(
        source=SourceInfo(format="docx", sha256="0" * 64),
        review=found.review,
        recommendations=found.recommendations,
    )
    return update.to_records()


def test_spanning_cells_apply_to_every_column_they_cover() -> None:
    lay = layout(
        *FRONT,
        table(
            [("Recommendation 1: Do three things.", 4)],
            ["Responsibility:", ("Ann Smith", 3)],
            ["Date:", "April 2019", ("Ongoing", 2)],
            ["Agreed Action:", "A1", "A2", "A3"],
            ["Assessment of Progress (March 2020):", "1", "2", "3"],
        ),
    )
    recs = records(lay)
    assert [r["responsibility"] for r in recs] == ["Ann Smith"] * 3
    assert [r["date"] for r in recs] == ["April 2019", "Ongoing", "Ongoing"]
    assert [r["grade"] for r in recs] == [1, 2, 3]
    assert segment(lay).link_officers == ["Ann Smith", "Bob Jones"]


def test_row_broken_across_pages_continues_the_field() -> None:
    # The continuation of a split row has an empty label cell.
    lay = layout(
        table(
            [("Recommendation 2: Text.", 3)],
            ["Agreed Action:", "A1", "A2"],
            ["Evidence of Progress (March 2020):", "first part", "other"],
            ["", "second part", ""],
            ["Assessment of Progress (March 2020):", "2", "2"],
        )
    )
    recs = records(lay)
    assert recs[0]["evidence"] == "first part\nsecond part"
    assert recs[1]["evidence"] == "other"


def test_vertically_merged_label_covers_following_rows() -> None:
    lay = layout(
        table(
            [("Recommendation 3: Text.", 3)],
            [("Agreed Action:", 1, 2), ("Redesign:-", 2)],
            [None, "Top tasks", "Sign up tab"],
            ["Assessment of Progress (March 2020):", "1", "3"],
        )
    )
    recs = records(lay)
    assert [r["action"] for r in recs] == ["Redesign:-\nTop tasks", "Redesign:-\nSign up tab"]


def test_recommendation_number_in_label_cell_with_text_beside_it() -> None:
    lay = layout(
        table(
            ["Recommendation 4", "Publish a list of facilities."],
            ["Agreed Action:", "Publish."],
        )
    )
    found = segment(lay)
    assert found.recommendations[0].number == 4
    assert found.recommendations[0].text == "Publish a list of facilities."


def test_rounds_are_told_apart_by_period_and_paired_without_one() -> None:
    lay = layout(
        table(
            [("Recommendation 1: X.", 2)],
            ["Agreed Action:", "Act"],
            ["Progress to date", "Started"],
            ["Progress Assessment (March 2021)", "2"],
            ["Evidence of Progress (September 2021):", "Finished"],
            ["Assessment of Progress (September 2021):", "1"],
        )
    )
    recs = records(lay)
    assert [(r["period"], r["evidence"], r["grade"]) for r in recs] == [
        ("March 2021", "Started", 2),
        ("September 2021", "Finished", 1),
    ]


def test_struck_digit_is_the_previous_grade() -> None:
    cell = Cell(0, 1, [Paragraph([Run("2", strike=True), Run(" 3")]), para("Slipped.")])
    lay = layout(
        table(
            [("Recommendation 1: X.", 2)],
            ["Agreed Action:", "Act"],
            ["Assessment of Progress (March 2020):", cell],
        )
    )
    (rec,) = records(lay)
    assert (rec["grade"], rec["previous_grade"], rec["explanation"]) == (3, 2, "Slipped.")


def test_sub_part_headings_as_paragraphs_between_tables() -> None:
    lay = layout(
        para("Recommendation 7: Embrace iDEA."),
        para("For Council Staff"),
        table(["Agreed Action:", "Incorporate"], ["Assessment of Progress (March 2020):", "2"]),
        para("For Community"),
        table(
            ["Agreed Action:", "Market", "Promote"],
            ["Assessment of Progress (March 2020):", "2", "3"],
        ),
    )
    recs = records(lay)
    assert [(r["part"], r["column"], r["grade"]) for r in recs] == [
        ("For Council Staff", 1, 2),
        ("For Community", 1, 2),
        ("For Community", 2, 3),
    ]


def test_repeated_block_without_heading_continues_columns_with_a_warning() -> None:
    lay = layout(
        *FRONT,
        table(
            [("Recommendation 1: X.", 2)],
            ["Responsibility:", "Ann"],
            ["Agreed Action:", "First"],
            ["Responsibility:", "Bob"],
            ["Agreed Action:", "Second"],
        ),
    )
    found = segment(lay)
    actions = found.recommendations[0].parts[0].actions
    assert [(a.column, a.action.text if a.action else None) for a in actions] == [
        (1, "First"),
        (2, "Second"),
    ]
    assert [w.code for w in found.warnings] == ["repeated-block"]


@pytest.mark.parametrize(
    "legend",
    [
        table(
            [("Assessment of Progress Gradings:", 4)],
            ["1", "2", "3", "4"],
            ["Fully Achieved", "On-Track", "Slipped", "Not Achieved"],
        ),
        table(
            [("Assessment of Progress Gradings:", 2)],
            ["1", "Achieved (Fully)"],
            ["2", "On Track but not yet due for completion"],
            ["3", "Slipped"],
            ["4", "Not Achieved"],
        ),
    ],
    ids=["digit-row", "row-per-grade"],
)
def test_legend_layouts(legend: Table) -> None:
    lay = layout(table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]), legend)
    found = segment(lay)
    assert found.grading_scale_source == "document"
    assert set(found.grading_scale) == {1, 2, 3, 4}
    assert found.grading_scale[3] == "Slipped"


SECOND_WORDING = {
    1: "Achieved (Fully)",
    2: "On Track but not yet due for completion",
    3: "Slipped",
    4: "Not Achieved",
}


def test_legend_as_running_text() -> None:
    lay = layout(
        table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]),
        para("Assessment of Progress Gradings:"),
        para(" / ".join(f"{k} {v}" for k, v in SECOND_WORDING.items())),
    )
    assert segment(lay).grading_scale == SECOND_WORDING


@pytest.mark.parametrize(
    "first",
    [
        [("Key to Progress Gradings", 2)],
        [("Key to Assessment of Progress", 2)],
        [("Assessment Key", 2)],
        [("Key – Assessment of Progress", 2)],
        # No title: a header row naming the legend's columns.
        ["Grade", "Assessment of Progress"],
        ["Score", "Meaning"],
    ],
)
def test_a_vertical_legend_after_the_last_table_is_no_round(first: list[CellSpec]) -> None:
    """A key titled for what it explains, or headed by its columns' names, ends the
    recommendations: its rows are not a further round of the last recommendation."""
    legend = table(
        first,
        ["1", "Achieved (Fully)"],
        ["2", "On Track but not yet due for completion"],
        ["3", "Slipped"],
        ["4", "Not Achieved"],
    )
    lay = layout(table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]), legend)
    found = segment(lay)
    assert found.grading_scale == SECOND_WORDING
    rounds = [len(a.rounds) for r in found.recommendations for p in r.parts for a in p.actions]
    assert rounds == [0]


def test_legend_cells_wrapped_onto_two_lines() -> None:
    """A PDF cell's wrapped line is a line break inside one paragraph: a space."""
    wrapped = ["1 – Achieved\n(Fully)", "2 – On Track but\nnot yet due for\ncompletion"]
    cells: list[CellSpec] = [
        Cell(0, 1, [para(t)], Origin()) for t in [*wrapped, "3 – Slipped", "4 – Not Achieved"]
    ]
    legend = table([("Key to Progress Gradings", 4)], cells)
    lay = layout(table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]), legend)
    assert segment(lay).grading_scale == SECOND_WORDING


def test_text_that_cannot_be_placed_becomes_a_warning_with_provenance() -> None:
    lay = layout(
        table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"], ["Budget code:", "XK-12"]),
        para(
            "This long paragraph sits between two recommendations and is not a heading of "
            "anything at all, so it must be reported.",
            origin=Origin(paragraph=9),
        ),
        table([("Recommendation 2: Y.", 2)], ["Agreed Action:", "B"]),
    )
    found = segment(lay)
    messages = [(w.code, w.recommendation, w.message) for w in found.warnings]
    assert any(c == "unplaced-text" and "Budget code" in m for c, _, m in messages)
    long = [w for w in found.warnings if "long paragraph" in w.message]
    assert long and long[0].source is not None and long[0].source.paragraph == 9


def test_repeated_heading_after_a_page_break_continues_the_recommendation() -> None:
    lay = layout(
        *FRONT,
        table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]),
        table(
            [("Recommendation 1: X.", 2)],
            ["Assessment of Progress (March 2020):", "2"],
        ),
    )
    found = segment(lay)
    assert len(found.recommendations) == 1
    assert found.recommendations[0].parts[0].actions[0].rounds[0].assessment.grade == 2  # type: ignore[union-attr]
    assert found.warnings == []


def test_front_matter_in_a_table_and_other_labels_kept() -> None:
    lay = layout(
        table(
            ["Review:", "Road Safety"],
            ["Link Officer/s:", "Ann Smith / Bob Jones"],
            ["Action Plan Agreed:", "June 2021"],
            ["Select Committee:", "Place Select Committee"],
        ),
        table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]),
    )
    found = segment(lay)
    assert found.review == "Road Safety"
    assert found.link_officers == ["Ann Smith", "Bob Jones"]
    assert found.action_plan_agreed is not None and found.action_plan_agreed.start == "2021-06"
    assert found.front_matter == {"Select Committee": "Place Select Committee"}


def test_reader_notes_become_warnings() -> None:
    lay = layout(
        table([("Recommendation 1: X.", 2)], ["Agreed Action:", "A"]),
        notes=["recommendation 1, date: guessed"],
    )
    found = segment(lay)
    assert [(w.code, w.message) for w in found.warnings][:1] == [
        ("reader", "recommendation 1, date: guessed")
    ]


def test_a_column_with_no_text_in_any_row_is_not_an_action() -> None:
    # LibreOffice fills a row that ends early with a real, empty cell.
    lay = layout(
        *FRONT,
        table(
            [("Recommendation 3: X.", 4)],
            ["Responsibility:", ("Ann", 2), ""],
            ["Agreed Action:", "A1", "A2", ""],
            ["Assessment of Progress (March 2020):", "2", "1", ""],
        ),
    )
    recs = records(lay)
    assert [(r["column"], r["action"], r["grade"]) for r in recs] == [(1, "A1", 2), (2, "A2", 1)]


def _label_table(who: str, grade: str) -> Table:
    return table(
        ["Responsible Officer:", who],
        ["Completion Date:", "March 2026"],
        ["Evidence of Progress (June 2025):", "Started."],
        ["Assessment of Progress (June 2025):", grade],
    )


def test_numbered_paragraphs_above_label_tables_head_recommendations() -> None:
    # No "Recommendation N" anywhere: "1.  Residents ..." directly above a table whose
    # first label names an action field is the recommendation's heading. A numbered
    # paragraph of the introduction, followed by text, stays introduction.
    lay = layout(
        *FRONT,
        para("1. Collection fell in two years out of three."),
        para("The panel agreed five recommendations."),
        para("1.  Residents should be offered more payment dates."),
        _label_table("Jo Pryce", "2"),
        para(""),
        para("2) Arrears are recovered in stages.", list_kind=None),
        _label_table("Sam Haddad", "3"),
    )
    found = segment(lay)
    assert [(r.number, r.text) for r in found.recommendations] == [
        (1, "Residents should be offered more payment dates."),
        (2, "Arrears are recovered in stages."),
    ]
    grades = [r["grade"] for r in records(lay)]
    assert grades == [2, 3]


def test_numbered_paragraphs_are_text_where_recommendations_are_named() -> None:
    lay = layout(
        *FRONT,
        para("Recommendation 1: Residents should be offered more payment dates."),
        para("1. Offer four dates instead of two."),
        _label_table("Jo Pryce", "2"),
    )
    found = segment(lay)
    assert [r.number for r in found.recommendations] == [1]
    assert found.recommendations[0].text.startswith("Residents")
