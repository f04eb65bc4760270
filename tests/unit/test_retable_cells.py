"""Cell splitting in the text path: merged cells, values sharing a line, rows that cross
a page (``segment.retable.cells`` and ``.text_cells``)."""

from __future__ import annotations

import pytest

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import BlockCtx, chunks_of
from scrutiny_parse.segment.retable.cleanup import drop_placeholders, glue_broken_words
from scrutiny_parse.segment.retable.grades import grade_count, grade_line
from scrutiny_parse.segment.retable.line_cells import line_cells
from scrutiny_parse.segment.retable.paragraphs import paragraphs
from scrutiny_parse.segment.retable.text_cells import text_cells
from scrutiny_parse.segment.retable.text_labels import label_at


def _lines(*blocks: str, page: int = 1) -> list[TextLine]:
    """Blocks of ``"/"``-separated lines, an empty line after each."""
    out: list[TextLine] = []
    for block in blocks:
        for text in block.split(" / "):
            out.append(TextLine(text, "text", page, len(out)))
        out.append(TextLine("", "hard", page, len(out)))
    return out


def _texts(row: list[tuple[int, int, list]], width: int = 18) -> list[tuple[int, int, str]]:
    return [
        (start, span, " ".join(paragraphs(p, width)).replace("\n", " ")) for start, span, p in row
    ]


def _ctx(k: int, col_width: float = 17.0) -> BlockCtx:
    return BlockCtx("recommendation 1", k, col_width, interleaved=False, recommendation=1)


def test_a_block_wider_than_a_column_spans_two() -> None:
    ctx = _ctx(3)
    chunks = chunks_of(
        _lines("Bethan Lloyd (Parks Operations / Manager)", "Callum Reid / (Grounds / Supervisor)")
    )
    (row,) = line_cells(chunks, "responsibility", ctx)
    assert [(s, n) for s, n, _ in row] == [(0, 2), (2, 1)]
    assert ctx.notes and ctx.notes[0].field == "responsibility"


def test_blocks_of_equal_width_are_not_widened() -> None:
    ctx = _ctx(3)
    chunks = chunks_of(_lines("Owen Pritchard", "Callum Reid"))
    (row,) = line_cells(chunks, "responsibility", ctx)
    # Two values, three columns, nothing wider than a column: the last spans the rest.
    assert [(s, n) for s, n, _ in row] == [(0, 1), (1, 2)]


def test_dates_sharing_a_line_after_a_wrapped_one() -> None:
    ctx = _ctx(4)
    chunks = chunks_of(_lines("September / 2023", "Ongoing April 2024 Ongoing"))
    (row,) = line_cells(chunks, "date", ctx)
    assert [t for _, _, t in _texts(row)] == ["September 2023", "Ongoing", "April 2024", "Ongoing"]
    assert ctx.notes[0].recommendation == 1 and ctx.notes[0].field == "date"


def test_rests_after_a_page_break_go_column_by_column() -> None:
    first = _lines(
        "Eight classes / started, including two",
        "112 learners started / in February",
        "The toolkit was / published.",
    )
    rest = _lines(
        "on weekday evenings.",
        "A creche is provided.",
        "2024, at Moorside.",
        "Most have passed.",
        page=2,
    )
    rows = text_cells(chunks_of(first + rest), "evidence", _ctx(3))
    got = [t for _, _, t in _texts(rows[0], 30)]
    assert got == [
        "Eight classes started, including two on weekday evenings. A creche is provided.",
        "112 learners started in February 2024, at Moorside. Most have passed.",
        "The toolkit was published.",
    ]


def _plain(*texts: str) -> list[TextLine]:
    """Lines as given; ``""`` is an empty line, ``"\\f"`` turns the page."""
    out: list[TextLine] = []
    page = 1
    for text in texts:
        if text == "\f":
            page += 1
            continue
        out.append(TextLine(text, "text" if text else "hard", page, len(out)))
    return out


def test_a_line_naming_a_period_is_no_action_label() -> None:
    lines = _plain("Task days held between", "April and August 2023:", "")
    assert label_at(lines, 0) is None
    assert label_at(_plain("Tasks agreed:", ""), 0) is not None


def test_colonless_label_torn_by_its_grades_and_a_page_break() -> None:
    lines = _plain("Progress", "Assessment", "(September", "", "1", "", "1", "", "\f", "2023)", "")
    hit = label_at(lines, 0, bare=True)
    assert hit is not None and hit.label.field == "assessment"
    assert hit.label.period == "September 2023" and hit.skip == (8,)  # the line "2023)"


def test_a_label_torn_after_its_month_by_its_grades_and_a_page_break() -> None:
    # pypdf: "Assessment of" / "Progress – March", the row's grades, then "2025" overleaf.
    lines = _plain("Assessment of", "Progress – March", "2 3", "", "\f", "2025", "")
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.field == "assessment"
    assert hit.label.period == "March 2025" and hit.skip == (4,)


def test_an_action_label_torn_by_its_cells_first_lines_and_a_page_break() -> None:
    # "Responsible" and the cells' first lines on one page, "Officer:" first on the next.
    lines = _plain("Responsible", "", "Sian Hargreaves", "", "Environment", "", "\f", "Officer:")
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.field == "responsibility"
    assert hit.text == "Responsible Officer:" and hit.end == 0 and hit.skip == (6,)
    # "Officer(s)" / "Responsible:" reads whole either way too.
    lines = _plain("Officer(s)", "", "Housing Options Manager", "", "\f", "Responsible:")
    assert (hit := label_at(lines, 0)) is not None and hit.text == "Officer(s) Responsible:"
    # A label of another field first on the next page is a row of its own.
    lines = _plain("Responsible", "", "Sian Hargreaves", "", "\f", "Target Date:")
    assert label_at(lines, 0) is None
    # So is the next round's label, whatever the label before the break.
    # ("Action Agreed", a block of label words alone, is a colon-less label of its own.)
    lines = _plain("Action Agreed", "", "Update the plan.", "", "\f", "Progress to date:")
    hit = label_at(lines, 0)
    assert hit is not None and hit.text == "Action Agreed:" and hit.skip == ()
    # And a cell's text is not a label's first line.
    lines = _plain("Update the Multi-Agency", "", "\f", "Progress to", "date (May 2025):")
    assert label_at(lines, 0) is None


def test_a_cells_sentence_is_no_label_resumed_after_a_page_break() -> None:
    # A success measure that starts with a field word, and a list's lead-in on the next
    # page: "shortlisted:" holds no field word and no period, and finishes no label.
    lines = _plain(
        "Assessment", "completed and", "reported to", "Cabinet.", "", "\f", "shortlisted:"
    )
    assert label_at(lines, 0) is None
    # A round label's rest may be its period alone.
    lines = _plain("Progress to", "date (March", "", "2", "", "\f", "2024):")
    assert (hit := label_at(lines, 0)) is not None and hit.label.period == "March 2024"


def test_a_colonless_label_on_its_values_first_line_as_they_wrap_on() -> None:
    lines = _plain(
        "", "Timescale April 2024 /", "ongoing", "", "Action Agreed Move gully", "cleansing."
    )
    hit = label_at(lines, 1, "responsibility", bare=True)
    assert hit is not None and hit.label.field == "date" and hit.rest == "April 2024 /"
    assert hit.end == 1
    hit = label_at(lines, 4, "date", bare=True)
    assert hit is not None and hit.label.field == "action" and hit.rest == "Move gully"
    # Naming the row being read again is its value.
    assert label_at(lines, 4, "action", bare=True) is None


def test_a_torn_round_label_closes_on_a_cells_baseline_or_not_at_all() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    # The label's closing year shares its line with the first cell's rest.
    lines = _plain(
        "Progress to", "date (July", "Phase 3 started in April", "\f", "2024) 2024, 2,115 lanterns"
    )
    hit = label_at(lines, 0)
    assert (
        hit is not None and hit.label.period == "July 2024" and hit.tail == "2024, 2,115 lanterns"
    )
    # A line that names a field but leaves the bracket open is no rest of the label; the
    # year alone on the next page is, in a document that writes colons elsewhere too.
    lines = _plain(
        "Progress to",
        "date (July",
        "",
        "Energy use fell.",
        "",
        "\f",
        "2024)",
        "",
        "Progress by area:",
        "",
    )
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.period == "July 2024" and hit.skip == (5,)
    # Inside that round, "Progress by area:" is a line of the cell, not a new row.
    doc = structure(
        _plain(
            "Recommendation 1: Lights.",
            "",
            "Progress to date (July 2024):",
            "",
            "Done.",
            "",
            "Progress by area:",
            "",
            "North: done.",
            "",
        )
    )
    (row,) = doc.recs[0].parts[0].rows
    assert [ln.text for ln in row.lines if ln.kind == "text"] == [
        "Done.",
        "Progress by area:",
        "North: done.",
    ]


