"""``history()``: successive updates in, one :class:`History` out.

The stages, in the order they run:

1. load what is not loaded yet, each input under a unique label (its ``file``);
2. group the updates by review (:func:`review_key`);
3. drop copies, the same update in another format (:mod:`.copies`);
4. date the updates and their rounds (:mod:`.order`);
5. follow each recommendation and action from update to update (:mod:`.follow`);
6. per action, one round per period, compared with the round before (:mod:`.rounds`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Union

import regex

from ..api import load
from ..batch.many import BatchResult
from ..errors import ScrutinyParseError
from ..model import ProgressUpdate
from .copies import drop_copies, grade_differences
from .follow import Follower
from .model import History, HistoryFile, HistoryReview, HistoryWarning
from .order import date_updates, period_key
from .rounds import actions_of, check_numbers, periods_of

__all__ = ["HistorySource", "history", "review_key"]

#: What ``history()`` takes: parsed updates, paths, or ``load_many()`` results.
HistorySource = Union[ProgressUpdate, str, "os.PathLike[str]", BatchResult]

_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_PREFIX = regex.compile(r"^(?:(?:scrutiny|select committee) )?review of |^the ")


def review_key(name: str) -> str:
    """A review name compared loosely: "Review of the Library Service" = "library service".

    Updates of one review word its name differently (case, "&" or "and", a leading
    "Review of" or "The", punctuation); none of that makes another review.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = " ".join(_NOT_WORD.sub(" ", text).split())
    while (shorter := _PREFIX.sub("", text)) != text:
        text = shorter
    return text


@dataclass(frozen=True)
class _Input:
    """One loaded update, its label and its position among the inputs."""

    label: str
    position: int
    update: ProgressUpdate


def history(sources: Iterable[HistorySource], *, skip_failures: bool = False) -> History:
    """Line up successive progress updates of each review, given in any order.

    ``sources`` are :class:`ProgressUpdate` s, paths (loaded here) or ``load_many()``
    results. A path that fails to load raises its :class:`ScrutinyParseError`, or with
    ``skip_failures=True`` is listed in ``History.files`` as failed, as a failed
    ``BatchResult`` always is. A file's label (``file`` in records) is the path as
    given, the result's source, or the update's file name.

    >>> h = history(Path("archive").glob("libraries-*.docx"))
    >>> h.to_records()[0]["change"]
    'first'
    """
    inputs: list[_Input] = []
    files: dict[str, HistoryFile] = {}
    for position, source in enumerate(sources):
        update: ProgressUpdate | None
        if isinstance(source, ProgressUpdate):
            label = _unique(source.source.file_name or f"<update {position + 1}>", files)
            update = source
        elif isinstance(source, BatchResult):
            label = _unique(source.source, files)
            update = source.update
            if update is None:
                files[label] = HistoryFile(
                    file=label,
                    status="failed",
                    error=source.error.type if source.error else "Error",
                    message=source.error.message if source.error else "",
                )
        else:
            label = _unique(os.fspath(source), files)
            try:
                update = load(source)
            except ScrutinyParseError as e:
                if not skip_failures:
                    raise
                files[label] = HistoryFile(
                    file=label, status="failed", error=type(e).__name__, message=str(e)
                )
                update = None
        if update is not None:
            files[label] = _file_info(label, update)
            inputs.append(_Input(label, position, update))
    return _assemble(inputs, files)


def _unique(label: str, taken: dict[str, HistoryFile]) -> str:
    """``label``, or ``label #2``, ``#3``... when an earlier input has that name."""
    n = 2
    unique = label
    while unique in taken:
        unique = f"{label} #{n}"
        n += 1
    return unique


def _file_info(label: str, update: ProgressUpdate) -> HistoryFile:
    periods: dict[str, str | None] = {}
    for rec in update.recommendations:
        for part in rec.parts:
            for action in part.actions:
                for rnd in action.rounds:
                    text = rnd.period.text if rnd.period else None
                    periods.setdefault(period_key(text), text)
    return HistoryFile(
        file=label,
        status="used",
        review=update.review,
        format=update.source.format,
        periods=list(periods.values()),
        parse_warnings=[str(w) for w in update.warnings],
    )


def _assemble(inputs: list[_Input], files: dict[str, HistoryFile]) -> History:
    warnings: list[HistoryWarning] = []
    groups: dict[str, list[_Input]] = {}
    for item in inputs:
        name = (item.update.review or "").strip()
        if name:
            key = review_key(name)
        else:
            # It stands alone; review_key() never gives "<", so no review's key is this.
            key = f"<no review: {item.label}>"
            warnings.append(
                HistoryWarning(
                    code="no-review",
                    review=item.label,
                    file=item.label,
                    message=f"{item.label} names no review: it is a history of its own",
                )
            )
        groups.setdefault(key, []).append(item)
    reviews = []
    for key, group in groups.items():
        kept, copies = drop_copies([i.update for i in group])
        for copy, original in copies.items():
            files[group[copy].label] = files[group[copy].label].model_copy(
                update={"status": "copy", "copy_of": group[original].label}
            )
        review = _review(key, [group[i] for i in kept], warnings)
        for copy, original in copies.items():
            differ = grade_differences(group[copy].update, group[original].update)
            if differ:
                warnings.append(_copy_warning(review.review, group[copy], group[original], differ))
        reviews.append(review)
    reviews.sort(key=lambda r: (r.review.casefold(), r.key))
    return History(reviews=reviews, files=list(files.values()), warnings=warnings)


def _copy_warning(review: str, copy: _Input, original: _Input, differ: int) -> HistoryWarning:
    """Copies that disagree: one of them was read wrong (often the text dump)."""
    return HistoryWarning(
        code="copy",
        review=review,
        file=copy.label,
        message=f"{copy.label} is the same update as {original.label} (same recommendations "
        f"and periods) but {differ} grade(s) differ; {original.label} is used",
    )


def _review(key: str, group: list[_Input], warnings: list[HistoryWarning]) -> HistoryReview:
    """One review's history from its updates (copies dropped), given in input order."""
    datings = date_updates([i.update for i in group])
    order = sorted(range(len(group)), key=lambda i: (datings[i].date, group[i].position))
    latest = group[order[-1]]
    name = (latest.update.review or "").strip() or latest.label
    follower = Follower(name)
    for rank, i in enumerate(order):
        item, dating = group[i], datings[i]
        for text in dating.undated:
            what = f"period {text!r} names no month" if text else "a round names no period"
            after = f"after {group[order[rank - 1]].label}" if rank else "first"
            warnings.append(
                HistoryWarning(
                    code="period-unparsed",
                    review=name,
                    file=item.label,
                    message=f"{item.label}: {what}; ordered by the file's position ({after})",
                )
            )
        follower.add(item.label, rank, item.update, dating)
    warnings += follower.warnings
    actions = actions_of(follower.tracks, latest.label, name, warnings)
    check_numbers([a for a, _ in actions], name, warnings)
    return HistoryReview(
        review=name,
        key=key,
        files=[group[i].label for i in order],
        periods=periods_of(actions),
        actions=[a for a, _ in actions],
    )
