"""A history as one self-contained HTML page (``scrutiny-parse report``).

Per review: the number of actions at each grade per period as stacked bars (inline
SVG), the timeline table (slipped actions first, as in the text timeline), and the
review's warnings; then every input file with what became of it, failures first.
Nothing is fetched: styles are inline, the chart is SVG in the page, and a Content
Security Policy forbids any request. Every piece of text from a document is escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from .._version import __version__
from .model import History, HistoryAction, HistoryReview, HistoryRound
from .timeline import ARROWS, cell_text, period_heading, status_label

__all__ = ["GRADE_COLOURS", "grade_counts", "render_report"]

#: Bar and cell colours by grade (None: reported without a grade).
GRADE_COLOURS: dict[int | None, str] = {
    1: "#2e7d32",
    2: "#1565c0",
    3: "#ef6c00",
    4: "#c62828",
    None: "#9e9e9e",
}
_GRADE_NAMES: dict[int | None, str] = {
    1: "1 achieved",
    2: "2 on track",
    3: "3 slipped",
    4: "4 not achieved",
    None: "no grade",
}
_GRADES: tuple[int | None, ...] = (1, 2, 3, 4, None)

_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1f2328; margin: 24px auto; max-width: 1140px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 4px; padding-top: 12px; border-top: 2px solid #d0d7de; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: #57606a; margin: 2px 0; }
.counts span { display: inline-block; margin-right: 14px; }
.counts .slipped { color: #c62828; font-weight: 600; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { border: 1px solid #d0d7de; padding: 3px 7px; vertical-align: middle; }
th { background: #f6f8fa; text-align: left; font-weight: 600; }
td.grade { text-align: center; font-weight: 600; color: #fff; min-width: 46px;
           white-space: nowrap; }
td.grade.blank { background: #fff; }
td.action { max-width: 430px; }
td.status { white-space: nowrap; }
tr.slipped td.status { color: #c62828; font-weight: 600; }
tr.signed_off td, tr.not_reported td { color: #57606a; }
tr.signed_off td.grade, tr.not_reported td.grade { color: #fff; }
s { opacity: .75; }
ul.warnings li { margin: 2px 0; }
.failed { color: #c62828; }
.legend span { display: inline-block; margin-right: 12px; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 4px;
          vertical-align: -1px; border-radius: 2px; }
nav ul { margin: 6px 0; padding-left: 20px; }
footer { color: #57606a; margin-top: 36px; font-size: 12px; }
"""


def grade_counts(review: HistoryReview) -> list[tuple[str | None, Counter[int | None]]]:
    """(period, {grade: number of actions}) for each period of the review, in order."""
    counts: dict[str | None, Counter[int | None]] = {p: Counter() for p in review.periods}
    for action in review.actions:
        for rnd in action.rounds:
            counts.setdefault(rnd.period, Counter())[rnd.grade] += 1
    return list(counts.items())


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _months(review: HistoryReview) -> dict[str | None, str | None]:
    months: dict[str | None, str | None] = {}
    for action in review.actions:
        for rnd in action.rounds:
            months.setdefault(rnd.period, rnd.month)
    return months


