"""Where inputs are found and where their outputs go.

Every output lands under the ``--out`` folder at the input's path relative to the root it
was found under, with ``.json`` (or ``.jsonl``) appended: ``ARCHIVE/2020/x.docx`` ->
``OUT/2020/x.docx.json``. Keeping the input's own extension means ``x.pdf`` and
``x.docx`` side by side do not overwrite each other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..model import ProgressUpdate

__all__ = [
    "INPUT_SUFFIXES",
    "iter_inputs",
    "output_path",
    "temp_path",
    "to_json",
    "to_jsonl",
    "write_atomic",
]

#: Files picked up when a folder is given; a file named explicitly is read whatever its name.
INPUT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt"})


def iter_inputs(
    inputs: Sequence[Path], ignored: list[Path] | None = None
) -> Iterator[tuple[Path, Path]]:
    """(file, path relative to its input root) for every input file, folders recursively.

    Folders are walked without following symbolic links to folders (a link loop, or a
    link to ``/``, must not turn a batch into a crawl); a symbolic link to a *file* is read
    like the file. Names are sorted so runs are reproducible. Files in the folders whose
    extension is not one of :data:`INPUT_SUFFIXES` are appended to ``ignored`` if given.
    """
    for root in inputs:
        if root.is_dir():
            found: list[Path] = []
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                base = Path(dirpath)
                for name in filenames:
                    path = base / name
                    if path.suffix.lower() in INPUT_SUFFIXES and path.is_file():
                        found.append(path)
                    elif ignored is not None and path.is_file():
                        ignored.append(path)
            for path in sorted(found):
                yield path, path.relative_to(root)
        else:
            yield root, Path(root.name)


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


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and ``os.replace``.

    A reader (or a run interrupted by ``kill -9``) sees the old file or the new one, never
    half of one: ``os.replace`` within one folder is atomic on POSIX and Windows.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
