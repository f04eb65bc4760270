"""numbering.xml: which paragraphs are list items, and the label Word draws for each.

Word does not store list labels: it computes them from counters while laying out. We
replay that in reading order so a numbered item keeps its visible "1." / "(b)" / "ii)".

Asked about every paragraph, so what depends only on numbering.xml and styles.xml (a
style's list membership, a level's definition) is worked out once and kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn

from scrutiny_parse.layout import ListKind
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits
from scrutiny_parse.readers.docx.styles import Styles
from scrutiny_parse.readers.docx.wml import (
    MC_ALTERNATE,
    MC_FALLBACK,
    P_PR,
    Element,
    child,
    int_val,
    val_of,
)

_NUM_PR = qn("w:numPr")
_NUM_ID = qn("w:numId")
_ILVL = qn("w:ilvl")  # a child of w:numPr, and an attribute of w:lvl / w:lvlOverride
_LVL = qn("w:lvl")
_NUM_FMT = qn("w:numFmt")
_P_STYLE = qn("w:pStyle")
_ABSTRACT_NUM = qn("w:abstractNum")
_ABSTRACT_NUM_ID = qn("w:abstractNumId")
_NUM = qn("w:num")
_LVL_OVERRIDE = qn("w:lvlOverride")
_START_OVERRIDE = qn("w:startOverride")
_NUM_STYLE_LINK = qn("w:numStyleLink")
_LVL_RESTART = qn("w:lvlRestart")
_LVL_TEXT = qn("w:lvlText")
_START = qn("w:start")
_IS_LGL = qn("w:isLgl")
_VAL = qn("w:val")
_NUMBERED = frozenset({"decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman"})
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


@dataclass(frozen=True)
class ListItem:
    """What numbering makes of one paragraph."""

    kind: ListKind
    level: int
    label: str | None


@dataclass(frozen=True)
class _Level:
    """One w:lvl of an abstract numbering definition."""

    fmt: str
    text: str
    start: int
    restart: int | None  # w:lvlRestart: 0 = never restart after shallower levels
    legal: bool  # w:isLgl: show every level's number as decimal


@dataclass
class _Num:
    """A w:num: an abstract definition plus per-level overrides."""

    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Element] = field(default_factory=dict)


class Numbering:
    """Resolves list membership and replays Word's list counters in reading order."""

    def __init__(
        self, root: Element | None, styles: Styles, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self._styles = styles
        self._limits = limits
        self._abstracts: dict[str, Element] = {}
        self._nums: dict[str, _Num] = {}
        # Counters live on the abstract definition: two w:num sharing one keep counting,
        # exactly as Word does unless a w:startOverride restarts them.
        self._counters: dict[str, dict[int, int]] = {}
        self._overrides_used: set[tuple[str, int]] = set()
        # Style id -> (numId, ilvl) its w:basedOn chain states (None / -1: not stated).
        self._style_num: dict[str | None, tuple[str | None, int]] = {}
        # (id of a _Num, ilvl) -> that level's definition; the _Num objects live in _nums.
        self._levels: dict[tuple[int, int], _Level | None] = {}
        if root is None:
            return
        for abstract in root.iterchildren(_ABSTRACT_NUM):
            self._abstracts[abstract.get(_ABSTRACT_NUM_ID) or ""] = abstract
        for num in root.iterchildren(_NUM):
            entry = _Num(val_of(num, _ABSTRACT_NUM_ID) or "")
            for override in num.iterchildren(_LVL_OVERRIDE):
                ilvl = _int_attr(override.get(_ILVL), 0)
                start = override.find(_START_OVERRIDE)
                if start is not None:
                    entry.start_overrides[ilvl] = _int_attr(start.get(_VAL), 0)
                lvl = override.find(_LVL)
                if lvl is not None:
                    entry.levels[ilvl] = lvl
            self._nums[num.get(_NUM_ID) or ""] = entry

    def item(self, num_pr: Element | None, style_id: str | None) -> ListItem | None:
        """The list item a paragraph is, advancing the counters; None if not in a list.

        ``num_pr`` is the paragraph's own w:pPr/w:numPr (None when it has none),
        ``style_id`` its paragraph style.
        """
        found = self._num_pr(num_pr, style_id)
        if found is None:
            return None
        num_id, ilvl = found
        num = self._nums.get(num_id)
        if num is None:
            return None
        level = self._level(num, ilvl)
        if level is None or level.fmt == "none":
            return None
        if level.fmt == "bullet":
            return ListItem("bullet", ilvl, None)
        self._count(num_id, num, ilvl, level)
        return ListItem("number", ilvl, self._label(num, ilvl, level))

    def _num_pr(self, direct: Element | None, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph's own w:numPr, else from its style chain."""
        num_id = val_of(direct, _NUM_ID)
        ilvl = int_val(direct, _ILVL, default=-1)
        # Asked even when the paragraph states both: a style chain past the limits is
        # refused at its first paragraph, as before the chain was cached.
        style_num, style_ilvl = self._from_style(style_id)
        if num_id is None:
            num_id = style_num
        if ilvl == -1:
            ilvl = style_ilvl
        # numId 0 is Word's "numbering removed" (e.g. a list style turned off locally).
        if num_id is None or num_id == "0":
            return None
        if ilvl == -1:
            # A style-linked list: the level is the one whose w:pStyle names our style.
            ilvl = self._level_for_style(num_id, style_id)
        return num_id, max(0, min(ilvl, 8))

    def _from_style(self, style_id: str | None) -> tuple[str | None, int]:
        """(numId, ilvl) the nearest styles of ``style_id``'s chain state, each
        independently (None / -1 when none does); worked out once per style."""
        cached = self._style_num.get(style_id)
        if cached is None:
            num_id: str | None = None
            ilvl = -1
            for style in self._styles.chain(style_id):
                style_pr = child(child(style, P_PR), _NUM_PR)
                if num_id is None:
                    num_id = val_of(style_pr, _NUM_ID)
                if ilvl == -1:
                    ilvl = int_val(style_pr, _ILVL, default=-1)
            cached = self._style_num[style_id] = (num_id, ilvl)
        return cached

    def _level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level of a num's abstract definition bound to ``style_id`` (w:lvl/w:pStyle)."""
        abstract = self._abstract(self._nums[num_id]) if num_id in self._nums else None
        if abstract is not None and style_id is not None:
            for lvl in abstract.iterchildren(_LVL):
                if val_of(lvl, _P_STYLE) == style_id:
                    return _int_attr(lvl.get(_ILVL), 0)
        return 0

    def _abstract(self, num: _Num) -> Element | None:
        """The abstract definition, following w:numStyleLink to the list style's own."""
        abstract = self._abstracts.get(num.abstract_id)
        for _ in range(3):  # a list style points at a num whose abstract holds the levels
            link = val_of(abstract, _NUM_STYLE_LINK)
            if link is None:
                break
            linked_num: str | None = None
            for style in self._styles.chain(link):
                linked_num = val_of(child(style, P_PR), _NUM_PR, _NUM_ID)
                if linked_num:
                    break
            target = self._nums.get(linked_num or "")
            abstract = self._abstracts.get(target.abstract_id) if target else None
        return abstract

    def _level(self, num: _Num, ilvl: int) -> _Level | None:
        """Level ``ilvl`` of a num: its w:lvlOverride/w:lvl, else the abstract's w:lvl
        (read once per num and level)."""
        key = (id(num), ilvl)
        if key not in self._levels:
            self._levels[key] = self._read_level(num, ilvl)
        return self._levels[key]

    def _read_level(self, num: _Num, ilvl: int) -> _Level | None:
        """:meth:`_level`, uncached."""
        lvl = num.levels.get(ilvl)
        if lvl is None:
            abstract = self._abstract(num)
            if abstract is None:
                return None
            lvl = next(
                (e for e in abstract.iterchildren(_LVL) if _int_attr(e.get(_ILVL), 0) == ilvl),
                None,
            )
        if lvl is None:
            return None
        fmt = val_of(lvl, _NUM_FMT)
        if fmt is None:
            # Word 2010+ may wrap w:numFmt in mc:AlternateContent (custom formats);
            # the fallback holds a format every reader knows.
            fmt = val_of(child(child(lvl, MC_ALTERNATE), MC_FALLBACK), _NUM_FMT)
        restart = lvl.find(_LVL_RESTART)
        return _Level(
            fmt=fmt or "decimal",
            text=val_of(lvl, _LVL_TEXT) or "",
            # w:start is optional; generators that omit it mean 1 in practice.
            start=int_val(lvl, _START, default=1),
            restart=None if restart is None else _int_attr(restart.get(_VAL), 0),
            legal=lvl.find(_IS_LGL) is not None,
        )

    def _count(self, num_id: str, num: _Num, ilvl: int, level: _Level) -> None:
        """Advance level ``ilvl``'s counter and restart the deeper levels."""
        counters = self._counters.setdefault(num.abstract_id, {})
        key = (num_id, ilvl)
        if ilvl in num.start_overrides and key not in self._overrides_used:
            # "Restart numbering" in Word: a new w:num whose startOverride applies once.
            self._overrides_used.add(key)
            counters[ilvl] = num.start_overrides[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        if abs(counters[ilvl]) > self._limits.max_list_counter:
            raise self._limits.exceeded(
                "max_list_counter", counters[ilvl], f"list {num_id} level {ilvl}"
            )
        for deeper in [d for d in counters if d > ilvl]:
            deeper_level = self._level(num, deeper)
            # w:lvlRestart N: restart after an item at level N or shallower (0 = never).
            restart = deeper_level.restart if deeper_level is not None else None
            if ilvl < (deeper if restart is None else restart):
                del counters[deeper]

    def _label(self, num: _Num, ilvl: int, level: _Level) -> str:
        """Render w:lvlText ("%1." / "(%2)" / "%1.%2") with the current counters."""
        counters = self._counters.get(num.abstract_id, {})
        # Checked before rendering: each %N can grow to a number's digits (or a long
        # roman numeral), so a long w:lvlText is refused before any label is built.
        if len(level.text) > self._limits.max_list_label:
            raise self._limits.exceeded(
                "max_list_label", len(level.text), f"w:lvlText of level {ilvl}"
            )

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            target = level if k == ilvl else self._level(num, k)
            if target is None:
                return ""
            value = counters.get(k, target.start)
            return _format_number(value, "decimal" if level.legal else target.fmt)

        label = _PLACEHOLDER.sub(render, level.text)
        if len(label) > self._limits.max_list_label:
            raise self._limits.exceeded("max_list_label", len(label), f"a label of level {ilvl}")
        return label


def _format_number(n: int, fmt: str) -> str:
    """A counter value in a w:numFmt: 3 -> "c" / "C" / "iii" / "III" / "3"."""
    if n <= 0 or fmt not in _NUMBERED or fmt == "decimal":
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    # Past Word's own limits (zz.. = 780, MMMCMXCIX = 3999) a damaged start value would
    # build a huge label; show the number instead.
    if n > (780 if fmt.endswith("Letter") else 3999):
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        # Word goes a..z, then aa, bb, cc: the letter repeats, it does not carry.
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    roman = ""
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        roman += digits * count
    return roman if fmt == "lowerRoman" else roman.upper()


def _int_attr(raw: str | None, default: int) -> int:
    """An integer attribute, tolerating absence and junk."""
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default
