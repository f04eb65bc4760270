"""The public surface: exports, load() sources, format detection and errors."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

import scrutiny_parse
from scrutiny_parse import (
    CorruptDocumentError,
    NotAProgressUpdateError,
    ScrutinyParseError,
    SourceNotFoundError,
    StrictModeError,
    UnsupportedFormatError,
    load,
)
from scrutiny_parse.cli import schema_json
from scrutiny_parse.detect import detect_format

SEED = SAMPLES / "digital-optimisation-march-2020.docx"


EXPECTED_EXPORTS = {
    "load",
    "load_many",
    "BatchResult",
    "Limits",
    "to_dataframe",
    "__version__",
    # grade history
    "history", "History", "HistoryAction", "HistoryFile", "HistoryReview", "HistoryRound",
    "HistoryWarning", "HISTORY_RECORD_KEYS",
    # models
    "Action", "Assessment", "DateValue", "ParseWarning", "Part", "Period", "ProgressRound",
    "ProgressUpdate", "Provenance", "Recommendation", "Responsibility", "SourceInfo",
    "TextValue", "DEFAULT_GRADING_SCALE", "RECORD_KEYS",
    # errors
    "ScrutinyParseError", "ConverterUnavailableError", "CorruptDocumentError", "DependencyError",
    "EncryptedDocumentError", "NoTextLayerError", "NotAProgressUpdateError",
    "ResourceLimitError", "SourceNotFoundError", "StrictModeError", "UnsupportedFormatError",
    "MissingDependencyError",
}  # fmt: skip


def test_exported_members() -> None:
    assert set(scrutiny_parse.__all__) == EXPECTED_EXPORTS
    assert len(scrutiny_parse.__all__) == len(EXPECTED_EXPORTS), "duplicates in __all__"
    for name in scrutiny_parse.__all__:
        assert hasattr(scrutiny_parse, name), name
    errors = [n for n in scrutiny_parse.__all__ if n.endswith("Error")]
    for name in errors:
        assert issubclass(getattr(scrutiny_parse, name), ScrutinyParseError)
    assert "load" in scrutiny_parse.__all__
    assert scrutiny_parse.__all__ == sorted(scrutiny_parse.__all__, key=_export_order)


def _export_order(name: str) -> tuple[int, str]:
    """ruff's isort order for __all__: CONSTANTS, Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def test_load_accepts_path_str_bytes_and_file_object() -> None:
    by_path = load(SEED)
    assert load(str(SEED)).to_records() == by_path.to_records()
    assert load(SEED.read_bytes()).to_records() == by_path.to_records()
    with SEED.open("rb") as f:
        assert load(f).to_records() == by_path.to_records()
    assert load(io.BytesIO(SEED.read_bytes())).source.file_name is None
    assert by_path.source.file_name == SEED.name
    assert by_path.source.format == "docx"
    assert len(by_path.source.sha256) == 64


def test_format_comes_from_content_not_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "update.pdf"
    misnamed.write_bytes(SEED.read_bytes())
    assert load(misnamed).source.format == "docx"


def test_a_docx_package_is_opened_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection hands the zip it opened to the Word reader: the archive's directory
    is read once per load()."""
    opened: list[object] = []

    class Counting(zipfile.ZipFile):
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened.append(args[0])
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    update = load(SEED.read_bytes())
    assert update.recommendations and len(opened) == 1


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.4", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "doc"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"Recommendation 1: text\nResponsibility: me\n", "text"),
    ],
)
def test_detect_format(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


def _zip(names: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in names.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", UnsupportedFormatError, "empty"),
        (bytes(range(256)) * 8, UnsupportedFormatError, "not a PDF, Word"),
        (_zip({"xl/workbook.xml": b"<x/>"}), UnsupportedFormatError, "spreadsheet"),
        (_zip({"readme.txt": b"hi"}), UnsupportedFormatError, "zip archive"),
        (b"PK\x03\x04" + b"\0" * 50, CorruptDocumentError, "zip|Word|docx"),
    ],
)
def test_bad_inputs_raise_the_right_error(data: bytes, error: type, reason: str) -> None:
    with pytest.raises(error, match=reason) as info:
        load(data)
    assert "<bytes>" in str(info.value)


def test_truncated_docx_is_corrupt_and_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(SEED.read_bytes()[:3000])
    with pytest.raises(CorruptDocumentError, match=r"broken\.docx") as info:
        load(bad)
    assert info.value.__cause__ is not None


def test_missing_file() -> None:
    with pytest.raises(SourceNotFoundError, match="no such file"):
        load("/nonexistent/update.docx")
    assert issubclass(SourceNotFoundError, FileNotFoundError)


def test_a_word_document_that_is_not_an_update() -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Dear Sir, thank you for your letter about the bins.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Item"
    table.cell(0, 1).text = "Cost"
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(NotAProgressUpdateError, match="does not look like"):
        load(buf.getvalue())


def test_strict_mode_raises_on_warnings() -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Review: Test")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Recommendation 1: Do things."
    table.cell(1, 0).text = "Agreed Action:"
    table.cell(1, 1).text = "Things"
    table.cell(2, 0).text = "Mystery row:"
    table.cell(2, 1).text = "Where does this go?"
    buf = io.BytesIO()
    doc.save(buf)
    lenient = load(buf.getvalue())
    assert any("Mystery row" in w.message for w in lenient.warnings)
    with pytest.raises(StrictModeError, match="Mystery row") as info:
        load(buf.getvalue(), strict=True)
    assert info.value.warnings


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "docs" / "schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(schema_json()), (
        "docs/schema.json is stale: run `scrutiny-parse schema > docs/schema.json`"
    )
