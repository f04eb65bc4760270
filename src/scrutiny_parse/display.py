"""How the models look to a person: one-line reprs, notebook HTML tables, the summary.

A parsed update holds every cell's text, so pydantic's own repr of it runs to tens of
thousands of characters: useless on a notebook line. Here each model gets a repr of one
short line saying what it is and how much it holds, an HTML table for Jupyter
(``_repr_html_``, every text escaped), and :func:`summary` is what ``scrutiny-parse show``
prints. The model methods call these lazily, so nothing here loads at import.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

from .model import (
    Action,
    Assessment,
    DateValue,
    Part,
    Period,
    ProgressRound,
    ProgressUpdate,
    Recommendation,
    Responsibility,
    TextValue,
)

__all__ = [
    "action_repr",
    "part_repr",
    "recommendation_html",
    "recommendation_repr",
    "round_repr",
    "short",
    "summary",
    "update_html",
    "update_repr",
    "value_repr",
]


def short(text: str, width: int) -> str:
    """``text`` on one line (white space collapsed), cut to ``width`` with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _actions(update: ProgressUpdate) -> Iterator[Action]:
    for rec in update.recommendations:
        for part in rec.parts:
            yield from part.actions


def _graded(actions: Iterable[Action]) -> int:
    return sum(
        1
        for act in actions
        for rnd in act.rounds
        if rnd.assessment is not None and rnd.assessment.grade is not None
    )


# -- reprs ---------------------------------------------------------------------------


def update_repr(update: ProgressUpdate) -> str:
    """``<ProgressUpdate 'Review' from file.docx (docx): 13 recommendations, ...>``."""
    actions = list(_actions(update))
    name = update.source.file_name or "<bytes>"
    review = short(update.review, 120) if update.review else None
    return (
        f"<ProgressUpdate {review!r} from {short(name, 200)} ({update.source.format}): "
        f"{_plural(len(update.recommendations), 'recommendation')}, "
        f"{_plural(len(actions), 'action')}, {_plural(_graded(actions), 'grade')}, "
        f"{_plural(len(update.warnings), 'warning')}>"
    )


def recommendation_repr(rec: Recommendation) -> str:
    """``<Recommendation 3 'text...': 1 part, 2 actions, 2 grades>``."""
    actions = [a for p in rec.parts for a in p.actions]
    return (
        f"<Recommendation {rec.number} {short(rec.text, 80)!r}: "
        f"{_plural(len(rec.parts), 'part')}, {_plural(len(actions), 'action')}, "
        f"{_plural(_graded(actions), 'grade')}>"
    )


def part_repr(part: Part) -> str:
    """``<Part 'For Community': 2 actions>``."""
    return f"<Part {part.label!r}: {_plural(len(part.actions), 'action')}>"


def action_repr(act: Action) -> str:
    """``<Action 1 'text...' by 'Officer': 2 rounds, grades 2, 1>``."""
    text = short(act.action.text, 60) if act.action else None
    who = short(act.responsibility.text, 40) if act.responsibility else None
    grades = [
        str(r.assessment.grade) if r.assessment and r.assessment.grade is not None else "-"
        for r in act.rounds
    ]
    shown = f", grades {', '.join(grades)}" if grades else ""
    return f"<Action {act.column} {text!r} by {who!r}: {_plural(len(act.rounds), 'round')}{shown}>"


def round_repr(rnd: ProgressRound) -> str:
    """``<ProgressRound 'March 2020': grade 2, 340 characters of evidence>``."""
    period = rnd.period.text if rnd.period else None
    a = rnd.assessment
    grade = "no grade" if a is None or a.grade is None else f"grade {a.grade}"
    if a is not None and a.previous_grade is not None:
        grade += f" (was {a.previous_grade})"
    evidence = len(rnd.evidence.text) if rnd.evidence else 0
    return f"<ProgressRound {period!r}: {grade}, {evidence} characters of evidence>"


def value_repr(value: TextValue) -> str:
    """``<DateValue 'April 2019' 2019-04..2019-04>``: the text, cut, and what was parsed."""
    name = type(value).__name__
    extra = ""
    if isinstance(value, DateValue):
        span = f"{value.start or '?'}..{value.end or '?'}" if value.start or value.end else ""
        extra = " ".join(p for p in (span, "ongoing" if value.ongoing else "") if p)
    elif isinstance(value, Period):
        extra = value.month or ""
    elif isinstance(value, Responsibility):
        extra = f"people={value.people!r}" if value.people else ""
    elif isinstance(value, Assessment):
        extra = f"grade={value.grade}"
        if value.previous_grade is not None:
            extra += f" previous_grade={value.previous_grade}"
    return f"<{name} {short(value.text, 80)!r}{' ' + extra if extra else ''}>"


# -- HTML for notebooks ----------------------------------------------------------------


def _esc(text: str | None) -> str:
    """Escaped text with its line breaks kept."""
    return html.escape(text or "").replace("\n", "<br>")


def _cell_text(value: TextValue | None, width: int | None = None) -> str:
    if value is None:
        return ""
    return _esc(short(value.text, width) if width else value.text)


def _grade(a: Assessment | None) -> str:
    if a is None or a.grade is None:
        return ""
    if a.previous_grade is not None:
        return f"{a.previous_grade}→{a.grade}"
    return str(a.grade)


