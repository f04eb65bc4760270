"""Deterministic input mutators for fuzzing ``load()``.

Every mutator is a pure function of ``(data, rng)``: :func:`mutate` seeds the
``random.Random`` from the mutator's name and an int, so a failing case is reproduced
by its ``(sample, mutator, seed)`` triple alone, on any machine and Python version.

The mutators fall in four groups, chosen to reach past the first byte check into the
code that can actually break:

- generic byte mutators (truncation, bit flips, chunk deletion / duplication /
  insertion): the classic damaged-file shapes; truncation prefers the zip central
  directory and the PDF xref/trailer, where a cut hurts most;
- .docx mutators that keep the zip valid so the damage reaches python-docx and our XML
  walking: a corrupted member, a mangled or hostile ``word/document.xml`` (tag soup,
  unbalanced tags, 10k-deep nesting, billion laughs, an external entity to
  ``file:///etc/passwd``), edge-value attributes, odd text, injected hostile snippets
  (w:sym codes that are no character, unbalanced fields, absurd table spans, blocks
  repeated hundreds of times), a missing or duplicated member;
- PDF mutators that keep the file parseable where they can (the xref is rebuilt after
  an edit) so the damage reaches the content-stream interpreter and the layout code:
  a mutated content stream, broken xref offsets, no ``%%EOF``, ``/Count`` 10^9 or a
  page-tree cycle, a huge ``/Length``, extreme numbers in the object dictionaries;
- text mutators and pure random bytes / random text built from a progress update's
  own vocabulary, which gets through format detection into the text reader and the
  segmenter.

:func:`check_load` runs one input through ``load()`` under a SIGALRM time bound and
says how it broke the contract, if it did; the bounded suite (``tests/test_fuzz.py``)
and the long run (``fuzz/run_fuzz.py``) share it.
"""

from __future__ import annotations

import io
import random
import re
import struct
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

__all__ = [
    "MUTATORS",
    "SAMPLELESS",
    "CaseTimeout",
    "Failure",
    "Kind",
    "Mutator",
    "check_load",
    "kind_of",
    "mutate",
    "mutators_for",
    "rebuild_xref",
    "xxe_document",
]

Kind = Literal["docx", "pdf", "text"]
Mutator = Callable[[bytes, random.Random], bytes]


@dataclass(frozen=True)
class _Spec:
    func: Mutator
    kinds: frozenset[Kind]


MUTATORS: dict[str, _Spec] = {}

#: Mutators that ignore their input: run once per seed, not once per sample.
SAMPLELESS = ("random_bytes", "random_text")

_ALL: frozenset[Kind] = frozenset({"docx", "pdf", "text"})


def _register(*kinds: Kind) -> Callable[[Mutator], Mutator]:
    def wrap(func: Mutator) -> Mutator:
        MUTATORS[func.__name__.lstrip("_")] = _Spec(func, frozenset(kinds) or _ALL)
        return func

    return wrap


def kind_of(path: Path) -> Kind:
    """The sample kind from its suffix (only the fuzzer's own samples are named so)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    return "text"


def mutators_for(kind: Kind) -> list[str]:
    """Names of the mutators that apply to a sample of ``kind`` (input-free ones excluded)."""
    return [n for n, s in MUTATORS.items() if kind in s.kinds and n not in SAMPLELESS]


def mutate(data: bytes, mutator: str, seed: int) -> bytes:
    """``data`` changed by ``mutator``, deterministically for ``seed``."""
    rng = random.Random(f"{mutator}/{seed}")
    return MUTATORS[mutator].func(data, rng)


# --- generic byte mutators -------------------------------------------------------------


def _chunk_len(rng: random.Random, limit: int) -> int:
    """A chunk length, log-uniform so 1-byte and 10 KB chunks are both common."""
    if limit <= 1:
        return max(limit, 0)
    return min(limit, int(2 ** rng.uniform(0, min(16.0, limit.bit_length()))))


def _zip_central_directory(data: bytes) -> int | None:
    """Offset of the zip central directory (from the end record), None if not a zip."""
    eocd = data.rfind(b"PK\x05\x06")
    if eocd < 0 or eocd + 22 > len(data):
        return None
    offset: int = struct.unpack_from("<I", data, eocd + 16)[0]
    return offset if offset < eocd else eocd


@_register()
def _truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file short; half the time inside the zip directory or PDF xref/trailer."""
    if len(data) < 2:
        return b""
    start = 0
    if rng.random() < 0.5:
        if data.startswith(b"PK"):
            start = _zip_central_directory(data) or 0
        elif b"%PDF" in data[:1024]:
            start = max(data.rfind(b"xref"), data.rfind(b"trailer"), 0)
    return data[: rng.randrange(start, len(data))]


@_register()
def _bitflip(data: bytes, rng: random.Random) -> bytes:
    """Flip 1-32 random bits."""
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


@_register()
def _delete_chunk(data: bytes, rng: random.Random) -> bytes:
    """Remove a chunk (1 byte to tens of KB)."""
    if not data:
        return data
    n = _chunk_len(rng, len(data))
    i = rng.randrange(len(data) - n + 1)
    return data[:i] + data[i + n :]


@_register()
def _duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    """Copy a chunk to another offset (sometimes many times over)."""
    if not data:
        return data
    n = _chunk_len(rng, len(data))
    i = rng.randrange(len(data) - n + 1)
    chunk = data[i : i + n] * (rng.choice((1, 1, 1, 2, 10, 100)) if n < 1000 else 1)
    j = rng.randrange(len(data) + 1)
    return data[:j] + chunk + data[j:]


