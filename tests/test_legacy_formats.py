""".doc, .rtf and .odt: converted to .docx by LibreOffice, they read as their .docx does.

``samples/<stem>.doc`` (and the seed's ``.rtf``/``.odt``) are made from
``samples/<stem>.docx`` by ``scripts/build_legacy.py``, so each must give the records of
the .docx of the same stem, field by field. Two LibreOffice habits are handled where
they arise, not here: its Word 97 export splits a list whose first item carries a
startOverride, so the sample builder writes lists as Word does (one definition per
list); and it turns a row that ends early (w:gridAfter) into a real empty cell, which the
segmenter does not count as an action.

The refusals (not Word, encrypted, damaged, no LibreOffice) need no LibreOffice: they
are decided from the bytes before it would start. Tests that run LibreOffice skip only
when ``soffice`` is not installed; CI installs it, so there they run.
"""

from __future__ import annotations

import io
import os
import random
import struct
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SAMPLES, sample_docx
from recordsdiff import assert_same_front, assert_same_records, front_view

from scrutiny_parse import (
    ConverterUnavailableError,
    CorruptDocumentError,
    EncryptedDocumentError,
    ResourceLimitError,
    ScrutinyParseError,
    UnsupportedFormatError,
    load,
)
from scrutiny_parse.limits import Limits
from scrutiny_parse.readers.legacy import libreoffice as _libreoffice
from scrutiny_parse.readers.legacy import sniff as converted

SEED = "digital-optimisation-march-2020"
SEED_DOC = SAMPLES / f"{SEED}.doc"

needs_soffice = pytest.mark.skipif(
    _libreoffice.soffice_path() is None,
    reason="LibreOffice (soffice) is not installed, so .doc/.rtf/.odt cannot be converted "
    "here (apt-get install libreoffice-writer-nogui); CI installs it and runs these",
)


def legacy_samples() -> list[Path]:
    return sorted(p for ext in ("doc", "rtf", "odt") for p in SAMPLES.glob(f"*.{ext}"))


# --- the samples ------------------------------------------------------------------


def test_every_docx_sample_has_a_doc_and_the_seed_an_rtf_and_odt() -> None:
    missing = [
        p.with_suffix(".doc").name for p in sample_docx() if not p.with_suffix(".doc").exists()
    ]
    missing += [f"{SEED}{s}" for s in (".rtf", ".odt") if not (SAMPLES / f"{SEED}{s}").exists()]
    assert not missing, f"run scripts/build_legacy.py: missing {missing}"


@needs_soffice
@pytest.mark.parametrize("path", legacy_samples(), ids=lambda p: p.name)
def test_legacy_sample_reads_as_its_docx(path: Path) -> None:
    update = load(path)
    reference = load(path.with_suffix(".docx"))
    fmt = path.suffix[1:]
    assert update.source.format == fmt
    assert update.source.converted_from == fmt
    assert update.source.file_name == path.name
    assert_same_front(front_view(update), front_view(reference), path.name)
    assert sorted(w.code for w in update.warnings) == sorted(w.code for w in reference.warnings)
    assert_same_records(update.to_records(), reference.to_records(), f"{path.name} vs its .docx")


# --- refusals decided before LibreOffice starts -------------------------------------

_FREE, _END, _FAT_SECT, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal, valid OLE2 compound file (version 3, 512-byte sectors) holding
    ``streams`` at the top level (each padded to 4 KiB, so none is in the mini stream;
    at most three, so the directory is one sector)."""
    assert len(streams) <= 3
    ss = 512
    datas = [d.ljust(4096, b"\0") for d in streams.values()]
    fat = [_FAT_SECT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for d in datas:
        n = len(d) // ss
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(n - 1)] + [_END]
    assert len(fat) <= ss // 4
    fat += [_FREE] * (ss // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _NO_STREAM, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, _END, 0, _NO_STREAM, 1 if names else _NO_STREAM)
    for i, (name, d, start) in enumerate(zip(names, datas, starts, strict=True)):
        right = i + 2 if i + 1 < len(names) else _NO_STREAM
        directory += entry(name, 2, start, len(d), right, _NO_STREAM)
    directory = directory.ljust(ss, b"\0")
    header = (
        _OLE_MAGIC
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([_FREE] * 108))
    )
    assert len(header) == 512
    return header + struct.pack(f"<{ss // 4}I", *fat) + directory + b"".join(datas)


def _fib(flags: int = 0, ident: int = 0xA5EC) -> bytes:
    """The start of a WordDocument stream (FibBase): wIdent, nFib, unused, lid, pnNext,
    then the flags word at offset 0x0A (fEncrypted is 0x0100, fWhichTblStm 0x0200)."""
    return struct.pack("<6H", ident, 0x00C1, 0, 0x0409, 0, flags)


@pytest.fixture
def no_libreoffice_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if LibreOffice would be started."""

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("LibreOffice was started for a file refused from its bytes")

    monkeypatch.setattr(_libreoffice, "convert", refuse)


