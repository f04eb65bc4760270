"""Resource limits and error classes on crafted hostile files (tests/hostile.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import SAMPLES
from hostile import (
    SEED_DOCX,
    billion_laughs_docx,
    deep_xml_docx,
    external_entity_docx,
    spreadsheet_like_docx,
    zip_bomb_docx,
)

from scrutiny_parse import (
    CorruptDocumentError,
    NotAProgressUpdateError,
    ResourceLimitError,
    ScrutinyParseError,
    load,
)
from scrutiny_parse.cli import main as cli_main
from scrutiny_parse.limits import DEFAULT_LIMITS, Limits

SEED_PDF = SAMPLES / "digital-optimisation-march-2020.pdf"


@pytest.mark.parametrize(
    ("source", "limits", "name"),
    [
        (SEED_DOCX, Limits(max_file_size=10_000), "max_file_size"),
        (SEED_PDF, Limits(max_pages=5), "max_pages"),
        (SEED_DOCX, Limits(max_xml_size=20_000), "max_xml_size"),
        (SEED_DOCX, Limits(max_unzipped_size=50_000), "max_unzipped_size"),
        (SEED_DOCX, Limits(max_table_cells=10), "max_table_cells"),
        (SEED_PDF, Limits(max_table_cells=10), "max_table_cells"),
    ],
)
def test_each_limit_names_itself_and_how_to_raise_it(
    source: Path, limits: Limits, name: str
) -> None:
    with pytest.raises(ResourceLimitError) as info:
        load(source, limits=limits)
    message = str(info.value)
    assert name.replace("_", " ") in message
    assert f"Limits({name}=" in message and f"--{name.replace('_', '-')}" in message
    assert source.name in message
    load(source)  # the defaults accept the real file


def test_zip_bomb_is_refused_before_inflating() -> None:
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError, match="compression ratio"):
        load(zip_bomb_docx())
    assert time.perf_counter() - start < 5


def test_xml_nesting_past_the_limit() -> None:
    with pytest.raises(ResourceLimitError, match="xml depth"):
        load(deep_xml_docx(300))
    with pytest.raises(ResourceLimitError, match="xml depth"):
        load(deep_xml_docx(60), limits=Limits(max_xml_depth=50))


def test_entities_are_never_expanded_or_fetched() -> None:
    start = time.perf_counter()
    with pytest.raises(ScrutinyParseError):
        load(billion_laughs_docx())
    assert time.perf_counter() - start < 5
    try:
        update = load(external_entity_docx())
    except ScrutinyParseError:
        return
    assert "root:" not in update.model_dump_json()


def test_a_table_of_numbers_is_not_a_progress_update() -> None:
    with pytest.raises(NotAProgressUpdateError, match="does not look like"):
        load(spreadsheet_like_docx())


def test_a_partial_update_returns_what_is_there_with_warnings() -> None:
    import docx

    doc = docx.Document(str(SEED_DOCX))
    tables = doc.tables
    # Drop recommendation 2's table and the rows below recommendation 4's heading.
    tables[1]._tbl.getparent().remove(tables[1]._tbl)
    for row in list(tables[3].rows)[1:]:
        row._tr.getparent().remove(row._tr)
    import io

    buf = io.BytesIO()
    doc.save(buf)
    update = load(buf.getvalue())
    numbers = [r.number for r in update.recommendations]
    assert 2 not in numbers and len(numbers) == 12
    codes = {w.code for w in update.warnings}
    assert {"missing-recommendation", "empty-recommendation"} <= codes


def test_limits_validate_themselves() -> None:
    with pytest.raises(ValueError, match="max_pages must be a positive number"):
        Limits(max_pages=0)
    with pytest.raises(ValueError, match="cannot exceed 256"):
        Limits(max_xml_depth=1000)
    with pytest.raises(TypeError, match="unknown limit"):
        DEFAULT_LIMITS.with_overrides(max_pagez=3)


def test_cli_limit_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["show", str(SEED_PDF), "--max-pages", "3"]) == 1
    assert "max pages limit exceeded" in capsys.readouterr().err
    assert cli_main(["show", str(SEED_DOCX), "--max-pages", "3"]) == 0


def test_truncated_files_are_corrupt_not_crashes() -> None:
    for path in (SEED_DOCX, SEED_PDF):
        data = path.read_bytes()
        for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
            with pytest.raises(ScrutinyParseError) as info:
                load(data[:cut])
            assert isinstance(info.value, (CorruptDocumentError, NotAProgressUpdateError))


def test_a_page_too_costly_to_interpret_is_refused_fast() -> None:
    # Found by fuzzing: 7 KB that decode to 150,000 rectangles on one page.
    hostile = Path(__file__).parent / "data" / "fuzz" / "pdf-150k-rects-objects-hang.pdf"
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError, match="max page content size"):
        load(hostile)
    assert time.perf_counter() - start < 5
