"""What runs in a worker process: one file at a time, read from a connection.

A worker loops on ``conn.recv()``: a :class:`Task` in, an :class:`Outcome` out, ``None``
(or the connection closing) to stop. It never raises for a bad file: any exception from
``load()`` becomes a failed :class:`Outcome` with the exception's class name and reason.
What it cannot report (a segfault, ``os._exit``, the kernel's out-of-memory killer, a
hang) is the supervisor's business (:mod:`scrutiny_parse.batch.pool`).

The same loop runs in two kinds of process:

- a ``multiprocessing`` child started by the local pool (:func:`worker_main`);
- a helper subprocess started on a dask worker, ``python -m scrutiny_parse.batch._helper
  FD``, talking over an inherited socket (see :mod:`scrutiny_parse.batch.dask_runner`).

Test hooks
----------
For ``tests/test_batch.py`` only, never needed in normal use. The *parent* reads these
environment variables when a batch starts (:meth:`TestHooks.from_environ`) and sends them
with every task, so a worker forked from a long-lived forkserver, or running on a dask
worker, sees them too. ``load()`` itself knows nothing of them.

``SCRUTINY_PARSE_TEST_HANG=<text>``
    a file whose path contains ``<text>`` sleeps forever (a hung parse);
``SCRUTINY_PARSE_TEST_CRASH=<text>``
    a file whose path contains ``<text>`` calls ``os._exit(1)`` (a worker that dies);
``SCRUTINY_PARSE_TEST_DELAY=<seconds>``
    every file waits this long before it is converted (to interrupt a run mid-way).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path

from ..api import load
from ..errors import ScrutinyParseError
from ..limits import DEFAULT_LIMITS, Limits
from ..model import ProgressUpdate
from ..readers.pdf_choice import DEFAULT_PDF_BACKEND, PdfBackend
from .outputs import to_json, to_jsonl, write_atomic

__all__ = [
    "Outcome",
    "Task",
    "TestHooks",
    "cap_memory",
    "default_max_memory",
    "run_task",
    "serve",
    "watch_parent",
    "worker_main",
]


@dataclass(frozen=True)
class TestHooks:
    """Faults a test can inject into workers (see the module docstring)."""

    __test__ = False  # not a pytest test class, despite the name

    hang: str | None = None
    crash: str | None = None
    delay: float = 0.0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> TestHooks:
        """The hooks set in ``environ`` (default ``os.environ``); none in normal use."""
        env = os.environ if environ is None else environ
        delay = env.get("SCRUTINY_PARSE_TEST_DELAY", "")
        return cls(
            hang=env.get("SCRUTINY_PARSE_TEST_HANG") or None,
            crash=env.get("SCRUTINY_PARSE_TEST_CRASH") or None,
            delay=float(delay) if delay else 0.0,
        )

    def apply(self, name: str) -> None:
        """Delay, hang or die as asked for the file called ``name``."""
        if self.delay:
            time.sleep(self.delay)
        if self.crash and self.crash in name:
            os._exit(1)
        if self.hang and self.hang in name:
            while True:
                time.sleep(3600)


@dataclass(frozen=True)
class Task:
    """One file to convert.

    ``path`` is absolute (a forkserver child or a dask worker may have another working
    folder); ``data`` replaces it for in-memory sources. With ``output`` set the worker
    writes the JSON there itself and sends back only a summary, so the parent never
    handles the documents; without it the parsed :class:`ProgressUpdate` comes back.
    """

    index: int
    name: str
    path: str | None = None
    data: bytes | None = None
    output: str | None = None
    #: The ``--out`` folder the output must stay inside (checked again at write time).
    out_root: str | None = None
    flat: bool = False
    strict: bool = False
    limits: Limits = DEFAULT_LIMITS
    pdf_backend: PdfBackend = DEFAULT_PDF_BACKEND
    #: Address space (bytes) the worker process may use; None: no cap.
    max_memory: int | None = None
    hooks: TestHooks = field(default_factory=TestHooks)


@dataclass(frozen=True)
class Outcome:
    """What became of one :class:`Task`: a status, never an exception."""

    index: int
    ok: bool
    seconds: float
    sha256: str | None = None
    pages: int | None = None
    warnings: int | None = None
    recommendations: int | None = None
    actions: int | None = None
    error: str | None = None
    message: str | None = None
    update: ProgressUpdate | None = None

    @classmethod
    def failure(cls, task: Task, error: str, message: str, seconds: float = 0.0) -> Outcome:
        """A failed outcome for ``task`` with an error class name and a reason."""
        return cls(index=task.index, ok=False, seconds=seconds, error=error, message=message)


#: The smallest default cap: below this an interpreter with pdfminer, lxml and pydantic
#: loaded has too little address space left to read even a small file.
_MIN_DEFAULT_MEMORY = 2 << 30
_MAX_DEFAULT_MEMORY = 8 << 30


def default_max_memory(jobs: int) -> int | None:
    """The default worker cap: three quarters of the machine's memory shared among
    ``jobs`` workers, between 2 and 8 GiB; None where the memory size is unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return None
    share = total * 3 // 4 // max(1, jobs)
    return max(_MIN_DEFAULT_MEMORY, min(share, _MAX_DEFAULT_MEMORY))


