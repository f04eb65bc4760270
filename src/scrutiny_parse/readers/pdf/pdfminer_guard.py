"""Budgets inside pdfminer: the loops a hostile PDF can make it run for ever.

pdfminer trusts its input in a few places, each of which a few KB can turn into hours
or gigabytes:

=====================================  ===================================  ====================
what pdfminer does                     what a crafted file makes of it      limit
=====================================  ===================================  ====================
``PDFStream.decode`` inflates whole    a double-Flate bomb, 2 KB -> 1 GB;   ``max_stream_size``
                                       a bad checksum, recovered byte by
                                       byte with ``bytes +=`` (quadratic)
``resolve1`` follows references        ``1 0 obj 1 0 R``: loops for ever    ``max_object_depth``
until it finds a value
``resolve_all`` recurses into arrays   a dictionary holding itself          ``max_object_depth``
``do_Do`` draws a form XObject         forms drawing forms, 2 x 2 x ...     ``max_xobject_depth``
inside the current one                                                      ``max_page_operators``
the content-stream loop                millions of operators                ``max_page_operators``
``CMapParser`` fills a dict per code   ``<00000000> <FFFFFFFF>``            ``max_cmap_codes``
``render_char`` per character          a megabyte-long ``TJ``               ``max_page_glyphs``
=====================================  ===================================  ====================

:func:`guarded` installs the hooks (once per process; they are inert outside a
``guarded`` block, so other pdfminer use in the process is unchanged, except that a
chain of bare references is always cut at a hard maximum of 1000) and
makes ``limits`` the budget for the block; :func:`start_page` resets the per-page
counters. The content-stream loop also checks the ``load()`` deadline
(:func:`scrutiny_parse.budget.check_deadline`) every few thousand operators.

The limit errors are raised from inside pdfminer; pdfplumber wraps them in its
``PdfminerException``, and the PDF reader's boundary unwraps them again, so the caller
sees the :class:`~scrutiny_parse.errors.ResourceLimitError` that names the limit.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pdfminer import pdftypes, settings
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.ccitt import ccittfaxdecode
from pdfminer.cmapdb import CMapParser
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import PSKeyword
from pdfminer.utils import apply_png_predictor, apply_tiff_predictor, nunpack

from scrutiny_parse.budget import check_deadline
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.pdf.rawscan import inflate

__all__ = ["Guard", "guarded", "start_page"]

# Outside any guarded block a chain of bare references is still cut here: no real file
# comes near it, and an endless loop helps nobody.
_HARD_REFERENCE_HOPS = 1000
# What drawing one form XObject is charged, in operators (see do_Do).
_FORM_COST = 20
# How often (in operators) the content loop looks at the clock.
_DEADLINE_EVERY = 4096


@dataclass
class Guard:
    """The budget of one guarded read and its per-page counters."""

    limits: Limits
    page: int = 0
    operators: int = 0
    glyphs: int = 0
    xobject_depth: int = 0

    def where(self) -> str:
        return f"page {self.page}" if self.page else "the PDF"


_guard: ContextVar[Guard | None] = ContextVar("scrutiny_parse_pdfminer_guard", default=None)
_installed = False
_original: dict[str, Callable[..., Any]] = {}


@contextlib.contextmanager
def guarded(limits: Limits = DEFAULT_LIMITS) -> Iterator[Guard]:
    """Run the block with pdfminer bounded by ``limits``."""
    install()
    guard = Guard(limits)
    token = _guard.set(guard)
    try:
        yield guard
    finally:
        _guard.reset(token)


def start_page(number: int) -> None:
    """Reset the per-page counters: page ``number`` is about to be interpreted."""
    guard = _guard.get()
    if guard is not None:
        guard.page = number
        guard.operators = guard.glyphs = guard.xobject_depth = 0


# -- streams ----------------------------------------------------------------------------


def _bounded_decode(self: PDFStream) -> None:
    """``PDFStream.decode`` with every filter stage capped at ``max_stream_size``.

    The same filters and predictors as pdfminer's, in the same order, through pdfminer's
    own decoders, except where a stage can expand: Flate is inflated incrementally
    (:func:`~.prescan.inflate`), LZW is read from its generator until the cap, and
    RunLength is decoded here with a ``bytearray`` (pdfminer's builds a list of ints).
    """
    guard = _guard.get()
    if guard is None:
        # Outside a guarded read (someone's own pdfminer use in this process): as it was.
        _original["decode"](self)
        return
    limits = guard.limits
    limit = limits.max_stream_size
    what = f"stream of object {self.objid}"
    assert self.data is None and self.rawdata is not None
    data = self.rawdata
    if self.decipher:
        assert self.objid is not None and self.genno is not None
        data = self.decipher(self.objid, self.genno, data, self.attrs)
    for f, params in self.get_filters():
        if f in pdftypes.LITERALS_FLATE_DECODE:
            data = inflate(data, limit, limits, what)
        elif f in pdftypes.LITERALS_LZW_DECODE:
            data = _lzw(data, limit, limits, what)
        elif f in pdftypes.LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif f in pdftypes.LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif f in pdftypes.LITERALS_RUNLENGTH_DECODE:
            data = _run_length(data, limit, limits, what)
        elif f in pdftypes.LITERALS_CCITTFAX_DECODE:
            params = params if isinstance(params, dict) else {}
            columns = pdftypes.int_value(params.get("Columns", 1728))
            rows = pdftypes.int_value(params.get("Rows", 0)) or 1
            if columns * rows // 8 > limit:
                raise limits.exceeded("max_stream_size", columns * rows // 8, what)
            data = ccittfaxdecode(data, params)
        elif (
            f in pdftypes.LITERALS_DCT_DECODE
            or f in pdftypes.LITERALS_JBIG2_DECODE
            or f in pdftypes.LITERALS_JPX_DECODE
        ):
            pass  # images, passed through undecoded as pdfminer does
        elif f == pdftypes.LITERAL_CRYPT:
            raise pdftypes.PDFNotImplementedError("/Crypt filter is unsupported")
        else:
            raise pdftypes.PDFNotImplementedError(f"Unsupported filter: {f!r}")
        if len(data) > limit:
            raise limits.exceeded("max_stream_size", len(data), what)
        data = _predict(data, params)
    self.data = data
    self.rawdata = None


def _predict(data: bytes, params: Any) -> bytes:
    """pdfminer's predictor step (output never larger than the input)."""
    if not params or not isinstance(params, dict) or "Predictor" not in params:
        return data
    pred = pdftypes.int_value(params["Predictor"])
    if pred == 1:
        return data
    colors = pdftypes.int_value(params.get("Colors", 1))
    columns = pdftypes.int_value(params.get("Columns", 1))
    bits = pdftypes.int_value(params.get("BitsPerComponent", 8))
    if pred == 2:
        return apply_tiff_predictor(colors, columns, bits, data)
    if pred >= 10:
        return apply_png_predictor(pred, colors, columns, bits, data)
    raise pdftypes.PDFNotImplementedError(f"Unsupported predictor: {pred!r}")


def _lzw(data: bytes, limit: int, limits: Limits, what: str) -> bytes:
    out = bytearray()
    for part in LZWDecoder(io.BytesIO(data)).run():
        out += part
        if len(out) > limit:
            raise limits.exceeded("max_stream_size", f"more than {limit} bytes", what)
    return bytes(out)


def _run_length(data: bytes, limit: int, limits: Limits, what: str) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5): a length byte, then 1-128 literal bytes or one
    byte repeated 2-128 times; 128 ends the data. Cut-off data ends it too."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        i += 1
        if length == 128:
            break
        if length < 128:
            out += data[i : i + length + 1]
            i += length + 1
        elif i < n:
            out += data[i : i + 1] * (257 - length)
            i += 1
        if len(out) > limit:
            raise limits.exceeded("max_stream_size", f"more than {limit} bytes", what)
    return bytes(out)


