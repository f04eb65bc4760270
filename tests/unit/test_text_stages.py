"""The text reader's stages and the format-neutral rebuilding of tables, on small dumps.

Each dump here is typed by hand in the style of one tool, and differs from the samples
(other label widths, wording, column positions), so a rule that only fits the samples
fails here.
"""

from __future__ import annotations

import codecs

from scrutiny_parse import load
from scrutiny_parse.layout import Span, TextLine
from scrutiny_parse.readers.text import read_text
from scrutiny_parse.readers.text.decode import decode
from scrutiny_parse.readers.text.paragraph_ends import marks_wraps_only
from scrutiny_parse.readers.text.positions import keeps_columns, spans_of
from scrutiny_parse.segment.retable.grid import page_columns as _page_columns
from scrutiny_parse.segment.retable.label_column import _value_start, split_label_column
from scrutiny_parse.segment.retable.structure import structure
from scrutiny_parse.vocabulary import label_left_open

# A -layout dump: a label column 14 wide, two value columns, labels without colons on
# two lines, a cell spanning both columns, a row broken by a page break (with a running
# header), an amended grade written "23" and an explanation paragraph.
_LAYOUT = """\
Review: Street Lighting

Recommendation 1: LED lanterns replace the old sodium lanterns on every
main road.

Lead          Hannah Moss
Officer

Timescale     April 2024              March 2026

Action(s)     Replace 2,000           Dim lanterns to
Agreed        lanterns a year.        50% after
                                      midnight.

Progress      1,950 lanterns          Dimming is live
to date       were replaced in        on 40 roads.
(March        2024/25.

\fCouncil Highways Report
2025)         The remaining           A survey of
              work is planned.        residents is due.

Progress      1                       23
Assessment
(March                                The survey was
2025)                                 delayed by the
                                      election.

\fCouncil Highways Report
"""


def test_decode_utf16_with_bom_and_cp1252() -> None:
    text = "Review: Parks – Open Spaces\r\nLine two"
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text.replace("\r\n", "\n")
    assert decode(text.encode("cp1252")) == text.replace("\r\n", "\n")
    # A stray byte that is not UTF-8 does not make the dump unreadable.
    assert decode(b"caf\xe9 ok").startswith("caf")


def test_spans_split_at_column_gaps_and_keep_bullets_with_their_text() -> None:
    spans = spans_of("Date:     April 2024    \uf0b7   Ongoing now")
    assert [(s.start, s.text) for s in spans] == [
        (0, "Date:"),
        (10, "April 2024"),
        (24, "\uf0b7 Ongoing now"),
    ]
    assert keeps_columns(_LAYOUT.split("\n"))
    assert not keeps_columns(["Review: Street Lighting", "one line of text", "another"])


def test_layout_dump_rebuilds_rows_columns_and_rounds() -> None:
    update = load(_LAYOUT.encode())
    (rec,) = update.recommendations
    assert rec.text.startswith("LED lanterns replace") and rec.text.endswith("main road.")
    actions = rec.parts[0].actions
    assert len(actions) == 2
    # One responsibility cell, nothing beside it: taken to cover both columns.
    assert [a.responsibility.text for a in actions if a.responsibility] == ["Hannah Moss"] * 2
    assert [a.date.text for a in actions if a.date] == ["April 2024", "March 2026"]
    assert [a.action.text for a in actions if a.action] == [
        "Replace 2,000 lanterns a year.",
        "Dim lanterns to 50% after midnight.",
    ]
    first, second = (a.rounds[0] for a in actions)
    # The evidence label was torn by the page break: "(March" / header / "2025)".
    assert first.period is not None and first.period.text == "March 2025"
    assert first.evidence is not None
    assert first.evidence.text == (
        # A short line ending a sentence, then a capital overleaf: a new paragraph.
        "1,950 lanterns were replaced in 2024/25.\nThe remaining work is planned."
    )
    assert first.assessment is not None and first.assessment.grade == 1
    assert second.assessment is not None
    assert (second.assessment.grade, second.assessment.previous_grade) == (3, 2)
    assert second.assessment.explanation == "The survey was delayed by the election."


def test_layout_guess_names_recommendation_and_field() -> None:
    update = load(_LAYOUT.encode())
    guesses = [w for w in update.warnings if w.code == "reader" and w.recommendation == 1]
    assert any(w.field == "responsibility" for w in guesses)


# pypdf's style: no empty lines at all; a wrapped line keeps its trailing space ("~").
_PYPDF = (
    """\
Review: Street Lighting
Recommendation 1: LED lanterns replace the old lanterns.
Responsibility: Hannah Moss
Date: April 2024
Agreed Action:
Replace 2,000 lanterns a~
year on main roads.
Evidence of Progress (March 2025):
1,950 lanterns were~
replaced.
A further 300 are planned.
Assessment of Progress (March 2025):
1
""".replace("~", " ")
    + "\n".join(f"Filler line {i} of the appendix. " for i in range(20))
)


def test_pypdf_style_block_ends_at_lines_without_a_wrap_space() -> None:
    assert marks_wraps_only(_PYPDF.split("\n"))
    layout = read_text(_PYPDF.encode())
    kinds = [ln.kind for ln in layout.lines[:12]]
    assert "hard" in kinds
    update = load(_PYPDF.encode())
    act = update.recommendations[0].parts[0].actions[0]
    assert act.action is not None
    assert act.action.text == "Replace 2,000 lanterns a year on main roads."
    rnd = act.rounds[0]
    assert rnd.evidence is not None
    assert rnd.evidence.text == "1,950 lanterns were replaced.\nA further 300 are planned."
    assert rnd.assessment is not None and rnd.assessment.grade == 1


def test_text_limits_name_the_limit() -> None:
    import pytest

    from scrutiny_parse import ResourceLimitError
    from scrutiny_parse.limits import Limits

    with pytest.raises(ResourceLimitError, match="max_line_length"):
        load(b"Recommendation 1: " + b"x" * 300, limits=Limits(max_line_length=100))
    with pytest.raises(ResourceLimitError, match="max_text_lines"):
        load(b"Recommendation 1: x\n" * 50, limits=Limits(max_text_lines=10))


def test_grades_on_the_first_line_of_their_label() -> None:
    """pypdf puts side-by-side text on one line: "Assessment of 1 2" then the rest of
    the label; the digits are the row's first grades, not part of its label."""
    dump = (
        "Review: Street Lighting\n\nRecommendation 1: LED lanterns.\n\n"
        "Date: April 2024 May 2025\n\nAgreed Action:\n\nReplace lanterns.\n\nDim them.\n\n"
        "Assessment of 1 2\nProgress (March 2025):\n\nBehind because of the election.\n"
    )
    update = load(dump.encode())
    grades = [a.rounds[0].assessment for a in update.recommendations[0].parts[0].actions]
    assert [g.grade for g in grades if g] == [1, 2]


