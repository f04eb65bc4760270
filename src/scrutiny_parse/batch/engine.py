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
import hashlib
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Protocol

from .._version import __version__
from ..limits import DEFAULT_LIMITS, Limits
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
from .worker import Outcome, Task, TestHooks

__all__ = [
    "CONVERTER_ERROR",
    "OUTPUT_PATH_ERROR",
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
#: Error class of an input that needs a converter this machine lacks (LibreOffice).
CONVERTER_ERROR = "ConverterUnavailableError"


class BatchUsageError(ValueError):
    """The batch cannot start as asked (the CLI exits 2): bad inputs, options or ``--out``."""


@dataclass(frozen=True)
class PlannedInput:
    """One input file: where it is, its manifest key and where its output goes.

    ``output`` is None when the output would leave ``--out`` (``problem`` says why):
    the input is recorded as failed without being read.
    """

    path: Path
    key: str
    output: Path | None
    problem: str | None = None


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
    for path, rel in iter_inputs(inputs, ignored):
        key = rel.as_posix()
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
    one that takes longer than ``timeout`` seconds is killed. With ``dask_address`` the
    work goes to that dask.distributed scheduler instead.
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
        """Convert everything not already done; the counts. Ctrl-C propagates after cleanup."""
        start = time.perf_counter()
        ignored: list[Path] = []
        suffix = ".jsonl" if self.flat else ".json"
        planned = plan_inputs(self.inputs, self.out_dir, suffix, ignored)
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        summary = self.summary
        summary.total = len(planned)
        summary.ignored = len(ignored)
        with _exclusive(lock_path(self.out_dir)):
            migrate_manifest(self.out_dir)
            previous = {} if self.force else read_manifest(self.manifest_path)
            runner = self._runner()  # before any output: a dask scheduler may be unreachable
            writer = ManifestWriter(self.manifest_path)
            if self.observer:
                self.observer.started(summary)
            completed = False
            try:
                tasks = self._tasks(planned, previous, writer)
                for outcome in runner.imap_unordered(tasks):
                    self._record(writer, planned[outcome.index], outcome)
                completed = True
            except KeyboardInterrupt:
                summary.interrupted = True
                raise
            finally:
                runner.close(graceful=completed)
                writer.close()
                compact_manifest(self.manifest_path)
                if completed and self.records is not None:
                    self._write_records(self.records)
                summary.seconds = time.perf_counter() - start
                if self.observer:
                    self.observer.finished(summary)
        return summary

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
        return target.relative_to(self.out_dir).as_posix()

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
                    index=index, ok=False, seconds=0.0, error=OUTPUT_PATH_ERROR,
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
                flat=self.flat,
                limits=self.limits,
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
        writer.write(entry)
        if self.observer:
            self.observer.file_done(entry, outcome, summary)


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an advisory lock on ``lock_path``: one run per ``--out`` folder at a time."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    f: IO[bytes] = open(lock_path, "wb")  # noqa: SIM115 - held across the yield
    try:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise BatchUsageError(
                f"another scrutiny-parse convert is writing to {lock_path.parent}"
            ) from e
        yield
    finally:
        f.close()
