"""The model validates impossible data and flattens to the record contract exactly."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scrutiny_parse import (
    RECORD_KEYS,
    Action,
    Assessment,
    Part,
    Period,
    ProgressRound,
    ProgressUpdate,
    Recommendation,
    SourceInfo,
    TextValue,
)

SHA = "0" * 64


def _update(**kw: object) -> ProgressUpdate:
    return ProgressUpdate(source=SourceInfo(format="docx", sha256=SHA), **kw)  # type: ignore[arg-type]


def test_grade_outside_1_to_4_is_rejected() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 4"):
        Assessment(text="5", grade=5)
    with pytest.raises(ValidationError):
        Assessment(text="0", grade=0)


def test_duplicate_recommendation_numbers_are_rejected() -> None:
    recs = [Recommendation(number=1, text="a"), Recommendation(number=1, text="b")]
    with pytest.raises(ValidationError, match=r"duplicate recommendation numbers: \[1\]"):
        _update(recommendations=recs)


def test_columns_must_run_1_to_n() -> None:
    with pytest.raises(ValidationError, match=r"action columns must be 1\.\.2"):
        Part(actions=[Action(column=1), Action(column=3)])


def test_month_format_is_checked() -> None:
    with pytest.raises(ValidationError):
        Period(text="March 2020", month="2020-13")


def test_records_have_exactly_the_contract_keys() -> None:
    act = Action(
        column=1,
        action=TextValue(text="Do it"),
        rounds=[
            ProgressRound(
                period=Period(text="March 2020", month="2020-03"),
                evidence=TextValue(text="Done"),
                assessment=Assessment(text="2 3", grade=3, previous_grade=2, explanation=None),
            )
        ],
    )
    update = _update(
        review="R",
        recommendations=[Recommendation(number=4, text="t", parts=[Part(actions=[act])])],
    )
    (record,) = update.to_records()
    assert tuple(record) == RECORD_KEYS
    assert record == {
        "review": "R",
        "recommendation": 4,
        "part": None,
        "column": 1,
        "responsibility": "",
        "date": "",
        "action": "Do it",
        # No success measure in the document at all: null, not "" (an empty cell).
        "success_measure": None,
        "period": "March 2020",
        "evidence": "Done",
        "grade": 3,
        "previous_grade": 2,
        "explanation": None,
    }


def test_action_without_rounds_gives_one_record() -> None:
    update = _update(
        review="R",
        recommendations=[
            Recommendation(number=1, text="t", parts=[Part(actions=[Action(column=1)])])
        ],
    )
    (record,) = update.to_records()
    assert record["period"] is None and record["grade"] is None and record["evidence"] == ""


def test_json_round_trip() -> None:
    update = _update(review="R", recommendations=[Recommendation(number=1, text="t")])
    again = ProgressUpdate.model_validate_json(update.model_dump_json())
    assert again == update
