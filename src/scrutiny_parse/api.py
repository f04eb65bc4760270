"""``load()``: any supported input in, a validated :class:`ProgressUpdate` out."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO, Union

from pydantic import ValidationError

from ._filenames import record_name
from ._version import __version__
from .budget import check_deadline, running
from .detect import DetectedFormat, detect
from .errors import (
    DependencyError,
    NotAProgressUpdateError,
    ResourceLimitError,
    ScrutinyParseError,
    SourceNotFoundError,
    StrictModeError,
)
from .layout import Layout
from .limits import DEFAULT_LIMITS, Limits
from .model import ProgressUpdate, SourceInfo
from .readers import reader_for
from .readers.pdf_choice import DEFAULT_PDF_BACKEND, PdfBackend, check_backend
from .segment import segment

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


def _read_source(source: Source, limits: Limits) -> tuple[bytes, str | None]:
    """The bytes of ``source`` and a name for messages; closes only what it opened.

    Never reads more than ``limits.max_file_size`` (+1 byte, to tell it was exceeded).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            with path.open("rb") as f:
                # A name that is not UTF-8 (lone surrogates) is kept as \xNN escapes: it
                # must survive JSON, messages and terminals.
                return f.read(limits.max_file_size + 1), record_name(path.name)
        except FileNotFoundError as e:
            raise SourceNotFoundError("no such file", source=record_name(str(path))) from e
        except IsADirectoryError as e:
            raise SourceNotFoundError(
                "is a directory, not a file", source=record_name(str(path))
            ) from e
        except OSError as e:
            raise SourceNotFoundError(
                f"cannot be read ({e.strerror})", source=record_name(str(path))
            ) from e
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(
            f"load() takes a path, bytes or a binary file object, not {type(source).__name__}"
        )
    data = read(limits.max_file_size + 1)
    if isinstance(data, str):
        raise TypeError("load() needs a file opened in binary mode ('rb')")
    name = getattr(source, "name", None)
    return bytes(data), record_name(Path(name).name) if isinstance(name, str) else None


def load(
    source: Source,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = DEFAULT_PDF_BACKEND,
) -> ProgressUpdate:
    """Parse one progress update.

    ``source`` is a path, the file's bytes, or a binary file object; its format is told
    from its content. With ``strict=True`` any warning raises :class:`StrictModeError`.
    ``limits`` bounds what a hostile file can cost (see :class:`Limits`). ``pdf_backend``
    picks the library that reads a PDF: ``"pdfium"`` (default, fast) or ``"pdfplumber"``
    (the pure-Python reference); any other value is a ValueError. Every failure is a
    :class:`ScrutinyParseError` naming the file and the reason.
    """
    backend = check_backend(pdf_backend)
    limits = limits or DEFAULT_LIMITS
    data, name = _read_source(source, limits)
    label = name or "<bytes>"
    try:
        if len(data) > limits.max_file_size:
            raise limits.exceeded("max_file_size", f"more than {limits.max_file_size} bytes")
        with running(limits):
            return _parse(data, name, strict, limits, backend)
    except ScrutinyParseError as e:
        e.with_source(label)
        raise
    except Exception as e:
        # The boundary: whatever a dependency raises (MemoryError, RecursionError and
        # any bug of its own included) leaves load() as one of ours, the cause chained.
        raise _boundary_error(e).with_source(label) from e


def _boundary_error(e: Exception) -> ScrutinyParseError:
    """Our error for an exception that reached load() without being translated."""
    if isinstance(e, MemoryError):
        return ResourceLimitError(
            "ran out of memory reading the file (MemoryError); in a batch, raise the "
            "worker memory cap with --max-memory"
        )
    if isinstance(e, RecursionError):
        return ResourceLimitError("the file nests structures too deeply to follow (RecursionError)")
    return DependencyError(f"an unexpected {type(e).__name__} while reading the file: {e}"[:2000])


def _parse(
    data: bytes, name: str | None, strict: bool, limits: Limits, pdf_backend: PdfBackend
) -> ProgressUpdate:
    found = detect(data)
    fmt = found.format
    layout = reader_for(fmt, limits, pdf_backend=pdf_backend, package=found.package)(data)
    check_deadline("after reading")
    _check_layout(layout, limits)
    update = update_from_layout(layout, data=data, name=name, fmt=fmt)
    check_deadline("after segmenting")
    if strict and update.warnings:
        shown = "; ".join(str(w) for w in update.warnings[:5])
        more = f" (and {len(update.warnings) - 5} more)" if len(update.warnings) > 5 else ""
        raise StrictModeError(
            f"{len(update.warnings)} warning(s) in strict mode: {shown}{more}",
            warnings=[str(w) for w in update.warnings],
        )
    return update


def _check_layout(layout: Layout, limits: Limits) -> None:
    """The per-document budgets, for every reader, before the segmenter runs: table
    cells (per table and in all), paragraphs, and text per paragraph and in all (a text
    dump's lines count towards the text). (The
    Word reader also counts as it goes, to stop early; a PDF's pages are bounded by
    their glyph budget.)"""
    total = 0
    for table in layout.tables():
        cells = sum(len(row.cells) for row in table.rows)
        if cells > limits.max_table_cells:
            raise limits.exceeded("max_table_cells", cells, f"table {table.index}")
        total += cells
        if total > limits.max_document_cells:
            raise limits.exceeded("max_document_cells", total, "the whole document")
    count = text = 0
    for count, para in enumerate(layout.paragraphs(), start=1):
        n = len(para.text)
        if n > limits.max_paragraph_text:
            raise limits.exceeded("max_paragraph_text", n, f"paragraph {count}")
        text += n
        if text > limits.max_document_text:
            raise limits.exceeded("max_document_text", text, "the whole document")
    if count > limits.max_paragraphs:
        raise limits.exceeded("max_paragraphs", count, "the whole document")
    # A text dump's layout is lines (its own line limits are the text reader's).
    for line in layout.lines:
        text += len(line.text)
        if text > limits.max_document_text:
            raise limits.exceeded("max_document_text", text, "the whole document")


def update_from_layout(
    layout: Layout, *, data: bytes, name: str | None, fmt: DetectedFormat
) -> ProgressUpdate:
    """Segment a reader's layout and wrap it with its source description.

    Separate from :func:`load` so tools that need the layout too (the debug renderer)
    read the file once.
    """
    found = segment(layout)
    if not found.recommendations:
        raise NotAProgressUpdateError(
            "this does not look like a scrutiny progress update: no 'Recommendation N:' "
            "headings with labelled rows (Responsibility, Date, Evidence of Progress, "
            "Assessment of Progress) found, and no table whose header row names the "
            "fields (No. / Recommendation / Link Officer / Date / Progress / Assessment) "
            "with a row per recommendation"
        )
    source = SourceInfo(
        file_name=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=layout.page_count,
        converted_from=layout.converted_from,
    )
    try:
        return ProgressUpdate(source=source, library_version=__version__, **vars(found))
    except ValidationError as e:
        raise NotAProgressUpdateError(f"the extracted data is not valid: {e}") from e
