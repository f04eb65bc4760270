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
