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
    plan         the inputs, their manifest keys and outputs, checked before any work
    runners      the executor: the local pool or a dask cluster
    outdir       the --out folder's lock; links never followed
    summary      the counts of a run and the observer told as it goes
    engine       plan, resume, run, record
    many         load_many()
    progress     the CLI's progress line / log lines and summary table
    records      the --records file: CSV, JSONL (and sqlite_records: SQLite)
"""

from __future__ import annotations

from .engine import ArchiveConverter
from .manifest import MANIFEST_NAME, ManifestEntry, compact_manifest, read_manifest
from .many import BatchResult, FailureInfo, load_many
from .outputs import INPUT_SUFFIXES, iter_inputs, output_path, write_atomic
from .plan import BatchUsageError
from .pool import WorkerPool
from .summary import BatchObserver, BatchSummary

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