@_register()
def _insert_random(data: bytes, rng: random.Random) -> bytes:
    """Insert a chunk of random bytes."""
    n = _chunk_len(rng, 4096)
    j = rng.randrange(len(data) + 1)
    return data[:j] + rng.randbytes(n) + data[j:]


# --- input-free mutators -----------------------------------------------------------

_WORDS = (
    "Recommendation",
    "Recommendation 1:",
    "Recommendation 2 -",
    "Rec 999.",
    "Recommendation No. 0",
    "Responsibility",
    "Lead Officer",
    "Officer(s) responsible",
    "Date",
    "Timescale",
    "Target date",
    "Action",
    "Success measure",
    "Success Measure(s)",
    "Progress",
    "Evidence (March 2020)",
    "Progress (as at September 2021)",
    "Assessment",
    "Assessment of progress",
    "Assessment of progress gradings",
    "Review:",
    "Link officers:",
    "Action plan agreed:",
    "Classification: OFFICIAL",
    "For Community",
    "For the Council",
    "1",
    "2",
    "3",
    "4",
    "5",
    "0",
    "1 2 3 4",
    "Fully Achieved On-Track Slipped Not Achieved",
    "Achieved (Fully)",
    "On Track but not yet due for completion",
    "Not Achieved",
    "March 2020",
    "April 2019 - March 2021",
    "Ongoing",
    "31/02/2020",
    "13/13/13",
    "Q5 2020/21",
    "2020/21",
    "Winter 2019",
    "0000-00",
    "99999999999999999999",
    "Sept",
    "John Smith (Head of Service)",
    "Cllr. A. B.",
    "(include explanation if required)",
    "•",
    "-",
    "ii)",
    "(b)",
    "https://example.org/x",
    "\u200b",
    "\u00a0",
    "\u202e",
    "ﬁ",
    "٣",
    "😀",
    "e\u0301",
    "\t",
)


@_register()
def _random_bytes(data: bytes, rng: random.Random) -> bytes:
    """Random bytes (sometimes behind a real signature), ignoring the input."""
    body = rng.randbytes(_chunk_len(rng, 8192))
    # No RTF or OLE2 signature: those formats go to LibreOffice, seconds per case.
    head = rng.choice((b"", b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf"))
    return head + body


@_register()
def _random_text(data: bytes, rng: random.Random) -> bytes:
    """Random lines of a progress update's words, spacing and odd characters."""
    lines: list[str] = []
    for _ in range(rng.randint(0, 400)):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(0, 8))]
        sep = rng.choice((" ", "  ", "     ", "\t", ""))
        indent = " " * rng.choice((0, 0, 0, 1, 4, 40))
        lines.append(indent + sep.join(words))
        if rng.random() < 0.2:
            lines.append(rng.choice(("", " ", "\f", "\r")))
    text = "\n".join(lines)
    return text.encode(rng.choice(("utf-8", "utf-8", "utf-8-sig", "cp1252")), "replace")


# --- text mutators -----------------------------------------------------------------


@_register("text")
def _text_lines(data: bytes, rng: random.Random) -> bytes:
    """Delete, duplicate, swap, indent or insert lines (labels, page breaks, blanks)."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 20)):
        if not lines:
            lines.append(b"")
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = b" " * rng.choice((1, 3, 30, 300)) + lines[i]
        elif op == 4:
            lines.insert(i, rng.choice(_WORDS).encode())
        else:
            lines.insert(i, rng.choice((b"", b" ", b"\f", b"\x0c\x0c", b"\r")))
    return b"\n".join(lines)


def _token_swap(text: str, rng: random.Random) -> str:
    """Replace some whitespace-separated tokens with vocabulary words."""
    parts = re.split(r"(\s+)", text)
    words = [i for i, p in enumerate(parts) if p and not p.isspace()]
    for _ in range(min(len(words), rng.randint(1, 30))):
        parts[rng.choice(words)] = rng.choice(_WORDS)
    return "".join(parts)


@_register("text")
def _text_tokens(data: bytes, rng: random.Random) -> bytes:
    """Swap words for labels, grades, odd dates and odd characters."""
    return _token_swap(data.decode("utf-8", "replace"), rng).encode()


# --- .docx (zip) mutators ----------------------------------------------------------

_XML_SUFFIXES = (".xml", ".rels")


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _build_zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, body in entries:
                zf.writestr(name, body)
    return buf.getvalue()


def _replace(entries: list[tuple[str, bytes]], name: str, body: bytes) -> bytes:
    return _build_zip([(n, body if n == name else b) for n, b in entries])


def _xml_parts(entries: list[tuple[str, bytes]]) -> list[str]:
    return [n for n, _ in entries if n.endswith(_XML_SUFFIXES)]


@_register("docx")
def _docx_corrupt_entry(data: bytes, rng: random.Random) -> bytes:
    """Damage one member's compressed bytes; headers and directory stay valid."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = [i for i in zf.infolist() if i.compress_size > 0]
    info = rng.choice(infos)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = start + rng.randrange(info.compress_size)
        out[i] = rng.randrange(256)
    return bytes(out)


