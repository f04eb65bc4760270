"""Batch conversion: many files, in parallel worker processes, resumable and observable.

Two ways in:

- :func:`load_many` (Python): one :class:`BatchResult` per source, a status instead of an
  exception, workers killed on a timeout and replaced when they die.
- :class:`ArchiveConverter` (what ``scrutiny-parse convert`` runs): JSON outputs under an
  ``--out`` folder plus ``.scrutiny/manifest.jsonl``, from which a rerun skips what is
  done, and optionally one records file for the archive.

Modules, each small and single-purpose:

    outputs      finding inputs, naming outputs inside --out, atomic writes
    worker       what a worker process runs; the test hooks
    pool         the local supervisor: processes, deadlines, replacements
    dask_runner  the same tasks on a dask.distributed cluster
    manifest     manifest.jsonl: append, read tolerantly, compact
    engine       plan, resume, run, record
    many         load_many()
    progress     the CLI's progress line / log lines and summary table
    records      the --records file: CSV, JSONL (and sqlite_records: SQLite)
"""

from __future__ import annotations

from .engine import ArchiveConverter, BatchObserver, BatchSummary, BatchUsageError
from .manifest import MANIFEST_NAME, ManifestEntry, compact_manifest, read_manifest
from .many import BatchResult, FailureInfo, load_many
from .outputs import INPUT_SUFFIXES, iter_inputs, output_path, write_atomic
from .pool import WorkerPool

__all__ = [
    "INPUT_SUFFIXES",
    "MANIFEST_NAME",
    "ArchiveConverter",
    "BatchObserver",
    "BatchResult",
    "BatchSummary",
    "BatchUsageError",
    "FailureInfo",
    "ManifestEntry",
    "WorkerPool",
    "compact_manifest",
    "iter_inputs",
    "load_many",
    "output_path",
    "read_manifest",
    "write_atomic",
]
