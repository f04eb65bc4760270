"""Text reader, step 3: blocks of bare hyperlink targets, which are not content."""

from __future__ import annotations

import regex

from scrutiny_parse.layout import TextLine

__all__ = ["drop_link_dump"]

_URL_LINE = regex.compile(r"^<?(https?://\S+?|www\.\S+?)>?$", regex.I)


def _squash(text: str) -> str:
    """Text without white space, for finding a URL that was wrapped over lines."""
    return "".join(text.split()).lower()


def drop_link_dump(lines: list[TextLine]) -> tuple[list[TextLine], int]:
    """Remove bare hyperlink targets the extractor dumped into the text.

    Word-printed PDFs carry link annotations; some extractors write their targets as a
    block of bare URLs after the page's text (the seed has fifteen such lines, starting
    "https://www.stockton.gov.uk/strong-communities/ward-profiles-2019/"). A bare-URL line
    is dropped when it is part of a run of three or more, or repeats a URL already in the
    text (wrapped or not). A single new URL on its own line is content and stays.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if lines[i].kind == "text" and _URL_LINE.match(lines[i].text):
            j = i
            while j < len(lines) and lines[j].kind == "text" and _URL_LINE.match(lines[j].text):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    drop: set[int] = set()
    before = ""
    cursor = 0
    for start, end in runs:
        before += _squash(" ".join(ln.text for ln in lines[cursor:start]))
        cursor = start
        for k in range(start, end):
            url = _squash(lines[k].text.strip("<>"))
            if end - start >= 3 or url in before:
                drop.add(k)
            before += url + " "
            cursor = k + 1
    kept = [ln for k, ln in enumerate(lines) if k not in drop]
    return kept, len(drop)
