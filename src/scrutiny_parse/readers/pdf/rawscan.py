"""Checks on a PDF's raw bytes before any PDF library sees them (backend-neutral).

Whatever parses the PDF afterwards (pdfminer through pdfplumber, or another backend),
two kinds of bomb are cheapest to refuse here, from the bytes alone:

- a stream whose filter chain decodes to far more than it could ever need (a
  "double Flate" of zeros: 2 KB -> 1 MB -> 1 GB). Each Flate stage is inflated
  *incrementally* with an output cap (:func:`inflate`), so the check itself never holds
  more than ``Limits.max_stream_size`` bytes;
- objects that are nothing but a reference to another (``1 0 obj 2 0 R endobj``),
  chained past ``Limits.max_object_depth`` or round in a cycle: a resolver that
  follows references until it finds a value never ends on one.

The scan is a regular-expression pass, not a parser: an object it cannot make out is
left to the backend (which has its own guards, :mod:`.pdfminer_guard`). Image streams
are skipped (a backend reading text never inflates them), and so are encrypted files'
streams (they do not inflate, and the loop stops at the first zlib error).

:func:`inflate` is also the decoder the pdfminer guard uses for FlateDecode, so the two
agree on what a damaged stream gives (everything up to the damage).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from scrutiny_parse.budget import check_deadline
from scrutiny_parse.limits import Limits

__all__ = ["inflate", "prescan_pdf"]

# "12 0 obj << ... >> stream": an object that opens with a dictionary; it is a stream's
# when "stream" follows the ">>" that closes it (nested dictionaries end in ">>" too,
# but not followed by "stream"), before the object's "endobj".
_OBJECT_DICT = re.compile(rb"(?<!\d)(\d+)\s+\d+\s+obj\s*<<")
_STREAM_EOL = re.compile(rb"\r\n|\n|\r")
# The most of a stream's dictionary looked at.
_MAX_HEADER = 4096
_PDF_WHITESPACE = b" \t\n\r\f\v"
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]{0,512}\]|/[A-Za-z0-9]+)")
_FILTER_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FLATE = frozenset({b"FlateDecode", b"Fl"})
# "7 0 obj 8 0 R endobj": an object whose whole value is a reference.
_REF_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*(\d+)\s+(\d+)\s+R\s*endobj")
# Inflating in steps of this many input bytes keeps a damaged stream's good part.
_STEP = 1 << 16


def inflate(data: bytes, limit: int, limits: Limits, what: str) -> bytes:
    """``data`` zlib-inflated, at most ``limit`` bytes (else the ``max_stream_size``
    error for ``what``).

    A damaged stream (bad checksum, cut short, garbage in the middle) gives what came
    before the damage, as PDF readers do: the input is fed in steps, and a step that
    fails is retried in smaller steps from a copy of the decompressor taken before it.
    That costs a few extra calls at the damage, never a byte-by-byte pass over the
    whole stream (which is what made pdfminer's own recovery take minutes).
    """
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    pos = 0
    step = _STEP
    while pos < len(data) and not d.eof:
        chunk = data[pos : pos + step]
        before = d.copy()
        try:
            part = d.decompress(chunk, limit + 1 - size)
        except zlib.error:
            if step == 1:
                break  # the damage itself: keep what came before it
            d, step = before, max(1, step // 16)
            continue
        size += len(part)
        out.append(part)
        if size > limit:
            raise limits.exceeded("max_stream_size", f"more than {limit} bytes", what)
        pos += len(chunk) - len(d.unconsumed_tail)
        if d.unconsumed_tail:
            # Only left over when the output cap was reached, which raised above;
            # kept for clarity should the cap logic change.
            continue
    if not d.eof and size <= limit:
        try:
            tail = d.flush()
        except zlib.error:
            tail = b""
        size += len(tail)
        out.append(tail)
        if size > limit:
            raise limits.exceeded("max_stream_size", f"more than {limit} bytes", what)
    return b"".join(out)


def prescan_pdf(data: bytes, limits: Limits) -> None:
    """Refuse, before any backend runs, a PDF with a stream that inflates past
    ``max_stream_size`` or a chain/cycle of bare references past ``max_object_depth``."""
    _check_reference_chains(data, limits)
    for number, header, start in _stream_headers(data):
        if _IMAGE.search(header):
            continue
        filters = _filters(header)
        if not filters or filters[0] not in _FLATE:
            continue
        length = _LENGTH.search(header)
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        if end <= start:
            continue
        raw = data[start:end]
        what = f"stream of object {number}"
        # Every leading Flate stage of the chain, each capped on its own output.
        for name in filters:
            if name not in _FLATE or not raw:
                break
            raw = inflate(raw, limits.max_stream_size, limits, what)
        check_deadline("checking the PDF's streams")


def _stream_headers(data: bytes) -> Iterator[tuple[int, bytes, int]]:
    """(object number, dictionary inside "<<" ... ">>", offset of the data) of every
    stream object. Found by the keyword after each object's dictionary rather than by
    one pattern reaching ahead from every "obj <<" (that scanned up to 4 KB per
    non-stream object, ~1,200 in a browser's PDF: most of the check's time)."""
    for match in _OBJECT_DICT.finditer(data):
        start = match.end()
        end = data.find(b"endobj", start, start + _MAX_HEADER + 16)
        window = start + _MAX_HEADER + 16 if end < 0 else end
        at = data.find(b"stream", start, window)
        while at >= 0:
            head = data[start:at].rstrip(_PDF_WHITESPACE)
            if head.endswith(b">>") and len(head) - 2 <= _MAX_HEADER:
                eol = _STREAM_EOL.match(data, at + 6)
                if eol is not None:
                    yield int(match.group(1)), head[:-2], eol.end()
                break
            at = data.find(b"stream", at + 1, window)


def _filters(header: bytes) -> list[bytes]:
    found = _FILTER.search(header)
    return _FILTER_NAME.findall(found.group(1)) if found else []


def _check_reference_chains(data: bytes, limits: Limits) -> None:
    """Objects that are only a reference: follow each chain, refuse cycles and long ones."""
    points_to: dict[int, int] = {}
    for m in _REF_OBJECT.finditer(data):
        points_to[int(m.group(1))] = int(m.group(3))
    done: set[int] = set()
    for start in points_to:
        seen: list[int] = []
        obj = start
        while obj in points_to and obj not in done:
            if obj in seen:
                raise limits.exceeded(
                    "max_object_depth",
                    "a cycle",
                    f"objects {' -> '.join(map(str, seen[seen.index(obj) :]))} -> {obj} "
                    "refer to each other and never to a value",
                )
            seen.append(obj)
            if len(seen) > limits.max_object_depth:
                raise limits.exceeded(
                    "max_object_depth", len(seen), f"a chain of references from object {start}"
                )
            obj = points_to[obj]
        done.update(seen)
