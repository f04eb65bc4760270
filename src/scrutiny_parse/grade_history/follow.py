"""Follow each recommendation and action of one review from update to update.

Updates are fed oldest first. Each recommendation is matched to one followed so far by
its number, confirmed by its text, or by its text alone when the numbers disagree
(:mod:`.match`); within it, each action by its part and column, confirmed by its action
and success-measure text. What matches nothing is followed from then on. Every round
of every action is kept as seen (:class:`Seen`); :mod:`.rounds` decides which count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Action, ProgressUpdate, Recommendation
from .match import Pair, match_items, words
from .model import HistoryWarning
from .order import Dating, period_key

__all__ = ["ActionTrack", "Follower", "RecTrack", "Seen", "where"]


@dataclass(frozen=True)
class Seen:
    """One round of one action, as one file gave it."""

    file: str
    rank: int  # the file's place in its review's time order
    index: int  # the round's place among the action's rounds in that file
    period: str | None
    month: str | None
    sort_month: str
    grade: int | None
    previous_grade: int | None
    recommendation: int  # the number that file gave the recommendation

    @property
    def identity(self) -> tuple[str, ...]:
        """Rounds with one identity report one period: a month; or, for a period with no
        month, that period of that file only (two undated periods cannot be told equal)."""
        if self.month is not None:
            return ("month", self.month)
        return ("file", self.file, period_key(self.period))

    @property
    def order(self) -> tuple[str, int, int]:
        """Period order: the month it sorts at, then the file's rank, then its place."""
        return (self.sort_month, self.rank, self.index)


@dataclass
class ActionTrack:
    """An action followed across updates: where it was first (its identity in records)
    and where it was last (what the next update is matched against)."""

    recommendation: int
    part: str | None
    column: int
    part_order: int
    created: int
    action: str | None
    latest_part: str | None
    latest_column: int
    words: tuple[str, ...]
    seen: list[Seen] = field(default_factory=list)

    @property
    def position(self) -> tuple[str, int]:
        return (period_key(self.latest_part), self.latest_column)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """The action plan's order: number, part, column (then first seen)."""
        return (self.recommendation, self.part_order, self.column, self.created)


@dataclass
class RecTrack:
    """A recommendation followed across updates."""

    number: int
    latest_number: int
    text: str
    words: tuple[str, ...]
    actions: list[ActionTrack] = field(default_factory=list)


def where(number: int, part: str | None, column: int) -> str:
    """``recommendation 4 [For Parents] column 2``, for messages."""
    return f"recommendation {number}" + (f" [{part}]" if part else "") + f" column {column}"


def _score(pair: Pair) -> str:
    return "no text to compare" if pair.score is None else f"similarity {pair.score:.2f}"


def _action_words(action: Action) -> tuple[str, ...]:
    """What identifies an action: its agreed action and success measure."""
    texts = [v.text for v in (action.action, action.success_measure) if v is not None]
    return words(" ".join(texts))


class Follower:
    """The recommendations of one review followed so far, and the warnings on the way."""

    def __init__(self, review: str) -> None:
        self.review = review
        self.tracks: list[RecTrack] = []
        self.warnings: list[HistoryWarning] = []
        self._created = 0

    def add(self, label: str, rank: int, update: ProgressUpdate, dating: Dating) -> None:
        """Match ``update`` (the next oldest, ``rank``-th) to the tracks and extend them."""
        recs = update.recommendations
        pairs = {
            p.new: p
            for p in match_items(
                [(r.number, words(r.text)) for r in recs],
                [(t.latest_number, t.words) for t in self.tracks],
            )
        }
        taken = {p.old for p in pairs.values()}
        numbered = {t.latest_number: j for j, t in enumerate(self.tracks)}
        for i, rec in enumerate(recs):
            pair = pairs.get(i)
            if pair is None:
                same_number = numbered.get(rec.number)
                if same_number is not None and same_number not in taken:
                    self._warn(
                        "number-reused",
                        label,
                        rec.number,
                        f"recommendation {rec.number} of {label} does not read like "
                        f"recommendation {rec.number} before it: followed as a new one",
                    )
                track = RecTrack(rec.number, rec.number, rec.text, words(rec.text))
                self.tracks.append(track)
            else:
                track = self.tracks[pair.old]
                if pair.how == "moved":
                    self._warn(
                        "renumbered",
                        label,
                        rec.number,
                        f"recommendation {rec.number} of {label} reads like recommendation "
                        f"{track.latest_number} before it ({_score(pair)}): matched by its text",
                    )
                elif pair.how == "reworded":
                    self._warn(
                        "reworded",
                        label,
                        rec.number,
                        f"recommendation {rec.number} of {label} is worded differently from "
                        f"before ({_score(pair)}): matched by its number",
                    )
                track.latest_number, track.text = rec.number, rec.text
                track.words = words(rec.text)
            self._add_actions(label, rank, dating, rec, track)

    def _add_actions(
        self, label: str, rank: int, dating: Dating, rec: Recommendation, track: RecTrack
    ) -> None:
        new = [
            (part_index, part.label, action)
            for part_index, part in enumerate(rec.parts)
            for action in part.actions
        ]
        pairs = {
            p.new: p
            for p in match_items(
                [((period_key(part), a.column), _action_words(a)) for _, part, a in new],
                [(t.position, t.words) for t in track.actions],
            )
        }
        taken = {p.old for p in pairs.values()}
        placed = {t.position: j for j, t in enumerate(track.actions)}
        for i, (part_index, part, action) in enumerate(new):
            here = where(rec.number, part, action.column)
            pair = pairs.get(i)
            if pair is None:
                same_place = placed.get((period_key(part), action.column))
                if same_place is not None and same_place not in taken:
                    self._warn(
                        "column-reused",
                        label,
                        rec.number,
                        f"{here} of {label} does not read like the action there before: "
                        "followed as a new action",
                    )
                act = ActionTrack(
                    recommendation=track.number,
                    part=part,
                    column=action.column,
                    part_order=part_index,
                    created=self._created,
                    action=action.action.text if action.action else None,
                    latest_part=part,
                    latest_column=action.column,
                    words=_action_words(action),
                )
                self._created += 1
                track.actions.append(act)
            else:
                act = track.actions[pair.old]
                if pair.how == "moved":
                    before = where(track.latest_number, act.latest_part, act.latest_column)
                    self._warn(
                        "moved",
                        label,
                        rec.number,
                        f"{here} of {label} reads like {before} before it ({_score(pair)}): "
                        "matched by its text",
                    )
                elif pair.how == "reworded":
                    self._warn(
                        "reworded",
                        label,
                        rec.number,
                        f"{here} of {label} is worded differently from before "
                        f"({_score(pair)}): matched by its place",
                    )
                act.latest_part, act.latest_column = part, action.column
                act.words = _action_words(action)
                if action.action is not None:
                    act.action = action.action.text
            act.seen += [
                Seen(
                    file=label,
                    rank=rank,
                    index=index,
                    period=rnd.period.text if rnd.period else None,
                    month=rnd.period.month if rnd.period else None,
                    sort_month=dating.months.get(
                        period_key(rnd.period.text if rnd.period else None), dating.date
                    ),
                    grade=rnd.assessment.grade if rnd.assessment else None,
                    previous_grade=rnd.assessment.previous_grade if rnd.assessment else None,
                    recommendation=rec.number,
                )
                for index, rnd in enumerate(action.rounds)
            ]

    def _warn(self, code: str, label: str, number: int, message: str) -> None:
        self.warnings.append(
            HistoryWarning(
                code=code, review=self.review, file=label, recommendation=number, message=message
            )
        )