@_register("docx")
def _docx_delete_entry(data: bytes, rng: random.Random) -> bytes:
    """Drop a member: styles, numbering, content types, relationships, or any."""
    entries = _entries(data)
    names = [n for n, _ in entries]
    wanted = [
        "word/styles.xml",
        "word/numbering.xml",
        "[Content_Types].xml",
        "word/_rels/document.xml.rels",
        "_rels/.rels",
        "docProps/app.xml",
        "word/settings.xml",
    ]
    present = [n for n in wanted if n in names]
    victim = rng.choice(present) if present and rng.random() < 0.7 else rng.choice(names)
    return _build_zip([(n, b) for n, b in entries if n != victim])


@_register("docx")
def _docx_duplicate_entry(data: bytes, rng: random.Random) -> bytes:
    """Store a member name twice, the copy sometimes different (zip allows it)."""
    entries = _entries(data)
    name, body = rng.choice(entries)
    if rng.random() < 0.5:
        body = _bitflip(body, rng)
    elif rng.random() < 0.5:
        body = b""
    entries.insert(rng.randrange(len(entries) + 1), (name, body))
    return _build_zip(entries)


_TAG = re.compile(rb"<[^<>]*>|[^<]+")


def _soup(xml: bytes, rng: random.Random) -> bytes:
    """Tag soup: shuffle a run of tags and text."""
    tokens = _TAG.findall(xml)
    n = min(len(tokens), rng.choice((5, 20, 200, 2000)))
    i = rng.randrange(len(tokens) - n + 1)
    window = tokens[i : i + n]
    rng.shuffle(window)
    return b"".join(tokens[:i] + window + tokens[i + n :])


def _unbalanced(xml: bytes, rng: random.Random) -> bytes:
    """Drop closing tags or add stray opening / closing ones."""
    tokens = _TAG.findall(xml)
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(tokens))
        op = rng.randrange(3)
        if op == 0 and tokens[i].startswith(b"</"):
            del tokens[i]
        elif op == 1:
            tokens.insert(i, rng.choice((b"<w:p>", b"<w:tbl>", b"<w:r><w:t>", b"<w:tc>")))
        else:
            tokens.insert(i, rng.choice((b"</w:p>", b"</w:tbl>", b"</w:body>", b"</w:tr>")))
    return b"".join(tokens)


