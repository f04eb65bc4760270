"""Text reader: a PDF-to-text dump -> :class:`~scrutiny_parse.layout.Layout` of lines.

A dump has lost the tables, and this reader does not try to rebuild them: it only reads.
The stages, one module each::

    decode            bytes -> str: UTF-8, UTF-16 with BOM, cp1252          (decode)
    split_lines       lines with their pages (form feeds)                  (pages)
    breaks_at_paragraph_ends  where a dump has no empty lines but keeps the space a
                      line was wrapped at (pypdf), a break after each line
                      without one                                          (paragraph_ends)
    strip_running     running headers, footers, page numbers out           (pages)
    drop_link_dump    blocks of bare hyperlink targets out                 (links)
    with_spans        where the dump keeps columns (-layout): the pieces   (positions)
                      of each line at their character columns

The result has no blocks, only ``Layout.lines``; the format-neutral
:mod:`scrutiny_parse.segment.retable` stage rebuilds label rows and value columns from
them with the same vocabulary as the table path. Size, line count and line length are
checked against :class:`~scrutiny_parse.limits.Limits` before any line is looked at.
"""

from __future__ import annotations

from scrutiny_parse.layout import Layout, Paragraph, Run
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.text.decode import decode
from scrutiny_parse.readers.text.links import drop_link_dump
from scrutiny_parse.readers.text.pages import split_lines, strip_running
from scrutiny_parse.readers.text.paragraph_ends import (
    breaks_at_paragraph_ends,
    marks_wraps_only,
    writes_boxes,
)
from scrutiny_parse.readers.text.positions import keeps_columns, with_spans

__all__ = ["read_text"]


def read_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    """The lines of a PDF-to-text dump, cleaned of page furniture and link dumps."""
    text = decode(data)
    raw = text.replace("\f", "\n").split("\n")
    if len(raw) > limits.max_text_lines:
        raise limits.exceeded("max_text_lines", len(raw), "lines in a text dump")
    longest = max((len(r) for r in raw), default=0)
    if longest > limits.max_line_length:
        raise limits.exceeded("max_line_length", longest, "characters in one line")
    lines, pages = split_lines(text)
    drawn = marks_wraps_only(raw)
    if drawn:
        lines = breaks_at_paragraph_ends(lines, dict(enumerate(raw)))
    lines, furniture = strip_running(lines, pages)
    lines, dropped = drop_link_dump(lines)
    notes = []
    if dropped:
        notes.append(
            f"{dropped} bare hyperlink line(s) dropped: link targets the extractor dumped "
            "into the text, not content"
        )
    if keeps_columns(raw):
        lines = with_spans(lines, dict(enumerate(raw)))
    return Layout(
        format="text",
        blocks=[],
        lines=lines,
        headers=[Paragraph([Run(t)]) for t in furniture.headers],
        footers=[Paragraph([Run(t)]) for t in furniture.footers],
        page_count=pages,
        notes=notes,
        lines_drawn=drawn,
        lines_boxed=writes_boxes(raw),
    )
