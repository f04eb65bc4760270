"""Converting an archive: plan the inputs, skip what is done, run the rest, keep the record.

:class:`ArchiveConverter` is what ``scrutiny-parse convert`` runs. Its steps:

1. ``plan_inputs`` (:mod:`.plan`): every input file (folders walked), its manifest key
   (path relative to its input root) and its output path, checked to stay inside
   ``--out``. Two inputs that would write the same output are a usage error, found
   before any work starts.
2. For each input, lazily, as a worker becomes free: hash it (sha256, read once, in
   this process: a few ms per MB, far below a parse), and skip it when the manifest's
   latest entry for it is ``ok`` with the same sha256, the same library version and the
   same output, and that output exists (``force`` redoes all).
3. Run the rest on a :class:`~scrutiny_parse.batch.pool.WorkerPool` (or a dask cluster,
   :mod:`~scrutiny_parse.batch.dask_runner`; both :mod:`.runners`); each result is
   appended to the manifest as it arrives, counted in the :mod:`.summary` and handed to
   the observer (the CLI's progress display).
4. At the end, or on Ctrl-C: fsync and compact the manifest. The run holds the
   ``--out`` folder's lock throughout (:mod:`.outdir`).
5. When asked (``records``), after a complete run: write one records file for every
   input the manifest says is ``ok``, converted now or before
   (:mod:`~scrutiny_parse.batch.records`).

It never prints: what to show is the observer's business (a library never configures
logging or writes to the terminal).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from .._filenames import record_name
from .._version import __version__
from ..limits import DEFAULT_LIMITS, Limits
from ..readers.pdf_choice import DEFAULT_PDF_BACKEND, PdfBackend, check_backend
from .manifest import (
    ManifestEntry,
    ManifestWriter,
    compact_manifest,
    lock_path,
    manifest_path,
    migrate_manifest,
    now_iso,
    read_manifest,
)
from .outdir import exclusive, os_reason, unlink_if_link
from .plan import BatchUsageError, PlannedInput, plan_inputs, sha256_file
from .runners import make_runner
from .summary import CONVERTER_ERROR, BatchObserver, BatchSummary
from .worker import Outcome, Task, TestHooks, default_max_memory

__all__ = ["ArchiveConverter"]


class ArchiveConverter:
    """Convert many files to JSON under ``out_dir``, resumably (see the module docstring).

    ``jobs`` worker processes (default: the CPU count) convert one file each at a time;
    one that takes longer than ``timeout`` seconds is killed, and each is capped at
    ``max_memory`` bytes of address space (default: sized to the machine and ``jobs``;
    ``0``: no cap), so one file cannot bring the kernel's OOM killer onto the run. With
    ``dask_address`` the work goes to that dask.distributed scheduler instead.
    """

    def __init__(
        self,
        inputs: Sequence[Path],
        out_dir: Path,
        *,
        jobs: int | None = None,
        timeout: float | None = 120.0,
        flat: bool = False,
        force: bool = False,
        dask_address: str | None = None,
        limits: Limits | None = None,
        pdf_backend: PdfBackend = DEFAULT_PDF_BACKEND,
        max_memory: int | None = None,
        observer: BatchObserver | None = None,
        hooks: TestHooks | None = None,
        records: Path | None = None,
    ) -> None:
        self.inputs = list(inputs)
        self.out_dir = out_dir
        self.jobs = jobs if jobs is not None else os.cpu_count() or 1
        if self.jobs < 1:
            raise BatchUsageError(f"--jobs must be at least 1, not {self.jobs}")
        if timeout is not None and timeout <= 0:
            raise BatchUsageError(f"--timeout must be a positive number of seconds, not {timeout}")
        self.timeout = timeout
        self.flat = flat
        self.force = force
        self.dask_address = dask_address
        self.limits = limits or DEFAULT_LIMITS
        self.pdf_backend = check_backend(pdf_backend)
        if max_memory is not None and max_memory < 0:
            raise BatchUsageError(f"--max-memory must be 0 (no cap) or more, not {max_memory}")
        # Bytes of address space per worker (RLIMIT_AS); None: sized to the machine and
        # --jobs; 0: no cap.
        self.max_memory = (
            default_max_memory(self.jobs) if max_memory is None else max_memory or None
        )
        self.observer = observer
        self.hooks = hooks if hooks is not None else TestHooks.from_environ()
        self.manifest_path = manifest_path(out_dir)
        self.records = records
        if records is not None:
            from .records import check_records_path

            check_records_path(records)
        self.summary = BatchSummary(manifest=self.manifest_path)
        self._hashes: dict[int, str | None] = {}

    def run(self) -> BatchSummary:
        """Convert everything not already done; the counts. Ctrl-C propagates after cleanup.

        A write the disk refuses in this process (the manifest: a full disk, say) ends
        the run early but in order: workers stopped, the manifest keeps every line
        written so far, ``summary.stopped`` says why, and the observer still gets the
        summary.
        """
        start = time.perf_counter()
        ignored: list[Path] = []
        suffix = ".jsonl" if self.flat else ".json"
        planned = plan_inputs(self.inputs, self.out_dir, suffix, ignored)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise BatchUsageError(f"cannot create --out {self.out_dir}: {e.strerror}") from e
        summary = self.summary
        summary.total = len(planned)
        summary.ignored = len(ignored)
        _clean_converter_leftovers()
        with exclusive(lock_path(self.out_dir)):
            migrate_manifest(self.out_dir)
            # A link planted as the manifest is removed, not followed: the run starts a
            # fresh manifest (redoing everything), and writes nothing outside --out.
            unlink_if_link(self.manifest_path)
            try:
                previous = {} if self.force else read_manifest(self.manifest_path)
                # Before any output: a dask scheduler may be unreachable.
                runner = make_runner(self.jobs, self.timeout, self.dask_address)
                writer = ManifestWriter(self.manifest_path)
            except OSError as e:
                raise BatchUsageError(f"cannot use {self.manifest_path}: {os_reason(e)}") from e
            if self.observer:
                self.observer.started(summary)
            completed = False
            try:
                tasks = self._tasks(planned, previous, writer)
                for outcome in runner.imap_unordered(tasks):
                    self._record(writer, planned[outcome.index], outcome)
                completed = True
            except _StopRun as e:
                summary.stopped = str(e)
            except KeyboardInterrupt:
                summary.interrupted = True
                raise
            finally:
                runner.close(graceful=completed)
                self._finish(writer)
                if completed and self.records is not None:
                    self._write_records(self.records)
                summary.seconds = time.perf_counter() - start
                if self.observer:
                    self.observer.finished(summary)
        return summary

    def _finish(self, writer: ManifestWriter) -> None:
        """Close and compact the manifest; a failure here is reported, never raised
        (the lines already written are the record, and compaction is all-or-nothing)."""
        try:
            writer.close()
        except OSError as e:
            self.summary.stopped = self.summary.stopped or f"{os_reason(e)} (syncing the manifest)"
        try:
            compact_manifest(self.manifest_path)
        except OSError as e:
            note = f"the manifest was not compacted ({os_reason(e)}); it is complete as it is"
            self.summary.stopped = (
                f"{self.summary.stopped}; {note}" if self.summary.stopped else note
            )

    def _write_records(self, target: Path) -> None:
        """The records file for everything the manifest says is ``ok`` (the whole
        archive, not just this run's inputs)."""
        from .records import write_records

        entries = read_manifest(self.manifest_path)
        self.summary.records = target
        self.summary.record_rows = write_records(target, entries, self.out_dir)

    def _is_done(self, item: PlannedInput, sha: str | None, prev: ManifestEntry | None) -> bool:
        """Whether ``item`` has a current output: the resume rule."""
        return (
            prev is not None
            and prev.status == "ok"
            and sha is not None
            and prev.sha256 == sha
            and prev.version == __version__
            and item.output is not None
            and prev.output == self._relative_output(item.output)
            and item.output.is_file()
        )

    def _relative_output(self, target: Path) -> str:
        """The manifest's ``output``: relative to ``--out``, escaped like the key."""
        return record_name(target.relative_to(self.out_dir).as_posix())

    def _tasks(
        self,
        planned: list[PlannedInput],
        previous: dict[str, ManifestEntry],
        writer: ManifestWriter,
    ) -> Iterator[Task]:
        """Tasks for the inputs not done yet; records the skipped and unplaceable ones."""
        for index, item in enumerate(planned):
            if item.output is None:
                outcome = Outcome(
                    index=index, ok=False, seconds=0.0, error=item.error,
                    message=item.problem or "the output would leave --out",
                )  # fmt: skip
                self._record(writer, item, outcome)
                continue
            sha = sha256_file(item.path)
            self._hashes[index] = sha
            prev = previous.get(item.key)
            if not self.force and self._is_done(item, sha, prev):
                assert prev is not None
                self.summary.skipped += 1
                if prev.warnings:
                    self.summary.warnings[item.key] = prev.warnings
                if self.observer:
                    skipped = replace(prev, status="skipped")
                    self.observer.file_done(skipped, None, self.summary)
                continue
            yield Task(
                index=index,
                name=item.key,
                path=os.path.abspath(item.path),
                output=os.path.abspath(item.output),
                out_root=os.path.abspath(self.out_dir),
                flat=self.flat,
                limits=self.limits,
                pdf_backend=self.pdf_backend,
                max_memory=self.max_memory,
                hooks=self.hooks,
            )

    def _record(self, writer: ManifestWriter, item: PlannedInput, outcome: Outcome) -> None:
        summary = self.summary
        if outcome.ok:
            summary.converted += 1
            if outcome.warnings:
                summary.warnings[item.key] = outcome.warnings
        else:
            summary.failed += 1
            summary.failures[(outcome.error or "Error", outcome.message or "")] += 1
            if outcome.error == CONVERTER_ERROR:
                summary.needs_converter.append(item.key)
        entry = ManifestEntry(
            path=item.key,
            sha256=outcome.sha256 or self._hashes.get(outcome.index),
            status="ok" if outcome.ok else "failed",
            error=outcome.error,
            message=outcome.message,
            warnings=outcome.warnings,
            pages=outcome.pages,
            seconds=round(outcome.seconds, 4),
            version=__version__,
            output=self._relative_output(item.output) if item.output and outcome.ok else None,
            finished=now_iso(),
        )
        try:
            writer.write(entry)
        except OSError as e:
            raise _StopRun(
                f"{os_reason(e)} writing {self.manifest_path}; every result recorded before "
                "this one is in it: free some space and rerun to finish"
            ) from e
        if self.observer:
            self.observer.file_done(entry, outcome, summary)


def _clean_converter_leftovers() -> None:
    """LibreOffice processes and temporary directories a killed earlier run left
    behind (``kill -9`` on the whole batch): removed before this one starts."""
    from ..readers.legacy.libreoffice import clean_stale

    clean_stale()


class _StopRun(Exception):
    """The run cannot go on (its manifest cannot be written); the message says why."""
