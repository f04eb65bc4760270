"""Keeping a run safe in its ``--out`` folder: one run at a time, links never followed.

Also how an OS error is worded for people ("the disk is full"), for the messages of both.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from .plan import BatchUsageError

__all__ = ["exclusive", "os_reason", "unlink_if_link"]


def unlink_if_link(path: Path) -> None:
    """Remove ``path`` if it is a symbolic link (the link, never its target)."""
    if path.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def os_reason(e: OSError) -> str:
    """``No space left on device`` rather than ``[Errno 28] No space left on device: 'x'``."""
    if e.errno == errno.ENOSPC:
        return "the disk is full"
    if e.errno == errno.ELOOP:
        return "it is a symbolic link, which is never written through"
    return e.strerror or str(e)


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an advisory lock on ``lock_path``: one run per ``--out`` folder at a time.

    Opened without truncating and without following a symbolic link (``O_NOFOLLOW``):
    a link planted as the lock file must not let the run empty or write its target.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    unlink_if_link(lock_path)
    try:
        fd = os.open(lock_path, flags, 0o644)
    except OSError as e:
        raise BatchUsageError(f"cannot open the lock file {lock_path}: {os_reason(e)}") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise BatchUsageError(
                f"another scrutiny-parse convert is writing to {lock_path.parent}"
            ) from e
        yield
    finally:
        os.close(fd)
