"""history() on small hand-made updates: order, matching, changes, copies, failures.

Each update is written as a tiny outline (recommendation number, text, and per action
its part, text and grades by period), so a test reads as the documents it stands for.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from scrutiny_parse import (
    HISTORY_RECORD_KEYS,
    History,
    ProgressUpdate,
    ScrutinyParseError,
    history,
)
from scrutiny_parse.errors import MissingDependencyError
from scrutiny_parse.grade_history import review_key
from scrutiny_parse.grade_history.match import match_items, similarity, words
from scrutiny_parse.model import (
    Action,
    Assessment,
    Part,
    Period,
    ProgressRound,
    Recommendation,
    SourceInfo,
    TextValue,
)
from scrutiny_parse.normalise.dates import parse_month

# Rounds: {period: grade} or {period: (grade, previous_grade)}; an action: (part, text,
# rounds); a recommendation: (number, text, [actions]).
Rounds = dict[Any, Any]
Outline = list[tuple[int, str, list[tuple[str | None, str, Rounds]]]]

LIBRARY = [
    (1, "Libraries open on Sunday afternoons in the town centre.", [
        (None, "Open the central library on Sundays from 1pm to 4pm.", {}),
        (None, "Publicise the new opening hours in every branch.", {}),
    ]),
    (2, "A home delivery service reaches every housebound resident.", [
        (None, "Recruit twenty volunteer drivers for home delivery.", {}),
    ]),
    (3, "The mobile library visits every village at least once a fortnight.", [
        (None, "Replace the mobile library vehicle with an electric one.", {}),
    ]),
]  # fmt: skip


def outline(grades: dict[tuple[int, int], Rounds], recs: Outline = LIBRARY) -> Outline:
    """``recs`` with the rounds of (recommendation, column) filled in; a recommendation
    left without any rounds is dropped (absent from this update)."""
    out: Outline = []
    for number, text, actions in recs:
        filled = [
            (part, act, grades.get((number, col), {}))
            for col, (part, act, _) in enumerate(actions, 1)
        ]
        if any(rounds for _, _, rounds in filled):
            out.append((number, text, filled))
    return out


def make_update(
    file: str,
    recs: Outline,
    *,
    review: str | None = "Future of the Library Service",
    fmt: str = "docx",
) -> ProgressUpdate:
    recommendations = []
    for number, text, actions in recs:
        parts: dict[str | None, list[Action]] = {}
        for part, act_text, rounds in actions:
            col = len(parts.setdefault(part, [])) + 1
            parts[part].append(
                Action(
                    column=col,
                    action=TextValue(text=act_text),
                    rounds=[_round(period, grade) for period, grade in rounds.items()],
                )
            )
        recommendations.append(
            Recommendation(
                number=number,
                text=text,
                parts=[Part(label=label, actions=acts) for label, acts in parts.items()],
            )
        )
    return ProgressUpdate(
        source=SourceInfo(file_name=file, format=fmt, sha256="0" * 64),  # type: ignore[arg-type]
        review=review,
        recommendations=recommendations,
    )


def _round(period: str | None, grade: Any) -> ProgressRound:
    grade, previous = grade if isinstance(grade, tuple) else (grade, None)
    return ProgressRound(
        period=Period(text=period, month=parse_month(period)) if period is not None else None,
        assessment=Assessment(text=str(grade), grade=grade, previous_grade=previous),
    )


def grades_of(h: History) -> dict[tuple[int, str | None, int], list[tuple[Any, ...]]]:
    """(recommendation, part, column) -> [(period, grade, earlier, change, file)]."""
    out: dict[tuple[int, str | None, int], list[tuple[Any, ...]]] = {}
    for r in h.to_records():
        out.setdefault((r["recommendation"], r["part"], r["column"]), []).append(
            (r["period"], r["grade"], r["earlier_grade"], r["change"], r["file"])
        )
    return out


def codes(h: History) -> list[str]:
    return [w.code for w in h.warnings]


MARCH = make_update(
    "march.docx",
    outline({
        (1, 1): {"March 2021": 2},
        (1, 2): {"March 2021": 2},
        (2, 1): {"March 2021": 3},
        (3, 1): {"March 2021": 1},
    }),
)  # fmt: skip
SEPTEMBER = make_update(
    "september.docx",
    outline({
        (1, 1): {"March 2021": 2, "September 2021": 1},
        (1, 2): {"March 2021": 2, "September 2021": (3, 2)},
        (2, 1): {"March 2021": 3, "September 2021": 3},
    }),
)  # fmt: skip


# --- order, changes, records -------------------------------------------------------------


def test_records_have_the_documented_keys_and_compare_across_updates() -> None:
    h = history([SEPTEMBER, MARCH])  # any order: rounds go by period
    records = h.to_records()
    assert all(tuple(r) == HISTORY_RECORD_KEYS for r in records)
    assert grades_of(h) == {
        (1, None, 1): [
            ("March 2021", 2, None, "first", "march.docx"),
            ("September 2021", 1, 2, "better", "september.docx"),
        ],
        (1, None, 2): [
            ("March 2021", 2, None, "first", "march.docx"),
            ("September 2021", 3, 2, "worse", "september.docx"),
        ],
        (2, None, 1): [
            ("March 2021", 3, None, "first", "march.docx"),
            ("September 2021", 3, 3, "same", "september.docx"),
        ],
        (3, None, 1): [("March 2021", 1, None, "first", "march.docx")],
    }
    struck = [r for r in records if r["previous_grade"] is not None]
    assert [(r["recommendation"], r["column"], r["previous_grade"]) for r in struck] == [(1, 2, 2)]
    (review,) = h.reviews
    assert review.files == ["march.docx", "september.docx"]
    assert review.periods == ["March 2021", "September 2021"]
    assert h.warnings == []


def test_absent_recommendation_is_signed_off_or_not_reported_not_an_error() -> None:
    sept = make_update("september.docx", outline({(1, 1): {"September 2021": 1}}))
    march = make_update(
        "march.docx", outline({(1, 1): {"March 2021": 2}, (2, 1): {"March 2021": 3},
                               (3, 1): {"March 2021": 1}}),
    )  # fmt: skip
    h = history([march, sept])
    status = {(a.recommendation, a.column): a.status for a in h.reviews[0].actions}
    assert status == {(1, 1): "reported", (1, 2): "not_reported", (2, 1): "not_reported",
                      (3, 1): "signed_off"}  # fmt: skip
    assert h.warnings == []


def test_two_rounds_in_one_update_compare_with_each_other() -> None:
    only = make_update("one.docx", outline({(1, 1): {"March 2021": 3, "September 2021": 2}}))
    assert grades_of(history([only]))[(1, None, 1)] == [
        ("March 2021", 3, None, "first", "one.docx"),
        ("September 2021", 2, 3, "better", "one.docx"),
    ]


def test_a_missing_grade_gives_no_change_and_is_not_skipped() -> None:
    u = make_update(
        "u.docx",
        outline({(1, 1): {"March 2021": None, "September 2021": 2, "March 2022": None,
                          "September 2022": 2}}),
    )  # fmt: skip
    assert [(g, e, c) for _, g, e, c, _ in grades_of(history([u]))[(1, None, 1)]] == [
        (None, None, "first"),
        (2, None, None),
        (None, 2, None),
        (2, None, None),
    ]


def test_a_repeated_period_keeps_the_first_report_and_warns_when_restated() -> None:
    sept = make_update(
        "september.docx", outline({(1, 1): {"March 2021": 3, "September 2021": 1},
                                   (1, 2): {"March 2021": 2, "September 2021": 2}}),
    )  # fmt: skip
    h = history([MARCH, sept])
    assert grades_of(h)[(1, None, 1)] == [
        ("March 2021", 2, None, "first", "march.docx"),
        ("September 2021", 1, 2, "better", "september.docx"),
    ]
    assert codes(h) == ["restated"]
    assert "gives March 2021 grade 3, march.docx gave 2" in h.warnings[0].message


def test_an_unparsable_period_goes_by_the_file_position_and_warns() -> None:
    first = make_update("2016-a.docx", outline({(1, 1): {"Progress to date": 3}}))
    second = make_update("2016-b.docx", outline({(1, 1): {None: 2}}))
    h = history([first, second])
    assert [(p, g, c) for p, g, _, c, _ in grades_of(h)[(1, None, 1)]] == [
        ("Progress to date", 3, "first"),
        (None, 2, "better"),
    ]
    assert codes(h) == ["period-unparsed", "period-unparsed"]
    assert "ordered by the file's position (after 2016-a.docx)" in h.warnings[1].message
    # Given the other way round, the files' positions give the other order.
    reverse = history([second, first])
    assert [p for p, *_ in grades_of(reverse)[(1, None, 1)]] == [None, "Progress to date"]


def test_an_undated_round_stays_after_the_dated_round_before_it_in_its_file() -> None:
    u = make_update("u.docx", outline({(1, 1): {"March 2021": 3, "Autumn 2021": 2}}))
    later = make_update("later.docx", outline({(1, 1): {"June 2021": 1}}))
    h = history([later, u])
    assert [p for p, *_ in grades_of(h)[(1, None, 1)]] == ["March 2021", "Autumn 2021", "June 2021"]


# --- matching by content ------------------------------------------------------------------


def test_a_renumbered_recommendation_is_matched_by_its_text() -> None:
    # Recommendation 2 was signed off; the September update moves 3 up to 2.
    renumbered = [LIBRARY[0], (2, LIBRARY[2][1], LIBRARY[2][2])]
    sept = make_update(
        "september.docx",
        outline({(1, 1): {"September 2021": 2}, (2, 1): {"September 2021": 2}}, renumbered),
    )
    h = history([MARCH, sept])
    actions = {(a.recommendation, a.column): a for a in h.reviews[0].actions}
    mobile = actions[(3, 1)]
    assert [(r.period, r.grade, r.change, r.recommendation) for r in mobile.rounds] == [
        ("March 2021", 1, "first", 3),
        ("September 2021", 2, "worse", 2),
    ]
    assert actions[(2, 1)].status == "not_reported"
    assert codes(h) == ["renumbered"]
    assert "recommendation 2 of september.docx reads like recommendation 3" in h.warnings[0].message


def test_reordered_columns_are_matched_by_their_text() -> None:
    swapped = [(1, LIBRARY[0][1], [LIBRARY[0][2][1], LIBRARY[0][2][0]])]
    sept = make_update(
        "september.docx", outline({(1, 1): {"September 2021": 3}, (1, 2): {"September 2021": 1}},
                                  swapped),
    )  # fmt: skip
    h = history([MARCH, sept])
    grades = grades_of(h)
    assert [g for _, g, *_ in grades[(1, None, 1)]] == [2, 1]  # Sunday opening: column 2 now
    assert [g for _, g, *_ in grades[(1, None, 2)]] == [2, 3]
    assert codes(h) == ["moved", "moved"]


def test_same_number_with_other_content_is_a_new_recommendation() -> None:
    other = [LIBRARY[0], (2, "Every school class visits its local library each year.", [
        (None, "Offer every primary school a class visit timetable.", {})])]  # fmt: skip
    sept = make_update("september.docx", outline({(2, 1): {"September 2021": 2}}, other))
    h = history([MARCH, sept])
    assert codes(h) == ["number-reused"]
    by_text = {a.recommendation_text[:20]: a for a in h.reviews[0].actions}
    assert by_text["A home delivery serv"].status == "not_reported"
    assert [r.change for r in by_text["Every school class v"].rounds] == ["first"]


def test_lightly_reworded_recommendation_keeps_its_number_with_a_warning() -> None:
    edited = [
        LIBRARY[0],
        (2, "A delivery service for housebound residents: books at home.", LIBRARY[1][2]),
    ]
    sept = make_update("september.docx", outline({(2, 1): {"September 2021": 2}}, edited))
    h = history([MARCH, sept])
    assert grades_of(h)[(2, None, 1)][1][1:4] == (2, 3, "better")
    assert codes(h) == ["reworded"]


def test_parts_are_matched_by_label_and_column() -> None:
    recs: Outline = [(1, "Residents and staff use the new catalogue.", [
        ("For Residents", "Launch the online catalogue.", {}),
        ("For Staff", "Train staff in the new catalogue.", {}),
    ])]  # fmt: skip
    march = make_update(
        "m.docx", outline({(1, 1): {"March 2021": 2}, (1, 2): {"March 2021": 2}}, recs)
    )
    sept = make_update(
        "s.docx", outline({(1, 1): {"September 2021": 1}, (1, 2): {"September 2021": 3}}, recs)
    )
    h = history([sept, march])
    grades = grades_of(h)
    assert [c for *_, c, _ in grades[(1, "For Residents", 1)]] == ["first", "better"]
    assert [c for *_, c, _ in grades[(1, "For Staff", 1)]] == ["first", "worse"]
    assert h.warnings == []


# --- grouping, copies, failures -----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Future of the Library Service", "future of the library service"),
        ("Review of the Library Service", "Library Service"),
        ("Parks & Open Spaces", "Parks and Open Spaces"),
        ("Digital Optimisation.", "Digital  Optimisation"),
    ],
)
def test_review_names_compare_loosely(a: str, b: str) -> None:
    assert review_key(a) == review_key(b)


def test_updates_are_grouped_by_review() -> None:
    other = make_update("parks.docx", outline({(1, 1): {"March 2021": 2}}), review="Parks")
    renamed = SEPTEMBER.model_copy(update={"review": "FUTURE OF THE LIBRARY SERVICE"})
    nameless = make_update("nameless.docx", outline({(1, 1): {"March 2021": 2}}), review=None)
    h = history([MARCH, other, renamed, nameless])
    assert [(r.review, r.files) for r in h.reviews] == [
        ("FUTURE OF THE LIBRARY SERVICE", ["march.docx", "september.docx"]),
        ("nameless.docx", ["nameless.docx"]),
        ("Parks", ["parks.docx"]),
    ]
    assert codes(h) == ["no-review"]
    assert h.reviews[1].key == "<no review: nameless.docx>"


def test_a_copy_in_another_format_is_used_once() -> None:
    pdf = SEPTEMBER.model_copy(
        update={
            "source": SEPTEMBER.source.model_copy(update={"file_name": "s.pdf", "format": "pdf"})
        }
    )
    h = history([pdf, MARCH, SEPTEMBER])
    assert {f.file: (f.status, f.copy_of) for f in h.files} == {
        "s.pdf": ("copy", "september.docx"),
        "march.docx": ("used", None),
        "september.docx": ("used", None),
    }
    assert h.reviews[0].files == ["march.docx", "september.docx"]
    assert len(h.to_records()) == 7
    assert h.warnings == []  # the copies agree


def test_copies_that_disagree_are_a_warning() -> None:
    grades = {
        (1, 1): {"March 2021": 2, "September 2021": 4},  # the .docx says 1
        (1, 2): {"March 2021": 2, "September 2021": (3, 2)},
        (2, 1): {"March 2021": 3, "September 2021": 3},
    }
    text = make_update("s.txt", outline(grades), fmt="text")
    h = history([text, SEPTEMBER])
    assert codes(h) == ["copy"]
    assert "1 grade(s) differ; september.docx is used" in h.warnings[0].message


def test_same_file_name_twice_gets_two_labels() -> None:
    a = make_update("update.docx", outline({(1, 1): {"March 2021": 2}}))
    b = make_update("update.docx", outline({(1, 1): {"September 2021": 1}}))
    h = history([a, b])
    assert h.reviews[0].files == ["update.docx", "update.docx #2"]


def test_a_path_that_fails_raises_or_is_listed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ScrutinyParseError):
        history([bad])
    h = history([bad, MARCH], skip_failures=True)
    (failed,) = h.failed
    assert failed.file == str(bad) and failed.error == "CorruptDocumentError"
    assert [r.review for r in h.reviews] == ["Future of the Library Service"]


# --- DataFrame ------------------------------------------------------------------------


def test_to_dataframe_has_the_record_columns_and_nullable_grades() -> None:
    pytest.importorskip("pandas")
    frame = history([MARCH, SEPTEMBER]).to_dataframe()
    assert list(frame.columns) == list(HISTORY_RECORD_KEYS)
    assert len(frame) == 7
    assert str(frame["earlier_grade"].dtype) == "Int64"
    assert frame["earlier_grade"].isna().sum() == 4
    assert list(History().to_dataframe().columns) == list(HISTORY_RECORD_KEYS)


def test_to_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'scrutiny-parse\[pandas\]'"
    ) as e:
        history([MARCH]).to_dataframe()
    assert isinstance(e.value, ImportError) and isinstance(e.value, ScrutinyParseError)


# --- the matcher ----------------------------------------------------------------------


def test_similarity_ignores_case_punctuation_and_word_order_and_needs_text() -> None:
    assert similarity(words("Open on Sundays."), words("open on sundays")) == 1.0
    assert similarity(words("Sundays: open"), words("open on Sundays")) == pytest.approx(0.8)
    assert similarity(words(""), words("anything")) is None


def test_matcher_prefers_the_same_position_between_equal_texts() -> None:
    same = words("Promote the award")
    pairs = match_items([(1, same), (2, same)], [(1, same), (2, same)])
    assert [(p.new, p.old, p.how) for p in pairs] == [(0, 0, "confirmed"), (1, 1, "confirmed")]


def test_matcher_pairs_untexted_items_by_position_only() -> None:
    pairs = match_items([(1, ()), (3, ())], [(1, ()), (2, ())])
    assert [(p.new, p.old, p.how) for p in pairs] == [(0, 0, "confirmed")]


def test_a_freed_number_given_to_a_new_recommendation_is_flagged() -> None:
    # September moves 3 up to 2 and gives the freed 3 to a new recommendation: two
    # followed actions were first reported as 3, and both have a September round.
    new = (3, "Every library hosts a monthly reading group for adults.", [
        (None, "Start reading groups in the five largest branches.", {})])  # fmt: skip
    recs = [LIBRARY[0], (2, LIBRARY[2][1], LIBRARY[2][2]), new]
    sept = make_update(
        "september.docx",
        outline({(2, 1): {"September 2021": 1}, (3, 1): {"September 2021": 2}}, recs),
    )
    h = history([MARCH, sept])
    assert codes(h) == ["renumbered", "ambiguous-number"]
    threes = [a for a in h.reviews[0].actions if a.recommendation == 3]
    assert [[r.recommendation for r in a.rounds] for a in threes] == [[3, 2], [3]]


def test_load_many_results_are_taken_failures_included() -> None:
    from scrutiny_parse.batch.many import BatchResult, FailureInfo

    ok = BatchResult(0, "a/march.docx", "ok", MARCH, None, 0.5)
    timeout = BatchResult(1, "a/huge.pdf", "failed", None, FailureInfo("Timeout", "120 s"), 120.0)
    h = history([ok, timeout])
    assert h.reviews[0].files == ["a/march.docx"]
    assert [(f.file, f.error, f.message) for f in h.failed] == [("a/huge.pdf", "Timeout", "120 s")]
