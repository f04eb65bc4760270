"""Paragraph cleaning, hand-typed bullets and item formatting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutiny_parse.normalise.text import (
    clean_paragraph,
    format_item,
    join_paragraphs,
    strip_bullet,
    typed_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Seed: "customer self-" / "serve solutions" across an extracted line end.
        (
            "including My Stockton\nand customer self-\nserve solutions.",
            "including My Stockton and customer self-serve solutions.",
        ),
        ("self-\nserve", "self-serve"),
        ("2019-\n2020", "2019-2020"),
        ("ready to -\nnext", "ready to - next"),  # a lone dash is punctuation
        ("2019 –\n2020", "2019 – 2020"),  # a spaced en dash is punctuation
        ("2022–\n2027", "2022–2027"),  # an unspaced one joins a range
        ("July–\nSeptember", "July–September"),
        ("self\u00ad\nserve", "selfserve"),  # soft hyphen at a line end
        ("a  b\u00a0\u2009c\t d", "a b c d"),
        ("  leading and trailing  ", "leading and trailing"),
        ("zero\u200bwidth\u200c\u200d\ufeff", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("nul\x00 byte", "nul byte"),
        ("line one \r\n line two", "line one line two"),
        (
            "The survey results are \nincluded in Appendix 1  ",
            "The survey results are included in Appendix 1",
        ),
        # A web address broken at a narrow cell's edge goes on without a space...
        (
            "page at https://www.quitwell.examp\nle.org.uk/clinics",
            "page at https://www.quitwell.example.org.uk/clinics",
        ),
        ("at www.example.gov.uk/scho\noladmissions.", "at www.example.gov.uk/schooladmissions."),
        ("see www.example.gov.uk\n/parking/permits", "see www.example.gov.uk/parking/permits"),
        ("see https://www.examplebury.gov\n.uk/20mph", "see https://www.examplebury.gov.uk/20mph"),
        ("at www.goodthingsfoundation.\norg/", "at www.goodthingsfoundation.org/"),
        ("at www.example.\norg.uk/help", "at www.example.org.uk/help"),
        ("see https://\nwww.example.gov.uk/meals", "see https://www.example.gov.uk/meals"),
        # ... but not when the sentence goes on, or the address ended it.
        ("see www.example.org.\nagain", "see www.example.org. again"),
        ("see www.example.org\nfor the details.", "see www.example.org for the details."),
        ("see www.example.org.\nNext", "see www.example.org. Next"),
        ("see www.example.org.\nnext", "see www.example.org. next"),
        ("at https://example.org\nToday", "at https://example.org Today"),
        ("", ""),
        (" \n \n ", ""),
    ],
)
def test_clean_paragraph(raw: str, expected: str) -> None:
    assert clean_paragraph(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Ligature glyphs, as PDF text layers set in DejaVu or Calibri carry them.
        ("\ufb01rst \ufb02u\ufb00y o\ufb03ce a\ufb04uent", "first fluffy office affluent"),
        ("\ufb05 \ufb06", "st st"),
        # Symbol / Wingdings bullets as private-use code points.
        ("\uf0b7 item", "• item"),
        ("\uf0a7 item", "▪ item"),
        ("\uf0d8 \uf076 \uf0fc", "➢ ❖ ✓"),
        # Invisible characters go; a soft hyphen inside a line too.
        ("zero\u200bwidth\u200c\u200d\u2060\ufeff", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        # A soft hyphen that ends a line says the word runs on: it stays for clean_paragraph.
        ("self\u00ad\nserve", "self\u00ad\nserve"),
        ("self\u00ad", "self\u00ad"),
        ("plain ASCII", "plain ASCII"),
    ],
)
def test_typed_text(raw: str, expected: str) -> None:
    assert typed_text(raw) == expected
    assert typed_text(expected) == expected  # idempotent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("E\ufb03cient o\ufb03cers", "Efficient officers"),
        ("Oﬃcer(s) responsible:", "Officer(s) responsible:"),
        ("self\u00ad\nserve", "selfserve"),
        ("\uf0b7 Tried", "• Tried"),
    ],
)
def test_clean_paragraph_types_the_text(raw: str, expected: str) -> None:
    assert clean_paragraph(raw) == expected


@pytest.mark.parametrize(
    ("text", "rest", "marker"),
    [
        ("• item", "item", "•"),
        ("•item", "item", "•"),
        ("● item", "item", "•"),
        ("◦ item", "item", "•"),
        ("▪ item", "item", "•"),
        ("■ item", "item", "•"),
        ("□ item", "item", "•"),
        ("‣ item", "item", "•"),
        ("⁃ item", "item", "•"),
        ("– item", "item", "•"),
        ("\uf0b7 Tried but too difficult", "Tried but too difficult", "•"),
        ("\uf0a7 item", "item", "•"),
        ("\uf0d8 item", "item", "•"),
        ("\uf076 item", "item", "•"),
        ("\uf0fc item", "item", "•"),
        # Seed: Word's second-level bullet extracted as the letter o.
        ("o https://digital.nhs.uk/about", "https://digital.nhs.uk/about", "•"),
        ("- item", "item", "•"),
        ("* item", "item", "•"),
        ("1. one", "one", "1."),
        ("1) one", "one", "1)"),
        ("(a) one", "one", "(a)"),
        ("a) one", "one", "a)"),
        ("iv. four", "four", "iv."),
        ("(iv) four", "four", "(iv)"),
        ("o", "o", None),
        ("oh no", "oh no", None),
        ("o  ", "o  ", None),
        ("-5% change", "-5% change", None),
        ("self - serve", "self - serve", None),
        ("1.5 million", "1.5 million", None),
        ("2020 was busy", "2020 was busy", None),
        ("A. Smith said", "A. Smith said", None),
        ("a plain sentence", "a plain sentence", None),
        ("", "", None),
    ],
)
def test_strip_bullet(text: str, rest: str, marker: str | None) -> None:
    assert strip_bullet(text) == (rest, marker)


@pytest.mark.parametrize(
    ("text", "kind", "label", "expected"),
    [
        ("item", "bullet", None, "• item"),
        ("item", "number", "1.", "1. item"),
        ("item", "number", None, "item"),
        ("item", None, None, "item"),
        ("item", "other", "x", "item"),
    ],
)
def test_format_item(text: str, kind: str | None, label: str | None, expected: str) -> None:
    assert format_item(text, kind, label) == expected


def test_join_paragraphs() -> None:
    assert join_paragraphs(["a", "", "b", "  ", "• c"]) == "a\nb\n• c"
    assert join_paragraphs(iter([""])) == ""


@given(st.text())
def test_clean_paragraph_is_idempotent_and_tidy(text: str) -> None:
    once = clean_paragraph(text)
    assert clean_paragraph(once) == once
    assert "  " not in once
    assert once == once.strip()
    assert "\n" not in once
    assert all(not ch.isspace() or ch == " " for ch in once)


@given(st.lists(st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True), min_size=1, max_size=6))
def test_clean_paragraph_joins_lines_with_one_space(words: list[str]) -> None:
    assert clean_paragraph(" \n ".join(words)) == " ".join(words)


@given(st.text())
def test_strip_bullet_never_raises_and_keeps_text_without_marker(text: str) -> None:
    rest, marker = strip_bullet(text)
    if marker is None:
        assert rest == text
    else:
        assert rest == rest.strip()