def test_a_colonless_round_label_ends_with_its_period_when_the_next_follows() -> None:
    lines = _plain(
        "Progress", "Assessment", "(January", "2025)", "Progress to", "date (July 2025)", "", "23"
    )
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.field == "assessment" and hit.end == 3
    hit = label_at(lines, 4)
    assert hit is not None and hit.label.field == "evidence" and hit.label.period == "July 2025"


def test_a_label_sharing_its_first_line_with_cells_torn_by_a_page_break() -> None:
    lines = _plain(
        "Success Survey complete All three blocks", "\f", "Measure(s): for all 14 blocks;"
    )
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.field == "success_measure"
    assert hit.text == "Success Measure(s):" and hit.rest == "Survey complete All three blocks"
    assert hit.skip == (1,) and hit.tail == "for all 14 blocks;"
    # The rest first on the next page must finish the same field's label.
    lines = _plain("Success Survey complete All three blocks", "\f", "Evidence of Progress:")
    assert label_at(lines, 0) is None


def test_a_label_torn_around_its_cells_first_lines_by_a_page_break() -> None:
    # pypdf: "Agreed" / "Success", two lines of each cell, the page turns, "Measure:"
    # shares its line with the first cell's rest.
    lines = _plain(
        "Agreed",
        "Success",
        "Four new",
        "continuous",
        "At least 15 new",
        "diffusion tube",
        "Live data",
        "published; page",
        "\f",
        "Measure: monitors",
        "operating and",
    )
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.field == "success_measure"
    assert hit.end == 1 and hit.skip == (8,) and hit.tail == "monitors"
    # A cell's sentence that opens with an officer word is no label's lead.
    lines = _plain(
        "Officers to",
        "clear the",
        "backlog of",
        "overdue",
        "category C",
        "and D",
        "inspections",
        "\f",
        "Measure:",
    )
    assert label_at(lines, 0) is None


def test_a_colon_less_round_label_torn_beside_its_cells_first_lines() -> None:
    lines = _plain(
        "Progress to The standards The standards Two rounds of",
        "",
        "\f",
        "date (March",
        "2023)",
        "were agreed by",
    )
    hit = label_at(lines, 0, bare=True)
    assert hit is not None and hit.label.field == "evidence"
    assert hit.label.period == "March 2023" and hit.skip == (1, 2, 3)
    assert hit.rest == "The standards The standards Two rounds of"
    # Where the document writes colons, or no period closes the bracket, it is no label.
    assert label_at(lines, 0) is None
    assert label_at(_plain("Progress to The standards were", "agreed by"), 0, bare=True) is None


def test_a_value_bracket_does_not_close_a_torn_label() -> None:
    lines = _plain("Progress to", "", "Callum Reid", "(Grounds", "Supervisor)", "")
    assert label_at(lines, 0, bare=True) is None


def test_colonless_label_sharing_its_line_with_values() -> None:
    lines = _plain("", "Lead Officer Bethan Lloyd (Parks Operations", "Manager)", "")
    hit = label_at(lines, 1, bare=True)
    assert hit is not None and hit.label.field == "responsibility"
    assert hit.text == "Lead Officer:" and hit.rest == "Bethan Lloyd (Parks Operations"
    # A cell's sentence is not a label: it goes on in lower case after the field word.
    assert label_at(_plain("", "Progress has been slow in two wards", ""), 1, bare=True) is None
    # Nor in a document that writes its labels with colons.
    assert label_at(lines, 1) is None


def test_grades_then_the_last_cells_explanation_on_one_line() -> None:
    assert grade_line("1 2 Numbers are below target.", True) == (
        ["1", "2"],
        "Numbers are below target.",
    )
    assert grade_line("2 Target met", True) == (["2"], "Target met")
    # After a dash the explanation may start in lower case; without one it may not.
    assert grade_line("1 3 – one provider still to sign", True) == (
        ["1", "3"],
        "one provider still to sign",
    )
    assert grade_line("1 and more", True) is None
    # A date is text, not a grade and its explanation.
    assert grade_line("1 March 2024 start", True) is None


def test_stray_grades_among_the_evidence_go_to_the_assessment() -> None:
    from scrutiny_parse.segment.retable.build import _borrow_stray_grades
    from scrutiny_parse.segment.retable.doctext import PartText, RowText

    # After a page break: the rests of the cells it cut, the last cells' grades among
    # them, then the label and the first cells' grades.
    evidence = RowText(
        "evidence",
        "March 2024",
        "Evidence:",
        _plain("Library follows.", "\f", "", "2", "", "2", ""),
        1,
    )
    assessment = RowText(
        "assessment", "March 2024", "Assessment:", _plain("\f", "1 2 Below target.", ""), 2
    )
    part = PartText(None, [evidence, assessment])
    ctx = _ctx(4)
    _borrow_stray_grades(part, 4, ctx)
    assert [ln.text for ln in evidence.lines if ln.kind == "text"] == ["Library follows."]
    assert [ln.text for ln in assessment.lines if ln.kind == "text"] == [
        "1 2 Below target.",
        "2",
        "2",
    ]
    assert ctx.notes[0].field == "assessment" and "last columns" in ctx.notes[0].message
    # On one page, grades read before the assessment's own are its first cells'.
    evidence.lines = _plain("Library follows.", "", "1", "")
    assessment.lines = _plain("2", "", "3 Below target.", "")
    _borrow_stray_grades(PartText(None, [evidence, assessment]), 3, ctx)
    assert [ln.text for ln in assessment.lines if ln.kind == "text"] == [
        "1",
        "2",
        "3 Below target.",
    ]
    assert "first columns" in ctx.notes[-1].message
    # A first cell taller than the others: its rest comes after the grades of the
    # cells that ended, its own grade after the label.
    evidence.lines = _plain(
        "Sites chosen at:", "", "Tubes moved.", "", "2", "", "3", "", "• Ring Road;", ""
    )
    assessment.lines = _plain("1", "")
    _borrow_stray_grades(PartText(None, [evidence, assessment]), 3, ctx)
    assert [ln.text for ln in assessment.lines if ln.kind == "text"] == ["1", "2", "3"]
    assert "last columns" in ctx.notes[-1].message
    # With every column graded already, a "2" among the evidence stays where it is.
    full = RowText("assessment", "March 2024", "Assessment:", _plain("1 2 2 2", ""), 1)
    evidence.lines = _plain("Text.", "", "2", "")
    _borrow_stray_grades(PartText(None, [evidence, full]), 4, ctx)
    assert [ln.text for ln in evidence.lines if ln.kind == "text"] == ["Text.", "2"]


def test_grades_on_a_torn_labels_baseline_end_its_first_lines() -> None:
    lines = _plain("Progress", "Assessment", "(September", "1 1", "\f", "2023)", "")
    hit = label_at(lines, 0, bare=True)
    assert hit is not None and hit.label.period == "September 2023"
    # The grades are the row's content, not part of its label.
    assert hit.end == 2 and hit.skip == (4,)
    lines = _plain("Progress", "Assessment", "1 2 1 Funding after", "\f", "(September", "2023)", "")
    hit = label_at(lines, 0, bare=True)
    assert hit is not None and hit.end == 1 and hit.label.period == "September 2023"


def test_evidence_rests_before_the_assessments_grades_go_back() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    lines = _plain(
        "Recommendation 1: Recycling is easier.",
        "Progress Update (as at October 2024):",
        "",
        "The audit was done with the",
        "",
        "\f",
        "Progress Rating (October 2024):",
        "",
        "housing service.",
        "",
        "2",
        "",
    )
    (part,) = structure(lines).recs[0].parts
    evidence, assessment = part.rows
    assert [ln.text for ln in evidence.lines if ln.kind == "text"][-1] == "housing service."
    assert [ln.text for ln in assessment.lines if ln.kind == "text"] == ["2"]


