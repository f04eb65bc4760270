"""styles.xml: style inheritance (w:basedOn), default styles and run formatting.

A run's formatting is its own w:rPr toggles, then its character style's, its paragraph
style's and the document defaults, each style with its w:basedOn ancestors. Every run
of a document asks, so chains and per-style toggles are worked out once, and a resolved
format is kept per distinct (own toggles, character style, paragraph style): a document
has a few dozen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml.ns import qn

from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.docx.lean import STUB
from scrutiny_parse.readers.docx.wml import (
    P_PR,
    R_PR,
    W_VAL,
    Element,
    child,
    is_on,
    is_on_attr,
    props_of,
    val_of,
)

__all__ = ["Format", "Styles"]

_R_STYLE = qn("w:rStyle")
_P_STYLE = qn("w:pStyle")
_BASED_ON = qn("w:basedOn")
_STYLE = qn("w:style")
_STYLE_ID = qn("w:styleId")
_DEFAULT = qn("w:default")
_TYPE = qn("w:type")
_TOGGLES = ("b", "i", "strike", "dstrike", "vanish")
# Clark name of each toggle property -> its position in an own-properties key.
_TOGGLE_INDEX = {qn(f"w:{prop}"): i for i, prop in enumerate(_TOGGLES)}
# Resolved formats kept per Styles; past this a hostile file naming endless distinct
# styles is resolved each time rather than filling memory.
_MAX_CACHED_FORMATS = 4096


@dataclass(frozen=True)
class Format:
    """Resolved character formatting of one run."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    hidden: bool = False


class Styles:
    """styles.xml: style ids, inherited run properties and style-level numbering.

    ``root`` may be a lean tree (table styles cut to stubs, see :mod:`.lean`) with
    ``whole`` giving the whole part's tree: the first lookup that reaches a stub
    switches to it, so the answers are always the whole part's.
    """

    def __init__(
        self,
        root: Element | None,
        limits: Limits = DEFAULT_LIMITS,
        whole: Callable[[], Element | None] | None = None,
    ) -> None:
        self._limits = limits
        self._whole = whole
        self._index(root)

    def _index(self, root: Element | None) -> None:
        """Index the styles of ``root``, forgetting whatever was worked out before."""
        self._by_id: dict[str, Element] = {}
        self._default: dict[str, str] = {}
        self._props_cache: dict[str | None, dict[str, bool]] = {}
        self._chains: dict[str | None, list[Element]] = {}
        self._doc_defaults: dict[str, bool] = {}
        # (own toggles, character style, paragraph style) -> resolved format.
        self._formats: dict[tuple[_OwnKey, str | None, str | None], Format] = {}
        if root is None:
            return
        for style in root.iterchildren(_STYLE):
            style_id = style.get(_STYLE_ID)
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            if is_on_attr(style.get(_DEFAULT)):
                self._default.setdefault(style.get(_TYPE) or "paragraph", style_id)
        defaults = child(child(child(root, qn("w:docDefaults")), qn("w:rPrDefault")), R_PR)
        self._doc_defaults = _own_props(defaults)

    @property
    def default_paragraph(self) -> str | None:
        """The document's default paragraph style (w:default="1"), if any."""
        return self._default.get("paragraph")

    def chain(self, style_id: str | None) -> list[Element]:
        """The style and its w:basedOn ancestors, nearest first (cycle-safe).

        Walked once per style and cached: numbering and formatting ask for it on every
        paragraph, and a damaged styles.xml can chain thousands of styles. A chain
        longer than ``max_style_depth`` is refused (Word's own UI stops far sooner).
        """
        cached = self._chains.get(style_id)
        if cached is not None:
            return cached
        out = self._walk_chain(style_id)
        if self._whole is not None and any(style.get(STUB) is not None for style in out):
            # A table style's content is needed (a paragraph named one): read it whole.
            whole, self._whole = self._whole, None
            self._index(whole())
            out = self._walk_chain(style_id)
        self._chains[style_id] = out
        return out

    def _walk_chain(self, style_id: str | None) -> list[Element]:
        """:meth:`chain`, uncached."""
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
            current = val_of(style, _BASED_ON)
        return out

    def paragraph_style_id(self, p: Element) -> str | None:
        """The paragraph's w:pStyle, or the document's default paragraph style."""
        return val_of(p, P_PR, _P_STYLE) or self._default.get("paragraph")

    def run_format(self, rpr: Element | None, para_style: str | None) -> Format:
        """Formatting of a run: direct rPr, then character style, paragraph style, defaults."""
        own: list[bool | None] = [None] * len(_TOGGLES)
        r_style: Element | None = None
        if rpr is not None:
            for c in rpr:  # one pass: the toggles and w:rStyle, the first of each
                tag = c.tag
                i = _TOGGLE_INDEX.get(tag)  # a comment's tag is a function: no index
                if i is not None:
                    if own[i] is None:
                        own[i] = is_on(c)
                elif tag == _R_STYLE and r_style is None:
                    r_style = c
        char_style = (r_style.get(W_VAL) if r_style is not None else None) or self._default.get(
            "character"
        )
        key = (tuple(own), char_style, para_style)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._resolve(key[0], char_style, para_style)
            if len(self._formats) < _MAX_CACHED_FORMATS:
                self._formats[key] = fmt
        return fmt

    def _resolve(self, own: _OwnKey, char_style: str | None, para_style: str | None) -> Format:
        """A run's format from its own toggles (None: not stated) and its styles."""
        layers = (
            self._style_props(char_style),
            self._style_props(para_style),
            self._doc_defaults,
        )

        def resolve(prop: str) -> bool:
            stated = own[_TOGGLES.index(prop)]
            if stated is not None:
                return stated
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


# A run's own toggles in _TOGGLES order: True / False as stated, None when not stated.
_OwnKey = tuple[bool | None, ...]


def _own_props(rpr: Element | None) -> dict[str, bool]:
    """The toggle properties an rPr states explicitly (absent ones are inherited)."""
    if rpr is None:
        return {}
    out: dict[str, bool] = {}
    for prop, el in zip(_TOGGLES, props_of(rpr, _TOGGLE_INDEX), strict=True):
        if el is not None:
            out[prop] = is_on(el)
    return out