_TABLE = '<table style="text-align:left; vertical-align:top">'


def _row(cells: Iterable[str], tag: str = "td") -> str:
    style = "text-align:left; vertical-align:top"
    inner = "".join(f'<{tag} style="{style}">{c}</{tag}>' for c in cells)
    return f"<tr>{inner}</tr>"


def update_html(update: ProgressUpdate) -> str:
    """Front matter, then one row per action and round (texts cut to a line), warnings."""
    plan = update.action_plan_agreed
    scale = " / ".join(f"{k} {v}" for k, v in sorted(update.grading_scale.items()))
    front = [
        ("File", f"{update.source.file_name or '<bytes>'} ({update.source.format})"),
        ("Review", update.review or ""),
        ("Link officers", ", ".join(update.link_officers)),
        ("Action plan agreed", plan.text if plan else ""),
        ("Classification", update.classification or ""),
        (f"Grading ({update.grading_scale_source})", scale),
    ]
    parts = [f"<div><strong>{_esc(update_repr(update))}</strong>", _TABLE]
    parts += [_row([f"<b>{_esc(k)}</b>", _esc(v)]) for k, v in front]
    parts.append("</table>")
    parts.append(_TABLE)
    head = [
        "Rec",
        "Part",
        "Col",
        "Responsibility",
        "Date",
        "Action",
        "Period",
        "Grade",
        "Explanation",
    ]
    parts.append(_row(head, "th"))
    for rec in update.recommendations:
        for part in rec.parts:
            for act in part.actions:
                for rnd in act.rounds or [ProgressRound()]:
                    a = rnd.assessment
                    parts.append(
                        _row(
                            [
                                str(rec.number),
                                _esc(part.label),
                                str(act.column),
                                _cell_text(act.responsibility, 40),
                                _cell_text(act.date, 30),
                                _cell_text(act.action, 80),
                                _cell_text(rnd.period),
                                _grade(a),
                                _esc(short(a.explanation, 80) if a and a.explanation else ""),
                            ]
                        )
                    )
    parts.append("</table>")
    if update.warnings:
        parts.append("<ul>")
        parts += [f"<li>{_esc(str(w))}</li>" for w in update.warnings]
        parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def recommendation_html(rec: Recommendation) -> str:
    """The recommendation's text, then every action and round in full."""
    out = [f"<div><strong>Recommendation {rec.number}</strong>: {_esc(rec.text)}", _TABLE]
    head = ["Part", "Col", "Responsibility", "Date", "Action", "Success measure", "Period"]
    out.append(_row([*head, "Evidence", "Grade", "Explanation"], "th"))
    for part in rec.parts:
        for act in part.actions:
            for rnd in act.rounds or [ProgressRound()]:
                a = rnd.assessment
                out.append(
                    _row(
                        [
                            _esc(part.label),
                            str(act.column),
                            _cell_text(act.responsibility),
                            _cell_text(act.date),
                            _cell_text(act.action),
                            _cell_text(act.success_measure),
                            _cell_text(rnd.period),
                            _cell_text(rnd.evidence),
                            _grade(a),
                            _esc(a.explanation if a else None),
                        ]
                    )
                )
    out += ["</table>", "</div>"]
    return "\n".join(out)


# -- the summary `show` prints ---------------------------------------------------------


def summary(update: ProgressUpdate) -> str:
    """A readable account of one update: front matter, then a line per action."""
    plan = update.action_plan_agreed
    lines = [
        f"{update.source.file_name or '<bytes>'} ({update.source.format})",
        f"  Review:          {update.review or '-'}",
        f"  Link officers:   {', '.join(update.link_officers) or '-'}",
        f"  Plan agreed:     {plan.text if plan else '-'}",
        f"  Classification:  {update.classification or '-'}",
        f"  Grading ({update.grading_scale_source}): "
        + " / ".join(f"{k} {v}" for k, v in sorted(update.grading_scale.items())),
        "",
    ]
    n_actions = 0
    for rec in update.recommendations:
        lines.append(f"Recommendation {rec.number}: {short(rec.text, 90)}")
        for part in rec.parts:
            indent = "  "
            if part.label:
                lines.append(f"  [{part.label}]")
                indent = "    "
            for act in part.actions:
                n_actions += 1
                grades = []
                for rnd in act.rounds:
                    a = rnd.assessment
                    g = "-" if a is None or a.grade is None else str(a.grade)
                    if a is not None and a.previous_grade is not None:
                        g = f"{a.previous_grade}->{g}"
                    period = rnd.period.text if rnd.period else "?"
                    grades.append(f"{period}: {g}")
                who = act.responsibility.text if act.responsibility else "-"
                lines.append(
                    f"{indent}{act.column}. {short(act.action.text if act.action else '', 60)}"
                    f"  | {short(who, 30)} | {'; '.join(grades) or 'no rounds'}"
                )
    lines.append("")
    lines.append(
        f"{len(update.recommendations)} recommendations, {n_actions} actions, "
        f"{len(update.warnings)} warnings"
    )
    lines.extend(f"  warning: {w}" for w in update.warnings)
    return "\n".join(lines)
