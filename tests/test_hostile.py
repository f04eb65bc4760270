"""Issue 13: every crafted case (tests/hostile.py) ends with a named error or a result,
within 20 s and 3 GB of address space; and each new limit, reached on its own.

The bounded run happens in a subprocess (``python tests/hostile.py --check``) that caps
its own address space with RLIMIT_AS before building anything and forks one child per
case, so a case that would eat memory fails there, not in the test process. Its summary
(cases, worst time, worst peak RSS) is printed; ``pytest -s`` shows it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest

from scrutiny_parse import (
    CorruptDocumentError,
    ResourceLimitError,
    ScrutinyParseError,
    UnsupportedFormatError,
    load,
)
from scrutiny_parse.budget import running
from scrutiny_parse.detect import detect_format
from scrutiny_parse.limits import Limits

HOSTILE = Path(hostile.__file__)
#: Built and run in the slow lane only: their inputs take seconds to build.
SLOW_CASES = {"pdf-double-flate.pdf", "odt-mimetype-bomb.odt"}


def _check(names: list[str]) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, str(HOSTILE), "--check", *names],
        capture_output=True,
        text=True,
        timeout=60 + 30 * len(names),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def _assert_bounded(results: list[dict[str, object]], names: list[str]) -> None:
    assert [r["case"] for r in results] == names
    problems = {str(r["case"]): hostile.verdict(r) for r in results}
    assert {k: v for k, v in problems.items() if v} == {}
    worst_time = max(results, key=lambda r: float(str(r["seconds"])))
    worst_memory = max(results, key=lambda r: int(str(r["peak_mb"])))
    print(
        f"\nhostile: {len(results)} cases; worst time {worst_time['seconds']} s "
        f"({worst_time['case']}); worst peak RSS {worst_memory['peak_mb']} MB "
        f"({worst_memory['case']})"
    )


def test_every_crafted_case_is_bounded() -> None:
    names = [n for n in hostile.BUILDERS if n not in SLOW_CASES]
    _assert_bounded(_check(names), names)


@pytest.mark.slow
def test_the_costly_crafted_cases_are_bounded() -> None:
    names = sorted(SLOW_CASES)
    _assert_bounded(_check(names), names)


def test_cases_cover_every_new_limit() -> None:
    wanted = {
        "max object depth",
        "max xobject depth",
        "max page operators",
        "max stream size",
        "max cmap codes",
        "max page glyphs",
        "max list label",
        "max list counter",
        "max style depth",
    }
    named = {piece for _, piece in hostile.EXPECTED.values()}
    assert wanted <= named


# -- each guard on its own, past the prescan ---------------------------------------------


def test_pdfminer_guards_hold_without_the_prescan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The prescan is a first line: pdfminer's own loops are bounded too (a stream in an
    object stream, say, is invisible to a scan of the raw bytes)."""
    import scrutiny_parse.readers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "prescan_pdf", lambda data, limits: None)
    # pdfminer interprets pages on the pdfplumber backend (PDFium only pre-scans with it).
    with pytest.raises(ResourceLimitError, match="max object depth"):
        load(hostile.pdf_resource_cycle(), pdf_backend="pdfplumber")
    with pytest.raises(ResourceLimitError, match="max stream size"):
        load(
            hostile.pdf_double_flate(inner=8 << 20),
            limits=Limits(max_stream_size=1 << 20, max_page_content_size=16 << 20),
            pdf_backend="pdfplumber",
        )


def test_a_long_reference_chain_is_refused() -> None:
    chain = {6 + i: b"%d 0 R" % (7 + i) for i in range(80)}
    chain[86] = b"<< /Font << /F1 4 0 R >> >>"
    with pytest.raises(ResourceLimitError, match="max object depth"):
        load(hostile.one_page_pdf(hostile._TEXT, resources=b"6 0 R", extra=chain))
    # within the limit the chain is simply followed
    update = load(
        hostile.one_page_pdf(hostile._TEXT, resources=b"6 0 R", extra=chain),
        limits=Limits(max_object_depth=100),
    )
    assert update.recommendations[0].number == 1


