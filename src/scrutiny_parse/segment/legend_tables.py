"""Tables that are the grading legend, told from the tables of recommendations.

Under the label-column tables, a legend is known by its shape (one grade a row, "1 |
Fully Achieved"), by a header row naming its columns ("Grade | Meaning"), or by a
heading that also names a row ("Assessment of Progress:") with the grades counting up
beside or under it.
"""

from __future__ import annotations

from ..layout import Table
from ..normalise.text import clean_paragraph
from ..vocabulary import is_legend_header
from .header_rows import looks_like_vertical_legend
from .labels import classify
from .lines import Line

__all__ = ["heads_legend_table", "table_is_legend"]


def table_is_legend(table: Table, *, after_header_rows: bool) -> bool:
    """Whether ``table`` is the legend: its shape after a header-row table (which leaves
    nothing else to come) or under a header row naming a legend's columns, or its grades
    counting up beside a heading cell that names no round."""
    shaped = looks_like_vertical_legend(table)
    return (
        (after_header_rows or _headed_as_legend(table)) and shaped
    ) or _legend_under_assessment_label(table)


def heads_legend_table(line: Line, after: object) -> bool:
    """ "Assessment of Progress:" alone above a table of grades ("1 | Fully Achieved"):
    a paragraph that names no round (no period, no value) over the legend heads it."""
    label = line.label
    return (
        label is not None
        and label.field == "assessment"
        and label.period is None
        and not label.rest
        and line.table is None
        and not line.values
        and isinstance(after, Table)
        and looks_like_vertical_legend(after)
    )


def _legend_under_assessment_label(table: Table) -> bool:
    """ "Assessment of Progress: | 1 | 2 | 3 | 4" over a row of wordings: a legend whose
    heading cell names no round (no period) and whose grades count up from 1."""
    if len(table.rows) != 2 or len(table.rows[0].cells) < 4:
        return False
    head, *digits = (clean_paragraph(c.text) for c in table.rows[0].cells)
    label = classify(head)
    if label is None or label.field != "assessment" or label.period is not None:
        return False
    words = [clean_paragraph(c.text) for c in table.rows[1].cells[1:]]
    return digits == [str(n) for n in range(1, len(digits) + 1)] and all(
        w and not w[:1].isdigit() for w in words
    )


def _headed_as_legend(table: Table) -> bool:
    """A table whose first row names a legend's columns ("Grade | Assessment of
    Progress"): under the label-column tables, the legend, not another table's rows."""
    first = next((r for r in table.rows if any(c.text.strip() for c in r.cells)), None)
    return first is not None and is_legend_header(" ".join(c.text for c in first.cells))
