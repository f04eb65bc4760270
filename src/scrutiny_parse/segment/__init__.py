"""Segmenter: layout lines -> front matter, recommendations, parts, actions, rounds.

Knows labels and columns, never file formats: it sees only :mod:`scrutiny_parse.layout`.
"""

from __future__ import annotations

from ..layout import Layout
from ..model import ParseWarning, Provenance
from ..normalise.memo import document_scope
from .build import Segmented, build
from .collect import collect
from .header_text import header_table_from_lines
from .retable import Guess, retable


def segment(layout: Layout) -> Segmented:
    """Find the front matter, recommendations and legend in ``layout``.

    A reader's notes (guesses it had to make, such as splitting interleaved text into
    columns) come first among the warnings, so nothing guessed is silent.
    """
    with document_scope():  # pure text functions answer once per document (normalise.memo)
        return _segment(layout)


def _segment(layout: Layout) -> Segmented:
    guesses: list[Guess] = []
    if layout.lines:
        # A dump that keeps its columns may hold the older layout (a header row naming
        # the fields); otherwise the label-column tables are rebuilt.
        layout, guesses = header_table_from_lines(layout) or retable(layout)
    found = build(collect(layout))
    notes = [ParseWarning(code="reader", message=note) for note in layout.notes]
    notes += [
        ParseWarning(
            code="reader",
            message=g.message,
            recommendation=g.recommendation,
            field=g.field,
            source=Provenance(page=g.page) if g.page is not None else None,
        )
        for g in guesses
    ]
    found.warnings = [*notes, *found.warnings]
    return found


__all__ = ["Segmented", "segment"]