def test_a_label_wrapped_beside_its_value_is_taken_off_the_value() -> None:
    """pypdf writes a label cell's second line on its value's line: "Success Fewer
    potholes on main" / "Measure(s) roads by 2026." where the document labels the
    row "Success Measure(s)"; the second line's first word is the label's."""
    from scrutiny_parse.layout import TextLine
    from scrutiny_parse.segment.retable.structure import structure

    texts = [
        "Recommendation 1: Fewer complaints.",
        "",
        "Success",
        "Measure(s)",
        "",
        "Fewer complaints.",
        "",
        "Recommendation 2: Fewer potholes.",
        "",
        "Success Fewer potholes on main",
        "Measure(s) roads by 2026.",
    ]
    lines = [TextLine(t, "text" if t else "hard", 1, n) for n, t in enumerate(texts)]
    rows = {
        (rec.number, row.field): [ln.text for ln in row.lines if ln.kind == "text"]
        for rec in structure(lines).recs
        for row in rec.parts[0].rows
    }
    assert rows[2, "success_measure"] == ["Fewer potholes on main", "roads by 2026."]


def test_a_block_per_cell_assessment_reads_grades_in_order_and_amended() -> None:
    """pdfminer writes each cell as a block: the first cell's grade may come before the
    assessment's label, an evidence block between label and grades, and "2 3" is one
    cell's amended grade when the blocks of grades number the columns."""
    cells = "\n\n".join
    dump = cells(
        [
            "Review: Carers",
            "Recommendation 1: Carers are supported.",
            "Agreed Action:",
            "Review the assessment form with carers.",
            "Offer every carer a review within six months.",
            "Set a target of 28 days for assessments.",
            "Evidence of Progress (March 2021):",
            "The revised form went live in October 2020.",
            "Reviews were paused and have now restarted.",
            "Performance is 74% within 28 days.",
            "1",
            "Assessment of Progress (March 2021):",
            "Monthly reporting started in November 2020.",
            "2 3",
            "3",
            "Behind target.",
        ]
    )
    update = load(dump.encode())
    found = [
        (r.assessment.grade, r.assessment.previous_grade)
        for a in update.recommendations[0].parts[0].actions
        for r in a.rounds
        if r.assessment
    ]
    assert found == [(1, None), (3, 2), (3, None)]
    evidence = " ".join(
        r.evidence.text
        for a in update.recommendations[0].parts[0].actions
        for r in a.rounds
        if r.evidence
    )
    assert "Monthly reporting started" in evidence
    notes = [w for w in update.warnings if w.field == "assessment"]
    assert notes and all(w.recommendation == 1 for w in notes)


def test_lines_that_lost_their_wrap_space_still_wrap() -> None:
    """The widest line of a cell can come without its wrap space; it is still wrapped
    when it stops on a word no sentence ends on, or a number goes on after a word."""
    from scrutiny_parse.layout import TextLine
    from scrutiny_parse.readers.text.paragraph_ends import breaks_at_paragraph_ends

    raw = [
        "The policy was approved by the Management Team in",
        "January 2021.",
        "The online form went live on",
        "2 September 2024.",
        "Sessions run every week",
        "Volunteers help.",
    ]
    lines = [TextLine(r, "text", 1, i) for i, r in enumerate(raw)]
    out = breaks_at_paragraph_ends(lines, dict(enumerate(raw)))
    hard_after = [out[i - 1].text for i, ln in enumerate(out) if ln.kind == "hard"]
    assert hard_after == [
        "January 2021.",
        "2 September 2024.",
        "Sessions run every week",
        "Volunteers help.",
    ]


def test_a_dump_that_keeps_wrap_spaces_is_read_as_drawn_cell_by_cell() -> None:
    assert read_text(_PYPDF.encode()).lines_drawn
    # Empty lines between blocks: reading order by position (pdftotext, pdfminer).
    spaced = "\n\n".join(f"Block {i} of the dump." for i in range(30))
    assert not read_text(spaced.encode()).lines_drawn


def test_a_label_glued_to_its_first_cell_by_one_space_is_cut_off() -> None:
    from scrutiny_parse.layout import Span, TextLine
    from scrutiny_parse.segment.retable.label_column import _unglue_label

    spans = (Span(0, 29, "Action(s) to be Freeze burial"), Span(37, 48, "Introduce a"))
    ln = _unglue_label(TextLine("", "text", 1, 0, spans=spans), 20)
    assert [s.text for s in ln.spans] == ["Action(s) to be", "Freeze burial", "Introduce a"]
    assert ln.spans[1].start == 20
    # A heading across the page has no label words to cut.
    spans = (Span(0, 40, "Recommendation 3 The Council reviews"), Span(44, 50, "fees"))
    assert _unglue_label(TextLine("", "text", 1, 0, spans=spans), 20).spans == spans


def test_a_dump_of_whole_boxes_keeps_wrap_spaces_and_empty_lines() -> None:
    boxes = "\n\n".join(f"Box {i} wraps here \nand ends." for i in range(30))
    layout = read_text(boxes.encode())
    assert layout.lines_boxed and not layout.lines_drawn
    assert not read_text(_PYPDF.encode()).lines_boxed


# A pdftotext (reading order) dump unlike any sample: recommendations numbered with no
# word "Recommendation", labels with the period after a dash, one torn at the dash by
# a page break with its grade between, a reference ahead ("(see" / "Recommendation
# 2)."), and the committee's footer set down mid-page by reading order.
_NUMBERED = """\
Review: Payment Choices

1. Residents should be offered more payment dates.
Lead Officer:

Jo Pryce

Progress to
date – June
2025:

Two dates were added; the rest is on hold (see
Recommendation 2).

Assessment of
progress –

2

On track for the autumn.

Panel – 11 June 2025
\fJune 2025:

2. Arrears are recovered in stages.
Lead Officer:

Sam Haddad

Panel – 11 June 2025

Progress to
date – June
2025:

Reminders started.

Assessment of progress – June 2025:

3

Slipped: the contract started late.

Panel – 11 June 2025
"""


def test_numbered_headings_and_dashed_periods_in_a_reading_order_dump() -> None:
    update = load(_NUMBERED.encode())
    assert [(r.number, r.text) for r in update.recommendations] == [
        (1, "Residents should be offered more payment dates."),
        (2, "Arrears are recovered in stages."),
    ]
    rows = {(r["recommendation"], r["period"]): r for r in update.to_records()}
    assert set(rows) == {(1, "June 2025"), (2, "June 2025")}
    assert rows[(1, "June 2025")]["evidence"].endswith("(see Recommendation 2).")
    assert rows[(1, "June 2025")]["grade"] == 2
    assert rows[(2, "June 2025")]["responsibility"] == "Sam Haddad"
    assert rows[(2, "June 2025")]["grade"] == 3
    assert not update.warnings