def test_a_cells_sentence_naming_a_field_does_not_restart_the_block() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    lines = _plain(
        "Recommendation 1: Fly-tipping is cleared faster.",
        "Officer(s) Responsible:",
        "",
        "Sarah Quinn",
        "",
        "Progress Update (as at October 2024):",
        "",
        "Cameras were bought.",
        "Officers have continued to",
        "use the two existing",
        "cameras:",
        "",
        "Officer(s)",
        "",
        "\f",
        "Responsible:",
        "",
    )
    parts = structure(lines).recs[0].parts
    assert [r.field for r in parts[0].rows] == ["responsibility", "evidence"]
    evidence = parts[0].rows[1]
    assert "cameras:" in [ln.text for ln in evidence.lines]
    # A shorter label, as a page break tears one, still restarts the block.
    assert len(parts) == 2 and parts[1].rows[0].field == "responsibility"


def test_blocks_before_an_assessments_first_grade_go_back_to_the_evidence() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    def rows(*between: str) -> tuple[list[str], list[str]]:
        lines = _plain(
            "Recommendation 1: Recycling is easier.",
            "Progress Update (as at October 2024):",
            "",
            "The audit was done.",
            "",
            *between,
            "Progress Rating (October 2024):",
            "",
            "Cleveland Police joined.",
            "",
            "2",
            "",
        )
        evidence, assessment = structure(lines).recs[0].parts[0].rows
        texts = [ln.text for ln in evidence.lines if ln.kind == "text"]
        return texts, [ln.text for ln in assessment.lines if ln.kind == "text"]

    # Across a page break (the label column read first) or not (pdfminer reads a
    # column of boxes before the grades beside it): an assessment cell opens with its
    # grade, so the text before every grade is another row's.
    assert rows("\f") == (["The audit was done.", "Cleveland Police joined."], ["2"])
    assert rows() == (["The audit was done.", "Cleveland Police joined."], ["2"])


def test_one_block_of_dates_side_by_side_is_k_cells() -> None:
    # "September 2024" and "June 2024 / ongoing" shared a baseline and one line, under
    # a label of its own.
    ctx = _ctx(2)
    lines = [
        TextLine("September 2024 June 2024 /", "text", 1, 0),
        TextLine("ongoing", "text", 1, 1),
    ]
    (row,) = line_cells(chunks_of(lines), "date", ctx)
    assert [t for _, _, t in _texts(row)] == ["September 2024", "June 2024 / ongoing"]
    assert ctx.notes[0].field == "date" and ctx.notes[0].recommendation == 1
    # "Ongoing" after a date could go on the date's value; one value per column on
    # one line reads as the cells.
    (row,) = line_cells(chunks_of([TextLine("September 2025 Ongoing", "text", 1, 0)]), "date", ctx)
    assert [t for _, _, t in _texts(row)] == ["September 2025", "Ongoing"]


def test_one_block_of_one_date_still_spans_the_row() -> None:
    ctx = _ctx(2)
    (row,) = line_cells(chunks_of(_lines("April 2024 – March 2026")), "date", ctx)
    assert [(s, n) for s, n, _ in row] == [(0, 2)]


def test_people_side_by_side_only_when_every_value_names_a_person() -> None:
    ctx = _ctx(2, col_width=27.0)
    line = TextLine("Helen Carr Marcus Bell / Democratic Services", "text", 1, 0)
    (row,) = line_cells(chunks_of([line]), "responsibility", ctx)
    assert [t for _, _, t in _texts(row)] == ["Helen Carr", "Marcus Bell / Democratic Services"]
    # A team over both columns reads as two values to the name splitter; it spans.
    team = "Highways Network Team and Northshire Police Road Safety Unit"
    (row,) = line_cells(chunks_of(_lines(team)), "responsibility", _ctx(3, col_width=27.0))
    assert [(s, n) for s, n, _ in row] == [(0, 3)]
    # A role in one cell over both columns is no wider than a column.
    (row,) = line_cells(chunks_of(_lines("Street Scene Manager")), "responsibility", _ctx(2))
    assert [(s, n) for s, n, _ in row] == [(0, 2)]


def test_two_cells_on_one_line_are_cut_where_a_sentence_ends_before_lower_case() -> None:
    lines = [
        TextLine("agencies more than once. handling of reports rises", "text", 2, 0),
        TextLine("from 48% to 65%.", "text", 2, 1),
    ]
    chunks = chunks_of(lines)
    assert [[ln.text for ln in c.texts] for c in chunks] == [
        ["agencies more than once."],
        ["handling of reports rises", "from 48% to 65%."],
    ]
    assert chunks[1].lower


def test_abbreviations_end_no_sentence() -> None:
    for text in ("libraries, halls etc. and schools", "e.g. the café", "approx. two hundred"):
        assert len(chunks_of([TextLine(text, "text", 1, 0)])) == 1


def test_paragraphs_go_to_the_column_whose_action_they_report_on() -> None:
    from scrutiny_parse.segment.retable.topics import words_of

    ctx = _ctx(2, col_width=28.0)
    ctx.words = [
        words_of(["Introduce a single online form for reporting anti-social behaviour."]),
        words_of(["Give every person who reports a named case officer and a closing letter."]),
    ]
    chunks = chunks_of(
        _lines(
            "The online form went live in / September.",
            "Reports made online rose to 42%.",
            "Every case now has a named / officer.",
            "Closing letters went out on 99% / of cases.",
        )
    )
    (row,) = text_cells(chunks, "evidence", ctx)
    texts = [t for _, _, t in _texts(row, width=40)]
    assert texts[0].startswith("The online form") and "42%" in texts[0]
    assert texts[1].startswith("Every case") and "Closing letters" in texts[1]
    assert ctx.notes and ctx.notes[-1].field == "evidence"


def test_words_that_tell_nothing_keep_blocks_in_order() -> None:
    from scrutiny_parse.segment.retable.topics import group_by_topic, words_of

    same = words_of(["Improve the service."])
    chunks = chunks_of(_lines("One thing.", "Another thing.", "A third thing."))
    assert group_by_topic(chunks, [same, same]) is None


def test_cells_cut_at_a_page_break_are_cut_where_they_fill_the_page() -> None:
    from scrutiny_parse.segment.retable.page_fill import cut_page_fills

    # Two unfinished cells of four lines each came back as one block (no boundary
    # marked), then their rests on the next page.
    first = _lines(
        "At least 40% of reports / are made online within a / year, and no report / "
        "is passed between / 95% of people reporting / ASB receive an update / "
        "within 10 working days; / satisfaction with the",
    )
    rests = _lines("agencies more than once.", "handling rises to 65%.", page=2)
    chunks, cuts = cut_page_fills(chunks_of(first + rests), 2)
    assert cuts == 1
    assert [c.texts[0].text for c in chunks] == [
        "At least 40% of reports",
        "95% of people reporting",
        "agencies more than once.",
        "handling rises to 65%.",
    ]


def test_dates_sharing_a_block_vote_for_one_column_each() -> None:
    from scrutiny_parse.segment.retable.columns import column_votes
    from scrutiny_parse.segment.retable.doctext import PartText, RowText

    lines = _lines("March 2022 June 2022 April 2022 – March / 2023", "Ongoing")
    part = PartText(None, [RowText("date", None, "Target date:", lines, 1, inline=True)])
    votes = column_votes(part, 95.0, interleaved=True)
    assert max(votes, key=lambda n: votes[n]) == 4


def test_a_cell_ending_unmarked_at_a_page_break_is_found_by_its_rest_and_words() -> None:
    from scrutiny_parse.segment.retable.topics import words_of

    ctx = _ctx(2, col_width=40.0)
    ctx.words = [
        words_of(["Introduce a single online form for reporting behaviour."]),
        words_of(["Give every person a named case officer and a closing letter."]),
    ]
    # Column 1 runs to the page's foot with no boundary before column 2's first line;
    # its rest comes back in lower case on the next page.
    first = _lines(
        "The online form went live in September.",
        "Reports reach the right agency: the form / was / Every case has a named officer / "
        "and closing letters go out.",
    )
    rests = _lines("tested on 600 online reports.", page=2)
    (row,) = text_cells(chunks_of(first + rests), "evidence", ctx)
    texts = [t for _, _, t in _texts(row, width=40)]
    assert texts[0].endswith("the form was tested on 600 online reports.")
    assert texts[1].startswith("Every case has a named officer")
    assert any("ending unmarked" in n.message for n in ctx.notes)


