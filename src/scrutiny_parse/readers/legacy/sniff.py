"""What can be told about a legacy file from its bytes, before LibreOffice starts.

An OLE2 compound file that is not a Word document (``.xls``, ``.msg``) is unsupported; a
password-protected ``.doc`` or ``.odt`` is encrypted (headless LibreOffice cannot ask for
the password); a damaged compound file is corrupt. The CFB directory is read with a few
lines of ``struct`` rather than a dependency.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from scrutiny_parse.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)

__all__ = ["check_odt", "check_word_binary"]

_MANIFEST_LIMIT = 1 << 20


# --- OLE2 / Compound File Binary (MS-CFB) --------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_SIZE = 512
_MAX_REGULAR_SECTOR = 0xFFFFFFFA  # above: FREESECT, ENDOFCHAIN, FATSECT, DIFSECT
_NO_STREAM = 0xFFFFFFFF
_DIR_ENTRY_SIZE = 128
_STORAGE, _STREAM, _ROOT = 1, 2, 5
# Word 97-2003 and Word 6/95 file information blocks start with these.
_FIB_IDENTS = frozenset({0xA5EC, 0xA5DC})
_FIB_ENCRYPTED = 0x0100
# Top-level streams that tell what kind of OLE2 file it is (the others say "not Word").
_OTHER_KINDS = (
    ("Workbook", "an Excel workbook (.xls)"),
    ("Book", "an Excel 5/95 workbook (.xls)"),
    ("PowerPoint Document", "a PowerPoint presentation (.ppt)"),
    ("__properties_version1.0", "an Outlook message (.msg)"),
    ("VisioDocument", "a Visio drawing (.vsd)"),
)


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: int
    start: int
    size: int


class _CompoundFile:
    """Just enough of MS-CFB to list the top-level entries and read a stream's head.

    Every sector number and chain is bounds- and cycle-checked, so a damaged or hostile
    file raises CorruptDocumentError instead of looping or reading out of range.
    """

    def __init__(self, data: bytes) -> None:
        if len(data) < _HEADER_SIZE or not data.startswith(_OLE_MAGIC):
            raise CorruptDocumentError("an OLE2 (.doc) file too short to hold its header")
        self.data = data
        (byte_order, sector_shift, mini_shift) = struct.unpack_from("<HHH", data, 0x1C)
        if byte_order != 0xFFFE or sector_shift not in (9, 12) or mini_shift != 6:
            raise CorruptDocumentError("the OLE2 (.doc) header is damaged")
        self.sector_size = 1 << sector_shift
        self.mini_cutoff = struct.unpack_from("<I", data, 0x38)[0]
        self.n_sectors = (len(data) - _HEADER_SIZE + self.sector_size - 1) // self.sector_size
        self.fat = self._read_fat()
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        self.directory = b"".join(self._sector(s) for s in self._chain(first_dir, self.fat))
        self.entries = self._read_entries()

    def _sector(self, n: int) -> bytes:
        if n >= self.n_sectors:
            raise CorruptDocumentError(f"the OLE2 (.doc) file points past its end (sector {n})")
        offset = _HEADER_SIZE + n * self.sector_size
        return self.data[offset : offset + self.sector_size].ljust(self.sector_size, b"\0")

    def _words(self, sector: bytes) -> tuple[int, ...]:
        return struct.unpack(f"<{len(sector) // 4}I", sector)

    def _read_fat(self) -> tuple[int, ...]:
        n_fat, _, _, _, _, _, first_difat, n_difat = struct.unpack_from("<8I", self.data, 0x2C)
        fat_sectors = list(struct.unpack_from("<109I", self.data, 0x4C))
        seen: set[int] = set()
        difat = first_difat
        for _ in range(min(n_difat, self.n_sectors)):
            if difat > _MAX_REGULAR_SECTOR or difat in seen:
                break
            seen.add(difat)
            words = self._words(self._sector(difat))
            fat_sectors.extend(words[:-1])
            difat = words[-1]
        fat_sectors = [s for s in fat_sectors if s <= _MAX_REGULAR_SECTOR][: max(n_fat, 1)]
        if not fat_sectors:
            raise CorruptDocumentError("the OLE2 (.doc) file has no allocation table")
        fat: list[int] = []
        for s in fat_sectors:
            fat.extend(self._words(self._sector(s)))
        return tuple(fat)

    def _chain(self, start: int, table: tuple[int, ...]) -> Iterator[int]:
        """The sector numbers of a chain in ``table`` (the FAT or the mini FAT)."""
        seen: set[int] = set()
        n = start
        while n <= _MAX_REGULAR_SECTOR:
            if n in seen or n >= len(table):
                raise CorruptDocumentError("the OLE2 (.doc) file has a broken sector chain")
            seen.add(n)
            yield n
            n = table[n]

    def _read_entries(self) -> list[_Entry]:
        raw = self.directory
        entries = []
        for off in range(0, len(raw) - _DIR_ENTRY_SIZE + 1, _DIR_ENTRY_SIZE):
            e = raw[off : off + _DIR_ENTRY_SIZE]
            name_len, kind = struct.unpack_from("<HB", e, 0x40)
            start, size = struct.unpack_from("<IQ", e, 0x74)
            if self.sector_size == 512:
                size &= 0xFFFFFFFF  # version 3: the high half may hold junk
            name = e[: max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            entries.append(_Entry(name, kind, start, size))
        if not entries or entries[0].kind != _ROOT:
            raise CorruptDocumentError("the OLE2 (.doc) directory has no root entry")
        return entries

    def top_level(self) -> dict[str, _Entry]:
        """The root storage's direct children by name (a red-black tree of siblings)."""
        found: dict[str, _Entry] = {}
        stack = [self._link(0, 0x4C)]
        seen: set[int] = set()
        while stack:
            i = stack.pop()
            if i == _NO_STREAM or i in seen:
                continue
            if i >= len(self.entries):
                raise CorruptDocumentError("the OLE2 (.doc) directory is damaged")
            seen.add(i)
            entry = self.entries[i]
            if entry.kind in (_STORAGE, _STREAM):
                found.setdefault(entry.name, entry)
            stack += [self._link(i, 0x44), self._link(i, 0x48)]
        return found

    def _link(self, index: int, field: int) -> int:
        value: int = struct.unpack_from("<I", self.directory, index * _DIR_ENTRY_SIZE + field)[0]
        return value

    def head(self, entry: _Entry, n: int) -> bytes:
        """The first ``n`` bytes of a stream (fewer if the stream is shorter)."""
        n = min(n, entry.size)
        out = bytearray()
        if entry.size >= self.mini_cutoff:
            for s in self._chain(entry.start, self.fat):
                out += self._sector(s)
                if len(out) >= n:
                    break
            return bytes(out[:n])
        # A small stream lives in the mini stream (64-byte sectors inside the root's chain).
        root = self.entries[0].start
        mini_stream = b"".join(self._sector(s) for s in self._chain(root, self.fat))
        first_minifat = struct.unpack_from("<I", self.data, 0x3C)[0]
        minifat = self._words(
            b"".join(self._sector(s) for s in self._chain(first_minifat, self.fat))
        )
        for s in self._chain(entry.start, minifat):
            out += mini_stream[s * 64 : s * 64 + 64]
            if len(out) >= n:
                break
        return bytes(out[:n])