def test_label_lines_at_page_tops_are_no_running_header() -> None:
    # A table broken over pages starts most of them with its next label's lines.
    pages = ["Progress\nAssessment\n(June 2025)\n2\nCommittee Report\n"] * 3
    layout = read_text("\f".join(pages).encode())
    texts = [ln.text for ln in layout.lines if ln.kind == "text"]
    assert texts.count("Progress") == 3 and "Committee Report" not in texts
    # Nor is the prompt, which repeats with every round ("Categories 1 – 4 (explain" /
    # "if 3 or 4)") and so stands at the foot of most pages.
    pages = [
        f"Grades 1 to 4 (explain\nif 3 or 4)\n{n} 2\nEvidence of\nprogress (May 202{n})\n"
        f"Surveyed {n * 10} roads.\nAssessment of\nprogress (May 202{n})\n"
        for n in range(1, 4)
    ]
    layout = read_text("\f".join(pages).encode())
    texts = [ln.text for ln in layout.lines if ln.kind == "text"]
    assert texts.count("Grades 1 to 4 (explain") == 3 and texts.count("if 3 or 4)") == 3


# A -layout dump whose label cells follow one another with no empty line between (rows
# shorter than their labels), labels wrapped at a dash before the period, a sub-part
# heading right above its table's first label, the prompt worded "(1 – 4, please
# explain)", and a second table whose narrower label column puts its values left of where
# a label line of the first table ends ("please explain)" runs past column 14).
_PACKED = """\
Review: Park Runs

Recommendation 1
Weekly runs start in every large park.

For Northfield Park
Lead Officer:        Omar Reid
Target Date:         May 2024
Action Agreed:       Mark out a 5k
                     route.
Progress Update –    The route was
June 2024            marked in May.
Grade –              2
June 2024            Waiting for
(1 – 4, please       signage.
explain)
Progress Update –    Runs began on 6
January 2025         July.
Grade –              1
January 2025
(1 – 4, please
explain)

Recommendation 2
Runs are promoted to schools.

Lead Officer:  Ada Cole
Target Date:   2025
Action Agreed:  Write to every
                head teacher.
Progress Update –
June 2024      Letters sent.
Grade –        1
June 2024
Progress Update –
January 2025   No change.
Grade –        1
January 2025
"""


def test_packed_label_cells_split_at_their_colon_period_or_the_next_heading() -> None:
    update = load(_PACKED.encode())
    first, second = update.recommendations
    (part,) = first.parts
    assert part.label == "For Northfield Park"
    (action,) = part.actions
    assert action.date is not None and action.date.text == "May 2024"
    assert action.action is not None and action.action.text == "Mark out a 5k route."
    assert [r.period.text for r in action.rounds if r.period] == ["June 2024", "January 2025"]
    june, january = action.rounds
    assert june.assessment is not None and june.assessment.grade == 2
    assert june.assessment.explanation == "Waiting for signage."
    assert june.evidence is not None and june.evidence.text == "The route was marked in May."
    assert january.assessment is not None and january.assessment.grade == 1
    (other,) = second.parts[0].actions
    assert [r.assessment.grade for r in other.rounds if r.assessment] == [1, 1]
    assert other.rounds[0].evidence is not None
    assert other.rounds[0].evidence.text == "Letters sent."


# pdftotext -layout sets each page on its own grid: the same table's columns stand at
# 14 and 34 on one page and at 17 and 38 overleaf (clustered together, they read as
# three columns). A third page holds only the rest of one cell, further right.
_SHIFTED = """\
Recommendation 1: Verges are cut less often to help wildlife.

Lead Officer  Sam Hill
Timescale     June 2024           May 2025
Action        Leave six verges    Sow wild flower
Agreed        uncut until July.   seed on two verges.
Progress      Six verges were     Seed was sown in
(May 2025)    left uncut.         April.
\f
Progress         1                    2
Assessment       Done.                One verge was
(May 2025)                            sown late.
Progress         The verges were      Both verges are
(Nov 2025)       cut in August.       in flower and the
                                      count rose.
Assessment       1                    1
(Nov 2025)                            Bee counts are
\f
                                        on the website.
"""


def test_columns_of_a_table_found_page_by_page_in_a_layout_dump() -> None:
    update = load(_SHIFTED.encode())
    # Two columns, not three: the one responsibility cell is taken to cover both.
    (merged,) = [w for w in update.warnings if w.code == "reader"]
    assert "columns 1-2" in merged.message and merged.field == "responsibility"
    (rec,) = update.recommendations
    first, second = rec.parts[0].actions
    assert [r.assessment.grade for r in first.rounds if r.assessment] == [1, 1]
    assert [r.assessment.grade for r in second.rounds if r.assessment] == [2, 1]
    assert second.rounds[0].assessment is not None
    assert second.rounds[0].assessment.explanation == "One verge was sown late."
    assert second.rounds[1].evidence is not None
    assert second.rounds[1].evidence.text == "Both verges are in flower and the count rose."
    assert second.rounds[1].assessment is not None
    assert second.rounds[1].assessment.explanation == "Bee counts are on the website."
    assert first.rounds[1].evidence is not None
    assert first.rounds[1].evidence.text == "The verges were cut in August."


# Page breaks in a -layout dump's label column: a round's label torn after its first
# word with only grades beside it ("Progress   1   2" / page / "Assessment" / "(May" /
# "2024)"), a prompt cut after "include explanation if" with "required" overleaf, a
# label's rest overleaf packed against the next label ("2025 (include" / ... /
# "required):" / "Progress to"), and the next recommendation's heading at a page top.
_BREAKS = """\
Recommendation 1: Bins are emptied on the day promised.

Lead Officer:      Ann Roe
Action Agreed:     Fit trackers       Publish missed
                   to every lorry.    bins weekly.
Progress to        Trackers were      Figures are
date (May 2024):   fitted in April.   online.
Progress           1                  2
\f
Assessment
(May 2024)
Progress to        The trackers       Figures are
date (Nov 2024):   work well.         late.
Assessment of      1                  3
progress (Nov
2024) – include
explanation if
\f
required
Progress to        No change.         Back on time.
date (May 2025):
Assessment of      1                  1
progress (May
\f
2025 (include
explanation if
required):
\f
Recommendation 2: Crews report fly-tips they pass.

Lead Officer:      Ben Fox
Action Agreed:     Add a fly-tip button to the crew app.
Progress to        The button is live.
date (May 2024):
Assessment         1
(May 2024):
"""


