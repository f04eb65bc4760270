"""PDF against Word: each sample printed to PDF must parse exactly as its .docx does.

``samples/*.pdf`` are printed from ``samples/*.docx`` by LibreOffice
(``scripts/build_pdfs.py``), so the .docx is the ground truth for the PDF reader: the
same records (text, grades, amended grades), the same front matter, no warnings the
Word parse does not have, and every value placed on a page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import SAMPLES
from recordsdiff import assert_same_front, assert_same_records, front_view

from scrutiny_parse import ProgressUpdate, load
from scrutiny_parse.model import TextValue

PAIRS = [p for p in sorted(SAMPLES.glob("*.pdf")) if p.with_suffix(".docx").exists()]


@cache
def _parsed(path: Path) -> ProgressUpdate:
    return load(path)


def _both(pdf: Path) -> tuple[ProgressUpdate, ProgressUpdate]:
    return _parsed(pdf), _parsed(pdf.with_suffix(".docx"))


def test_there_are_samples_to_compare() -> None:
    assert len(PAIRS) >= 5, "samples/*.pdf missing: run scripts/build_pdfs.py"


@pytest.mark.parametrize("pdf", PAIRS, ids=lambda p: p.stem)
def test_records_equal_the_word_original(pdf: Path) -> None:
    from_pdf, from_docx = _both(pdf)
    assert_same_records(from_pdf.to_records(), from_docx.to_records(), pdf.name)


@pytest.mark.parametrize("pdf", PAIRS, ids=lambda p: p.stem)
def test_front_matter_and_recommendations_equal(pdf: Path) -> None:
    from_pdf, from_docx = _both(pdf)
    assert_same_front(front_view(from_pdf), front_view(from_docx), pdf.name)


@pytest.mark.parametrize("pdf", PAIRS, ids=lambda p: p.stem)
def test_no_warnings_beyond_the_word_parse(pdf: Path) -> None:
    from_pdf, from_docx = _both(pdf)
    if not from_docx.warnings:
        assert [str(w) for w in from_pdf.warnings] == []
    assert from_pdf.source.format == "pdf"
    assert from_pdf.source.page_count is not None and from_pdf.source.page_count >= 1


def _values(update: ProgressUpdate) -> list[tuple[str, TextValue]]:
    """Every value of every action, named for the failure message."""
    out: list[tuple[str, TextValue]] = []
    for rec in update.recommendations:
        for part in rec.parts:
            for action in part.actions:
                where = f"recommendation {rec.number} part {part.label!r} column {action.column}"
                fields = {
                    "responsibility": action.responsibility,
                    "date": action.date,
                    "action": action.action,
                    "success_measure": action.success_measure,
                }
                for k, rnd in enumerate(action.rounds):
                    fields[f"round {k} evidence"] = rnd.evidence
                    fields[f"round {k} assessment"] = rnd.assessment
                out += [(f"{where} {name}", v) for name, v in fields.items() if v is not None]
    return out


@pytest.mark.parametrize("pdf", PAIRS, ids=lambda p: p.stem)
def test_every_value_says_which_page_and_where(pdf: Path) -> None:
    values = _values(_parsed(pdf))
    assert values
    for where, value in values:
        assert value.source is not None, f"{pdf.name}: {where} has no source"
        assert value.source.page is not None, f"{pdf.name}: {where} has no page"
        assert value.source.bbox is not None, f"{pdf.name}: {where} has no bbox"
        x0, top, x1, bottom = value.source.bbox
        assert x0 < x1 and top < bottom, f"{pdf.name}: {where} bbox {value.source.bbox}"
