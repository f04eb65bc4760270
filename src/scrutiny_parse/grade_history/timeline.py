"""A history as a compact text timeline: per review, one line per action.

    Safer journeys to school: 2 updates, 10 actions (2 slipped, 3 improved, 1 signed off, ...)
                                                         Mar 2023  Sep 2023
      2 #1  Pilot School Street closures at three pr…          2        ↓3  slipped

Each period is a column; a cell is the grade with an arrow saying how it moved from
the round before (↑ better, ↓ worse, = same; 1 is the best grade), ``-`` for a round
with no grade, ``~2~3`` for a grade amended in its cell (2 struck, 3 now), empty where
the action was not reported. Slipped actions come first, then the rest in the action
plan's order.
"""

from __future__ import annotations

from collections import Counter

from .model import History, HistoryAction, HistoryReview, HistoryRound

__all__ = ["ARROWS", "ASCII_ARROWS", "cell_text", "render_timeline", "status_label"]

#: Change -> the mark before the grade.
ARROWS = {"better": "↑", "worse": "↓", "same": "=", "first": ""}
#: For terminals that cannot show the arrows.
ASCII_ARROWS = {"better": "^", "worse": "v", "same": "=", "first": ""}

_LABEL_WIDTH = 48
_CELL_WIDTH = 9
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_heading(period: str | None, month: str | None) -> str:
    """``Mar 2023`` for a dated period, else the period as written (cut to fit)."""
    if month is not None:
        return f"{_MONTHS[int(month[5:]) - 1]} {month[:4]}"
    text = period or "(no period)"
    return text if len(text) <= _CELL_WIDTH - 1 else text[: _CELL_WIDTH - 2] + "…"


def cell_text(rnd: HistoryRound, arrows: dict[str, str] = ARROWS) -> str:
    """One round as a timeline cell: ``↓3``, ``=2``, ``~2~3``, ``-``."""
    grade = "-" if rnd.grade is None else str(rnd.grade)
    if rnd.previous_grade is not None:
        grade = f"~{rnd.previous_grade}~{grade}"
    return arrows.get(rnd.change or "", "") + grade


def status_label(action: HistoryAction) -> str:
    """What the line ends with: slipped, improved, signed off, not reported, or nothing."""
    if action.status == "signed_off":
        return "signed off"
    if action.status == "not_reported":
        return "not reported"
    latest = action.latest
    change = latest.change if latest else None
    return {"worse": "slipped", "better": "improved"}.get(change or "", "")


def _label(action: HistoryAction) -> str:
    where = f"{action.recommendation}" + (f" {action.part}" if action.part else "")
    where += f" #{action.column}"
    renumbered = {r.recommendation for r in action.rounds} - {action.recommendation}
    if renumbered:
        where += f" (now {action.rounds[-1].recommendation})"
    text = " ".join((action.action or action.recommendation_text).split())
    label = f"{where}  {text}"
    return label if len(label) <= _LABEL_WIDTH else label[: _LABEL_WIDTH - 1] + "…"


def _summary(review: HistoryReview) -> str:
    counts = Counter(status_label(a) or "other" for a in review.actions)
    bits = [
        f"{counts[k]} {k}"
        for k in ("slipped", "improved", "signed off", "not reported")
        if counts[k]
    ]
    updates = len(review.files)
    head = f"{review.review}: {updates} update{'s' * (updates != 1)}, "
    head += f"{len(review.actions)} action{'s' * (len(review.actions) != 1)}"
    return head + (f" ({', '.join(bits)})" if bits else "")


def render_review(review: HistoryReview, arrows: dict[str, str] = ARROWS) -> list[str]:
    """The lines of one review's timeline."""
    months: dict[str | None, str | None] = {}
    for action in review.actions:
        for rnd in action.rounds:
            months.setdefault(rnd.period, rnd.month)
    columns = list(review.periods)
    lines = [_summary(review), "  files: " + ", ".join(review.files)]
    header = " " * (_LABEL_WIDTH + 2)
    header += "".join(f"{period_heading(p, months.get(p)):>{_CELL_WIDTH}}" for p in columns)
    lines.append(header)
    ordered = sorted(review.actions, key=lambda a: not a.slipped)  # stable: plan order
    for action in ordered:
        by_period = {r.period: r for r in action.rounds}
        cells = "".join(
            f"{cell_text(by_period[p], arrows) if p in by_period else '':>{_CELL_WIDTH}}"
            for p in columns
        )
        status = status_label(action)
        line = f"  {_label(action):<{_LABEL_WIDTH}}{cells}" + (f"  {status}" if status else "")
        lines.append(line.rstrip())
    return lines


def render_timeline(history: History, *, ascii_only: bool = False) -> str:
    """Every review's timeline, its warnings, and a legend; ``ascii_only`` for terminals
    that cannot print arrows."""
    arrows = ASCII_ARROWS if ascii_only else ARROWS
    lines: list[str] = []
    for review in history.reviews:
        lines += render_review(review, arrows)
        lines += [f"  warning: {w.message}" for w in history.warnings if w.review == review.review]
        lines.append("")
    others = [w for w in history.warnings if w.review not in {r.review for r in history.reviews}]
    lines += [f"warning: {w.message}" for w in others]
    used = sum(1 for f in history.files if f.status == "used")
    copies = sum(1 for f in history.files if f.status == "copy")
    failed = len(history.failed)
    lines.append(
        f"{len(history.reviews)} review(s) from {used} update(s)"
        + (
            f"; {copies} {'copy' if copies == 1 else 'copies'} in other formats not counted again"
            if copies
            else ""
        )
        + (f"; {failed} file(s) failed" if failed else "")
    )
    b, w, s = arrows["better"], arrows["worse"], arrows["same"]
    lines.append(
        f"{b} better  {w} worse  {s} same (1 is the best grade)  - no grade  "
        "~2~3 grade amended in its cell"
    )
    return "\n".join(lines) + "\n"