def test_labels_and_prompts_torn_by_page_breaks_in_a_layout_dump() -> None:
    update = load(_BREAKS.encode())
    first, second = update.recommendations
    trackers, figures = first.parts[0].actions
    grades = [
        [
            (r.period.text if r.period else None, r.assessment.grade if r.assessment else None)
            for r in a.rounds
        ]
        for a in (trackers, figures)
    ]
    assert grades == [
        [("May 2024", 1), ("Nov 2024", 1), ("May 2025", 1)],
        [("May 2024", 2), ("Nov 2024", 3), ("May 2025", 1)],
    ]
    assert figures.rounds[1].evidence is not None
    assert figures.rounds[1].evidence.text == "Figures are late."
    assert second.number == 2
    (fly,) = second.parts[0].actions
    assert fly.responsibility is not None and fly.responsibility.text == "Ben Fox"
    assert [r.assessment.grade for r in fly.rounds if r.assessment] == [1]


# pypdf's style on page breaks: the label shares its line with the row's grades
# ("Progress 1 2") and goes on overleaf ("Assessment" / "(May" / "2024)"); another label
# is torn after its month ("Progress – May" / page / "2025 (include" / "explanation if" /
# "required):"), the prompt taking the colon with it.
_PYPDF_BREAKS = (
    "Recommendation 1: Bins are emptied on the day promised.\n"
    "Lead Officer: Ann Roe \n"
    "Action Agreed: Fit trackers to every lorry. Publish missed bins weekly.\n"
    "Progress to date (May 2024): \n"
    "Trackers were fitted in April. Figures are online.\n"
    "Progress 1 2\n"
    "\f"
    "Assessment \n"
    "(May 2024)\n"
    "Progress to date (May 2025): \n"
    "No change. Back on time.\n"
    "Assessment of \n"
    "Progress – May \n"
    "1 1\n"
    "\f"
    "2025 (include \n"
    "explanation if \n"
    "required):\n"
)


def test_torn_labels_with_grades_on_their_line_in_a_pypdf_dump() -> None:
    (rec,) = load(_PYPDF_BREAKS.encode()).recommendations
    actions = rec.parts[0].actions
    assert len(actions) == 2
    for action, first in zip(actions, (1, 2), strict=True):
        got = [
            (r.period.text if r.period else None, r.assessment.grade if r.assessment else None)
            for r in action.rounds
        ]
        assert got == [("May 2024", first), ("May 2025", 1)]


# An older-layout -layout dump with header words wider than their narrow columns,
# broken where the column's edge fell ("Assess" / "ment", "Asses" / "sment") and a
# word of their own on the next line ("ment" / "of" is not "mentof").
_NARROW_HEADER = """\
Progress Update – Review of Bus Passes

No.  Recommendation     Link        Progress           Assess     Progress          Asses
                        Officer     (May 2024)         ment       (Nov 2024)        sment
                                                       of                           (1-4)
                                                       progre
                                                       ss

1    Passes are         Ann Roe     Renewals are       2 – On     All renewals      1
     renewed online.                online.            Track      are online.
"""


def test_header_words_broken_by_narrow_columns_are_glued_again() -> None:
    (rec,) = load(_NARROW_HEADER.encode()).recommendations
    (action,) = rec.parts[0].actions
    assert [
        (r.period.text if r.period else None, r.assessment.grade if r.assessment else None)
        for r in action.rounds
    ] == [
        ("May 2024", 2),
        ("Nov 2024", 1),
    ]


def test_a_label_whose_period_closes_before_a_prompt_opens_is_still_open() -> None:
    assert label_left_open("Assessment of Progress (August 2023) (Grade 1 – 4, with")
    assert label_left_open("Evidence of Progress (March")
    assert not label_left_open("Assessment of Progress (August 2023)")


def test_a_page_reads_the_table_columns_on_its_own_grid_or_not_at_all() -> None:
    def piece(page: int, row: int, start: int) -> tuple[int, int, Span]:
        return page, row, Span(start, start + 5, "words")

    table = [piece(1, r, x) for r in (1, 2, 3) for x in (20, 48, 81, 108)]
    # Squeezed overleaf, every column further left the further right it stands.
    squeezed = [piece(2, r, x) for r in (4, 5) for x in (19, 42, 66, 87)]
    # A nested table's narrow column and an indented list: as many starts, no stretch.
    nested = [piece(3, r, x) for r in (6, 7) for x in (20, 33, 38, 105)]
    # One row overleaf showing every column, each gap closed on its own ("1  1  1  4").
    uneven = [piece(4, 8, x) for x in (24, 55, 95, 112)]
    ref, pages = _page_columns([*table, *squeezed, *nested, *uneven], [20, 48, 81, 108])
    assert ref == [20, 48, 81, 108]
    assert pages[2] == [19, 42, 66, 87]
    assert pages[3] == [20, 48, 81, 108]
    assert pages[4] == [24, 55, 95, 112]


# Three cells' grades on one line with one of them amended ("1 3 1 2"), the last
# cell's explanation after them: the struck digit is the grade its column had in the
# round before (1, 3, 2), so the second cell is the amended one, not the last.
_AMENDED_AFTER = """\
Review: Bulky Waste
Recommendation 1: Bulky waste collections are cheaper and quicker.
Responsibility: Tom Ash
Date: April 2023 March 2024 Summer 2023
Agreed Action: Cut the charges. Book online. Hold skip days.
Progress to date (August 2023):
Charges cut. Booking is live. Two skip days held.
Progress Assessment (August 2023):
1 3 2
Progress to date (February 2024):
No change. Waits are short now. More days are planned.
Progress Assessment (February 2024):
1 3 1 2
Roll-out depends on the budget.
"""


def test_an_amended_grade_is_placed_by_the_round_before() -> None:
    (rec,) = load(_AMENDED_AFTER.encode()).recommendations
    last = [a.rounds[-1].assessment for a in rec.parts[0].actions]
    assert [(a.grade, a.previous_grade) for a in last if a] == [(1, None), (1, 3), (2, None)]


# The same with the grades on lines of their own, as pypdf writes each run ("3" / "1" /
# "1" after "3 1"): the struck digit is still placed by the round before.
_AMENDED_LINES = """\
Review: Hate Crime
Recommendation 1: Hate crime data is published.
Responsibility: Tom Ash
Date: May 2024 November 2024
Agreed Action: Sign the data agreement. Publish a dashboard.
Progress to date (February 2024):
Agreement drafted. Dashboard designed.
Progress Assessment (February 2024):
3 1
Progress to date (August 2024):
Agreement signed. Dashboard live.
Progress Assessment (August 2024):
3
1
1
"""


