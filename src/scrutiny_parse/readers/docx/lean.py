"""styles.xml without the insides of its table styles: the tree the reader asks for, at a
fraction of the cost.

Word (and python-docx's template) writes a styles.xml of ~350 KB, most of it table
styles: borders, shading and conditional formats the reader never looks into. It reads a
style's id, type and default flag, its w:basedOn, run toggles and list membership, and
reaches a table style only when a paragraph or run names one (a damaged file). Building
the lxml tree of all ~12,000 elements was the largest single cost of ``load()``.

So the part is

1. checked whole by libxml2 without building a tree: well-formed and namespace
   well-formed, or :func:`lean_tree` returns None and the caller parses it whole as
   before (raising what that raised, depth limit included);
2. cut in its text: each table style keeps its start tag (so its id, type and default
   flag are read as before) and loses its content, marked with :data:`STUB`;
3. parsed into the (much smaller) tree the reader walks.

:class:`~scrutiny_parse.readers.docx.styles.Styles` switches to the whole part the
moment a lookup reaches a stub, so every answer is the whole part's. The cut is made only
where the text shows a style's extent for certain: UTF-8, no comments, CDATA, DOCTYPE or
processing instructions (where "<w:style" need not be a tag); anything else is parsed
whole. What is kept is the part's own text, namespace declarations included, so the
kept elements are parsed exactly as in the whole part.
"""

from __future__ import annotations

import re

from lxml import etree

from scrutiny_parse.readers.docx.wml import Element

__all__ = ["STUB", "lean_tree"]

#: The attribute marking a style whose content was cut (an unprefixed name no Word
#: schema uses; a part that already has it is parsed whole: a duplicate attribute).
STUB = "scrutiny-parse-stub"

_BOM = b"\xef\xbb\xbf"
_DECLARATION = re.compile(rb"<\?xml[^>]*>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
# A start tag, attribute by attribute: a quoted value may hold ">", never "<".
_ATTRS = rb"""(?:\s+[^\s=/<>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""
_ROOT_START = re.compile(rb"\s*<w:styles" + _ATTRS + rb">")
_STYLE_START = re.compile(rb"<w:style" + _ATTRS + rb"(/?)>")
_TABLE_TYPE = re.compile(rb"""\sw:type\s*=\s*(["'])table\1""")
_STYLE_END = re.compile(rb"</w:style\s*>")


class _NoTree:
    """A parser target that builds nothing: libxml2 only checks the text."""

    def close(self) -> None:
        return None


def _well_formed(data: bytes) -> bool:
    """Whether libxml2 reads ``data`` without an error, namespace errors included
    (a tree-less parse reports those in its log instead of raising)."""
    parser = etree.XMLParser(target=_NoTree(), resolve_entities=False, no_network=True)
    try:
        etree.fromstring(data, parser)
    except etree.LxmlError:
        return False
    return all(e.level < etree.ErrorLevels.ERROR for e in parser.error_log)


def _body_start(data: bytes) -> int | None:
    """Where the root start tag ends, when the prolog is a UTF-8 declaration at most,
    the root is ``<w:styles ...>`` and no comment, CDATA, DOCTYPE or processing
    instruction follows; else None."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    decl = _DECLARATION.match(data, start)
    if decl is not None:
        encoding = _ENCODING.search(decl.group(0))
        if encoding is not None and encoding.group(1).decode().lower() not in _UTF8:
            return None
        start = decl.end()
    root = _ROOT_START.match(data, start)
    if root is None or _holds(data, b"!", b"<!", 0) or _holds(data, b"?", b"<?", start):
        return None
    return root.end()


def _holds(data: bytes, rare: bytes, markup: bytes, start: int) -> bool:
    """Whether ``markup`` occurs in ``data`` from ``start``, asked through one byte of
    it that text seldom holds (a one-byte search is a memchr, ~50x faster)."""
    return data.find(rare, start) != -1 and data.find(markup, start) != -1


def _cut(data: bytes, body: int) -> bytes | None:
    """``data`` with every table style's content cut and its start tag made an empty,
    marked element; None when a style's extent is not certain from the text."""
    out: list[bytes] = []  # pieces after data[:last]
    last = pos = body
    while (i := data.find(b"<w:style", pos)) != -1:
        m = _STYLE_START.match(data, i)
        if m is None:  # <w:styleLink ...>, or a tag the pattern cannot follow
            pos = i + 1
            continue
        pos = m.end()
        if m.group(1) or not _TABLE_TYPE.search(m.group(0)):
            continue
        # The first w:style end tag: this style's own, unless a w:style is nested in it
        # (never in Word's files); then the cut text cannot be well-formed (an end tag
        # is left over with no start), the parse of it fails and the part is parsed whole.
        end = data.find(b"</w:style", pos)
        if end == -1:
            return None
        close = _STYLE_END.match(data, end)
        if close is None:
            return None
        out += [data[last:i], m.group(0)[:-1], b" ", STUB.encode(), b'="1"/>']
        last = pos = close.end()
    if not out:
        return None  # no table style: nothing to gain
    return b"".join([data[:body], *out, data[last:]])


def lean_tree(data: bytes, parser: etree.XMLParser) -> Element | None:
    """The tree of styles.xml ``data`` with table styles cut to stubs, parsed with
    ``parser``; None when the part must be parsed whole (see the module doc)."""
    body = _body_start(data)
    cut = None if body is None else _cut(data, body)
    if cut is None or not _well_formed(data):
        return None
    try:
        return etree.fromstring(cut, parser)
    except etree.LxmlError:
        return None  # the cut went wrong somewhere: the whole part decides