def test_a_damaged_flate_stream_keeps_what_came_before_the_damage() -> None:
    from scrutiny_parse.readers.pdf.rawscan import inflate

    good = b"hello world " * 5000
    broken = bytearray(__import__("zlib").compress(good))
    broken[-3:] = b"\0\0\0"  # the adler32 checksum
    start = time.perf_counter()
    assert inflate(bytes(broken), 1 << 20, Limits(), "test") == good
    cut = inflate(bytes(broken[: len(broken) // 2]), 1 << 20, Limits(), "test")
    assert cut and good.startswith(cut)
    assert time.perf_counter() - start < 5


def test_inflate_stops_at_its_budget() -> None:
    from scrutiny_parse.readers.pdf.rawscan import inflate

    with pytest.raises(ResourceLimitError, match="max stream size"):
        inflate(__import__("zlib").compress(bytes(10 << 20)), 1 << 20, Limits(), "test")


def test_stream_objects_are_found_by_their_own_dictionary() -> None:
    from scrutiny_parse.readers.pdf.rawscan import _stream_headers

    data = (
        b"1 0 obj << /Type /Font /Name (stream) >> endobj\n"
        b"2 0 obj << /Length 5 /Filter /FlateDecode /D << /A 1 >> >>\r\nstream\r\nxxxxx"
        b"\nendstream endobj\n"
        b"13 0 obj << /Length 0 >> endobj 3 0 obj [1 2] endobj\n"
        b"4 0 obj <</Length 2>>stream\nyy\nendstream endobj"
    )
    found = [(n, h) for n, h, _ in _stream_headers(data)]
    # The font's dictionary (a string saying "stream", then "endobj") is no stream;
    # each stream is named by its own object, not an earlier one within reach.
    assert found == [
        (2, b" /Length 5 /Filter /FlateDecode /D << /A 1 >> "),
        (4, b"/Length 2"),
    ]
    assert [data[s : s + 2] for _, _, s in _stream_headers(data)] == [b"xx", b"yy"]


# -- Word budgets, reached with small files and small limits ------------------------------


def test_paragraph_and_document_text_limits() -> None:
    with pytest.raises(ResourceLimitError, match="max paragraph text"):
        load(hostile.docx_huge_paragraph(5000), limits=Limits(max_paragraph_text=1000))
    with pytest.raises(ResourceLimitError, match="max document text"):
        load(hostile.SEED_DOCX, limits=Limits(max_document_text=1000))


def test_paragraph_and_cell_counts_per_document() -> None:
    with pytest.raises(ResourceLimitError, match="max paragraphs"):
        load(hostile.docx_many_paragraphs(500), limits=Limits(max_paragraphs=100))
    with pytest.raises(ResourceLimitError, match="max document cells"):
        load(hostile.SEED_DOCX, limits=Limits(max_document_cells=20))


def test_a_style_chain_within_the_limit_is_read_once_per_style() -> None:
    # 60 styles deep (under 64) and 2,000 paragraphs: quick, because chains are cached.
    start = time.perf_counter()
    with pytest.raises(ScrutinyParseError) as info:
        load(hostile.docx_long_style_chain(depth=60, paragraphs=2000))
    assert "style depth" not in str(info.value)
    assert time.perf_counter() - start < 10


def test_the_deadline_names_itself() -> None:
    with pytest.raises(ResourceLimitError, match=r"max seconds limit exceeded.*--max-seconds"):
        load(hostile.SEED_DOCX, limits=Limits(max_seconds=1e-6))
    # an enclosing budget's earlier deadline wins over the inner load()'s own
    with pytest.raises(ResourceLimitError, match="max seconds"), running(Limits(max_seconds=1e-9)):
        time.sleep(0.001)
        load(hostile.SEED_DOCX)


# -- what load() lets out, and format detection -------------------------------------------


def test_dependency_failures_are_wrapped_at_the_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    import scrutiny_parse.api as api

    for raised, expected in (
        (MemoryError(), ResourceLimitError),
        (RecursionError("deep"), ResourceLimitError),
        (KeyError("x"), CorruptDocumentError),
    ):

        def boom(*args: object, _e: BaseException = raised) -> object:
            raise _e

        monkeypatch.setattr(api, "segment", boom)
        with pytest.raises(expected) as info:
            load(hostile.SEED_DOCX)
        assert info.value.__cause__ is raised
        assert hostile.SEED_DOCX.name in str(info.value)


def test_pdf_header_detection() -> None:
    assert detect_format(b"%PDF-1.7\n") == "pdf"
    assert detect_format(b"junk\n%PDF-1.4\n1 0 obj << >> endobj") == "pdf"
    assert detect_format(b"A note: the file was %PDF-1.4 once.\nRecommendation 1: x\n") == "text"
    assert detect_format(hostile.text_quoting_a_pdf_header()) == "text"


def test_a_stray_byte_does_not_make_text_binary() -> None:
    assert detect_format(hostile.text_with_stray_bytes()) == "text"
    assert (
        detect_format(b"Recommendation 1: \x00 one NUL\n" + b"Responsibility: me\n" * 9) == "text"
    )
    with pytest.raises(UnsupportedFormatError):
        detect_format(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormatError):
        detect_format("Recommendation".encode("utf-16-le") * 100)


def test_strict_ooxml_and_duplicate_members() -> None:
    with pytest.raises(UnsupportedFormatError, match="Strict Open XML"):
        load(hostile.docx_strict())
    with pytest.raises(UnsupportedFormatError, match="duplicate member names"):
        load(hostile.docx_duplicate_member())
    from scrutiny_parse.readers.docx import read_docx

    with pytest.raises(CorruptDocumentError, match="two members named"):
        read_docx(hostile.docx_duplicate_member())


def test_the_mimetype_of_a_zip_is_peeked_not_inflated() -> None:
    start = time.perf_counter()
    with pytest.raises(UnsupportedFormatError, match="OpenDocument file of type"):
        detect_format(hostile.odt_mimetype_bomb(inflated=64 << 20))
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_document_budgets_hold_for_every_reader(suffix: str) -> None:
    from conftest import SAMPLES

    source = SAMPLES / f"digital-optimisation-march-2020{suffix}"
    if not source.exists():
        source = next(SAMPLES.glob(f"*{suffix}"))
    if suffix == ".pdf":  # a text dump has lines, not paragraphs, until it is segmented
        with pytest.raises(ResourceLimitError, match="max paragraphs"):
            load(source, limits=Limits(max_paragraphs=5))
    with pytest.raises(ResourceLimitError, match="max document text"):
        load(source, limits=Limits(max_document_text=500))
