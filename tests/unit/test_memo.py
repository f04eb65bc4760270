"""The per-document memo: answers kept inside one scope, nothing kept after it."""

from __future__ import annotations

from scrutiny_parse.layout import Paragraph, Run
from scrutiny_parse.normalise.memo import document_scope, memoised, memoised_by_identity
from scrutiny_parse.segment.celltext import paragraph_text
from scrutiny_parse.segment.labels import classify


def test_answers_are_kept_inside_a_scope_only() -> None:
    calls: list[str] = []

    @memoised
    def shout(text: str, *, twice: bool = False) -> str:
        calls.append(text)
        return text.upper() * (2 if twice else 1)

    assert shout("a") == "A" and shout("a") == "A"
    assert calls == ["a", "a"]  # no scope: computed each time
    with document_scope():
        assert shout("b") == "B" and shout("b") == "B"
        assert shout("b", twice=True) == "BB"  # keyword arguments are part of the key
        assert calls == ["a", "a", "b", "b"]
    with document_scope():  # a new document starts empty
        assert shout("b") == "B"
    assert calls == ["a", "a", "b", "b", "b"]


def test_identity_memo_tells_equal_paragraphs_apart() -> None:
    calls: list[int] = []

    @memoised_by_identity
    def size(p: Paragraph) -> int:
        calls.append(1)
        return len(p.text)

    one, other = Paragraph([Run("same")]), Paragraph([Run("same")])
    with document_scope():
        assert size(one) == size(one) == size(other) == 4
    assert len(calls) == 2


def test_memoised_segment_functions_answer_as_before() -> None:
    p = Paragraph([Run("  Responsibility:  ")], list_kind="bullet")
    outside = (classify("Responsibility:"), classify("Date", allow_rest=True), paragraph_text(p))
    with document_scope():
        first = (classify("Responsibility:"), classify("Date", allow_rest=True), paragraph_text(p))
        again = (classify("Responsibility:"), classify("Date", allow_rest=True), paragraph_text(p))
    assert outside == first == again