def check_word_binary(data: bytes) -> None:
    """Raise unless ``data`` is an OLE2 file holding an unencrypted Word document.

    UnsupportedFormatError for another kind of OLE2 file, EncryptedDocumentError for a
    password-protected .doc or encrypted Office Open XML file, CorruptDocumentError for
    a compound file too damaged to list its streams.
    """
    try:
        cfb = _CompoundFile(data)
        streams = cfb.top_level()
    except struct.error as e:
        raise CorruptDocumentError(f"the OLE2 (.doc) structure is truncated: {e}") from e
    if "EncryptionInfo" in streams and "EncryptedPackage" in streams:
        raise EncryptedDocumentError("an encrypted, password-protected Office document")
    word = streams.get("WordDocument")
    if word is None or word.kind != _STREAM:
        for name, what in _OTHER_KINDS:
            if name in streams:
                raise UnsupportedFormatError(f"{what}, not a Word document")
        raise UnsupportedFormatError(
            "an OLE2 compound file with no WordDocument stream, so not a Word .doc"
        )
    try:
        fib = cfb.head(word, 12)
    except struct.error as e:
        raise CorruptDocumentError(f"the WordDocument stream is truncated: {e}") from e
    if len(fib) < 12:
        raise CorruptDocumentError("the WordDocument stream is too short for its header")
    # FibBase: wIdent, nFib, unused, lid, pnNext, then the flags word at offset 0x0A.
    ident, _, _, _, _, flags = struct.unpack_from("<6H", fib, 0)
    if ident not in _FIB_IDENTS:
        raise CorruptDocumentError(
            f"the WordDocument stream does not start with a Word header (0x{ident:04X})"
        )
    if flags & _FIB_ENCRYPTED:
        raise EncryptedDocumentError("the Word document is password-protected")


def check_odt(data: bytes) -> None:
    """Raise EncryptedDocumentError for a password-protected ODT (its manifest lists
    encryption data), CorruptDocumentError for an unreadable zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "META-INF/manifest.xml" not in zf.namelist():
                return
            # Bounded: a manifest is a few KiB, and a zip bomb must not be inflated here.
            with zf.open("META-INF/manifest.xml") as f:
                manifest = f.read(_MANIFEST_LIMIT)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        RuntimeError,
        NotImplementedError,
        EOFError,
    ) as e:
        raise CorruptDocumentError(f"the OpenDocument package is unreadable: {e}") from e
    if b"encryption-data" in manifest:
        raise EncryptedDocumentError("the OpenDocument file is password-protected")
