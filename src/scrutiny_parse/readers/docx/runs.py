"""WordprocessingML inline content: the visible text of a paragraph and its formatting.

Shared by the Word reader's body, table and numbering code. Works on raw lxml elements
because python-docx's ``Paragraph.runs`` skips runs inside hyperlinks, tracked changes,
content controls, smart tags and fields, and knows nothing of style inheritance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from docx.oxml.ns import qn
from lxml import etree

from scrutiny_parse.layout import Run
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits

Element: TypeAlias = etree._Element

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"

W_VAL = qn("w:val")
SDT = qn("w:sdt")
SDT_CONTENT = qn("w:sdtContent")
CUSTOM_XML = qn("w:customXml")
P_PR = qn("w:pPr")
R_PR = qn("w:rPr")

_R = qn("w:r")
_T = qn("w:t")
_SDT_PR = qn("w:sdtPr")
_SHOWING_PLACEHOLDER = qn("w:showingPlcHdr")
_FLD_CHAR = qn("w:fldChar")
_FLD_CHAR_TYPE = qn("w:fldCharType")
_SYM = qn("w:sym")
_OMATH = qn("m:oMath")
_OMATH_PARA = qn("m:oMathPara")
_MATH_T = qn("m:t")

# Inline wrappers whose runs are visible text: we read through them.
_DESCEND = frozenset(
    qn(f"w:{tag}")
    for tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo")
)
# Tracked deletions (and the source of a tracked move) are not in the accepted text.
_DROP = frozenset(qn(f"w:{tag}") for tag in ("del", "moveFrom"))
_RUN_TEXT = {
    qn("w:t"): "",
    qn("w:tab"): " ",
    qn("w:ptab"): " ",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "",
}

# w:sym stores a font-specific code; Word adds 0xF000 for symbol fonts.
_SYMBOLS: dict[str, dict[int, str]] = {
    "symbol": {0xB7: "•", 0x2D: "−", 0xAE: "→", 0xD7: "·"},
    "wingdings": {
        0x9F: "•",
        0xA7: "▪",
        0xA8: "◻",
        0x6C: "●",
        0x6E: "■",
        0x71: "❑",
        0x76: "❖",
        0xD8: "➢",
        0xE0: "→",
        0xFB: "✗",
        0xFC: "✓",
    },
}

_OFF = frozenset({"0", "false", "off", "none"})
_TOGGLES = ("b", "i", "strike", "dstrike", "vanish")


def is_on(el: Element | None) -> bool:
    """Whether an on/off property element is on: present without w:val, or val not 0/false."""
    if el is None:
        return False
    val = el.get(W_VAL)
    return val is None or val.lower() not in _OFF


def child(el: Element | None, tag: str) -> Element | None:
    """The first child of ``el`` with Clark-name ``tag`` (None-safe)."""
    return None if el is None else el.find(tag)


def val_of(el: Element | None, *path: str) -> str | None:
    """The w:val of the element reached by following child tags ``path`` from ``el``."""
    for tag in path:
        el = child(el, tag)
    return None if el is None else el.get(W_VAL)


def int_val(el: Element | None, *path: str, default: int) -> int:
    """w:val as an int, or ``default`` when absent or not a number (damaged files)."""
    raw = val_of(el, *path)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def elements(el: Element) -> Iterator[Element]:
    """Child elements only: lxml also yields comments and processing instructions."""
    return (c for c in el.iterchildren() if isinstance(c.tag, str))


def pick_alternate(ac: Element) -> Element | None:
    """One branch of an mc:AlternateContent: the first mc:Choice, else mc:Fallback.

    Word writes the same content twice (e.g. a DrawingML text box and its VML fallback);
    reading both would duplicate the text.
    """
    return ac.find(MC_CHOICE) if ac.find(MC_CHOICE) is not None else ac.find(MC_FALLBACK)


def sdt_content(sdt: Element) -> Element | None:
    """A content control's content, or None while it only shows its placeholder prompt."""
    # "Click or tap here to enter text." is prompt text, not document content.
    if child(child(sdt, _SDT_PR), _SHOWING_PLACEHOLDER) is not None:
        return None
    return sdt.find(SDT_CONTENT)


def symbol_text(sym: Element) -> str:
    """The character a w:sym shows (the Symbol-font bullet F0B7 becomes "•")."""
    font = (sym.get(qn("w:font")) or "").lower()
    try:
        code = int(sym.get(qn("w:char")) or "", 16)
    except ValueError:
        return ""
    private = 0xF000 <= code <= 0xF0FF
    low = code - 0xF000 if private else code
    table = _SYMBOLS.get(font, {})
    if low in table:
        return table[low]
    # A private-use code means nothing outside its font; drop it rather than emit junk.
    # So is a code that is no character at all (a damaged file): outside 0..U+10FFFF chr()
    # raises, and a lone surrogate (U+D800-DFFF) would make the output unencodable.
    if private or not 0 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    return chr(code)


