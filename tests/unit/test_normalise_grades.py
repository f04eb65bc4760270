"""Assessment cells: grade, struck-through previous grade, explanation."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from scrutiny_parse.model import DEFAULT_GRADING_SCALE
from scrutiny_parse.normalise.grades import ParsedAssessment, grade_from_label, parse_assessment
from scrutiny_parse.normalise.text import clean_paragraph

Runs = list[list[tuple[str, bool]]]


def plain(*paragraphs: str) -> Runs:
    return [[(p, False)] for p in paragraphs]


@pytest.mark.parametrize(
    ("cell", "grade", "previous", "explanation"),
    [
        # Seed: grade alone, then the explanation paragraph.
        (
            plain("3", "", "The redesign is included in the replacement of the Council website."),
            3,
            None,
            "The redesign is included in the replacement of the Council website.",
        ),
        (plain("2"), 2, None, None),
        (plain("Grade 2"), 2, None, None),
        (plain("Grade: 2"), 2, None, None),
        # The grade's category word says the grade again: it is not an explanation
        # ("1- Achieved", "3 – Slipped" in the older layout); a further paragraph is.
        (plain("2 (On-Track)"), 2, None, None),
        (plain("2 - On track"), 2, None, None),
        (plain("1- Achieved"), 1, None, None),
        (
            plain("3 – Slipped", "Delayed by the new IT system."),
            3,
            None,
            "Delayed by the new IT system.",
        ),
        (plain("1 Achieved (Fully)"), 1, None, None),
        (plain("2 On track; works start in May"), 2, None, "On track; works start in May"),
        (plain("2: work continues", "More text"), 2, None, "work continues\nMore text"),
        (plain("2. Text"), 2, None, "Text"),
        (plain("(include explanation if required)", "1", "Done."), 1, None, "Done."),
        (plain("4", "(include explanation if required)"), 4, None, None),
        (plain("  ", "", "1"), 1, None, None),
        # Numbers that are not grades.
        (plain("2020 was busy"), None, None, "2020 was busy"),
        (plain("20 residents"), None, None, "20 residents"),
        (plain("1st phase done"), None, None, "1st phase done"),
        (plain("12 months delay"), None, None, "12 months delay"),
        (plain("WCAG 2.1 AA"), None, None, "WCAG 2.1 AA"),
        (plain(""), None, None, None),
        ([], None, None, None),
    ],
)
def test_parse_assessment_examples(
    cell: Runs, grade: int | None, previous: int | None, explanation: str | None
) -> None:
    result = parse_assessment(cell)
    assert (result.grade, result.previous_grade, result.explanation) == (
        grade,
        previous,
        explanation,
    )
    assert result.notes == ()


def test_a_category_word_that_disagrees_with_the_digit_is_noted() -> None:
    result = parse_assessment(plain("2 - Slipped"))
    assert (result.grade, result.explanation) == (2, None)
    assert result.notes == ("the category word 'Slipped' does not match grade 2: took the digit",)


@pytest.mark.parametrize(
    "cell",
    [
        [[("2", True), ("3", False)]],
        [[("2", True), (" ", False), ("3", False)]],
        [[("2", True), ("→", False), ("3", False)]],
        [[("2 ", True), ("-> 3", False)]],
        [[("3 ", False), ("2", True)]],
        [[("1", True), (" ", False), ("2", True), (" 3", False)]],
    ],
)
def test_struck_digit_is_previous_grade(cell: Runs) -> None:
    result = parse_assessment(cell)
    assert (result.grade, result.previous_grade, result.notes) == (3, 2, ())


@pytest.mark.parametrize("text", ["2 3", "2→3", "2/3", "2 -> 3", "2 to 3", "2\u00a03"])
def test_two_plain_digits_take_the_last_with_a_note(text: str) -> None:
    result = parse_assessment(plain(text))
    assert (result.grade, result.previous_grade) == (3, 2)
    assert result.notes == (
        "two grades in one cell without strike-through: took the last as current",
    )


def test_only_struck_grade() -> None:
    result = parse_assessment([[("2", True)]])
    assert (result.grade, result.previous_grade) == (None, 2)
    assert len(result.notes) == 1


def test_a_new_grade_in_the_paragraph_under_the_struck_one() -> None:
    # "~~3~~" / "1" / "Slipped.": the officer wrote the new grade on a line of its own.
    result = parse_assessment([[("3", True)], [("1", False)], [("Slipped.", False)]])
    assert (result.grade, result.previous_grade, result.explanation) == (1, 3, "Slipped.")
    assert result.notes == ()
    # A number that starts a sentence under it is no grade.
    result = parse_assessment([[("3", True)], [("12 groups joined.", False)]])
    assert (result.grade, result.previous_grade) == (None, 3)


@pytest.mark.parametrize(("text", "value"), [("5", 5), ("0", 0), ("9 ", 9)])
def test_out_of_range_digit(text: str, value: int) -> None:
    result = parse_assessment(plain(text))
    assert result.grade is None
    assert result.notes == (f"grade {value} is outside 1-4",)


@pytest.mark.parametrize(
    ("text", "grade", "wording"),
    [
        ("On Track", 2, "On Track"),
        ("On-Track: work continues", 2, "On-Track"),
        ("Fully Achieved", 1, "Fully Achieved"),
        ("Achieved (Fully)", 1, "Achieved (Fully)"),
        ("Completed in May", 1, "Completed"),
        ("Slipped due to Covid", 3, "Slipped"),
        ("Delayed", 3, "Delayed"),
        ("Not Achieved", 4, "Not Achieved"),
        ("not achieved yet", 4, "not achieved"),
    ],
)
def test_grade_inferred_from_wording(text: str, grade: int, wording: str) -> None:
    result = parse_assessment(plain(text, "More."))
    assert result.grade == grade
    assert result.previous_grade is None
    assert result.explanation == f"{text}\nMore."
    assert result.notes == (f"grade inferred from wording {wording!r}",)


SECOND_LEGEND = {
    1: "Achieved (Fully)",
    2: "On Track but not yet due for completion",
    3: "Slipped",
    4: "Not Achieved",
}


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        ("Fully Achieved", DEFAULT_GRADING_SCALE, 1),
        ("On-Track", DEFAULT_GRADING_SCALE, 2),
        ("Slipped", DEFAULT_GRADING_SCALE, 3),
        ("Not Achieved", DEFAULT_GRADING_SCALE, 4),
        ("Achieved (Fully)", SECOND_LEGEND, 1),
        ("On Track but not yet due for completion", SECOND_LEGEND, 2),
        ("not achieved", None, 4),
        ("Achieved", None, 1),
        ("Complete", None, 1),
        ("Completed", None, 1),
        ("ON TRACK", None, 2),
        ("Amber", {1: "Green", 2: "Amber", 3: "Red", 4: "Black"}, 2),
        ("Amber", None, None),
        ("Achievement", None, None),
        ("Partially achieved", None, None),
        ("", None, None),
    ],
)
def test_grade_from_label(text: str, scale: dict[int, str] | None, expected: int | None) -> None:
    assert grade_from_label(text, scale) == expected


# -- properties ------------------------------------------------------------------------

run_lists = st.lists(
    st.lists(st.tuples(st.text(max_size=12), st.booleans()), max_size=5), max_size=4
)


@given(run_lists)
def test_parse_assessment_never_raises(cell: Runs) -> None:
    result = parse_assessment(cell)
    assert isinstance(result, ParsedAssessment)
    assert result.grade is None or 1 <= result.grade <= 4
    assert result.previous_grade is None or 1 <= result.previous_grade <= 4
    assert result.explanation is None or result.explanation.strip() == result.explanation != ""


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "3", "4", " ", "→", "/", "a", "12", "-"]), st.booleans()
        ),
        max_size=8,
    )
)
def test_parse_assessment_never_raises_on_grade_like_runs(runs: list[tuple[str, bool]]) -> None:
    result = parse_assessment([runs])
    assert result.grade is None or 1 <= result.grade <= 4
    assert result.previous_grade is None or 1 <= result.previous_grade <= 4


joiners = st.sampled_from(["", " ", "  ", "\u00a0", " → ", "→", "->", " -> ", " / ", "/", " to "])


@given(st.integers(1, 4), st.integers(1, 4), joiners, st.booleans())
def test_struck_previous_then_new(prev: int, new: int, joiner: str, joiner_struck: bool) -> None:
    cell = [[(str(prev), True), (joiner, joiner_struck), (str(new), False)]]
    result = parse_assessment(cell)
    assert (result.grade, result.previous_grade) == (new, prev)
    assert result.explanation is None


explanations = st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.()'\n\t-]{0,60}", fullmatch=True)


@given(
    st.integers(1, 4),
    explanations,
    st.sampled_from(["paragraph", " ", " - ", ": ", " – ", ". "]),
)
# "1 TO0": a joiner word glued to a digit is no joiner, so "0" is no second grade.
@example(1, "TO0", " ")
def test_explanation_after_grade_is_cleaned(grade: int, explanation: str, how: str) -> None:
    assume("explanation if required" not in explanation)
    if how == "paragraph":
        cell = plain(str(grade), "", explanation)
    else:
        cell = plain(f"{grade}{how}{explanation}")
    result = parse_assessment(cell)
    assert result.grade == grade
    assert result.previous_grade is None
    assert result.explanation == clean_paragraph(explanation)


@pytest.mark.parametrize(
    ("text", "grade", "previous"),
    [
        ("3 (amended from 2)", 3, 2),
        ("3 - Revised from grade 2: the work slipped", 3, 2),
        ("2 (previously 3)", 2, 3),
        ("4 (was 3)", 4, 3),
        ("3 (was 3)", 3, None),  # the same grade said again is no amendment
        ("1 Previously reported as slipped", 1, None),
    ],
)
def test_amendment_written_beside_the_grade(text: str, grade: int, previous: int | None) -> None:
    got = parse_assessment([[(text, False)]])
    assert (got.grade, got.previous_grade) == (grade, previous)
    assert got.explanation  # the words stay in the explanation
    assert bool(got.notes) == (previous is not None)


def test_amendment_in_a_later_paragraph_is_left_as_text() -> None:
    """A later paragraph may be another cell's text read into this one (a text dump)."""
    got = parse_assessment([[("3", False)], [("Amended from 2: the link slipped", False)]])
    assert (got.grade, got.previous_grade) == (3, None)