def test_an_amended_grade_on_lines_of_its_own_is_placed_by_the_round_before() -> None:
    (rec,) = load(_AMENDED_LINES.encode()).recommendations
    last = [a.rounds[-1].assessment for a in rec.parts[0].actions]
    assert [(a.grade, a.previous_grade) for a in last if a] == [(1, 3), (1, None)]


# Three cells "2 1 2" / "1" after "2 3 1": read as 2 struck to 1 (the struck digit is
# the grade its column had), the second cell moved from 3 to 2 unamended; "1 struck to
# 2" in the second cell agrees as often with the round before, but its struck digit not.
_AMENDED_TIE = """\
Review: Market Towns
Recommendation 1: Market towns have fewer empty shops.
Responsibility: Tom Ash
Date: May 2022 June 2022 July 2022
Agreed Action: Fund pop-up shops. Publish a register. Hold a market.
Progress to date (August 2022):
Two shops open. Register drafted. Market held.
Progress Assessment (August 2022):
2 3
1
Progress to date (February 2023):
Four shops open. Register published. Markets monthly.
Progress Assessment (February 2023):
2 1 2
1
"""


def test_an_amended_grade_tie_goes_to_the_struck_digit_that_was_the_grade() -> None:
    (rec,) = load(_AMENDED_TIE.encode()).recommendations
    last = [a.rounds[-1].assessment for a in rec.parts[0].actions]
    assert [(a.grade, a.previous_grade) for a in last if a] == [(1, 2), (2, None), (1, None)]


def test_a_header_row_repeated_at_a_page_top_goes_with_its_short_last_line() -> None:
    # The table's first row is the recommendation, repeated at the top of the page it
    # runs onto, short last line and all ("dementia."), and a label's prompt is torn by
    # the break ("(please give" / page / header again / "reasons for any grade ...").
    pages = [
        [
            "Recommendation 1: That council staff and local businesses understand",
            "dementia.",
            "Lead Officer:     Dev Patel",
            "Progress          2",
            "Assessment        Slower than planned.",
            "(May 2024):",
            "(please give",
        ],
        [
            "Recommendation 1: That council staff and local businesses understand",
            "dementia.",
            "reasons for any",
            "grade of 3 or 4)",
            "Progress to date  Training has reached",
            "(Nov 2024):       91% of the staff.",
        ],
    ]
    lines = [
        TextLine(text, "text", page, 10 * page + n, spans=spans_of(text))
        for page, texts in enumerate(pages, 1)
        for n, text in enumerate(texts)
    ]
    left = [ln.text for ln in split_label_column(lines).left]
    assert left == [
        "Recommendation 1: That council staff and local businesses understand",
        "dementia.",
        "Lead Officer:",
        "Progress Assessment (May 2024):",
        "Progress to date (Nov 2024):",
    ]


def test_one_label_beside_a_later_column_does_not_move_a_page_s_value_start() -> None:
    texts = [
        (1, "Lead Officer:     Ann Roe"),
        (1, "Timescale:        May 2024"),
        (1, "Action Agreed:    Fit trackers        Publish figures"),
        # Overleaf, the rest of a label, its first cells empty on its last line.
        (2, "2024)             treatments by       improved and"),
        (2, "grade has                             changed since."),
    ]
    lines = [TextLine(t, "text", page, n, spans=spans_of(t)) for n, (page, t) in enumerate(texts)]
    assert _value_start(lines) == [18] * 5


def test_a_column_no_page_shows_twice_keeps_the_whole_table_s_columns() -> None:
    def piece(page: int, row: int, start: int) -> tuple[int, int, Span]:
        return page, row, Span(start, start + 5, "words")

    # The second column's cells are short: on each page only one row reaches it.
    pieces = [piece(p, 10 * p + r, 29) for p in (1, 2) for r in (1, 2, 3)]
    pieces += [piece(1, 11, 84), piece(2, 22, 84)]
    assert _page_columns(pieces, [29, 84]) == ([29, 84], {})


def test_a_heading_row_repeated_overleaf_continues_its_recommendation() -> None:
    # pypdf's style: the table's heading row again at the top of the page it runs onto.
    pages = [
        [
            "Recommendation 1: That council staff understand dementia and know how to",
            "help.",
            "Lead Officer: Dev Patel",
            "Progress to date (May 2024):",
            "Training has reached half of the staff.",
        ],
        [
            "Recommendation 1: That council staff understand dementia and know how to",
            "help.",
            "Progress Assessment (May 2024):",
            "2",
            "Recommendation 2: That carers are told where to find help.",
            "Lead Officer: Ann Roe",
        ],
    ]
    lines = [
        TextLine(text, "text", page, 10 * page + n)
        for page, texts in enumerate(pages, 1)
        for n, text in enumerate(texts)
    ]
    doc = structure(lines)
    assert [r.number for r in doc.recs] == [1, 2]
    rows = doc.recs[0].parts[0].rows
    assert [(r.field, r.period) for r in rows] == [
        ("responsibility", None),
        ("evidence", "May 2024"),
        ("assessment", "May 2024"),
    ]


# A pypdf-style dump of a document that writes some labels with colons and some
# without, a job title wrapped onto a line of its own ("Team" / "Lead"), and an
# unbracketed prompt after the period's colon, torn over lines.
_MIXED_COLONS = """\
Recommendation 1: Footpaths are kept clear of overgrowth.

Officer
Responsible

Anna Berry, Rights of Way Team

Lead

Target
date

June 2024

Agreed Action:

Cut back overgrowth on the ten busiest paths.

Measure of Success:

No complaints about the ten paths.

Progress to date
(May 2024)

Eight paths were cut back in April.

Progress Assessment

(May 2024): grade
1-4 (see key) and
commentary

2

Two paths wait for landowner consent.
"""


def test_colon_less_labels_in_a_document_with_colons_and_a_torn_range_prompt() -> None:
    (rec,) = load(_MIXED_COLONS.encode()).recommendations
    (action,) = rec.parts[0].actions
    assert action.responsibility is not None
    assert " ".join(action.responsibility.text.split()) == "Anna Berry, Rights of Way Team Lead"
    assert action.date is not None and action.date.text == "June 2024"
    (rnd,) = action.rounds
    assert rnd.period is not None and rnd.period.text == "May 2024"
    assert rnd.assessment is not None and rnd.assessment.grade == 2
    assert rnd.assessment.explanation == "Two paths wait for landowner consent."