@dataclass(frozen=True)
class Format:
    """Resolved character formatting of one run."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    hidden: bool = False


class Styles:
    """styles.xml: style names, inherited run properties and style-level numbering."""

    def __init__(self, root: Element | None, limits: Limits = DEFAULT_LIMITS) -> None:
        self._limits = limits
        self._by_id: dict[str, Element] = {}
        self._default: dict[str, str] = {}
        self._props_cache: dict[str | None, dict[str, bool]] = {}
        self._chains: dict[str | None, list[Element]] = {}
        self._doc_defaults: dict[str, bool] = {}
        if root is None:
            return
        for style in root.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            if is_on_attr(style.get(qn("w:default"))):
                self._default.setdefault(style.get(qn("w:type")) or "paragraph", style_id)
        defaults = child(child(child(root, qn("w:docDefaults")), qn("w:rPrDefault")), R_PR)
        self._doc_defaults = _own_props(defaults)

    def chain(self, style_id: str | None) -> list[Element]:
        """The style and its w:basedOn ancestors, nearest first (cycle-safe).

        Walked once per style and cached: numbering and formatting ask for it on every
        paragraph, and a damaged styles.xml can chain thousands of styles. A chain
        longer than ``max_style_depth`` is refused (Word's own UI stops far sooner).
        """
        cached = self._chains.get(style_id)
        if cached is not None:
            return cached
        out: list[Element] = []
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen and current in self._by_id:
            seen.add(current)
            style = self._by_id[current]
            out.append(style)
            if len(out) > self._limits.max_style_depth:
                raise self._limits.exceeded(
                    "max_style_depth", len(out), f"w:basedOn chain of style {style_id!r}"
                )
            current = val_of(style, qn("w:basedOn"))
        self._chains[style_id] = out
        return out

    def paragraph_style_id(self, p: Element) -> str | None:
        """The paragraph's w:pStyle, or the document's default paragraph style."""
        return val_of(p, P_PR, qn("w:pStyle")) or self._default.get("paragraph")

    def run_format(self, rpr: Element | None, para_style: str | None) -> Format:
        """Formatting of a run: direct rPr, then character style, paragraph style, defaults."""
        char_style = val_of(rpr, qn("w:rStyle")) or self._default.get("character")
        layers = (
            _own_props(rpr),
            self._style_props(char_style),
            self._style_props(para_style),
            self._doc_defaults,
        )

        def resolve(prop: str) -> bool:
            return next((layer[prop] for layer in layers if prop in layer), False)

        return Format(
            bold=resolve("b"),
            italic=resolve("i"),
            strike=resolve("strike") or resolve("dstrike"),
            hidden=resolve("vanish"),
        )

    def _style_props(self, style_id: str | None) -> dict[str, bool]:
        """Toggle properties set by a style or the styles it is based on (nearest wins)."""
        if style_id not in self._props_cache:
            merged: dict[str, bool] = {}
            for style in reversed(self.chain(style_id)):
                merged.update(_own_props(child(style, R_PR)))
            self._props_cache[style_id] = merged
        return self._props_cache[style_id]


def is_on_attr(raw: str | None) -> bool:
    """An ST_OnOff attribute value (w:default="1")."""
    return raw is not None and raw.lower() not in _OFF


def _own_props(rpr: Element | None) -> dict[str, bool]:
    """The toggle properties an rPr states explicitly (absent ones are inherited)."""
    if rpr is None:
        return {}
    out: dict[str, bool] = {}
    for prop in _TOGGLES:
        el = rpr.find(qn(f"w:{prop}"))
        if el is not None:
            out[prop] = is_on(el)
    return out


class _RunSink:
    """Collects a paragraph's visible text into runs, merging equal formatting."""

    def __init__(self, styles: Styles, para_style: str | None) -> None:
        self.runs: list[Run] = []
        self._styles = styles
        self._para_style = para_style
        # One entry per open complex field: True once its w:fldChar "separate" is seen.
        self._fields: list[bool] = []

    def walk(self, container: Element) -> None:
        """Read the inline children of a paragraph (or of a wrapper inside one)."""
        for el in elements(container):
            tag = el.tag
            if tag == _R:
                self._run(el)
            elif tag in _DESCEND:
                self.walk(el)
            elif tag == SDT:
                content = sdt_content(el)
                if content is not None:
                    self.walk(content)
            elif tag == MC_ALTERNATE:
                branch = pick_alternate(el)
                if branch is not None:
                    self.walk(branch)
            elif tag in (_OMATH, _OMATH_PARA):
                text = "".join(t.text or "" for t in el.iter(_MATH_T))
                self._add(text, self._styles.run_format(None, self._para_style))
            # w:del / w:moveFrom (tracked deletions), bookmarks, proofErr...: no visible text.

    def _run(self, r: Element) -> None:
        """Read one w:r: text, tabs, breaks and field characters."""
        fmt = self._styles.run_format(r.find(R_PR), self._para_style)
        for el in elements(r):
            tag = el.tag
            if tag == _FLD_CHAR:
                self._field_char(el.get(_FLD_CHAR_TYPE))
                continue
            # A complex field is begin / instrText (code) / separate / result / end;
            # only the result is on the page.
            if not all(self._fields) or fmt.hidden:
                continue
            if tag in _RUN_TEXT:
                self._add((el.text or "") if tag == _T else _RUN_TEXT[tag], fmt)
            elif tag == _SYM:
                self._add(symbol_text(el), fmt)
            # w:instrText (field code), footnote/comment reference marks, drawings and
            # w:lastRenderedPageBreak (a layout cache, not a break) carry no text.

    def _field_char(self, kind: str | None) -> None:
        """Track nesting of complex fields (w:fldChar begin/separate/end)."""
        if kind == "begin":
            self._fields.append(False)
        elif kind == "separate" and self._fields:
            self._fields[-1] = True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _add(self, text: str, fmt: Format) -> None:
        """Append text, extending the last run when the formatting is the same."""
        if not text:
            return
        last = self.runs[-1] if self.runs else None
        if last is not None and (last.bold, last.italic, last.strike) == (
            fmt.bold,
            fmt.italic,
            fmt.strike,
        ):
            last.text += text
        else:
            self.runs.append(Run(text, bold=fmt.bold, italic=fmt.italic, strike=fmt.strike))


def paragraph_runs(p: Element, styles: Styles, para_style: str | None) -> list[Run]:
    """The visible runs of a w:p, in order, with adjacent equal formatting merged."""
    sink = _RunSink(styles, para_style)
    sink.walk(p)
    return sink.runs
