"""Put the updates of one review, and their rounds, in time order.

A round is dated by its period's month (``Period.month``). Not every period has one:
the older one-row-per-recommendation layout often heads its progress column with no
month at all, and some periods are worded so no month can be read. Such a round keeps
the place its file gives it: after the dated round before it in the same file, or,
when its file names no month at all, after the file given before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ProgressUpdate

__all__ = ["Dating", "date_updates", "period_key"]


def period_key(text: str | None) -> str:
    """A period's text compared loosely (``"March  2020"`` = ``"march 2020"``)."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class Dating:
    """Where one update falls: its sort date and, per period, the month it sorts at.

    ``date`` is the latest month the update names (or the date of the update given
    before it when it names none); ``months`` maps each :func:`period_key` of its
    rounds to the month that round sorts at; ``undated`` lists the period texts
    with no month, in document order.
    """

    date: str
    months: dict[str, str]
    undated: tuple[str | None, ...]


def _periods(update: ProgressUpdate) -> list[tuple[str | None, str | None]]:
    """(text, month) of each distinct period, in the order the document first gives them."""
    seen: dict[str, tuple[str | None, str | None]] = {}
    for rec in update.recommendations:
        for part in rec.parts:
            for action in part.actions:
                for rnd in action.rounds:
                    text = rnd.period.text if rnd.period else None
                    month = rnd.period.month if rnd.period else None
                    seen.setdefault(period_key(text), (text, month))
    return list(seen.values())


def date_updates(updates: Sequence[ProgressUpdate]) -> list[Dating]:
    """The :class:`Dating` of each update, given in input order."""
    out: list[Dating] = []
    previous = ""  # the date of the update given before: where an undated one goes
    for update in updates:
        periods = _periods(update)
        months = [m for _, m in periods if m is not None]
        date = max(months) if months else previous
        sort_months: dict[str, str] = {}
        last = min(months) if months else date
        for text, month in periods:
            if month is not None:
                last = month
            sort_months[period_key(text)] = month if month is not None else last
        undated = tuple(text for text, month in periods if month is None)
        out.append(Dating(date, sort_months, undated))
        previous = date
    return out
