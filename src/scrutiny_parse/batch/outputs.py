"""Where inputs are found and where their outputs go.

Every output lands under the ``--out`` folder at the input's path relative to the root it
was found under, with ``.json`` (or ``.jsonl``) appended: ``ARCHIVE/2020/x.docx`` ->
``OUT/2020/x.docx.json``. Keeping the input's own extension means ``x.pdf`` and
``x.docx`` side by side do not overwrite each other.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..model import ProgressUpdate

__all__ = [
    "INPUT_SUFFIXES",
    "iter_inputs",
    "open_exclusive",
    "output_path",
    "temp_path",
    "to_json",
    "to_jsonl",
    "write_atomic",
]

#: Files picked up when a folder is given; a file named explicitly is read whatever its name.
INPUT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt"})


def iter_inputs(
    inputs: Sequence[Path],
    unreadable: list[tuple[Path, Path, str]] | None = None,
    ignored: list[Path] | None = None,
) -> Iterator[tuple[Path, Path]]:
    """(file, path relative to its input root) for every input file, folders recursively.

    Folders are walked without following symbolic links to folders (a link loop, or a
    link to ``/``, must not turn a batch into a crawl); a symbolic link to a *file* is read
    like the file. Names are sorted so runs are reproducible. A folder that cannot be
    listed (no permission, gone mid-walk), or an input name that is a link to nothing,
    is not skipped in silence: it is appended to ``unreadable`` as (path, path relative
    to its root, reason), for the batch to record as a failure. Files in the folders
    whose extension is not one of :data:`INPUT_SUFFIXES` are appended to ``ignored``.
    """
    for root in inputs:
        if root.is_dir():
            found: list[Path] = []

            def note(error: OSError, root: Path = root) -> None:
                if unreadable is not None and error.filename is not None:
                    folder = Path(os.fsdecode(error.filename))
                    reason = error.strerror or str(error)
                    unreadable.append((folder, _relative(folder, root), reason))

            for dirpath, dirnames, filenames in os.walk(root, onerror=note, followlinks=False):
                dirnames.sort()
                base = Path(dirpath)
                for name in filenames:
                    path = base / name
                    if path.suffix.lower() not in INPUT_SUFFIXES:
                        if ignored is not None and path.is_file():
                            ignored.append(path)
                        continue
                    if path.is_file():
                        found.append(path)
                    elif path.is_symlink() and not path.exists() and unreadable is not None:
                        # A link to nothing: an input that is named but cannot be read.
                        unreadable.append((path, path.relative_to(root), "a broken link"))
            for path in sorted(found):
                yield path, path.relative_to(root)
        else:
            yield root, Path(root.name)


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return Path(path.name)


def output_path(out_dir: Path, relative: Path, suffix: str) -> Path:
    """Mirror ``relative`` under ``out_dir``: ``a/b.docx`` -> ``OUT/a/b.docx.json``.

    ``..``, ``.`` and a leading ``/`` are dropped from ``relative``, and the resolved
    result (symbolic links followed, including links already inside ``out_dir``) must lie
    inside ``out_dir``; :class:`ValueError` otherwise. So whatever the input names, an
    output never leaves ``out_dir``.
    """
    parts = [p for p in relative.parts if p not in ("", ".", "..", relative.anchor)]
    target = out_dir.joinpath(*parts[:-1], parts[-1] + suffix) if parts else out_dir / suffix
    resolved_out = out_dir.resolve()
    if resolved_out not in target.resolve().parents:
        raise ValueError(f"output for {relative} would leave {out_dir}")
    return target


def temp_path(path: Path) -> Path:
    """The temporary name :func:`write_atomic` writes ``path`` under first.

    The name is fixed (not random) on purpose: a run killed mid-write leaves at most one
    ``.NAME.tmp`` per output, and the rerun that redoes the file overwrites and renames
    it, so leftovers do not pile up. It assumes one writer per output at a time, which the
    batch guarantees (distinct outputs per run, one run per ``--out`` at a time).
    """
    return path.with_name(f".{path.name}.tmp")


def write_atomic(path: Path, text: str, root: Path | None = None) -> None:
    """Write via a temporary file in the same folder and ``os.replace``.

    A reader (or a run interrupted by ``kill -9``) sees the old file or the new one, never
    half of one: ``os.replace`` within one folder is atomic on POSIX and Windows.

    Nothing is written through a symbolic link: a leftover temporary name is unlinked
    (which removes a link, not its target) and created afresh with ``O_EXCL |
    O_NOFOLLOW``, and ``os.replace`` replaces a link at ``path`` rather than following
    it. With ``root`` (the ``--out`` folder) the folder is checked, once created, to
    still resolve inside it, so a link planted in ``--out`` after planning cannot take
    the output elsewhere.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if root is not None:
        real_root = os.path.realpath(root)
        real_parent = os.path.realpath(path.parent)
        if os.path.commonpath([real_root, real_parent]) != real_root:
            raise OSError(f"{path.parent} now leads outside {root} (a symbolic link?)")
    tmp = temp_path(path)
    try:
        with open_exclusive(tmp) as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def open_exclusive(path: Path) -> BinaryIO:
    """A new file at ``path`` for writing, never through a symbolic link: whatever is
    at ``path`` (a stale temporary file, a planted link) is unlinked first."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o644)
    return os.fdopen(fd, "wb")


def to_json(update: ProgressUpdate) -> str:
    """The full JSON document for one update (what ``convert`` writes by default)."""
    return update.model_dump_json(indent=2) + "\n"


def to_jsonl(update: ProgressUpdate, file: str | None = None) -> str:
    """One JSON line per flat record (``convert --flat``), each with a ``file`` key first:
    ``file`` (default: the update's file name; the batch gives the input's path)."""
    name = update.source.file_name if file is None else file
    return "".join(
        json.dumps({"file": name, **r}, ensure_ascii=False) + "\n" for r in update.to_records()
    )