# A -layout dump whose assessment label is too wide for the grid ("Progress Assessment
# 1", the first cell's grade one space after it), whose prompt follows the period's
# colon over three lines and is torn by a page break ("and" / page / "commentary"), and
# whose legend table below the last recommendation has a header row of label words.
_WIDE_LABELS = """\
Recommendation 1: Verges are cut before the summer.
Lead Officer        Ann Roe                         Ben Fox
Timescale           May 2024                        June 2024
Agreed Action       Cut the main roads.             Cut the lanes.
Progress (May       Main roads cut in April.        Lanes cut in May.
2024)
Progress Assessment 1                               2
(May 2024): grade                                   Two lanes wait for a
1-4 (see key) and                                   contractor.
\f
commentary
Progress (Nov       No change.                      All lanes cut.
2024)
Progress Assessment 1                               1
(Nov 2024): grade
1-4 (see key)
and commentary


Grade        Assessment of Progress
1            Achieved (Fully)
2            On Track
"""


def test_wide_assessment_labels_and_a_range_prompt_in_a_layout_dump() -> None:
    (rec,) = load(_WIDE_LABELS.encode()).recommendations
    main, lanes = rec.parts[0].actions
    got = [
        [
            (r.period.text if r.period else None, r.assessment and r.assessment.grade)
            for r in a.rounds
        ]
        for a in (main, lanes)
    ]
    assert got == [[("May 2024", 1), ("Nov 2024", 1)], [("May 2024", 2), ("Nov 2024", 1)]]
    assert lanes.rounds[0].assessment is not None
    assert lanes.rounds[0].assessment.explanation == "Two lanes wait for a contractor."
    assert lanes.rounds[1].evidence is not None
    assert lanes.rounds[1].evidence.text == "All lanes cut."


def test_front_matter_items_on_consecutive_lines_stay_apart() -> None:
    # The longest line of the block is the link officers': "Action" would not have
    # fitted on it, yet it is an item of its own.
    dump = (
        "Review: Bus Lanes\n"
        "Link Officers: Amira Haddad & Tom Pickering\n"
        "Action Plan Agreed: 8 February 2023\n"
        "\n"
        "Recommendation 1: Bus lanes are enforced.\n"
        "\n"
        "Lead Officer: Ann Roe\n"
        "\n"
        "Progress to date (May 2024): Cameras are in place.\n"
        "\n"
        "Assessment of Progress (May 2024): 1\n"
    )
    update = load(dump.encode())
    assert update.link_officers == ["Amira Haddad", "Tom Pickering"]
    assert update.action_plan_agreed is not None
    assert update.action_plan_agreed.text == "8 February 2023"


# A -layout dump whose heading's last line ("action taken.") sits right above the first
# label, whose evidence label carries a prompt of its own ("(please give evidence of
# progress)") and whose assessment prompt opens on a line of its own with its dash.
_PROMPTED_LABELS = """\
Recommendation 1: That the Council publishes the complaints received and the
action taken.
Lead Officer:     Gareth Pryce                    Licensing Team
Date:             July 2020                       October 2020
Action(s)         Set up one complaints log.      Publish a summary.
Agreed:
Progress to       The log went live in July.      The first summary is out.
date (March
2021):
(please give
evidence of
progress)
Progress          1                               2
Assessment                                        Late by a month.
(March 2021)
– include
explanation if
required
"""


def test_prompts_of_evidence_and_assessment_labels_in_a_layout_dump() -> None:
    (rec,) = load(_PROMPTED_LABELS.encode()).recommendations
    log, summary = rec.parts[0].actions
    assert log.responsibility is not None and log.responsibility.text == "Gareth Pryce"
    (first,) = summary.rounds
    assert first.period is not None and first.period.text == "March 2021"
    assert first.evidence is not None and first.evidence.text == "The first summary is out."
    assert first.assessment is not None and first.assessment.grade == 2
    assert first.assessment.explanation == "Late by a month."


# A -layout dump where a long line of one cell ran up to the next cell's column, its
# last word one space from the next cell's first ("whole week Licensing"), and a cell
# whose first line runs over the column beside it before that column's text starts.
_GLUED_CELLS = """\
Recommendation 1: Taxi licences are renewed online.
Lead Officer:     Ann Roe                  Ben Fox
Agreed Action:    Build the form.          Tell the drivers.
Measure of        Redesign the home page to include key options:
Success:
                  Put renewals first.      Add a reminder
                                           by email.
Progress to       The consultation         The report to the
date (March       ran for the whole week Licensing
2021):            to 30 November 2020.     Committee was deferred.
"""


def test_a_word_glued_to_the_next_cell_by_one_space_goes_to_that_cell() -> None:
    (rec,) = load(_GLUED_CELLS.encode()).recommendations
    form, tell = rec.parts[0].actions
    texts = [
        " ".join(t.text.split()) if t else None
        for t in (
            form.success_measure,
            tell.success_measure,
            form.rounds[0].evidence,
            tell.rounds[0].evidence,
        )
    ]
    assert texts == [
        "Redesign the home page to include key options: Put renewals first.",
        "Add a reminder by email.",
        "The consultation ran for the whole week to 30 November 2020.",
        "The report to the Licensing Committee was deferred.",
    ]


# A -layout dump with a measure label torn by a page break ("Agreed Success" / page /
# "Measure:"), a colon-less measure label right above the evidence label, and a prompt
# that follows the period's colon over three lines, then the next sub-part's heading.
_TORN_MEASURE = """\
Recommendation 1: Pupils walk or cycle to school.
For Pupils
Officer(s)        Ann Roe                   Ben Fox
responsible:
Agreed Actions:   Train Year 6 pupils.      Fit cycle stores.
Agreed Success    85% of pupils trained     Stores at all
\f
Measure:          by July.                  schools.
Assessment of     2                         1
Progress (May     Booked for June.
2024): (please give a
grade of 1-4 and a
brief explanation)
For Parents
Officer(s)        Cy Dee
responsible
Agreed Actions    Map the walking routes.
Agreed Success    A map for each school.
Measure
Evidence of       Maps drafted.
Progress (May
2024)
"""


def test_torn_and_stacked_measure_labels_and_a_prompt_after_the_colon() -> None:
    (rec,) = load(_TORN_MEASURE.encode()).recommendations
    pupils, parents = rec.parts
    assert parents.label == "For Parents"
    train, stores = pupils.actions
    assert train.success_measure is not None and stores.success_measure is not None
    assert " ".join(train.success_measure.text.split()) == "85% of pupils trained by July."
    assert " ".join(stores.success_measure.text.split()) == "Stores at all schools."
    assert [r.assessment.grade for r in train.rounds if r.assessment] == [2]
    (walk,) = parents.actions
    assert walk.success_measure is not None
    assert walk.success_measure.text == "A map for each school."
    assert walk.rounds[0].evidence is not None
    assert walk.rounds[0].evidence.text == "Maps drafted."