# -- references -------------------------------------------------------------------------


def _depth_limit() -> tuple[Limits, int]:
    guard = _guard.get()
    if guard is None:
        return DEFAULT_LIMITS, _HARD_REFERENCE_HOPS
    return guard.limits, guard.limits.max_object_depth


def _resolve1(x: object, default: object = None) -> Any:
    """``resolve1`` that gives up after ``max_object_depth`` references in a row."""
    hops = 0
    while isinstance(x, PDFObjRef):
        hops += 1
        if hops > 8:  # the common case (one or two hops) never pays for the lookup
            limits, most = _depth_limit()
            if hops > most:
                raise limits.exceeded(
                    "max_object_depth",
                    hops,
                    f"references from object {x.objid} lead to more references (a cycle?)",
                )
        x = x.resolve(default=default)
    return x


def _resolve_all(x: object, default: object = None) -> Any:
    """``resolve_all`` bounded in depth; a container met again inside itself (a cycle,
    which pdfminer would recurse into until the stack ran out) is left as it is."""
    limits, most = _depth_limit()
    active: set[int] = set()

    def walk(value: object, depth: int) -> Any:
        value = _resolve1(value, default)
        if not isinstance(value, (list, dict)):
            return value
        if id(value) in active:
            return value
        if depth > most:
            raise limits.exceeded("max_object_depth", depth, "arrays and dictionaries nested")
        active.add(id(value))
        try:
            if isinstance(value, list):
                return [walk(v, depth + 1) for v in value]
            for k, v in value.items():
                value[k] = walk(v, depth + 1)
            return value
        finally:
            active.discard(id(value))

    return walk(x, 0)


