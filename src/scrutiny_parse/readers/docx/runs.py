"""WordprocessingML inline content: the visible text of a paragraph.

Works on raw lxml elements because python-docx's ``Paragraph.runs`` skips runs inside
hyperlinks, tracked changes, content controls, smart tags and fields. Formatting comes
from :mod:`.styles`, element helpers from :mod:`.wml`.

Every paragraph of a document passes through here, so each element is touched once:
children are iterated directly (a comment's tag matches no name), a run's w:rPr is
looked for first where Word writes it, and a paragraph's text is gathered in pieces and
joined once per stretch of equal formatting.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from scrutiny_parse.layout import Run
from scrutiny_parse.readers.docx.styles import Format, Styles
from scrutiny_parse.readers.docx.wml import (
    MC_ALTERNATE,
    R_PR,
    SDT,
    Element,
    pick_alternate,
    sdt_content,
)

__all__ = ["paragraph_runs", "symbol_text"]

_R = qn("w:r")
_T = qn("w:t")
_FONT = qn("w:font")
_CHAR = qn("w:char")
_FLD_CHAR = qn("w:fldChar")
_FLD_CHAR_TYPE = qn("w:fldCharType")
_SYM = qn("w:sym")
_MATH = frozenset({qn("m:oMath"), qn("m:oMathPara")})
_MATH_T = qn("m:t")

# Inline wrappers whose runs are visible text: we read through them.
_DESCEND = frozenset(
    qn(f"w:{tag}")
    for tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo")
)
# Tracked deletions (w:del, w:moveFrom) are not in the accepted text: not descended.
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


def symbol_text(sym: Element) -> str:
    """The character a w:sym shows (the Symbol-font bullet F0B7 becomes "•")."""
    font = (sym.get(_FONT) or "").lower()
    try:
        code = int(sym.get(_CHAR) or "", 16)
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


class _RunSink:
    """Collects a paragraph's visible text into runs, merging equal formatting.

    Pieces of text are gathered per stretch of equal (bold, italic, strike) and joined
    once at the end; ``length`` counts the characters as they come.
    """

    def __init__(self, styles: Styles, para_style: str | None) -> None:
        self._stretches: list[tuple[tuple[bool, bool, bool], list[str]]] = []
        self._last: tuple[bool, bool, bool] | None = None
        self.length = 0
        self._styles = styles
        self._para_style = para_style
        # One entry per open complex field: True once its w:fldChar "separate" is seen.
        self._fields: list[bool] = []

    def runs(self) -> list[Run]:
        """The runs collected so far, adjacent equal formatting merged."""
        return [
            Run("".join(pieces), bold=b, italic=i, strike=s)
            for (b, i, s), pieces in self._stretches
        ]

    def walk(self, container: Element) -> None:
        """Read the inline children of a paragraph (or of a wrapper inside one)."""
        for el in container:
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
            elif tag in _MATH:
                text = "".join(t.text or "" for t in el.iter(_MATH_T))
                self._add(text, self._styles.run_format(None, self._para_style))
            # w:del / w:moveFrom (tracked deletions), bookmarks, proofErr, comments and
            # processing instructions: no visible text.

    def _run(self, r: Element) -> None:
        """Read one w:r: text, tabs, breaks and field characters."""
        kids = list(r)
        # w:rPr comes first in every run Word writes; search only when it does not.
        rpr = kids[0] if kids and kids[0].tag == R_PR else next(r.iterchildren(R_PR), None)
        fmt = self._styles.run_format(rpr, self._para_style)
        for el in kids:
            tag = el.tag
            if tag == _FLD_CHAR:
                self._field_char(el.get(_FLD_CHAR_TYPE))
                continue
            # A complex field is begin / instrText (code) / separate / result / end;
            # only the result is on the page.
            if fmt.hidden or (self._fields and not all(self._fields)):
                continue
            if tag == _T:
                self._add(el.text or "", fmt)
            elif tag in _RUN_TEXT:
                self._add(_RUN_TEXT[tag], fmt)
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
        """Append text, extending the last stretch when the formatting is the same."""
        if not text:
            return
        self.length += len(text)
        key = (fmt.bold, fmt.italic, fmt.strike)
        if key == self._last:
            self._stretches[-1][1].append(text)
        else:
            self._stretches.append((key, [text]))
            self._last = key


def paragraph_runs(p: Element, styles: Styles, para_style: str | None) -> tuple[list[Run], int]:
    """The visible runs of a w:p, in order, with adjacent equal formatting merged, and
    the number of characters in them."""
    sink = _RunSink(styles, para_style)
    sink.walk(p)
    return sink.runs(), sink.length