# Wrappers whose nesting the reader follows recursively: (open, close).
_NESTS = (
    (b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>"),
    (b"<w:customXml>", b"</w:customXml>"),
    (b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>"),
    (b"<w:p><w:hyperlink>", b"</w:hyperlink></w:p>"),
    (b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>"),
)


def _deep(xml: bytes, rng: random.Random) -> bytes:
    """Nest a wrapper 10k levels deep (or just under libxml2's 256 limit) in the body."""
    opening, closing = rng.choice(_NESTS)
    levels = rng.choice((10_000, 10_000, 80, 120))
    inner = b"<w:p><w:r><w:t>Recommendation 1: deep</w:t></w:r></w:p>"
    if opening.endswith(b"<w:t>") or opening.endswith(b"<w:hyperlink>"):
        inner = b"deep"
        if opening.endswith(b"<w:hyperlink>"):
            inner = b"<w:r><w:t>deep</w:t></w:r>"
    nest = opening * levels + inner + closing * levels
    body = xml.find(b"<w:body>")
    if body < 0:
        return xml + nest
    at = body + len(b"<w:body>")
    return xml[:at] + nest + xml[at:]


def _with_doctype(xml: bytes, doctype: bytes, use: bytes, rng: random.Random) -> bytes:
    """Add a DOCTYPE after the XML declaration and put ``use`` into some w:t texts."""
    decl_end = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    texts = [m.end() for m in re.finditer(rb"<w:t(?: [^>]*)?>", xml)]
    chosen = sorted(rng.sample(texts, min(len(texts), rng.randint(1, 50))), reverse=True)
    out = xml
    for at in chosen:
        out = out[:at] + use + out[at:]
    return out[:decl_end] + doctype + out[decl_end:]


_LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def _laughs(xml: bytes, rng: random.Random) -> bytes:
    return _with_doctype(xml, _LAUGHS, b"&lol9;", rng)


_XXE_DOCTYPES = (
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE w:document [<!ENTITY % dtd SYSTEM "file:///etc/passwd"> %dtd;'
    b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE w:document SYSTEM "file:///etc/passwd">',
)


def _xxe(xml: bytes, rng: random.Random) -> bytes:
    return _with_doctype(xml, rng.choice(_XXE_DOCTYPES), b"&xxe;", rng)


def xxe_document(data: bytes, variant: int = 0) -> bytes:
    """``data`` (a .docx) with an external entity to file:///etc/passwd used in every
    w:t of document.xml: if the reader resolved it, the text would hold ``root:``."""
    entries = _entries(data)
    xml = dict(entries)["word/document.xml"]
    decl_end = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    xml = re.sub(rb"(<w:t(?: [^>]*)?>)", rb"\1&xxe;", xml)
    xml = xml[:decl_end] + _XXE_DOCTYPES[variant % 2] + xml[decl_end:]
    return _replace(entries, "word/document.xml", xml)


_XML_VARIANTS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "soup": _soup,
    "unbalanced": _unbalanced,
    "deep": _deep,
    "laughs": _laughs,
    "xxe": _xxe,
}


@_register("docx")
def _docx_document_xml(data: bytes, rng: random.Random) -> bytes:
    """Replace word/document.xml with tag soup, unbalanced tags, 10k-deep nesting, a
    billion-laughs DOCTYPE or an external entity to file:///etc/passwd."""
    entries = _entries(data)
    xml = dict(entries)["word/document.xml"]
    variant = rng.choice(sorted(_XML_VARIANTS))
    return _replace(entries, "word/document.xml", _XML_VARIANTS[variant](xml, rng))


_TEXT_RE = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
_ATTR = re.compile(rb'(\s[\w:]+=")([^"]*)(")')
_EDGE_VALUES = (
    b"",
    b"0",
    b"-1",
    b"1",
    b"2",
    b"8",
    b"9",
    b"63",
    b"64",
    b"-2147483648",
    b"2147483648",
    b"99999999999999999999",
    b"1e9",
    b"NaN",
    b"auto",
    b"nil",
    b"restart",
    b"continue",
    b"true",
    b"false",
    b"off",
    b"x" * 1000,
    b"%1%2%3%4%5%6%7%8%9",
    b"%0%10",
    b"rId1",
    b"rId999",
    b"../../../../etc/passwd",
    b"file:///etc/passwd",
    b"/word/document.xml",
    b"External",
    b"bullet",
    b"none",
    b"upperRoman",
    b"lowerLetter",
    b"decimalZero",
    b"F0B7",
    b"ZZZZ",
    b"D800",
    b"110000",
    b"&amp;",
    b"&#0;",
)


@_register("docx")
def _docx_attrs(data: bytes, rng: random.Random) -> bytes:
    """Set attributes of one XML part (document, styles, numbering, rels, content
    types...) to edge values: huge / negative numbers, junk, self references."""
    entries = _entries(data)
    parts = _xml_parts(entries)
    name = "word/document.xml" if rng.random() < 0.4 else rng.choice(parts)
    xml = dict(entries)[name]
    attrs = list(_ATTR.finditer(xml))
    if not attrs:
        return data
    chosen = {m.start() for m in rng.sample(attrs, min(len(attrs), rng.randint(1, 40)))}
    shared = rng.choice(_EDGE_VALUES) if rng.random() < 0.3 else None

    def swap(m: re.Match[bytes]) -> bytes:
        if m.start() not in chosen:
            return m.group(0)
        value = shared if shared is not None else rng.choice(_EDGE_VALUES)
        return m.group(1) + value + m.group(3)

    return _replace(entries, name, _ATTR.sub(swap, xml))


@_register("docx")
def _docx_text(data: bytes, rng: random.Random) -> bytes:
    """Replace the text of some w:t runs with labels, grades, odd dates and characters."""
    entries = _entries(data)
    xml = dict(entries)["word/document.xml"]
    texts = list(_TEXT_RE.finditer(xml))
    if not texts:
        return data
    chosen = {m.start() for m in rng.sample(texts, min(len(texts), rng.randint(1, 60)))}

    def swap(m: re.Match[bytes]) -> bytes:
        if m.start() not in chosen:
            return m.group(0)
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
        return m.group(1) + escape(words).encode() + m.group(3)

    return _replace(entries, "word/document.xml", _TEXT_RE.sub(swap, xml))


@_register("docx")
def _docx_xml_bytes(data: bytes, rng: random.Random) -> bytes:
    """Byte-level damage (bit flips, chunk edits) to one XML part, re-zipped cleanly."""
    entries = _entries(data)
    name = rng.choice(_xml_parts(entries))
    body = dict(entries)[name]
    op = rng.choice((_bitflip, _delete_chunk, _duplicate_chunk, _truncate))
    return _replace(entries, name, op(body, rng))


_SYM_CHARS = (b"D800", b"DFFF", b"110000", b"FFFFFFFFFF", b"F0B7", b"0", b"-1", b"ZZ", b"")
_INJECT = (
    # w:sym with a surrogate, out-of-range or junk code point
    b'<w:p><w:r><w:sym w:font="Symbol" w:char="%(sym)s"/><w:t>Recommendation 1:</w:t></w:r></w:p>',
    b'<w:p><w:r><w:sym w:font="Calibri" w:char="%(sym)s"/></w:r></w:p>',
    # an unbalanced complex field: everything after it is field code
    b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>x</w:t></w:r></w:p>',
    b'<w:p><w:r><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="separate"/></w:r></w:p>',
    # tables with absurd spans, merges and shapes
    b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/><w:vMerge/></w:tcPr><w:p/>'
    b"</w:tc></w:tr></w:tbl>",
    b'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="-5"/><w:gridAfter w:val="99999"/></w:trPr>'
    b"<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p><w:r><w:t>Responsibility</w:t></w:r></w:p></w:tc>"
    b'<w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
    b"<w:tbl/>",
    b"<w:tbl><w:tr/><w:tr><w:tc/></w:tr></w:tbl>",
    b"<w:tbl><w:tblGrid/><w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    # list items pointing at missing, deep or self-linked numbering
    b'<w:p><w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="%(num)s"/></w:numPr></w:pPr>'
    b"<w:r><w:t>item</w:t></w:r></w:p>",
    b'<w:p><w:pPr><w:pStyle w:val="%(num)s"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'
    b"<w:r><w:t>Recommendation 2: x</w:t></w:r></w:p>",
    # wrappers with nothing in them
    b"<mc:AlternateContent/>",
    b"<w:sdt/>",
    b"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr></w:sdt>",
    b'<w:altChunk r:id="rId999"/>',
    b"<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>"
    b"</w:pict></w:r></w:p>",
    b'<w:sectPr><w:headerReference w:type="default" r:id="rId999"/></w:sectPr>',
    # one huge run of text
    b'<w:p><w:r><w:t xml:space="preserve">%(long)s</w:t></w:r></w:p>',
)


@_register("docx")
def _docx_inject(data: bytes, rng: random.Random) -> bytes:
    """Insert hostile snippets into document.xml: odd symbols, unbalanced fields,
    tables with absurd spans, broken list references, empty wrappers, huge text; or
    repeat a real table or paragraph hundreds of times."""
    entries = _entries(data)
    xml = dict(entries)["word/document.xml"]
    if rng.random() < 0.2:
        blocks = list(re.finditer(rb"(?s)<w:tbl>.*?</w:tbl>|<w:p[ >].*?</w:p>", xml))
        if blocks:
            m = rng.choice(blocks)
            times = rng.choice((50, 300))
            xml = xml[: m.end()] + m.group(0) * times + xml[m.end() :]
            return _replace(entries, "word/document.xml", xml)
    spots = [m.start() for m in re.finditer(rb"</w:tc>|</w:body>|<w:p[ >]", xml)]
    for _ in range(rng.randint(1, 5)):
        snippet = rng.choice(_INJECT) % {
            b"sym": rng.choice(_SYM_CHARS),
            b"num": rng.choice((b"1", b"2", b"999", b"-1", b"x")),
            b"long": escape(rng.choice(_WORDS) + " ").encode() * rng.choice((1000, 20000)),
        }
        at = rng.choice(spots)
        xml = xml[:at] + snippet + xml[at:]
    return _replace(entries, "word/document.xml", xml)


# --- PDF mutators ------------------------------------------------------------------

_OBJ = re.compile(rb"(?m)^(\d+) (\d+) obj\b")
_STREAM_DICT = re.compile(rb"<<(/Length[^<>]*?)>>\s*stream\r?\n")
_NUMBER = re.compile(rb"(?<![\w.#/-])-?\d+(?:\.\d+)?(?![\w.])")


def rebuild_xref(data: bytes) -> bytes:
    """The PDF with its last classic xref table and trailer rewritten from the objects'
    actual offsets, so an edit that moved bytes still leaves a consistent file."""
    xref = data.rfind(b"\nxref")
    trailer = re.search(rb"trailer\s*(<<.*?>>)\s*startxref", data[xref:], re.DOTALL)
    if xref < 0 or trailer is None:
        return data
    body = data[: xref + 1]
    offsets: dict[int, int] = {}
    for m in _OBJ.finditer(body):
        offsets[int(m.group(1))] = m.start()
    size = max(offsets, default=0) + 1
    rows = [b"0000000000 65535 f \n"]
    for n in range(1, size):
        rows.append(b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n")
    trailer_dict = re.sub(rb"/Size\s+\d+", b"/Size %d" % size, trailer.group(1))
    table = b"xref\n0 %d\n" % size + b"".join(rows)
    return body + table + b"trailer\n" + trailer_dict + b"\nstartxref\n%d\n%%%%EOF\n" % len(body)


def _streams(data: bytes) -> list[tuple[re.Match[bytes], int, bytes]]:
    """The Flate streams that decompress: (dict match, end of data, decompressed)."""
    out = []
    for m in _STREAM_DICT.finditer(data):
        if b"FlateDecode" not in m.group(1):
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        try:
            plain = zlib.decompressobj().decompress(data[m.end() : end])
        except zlib.error:
            continue
        out.append((m, end, plain))
    return out


_OPERATORS = (
    b"q",
    b"Q",
    b"Q Q Q",
    b"BT",
    b"ET",
    b"0 0 0 0 0 0 cm",
    b"1e30 0 0 1e30 0 0 cm",
    b"99999 0 0 99999 0 0 cm",
    b"/F1 0 Tf",
    b"/F1 99999 Tf",
    b"/F99 12 Tf",
    b"0 Tz",
    b"-100 Tz",
    b"9999 TL T*",
    b"(x) Tj",
    b"[(a) -99999 (b)] TJ",
    b"<0102> Tj",
    b"0 0 m 99999 99999 l S",
    b"0 0 0 0 re f",
    b"-5 -5 1e9 1e9 re S",
    b"0 w",
    b"3 Tr",
    b"/Im1 Do",
    b"BI /W 1 /H 1 ID x EI",
    b"[] 0 d",
    b"1 0 0 -1 0 842 Tm",
    b"0 0 Td",
    b"1 2 3 4 5 6 7 8 9 c",
    b"(",
    b"<<",
    b"]",
)


def _mutate_content(plain: bytes, rng: random.Random) -> bytes:
    """Token-level edits to a content stream: drop, repeat, swap numbers, add operators."""
    tokens = plain.split()
    for _ in range(rng.randint(1, 30)):
        if not tokens:
            tokens.append(rng.choice(_OPERATORS))
        i = rng.randrange(len(tokens))
        op = rng.randrange(5)
        if op == 0:
            del tokens[i : i + rng.randint(1, 20)]
        elif op == 1:
            tokens[i:i] = tokens[i : i + rng.randint(1, 50)]
        elif op == 2 and _NUMBER.fullmatch(tokens[i]):
            tokens[i] = rng.choice((b"0", b"-0", b"1e30", b"99999999", b"-99999999", b"0.0001"))
        else:
            tokens.insert(i, rng.choice(_OPERATORS))
    return b"\n".join(tokens)


@_register("pdf")
def _pdf_stream(data: bytes, rng: random.Random) -> bytes:
    """Edit inside one content (or font) stream, recompressed with a true /Length."""
    streams = _streams(data)
    content = [s for s in streams if b"Length1" not in s[0].group(1)]
    pool = content if content and rng.random() < 0.85 else streams
    if not pool:
        return _bitflip(data, rng)
    m, end, plain = rng.choice(pool)
    # An embedded font (it has /Length1) gets byte damage; a content stream, token edits.
    new = _bitflip(plain, rng) if b"Length1" in m.group(1) else _mutate_content(plain, rng)
    packed = zlib.compress(new)
    head = b"<</Length %d/Filter/FlateDecode>>stream\n" % len(packed)
    out = data[: m.start()] + head + packed + b"\n" + data[end:]
    return rebuild_xref(out)


@_register("pdf")
def _pdf_xref(data: bytes, rng: random.Random) -> bytes:
    """Break the xref: wrong entry offsets, a wrong startxref, or no table at all."""
    xref = data.rfind(b"\nxref")
    if xref < 0:
        return _bitflip(data, rng)
    op = rng.randrange(4)
    if op == 0:
        entries = list(re.finditer(rb"\d{10}(?= \d{5} [nf])", data[xref:]))
        out = bytearray(data)
        for m in rng.sample(entries, min(len(entries), rng.randint(1, 10))):
            value = b"%010d" % rng.choice(
                (0, 1, len(data) - 1, len(data) + 5, rng.randrange(len(data)))
            )
            out[xref + m.start() : xref + m.end()] = value
        return bytes(out)
    if op == 1:
        value = rng.choice((b"0", b"-1", b"999999999999", b"%d" % rng.randrange(len(data))))
        return re.sub(rb"startxref\s+\d+", b"startxref\n" + value, data)
    if op == 2:
        shift = rng.choice((-7, -1, 1, 13))
        return re.sub(
            rb"(\d{10})(?= \d{5} n)", lambda m: b"%010d" % max(0, int(m.group(1)) + shift), data
        )
    return data[:xref] + data[xref:].replace(b"xref", b"xfer", 1)


@_register("pdf")
def _pdf_no_eof(data: bytes, rng: random.Random) -> bytes:
    """Remove %%EOF (and sometimes startxref, or everything after the last object)."""
    out = data.replace(b"%%EOF", b"")
    if rng.random() < 0.3:
        out = re.sub(rb"startxref\s+\d+\s*", b"", out)
    if rng.random() < 0.2:
        out = out[: out.rfind(b"endobj") + len(b"endobj")]
    return out


@_register("pdf")
def _pdf_count(data: bytes, rng: random.Random) -> bytes:
    """/Count of the page tree set to 10^9 (or 0, -1, 2^64), or its /Kids made a cycle."""
    if rng.random() < 0.3:
        m = re.search(rb"(?s)(\d+) 0 obj\s*<<\s*/Type\s*/Pages(.*?)/Kids\s*\[\s*(\d+ 0 R)", data)
        if m:
            own = m.group(1) + b" 0 R"
            return rebuild_xref(data[: m.start(3)] + own + data[m.end(3) :])
    value = rng.choice((b"1000000000", b"1000000000", b"0", b"-1", b"18446744073709551616", b"1.5"))
    return rebuild_xref(re.sub(rb"/Count\s+\d+", b"/Count " + value, data))


@_register("pdf")
def _pdf_length(data: bytes, rng: random.Random) -> bytes:
    """A stream's /Length set huge, negative or zero (direct or through its object)."""
    dicts = list(_STREAM_DICT.finditer(data))
    if not dicts:
        return _bitflip(data, rng)
    m = rng.choice(dicts)
    value = rng.choice((b"999999999999", b"2147483647", b"-1", b"0", b"1"))
    new = re.sub(rb"/Length\s+(?:\d+ \d+ R|\d+)", b"/Length " + value, m.group(1), count=1)
    return rebuild_xref(data[: m.start(1)] + new + data[m.end(1) :])


@_register("pdf")
def _pdf_numbers(data: bytes, rng: random.Random) -> bytes:
    """Extreme numbers in the object dictionaries (MediaBox, Widths, Rotate, refs...)."""
    cut = data.rfind(b"\nxref")
    head = data if cut < 0 else data[:cut]
    skip: list[tuple[int, int]] = [(m.end(), e) for m, e, _ in _streams(head)]
    found = [
        m
        for m in _NUMBER.finditer(head)
        if not any(a <= m.start() < b for a, b in skip) and not _OBJ.match(head, m.start())
    ]
    if not found:
        return _bitflip(data, rng)
    chosen = {m.start() for m in rng.sample(found, min(len(found), rng.randint(1, 25)))}
    values = (b"0", b"-1", b"-0", b"0.0000001", b"99999999999999999999", b"1e9", b"360", b"45")
    shared = rng.choice(values) if rng.random() < 0.3 else None

    def swap(m: re.Match[bytes]) -> bytes:
        if m.start() not in chosen:
            return m.group(0)
        return shared if shared is not None else rng.choice(values)

    return rebuild_xref(_NUMBER.sub(swap, head) + data[len(head) :])


# --- running one case ---------------------------------------------------------------


# --- object graphs and list/style definitions (issue 13) -------------------------------


@_register("pdf")
def _pdf_graph(data: bytes, rng: random.Random) -> bytes:
    """Rewire the object graph: a reference pointed at another object (often making a
    cycle), an object replaced by a bare reference (a chain or a loop), or a page's
    content wrapped in form XObjects that draw each other."""
    cut = data.rfind(b"\nxref")
    head = data if cut < 0 else data[:cut]
    objects = [int(m.group(1)) for m in _OBJ.finditer(head)]
    if not objects:
        return _bitflip(data, rng)
    op = rng.randrange(3)
    if op == 0:
        refs = list(re.finditer(rb"(?<![\d.])(\d+) 0 R", head))
        out = bytearray(head)
        for m in sorted(
            rng.sample(refs, min(len(refs), rng.randint(1, 5))), key=lambda m: -m.start()
        ):
            out[m.start(1) : m.end(1)] = b"%d" % rng.choice(objects)
        return rebuild_xref(bytes(out) + data[len(head) :])
    if op == 1:
        victim = rng.choice(objects)
        target = rng.choice((victim, rng.choice(objects)))
        pattern = re.compile(rb"(?s)(^|\n)%d 0 obj\b.*?endobj" % victim)
        new = b"\\g<1>%d 0 obj\n%d 0 R\nendobj" % (victim, target)
        return rebuild_xref(pattern.sub(new, head, count=1) + data[len(head) :])
    # Forms: append N form XObjects, each drawing the next `fan` times (the last, the
    # first: a cycle, or not), and make the first page draw form 1.
    first = max(objects) + 1
    count, fan = rng.randint(2, 20), rng.randint(1, 4)
    loop = rng.random() < 0.5
    extra = bytearray()
    for i in range(count):
        nxt = first + (i + 1) % count if (loop or i + 1 < count) else None
        body = b"q /X Do Q " * fan if nxt is not None else b"0 0 m 1 1 l S"
        res = b"<< /XObject << /X %d 0 R >> >>" % nxt if nxt is not None else b"<< >>"
        extra += (
            b"%d 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources %s "
            b"/Length %d >>\nstream\n%s\nendstream\nendobj\n" % (first + i, res, len(body), body)
        )
    page = re.search(rb"/Type\s*/Page(?!s)", head)
    if page is None:
        return _bitflip(data, rng)
    hooked = head[: page.end()] + b" /Resources << /XObject << /X %d 0 R >> >>" % first
    hooked += head[page.end() :]
    return rebuild_xref(hooked + bytes(extra) + data[len(head) :])


_NUMBERING_EDITS = (
    (rb'(<w:start w:val=")\d+', rb"\g<1>%d"),
    (rb'(<w:lvlText w:val=")[^"]*', rb"\g<1>%s"),
    (rb'(<w:lvlRestart w:val=")\d+', rb"\g<1>%d"),
    (rb'(<w:numFmt w:val=")\w+', rb"\g<1>%s"),
    (rb'(<w:abstractNumId w:val=")\d+', rb"\g<1>%d"),
    (rb'(<w:ilvl w:val=")\d+', rb"\g<1>%d"),
)


@_register("docx")
def _docx_numbering(data: bytes, rng: random.Random) -> bytes:
    """Extreme list definitions in numbering.xml: huge or negative w:start, a w:lvlText
    of thousands of %N, odd w:lvlRestart and w:ilvl, a numStyleLink loop."""
    entries = _entries(data)
    part = dict(entries).get("word/numbering.xml")
    if part is None:
        return _docx_styles(data, rng)
    for _ in range(rng.randint(1, 6)):
        pattern, template = rng.choice(_NUMBERING_EDITS)
        if b"%s" in template:
            value = rng.choice(
                (
                    b"%1" * rng.choice((10, 1000, 50_000)),
                    b"%9%8%7%6%5%4%3%2%1",
                    b"",
                    b"%0%",
                    b"x" * 5000,
                )
                if b"lvlText" in pattern
                else (b"upperRoman", b"lowerLetter", b"bullet", b"none", b"ordinal", b"")
            )
            repl = template.replace(b"%s", value.replace(b"\\", b"\\\\"))
        else:
            value_int = rng.choice((0, -1, 9, 10, 32767, 2**31, 10**12, 10**300))
            repl = template.replace(b"%d", b"%d" % value_int)
        matches = list(re.finditer(pattern, part))
        if matches:
            m = rng.choice(matches)
            part = part[: m.start()] + re.sub(pattern, repl, m.group(0), count=1) + part[m.end() :]
    if rng.random() < 0.2:
        part = part.replace(
            b"</w:abstractNum>", b'<w:numStyleLink w:val="ListLoop"/></w:abstractNum>', 1
        )
    return _replace(entries, "word/numbering.xml", part)


@_register("docx")
def _docx_styles(data: bytes, rng: random.Random) -> bytes:
    """styles.xml with w:basedOn rewired: cycles, a chain hundreds long, self-references,
    links to styles that do not exist."""
    entries = _entries(data)
    part = dict(entries).get("word/styles.xml")
    if part is None:
        return _bitflip(data, rng)
    ids = re.findall(rb'w:styleId="([^"]+)"', part)
    if not ids:
        return _bitflip(data, rng)
    op = rng.randrange(3)
    if op == 0:  # rewire some basedOn to random (possibly cyclic) targets

        def rewire(m: re.Match[bytes]) -> bytes:
            return m.group(1) + rng.choice(ids) if rng.random() < 0.5 else m.group(0)

        part = re.sub(rb'(<w:basedOn w:val=")([^"]+)', lambda m: rewire(m) + b"", part)
    elif op == 1:  # a long chain hung under an existing style
        depth = rng.choice((10, 63, 64, 65, 500))
        chain = b"".join(
            b'<w:style w:type="paragraph" w:styleId="Z%d"><w:name w:val="Z%d"/>'
            b'<w:basedOn w:val="Z%d"/></w:style>' % (i, i, i + 1)
            for i in range(depth)
        )
        part = part.replace(b"</w:styles>", chain + b"</w:styles>", 1)
        target = rng.choice(ids)
        part = re.sub(
            rb'(<w:style [^>]*w:styleId="%s"[^>]*>)' % re.escape(target),
            rb'\g<1><w:basedOn w:val="Z0"/>',
            part,
            count=1,
        )
    else:  # every style based on itself or on a missing one
        part = re.sub(
            rb'(<w:style [^>]*w:styleId="([^"]+)"[^>]*>)',
            lambda m: (
                m.group(1) + b'<w:basedOn w:val="' + rng.choice((m.group(2), b"Missing")) + b'"/>'
            ),
            part,
        )
    return _replace(entries, "word/styles.xml", part)


class CaseTimeout(BaseException):
    """Raised by the SIGALRM handler when one case runs past its time bound.

    A BaseException, so a reader's ``except Exception`` cannot swallow it or turn it
    into a CorruptDocumentError.
    """


@dataclass(frozen=True)
class Failure:
    """One case that broke the contract of ``load()``."""

    problem: str  # "exception", "timeout", "bad-error", "bad-result", "xxe"
    exc_type: str
    message: str
    frames: tuple[str, ...]  # the traceback's last frames, innermost last
    pdf_reader: bool  # the innermost scrutiny_parse frame is in the PDF reader

    @property
    def signature(self) -> str:
        """What makes two failures the same bug: the problem, type and the innermost
        frame inside scrutiny_parse (or the innermost frame at all)."""
        own = [f for f in self.frames if "scrutiny_parse" in f]
        where = (own or list(self.frames) or ["?"])[-1].split(" in ")[0]
        return f"{self.problem}:{self.exc_type}@{where}"

    def describe(self) -> str:
        frames = "\n    ".join(self.frames[-6:])
        return f"{self.problem}: {self.exc_type}: {self.message[:300]}\n    {frames}"


_PDF_READER = re.compile(r"scrutiny_parse/readers/(?:pdf|_pdf_\w+)\.py")


def _failure(problem: str, e: BaseException | None, message: str = "") -> Failure:
    import traceback

    frames: tuple[str, ...] = ()
    if e is not None:
        tb = traceback.extract_tb(e.__traceback__)
        frames = tuple(f"{f.filename}:{f.lineno} in {f.name}" for f in tb[-12:])
    own = [f for f in frames if "scrutiny_parse/" in f]
    return Failure(
        problem=problem,
        exc_type=type(e).__name__ if e is not None else "-",
        message=message or (str(e) if e is not None else ""),
        frames=frames,
        pdf_reader=bool(own) and bool(_PDF_READER.search(own[-1])),
    )


def check_load(data: bytes, timeout: float = 10.0) -> Failure | None:
    """Run ``load(data)`` under a SIGALRM time bound; None when it kept its contract:
    a ProgressUpdate that round-trips through JSON and gives records, or a
    ScrutinyParseError naming the source ("<bytes>") and a reason. POSIX only."""
    import signal

    from scrutiny_parse import DependencyError, ProgressUpdate, ScrutinyParseError, load

    def on_alarm(signum: int, frame: object) -> None:
        raise CaseTimeout(f"load() ran past {timeout:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.monotonic()
    try:
        try:
            result = load(data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except CaseTimeout as e:
        return _failure("timeout", e)
    except DependencyError as e:
        # load() wrapped something no reader translated: still a finding for the fuzzer.
        cause = e.__cause__ if isinstance(e.__cause__, BaseException) else e
        return _failure("exception", cause)
    except ScrutinyParseError as e:
        if e.source != "<bytes>" or not str(e).startswith("<bytes>: ") or not e.reason.strip():
            return _failure("bad-error", e, f"message does not name source and reason: {e}")
        return None
    except Exception as e:
        return _failure("exception", e)
    finally:
        signal.signal(signal.SIGALRM, previous)
    # The alarm is handled between bytecodes: a load that was inside one long C call
    # when it rang can finish before the handler runs, so the clock decides too.
    elapsed = time.monotonic() - started
    if elapsed > timeout:
        return _failure("timeout", None, f"load() took {elapsed:.1f} s, past {timeout:g} s")
    try:
        if not isinstance(result, ProgressUpdate):
            return _failure("bad-result", None, f"load() returned {type(result).__name__}")
        dumped = result.model_dump_json()
        if ProgressUpdate.model_validate_json(dumped) != result:
            return _failure("bad-result", None, "the JSON round trip changed the update")
        if not isinstance(result.to_records(), list):
            return _failure("bad-result", None, "to_records() did not return a list")
    except Exception as e:
        return _failure("bad-result", e)
    if "root:" in dumped and b"root:" not in data:
        return _failure("xxe", None, "an external entity was resolved: 'root:' in the output")
    return None