# -- interpretation ---------------------------------------------------------------------


def _wrap_nextobject(original: Callable[..., Any]) -> Callable[..., Any]:
    def nextobject(self: PDFContentParser) -> Any:
        entry = original(self)
        guard = _guard.get()
        if guard is not None and isinstance(entry[1], PSKeyword):
            guard.operators += 1
            if guard.operators > guard.limits.max_page_operators:
                raise guard.limits.exceeded(
                    "max_page_operators", guard.operators, f"{guard.where()}, forms included"
                )
            if guard.operators % _DEADLINE_EVERY == 0:
                check_deadline(f"interpreting {guard.where()}")
        return entry

    return nextobject


def _wrap_do_Do(original: Callable[..., Any]) -> Callable[..., Any]:
    def do_Do(self: PDFPageInterpreter, xobjid: Any) -> None:
        guard = _guard.get()
        if guard is None:
            original(self, xobjid)
            return
        guard.xobject_depth += 1
        # Drawing a form sets up a whole interpreter (resources, fonts, a parser): it
        # is charged as this many operators, so a fan of forms is stopped in seconds.
        guard.operators += _FORM_COST
        try:
            if guard.xobject_depth > guard.limits.max_xobject_depth:
                raise guard.limits.exceeded(
                    "max_xobject_depth",
                    guard.xobject_depth,
                    f"forms inside forms on {guard.where()}",
                )
            original(self, xobjid)
        finally:
            guard.xobject_depth -= 1

    return do_Do


def _wrap_render_char(original: Callable[..., float]) -> Callable[..., float]:
    def render_char(self: PDFLayoutAnalyzer, *args: Any, **kwargs: Any) -> float:
        guard = _guard.get()
        if guard is not None:
            guard.glyphs += 1
            if guard.glyphs > guard.limits.max_page_glyphs:
                raise guard.limits.exceeded("max_page_glyphs", guard.glyphs, guard.where())
        return original(self, *args, **kwargs)

    return render_char


def _wrap_cmap_keyword(original: Callable[..., None]) -> Callable[..., None]:
    def do_keyword(self: CMapParser, pos: int, token: PSKeyword) -> None:
        guard = _guard.get()
        if guard is not None and token in (self.KEYWORD_ENDBFRANGE, self.KEYWORD_ENDCIDRANGE):
            # The operands are still on the stack: (start, end, value) triples. Count the
            # codes they would define before pdfminer loops over them.
            objs = [obj for _, obj in self.curstack]
            codes = getattr(self, "_scrutiny_codes", 0)
            for i in range(0, len(objs) - 2, 3):
                start, end = objs[i], objs[i + 1]
                if isinstance(start, bytes) and isinstance(end, bytes):
                    codes += max(0, nunpack(end) - nunpack(start) + 1)
            self._scrutiny_codes = codes  # type: ignore[attr-defined]
            if codes > guard.limits.max_cmap_codes:
                raise guard.limits.exceeded("max_cmap_codes", codes, "a CMap / ToUnicode map")
        original(self, pos, token)

    return do_keyword


def install() -> None:
    """Patch pdfminer once per process (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    original_resolve1, original_resolve_all = pdftypes.resolve1, pdftypes.resolve_all
    # Modules did `from pdfminer.pdftypes import resolve1`: each holds its own name.
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("pdfminer", "pdfplumber")):
            continue
        if getattr(module, "resolve1", None) is original_resolve1:
            module.resolve1 = _resolve1  # type: ignore[attr-defined]
        if getattr(module, "resolve_all", None) is original_resolve_all:
            module.resolve_all = _resolve_all  # type: ignore[attr-defined]
    _original["decode"] = PDFStream.decode
    PDFStream.decode = _bounded_decode  # type: ignore[method-assign]
    PDFContentParser.nextobject = _wrap_nextobject(PDFContentParser.nextobject)  # type: ignore[method-assign]
    PDFPageInterpreter.do_Do = _wrap_do_Do(PDFPageInterpreter.do_Do)  # type: ignore[method-assign]
    PDFLayoutAnalyzer.render_char = _wrap_render_char(PDFLayoutAnalyzer.render_char)  # type: ignore[method-assign]
    CMapParser.do_keyword = _wrap_cmap_keyword(CMapParser.do_keyword)  # type: ignore[method-assign]
    # pdfminer's STRICT mode would raise on the damaged-but-readable files we accept.
    assert not settings.STRICT
