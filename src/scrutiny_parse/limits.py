"""Resource limits: how much of a file the library agrees to read.

Archives hold files from outside, so every reader works within a :class:`Limits`: a
file too big, a PDF with too many pages, a .docx whose zip would inflate to gigabytes
(a zip bomb) or whose XML is absurdly large, a table with millions of cells. Crossing
one raises :class:`~scrutiny_parse.errors.ResourceLimitError`, which says which limit
and how to raise it. The defaults are far above any real progress update (the seed is
19 pages and 50 KB as .docx) yet low enough to keep one file from taking a machine down.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ResourceLimitError

__all__ = ["DEFAULT_LIMITS", "Limits"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits for one ``load()``; every one can be raised by keyword or on the CLI.

    >>> Limits(max_pages=2000)          # a very long PDF
    """

    #: Bytes of input accepted at all.
    max_file_size: int = 200 * _MB
    #: Pages of a PDF.
    max_pages: int = 1000
    #: Total uncompressed size of a .docx (zip) package.
    max_unzipped_size: int = 500 * _MB
    #: Uncompressed / compressed size of any one zip member larger than 1 MB.
    max_compression_ratio: float = 200.0
    #: Uncompressed bytes of one XML part (document.xml, a header...).
    max_xml_size: int = 100 * _MB
    #: Nesting depth of XML elements (libxml2's own hard limit is 256 without huge_tree).
    max_xml_depth: int = 256
    #: Decoded bytes of one PDF page's content streams. A page of text and tables
    #: printed from Word is well under 100 KB; pdfminer interprets every operator in
    #: Python, so a 2.5 MB stream of 150,000 rectangles costs it a minute.
    max_page_content_size: int = 1 * _MB
    #: Logical cells in one table.
    max_table_cells: int = 100_000
    #: Lines of a text dump (the seed is 1,600 lines; a 1,000-page dump ~60,000).
    max_text_lines: int = 1_000_000
    #: Characters in one line of a text dump (a -layout page is ~200 wide).
    max_line_length: int = 100_000
    #: Seconds LibreOffice may take to convert a .doc/.rtf/.odt.
    convert_timeout: float = 120.0
    #: Seconds one ``load()`` may take, checked between stages and pages and inside
    #: long loops: the backstop for a slow path the budgets below do not foresee.
    max_seconds: float = 300.0
    #: Decoded bytes of any one PDF stream, after its whole filter chain. Decoding is
    #: incremental and stops here, so a double-Flate bomb never reaches memory.
    max_stream_size: int = 64 * _MB
    #: Indirect references followed in a row (``1 0 R`` -> ``2 0 R`` -> ...) and the
    #: nesting of arrays/dictionaries resolved through them; a cycle is refused at once.
    max_object_depth: int = 64
    #: Form XObjects drawn inside form XObjects (Word writes none; 2-3 is already rare).
    max_xobject_depth: int = 12
    #: Operators interpreted for one PDF page, form XObjects included: a form drawn
    #: 1000 times counts 1000 times, and drawing a form costs 20 itself (pdfminer sets
    #: up an interpreter for it). A page of tables from Word has a few thousand;
    #: pdfminer and the stages after it take about a second per 20,000.
    max_page_operators: int = 100_000
    #: Character codes one CMap / ToUnicode map may define through its ranges
    #: (``<0000> <FFFF>`` is 65,536; a CID font never needs more than a few of those).
    max_cmap_codes: int = 1 << 18
    #: Characters drawn on one PDF page (a dense page of text has about 5,000; each
    #: costs pdfminer and the layout stages about 0.1 ms).
    max_page_glyphs: int = 50_000
    #: Characters of one list label Word would draw (``1.2.3.``; a damaged w:lvlText
    #: can ask for megabytes per paragraph).
    max_list_label: int = 200
    #: A list counter's value (Word's own largest w:start is 32,767).
    max_list_counter: int = 1_000_000
    #: Styles in one w:basedOn chain (each style is resolved once and cached).
    max_style_depth: int = 64
    #: Characters of text in one paragraph.
    max_paragraph_text: int = 1_000_000
    #: Characters of text in the whole document.
    max_document_text: int = 50_000_000
    #: Paragraphs in the whole document, table cells' paragraphs included.
    max_paragraphs: int = 500_000
    #: Table cells in the whole document (``max_table_cells`` is per table).
    max_document_cells: int = 1_000_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{f.name} must be a positive number, got {value!r}")
        if self.max_xml_depth > 256:
            # libxml2 refuses deeper documents unless huge_tree is on, which we never allow.
            raise ValueError("Limits.max_xml_depth cannot exceed 256 (libxml2's own cap)")

    def with_overrides(self, **overrides: Any) -> Limits:
        """A copy with some limits changed; unknown names are an error, not ignored."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise TypeError(f"unknown limit(s) {unknown}; known: {sorted(known)}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def exceeded(self, name: str, actual: float | str, detail: str = "") -> ResourceLimitError:
        """The error for crossing limit ``name`` (raise it): says which and how to raise it."""
        limit = getattr(self, name)
        option = name.replace("_", "-")
        what = f" ({detail})" if detail else ""
        return ResourceLimitError(
            f"{name.replace('_', ' ')} limit exceeded{what}: {actual} > {limit}; raise it with "
            f"load(..., limits=Limits({name}=...)) or --{option} on the command line"
        )


DEFAULT_LIMITS = Limits()
