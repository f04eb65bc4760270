"""The document-wide counts the Word reader keeps against the limits."""

from __future__ import annotations

from scrutiny_parse.budget import check_deadline
from scrutiny_parse.limits import Limits

__all__ = ["Counts"]


class Counts:
    """Document-wide counts against the limits: text, paragraphs, table cells.

    Shared by the body's reader and the headers' and footers', and checked as each
    paragraph or cell is made, so a document past a limit stops there instead of being
    built whole and handed to the segmenter.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.text = 0
        self.paragraphs = 0
        self.cells = 0

    def paragraph(self, n: int) -> None:
        """Count a paragraph of ``n`` characters."""
        limits = self.limits
        if n > limits.max_paragraph_text:
            raise limits.exceeded("max_paragraph_text", n, f"paragraph {self.paragraphs}")
        self.text += n
        self.paragraphs += 1
        if self.text > limits.max_document_text:
            raise limits.exceeded("max_document_text", self.text, "the whole document")
        if self.paragraphs > limits.max_paragraphs:
            raise limits.exceeded("max_paragraphs", self.paragraphs, "the whole document")
        if self.paragraphs % 256 == 0:
            check_deadline(f"reading paragraph {self.paragraphs}")

    def cell(self) -> None:
        """Count a table cell."""
        self.cells += 1
        if self.cells > self.limits.max_document_cells:
            raise self.limits.exceeded("max_document_cells", self.cells, "the whole document")
