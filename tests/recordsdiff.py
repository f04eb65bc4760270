"""Compare two record lists field by field, with messages that say where they differ.

Used by the golden tests and by the cross-format tests (PDF vs .docx): a failure names
the recommendation, part, column, period and field, not just "lists differ".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Record = dict[str, Any]
_KEY = ("recommendation", "part", "column", "period")


def _where(key: tuple[Any, ...]) -> str:
    rec, part, column, period = key
    bits = [f"recommendation {rec}"]
    if part is not None:
        bits.append(f"part {part!r}")
    bits.append(f"column {column}")
    if period is not None:
        bits.append(f"period {period!r}")
    return ", ".join(bits)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


def record_differences(actual: Sequence[Record], expected: Sequence[Record]) -> list[str]:
    """Every difference between ``actual`` and ``expected``, one readable line each."""
    problems: list[str] = []
    act = {tuple(r.get(k) for k in _KEY): r for r in actual}
    exp = {tuple(r.get(k) for k in _KEY): r for r in expected}
    for key in exp.keys() - act.keys():
        problems.append(f"{_where(key)}: missing from the output")
    for key in act.keys() - exp.keys():
        problems.append(f"{_where(key)}: not expected, but in the output")
    for key in [k for k in exp if k in act]:
        a, e = act[key], exp[key]
        if list(a) != list(e):
            problems.append(f"{_where(key)}: keys {list(a)} != expected {list(e)}")
        for field in e:
            if a.get(field) != e[field]:
                problems.append(
                    f"{_where(key)}: field {field!r} differs: "
                    f"expected {_short(e[field])}, got {_short(a.get(field))}"
                )
    if not problems and [tuple(r.get(k) for k in _KEY) for r in actual] != [
        tuple(r.get(k) for k in _KEY) for r in expected
    ]:
        problems.append("same records, different order")
    return problems


def assert_same_records(actual: Sequence[Record], expected: Sequence[Record], what: str) -> None:
    problems = record_differences(actual, expected)
    if problems:
        shown = "\n  ".join(problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        raise AssertionError(f"{what}: {len(problems)} difference(s)\n  {shown}{more}")


def front_view(update: Any) -> dict[str, Any]:
    """What an update holds besides its records, in a comparable (JSON-like) form."""
    plan = update.action_plan_agreed
    return {
        "review": update.review,
        "classification": update.classification,
        "title": update.title,
        "link_officers": update.link_officers,
        "action_plan_agreed": plan.text if plan else None,
        "grading_scale": {str(k): v for k, v in update.grading_scale.items()},
        "grading_scale_source": update.grading_scale_source,
        "recommendations": [{"number": r.number, "text": r.text} for r in update.recommendations],
    }


def assert_same_front(actual: dict[str, Any], expected: dict[str, Any], what: str) -> None:
    """Every key of ``expected`` (a :func:`front_view`, records aside) equal in ``actual``."""
    problems = [
        f"{key}: expected {_short(value)}, got {_short(actual.get(key))}"
        for key, value in expected.items()
        if key != "records" and actual.get(key) != value
    ]
    if problems:
        raise AssertionError(f"{what}: front matter differs\n  " + "\n  ".join(problems))