def _chart(review: HistoryReview) -> str:
    """Stacked bars: per period, the actions at each grade (best at the bottom)."""
    data = grade_counts(review)
    months = _months(review)
    top = max((sum(c.values()) for _, c in data), default=0) or 1
    bar, gap, height, left, base = 44, 30, 140, 34, 170
    width = left + len(data) * (bar + gap) + 150
    scale = height / top
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{base + 40}" '
        f'viewBox="0 0 {width} {base + 40}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(review.review)}: actions by grade per period</title>",
        f'<line x1="{left - 6}" y1="{base}" x2="{left + len(data) * (bar + gap)}" '
        f'y2="{base}" stroke="#8c959f"/>',
        f'<text x="{left - 10}" y="{base - height + 4}" font-size="11" text-anchor="end" '
        f'fill="#57606a">{top}</text>',
        f'<text x="{left - 10}" y="{base + 4}" font-size="11" text-anchor="end" '
        'fill="#57606a">0</text>',
    ]
    for i, (period, counts) in enumerate(data):
        x = left + i * (bar + gap)
        y = float(base)
        label = period_heading(period, months.get(period))
        for grade in _GRADES:
            n = counts.get(grade, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(
                f'<rect class="bar" x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{GRADE_COLOURS[grade]}" data-period="{_e(period or "")}" '
                f'data-grade="{"" if grade is None else grade}" data-count="{n}">'
                f"<title>{_e(period or 'no period')}: {n} action(s) at {_GRADE_NAMES[grade]}"
                "</title></rect>"
            )
            if h >= 14:
                parts.append(
                    f'<text x="{x + bar / 2}" y="{y + h / 2 + 4:.1f}" font-size="11" '
                    f'text-anchor="middle" fill="#fff">{n}</text>'
                )
        total = sum(counts.values())
        parts.append(
            f'<text x="{x + bar / 2}" y="{y - 4:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#1f2328">{total}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{base + 16}" font-size="11" text-anchor="middle" '
            f'fill="#1f2328">{_e(label)}</text>'
        )
    lx = left + len(data) * (bar + gap) + 10
    for k, grade in enumerate(_GRADES):
        ly = base - height + 8 + k * 18
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="11" height="11" fill="{GRADE_COLOURS[grade]}"/>'
            f'<text x="{lx + 16}" y="{ly + 1}" font-size="11" fill="#1f2328">'
            f"{_GRADE_NAMES[grade]}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _cell(rnd: HistoryRound | None) -> str:
    if rnd is None:
        return '<td class="grade blank"></td>'
    details = [f"{rnd.period or 'no period'}: grade {rnd.grade or 'none'}"]
    if rnd.previous_grade is not None:
        details.append(f"amended from {rnd.previous_grade} (struck in the cell)")
    if rnd.change not in (None, "first"):
        details.append(f"{rnd.change} than {rnd.earlier_grade} the round before")
    details.append(f"from {rnd.file} (recommendation {rnd.recommendation} there)")
    text = _e(cell_text(rnd))
    if rnd.previous_grade is not None:  # "~2~3": show the struck grade struck
        arrow = ARROWS.get(rnd.change or "", "")
        grade = "-" if rnd.grade is None else str(rnd.grade)
        text = f"{_e(arrow)}<s>{rnd.previous_grade}</s>&#8202;{_e(grade)}"
    return (
        f'<td class="grade g{rnd.grade or 0} {rnd.change or "unknown"}" '
        f'style="background:{GRADE_COLOURS[rnd.grade]}" title="{_e("; ".join(details))}">'
        f"{text}</td>"
    )


def _row(action: HistoryAction, periods: list[str | None]) -> str:
    by_period = {r.period: r for r in action.rounds}
    classes = " ".join(c for c in (action.status, "slipped" if action.slipped else "") if c)
    text = action.action or action.recommendation_text
    cells = "".join(_cell(by_period.get(p)) for p in periods)
    return (
        f'<tr class="{classes}"><td>{action.recommendation}</td><td>{_e(action.part or "")}</td>'
        f'<td>{action.column}</td><td class="action" title="{_e(action.recommendation_text)}">'
        f'{_e(text)}</td>{cells}<td class="status">{_e(status_label(action))}</td></tr>'
    )


def _review(index: int, review: HistoryReview, history: History) -> str:
    months = _months(review)
    counts = Counter(status_label(a) for a in review.actions)
    summary = "".join(
        f'<span class="{_e(k.replace(" ", "_"))}">{counts[k]} {_e(k)}</span>'
        for k in ("slipped", "improved", "signed off", "not reported")
        if counts[k]
    )
    heads = "".join(f"<th>{_e(period_heading(p, months.get(p)))}</th>" for p in review.periods)
    rows = "".join(
        _row(a, review.periods) for a in sorted(review.actions, key=lambda a: not a.slipped)
    )
    warnings = [w for w in history.warnings if w.review == review.review]
    warning_list = (
        '<ul class="warnings">'
        + "".join(f"<li>[{_e(w.code)}] {_e(w.message)}</li>" for w in warnings)
        + "</ul>"
        if warnings
        else '<p class="meta">No warnings.</p>'
    )
    files = ", ".join(_e(f) for f in review.files)
    periods = ", ".join(_e(p or "no period") for p in review.periods)
    return (
        f'<section class="review" id="review-{index}">'
        f"<h2>{_e(review.review)}</h2>"
        f'<p class="meta">{len(review.files)} update(s): {files}</p>'
        f'<p class="meta">Periods: {periods}</p>'
        f'<p class="counts">{len(review.actions)} action(s) {summary}</p>'
        f"<h3>Actions by grade per period</h3>{_chart(review)}"
        f'<h3>Timeline</h3><table class="timeline"><thead><tr><th>Rec.</th><th>Part</th>'
        f"<th>Col.</th><th>Action</th>{heads}<th>Status</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<h3>Warnings</h3>{warning_list}</section>"
    )


def _files(history: History) -> str:
    order = {"failed": 0, "used": 1, "copy": 2}
    rows = []
    for f in sorted(history.files, key=lambda f: (order[f.status], f.file)):
        if f.status == "failed":
            what = f'<span class="failed">{_e(f.error)}: {_e(f.message)}</span>'
        elif f.status == "copy":
            what = f"same update as {_e(f.copy_of)}"
        else:
            what = ", ".join(_e(p or "no period") for p in f.periods)
        notes = (
            "<details><summary>"
            f"{len(f.parse_warnings)}</summary><ul>"
            + "".join(f"<li>{_e(w)}</li>" for w in f.parse_warnings)
            + "</ul></details>"
            if f.parse_warnings
            else "0"
        )
        rows.append(
            f'<tr class="file {f.status}"><td>{_e(f.file)}</td><td>{_e(f.status)}</td>'
            f"<td>{_e(f.review or '')}</td><td>{_e(f.format or '')}</td><td>{what}</td>"
            f"<td>{notes}</td></tr>"
        )
    return (
        '<table class="files"><thead><tr><th>File</th><th>Status</th><th>Review</th>'
        "<th>Format</th><th>Periods / reason</th><th>Parse warnings</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_report(history: History) -> str:
    """The whole page, as a string of HTML5."""
    failed = history.failed
    used = sum(1 for f in history.files if f.status == "used")
    copies = sum(1 for f in history.files if f.status == "copy")
    failed_note = (
        f'<p class="failed" id="failed-summary">{len(failed)} file(s) failed to load: '
        + ", ".join(_e(f.file) for f in failed)
        + ' (see <a href="#files">Files</a>).</p>'
        if failed
        else ""
    )
    nav = "".join(
        f'<li><a href="#review-{i}">{_e(r.review)}</a> ({len(r.files)} update(s), '
        f"{sum(1 for a in r.actions if a.slipped)} slipped)</li>"
        for i, r in enumerate(history.reviews)
    )
    legend = "".join(
        f'<span><i class="swatch" style="background:{GRADE_COLOURS[g]}"></i>'
        f"{_GRADE_NAMES[g]}</span>"
        for g in _GRADES
    )
    others = [w for w in history.warnings if w.review not in {r.review for r in history.reviews}]
    other_warnings = (
        '<h2>Other warnings</h2><ul class="warnings">'
        + "".join(f"<li>{_e(w)}</li>" for w in others)
        + "</ul>"
        if others
        else ""
    )
    reviews = "".join(_review(i, r, history) for i, r in enumerate(history.reviews))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Grade history: {len(history.reviews)} review(s)</title>"
        f"<style>{_CSS}</style></head><body>"
        "<header><h1>Grade history</h1>"
        f'<p class="meta" id="summary">{len(history.reviews)} review(s) from {used} '
        f"update(s); {copies} {'copy' if copies == 1 else 'copies'} in other formats counted once; "
        f"{len(failed)} failed file(s).</p>{failed_note}"
        f'<p class="legend">{legend}</p>'
        '<p class="meta">In the timeline: &#8593; better, &#8595; worse, = the same as the '
        "round before (1 is the best grade); a struck grade was amended in its cell; an "
        "empty cell: not reported in that period. Slipped actions come first.</p>"
        f"<nav><ul>{nav}</ul></nav></header>"
        f"<main>{reviews}{other_warnings}"
        f'<h2 id="files">Files</h2>{_files(history)}</main>'
        f"<footer>scrutiny_parse {_e(__version__)}</footer>"
        "</body></html>\n"
    )