def test_numeric_and_seasonal_dates_cut_side_by_side() -> None:
    from scrutiny_parse.segment.retable.values import split_dates

    assert split_dates("June 2025 31/03/2026").values == ["June 2025", "31/03/2026"]
    # A wrap tore the numeric date after its slash.
    assert split_dates("March 2025 31/03/\n2026").values == ["March 2025", "31/03/2026"]
    assert split_dates("Winter 2024/25 Q2 2025/26").values == ["Winter 2024/25", "Q2 2025/26"]
    assert split_dates("April 2019 – April 2021").values == ["April 2019 – April 2021"]
    # A name and a colon before a date start its value; "Revised:" joins.
    assert split_dates("Phase 1: March 2024 Phase 2: 31/03/2025").values == [
        "Phase 1: March 2024",
        "Phase 2: 31/03/2025",
    ]
    assert split_dates("March 2023 Revised: March 2024").values == [
        "March 2023 Revised: March 2024"
    ]
    # "Mon-YY", a date's lead word, and a range whose first month has no year.
    assert split_dates("Dec-20 By 31.03.2021").values == ["Dec-20", "By 31.03.2021"]
    assert split_dates("Dec 2023 April – October 2024").values == [
        "Dec 2023",
        "April – October 2024",
    ]
    assert split_dates("Target met by April 2024").values == ["Target met by April 2024"]


def test_how_often_an_action_recurs_is_a_date_value_of_its_own() -> None:
    from scrutiny_parse.segment.retable.values import split_dates

    def cut(text: str) -> list[str]:
        return split_dates(text).values

    assert cut("September 2020 March 2021 Monthly / ongoing") == [
        "September 2020",
        "March 2021",
        "Monthly / ongoing",
    ]
    # A lead word in lower case goes on a recurrence, and starts a value after a date.
    assert cut("31/12/2023 Quarterly, from January 2024 During 2024/25") == [
        "31/12/2023",
        "Quarterly, from January 2024",
        "During 2024/25",
    ]
    assert cut("June 2023 Quarterly from Q1 2023/24") == ["June 2023", "Quarterly from Q1 2023/24"]
    assert cut("Sept 2022 by 1st October 2022 October 2022") == [
        "Sept 2022",
        "by 1st October 2022",
        "October 2022",
    ]
    # A capitalised lead word starts a value even with words before its date.
    assert cut("September 2023 / termly From Phase 1 (April 2023)") == [
        "September 2023 / termly",
        "From Phase 1 (April 2023)",
    ]
    assert cut("April 2024 Revised: October 2024") == ["April 2024 Revised: October 2024"]


def test_a_colonless_label_and_its_values_as_a_block_of_their_own() -> None:
    lines = _lines("Responsible / Officer", "Ann Lee", "Timescale March 2025 Ongoing")
    hit = label_at(lines, 5, bare=True)
    assert hit is not None and hit.label.field == "date"
    assert hit.rest == "March 2025 Ongoing"


def test_a_label_wrapped_where_the_dump_marked_a_block_end() -> None:
    # "Agreed Success" lost its wrap space: the label goes on after the break.
    lines = _lines("on their land.", "Agreed Success", "Measure:", "Policy adopted.")
    hit = label_at(lines, 2, "action", bare=False)
    assert hit is not None and hit.label.field == "success_measure"
    # A value, then a label of its own: "Planning Officer)" / "Date:".
    lines = _lines("Fiona Walsh (School Travel / Planning Officer)", "Date:", "May 2022")
    assert label_at(lines, 1, "responsibility", bare=False) is None
    lines = _lines("Equalities / Officer", "Target Date:", "May 2022")
    assert label_at(lines, 1, "responsibility", bare=False) is None


def test_a_lead_word_after_the_field_word_belongs_to_the_label() -> None:
    lines = _lines("Timescale March 2025", "Action Agreed Review and consult on the / strategy.")
    hit = label_at(lines, 2, "date", bare=True)
    assert hit is not None and hit.label.field == "action"
    assert hit.rest == "Review and consult on the"


def test_job_titles_side_by_side_end_on_their_role_word() -> None:
    from scrutiny_parse.segment.retable.values import split_people

    assert split_people("Emergency Planning Officer Community Resilience Officer").values == [
        "Emergency Planning Officer",
        "Community Resilience Officer",
    ]
    # A title's words that are role words themselves, and a lower-case joiner, go on.
    assert split_people("Digital Services Group").values == ["Digital Services Group"]
    assert len(split_people("Public Health Lead for Children and Young People").values) == 1
    ctx = _ctx(2, col_width=22.0)
    line = TextLine("Parks Operations Manager Jo Whitcombe", "text", 1, 0)
    (row,) = line_cells(chunks_of([line]), "responsibility", ctx)
    assert [t for _, _, t in _texts(row)] == ["Parks Operations Manager", "Jo Whitcombe"]


def test_a_torn_round_label_shares_its_last_line_with_a_cells_rest() -> None:
    first = [
        TextLine(t, "text", 1, n)
        for n, t in enumerate(["Evidence of", "Progress", "All 1,412 people were written to"])
    ]
    rest = TextLine("(March 2026): in March 2025, by email", "text", 2, 3)
    hit = label_at([*first, rest], 0, "success_measure")
    assert hit is not None and hit.label.field == "evidence"
    assert hit.label.period == "March 2026"
    assert hit.skip == (3,) and hit.tail == "in March 2025, by email"


def test_a_rest_starting_with_a_number_goes_on_where_a_sentence_was_left_open() -> None:
    ctx = _ctx(2)
    first = _lines(
        "A draft of the / strategy was made.", "The register holds / 1,148 assets; surveys of the"
    )
    rests = _lines("212 culverts started / in August.", page=2)
    (row,) = text_cells(chunks_of(first + rests), "evidence", ctx)
    assert [t for _, _, t in _texts(row, width=30)][1].endswith(
        "surveys of the 212 culverts started in August."
    )


def test_a_rows_rest_written_after_the_legends_label_goes_back() -> None:
    from scrutiny_parse.segment.retable.legend_lines import legend_rests

    # pdfminer: the last row's grades and explanation, then the legend's own scale.
    lines = _lines("1", "1", "2", "3", "Not progressed / because staff left.", "1", "2", "3", "4")
    lines += _lines("Fully Achieved", "On-Track", "Slipped", "Not Achieved")
    back = legend_rests(lines)
    assert [ln.text for ln in lines[back:] if ln.kind == "text"][:4] == ["1", "2", "3", "4"]
    # Headings stay with the legend; a legend that starts at once has no rest.
    lines = _lines("Grade", "Meaning", "1", "2", "3", "4", "Fully Achieved")
    assert legend_rests(lines) == 0
    assert legend_rests(_lines("1 Fully Achieved", "2 On-Track")) == 0


def test_legend_wordings_cut_where_each_starts() -> None:
    from scrutiny_parse.segment.retable.legend_lines import legend_items as _legend_items

    lines = _lines("1 2 3 4", "Fully", "Achieved", "On-Track Slipped Not", "Achieved")
    assert _legend_items(lines) == (
        ["1", "2", "3", "4"],
        ["Fully Achieved", "On-Track", "Slipped", "Not Achieved"],
    )


def test_grades_read_apart_from_their_rows_are_shared_out_in_order() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.grade_pool import pool_grades

    # pdfminer: round 1's grades inside its evidence, round 2's split over two rows.
    ev1 = RowText("evidence", "May", "Evidence (May):", _lines("Done.", "2", "3"), 1)
    as1 = RowText("assessment", "May", "Assessment (May):", [], 1)
    ev2 = RowText("evidence", "Nov", "Evidence (Nov):", _lines("More.", "1"), 1)
    as2 = RowText("assessment", "Nov", "Assessment (Nov):", _lines("2 3", "Late."), 1)
    part = PartText(None, [ev1, as1, ev2, as2])
    ctx = _ctx(2)
    pool_grades(part, 2, ctx)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts == [["Done."], ["2", "3"], ["More."], ["1", "2 3", "Late."]]
    assert ctx.notes and ctx.notes[0].field == "assessment"
    # Counts that do not add up leave the rows alone.
    part = PartText(None, [RowText("assessment", "May", "A:", _lines("2"), 1)])
    pool_grades(part, 2, _ctx(2))
    assert [ln.text for ln in part.rows[0].lines if ln.kind == "text"] == ["2"]


