"""``OUT/.scrutiny/manifest.jsonl``: one JSON line per input, the record a rerun resumes from.

It lives in the hidden ``.scrutiny`` folder (with the run's lock file) so that a glob of
the outputs (``OUT/**/*.json*``) picks up data files only. A manifest left at the old
place, ``OUT/manifest.jsonl``, by an earlier version is moved there on the next run
(:func:`migrate_manifest`).

During a run each result is appended as one line and flushed at once, so ``kill -9``
loses at most the line being written; the file is fsynced at the end and on Ctrl-C.
An earlier run's entries stay, later lines win. At the end of a run the file is
*compacted*: rewritten (atomically, via a temporary file and ``os.replace``) with just
the latest line per input, sorted by path.

Reading is tolerant: a line that does not parse (the truncated tail a ``kill -9`` can
leave, or anything else) is ignored, and the input it was about is simply redone.

Fields (see :class:`ManifestEntry`): ``path``, ``sha256``, ``status``, ``error``,
``message``, ``warnings``, ``pages``, ``seconds``, ``version``, ``output``, ``finished``.

``skipped`` is the status a resumed run gives an input it leaves alone (in its progress
lines, summary and results), but no ``skipped`` line is written: that input keeps the
``ok`` line of the run that made its output, so after compaction every input has exactly
one line saying how its current output came to be.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from .._filenames import record_name
from .outputs import open_exclusive

__all__ = [
    "MANIFEST_NAME",
    "STATE_DIR",
    "ManifestEntry",
    "ManifestWriter",
    "Status",
    "compact_manifest",
    "lock_path",
    "manifest_path",
    "migrate_manifest",
    "read_manifest",
]

MANIFEST_NAME = "manifest.jsonl"
#: The hidden folder under ``--out`` holding the manifest and the lock: no outputs.
STATE_DIR = ".scrutiny"


def manifest_path(out_dir: Path) -> Path:
    """Where the manifest of ``out_dir`` lives: ``OUT/.scrutiny/manifest.jsonl``."""
    return out_dir / STATE_DIR / MANIFEST_NAME


def lock_path(out_dir: Path) -> Path:
    """The lock file held while a run writes to ``out_dir``."""
    return out_dir / STATE_DIR / "lock"


def migrate_manifest(out_dir: Path) -> bool:
    """Move a manifest from its old place (``OUT/manifest.jsonl``) to the new one.

    Only a file whose first line is a manifest entry is moved (with ``--flat`` an input
    named ``manifest`` would once have written its records there), and only when no
    manifest is at the new place. True when one was moved.
    """
    old, new = out_dir / MANIFEST_NAME, manifest_path(out_dir)
    if new.exists() or not old.is_file():
        return False
    with open(old, encoding="utf-8", errors="replace") as f:
        first = f.readline()
    if ManifestEntry.from_line(first) is None:
        return False
    new.parent.mkdir(parents=True, exist_ok=True)
    os.replace(old, new)
    return True


Status = Literal["ok", "failed", "skipped"]


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ManifestEntry:
    """One input's line.

    ``path`` is the input's path relative to the input root it was found under (POSIX
    separators): the key a rerun matches on. ``status`` is ``ok`` (output written),
    ``failed`` (``error`` is the exception's class name, or ``Timeout`` /
    ``WorkerDied`` / ``OutputPathError``; ``message`` the reason). ``warnings`` and
    ``pages`` come from the parse;
    ``seconds`` is the conversion's wall time in its worker; ``version`` the library
    version that made it; ``output`` the output's path relative to ``--out``.
    ``skipped`` is a run's status for an input it left alone, never written (see the
    module docstring), but read without complaint.
    """

    path: str
    sha256: str | None
    status: Status
    error: str | None = None
    message: str | None = None
    warnings: int | None = None
    pages: int | None = None
    seconds: float = 0.0
    version: str = ""
    output: str | None = None
    finished: str = ""

    def to_line(self) -> str:
        """The entry as one JSON line, newline included; any text that is not valid
        Unicode (a file name's undecodable bytes) is written as ``\\xNN``."""
        raw = {k: record_name(v) if isinstance(v, str) else v for k, v in asdict(self).items()}
        return json.dumps(raw, ensure_ascii=False) + "\n"

    @classmethod
    def from_line(cls, line: str) -> ManifestEntry | None:
        """Parse one line; None for anything that is not a well-formed entry."""
        try:
            raw: Any = json.loads(line)
        except ValueError:
            return None
        if not isinstance(raw, dict):
            return None
        names = {f.name for f in fields(cls)}
        if not isinstance(raw.get("path"), str) or raw.get("status") not in (
            "ok",
            "failed",
            "skipped",
        ):
            return None
        try:
            return cls(**{k: v for k, v in raw.items() if k in names})
        except TypeError:
            return None


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """The latest entry per input path; empty when the file does not exist."""
    latest: dict[str, ManifestEntry] = {}
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return latest
    # A symbolic link raises (ELOOP): the caller refuses to run on such an --out.
    with open(fd, encoding="utf-8", errors="replace") as f:
        for line in f:
            entry = ManifestEntry.from_line(line)
            if entry is not None:
                latest[entry.path] = entry
    return latest


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


class ManifestWriter:
    """Appends entries to the manifest, one flushed line each.

    If the file ends without a newline (a line cut off by ``kill -9``), a newline is
    written first so the next entry starts on a line of its own.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a symbolic link planted as manifest.jsonl is an error (ELOOP), not
        # a way to append to whatever it points at. Unbuffered bytes: each line goes to
        # the OS whole in one write(), and a failed write (a full disk) leaves nothing
        # behind in a buffer to be retried, half, at close.
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        self._fd: int | None = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o644)
        size = os.fstat(self._fd).st_size
        if size > 0:
            os.lseek(self._fd, size - 1, os.SEEK_SET)  # O_APPEND: writes still go last
            if os.read(self._fd, 1) != b"\n":
                os.write(self._fd, b"\n")

    def write(self, entry: ManifestEntry) -> None:
        """Append ``entry`` (it survives the process being killed). A write the disk
        cannot take raises OSError; any part of the line that made it is a torn line,
        which reading ignores."""
        assert self._fd is not None, "write after close"
        data = entry.to_line().encode("utf-8")
        while data:
            written = os.write(self._fd, data)
            data = data[written:]

    def sync(self) -> None:
        """fsync (it survives the machine going down)."""
        if self._fd is not None:
            os.fsync(self._fd)

    def close(self) -> None:
        """Sync and close; safe to call twice, and after a failed write."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def compact_manifest(path: Path) -> int:
    """Rewrite the manifest with the latest entry per input, sorted; the entry count.

    Written to a temporary file in the same folder, fsynced, then ``os.replace``: a crash
    leaves the old manifest or the new one.
    """
    entries = read_manifest(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open_exclusive(tmp) as f:
            for key in sorted(entries):
                f.write(entries[key].to_line().encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        # A full disk (or anything else) mid-rewrite: the old manifest stays as it was.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return len(entries)
