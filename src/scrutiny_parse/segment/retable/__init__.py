"""Rebuild tables from a layout whose structure is lines, not tables (a text dump).

A PDF-to-text dump has lost its tables: "Date: April 2019 September 2019" is three cells
written side by side, a long cell comes back after its neighbours when it crosses a page.
This stage turns :attr:`Layout.lines <scrutiny_parse.layout.Layout.lines>` into the
paragraphs and tables a Word document would have had, so the rest of the segmenter reads
a dump exactly as it reads a .docx. It knows the template (labels, grades, names) through
the same vocabulary as the table path, and nothing of the tool that made the dump:

    drop_placeholders   the "(include explanation if required)" prompt out  (cleanup)
    mark_glyph_items    bullet glyphs on lines of their own -> list items    (cleanup)
    unweave             label lines sorted between their value's lines      (unweave)
                        put back together
    structure           recommendations, sub-parts, labelled rows           (structure,
                                                                             label_hits,
                                                                             text_labels,
                                                                             torn_labels,
                                                                             doctext)
    reorder_part        content written under the wrong label moved back    (reorder)
    lines_to_blocks     columns voted per block, rows cut into cells         (build,
                                                                             columns, cells,
                                                                             line_cells,
                                                                             text_cells,
                                                                             paragraphs,
                                                                             values, grades)
    glue_split_words    words a stray space split, joined where the document     (split_words)
                        writes them whole elsewhere

Where the lines keep their positions (``TextLine.spans``, from a ``-layout`` dump), the
cells are cut at the columns the positions show (:mod:`.positioned`) instead of being
guessed from reading order. Every guess the text cannot settle is returned as a
:class:`~.cells.Guess` naming the recommendation and field, for a warning.
"""

from __future__ import annotations

from dataclasses import replace

from scrutiny_parse.layout import Layout
from scrutiny_parse.segment.retable.build import lines_to_blocks
from scrutiny_parse.segment.retable.cells import Guess
from scrutiny_parse.segment.retable.cleanup import (
    drop_placeholders,
    glue_broken_words,
    mark_glyph_items,
)
from scrutiny_parse.segment.retable.positioned import positioned_blocks
from scrutiny_parse.segment.retable.split_words import glue_split_words
from scrutiny_parse.segment.retable.unweave import unweave

__all__ = ["Guess", "retable"]


def retable(layout: Layout) -> tuple[Layout, list[Guess]]:
    """``layout`` with its lines rebuilt into paragraphs and tables, and what had to be
    guessed doing it."""
    paged = layout.page_count is not None
    if any(ln.spans for ln in layout.lines):
        # Prompt and glyphs are found per piece there: a line holds several cells.
        blocks, notes = positioned_blocks(layout.lines, paged)
    else:
        lines = unweave(mark_glyph_items(drop_placeholders(glue_broken_words(layout.lines))))
        blocks, notes = lines_to_blocks(
            lines, paged, drawn=layout.lines_drawn, boxed=layout.lines_boxed
        )
    glue_split_words(blocks)
    return replace(layout, blocks=[*layout.blocks, *blocks]), notes
