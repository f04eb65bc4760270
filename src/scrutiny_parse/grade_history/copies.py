"""The same update in several files: an archive often keeps the .docx and the PDF
printed from it, sometimes a .doc or a text dump too. One of them is used.

Copies name the same recommendations and the same periods; when some period has no
month (the older layout), they must also give nearly the same evidence, since two
undated updates of one review cannot otherwise be told apart. The copy in the format
that keeps most of what was typed is used: Word, then LibreOffice and RTF, then PDF,
then text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Action, ProgressUpdate
from .match import similarity, words
from .order import period_key

__all__ = ["FORMAT_PREFERENCE", "drop_copies", "grade_differences", "is_copy"]

#: Lower is used first.
FORMAT_PREFERENCE = {"docx": 0, "odt": 1, "doc": 2, "rtf": 3, "pdf": 4, "text": 5}
_UNDATED_EVIDENCE_SIMILARITY = 0.6


def drop_copies(updates: Sequence[ProgressUpdate]) -> tuple[list[int], dict[int, int]]:
    """(the indexes of the updates to use, in order; {index of a copy: index used instead}).

    Among copies the most faithful format is used; of two in one format, the first given.
    """
    best_first = sorted(
        range(len(updates)),
        key=lambda i: (FORMAT_PREFERENCE.get(updates[i].source.format, 9), i),
    )
    kept: list[int] = []
    copies: dict[int, int] = {}
    for i in best_first:
        original = next((k for k in kept if is_copy(updates[i], updates[k])), None)
        if original is None:
            kept.append(i)
        else:
            copies[i] = original
    return sorted(kept), copies


def _actions(update: ProgressUpdate) -> Iterable[Action]:
    return (a for r in update.recommendations for p in r.parts for a in p.actions)


def _signature(update: ProgressUpdate) -> tuple[tuple[int, ...], frozenset[str]]:
    numbers = tuple(sorted(r.number for r in update.recommendations))
    periods = frozenset(
        (rnd.period.month or period_key(rnd.period.text)) if rnd.period else ""
        for action in _actions(update)
        for rnd in action.rounds
    )
    return numbers, periods


def is_copy(a: ProgressUpdate, b: ProgressUpdate) -> bool:
    """True when ``a`` and ``b`` are one update (see the module docstring)."""
    if _signature(a) != _signature(b):
        return False
    dated = all(
        rnd.period is not None and rnd.period.month is not None
        for action in _actions(a)
        for rnd in action.rounds
    )
    if dated:
        return True
    sim = similarity(_evidence_words(a), _evidence_words(b))
    return sim is None or sim >= _UNDATED_EVIDENCE_SIMILARITY


def _evidence_words(update: ProgressUpdate) -> tuple[str, ...]:
    return tuple(
        w
        for action in _actions(update)
        for rnd in action.rounds
        for w in words(rnd.evidence.text if rnd.evidence else "")
    )


def grade_differences(a: ProgressUpdate, b: ProgressUpdate) -> int:
    """How many (recommendation, part, column, period) cells grade differently."""

    def grades(u: ProgressUpdate) -> dict[tuple[object, ...], object]:
        return {
            (r["recommendation"], r["part"], r["column"], r["period"]): r["grade"]
            for r in u.to_records()
        }

    ga, gb = grades(a), grades(b)
    return sum(1 for k in ga.keys() | gb.keys() if ga.get(k) != gb.get(k))
