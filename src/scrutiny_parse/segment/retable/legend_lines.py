"""Rebuilding tables from text: the legend's grades and wordings from its lines."""

from __future__ import annotations

import regex

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import chunks_of
from scrutiny_parse.segment.retable.label_hits import LabelHit
from scrutiny_parse.vocabulary import GRADE_WORD_PATTERN, is_legend_header

__all__ = [
    "GRADES_ALONE",
    "GRADE_PAIR",
    "heads_legend",
    "legend_follows",
    "legend_items",
    "legend_rests",
]

# Grade wordings of the known legends, longest first.
_WORDING = GRADE_WORD_PATTERN


def legend_items(lines: list[TextLine]) -> tuple[list[str], list[str]]:
    """The legend's grade digits and their wordings, in order.

    The seed has "1 2 3 4" then "Fully Achieved On-Track Slipped Not Achieved" on one
    line: the wordings are cut apart where a known grade wording starts. Other dumps give
    one digit or wording per block, or "1 Fully Achieved" pairs.
    """
    digits: list[str] = []
    labels: list[str] = []
    for text in _legend_blocks(lines):
        # "Grade      Meaning" heads the legend's columns: no grade's wording.
        if not digits and not labels and is_legend_header(text):
            continue
        if regex.fullmatch(r"[1-4](?:\s+[1-4])*", text):
            digits.extend(text.split())
            continue
        m = GRADE_PAIR.match(text)
        if m:
            digits.append(m.group(1))
            labels.append(m.group(2).strip())
            continue
        labels.append(text)
    # "Fully" / "Achieved" / "On-Track Slipped Not" / "Achieved": as many blocks as
    # grades, but cut elsewhere than the wordings are; cut where each wording starts.
    if digits and (len(labels) != len(digits) or not all(_WORDING.match(t) for t in labels)):
        joined = " ".join(labels)
        starts = [m.start() for m in _WORDING.finditer(joined)]
        if len(starts) == len(digits):
            starts[0] = 0
            labels = [
                joined[a:b].strip(" /;,")
                for a, b in zip(starts, [*starts[1:], len(joined)], strict=True)
            ]
    return digits, labels


#: A grade and its wording on one line ("1 Fully Achieved", "2 = On Track").
GRADE_PAIR = regex.compile(r"^([1-4])\s*[.:=)\-–]?\s+(\D.*)$")


def _legend_blocks(lines: list[TextLine]) -> list[str]:
    """The legend's text blocks; a block whose every line is a "1 Fully Achieved" pair
    (no empty line between the grades) is one block per line."""
    out: list[str] = []
    for chunk in chunks_of(lines):
        texts = [ln.text for ln in chunk.texts]
        if len(texts) > 1 and all(GRADE_PAIR.match(t) for t in texts):
            out.extend(texts)
        else:
            out.append(" ".join(texts))
    return out


GRADES_ALONE = regex.compile(r"^[1-4](?:\s+[1-4])*$")
# The legend's first grade written with its wording: "1 Fully Achieved", "1 – Fully".
_NUMBERED_WORDING = regex.compile(r"^1\s*[.:=)\-–]?\s+\D")
# A legend's column headings stand before its grades ("Grade" / "Meaning").
_HEADING_WORDS = 2


def legend_rests(lines: list[TextLine]) -> int:
    """How many of the lines after the legend's label are a table row's rest.

    pdfminer can write the last row of the last table after the text that follows the
    table: "Assessment of Progress Gradings:" then the row's grades "1" "1" "2" "3" and
    its explanation, then the legend's own "1" "2" "3" "4". The legend starts at its
    last run of grades counting 1 to 4 (or at "1 Fully Achieved"), after any short
    headings; what comes before goes back to the row."""
    blocks: list[tuple[int, str]] = []
    for idx, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        if idx and lines[idx - 1].kind == "text" and blocks:
            blocks[-1] = (blocks[-1][0], f"{blocks[-1][1]} {ln.text}")
        else:
            blocks.append((idx, ln.text))
    # The legend's own run is the last: a row's grades can count up too ("1" "2" "3").
    start = None
    for b, (_, text) in enumerate(blocks):
        if _NUMBERED_WORDING.match(text) or _counts_up(blocks[b:]):
            start = b
            if _NUMBERED_WORDING.match(text):
                break
    if not start:
        return 0
    while start > 0 and len(blocks[start - 1][1].split()) <= _HEADING_WORDS:
        if any(ch.isdigit() for ch in blocks[start - 1][1]):
            break
        start -= 1
    return blocks[start][0] if start else 0


def legend_follows(lines: list[TextLine]) -> bool:
    """The lines open with a legend: "1 Fully Achieved" first, or "1" "2" "3" "4"."""
    blocks = [(i, ln.text) for i, ln in enumerate(lines) if ln.kind == "text"][:8]
    return bool(blocks) and (
        _NUMBERED_WORDING.match(blocks[0][1]) is not None or _counts_up(blocks)
    )


def _counts_up(blocks: list[tuple[int, str]]) -> bool:
    """The blocks start "1", "2", "3", "4" (or "1 2 3 4" on one line): the whole scale."""
    digits: list[str] = []
    for _, text in blocks:
        if not GRADES_ALONE.match(text):
            break
        digits.extend(text.split())
        if len(digits) >= 4:
            break
    return digits[:4] == ["1", "2", "3", "4"]


def heads_legend(hit: LabelHit, lines: list[TextLine]) -> bool:
    """An assessment label naming no round (no period, nothing after it) with the
    legend's grades right under it: the legend's heading."""
    label = hit.label
    return (
        label.field == "assessment"
        and label.period is None
        and not hit.rest
        and legend_follows(lines[hit.end + 1 :])
    )
