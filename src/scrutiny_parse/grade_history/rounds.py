"""From the rounds seen of each followed action to its public rounds: one per period,
in period order, each compared with the round before.

Later updates repeat earlier rounds word for word ("earlier updates are retained so
Members can see how progress has changed"), so a period is often reported several
times; the update that reported it first is kept, and a later one that gives it a
different grade is a ``restated`` warning, never a silent change of the record.
"""

from __future__ import annotations

from .follow import ActionTrack, RecTrack, Seen, where
from .model import Change, HistoryAction, HistoryRound, HistoryWarning, Status

__all__ = ["actions_of", "check_numbers", "compare", "one_per_period", "periods_of", "status"]


def actions_of(
    tracks: list[RecTrack], latest: str, review: str, warnings: list[HistoryWarning]
) -> list[tuple[HistoryAction, list[Seen]]]:
    """The public actions in the action plan's order, each with the rounds it kept."""
    keyed: list[tuple[tuple[int, int, int, int], HistoryAction, list[Seen]]] = []
    for rec in tracks:
        for act in rec.actions:
            kept = one_per_period(act, review, warnings)
            action = HistoryAction(
                recommendation=act.recommendation,
                part=act.part,
                column=act.column,
                recommendation_text=rec.text,
                action=act.action,
                status=status(act, kept, latest),
                rounds=compare(kept),
            )
            keyed.append((act.sort_key, action, kept))
    keyed.sort(key=lambda k: k[0])
    return [(action, kept) for _, action, kept in keyed]


def one_per_period(act: ActionTrack, review: str, warnings: list[HistoryWarning]) -> list[Seen]:
    """The action's rounds in period order, each period once, as first reported."""
    kept: dict[tuple[str, ...], Seen] = {}
    for s in sorted(act.seen, key=lambda s: (s.rank, s.index)):
        first = kept.setdefault(s.identity, s)
        if first is not s and first.grade != s.grade:
            warnings.append(
                HistoryWarning(
                    code="restated",
                    review=review,
                    file=s.file,
                    recommendation=s.recommendation,
                    message=f"{where(s.recommendation, act.latest_part, act.latest_column)}: "
                    f"{s.file} gives {s.period or 'its period'} grade {_grade(s.grade)}, "
                    f"{first.file} gave {_grade(first.grade)}; the first report is kept",
                )
            )
    return sorted(kept.values(), key=lambda s: s.order)


def _grade(grade: int | None) -> str:
    return "none" if grade is None else str(grade)


def compare(seen: list[Seen]) -> list[HistoryRound]:
    """Each round with the grade of the round before and how it changed (1 is best).

    ``first`` when there is no round before; null when either grade is missing (a
    missing grade is not guessed from an older one); else same, better or worse.
    """
    rounds: list[HistoryRound] = []
    before: Seen | None = None
    for s in seen:
        change: Change | None
        if before is None:
            change = "first"
        elif s.grade is None or before.grade is None:
            change = None
        elif s.grade == before.grade:
            change = "same"
        else:
            change = "better" if s.grade < before.grade else "worse"
        rounds.append(
            HistoryRound(
                period=s.period,
                month=s.month,
                grade=s.grade,
                previous_grade=s.previous_grade,
                earlier_grade=before.grade if before else None,
                change=change,
                file=s.file,
                recommendation=s.recommendation,
            )
        )
        before = s
    return rounds


def status(act: ActionTrack, kept: list[Seen], latest: str) -> Status:
    """``reported`` when the latest update gives the action (if only repeating an earlier
    round); else ``signed_off`` when its last grade was 1, or ``not_reported``."""
    if any(s.file == latest for s in act.seen):
        return "reported"
    return "signed_off" if kept and kept[-1].grade == 1 else "not_reported"


def check_numbers(
    actions: list[HistoryAction], review: str, warnings: list[HistoryWarning]
) -> None:
    """Warn when two actions followed apart share number, part, column and a period:
    their records would share a key. Only an update that renumbers its recommendations
    and then gives a freed number to a new one can cause it."""
    counts: dict[tuple[int, str | None, int, str | None], int] = {}
    for action in actions:
        for rnd in action.rounds:
            key = (action.recommendation, action.part, action.column, rnd.period)
            counts[key] = counts.get(key, 0) + 1
    for (number, part, column, period), n in counts.items():
        if n > 1:
            warnings.append(
                HistoryWarning(
                    code="ambiguous-number",
                    review=review,
                    recommendation=number,
                    message=f"{where(number, part, column)}, {period or 'no period'}: {n} "
                    "different actions were first reported under this number; their records "
                    "share it",
                )
            )


def periods_of(actions: list[tuple[HistoryAction, list[Seen]]]) -> list[str | None]:
    """The review's periods in order, each as first written."""
    first: dict[tuple[str, ...], Seen] = {}
    for _, seen in actions:
        for s in seen:
            if s.identity not in first or s.order < first[s.identity].order:
                first[s.identity] = s
    return [s.period for s in sorted(first.values(), key=lambda s: s.order)]
