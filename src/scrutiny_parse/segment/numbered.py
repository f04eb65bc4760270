"""Recommendations headed by their number alone: "1.  Residents should be encouraged ...".

Some authors drop the word "Recommendation" and number the headings as paragraphs. A
numbered paragraph is a heading only where two things say so: the document has no
"Recommendation N" heading anywhere, and the next block is a label-column table (its
first labelled row names an action field, "Responsible Officer:"). The numbers rise
through the document; a numbered list in the introduction is followed by text, not by
such a table, and stays text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..layout import Paragraph, Table
from ..vocabulary import ACTION_FIELDS, NUMBERED_HEADING
from .labels import Label, classify

__all__ = ["numbered_headings"]


def numbered_headings(blocks: Sequence[Paragraph | Table]) -> dict[int, Label]:
    """Recommendation labels for the numbered paragraphs of ``blocks`` that head a
    label-column table, by block position; empty where the document has "Recommendation
    N" headings of its own."""
    if any(_names_recommendation(b) for b in blocks):
        return {}
    found: dict[int, Label] = {}
    last = 0
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        m = NUMBERED_HEADING.match(_numbered_text(block))
        if m is None or int(m["number"]) <= last:
            continue
        nxt = _next_block(blocks, i)
        if isinstance(nxt, Table) and _opens_with_action_label(nxt):
            last = int(m["number"])
            found[i] = Label("recommendation", rest=m["rest"].strip(), number=last)
    return found


def _numbered_text(p: Paragraph) -> str:
    """The paragraph's text with its list number in front: typed ("1.  Residents"), or a
    list label a reader kept apart (Word's numbering, a PDF's marker)."""
    text = p.text.strip()
    if p.list_kind == "number" and p.list_label:
        return f"{p.list_label} {text}"
    return text


def _names_recommendation(block: Paragraph | Table) -> bool:
    texts = [block.text] if isinstance(block, Paragraph) else _first_cells(block)
    for text in texts:
        label = classify(text.strip(), allow_rest=True)
        if label is not None and label.field == "recommendation":
            return True
    return False


def _first_cells(table: Table) -> list[str]:
    return [row.cells[0].text for row in table.rows if row.cells]


def _next_block(blocks: Sequence[Paragraph | Table], i: int) -> Paragraph | Table | None:
    """The next block with text: empty paragraphs between heading and table are spacing."""
    for block in blocks[i + 1 :]:
        if isinstance(block, Table) or block.text.strip():
            return block
    return None


def _opens_with_action_label(table: Table) -> bool:
    for text in _first_cells(table):
        if not text.strip():
            continue
        label = classify(text.strip(), allow_rest=True)
        return label is not None and label.field in ACTION_FIELDS
    return False