# A -layout dump whose heading ends on a word that names a field ("activity.") right
# above a sub-part heading, whose action label is glued to its only cell by one space
# on a line of its own, and whose legend is headed "Assessment of Progress Categories".
_HEADING_ENDS = """\
Recommendation 4 – Sports clubs can hire halls at fair rates that support grassroots
activity.
For Sports Clubs
Lead Officer         Dean Hartley
Timescale            September 2024
Action(s) Agreed Introduce a registered club rate for clubs with junior
                     sections.
Progress to date     The rate was introduced in June.
(September 2024)
Progress             1
Assessment
(September 2024)

Assessment of Progress Categories
1          Achieved (Fully)
2          On Track but not yet due for completion
3          Slipped
4          Not Achieved
"""


def test_a_heading_ending_on_a_field_word_and_a_glued_lone_action_cell() -> None:
    update = load(_HEADING_ENDS.encode())
    (rec,) = update.recommendations
    assert rec.text.endswith("support grassroots activity.")
    (part,) = rec.parts
    assert part.label == "For Sports Clubs"
    (rate,) = part.actions
    assert rate.action is not None
    assert " ".join(rate.action.text.split()) == (
        "Introduce a registered club rate for clubs with junior sections."
    )
    assert [
        (r.period.text if r.period else None, r.assessment and r.assessment.grade)
        for r in rate.rounds
    ] == [("September 2024", 1)]
    assert update.grading_scale_source == "document"


# A -layout dump whose assessment label's prompt is torn by a page break ("(please give
# reasons where the" / page / "grade has changed)") right above the next round's label,
# and whose second grade was squeezed left of its column, apart from the first.
_SQUEEZED = """\
Recommendation 1: Food premises store waste safely.
Lead Officer    Ann Roe              Ben Fox              Cy Dee
Agreed          Check bins.          Fine offenders.      Map complaints.
Action:
Progress to     Bins checked.        Nine fines.          Map published.
date (May
2024):
Progress        1          2                  2
Assessment
(May 2024)
(please give
reasons where the
\f
grade has changed)
Progress to     Complete.            Fourteen fines.      Map updated.
date (Nov
2024):
Progress        1                    1                    1
Assessment
(Nov 2024)
"""


def test_a_prompt_closed_overleaf_and_a_grade_squeezed_left_in_a_layout_dump() -> None:
    (rec,) = load(_SQUEEZED.encode()).recommendations
    got = [[r.assessment and r.assessment.grade for r in a.rounds] for a in rec.parts[0].actions]
    assert got == [[1, 1], [2, 1], [2, 1]]
    fines = rec.parts[0].actions[1]
    assert fines.rounds[1].evidence is not None
    assert fines.rounds[1].evidence.text == "Fourteen fines."


# A -layout dump whose labels are glued to their cells by one space: a measure merged
# across both columns on a line of its own, and an evidence label whose period's bracket
# opens on that line ("Progress (April Phase 1 Traffic").
_GLUED_LABELS = """\
Recommendation 1: Residential streets have 20mph limits.
Lead Officer:       Priya Sandhu                      Tom Hale
Agreed Action: Consult on Phase 1.                    Extend to Phase 2.
Agreed Success Average speeds fall by at least 2mph on treated
Measure:            streets.
Evidence of         The Phase 1 consultation          Design of Phase 2
Progress (April ran from 6 November.                  has started.
2024):
Assessment of       1                                 2
Progress (April
2024):
"""


def test_labels_glued_to_their_cells_by_one_space_in_a_layout_dump() -> None:
    (rec,) = load(_GLUED_LABELS.encode()).recommendations
    one, two = rec.parts[0].actions
    assert one.success_measure is not None
    assert " ".join(one.success_measure.text.split()) == (
        "Average speeds fall by at least 2mph on treated streets."
    )
    assert one.rounds[0].period is not None and one.rounds[0].period.text == "April 2024"
    assert one.rounds[0].evidence is not None
    assert " ".join(one.rounds[0].evidence.text.split()) == (
        "The Phase 1 consultation ran from 6 November."
    )
    assert [a.rounds[0].assessment and a.rounds[0].assessment.grade for a in (one, two)] == [1, 2]


def test_a_squeezed_word_goes_to_the_column_it_was_pushed_out_of() -> None:
    from scrutiny_parse.segment.retable.grid import split_at_starts as _split_at_starts

    # "Manager" opens column 2 (at 39) but stands at 34, one space after column 1's text.
    got = _split_at_starts(Span(17, 43, "Community Safety Manager /"), {17, 39, 60})
    assert got == [Span(17, 33, "Community Safety"), Span(39, 48, "Manager /")]
    # Where no piece starts beside it, the piece is a merged cell's and stays whole.
    assert _split_at_starts(Span(17, 43, "Community Safety Manager /"), {17}) == [
        Span(17, 43, "Community Safety Manager /")
    ]
    # Two columns squeezed on one line: each cut is found on the line as written.
    line = "online website and included in the first mobile number"
    got = _split_at_starts(Span(45, 45 + len(line), line), {52, 85})
    assert [s.text for s in got] == [
        "online",
        "website and included in the first",
        "mobile number",
    ]


# A -layout dump whose evidence label's prompt goes on overleaf, whole in its brackets,
# right above the next round's assessment label; and whose legend, under a heading
# "Key – Assessment of Progress", has a header row ("Grade   Meaning") and a grade and
# its wording a row, one wording wrapped.
_PROMPT_OVERLEAF = """\
Committee Report
Review: Rights of Way

Recommendation 1: Stiles are replaced with gaps or gates.
Officer(s)           Tom Briggs                       Digital Services
responsible:
Timescale:           March 2022                       March 2021
Evidence of          32 stiles replaced since         The platform is being
Progress             April 2020, including 21         upgraded.
(November            by parish councils.
2020):
\fCommittee Report
(please provide      Landowners agree each one.
links to
evidence where
available)
Assessment of        2                                3
Progress
(November            On track.                        Delayed by the supplier.
2020):

Key – Assessment of Progress

Grade      Meaning

1          Achieved (Fully)

2          On Track but not yet due
           for completion

3          Slipped

4          Not Achieved
"""


def test_a_prompt_whole_overleaf_ends_its_label_and_a_legend_a_row_per_grade() -> None:
    doc = load(_PROMPT_OVERLEAF.encode())
    (rec,) = doc.recommendations
    rounds = [a.rounds[0] for a in rec.parts[0].actions]
    assert [r.assessment and r.assessment.grade for r in rounds] == [2, 3]
    assert rounds[0].evidence is not None
    assert rounds[0].evidence.text.endswith("Landowners agree each one.")
    assert doc.grading_scale == {
        1: "Achieved (Fully)",
        2: "On Track but not yet due for completion",
        3: "Slipped",
        4: "Not Achieved",
    }
    assert doc.grading_scale_source == "document"


