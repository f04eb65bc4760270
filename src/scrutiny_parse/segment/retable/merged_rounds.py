"""Rebuilding tables from text: a round's cells merged across the action columns.

A round whose evidence is one cell for several actions often has one assessment for
them too; the text shows its grade in the first column only, which an empty grade cell
would also show. The evidence's span decides (see :func:`span_as_evidence`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["span_as_evidence"]

_C = TypeVar("_C")
#: A row's cells as (first column, columns spanned, content).
Cells = list[tuple[int, int, _C]]


def span_as_evidence(
    cells: Cells[_C], evidence: Sequence[tuple[int, int, Any]], note: Callable[[str], None]
) -> Cells[_C]:
    """An assessment with text in the first column of a round whose evidence cell is
    merged across columns, and none in the others: merged the same way ("1" / "Both
    actions complete." under one evidence for two actions). Said through ``note``, as
    the text cannot prove it."""
    filled = {start for start, _, content in cells if content}
    out: Cells[_C] = []
    covered: set[int] = set()
    for start, span, content in cells:
        if start in covered:
            continue
        wide = next((e for e in evidence if e[0] == start and e[1] > span), None)
        if wide is not None and content and not filled & set(range(start + 1, start + wide[1])):
            covered |= set(range(start + 1, start + wide[1]))
            out.append((start, wide[1], content))
            note(
                f"a cell taken to cover columns {start + 1}-{start + wide[1]}, "
                "as the round's evidence does (no text in the columns beside it)"
            )
            continue
        out.append((start, span, content))
    return out
