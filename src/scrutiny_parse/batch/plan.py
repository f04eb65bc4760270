"""Planning a run: every input file, its manifest key and its output path, before any work.

Bad inputs, options or ``--out`` are found here (:class:`BatchUsageError`), and each
input's sha256 is what the resume rule compares.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .._filenames import record_name
from .manifest import STATE_DIR
from .outputs import iter_inputs, output_path

__all__ = [
    "OUTPUT_PATH_ERROR",
    "UNREADABLE_ERROR",
    "BatchUsageError",
    "PlannedInput",
    "plan_inputs",
    "sha256_file",
]

#: Error class recorded for an input whose output would leave ``--out``.
OUTPUT_PATH_ERROR = "OutputPathError"
#: Error class recorded for a folder that could not be listed.
UNREADABLE_ERROR = "UnreadableInput"


class BatchUsageError(ValueError):
    """The batch cannot start as asked (the CLI exits 2): bad inputs, options or ``--out``."""


@dataclass(frozen=True)
class PlannedInput:
    """One input file: where it is, its manifest key and where its output goes.

    ``output`` is None when the output would leave ``--out``, or the input is a folder
    that could not be listed (``problem`` says why, ``error`` is the class recorded): the
    input is recorded as failed without being read. ``key`` is the relative path with
    any undecodable bytes of the name as ``\\xNN`` (see :mod:`scrutiny_parse._filenames`).
    """

    path: Path
    key: str
    output: Path | None
    problem: str | None = None
    error: str = OUTPUT_PATH_ERROR


def plan_inputs(
    inputs: Sequence[Path], out_dir: Path, suffix: str, ignored: list[Path] | None = None
) -> list[PlannedInput]:
    """Every input file under ``inputs`` with its key and output, in a stable order.

    Files in the input folders that are not read for their extension go to ``ignored``.
    """
    for p in inputs:
        if not p.exists():
            raise BatchUsageError(f"no such file or folder: {p}")
    if out_dir.exists() and not out_dir.is_dir():
        raise BatchUsageError(f"--out {out_dir} exists and is not a folder")
    state = (out_dir / STATE_DIR).resolve()
    planned: list[PlannedInput] = []
    by_output: dict[str, PlannedInput] = {}
    seen: set[tuple[str, str]] = set()
    unreadable: list[tuple[Path, Path, str]] = []
    for path, rel in iter_inputs(inputs, unreadable, ignored):
        key = record_name(rel.as_posix())
        ident = (key, os.path.realpath(path))
        if ident in seen:  # the same file named twice: once is enough
            continue
        seen.add(ident)
        try:
            target: Path | None = output_path(out_dir, rel, suffix)
            problem = None
        except ValueError as e:
            target, problem = None, str(e)
        if target is not None:
            name = os.path.normcase(os.path.abspath(target))
            if state in target.resolve().parents:
                raise BatchUsageError(
                    f"{path}: its output {target} would be inside {STATE_DIR}/, which holds "
                    "the manifest"
                )
            if name in by_output:
                raise BatchUsageError(
                    f"{by_output[name].path} and {path} would both write {target}; "
                    "convert them to separate --out folders"
                )
        item = PlannedInput(path, key, target, problem)
        if target is not None:
            by_output[os.path.normcase(os.path.abspath(target))] = item
        planned.append(item)
    for where, rel, reason in unreadable:
        if where.is_symlink():
            key, problem = record_name(rel.as_posix()), f"the input cannot be read ({reason})"
        else:
            key = record_name(rel.as_posix()) + "/"
            problem = f"the folder cannot be read ({reason}): its files were not converted"
        planned.append(PlannedInput(where, key, None, problem, UNREADABLE_ERROR))
    return planned


def sha256_file(path: Path) -> str | None:
    """The file's sha256 (hex), read in 1 MiB blocks; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
