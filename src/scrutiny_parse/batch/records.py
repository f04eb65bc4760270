"""One records file for a whole archive: ``convert ... --records FILE``.

The file describes every input the manifest says is ``ok`` (converted in this run or
in an earlier one), read back from its output under ``--out``: a resumed run that
skipped everything still writes the whole archive. Its format is told by the
extension:

``.csv``
    one row per record (:data:`~scrutiny_parse.rows.ROW_KEYS`), UTF-8 with a byte-order
    mark so Excel reads it as UTF-8; ``people`` joined with ``"; "``.
``.jsonl``
    one JSON object per row, ``people`` as a list.
``.db`` / ``.sqlite`` / ``.sqlite3``
    a SQLite database for Datasette (:mod:`~scrutiny_parse.batch.sqlite_records`),
    updated in place: a rerun replaces what changed and never duplicates.

CSV and JSONL are rewritten whole, through a temporary file and ``os.replace``, so a
reader never sees half of one. ``file`` is the input's manifest key (its path relative
to the folder it was found under), unique across the archive.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..model import ProgressUpdate
from ..rows import ROW_KEYS, rows_from_records, update_rows
from .manifest import ManifestEntry
from .outputs import temp_path

__all__ = [
    "RECORDS_FORMATS",
    "ReadBack",
    "check_records_path",
    "read_back",
    "records_format",
    "write_records",
]

#: Extension -> format of a records file.
RECORDS_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
}


def records_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``sqlite`` from ``path``'s extension; ValueError otherwise."""
    fmt = RECORDS_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RECORDS_FORMATS))
        raise ValueError(f"--records {path}: the extension must be one of {known}")
    return fmt


def check_records_path(path: Path) -> None:
    """Fail before any work when ``path`` cannot be written as asked: an unknown
    extension or a folder (:class:`~scrutiny_parse.batch.plan.BatchUsageError`), or
    SQLite without the ``sqlite`` extra (:class:`MissingDependencyError`)."""
    from .plan import BatchUsageError

    try:
        fmt = records_format(path)
    except ValueError as e:
        raise BatchUsageError(str(e)) from None
    if path.is_dir():
        raise BatchUsageError(f"--records {path} is a folder, not a file")
    if fmt == "sqlite":
        try:
            import sqlite_utils  # noqa: F401
        except ImportError as e:
            raise MissingDependencyError.for_extra(
                "--records FILE.db", "sqlite-utils", "sqlite"
            ) from e


@dataclass(frozen=True)
class ReadBack:
    """One ``ok`` input as read back from its output: its rows, and the update itself
    when the output is the full JSON (a ``--flat`` output holds only records)."""

    entry: ManifestEntry
    rows: list[dict[str, Any]]
    update: ProgressUpdate | None


def read_back(entry: ManifestEntry, out_dir: Path) -> ReadBack | None:
    """The data of one ``ok`` manifest entry; None when its output is gone or unreadable
    (the next run redoes such an input: its output is missing)."""
    if entry.output is None:
        return None
    path = out_dir / entry.output
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        if path.suffix == ".jsonl":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            rows = rows_from_records(records, file=entry.path, sha256=entry.sha256)
            return ReadBack(entry, rows, None)
        update = ProgressUpdate.model_validate_json(text)
    except ValueError:  # json's and pydantic's errors both
        return None
    return ReadBack(entry, update_rows(update, file=entry.path), update)


def _ok_entries(entries: Mapping[str, ManifestEntry]) -> list[ManifestEntry]:
    return [entries[k] for k in sorted(entries) if entries[k].status == "ok"]


def _read_all(entries: Mapping[str, ManifestEntry], out_dir: Path) -> Iterator[ReadBack]:
    for entry in _ok_entries(entries):
        found = read_back(entry, out_dir)
        if found is not None:
            yield found


def write_records(target: Path, entries: Mapping[str, ManifestEntry], out_dir: Path) -> int:
    """Write the records file for ``entries`` (the compacted manifest); the row count."""
    fmt = records_format(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "sqlite":
        from .sqlite_records import write_sqlite

        return write_sqlite(target, entries, out_dir)
    tmp = temp_path(target)
    count = 0
    try:
        if fmt == "csv":
            # utf-8-sig: the BOM tells Excel the file is UTF-8 (names with accents).
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(ROW_KEYS))
                writer.writeheader()
                for found in _read_all(entries, out_dir):
                    for row in found.rows:
                        writer.writerow({**row, "people": "; ".join(row["people"])})
                        count += 1
        else:
            with open(tmp, "w", encoding="utf-8") as f:
                for found in _read_all(entries, out_dir):
                    for row in found.rows:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
                        count += 1
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