def test_a_grade_right_beside_a_rounds_label_is_its_first_cells() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.grade_pool import pool_grades

    def numbered(first: int, *texts: str) -> list[TextLine]:
        out = []
        for n, text in enumerate(texts):
            out += [
                TextLine(text, "text", 1, first + 2 * n),
                TextLine("", "hard", 1, first + 2 * n + 1),
            ]
        return out

    # pdfminer, column by column: column 1's grade stands right before each round's
    # label, column 2's come after the last label.
    ev1 = RowText("evidence", "Aug", "E:", numbered(0, "Billed.", "1"), 1, start=-1)
    as1 = RowText("assessment", "Aug", "A:", [], 1, start=4, label_end=4)
    ev2 = RowText("evidence", "Feb", "E:", numbered(6, "Repeated.", "1"), 1, start=5, label_end=5)
    as2 = RowText(
        "assessment",
        "Feb",
        "A:",
        numbered(11, "loaded.", "2", "On track.", "2 3"),
        1,
        start=10,
        label_end=10,
    )
    part = PartText(None, [ev1, as1, ev2, as2])
    pool_grades(part, 2, _ctx(2), boxed=True)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts[1] == ["1", "2"] and texts[3][:2] == ["1", "2 3"]


def test_an_assessment_label_stacked_on_the_next_rounds_takes_the_grades_after_both() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.reorder import reorder_part

    ev1 = RowText("evidence", "Nov", "Evidence (Nov):", _lines("The draft was made."), 1)
    as1 = RowText("assessment", "Nov", "Assessment (Nov):", [], 1)
    ev2 = RowText(
        "evidence", "May", "Evidence (May):", _lines("consulted on.", "2", "2", "Adopted."), 1
    )
    part = PartText(None, [ev1, as1, ev2])
    reorder_part(part)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts == [["The draft was made.", "consulted on."], ["2", "2"], ["Adopted."]]
    # With the round's evidence empty too, three labels stand stacked; in a dump of
    # boxes (which need not come in reading order) the rows stay, for the grade blocks
    # to be shared out in reading order.
    ev1 = RowText("evidence", "Nov", "Evidence (Nov):", [], 1)
    as1 = RowText("assessment", "Nov", "Assessment (Nov):", [], 1)
    ev2 = RowText("evidence", "May", "Evidence (May):", _lines("Drafted.", "2", "Adopted."), 1)
    part = PartText(None, [ev1, as1, ev2])
    reorder_part(part, boxed=True)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts == [[], [], ["Drafted.", "2", "Adopted."]]


def test_colonless_labels_in_a_document_that_uses_colons_elsewhere() -> None:
    # "Target Date:" has a colon, "Planned" / "Actions" and the round labels do not.
    lines = _lines("March 2025", "Planned / Actions", "Convert the lanterns.")
    hit = label_at(lines, 2, "date", bare=False)
    assert hit is not None and hit.label.field == "action"
    lines = _lines("2", "Progress to / date (July / 2025)", "The programme was completed.")
    hit = label_at(lines, 2, "assessment", bare=False)
    assert hit is not None and hit.label.field == "evidence" and hit.label.period == "July 2025"
    # A cell's sentence that names a field is no label.
    lines = _lines("Progress on the actions was slow / this year.")
    assert label_at(lines, 0, "evidence", bare=False) is None


def test_a_merged_person_side_by_side_spans_as_many_columns_as_it_is_wide() -> None:
    ctx = _ctx(3, col_width=20.0)
    line = TextLine("Marcus Okafor (Tenancy Fraud Lead) Communications Team", "text", 1, 0)
    (row,) = line_cells(chunks_of([line]), "responsibility", ctx)
    assert [(s, n) for s, n, _ in row] == [(0, 2), (2, 1)]
    assert [t for _, _, t in _texts(row)] == [
        "Marcus Okafor (Tenancy Fraud Lead)",
        "Communications Team",
    ]


def test_stacked_date_label_takes_a_block_per_column() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.reorder import reorder_part
    from scrutiny_parse.segment.retable.values import only_dates

    assert only_dates("April 2025 – March 2030") and only_dates("Ongoing")
    assert not only_dates("Launch an online form in March 2025.")
    date = RowText("date", None, "Date:", [], 1)
    action = RowText(
        "action",
        None,
        "Agreed Action:",
        _lines("December 2024", "March 2025", "Ongoing", "Launch a form.", "Train staff."),
        1,
    )
    part = PartText(None, [date, action])
    reorder_part(part)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts == [["December 2024", "March 2025", "Ongoing"], ["Launch a form.", "Train staff."]]
    # Each column's date box before its action's: the dates are taken wherever they are.
    date.lines = []
    action.lines = _lines(
        "September 2024",
        "Reopen the centre.",
        "April 2024",
        "January 2025 April 2026",
        "Fund teams.",
    )
    reorder_part(part)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts == [
        ["September 2024", "April 2024", "January 2025 April 2026"],
        ["Reopen the centre.", "Fund teams."],
    ]


def test_stacked_labels_share_out_values_written_with_no_empty_lines() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.reorder import reorder_part

    # pdftotext: "Lead Officer:" / "Timescale:" / "Agreed Actions:" / "Progress to date
    # (March 2022):" stacked, then every value in one block: the cells end around a
    # line of dates and at a sentence's end before a capital.
    rows = [
        RowText("responsibility", None, "Lead Officer:", [], 1),
        RowText("date", None, "Timescale:", [], 1),
        RowText("action", None, "Agreed Actions:", [], 1),
        RowText(
            "evidence",
            "March 2022",
            "Progress to date (March 2022):",
            [
                TextLine(t, "text", 1, n)
                for n, t in enumerate(
                    [
                        "Mark Pettigrew – Head of Highways and Transport",
                        "December 2021",
                        "Carry out a borough-wide review of camera sites using",
                        "journey-time data.",
                        "The review was commissioned in July 2021.",
                        "The work included site visits.",
                    ]
                )
            ],
            1,
        ),
    ]
    part = PartText(None, rows)
    reorder_part(part)
    texts = [" ".join(ln.text for ln in r.lines if ln.kind == "text") for r in part.rows]
    assert texts == [
        "Mark Pettigrew – Head of Highways and Transport",
        "December 2021",
        "Carry out a borough-wide review of camera sites using journey-time data.",
        "The review was commissioned in July 2021. The work included site visits.",
    ]


def test_stacked_officer_label_takes_a_block_per_officer() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.reorder import reorder_part

    who = RowText("responsibility", None, "Responsible Officer:", [], 1)
    date = RowText("date", None, "Date:", [], 1)
    action = RowText(
        "action",
        None,
        "Action:",
        _lines("Ann Lee (Fraud Lead)", "Communications Team", "May 2025", "Launch a form."),
        1,
    )
    part = PartText(None, [who, date, action])
    reorder_part(part)
    texts = [[ln.text for ln in r.lines if ln.kind == "text"] for r in part.rows]
    assert texts == [
        ["Ann Lee (Fraud Lead)", "Communications Team"],
        ["May 2025"],
        ["Launch a form."],
    ]


def test_an_amended_grade_is_two_different_digits_ending_an_explained_line() -> None:
    from scrutiny_parse.segment.retable.grades import assessment_cells

    # Four cells drawn one by one, a line per baseline: cells 1 and 2 share one ("1",
    # then "2" struck and "3"), cell 2's explanation follows, then cells 3 and 4 ("1 1").
    lines = _plain("1 2 3", "Amended from 2: the target", "moves to March.", "1 1", "")
    row = assessment_cells(chunks_of(lines), _ctx(4))[0]
    grades = [pieces[0].lines[0].text for _, _, pieces in row]
    assert grades == ["1", "2 3", "1", "1"]
    assert "Amended from 2" in " ".join(ln.text for ln in row[1][2][1].lines)
    # "1 1" is never one amended cell: striking a grade to write it again says nothing.
    lines = _plain("1 1 3 1", "", "1", "")
    row = assessment_cells(chunks_of(lines), _ctx(4))[0]
    assert [pieces[0].lines[0].text for _, _, pieces in row] == ["1", "1", "3 1", "1"]


