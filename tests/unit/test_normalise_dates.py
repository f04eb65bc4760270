"""Month and target-date parsing."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from scrutiny_parse.normalise.dates import ParsedDate, parse_date, parse_month

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
FULL = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2020", "2020-03"),
        ("Mar 2020", "2020-03"),
        ("Sept 2019", "2019-09"),
        ("Sep 2019", "2019-09"),
        ("Mar 19", "2019-03"),
        ("Apr 21", "2021-04"),
        ("Mar-19", "2019-03"),
        ("March, 2020", "2020-03"),
        ("31 March 2020", "2020-03"),
        ("31st March 2020", "2020-03"),
        ("March 31, 2020", "2020-03"),
        ("03/2020", "2020-03"),
        ("3/2020", "2020-03"),
        ("31/03/2020", "2020-03"),
        ("01/12/2020", "2020-12"),  # UK day first
        ("2020-03", "2020-03"),
        ("2020-03-31", "2020-03"),
        ("Evidence of Progress (March 2020):", "2020-03"),
        ("Action Plan Agreed: March 2019", "2019-03"),
        ("Date: April 2019 September 2019 September 2019", "2019-04"),
        ("MARCH 2020", "2020-03"),
        ("", None),
        ("Ongoing", None),
        ("April 12 months later", None),
        ("residents may 20 times", None),
        ("Marks 2020", None),
        ("Q3 2021/22", None),
        ("2021/22", None),
        ("2011-12", None),  # the financial year, not December 2011
        ("WCAG 2.1 AA", None),
        ("13/2020", None),
    ],
)
def test_parse_month(text: str, expected: str | None) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "ongoing"),
    [
        # Seed examples.
        ("April 2019 September 2019", "2019-04", "2019-09", False),
        ("January 2019 / ongoing", "2019-01", None, True),
        ("January 2019 /\nongoing", "2019-01", None, True),
        ("April 2019 – April 2021", "2019-04", "2021-04", False),
        ("April 2019 – \nongoing", "2019-04", None, True),
        ("April 2019 – ongoing", "2019-04", None, True),
        ("April 2019 - ongoing", "2019-04", None, True),
        ("March 2021 – ongoing", "2021-03", None, True),
        ("Ongoing", None, None, True),
        ("Mar 19", "2019-03", "2019-03", False),
        ("Apr 19 – Apr 21", "2019-04", "2021-04", False),
        ("June 2019", "2019-06", "2019-06", False),
        ("April 2019 / ongoing for changes", "2019-04", None, True),
        ("April 2019 / ongoing for changes March 2020", "2019-04", "2020-03", True),
        # Single dates are deadlines.
        ("April 2019", "2019-04", "2019-04", False),
        ("End of March 2020", "2020-03", "2020-03", False),
        ("By March 2020", "2020-03", "2020-03", False),
        # Ranges.
        ("April 2019 - April 2021", "2019-04", "2021-04", False),
        ("April 2019 to April 2021", "2019-04", "2021-04", False),
        ("1 April 2019 – 31 March 2021", "2019-04", "2021-03", False),
        ("April – June 2020", "2020-04", "2020-06", False),
        ("April-June 2020", "2020-04", "2020-06", False),
        ("November – February 2021", "2020-11", "2021-02", False),
        ("April 2021 – April 2019", "2019-04", "2021-04", False),
        ("April 2019 – April 2021 / ongoing", "2019-04", "2021-04", True),
        # Open-ended.
        ("March 2022 onwards", "2022-03", None, True),
        ("From April 2019", "2019-04", None, True),
        ("From April 2019 to April 2021", "2019-04", "2021-04", False),
        ("ongoing", None, None, True),
        ("On-going", None, None, True),
        ("On going", None, None, True),
        ("Continuous", None, None, True),
        # Quarters and financial years.
        ("Q3 2021/22", "2021-10", "2021-12", False),
        ("Q1 2021/22", "2021-04", "2021-06", False),
        ("Q4 2021/22", "2022-01", "2022-03", False),
        ("Q3 21/22", "2021-10", "2021-12", False),
        ("Quarter 2 2020-21", "2020-07", "2020-09", False),
        ("2021/22", "2021-04", "2022-03", False),
        ("2019/2020", "2019-04", "2020-03", False),
        ("Q3 2021", "2021-07", "2021-09", False),
        # Several dates in one cell.
        ("March 2019\nApril 2019 – April 2021", "2019-03", "2021-04", False),
        ("March 2019\nApril 2019 – ongoing", "2019-03", None, True),
        ("March 2021 Ongoing", "2021-03", None, True),
        # Not guessed.
        ("Spring 2020", None, None, False),
        ("TBC", None, None, False),
        ("", None, None, False),
        ("2019 – 2021", None, None, False),
    ],
)
def test_parse_date(text: str, start: str | None, end: str | None, ongoing: bool) -> None:
    assert parse_date(text) == ParsedDate(start, end, ongoing)


# -- properties ------------------------------------------------------------------------


def _valid(month: str | None) -> bool:
    return month is None or MONTH_RE.match(month) is not None


@given(st.text())
def test_parse_month_never_raises_on_text(text: str) -> None:
    assert _valid(parse_month(text))


@given(st.text(alphabet="0123456789/-–.,: QqJjAaMmYyFfNnOoSsDdEeRrPpUuGgTtLlIiBbCcVv'\n"))
def test_parse_date_never_raises_and_is_ordered(text: str) -> None:
    for result in (parse_date(text), parse_date(text.title())):
        assert _valid(result.start) and _valid(result.end)
        if result.start and result.end:
            assert result.start <= result.end
    assert _valid(parse_month(text))


@given(st.text())
def test_parse_date_never_raises_on_any_text(text: str) -> None:
    result = parse_date(text)
    assert _valid(result.start) and _valid(result.end)
    assert isinstance(result.ongoing, bool)
    if result.start and result.end:
        assert result.start <= result.end


months = st.tuples(st.integers(1990, 2099), st.integers(1, 12))


def _render(year: int, month: int, style: int, day: int) -> str | None:
    full, abbr = FULL[month - 1], ABBR[month - 1]
    styles = [
        f"{full} {year}",
        f"{abbr} {year}",
        f"{abbr}. {year}",
        f"{full}, {year}",
        f"{day} {full} {year}",
        f"{day}th {full} {year}",
        f"{abbr}-{year % 100:02d}" if year >= 2000 else None,
        f"{abbr} {year % 100:02d}" if year >= 2000 else None,
        f"{full} {year % 100:02d}" if year >= 2000 else None,
        f"{month:02d}/{year}",
        f"{month}/{year}",
        f"{day:02d}/{month:02d}/{year}",
        f"{day}/{month}/{year}",
        # "2011-12" reads as a financial year; the ISO form is only unambiguous otherwise.
        f"{year}-{month:02d}" if month != (year + 1) % 100 else None,
        f"{year}-{month:02d}-{day:02d}",
    ]
    return styles[style % len(styles)]


@given(
    months,
    st.integers(0, 100),
    st.integers(1, 28),
    st.sampled_from(["", "Date: ", "Evidence of Progress (", "by "]),
)
def test_parse_month_recovers_rendered_months(
    ym: tuple[int, int], style: int, day: int, prefix: str
) -> None:
    year, month = ym
    text = _render(year, month, style, day)
    assume(text is not None)
    assert text is not None
    expected = f"{year:04d}-{month:02d}"
    assert parse_month(prefix + text) == expected
    assert parse_date(text) == ParsedDate(expected, expected, False)


@given(
    months,
    months,
    st.integers(0, 100),
    st.integers(0, 100),
    st.sampled_from([" – ", " - ", " to ", " — ", "–", " until "]),
)
def test_ranges_recover_start_and_end(
    a: tuple[int, int], b: tuple[int, int], style_a: int, style_b: int, sep: str
) -> None:
    first, second = sorted([a, b])
    left, right = _render(*first, style_a, 1), _render(*second, style_b, 28)
    assume(left is not None and right is not None)
    result = parse_date(f"{left}{sep}{right}")
    assert result == ParsedDate(
        f"{first[0]:04d}-{first[1]:02d}", f"{second[0]:04d}-{second[1]:02d}", False
    )


@given(months, st.integers(0, 100), st.sampled_from([" – ongoing", " / ongoing", " onwards", ""]))
def test_open_ended_dates(ym: tuple[int, int], style: int, tail: str) -> None:
    text = _render(*ym, style, 15)
    assume(text is not None)
    expected = f"{ym[0]:04d}-{ym[1]:02d}"
    if tail:
        assert parse_date(f"{text}{tail}") == ParsedDate(expected, None, True)
    else:
        assert parse_date(f"From {text}") == ParsedDate(expected, None, True)