@pytest.mark.parametrize(
    ("streams", "what"),
    [
        ({"Workbook": b"\x09\x08", "\x05SummaryInformation": b""}, "Excel"),
        ({"__properties_version1.0": b"", "__substg1.0_0037001F": b""}, "Outlook"),
        ({"PowerPoint Document": b""}, "PowerPoint"),
        ({"Contents": b"hello"}, "no WordDocument stream"),
    ],
    ids=["xls", "msg", "ppt", "unknown"],
)
@pytest.mark.usefixtures("no_libreoffice_run")
def test_ole2_file_that_is_not_word_is_unsupported(streams: dict[str, bytes], what: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=what) as info:
        load(_cfb(streams))
    assert "not a Word" in str(info.value)


@pytest.mark.usefixtures("no_libreoffice_run")
def test_minimal_word_cfb_passes_the_check() -> None:
    # The builder itself is right: an unencrypted WordDocument passes the pre-check.
    converted.check_word_binary(_cfb({"WordDocument": _fib(), "1Table": b""}))


@pytest.mark.usefixtures("no_libreoffice_run")
def test_password_protected_doc_is_encrypted_error() -> None:
    data = _cfb({"WordDocument": _fib(flags=0x0100 | 0x0200), "1Table": b""})
    with pytest.raises(EncryptedDocumentError, match="password"):
        load(data)


@pytest.mark.usefixtures("no_libreoffice_run")
def test_sample_doc_with_encrypted_flag_set_is_encrypted_error() -> None:
    # The real sample with fEncrypted set, so the offset is checked on a real file too.
    data = bytearray(SEED_DOC.read_bytes())
    word = converted._CompoundFile(bytes(data)).top_level()["WordDocument"]
    fib = 512 + word.start * 512  # version 3 file: 512-byte sectors, stream >= 4 KiB
    assert struct.unpack_from("<H", data, fib)[0] == 0xA5EC
    converted.check_word_binary(bytes(data))
    data[fib + 0x0B] |= 0x01  # the flags word is little-endian: 0x0100 is in byte 0x0B
    with pytest.raises(EncryptedDocumentError, match="password"):
        load(bytes(data))


@pytest.mark.usefixtures("no_libreoffice_run")
def test_encrypted_ooxml_container_is_encrypted_error() -> None:
    data = _cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0" * 16})
    with pytest.raises(EncryptedDocumentError):
        load(data)


@pytest.mark.usefixtures("no_libreoffice_run")
def test_password_protected_odt_is_encrypted_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
            '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        zf.writestr("content.xml", b"\x8f\x02garbled")
    with pytest.raises(EncryptedDocumentError):
        load(buf.getvalue())


@pytest.mark.parametrize(
    "data",
    [
        _OLE_MAGIC + random.Random(6).randbytes(20_000),
        _OLE_MAGIC + b"\0" * 100,
        _cfb({"WordDocument": _fib(ident=0x1234)}),
        SEED_DOC.read_bytes()[:1536] if SEED_DOC.exists() else _OLE_MAGIC + b"\0" * 1528,
    ],
    ids=["magic+garbage", "short-header", "bad-fib", "truncated-sample"],
)
@pytest.mark.usefixtures("no_libreoffice_run")
def test_corrupt_doc_is_refused_quickly(data: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(ScrutinyParseError) as info:
        load(data)
    assert isinstance(info.value, CorruptDocumentError), repr(info.value)
    assert time.monotonic() - started < 1.0


# --- LibreOffice missing, slow, or run in parallel --------------------------------------


@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
def test_missing_soffice_names_the_debian_package(
    suffix: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no soffice on PATH
    path = SAMPLES / f"{SEED}{suffix}"
    with pytest.raises(ConverterUnavailableError) as info:
        load(path)
    message = str(info.value)
    assert path.name in message
    assert "libreoffice-writer-nogui" in message
    assert suffix in message


@needs_soffice
def test_parallel_conversions_do_not_collide() -> None:
    expected = load(SAMPLES / f"{SEED}.docx").to_records()
    with ThreadPoolExecutor(max_workers=4) as pool:
        updates = list(pool.map(lambda _: load(SEED_DOC), range(4)))
    for update in updates:
        assert update.source.converted_from == "doc"
        assert_same_records(update.to_records(), expected, "parallel .doc conversion")


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in cmdline:
            found.append(int(proc.name))
    return found


@needs_soffice
def test_conversion_timeout_kills_soffice_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    with pytest.raises(ResourceLimitError, match="took more than"):
        load(SEED_DOC, limits=Limits(convert_timeout=0.01))
    assert list(private_tmp.iterdir()) == [], "the conversion's temporary directory was left"
    if Path("/proc/self").exists():
        deadline = time.monotonic() + 5
        while _processes_mentioning(str(private_tmp)) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _processes_mentioning(str(private_tmp))
        assert not left, f"soffice processes left running: {left}"
    assert os.listdir(private_tmp) == []