def test_values_written_before_stacked_labels_go_to_them() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    # pdfminer: the first values, then the label boxes, then the rest.
    lines = _plain(
        "Recommendation 8: Skills are developed.",
        "",
        "Lorraine Dixon Digital Services Group",
        "",
        "January 2019 / ongoing",
        "",
        "March 2019",
        "",
        "Responsibility:",
        "",
        "Date:",
        "",
        "Agreed Action:",
        "",
        "Deliver staff development.",
        "",
        "Recruit two designers.",
        "",
    )
    rec = structure(lines).recs[0]
    assert rec.parts[0].heading is None and not rec.intro
    texts = {r.field: [ln.text for ln in r.lines if ln.kind == "text"] for r in rec.parts[0].rows}
    assert texts["responsibility"] == ["Lorraine Dixon Digital Services Group"]
    assert texts["date"] == ["January 2019 / ongoing", "March 2019"]
    assert texts["action"] == ["Deliver staff development.", "Recruit two designers."]


def test_a_heading_after_an_assessment_graded_before_its_label_starts_the_next_part() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    def rows() -> list[TextLine]:
        return _plain(
            "Recommendation 7: Staff and residents take part.",
            "",
            "Responsibility:",
            "",
            "Liz Purdy",
            "",
            "Evidence of Progress (March 2020):",
            "",
            "Signed up.",
            "",
            "2",
            "",
            "Assessment of Progress (March 2020):",
            "",
            "For Community",
            "",
            "Responsibility:",
            "",
            "Craig Taylor",
            "",
        )

    rec = structure(rows()).recs[0]
    assert [p.heading for p in rec.parts] == [None, "For Community"]
    # With no grade written before the label, a lone short line is the assessment's.
    lines = [ln for ln in rows() if ln.text != "2"]
    rec = structure(lines).recs[0]
    assert [p.heading for p in rec.parts] == [None, None]


def test_a_line_opening_with_closing_punctuation_joins_the_word_before() -> None:
    from scrutiny_parse.segment.retable.cells import Piece

    lines = [
        TextLine(t, "text", 1, n)
        for n, t in enumerate(["the questionnaire", ", and 11", ".GOV pages"])
    ]
    (text,) = paragraphs([Piece(lines)], 12)
    assert " ".join(text.split("\n")) == "the questionnaire, and 11 .GOV pages"


@pytest.mark.parametrize(
    ("block", "width", "want"),
    [
        (
            (
                "Completed – see June 2025. The campaign started on 1",
                "December 2025 with posts on",
                "social media and leaflets.",
            ),
            28.0,
            [
                "Completed – see June 2025.",
                "The campaign started on 1 December 2025 with posts on social media and leaflets.",
            ],
        ),
        # Not twice a column wide, but wider than any line the column wraps to.
        (
            (
                "No further update. The annual report came to the Panel on",
                "24 April 2023. Of the 38 actions,",
                "21 are complete and 3 have slipped.",
            ),
            40.0,
            [
                "No further update.",
                "The annual report came to the Panel on 24 April 2023. Of the 38 actions, 21"
                " are complete and 3 have slipped.",
            ],
        ),
    ],
)
def test_a_first_line_that_fits_no_column_is_two_cells_cut_where_a_sentence_ends(
    block: tuple[str, ...], width: float, want: list[str]
) -> None:
    ctx = _ctx(2, col_width=width)
    (row,) = text_cells(chunks_of(_plain(*block, "")), "evidence", ctx)
    assert [t for _, _, t in _texts(row, int(width))] == want
    assert ctx.notes[0].field == "evidence" and ctx.notes[0].recommendation == 1


def test_officers_side_by_side_are_cut_into_exactly_k_people_or_posts() -> None:
    from scrutiny_parse.segment.retable.values import split_people_into

    assert split_people_into("Emergency Planning Officer Dr Fiona McLeish", 2) == [
        "Emergency Planning Officer",
        "Dr Fiona McLeish",
    ]
    assert split_people_into("Public Health Principal Jo Whitcombe", 2) == [
        "Public Health Principal",
        "Jo Whitcombe",
    ]
    three = "Marcus Bell Community Safety Warden Service Darren Whitfield (Street Scene Manager)"
    assert split_people_into(three, 3) == [
        "Marcus Bell",
        "Community Safety Warden Service",
        "Darren Whitfield (Street Scene Manager)",
    ]
    # Values that do not all read as someone are no cut: a wrapped name, a lone role word.
    assert split_people_into("Sunil Varma Rachel", 2) is None
    assert split_people_into("Sian Hargreaves / Registration Services Manager", 2) is None
    # In a block of one line wider than a column, k officers become k cells.
    ctx = _ctx(2, col_width=26.0)
    lines = [TextLine("Emergency Planning Officer Dr Fiona McLeish", "text", 1, 0)]
    (row,) = line_cells(chunks_of(lines), "responsibility", ctx)
    assert [t for _, _, t in _texts(row)] == ["Emergency Planning Officer", "Dr Fiona McLeish"]


def test_a_heading_cited_inside_a_cells_sentence_is_the_cells_text() -> None:
    from scrutiny_parse.segment.retable.structure import structure

    lines = _plain(
        "Recommendation 1: Monitoring is extended.",
        "Evidence of Progress (October 2025):",
        "Recommendation 2: Planning helps.",
        "Evidence of Progress (October 2025):",
        "£85,000 went to the new monitors in",
        "Recommendation 1.",
        "Assessment of Progress (October 2025):",
        "2",
    )
    doc = structure(lines)
    assert [r.number for r in doc.recs] == [1, 2]
    evidence = doc.recs[1].parts[0].rows[0]
    assert [ln.text for ln in evidence.lines][-1] == "Recommendation 1."


def test_cells_first_lines_on_one_baseline_then_their_rests_one_after_another() -> None:
    # pypdf: the three cells' first lines as one line, then, with no mark between
    # cells, each cell's rest; a rest starts in lower case after a sentence's end.
    ctx = _ctx(3, col_width=18.0)
    first = _lines("Survey complete All three blocks Both blocks open")
    rests = _lines(
        "for all 14 blocks; / programme approved. / reopened to the / new standard. / "
        "until 10pm on at / least 95% of days.",
        page=2,
    )
    (row,) = text_cells(chunks_of(first + rests), "success_measure", ctx)
    assert [t for _, _, t in _texts(row, width=40)] == [
        "Survey complete for all 14 blocks; programme approved.",
        "All three blocks reopened to the new standard.",
        "Both blocks open until 10pm on at least 95% of days.",
    ]
    assert any("first lines side by side" in n.message for n in ctx.notes)
    # A line with another number of capitalised words inside it is not cut that way.
    ctx = _ctx(3, col_width=18.0)
    first = _lines("Survey of Council blocks done")
    text_cells(chunks_of(first + rests), "success_measure", ctx)
    assert not any("first lines side by side" in n.message for n in ctx.notes)


def test_a_lower_case_block_after_a_bare_grade_is_the_rounds_evidence() -> None:
    from scrutiny_parse.segment.retable.doctext import PartText, RowText
    from scrutiny_parse.segment.retable.reorder import reorder_part

    evidence = RowText(
        "evidence",
        "March 2023",
        "Evidence:",
        _plain("The schedule is updated every Monday:", ""),
        1,
    )
    assessment = RowText(
        "assessment",
        "March 2023",
        "Assessment:",
        _plain("1", "", "premier parks: every 10 days", "", "2", "", "Delayed by the rain.", ""),
        1,
    )
    reorder_part(PartText(None, [evidence, assessment]))
    assert [ln.text for ln in evidence.lines if ln.kind == "text"][-1] == (
        "premier parks: every 10 days"
    )
    # A capitalised block after a grade is that cell's explanation and stays.
    assert [ln.text for ln in assessment.lines if ln.kind == "text"] == [
        "1",
        "2",
        "Delayed by the rain.",
    ]


