"""Months and target dates: ``"April 2019 – April 2021"`` -> 2019-04 .. 2021-04.

A date cell is scanned for *tokens* (a month-year, a quarter, a financial year, a
season) and the text between them decides whether two tokens form a range and whether
a date is open-ended ("April 2019 – ongoing", "From April 2019"). Months are
``"YYYY-MM"`` strings. Nothing here raises on odd input: unparseable text gives None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from ..vocabulary import MONTH_WORD, MONTHS
from .memo import memoised

__all__ = ["ParsedDate", "parse_date", "parse_month"]


@dataclass(frozen=True)
class ParsedDate:
    """What a target-date cell says: first and last month, and whether it is ongoing."""

    start: str | None
    end: str | None
    ongoing: bool


_MONTH_NUMBERS = MONTHS

_I = regex.IGNORECASE
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_MONTH_WORD = MONTH_WORD


def _month_group(name: str) -> str:
    # "Sept." and "Mar" but not "Mark", "Decision", "Junior".
    return rf"{_NOT_LETTER_BEFORE}(?P<{name}>{_MONTH_WORD})\.?{_NOT_LETTER_AFTER}"


# "31 March 2020", "31st of March 2020": the day is kept in the token's span only, so that
# "1 April 2019 – 31 March 2021" still reads as a range.
_DAY_BEFORE = r"(?:(?<![0-9])[0-9]{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?)?"
# "March 31, 2020" (month, day, year).
_DAY_AFTER = r"(?:\s*[0-9]{1,2}(?:st|nd|rd|th)?\s*,?)?"
# "March 2020", "March, 2020", "Mar-19" (Excel style), "Mar '19", "Sept. 2019".
# A dash only on its own ("Mar-19"): "Jan 00 - 2000-02" is a range, not "January 2000".
_SEP = r"(?:-|[\s,.'’/]*)"
_YEAR4 = r"(?P<y4>(?:19|20)[0-9]{2})(?![0-9])"
# "Mar 19", "Apr 21" (-> 20xx) but not "April 12 months", "May 20th", "Jun 19.5".
_YEAR2 = (
    r"(?P<y2>[0-9]{2})(?![0-9]|[.:,][0-9]|\s*(?:st|nd|rd|th|%|percent|months?|weeks?|days?"
    r"|years?|yrs?|hours?|hrs?|minutes?|mins?|am|pm)" + _NOT_LETTER_AFTER + ")"
)
_RANGE_WORD = (
    r"(?:[-‐‑–—]+|"
    + _NOT_LETTER_BEFORE
    + r"(?:to|until|till|through|thru)"
    + _NOT_LETTER_AFTER
    + ")"
)
_NUM_BEFORE = r"(?<![0-9A-Za-z/.\-])"

_MONTH_YEAR4 = regex.compile(_DAY_BEFORE + _month_group("m") + _DAY_AFTER + _SEP + _YEAR4, _I)
_MONTH_YEAR2 = regex.compile(_DAY_BEFORE + _month_group("m") + _SEP + r"['’]?" + _YEAR2, _I)
# "April – June 2020", "April-June 2020", "November to February 2021".
_BARE_RANGE = regex.compile(
    _month_group("m1")
    + r"\s*"
    + _RANGE_WORD
    + r"\s*"
    + _DAY_BEFORE
    + _month_group("m")
    + _SEP
    + rf"(?:{_YEAR4}|['’]?{_YEAR2})",
    _I,
)
# "31/03/2020", "31-03-2020", "31.03.20" (UK day first).
_NUM_DMY = regex.compile(
    _NUM_BEFORE
    + r"(?P<d>[0-9]{1,2})(?P<s>[/.\-])(?P<mo>[0-9]{1,2})(?P=s)(?P<y>(?:19|20)[0-9]{2}|[0-9]{2})"
    + r"(?![0-9]|[/.\-][0-9])"
)
# "03/2020", "3/2020", "3-2020".
_NUM_MY = regex.compile(
    _NUM_BEFORE + r"(?P<mo>[0-9]{1,2})[/\-](?P<y>(?:19|20)[0-9]{2})(?![0-9]|[/\-][0-9])"
)
# "2020-03", "2020-03-31".
_NUM_ISO = regex.compile(
    _NUM_BEFORE + r"(?P<y>(?:19|20)[0-9]{2})-(?P<mo>[0-9]{2})(?:-(?P<d>[0-9]{2}))?(?![0-9]|-[0-9])"
)
_Q = r"(?:q|quarter\s*)(?P<q>[1-4])"
_FY_PAIR = r"(?P<y1>(?:19|20)?[0-9]{2})(?:\s*/\s*|[-‐‑–])(?P<y2>(?:19|20)?[0-9]{2})(?![0-9])"
# "Q3 2021/22", "Quarter 3 2021-22", "Q3 FY21/22" (UK financial year quarters).
_FY_QUARTER = regex.compile(
    r"(?<![^\W_])" + _Q + r"\s*(?:of\s+)?(?:fy\s*|financial\s+year\s*)?" + _FY_PAIR, _I
)
# "2021/22 Q3".
_FY_QUARTER_AFTER = regex.compile(
    r"(?<![^\W_])(?:fy\s*)?" + _FY_PAIR + r"\s*,?\s*" + _Q + r"(?![0-9])", _I
)
# "Q3 2021" (calendar quarter: no slash after the year).
_CAL_QUARTER = regex.compile(
    r"(?<![^\W_])"
    + _Q
    + r"\s*(?:of\s+)?(?P<y>(?:19|20)[0-9]{2})(?![0-9]|\s*/\s*[0-9]|[-‐‑–][0-9])",
    _I,
)
# "2021/22", "2021-22", "2019/2020", "FY 2021/22".
_FINANCIAL_YEAR = regex.compile(
    r"(?<![0-9A-Za-z])(?:fy\s*|financial\s+year\s*)?"
    r"(?P<y1>(?:19|20)[0-9]{2})(?:\s*/\s*|[-‐‑–])(?P<y2>(?:19|20)?[0-9]{2})(?![0-9])",
    _I,
)
# "Spring 2020": a date, but not one we turn into months (don't guess).
_SEASON = regex.compile(
    _NOT_LETTER_BEFORE + r"(?:spring|summer|autumn|fall|winter)\s*(?:of\s+)?(?:19|20)[0-9]{2}"
    r"(?![0-9])",
    _I,
)

_ONGOING_WORD = (
    _NOT_LETTER_BEFORE
    + r"(?:on[\s\-‐‑]?going|continu(?:ous(?:ly)?|ing|al(?:ly)?)|onwards?|and\s+beyond"
    + r"|open[\s\-]ended)"
    + _NOT_LETTER_AFTER
)
_ONGOING = regex.compile(_ONGOING_WORD, _I)
# "April 2019 – ongoing", "January 2019 / ongoing", "March 2022 onwards".
_ONGOING_AFTER = regex.compile(
    r"[\s\-‐‑–—/,;:&(+]*(?:(?:and|then|&)\s+)?(?:is\s+)?" + _ONGOING_WORD, _I
)
# "From April 2019", "since April 2019".
_OPEN_BEFORE = regex.compile(_NOT_LETTER_BEFORE + r"(?:from|since)\s*$", _I)
_RANGE_GAP = regex.compile(r"\s*" + _RANGE_WORD + r"\s*", _I)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    first: str | None
    last: str | None
    kind: str  # "month" (one month), "span" (quarter, year, bare range), "vague" (season)


def _ym(year: int, month: int) -> str | None:
    if 1900 <= year <= 2099 and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}"
    return None


def _month_number(word: str) -> int | None:
    return _MONTH_NUMBERS.get(word.casefold()[:3])


def _year_of(m: regex.Match[str]) -> int | None:
    if m.group("y4"):
        return int(m.group("y4"))
    return 2000 + int(m.group("y2"))


def _tok_month_year4(m: regex.Match[str]) -> _Token | None:
    num = _month_number(m.group("m"))
    month = _ym(int(m.group("y4")), num) if num else None
    return _Token(m.start(), m.end(), month, month, "month") if month else None


def _tok_month_year2(m: regex.Match[str]) -> _Token | None:
    word = m.group("m")
    # "may 20 residents": a two-digit year only after a capitalised month ("Mar 19").
    if not word[:1].isupper():
        return None
    num = _month_number(word)
    month = _ym(2000 + int(m.group("y2")), num) if num else None
    return _Token(m.start(), m.end(), month, month, "month") if month else None


def _tok_bare_range(m: regex.Match[str]) -> _Token | None:
    if m.group("y2") and not m.group("m")[:1].isupper():
        return None
    first_num, last_num, year = (
        _month_number(m.group("m1")),
        _month_number(m.group("m")),
        _year_of(m),
    )
    if first_num is None or last_num is None or year is None:
        return None
    # "November – February 2021": the first month is in the year before.
    first = _ym(year if first_num <= last_num else year - 1, first_num)
    last = _ym(year, last_num)
    if first is None or last is None:
        return None
    return _Token(m.start(), m.end(), first, last, "span")


def _tok_dmy(m: regex.Match[str]) -> _Token | None:
    day, mon, y = int(m.group("d")), int(m.group("mo")), m.group("y")
    year = int(y) if len(y) == 4 else 2000 + int(y)
    if mon > 12 and 1 <= day <= 12 and mon <= 31:
        day, mon = mon, day  # "03/31/2020": US order, only when day-first is impossible
    if not 1 <= day <= 31:
        return None
    month = _ym(year, mon)
    return _Token(m.start(), m.end(), month, month, "month") if month else None


def _tok_my(m: regex.Match[str]) -> _Token | None:
    month = _ym(int(m.group("y")), int(m.group("mo")))
    return _Token(m.start(), m.end(), month, month, "month") if month else None


def _tok_iso(m: regex.Match[str]) -> _Token | None:
    year, mon = int(m.group("y")), int(m.group("mo"))
    if m.group("d") is None and mon == (year + 1) % 100:
        return None  # "2011-12" is the financial year 2011/12, not December 2011
    month = _ym(year, mon)
    return _Token(m.start(), m.end(), month, month, "month") if month else None


def _fy_start(y1: str, y2: str) -> int | None:
    """The first calendar year of a financial year written "2021/22", or None."""
    first = int(y1) if len(y1) == 4 else 2000 + int(y1)
    second = int(y2) if len(y2) == 4 else (first // 100) * 100 + int(y2)
    if len(y2) == 2 and second < first:
        second += 100
    return first if second == first + 1 else None


def _tok_fy_quarter(m: regex.Match[str]) -> _Token | None:
    fy = _fy_start(m.group("y1"), m.group("y2"))
    if fy is None:
        return None
    # UK financial year: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar of the next year.
    q = int(m.group("q"))
    first_month = 4 + 3 * (q - 1)
    year = fy + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    first, last = _ym(year, first_month), _ym(year, first_month + 2)
    if first is None or last is None:
        return None
    return _Token(m.start(), m.end(), first, last, "span")


def _tok_cal_quarter(m: regex.Match[str]) -> _Token | None:
    q, year = int(m.group("q")), int(m.group("y"))
    first, last = _ym(year, 3 * q - 2), _ym(year, 3 * q)
    if first is None or last is None:
        return None
    return _Token(m.start(), m.end(), first, last, "span")


def _tok_financial_year(m: regex.Match[str]) -> _Token | None:
    fy = _fy_start(m.group("y1"), m.group("y2"))
    if fy is None:
        return None
    first, last = _ym(fy, 4), _ym(fy + 1, 3)
    if first is None or last is None:
        return None
    return _Token(m.start(), m.end(), first, last, "span")


def _tok_season(m: regex.Match[str]) -> _Token | None:
    return _Token(m.start(), m.end(), None, None, "vague")


_Builder = Callable[[regex.Match[str]], "_Token | None"]
_MONTH_PATTERNS: tuple[tuple[regex.Pattern[str], _Builder], ...] = (
    (_MONTH_YEAR4, _tok_month_year4),
    (_MONTH_YEAR2, _tok_month_year2),
    (_BARE_RANGE, _tok_bare_range),
    (_NUM_DMY, _tok_dmy),
    (_NUM_MY, _tok_my),
    (_NUM_ISO, _tok_iso),
)
_ALL_PATTERNS: tuple[tuple[regex.Pattern[str], _Builder], ...] = (
    *_MONTH_PATTERNS,
    (_FY_QUARTER, _tok_fy_quarter),
    (_FY_QUARTER_AFTER, _tok_fy_quarter),
    (_CAL_QUARTER, _tok_cal_quarter),
    (_FINANCIAL_YEAR, _tok_financial_year),
    (_SEASON, _tok_season),
)


def _tokens(text: str, patterns: tuple[tuple[regex.Pattern[str], _Builder], ...]) -> list[_Token]:
    """Non-overlapping date tokens in text order, leftmost then longest first."""
    found: list[_Token] = []
    for pattern, build in patterns:
        for m in pattern.finditer(text, overlapped=True):
            tok = build(m)
            if tok is not None:
                found.append(tok)
    found.sort(key=lambda t: (t.start, t.start - t.end))
    chosen: list[_Token] = []
    for tok in found:
        if not chosen or tok.start >= chosen[-1].end:
            chosen.append(tok)
    return chosen


@memoised
def parse_month(text: str) -> str | None:
    """The first month-year in ``text`` as ``"YYYY-MM"``, or None.

    Reads "March 2020", "Mar 2020", "Sept 2019", "Mar 19" (20xx), "March, 2020",
    "31st March 2020", "03/2020", "31/03/2020" (day first), "2020-03", "2020-03-31".
    Quarters and financial years are not months and are skipped.
    """
    toks = _tokens(text, _MONTH_PATTERNS)
    return toks[0].first if toks else None


@dataclass(frozen=True)
class _Item:
    start: str | None
    end: str | None
    open: bool


def _span(a: _Token, b: _Token) -> _Item:
    """A range "a – b"; reversed ranges are put in order."""
    start, end = a.first, b.last
    if a.first and a.last and b.first and b.last:
        start, end = min(a.first, b.first), max(a.last, b.last)
    elif start and end and start > end:
        start, end = end, start
    return _Item(start, end, False)


def _items(text: str, toks: list[_Token]) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and _RANGE_GAP.fullmatch(text, tok.end, nxt.start):
            items.append(_span(tok, nxt))
            i += 2
            continue
        is_open = False
        if tok.kind == "month":
            prev_end = toks[i - 1].end if i else 0
            after_end = nxt.start if nxt is not None else len(text)
            is_open = bool(
                _ONGOING_AFTER.match(text, tok.end, after_end)
                or _OPEN_BEFORE.search(text, prev_end, tok.start)
            )
        items.append(_Item(tok.first, tok.last, is_open))
        i += 1
    return items


@memoised
def parse_date(text: str) -> ParsedDate:
    """Parse a target-date cell.

    A single month is a deadline (start = end); "X – Y" is a range; "X – ongoing",
    "X onwards" and "From X" leave end None with ``ongoing``; "Ongoing" alone gives only
    ``ongoing``; "Q3 2021/22" is a UK financial-year quarter (Oct-Dec 2021), "Q3 2021" a
    calendar quarter, "2021/22" April 2021 to March 2022. Several dates in one cell give
    the earliest start and latest end. Seasons ("Spring 2020") give no months.
    """
    toks = _tokens(text, _ALL_PATTERNS)
    items = _items(text, toks)
    starts = [it.start for it in items if it.start]
    closed_ends = [it.end for it in items if not it.open and it.end]
    open_starts = [it.start for it in items if it.open and it.start]
    start = min(starts) if starts else None
    end = max(closed_ends) if closed_ends else None
    # "March 2019\nApril 2019 – ongoing": the open-ended part outlasts every deadline.
    if end is not None and open_starts and max(open_starts) > end:
        end = None
    if start is not None and end is not None and start > end:
        end = None
    ongoing = any(it.open for it in items) or bool(_ONGOING.search(text))
    return ParsedDate(start, end, ongoing)