# A reading-order dump of a one-action table: full-width lines, a round with one grade,
# then rounds whose two different digits are one amended cell each ("2 3"); a table
# inside the evidence whose header row starts with "Measure", a word of a label.
_ONE_COLUMN_AMENDED = """\
Review: Food Poverty
Recommendation 1: Uptake of free school meals is maximised.
Officer(s) responsible: Dawn Ellison – Benefits & Revenues Manager
Target Date: Ongoing – reported quarterly
Action(s) Agreed: Use data the Council already holds (housing benefit and Council Tax Reduction) to
identify eligible families who are not claiming, and contact them directly by letter and text.
Measure of Success: Free school meal registration increases year on year across the borough.
Evidence of Progress (January 2024):
A data-matching exercise was carried out in October 2023. It identified 1,312 children who appeared
eligible for free school meals but were not registered, and every family was sent a letter.
Measure March 2023 December 2023
Children registered for free school meals 9,874 10,651
Assessment of Progress (January 2024):
2
Evidence of Progress (July 2024):
The exercise was due to be repeated in April 2024 but was postponed until June because of the
migration to a new benefits system. Free school meal registrations stand at 10,702 this term.
Assessment of Progress (July 2024):
2 3
Slipped because of the benefits system migration. The exercise is now planned for September.
Evidence of Progress (January 2025):
The data-matching exercise was repeated in September 2024 and the Council has now agreed to
automatically enrol eligible children for free school meals from January 2025 onwards.
Assessment of Progress (January 2025):
3 2
Back on track now that automatic enrolment has been agreed by the Cabinet in December.
"""


def test_a_one_column_table_reads_two_different_digits_as_an_amended_grade() -> None:
    (rec,) = load(_ONE_COLUMN_AMENDED.encode()).recommendations
    (action,) = rec.parts[0].actions
    got = [(r.assessment.grade, r.assessment.previous_grade) for r in action.rounds if r.assessment]
    assert got == [(2, None), (3, 2), (2, 3)]
    evidence = action.rounds[0].evidence
    assert evidence is not None and "Measure March 2023 December 2023" in evidence.text


# A -layout dump whose assessment label's prompt runs to the line before a sub-part's
# heading, with no empty line between ("explain any change" / "For Community Groups").
_PROMPT_THEN_PART = """\
Review: Leisure Pricing

Recommendation 4: Clubs and groups can book facilities at fair prices.
For Sports Clubs
Lead Officer     Dean Hartley                  Priya Shah
Timescale        April 2024                    June 2024
Action(s) Agreed Introduce a club rate.        Publish the rates.
Evidence (March  Club rate introduced.         Rates published.
2025)
Assessment       1                             2
(March 2025)
Grade 1-4 – please
explain any change
For Community Groups
Lead Officer     Sunita Ramesh
Timescale        September 2024
Action(s) Agreed Allow groups to book rooms.
Evidence (March  Rooms booked by 12 groups.
2025)
Assessment       3
(March 2025)
Grade 1-4 – please
explain any change
"""


def test_a_prompt_runs_on_to_the_line_before_a_sub_part_heading_and_no_further() -> None:
    (rec,) = load(_PROMPT_THEN_PART.encode()).recommendations
    assert [p.label for p in rec.parts] == ["For Sports Clubs", "For Community Groups"]
    grades = [[a.rounds[0].assessment.grade for a in p.actions] for p in rec.parts]
    assert grades == [[1, 2], [3]]


# A -layout dump whose last round's evidence and assessment are cells merged across both
# actions' columns: the evidence runs over the second column, the grade stands alone.
_MERGED_ROUND = """\
Review: Food Poverty

Recommendation 1: A food poverty strategy is adopted.
Lead Officer           Amira Haddad                        Tom Pickering
Timescale              September 2023                      March 2024
Action(s) Agreed       Complete a needs assessment.        Write the strategy.
Evidence of Progress   The assessment was completed.       The strategy was drafted.
(July 2024)
Assessment of          1                                   2
Progress (July 2024)
Evidence of Progress   The strategy was adopted by Cabinet on 3 December 2024 and the steering
(January 2025)         group will report to this Committee each year.
Assessment of          1
Progress (January
2025)                  Both actions complete.
"""


def test_an_assessment_under_a_merged_evidence_cell_is_merged_too() -> None:
    doc = load(_MERGED_ROUND.encode())
    (rec,) = doc.recommendations
    last = [a.rounds[-1].assessment for a in rec.parts[0].actions]
    assert [(a.grade, a.explanation) for a in last if a] == [
        (1, "Both actions complete."),
        (1, "Both actions complete."),
    ]
    assert any("as the round's evidence does" in w.message for w in doc.warnings)


# The same update in reading order (cell after cell): the last round's evidence one
# full-width block under two half-width columns, its grade and explanation alone.
_MERGED_ROUND_READING = """\
Review: Food Poverty
Recommendation 1: A food poverty strategy is adopted, drawing on a needs assessment and
the views of people with lived experience, and its action plan is monitored each quarter.
Lead Officer:
Amira Haddad
Tom Pickering
Timescale:
September 2023
March 2024
Action(s) Agreed:
Complete a needs assessment drawing on
national survey data and food bank data.
Write the strategy with partners and the
people with lived experience.
Evidence of Progress (July 2024):
The needs assessment was completed in
November 2023, two months late.
The strategy was drafted with the
steering group over the summer.
Assessment of Progress (July 2024):
1 2
Evidence of Progress (January 2025):
The strategy was adopted by Cabinet on 3 December 2024 and the Food Partnership steering
group will monitor the action plan quarterly and report to this Committee every year.
Assessment of Progress (January 2025):
1
Both actions complete.
"""


def test_an_assessment_under_a_merged_evidence_block_is_merged_in_reading_order() -> None:
    (rec,) = load(_MERGED_ROUND_READING.encode()).recommendations
    last = [a.rounds[-1].assessment for a in rec.parts[0].actions]
    assert [a.grade if a else None for a in last] == [1, 1]


def test_a_line_across_the_label_column_inside_a_row_is_a_warning_not_lost() -> None:
    dump = """\
Review: Parks

Recommendation 1: Parks are kept clean.
Lead Officer         Tom Briggs                       Ann Lowe
Timescale            March 2022                       March 2021
Evidence of          Bins were emptied daily.         Litter picks held.
Progress (May        All parks were cleaned.          Volunteers helped.
2021):
Note: figures for both actions are provisional and will be confirmed by the audit team
Assessment of        2                                3
Progress (May
2021):
"""
    doc = load(dump.encode())
    (found,) = [w for w in doc.warnings if "not placed in any cell" in w.message]
    assert found.recommendation == 1 and found.field == "evidence"
    assert "figures for both actions are provisional" in found.message
