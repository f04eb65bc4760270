"""Converting an archive: plan the inputs, skip what is done, run the rest, keep the record.

:class:`ArchiveConverter` is what ``scrutiny-parse convert`` runs. Its steps:

1. ``plan_inputs``: every input file (folders walked), its manifest key (path relative to
   its input root) and its output path, checked to stay inside ``--out``. Two inputs
   that would write the same output are a usage error, found before any work starts.
2. For each input, lazily, as a worker becomes free: hash it (sha256, read once, in
   this process: a few ms per MB, far below a parse), and skip it when the manifest's
   latest entry for it is ``ok`` with the same sha256, the same library version and the
   same output, and that output exists (``force`` redoes all).
3. Run the rest on a :class:`~scrutiny_parse.batch.pool.WorkerPool` (or a dask cluster,
   :mod:`~scrutiny_parse.batch.dask_runner`); each result is appended to the manifest as
   it arrives and handed to the observer (the CLI's progress display).
4. At the end, or on Ctrl-C: fsync and compact the manifest.
5. When asked (``records``), after a complete run: write one records file for every
   input the manifest says is ``ok``, converted now or before
   (:mod:`~scrutiny_parse.batch.records`).

It never prints: what to show is the observer's business (a library never configures
logging or writes to the terminal).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from .._filenames import record_name
from .._version import __version__
from ..limits import DEFAULT_LIMITS, Limits
from ..readers.pdf_choice import DEFAULT_PDF_BACKEND, PdfBackend, check_backend
from .manifest import (
    STATE_DIR,
    ManifestEntry,
    ManifestWriter,
    compact_manifest,
    lock_path,
    manifest_path,
    migrate_manifest,
    now_iso,
    read_manifest,
)
from .outputs import iter_inputs, output_path
from .pool import WorkerPool
from .worker import Outcome, Task, TestHooks, default_max_memory

__all__ = [
    "CONVERTER_ERROR",
    "OUTPUT_PATH_ERROR",
    "UNREADABLE_ERROR",
    "ArchiveConverter",
    "BatchObserver",
    "BatchSummary",
    "BatchUsageError",
    "PlannedInput",
    "Runner",
    "plan_inputs",
    "sha256_file",
]

#: Error class recorded for an input whose output would leave ``--out``.
OUTPUT_PATH_ERROR = "OutputPathError"
#: Error class recorded for a folder that could not be listed.
UNREADABLE_ERROR = "UnreadableInput"
#: Error class of an input that needs a converter this machine lacks (LibreOffice).
CONVERTER_ERROR = "ConverterUnavailableError"


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


@dataclass
class BatchSummary:
    """Counts for one run; ``failures`` counts (error class, reason) pairs.

    ``warnings`` counts parse warnings per input that is ``ok`` after the run (converted
    now, or skipped: then from its manifest line); ``ignored`` counts files in the input
    folders not read for their extension; ``needs_converter`` lists the inputs that
    failed only because LibreOffice is missing; ``records`` and ``record_rows`` say
    what the records file got.
    """

    manifest: Path
    total: int = 0
    converted: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    #: Why the run stopped before the end (a write the disk refused), else None.
    stopped: str | None = None
    failures: Counter[tuple[str, str]] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    ignored: int = 0
    needs_converter: list[str] = field(default_factory=list)
    records: Path | None = None
    record_rows: int = 0

    @property
    def done(self) -> int:
        """Inputs finished this run, whatever the outcome."""
        return self.converted + self.failed + self.skipped


class BatchObserver(Protocol):
    """What the engine tells as it goes (the CLI's progress display implements it)."""

    def started(self, summary: BatchSummary) -> None:
        """Inputs are planned; ``summary.total`` is known."""

    def file_done(
        self, entry: ManifestEntry, outcome: Outcome | None, summary: BatchSummary
    ) -> None:
        """One input finished (``outcome`` is None for a skipped input)."""

    def finished(self, summary: BatchSummary) -> None:
        """The run is over (also after Ctrl-C, with ``summary.interrupted``)."""


class Runner(Protocol):
    """Something that turns tasks into outcomes: the local pool or a dask cluster."""

    def imap_unordered(self, tasks: Iterator[Task]) -> Iterator[Outcome]:
        """One outcome per task, in any order."""
        ...

    def close(self, graceful: bool = True) -> None:
        """Stop; ``graceful=False`` (after an error or Ctrl-C) kills work in progress."""


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
        with _exclusive(lock_path(self.out_dir)):
            migrate_manifest(self.out_dir)
            # A link planted as the manifest is removed, not followed: the run starts a
            # fresh manifest (redoing everything), and writes nothing outside --out.
            _unlink_if_link(self.manifest_path)
            try:
                previous = {} if self.force else read_manifest(self.manifest_path)
                runner = self._runner()  # before any output: a dask scheduler may be unreachable
                writer = ManifestWriter(self.manifest_path)
            except OSError as e:
                raise BatchUsageError(f"cannot use {self.manifest_path}: {_reason(e)}") from e
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
            self.summary.stopped = self.summary.stopped or f"{_reason(e)} (syncing the manifest)"
        try:
            compact_manifest(self.manifest_path)
        except OSError as e:
            note = f"the manifest was not compacted ({_reason(e)}); it is complete as it is"
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

    def _runner(self) -> Runner:
        if self.dask_address is not None:
            from .dask_runner import DaskRunner

            return DaskRunner(self.dask_address, timeout=self.timeout)
        return WorkerPool(self.jobs, timeout=self.timeout)

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
                f"{_reason(e)} writing {self.manifest_path}; every result recorded before "
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


def _unlink_if_link(path: Path) -> None:
    """Remove ``path`` if it is a symbolic link (the link, never its target)."""
    if path.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _reason(e: OSError) -> str:
    """``No space left on device`` rather than ``[Errno 28] No space left on device: 'x'``."""
    if e.errno == errno.ENOSPC:
        return "the disk is full"
    if e.errno == errno.ELOOP:
        return "it is a symbolic link, which is never written through"
    return e.strerror or str(e)


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
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
    _unlink_if_link(lock_path)
    try:
        fd = os.open(lock_path, flags, 0o644)
    except OSError as e:
        raise BatchUsageError(f"cannot open the lock file {lock_path}: {_reason(e)}") from e
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
