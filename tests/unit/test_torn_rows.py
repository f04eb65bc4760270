"""Rows a page break or a cell's own colon line could tear apart in a text dump."""

from __future__ import annotations

from scrutiny_parse import load

# pypdf: the label's first word and the cell's first line share a baseline on the last
# line of a page, and the label's rest ("Officer/Group:") comes first on the next page.
_TORN_AT_PAGE = (
    "Recommendation 1: The Council improves the worst-insulated homes in the private "
    "sector.\n"
    "For Private Rented Sector Tenants\n"
    "Responsible Claire Whitlock\n"
    "Housing Panel \u2013 25 January 2024\n\f"
    "Housing Panel \u2013 25 January 2024\n"
    "Officer/Group:\n"
    "Date: April 2022\n"
    "Action(s) Agreed: Write to the landlords of all F- and G-rated homes.\n"
    "Agreed Success Measure(s): All landlords written to.\n"
    "Evidence of Progress (January 2023): Letters were sent in May 2022.\n"
    "Assessment of Progress (January 2023):\n"
    "1\n"
)


def test_a_label_torn_by_a_page_with_its_value_on_its_first_line() -> None:
    update = load(_TORN_AT_PAGE.encode())
    (part,) = update.recommendations[0].parts
    assert part.label == "For Private Rented Sector Tenants"
    (record,) = update.to_records()
    assert (record["responsibility"], record["date"], record["grade"]) == (
        "Claire Whitlock",
        "April 2022",
        1,
    )


# An evidence cell's own line ends in a colon and starts with a field's word: the
# document's label for that field is "Agreed Success Measure(s)", never this.
_CELL_COLON_LINE = (
    "Recommendation 1: Homes are insulated.\n"
    "Responsible Officer/Group: Claire Whitlock\n"
    "Date: April 2022\n"
    "Action(s) Agreed: Bid for funding.\n"
    "Agreed Success Measure(s): At least 400 homes improved.\n"
    "Evidence of Progress (January 2023): Homes improved by December 2022: 163.\n"
    "Measures installed:\n"
    "\u2022 loft insulation \u2013 88\n"
    "\u2022 solar panels \u2013 52\n"
    "Assessment of Progress (January 2023):\n"
    "2\n"
)


def test_a_cells_line_worded_unlike_the_documents_label_starts_no_block() -> None:
    update = load(_CELL_COLON_LINE.encode())
    (record,) = update.to_records()
    assert record["success_measure"] == "At least 400 homes improved."
    assert " ".join(record["evidence"].split()) == (
        "Homes improved by December 2022: 163. Measures installed: "
        "\u2022 loft insulation \u2013 88 \u2022 solar panels \u2013 52"
    )
    assert record["grade"] == 2
    assert not [w for w in update.warnings if w.code == "repeated-block"]