_memory_cap: list[int | None] = [None]


def cap_memory(limit: int | None) -> None:
    """Set this process's address-space soft limit (RLIMIT_AS) to ``limit`` bytes.

    Past it an allocation fails with MemoryError, which ``load()`` reports as a
    ResourceLimitError for that one file, instead of the kernel's OOM killer choosing a
    process to kill (maybe not this one). Only the soft limit: a child that needs more
    address space for its own reasons (LibreOffice maps a lot it never touches) may
    raise it; see :mod:`scrutiny_parse.readers.legacy.libreoffice`.
    """
    if limit is None or _memory_cap[0] == limit:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX
        return
    _memory_cap[0] = limit


def run_task(task: Task) -> Outcome:
    """Convert one file; every exception becomes a failed :class:`Outcome`."""
    start = time.perf_counter()
    cap_memory(task.max_memory)
    task.hooks.apply(task.path or task.name)
    try:
        source = task.data if task.data is not None else task.path
        if source is None:
            raise ValueError("a task needs a path or data")
        update = load(source, strict=task.strict, limits=task.limits, pdf_backend=task.pdf_backend)
        if task.output is not None:
            text = to_jsonl(update, file=task.name) if task.flat else to_json(update)
            root = Path(task.out_root) if task.out_root else None
            write_atomic(Path(task.output), text, root)
    except Exception as e:  # any failure is a result: the batch goes on
        if isinstance(e, ScrutinyParseError):
            reason = e.reason
        elif isinstance(e, OSError) and e.errno == errno.ENOSPC:
            reason = "the disk is full: the output could not be written"
        else:
            reason = str(e) or repr(e)
        return Outcome.failure(task, type(e).__name__, reason, time.perf_counter() - start)
    return Outcome(
        index=task.index,
        ok=True,
        seconds=time.perf_counter() - start,
        sha256=update.source.sha256,
        pages=update.source.page_count,
        warnings=len(update.warnings),
        recommendations=len(update.recommendations),
        actions=sum(len(p.actions) for r in update.recommendations for p in r.parts),
        update=None if task.output is not None else update,
    )


def serve(conn: Connection) -> None:
    """Answer tasks from ``conn`` until it closes or sends ``None``."""
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = run_task(task)
        try:
            conn.send(outcome)
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as e:  # the update would not pickle: report, keep serving
            message = f"the result could not be sent back: {e}"
            failed = replace(outcome, ok=False, update=None, error=type(e).__name__)
            conn.send(replace(failed, message=message))


def watch_parent() -> None:
    """End this worker when the process that started it is gone.

    Without this, a worker whose parent was killed (``kill -9`` on the command) would
    finish its current file and write its output with no manifest line, or hang on
    forever. ``multiprocessing.parent_process()`` has a sentinel for a multiprocessing
    child; a helper subprocess watches for being re-parented.
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        from multiprocessing.connection import wait

        sentinel = parent.sentinel

        def watch() -> None:
            wait([sentinel])
            _exit_orphaned()

    else:
        original = os.getppid()

        def watch() -> None:
            while os.getppid() == original:
                time.sleep(0.5)
            _exit_orphaned()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _exit_orphaned() -> None:
    """Exit now that the parent is gone, taking this worker's LibreOffice along (it runs
    in a session of its own, which the worker's death would not reach)."""
    try:
        from ..readers.legacy.libreoffice import reap

        reap(os.getpid())
    finally:
        os._exit(3)


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent dies.

    Backs up :func:`watch_parent` for a worker stuck in C code that never lets the
    watching thread run. Only used for forkserver children, whose parent (the
    forkserver) is single-threaded and exits when the batch's process does.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - best effort
        pass


def worker_main(conn: Connection, die_with_parent: bool = False) -> None:
    """Entry point of a local pool's worker process (importable, so spawn can find it)."""
    # Ctrl-C reaches the whole process group; the supervisor alone decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if die_with_parent:
        _die_with_parent()
    watch_parent()
    serve(conn)