def test_the_prompt_goes_however_it_is_worded_or_wrapped() -> None:
    def kept(*blocks: str) -> list[str]:
        return [ln.text for ln in drop_placeholders(_lines(*blocks)) if ln.kind == "text"]

    # Started at the end of the label's line, after a dash, with no brackets.
    assert kept(
        "Assessment of / Progress (Sept / 2024) – include / explanation if / required", "1"
    ) == [
        "Assessment of",
        "Progress (Sept",
        "2024)",
        "1",
    ]
    # The range starting the line after the period's dash.
    assert kept(
        "Progress / Assessment / (May 2024) – / grade 1 to 4, / with a short / explanation"
        " / where needed",
        "2",
    ) == ["Progress", "Assessment", "(May 2024)", "2"]
    # The dash that led into it ends the line before.
    assert kept(
        "Assessment of / Progress / (May 2025) – / include / explanation if / required"
    ) == [
        "Assessment of",
        "Progress",
        "(May 2025)",
    ]
    # Another author's wording, on lines of its own.
    assert kept(
        "Progress / Assessment – / May 2024 / (1-4, with / explanation where / needed)"
    ) == [
        "Progress",
        "Assessment –",
        "May 2024",
    ]
    assert kept("Grade (May 2024): (grade 1 – 4, please explain)") == ["Grade (May 2024):"]
    # Whole, the prompt stops before a line with a capital: a sub-part's heading.
    assert kept("Assessment / Grade 1-4 – please / explain any change / For Community Groups") == [
        "Assessment",
        "For Community Groups",
    ]
    # The ask names the grades it is for.
    assert kept(
        "Progress (July 2024)", "Categories 1-4 – please / explain if graded 3 or 4", "2"
    ) == [
        "Progress (July 2024)",
        "2",
    ]
    assert kept("Grade (May 2024):", "(grade 1-4 and give / reasons for any / slippage)") == [
        "Grade (May 2024):"
    ]
    # Unbracketed after the period, the ask running to the label's end.
    assert kept(
        "Assessment of / Progress (May / 2024) – Categories / 1-4; include / explanation where"
        " / graded 3 or 4",
        "2",
    ) == ["Assessment of", "Progress (May", "2024)", "2"]
    # The range word inside the bracket, the ask after it: the whole bracket goes.
    assert kept(
        "Assessment of / Progress – April / 2024 / (Categories 1 - 4; / include explanation if"
        " / required)",
        "1 2 3",
    ) == ["Assessment of", "Progress – April", "2024", "1 2 3"]
    # The ask in brackets after the range, or "with" a comment after it.
    assert kept(
        "Assessment of / progress (May / 2022) / Categories 1 – 4 (explain / if 3 or 4)", "2 2 3"
    ) == ["Assessment of", "progress (May", "2022)", "2 2 3"]
    assert kept("Assessment of / progress (October / 2024) – grade 1-4 / with comment:", "1 2") == [
        "Assessment of",
        "progress (October",
        "2024):",
        "1 2",
    ]
    # A cell's sentence that merely says "include" stays.
    assert kept("The plan will include / the new homes (phase 2).") == [
        "The plan will include",
        "the new homes (phase 2).",
    ]


def test_a_prompt_cut_by_a_page_break_goes_and_the_grades_between_stay() -> None:
    before = _lines("Assessment of / Progress (Sept / 2024) – include / explanation if", "1")
    after = _lines("required", "Evidence of / Progress (March 2025)", page=2)
    kept = [ln.text for ln in drop_placeholders([*before, *after]) if ln.kind == "text"]
    assert kept == [
        "Assessment of",
        "Progress (Sept",
        "2024)",
        "1",
        "Evidence of",
        "Progress (March 2025)",
    ]
    # On the same page, a lone "required" is a cell's word, not the prompt's rest.
    same = _lines("Assessment of / Progress (Sept / 2024) – include", "1", "required")
    assert "required" in [ln.text for ln in drop_placeholders(same)]


def test_a_range_prompt_over_two_lines_cut_by_a_page_break_goes() -> None:
    before = _lines(
        "Progress Assessment / (April 2023): grade / 1-4 (see key) and / 3 / Two outstanding.",
        "2",
    )
    after = _lines("Review – Progress Update / commentary", "Progress to date", page=2)
    kept = [ln.text for ln in drop_placeholders([*before, *after]) if ln.kind == "text"]
    assert kept == [
        "Progress Assessment",
        "(April 2023):",
        "3",
        "Two outstanding.",
        "2",
        "Review – Progress Update",
        "Progress to date",
    ]


def test_a_bracketed_prompt_torn_by_a_page_break_goes_and_the_cells_between_stay() -> None:
    before = _lines(
        "Assessment of / Progress / (November / 2022): / (please give / reasons for any / 1",
        "The monitoring visits will / continue.",
        "4",
    )
    after = _lines("grade of 3 or 4) will be brought to the / Committee in May 2023.", page=2)
    kept = [ln.text for ln in drop_placeholders([*before, *after]) if ln.kind == "text"]
    assert kept == [
        "Assessment of",
        "Progress",
        "(November",
        "2022):",
        "1",
        "The monitoring visits will",
        "continue.",
        "4",
        "will be brought to the",
        "Committee in May 2023.",
    ]
    # Opened after the label's colon, its rest over two lines under the table's heading
    # repeated at the page top.
    before = _lines("Assessment / (September / 2023): (please / give reasons for / 2 1")
    heading = "Recommendation 3: That staff / understand dementia."
    after = _lines(f"{heading} / any grade of 3 or / 4) / Progress to date", page=2)
    kept = [ln.text for ln in drop_placeholders([*before, *after]) if ln.kind == "text"]
    assert kept == [
        "Assessment",
        "(September",
        "2023):",
        "2 1",
        "Recommendation 3: That staff",
        "understand dementia.",
        "Progress to date",
    ]
    # "(November" ... "2024)" overleaf closes a period, not the prompt: both stay.
    period = _lines("Progress / (please give / reasons", "1") + _lines("2024) / date", page=2)
    assert "2024)" in [ln.text for ln in drop_placeholders(period)]


def test_grades_counted_as_cells_with_an_amendment_its_explanation_names() -> None:
    explained = _lines("1 2 3", "Revised from 2: / the contract has not been let.", "2")
    assert grade_count(chunks_of(explained)) == 3  # 1, 2 struck to 3, then 2
    # Without the explanation, or naming another digit, each digit is a cell.
    assert grade_count(chunks_of(_lines("1 2 3", "The contract is let.", "2"))) == 4
    assert grade_count(chunks_of(_lines("1 2 3", "Revised from 1: / late.", "2"))) == 4


def test_a_line_inside_a_cell_s_open_bracket_starts_no_label() -> None:
    lines = _lines("Lisa / Warrington / (Holiday / Activities and / Food / Coordinator)")
    assert label_at(lines, 3, bare=True) is None
    # Closed, the bracket says nothing of the next line.
    closed = _lines("Lisa Warrington / (Holiday Activities) / Activities and / Food")
    hit = label_at(closed, 2, bare=True)
    assert hit is not None and hit.label.field == "action"


def test_a_label_torn_after_its_grades_closes_on_a_month_and_year_after_its_dash() -> None:
    lines = _lines("Assessment of 2 3") + _lines("Progress – / February 2026", "Slipped.", page=2)
    hit = label_at(lines, 0)
    assert hit is not None and hit.label.field == "assessment"
    assert hit.label.period is not None and "February 2026" in hit.text


def test_label_words_a_narrow_column_broke_without_a_hyphen_are_glued() -> None:
    lines = _lines("Recommendatio / n 4: / Assessmen / t of / Progress (Septembe / r 2022):")
    glued = [ln.text for ln in glue_broken_words(lines) if ln.kind == "text"]
    assert glued == ["Recommendation 4:", "Assessment of", "Progress (September 2022):"]
    # Words of their own after a whole word stay apart; so does a cell's sentence.
    kept = _lines("Assessment / of Progress / Progress / to date / the council / re is")
    assert [ln.text for ln in glue_broken_words(kept) if ln.kind == "text"] == [
        "Assessment",
        "of Progress",
        "Progress",
        "to date",
        "the council",
        "re is",
    ]


def test_officers_on_a_shared_line_keep_titles_whole_or_span_every_column() -> None:
    from scrutiny_parse.segment.retable.values import split_people_into

    three = "Street Cleansing Manager Parks and Green Spaces Manager Winter Service Manager"
    assert split_people_into(three, 3) == [
        "Street Cleansing Manager",
        "Parks and Green Spaces Manager",
        "Winter Service Manager",
    ]
    # A comma after a name leads into the post; role words together are one title.
    assert split_people_into("Helen Marsh, Planning Enforcement Team Leader", 2) is None
    assert split_people_into("Priya Sandhu, Principal Engineer (Traffic Management)", 2) is None
    # Cells that share a line (pypdf): k officers become k cells, one team all of them.
    ctx = _ctx(3, col_width=26.0)
    ctx.interleaved = True
    (row,) = line_cells(chunks_of([TextLine(three, "text", 1, 0)]), "responsibility", ctx)
    assert [t for _, _, t in _texts(row, 40)] == [
        "Street Cleansing Manager",
        "Parks and Green Spaces Manager",
        "Winter Service Manager",
    ]
    ctx = _ctx(2, col_width=26.0)
    ctx.interleaved = True
    team = [TextLine("School Travel Team", "text", 1, 0)]
    (row,) = line_cells(chunks_of(team), "responsibility", ctx)
    assert _texts(row, 40) == [(0, 2, "School Travel Team")]
    from scrutiny_parse.segment.retable.values import one_officer

    assert one_officer("Dawn Fairclough / Private Sector Housing Team")
    assert not one_officer("Gareth Holloway (Head of Waste) Waste Performance Officer")


def test_a_first_line_of_k_dates_side_by_side_takes_the_wrapped_rest_into_its_last() -> None:
    ctx = BlockCtx("recommendation 3", 2, 24.0, interleaved=True, recommendation=3)
    (row,) = line_cells(
        chunks_of(_lines("30.06.23 December 2023", "June 2024 (revised)")), "date", ctx
    )
    assert _texts(row, width=40) == [
        (0, 1, "30.06.23"),
        (1, 1, "December 2023 June 2024 (revised)"),
    ]
    assert ctx.notes and ctx.notes[0].field == "date" and ctx.notes[0].recommendation == 3
    # A first line of fewer dates than columns is not such a line.
    ctx = BlockCtx("recommendation 1", 3, 18.0, interleaved=True, recommendation=1)
    (row,) = line_cells(
        chunks_of(_lines("Sept 2023 June 2023 – / December 2023", "Ongoing")), "date", ctx
    )
    assert [t for _, _, t in _texts(row, width=40)] == [
        "Sept 2023",
        "June 2023 – December 2023",
        "Ongoing",
    ]


def test_one_colonless_label_among_labels_with_colons_after_a_finished_sentence() -> None:
    lines = _lines(
        "Agreed Actions: Create handling loan / boxes for primary schools.",
        "Success Measure At least 40 schools / visit the museums each year.",
    )
    hit = label_at(lines, 3)
    assert hit is not None and hit.label.field == "success_measure"
    assert hit.rest == "At least 40 schools"
    # One word of a label opening a cell's sentence is no label.
    assert label_at(_lines("The plan was adopted.", "Target met by March 2024. / Done."), 2) is None


def test_a_block_opening_with_a_bracket_is_the_role_of_the_block_before() -> None:
    ctx = BlockCtx("recommendation 1", 2, 26.0, interleaved=True, recommendation=1)
    chunks = chunks_of(
        _lines("Priya Raman", "(Communities Team / Leader)", "Digital Services – Product / Owner")
    )
    (row,) = line_cells(chunks, "responsibility", ctx)
    assert [t for _, _, t in _texts(row, 40)] == [
        "Priya Raman (Communities Team Leader)",
        "Digital Services – Product Owner",
    ]
    # A block with a role of its own keeps it: the bracket ends another cell.
    chunks = chunks_of(_lines("Darren Whitfield (Street / Scene Manager)", "(Joanne / Pryce)"))
    (row,) = line_cells(chunks, "responsibility", ctx)
    assert len(row) == 2


def test_an_officer_phrase_stopping_on_the_or_of_goes_on() -> None:
    from scrutiny_parse.segment.retable.values import split_people

    text = "Tom Ashworth, Head of Communities & the Voluntary Sector Partnership"
    assert split_people(text).values == [text]
    assert split_people("Ian Coxon Voluntary Sector Team").values == [
        "Ian Coxon",
        "Voluntary Sector Team",
    ]


def test_blocks_of_one_officer_cell_written_apart_are_joined() -> None:
    ctx = BlockCtx("recommendation 2", 2, 14.0, interleaved=True, recommendation=2)
    cases = {
        # a bracket left open
        ("Tom Reilly (Pest / Control Team", "Leader)", "Clean Streets / Manager"): [
            "Tom Reilly (Pest Control Team Leader)",
            "Clean Streets Manager",
        ],
        # a connector at the end
        ("Sian Holloway /", "Waste Education / Officer", "Karen Lumley"): [
            "Sian Holloway / Waste Education Officer",
            "Karen Lumley",
        ],
        # the rest of an unfinished title
        ("Sarah Okafor, Asset Management", "Team", "Tenancy Services / Manager"): [
            "Sarah Okafor, Asset Management Team",
            "Tenancy Services Manager",
        ],
    }
    for blocks, want in cases.items():
        (row,) = line_cells(chunks_of(_lines(*blocks)), "responsibility", ctx)
        assert [t for _, _, t in _texts(row, 40)] == want
    # A whole title after a finished one is a cell of its own.
    (row,) = line_cells(chunks_of(_lines("Housing Manager", "Team Leader")), "responsibility", ctx)
    assert [t for _, _, t in _texts(row, 40)] == ["Housing Manager", "Team Leader"]
    # A date range torn at its dash.
    (row,) = line_cells(chunks_of(_lines("June 2023 –", "December 2023", "Ongoing")), "date", ctx)
    assert [t for _, _, t in _texts(row, 40)] == ["June 2023 – December 2023", "Ongoing"]


def test_no_cell_starts_after_a_colon_and_a_cut_cell_starts_one() -> None:
    from scrutiny_parse.segment.retable.cells import Chunk
    from scrutiny_parse.segment.retable.topics import group_by_topic, words_of

    cols = [words_of(["Publish the licensing policy."]), words_of(["Designate consent streets."])]
    # By words alone the list would go to the streets column; the colon keeps it with
    # the paragraph it ends.
    chunks = chunks_of(
        _lines("The policy was published; the changes were:", "• three consent streets;", "Done.")
    )
    assert group_by_topic(chunks, cols) == [0, 2]
    # A block cut from the line before it opens a cell, whatever its words.
    chunks = chunks_of(
        _lines("The policy was adopted.", "The policy review is due.", "Three streets named.")
    )
    assert group_by_topic(chunks, cols) == [0, 2]
    chunks[1] = Chunk(chunks[1].lines, opens=True)
    assert group_by_topic(chunks, cols) == [0, 1]


def test_a_whole_label_with_its_cells_right_under_it() -> None:
    lines = _plain(
        "for cleaning and repairing.",
        "",
        "Measure of",
        "Success",
        "100% of shelters surveyed",
        "and recorded.",
        "",
    )
    hit = label_at(lines, 2, "action")
    assert hit is not None and hit.label.field == "success_measure" and hit.end == 3
    # A cell's sentence that opens with a field's words is none.
    lines = _plain("", "The target date", "has been revised to", "30.09.23.", "")
    assert label_at(lines, 1, "evidence") is None


def test_fewer_text_blocks_than_columns_each_wrapped_wide_span_by_their_widths() -> None:
    ctx = _ctx(4, col_width=20.0)
    chunks = chunks_of(
        _lines(
            "An accurate register, with no assisted / property missed more than once.",
            "Every assisted household knows who to / contact and is reviewed yearly.",
        )
    )
    (row,) = text_cells(chunks, "success_measure", ctx)
    assert [(s, n) for s, n, _ in row] == [(0, 2), (2, 2)]
    assert ctx.notes[0].field == "success_measure"
