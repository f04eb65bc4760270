"""A small pool of worker processes with per-file deadlines: the local batch engine.

``concurrent.futures.ProcessPoolExecutor`` cannot kill one hung task, and a worker that
dies breaks the whole executor. So the supervisor here owns its processes directly:

- each worker (:func:`~scrutiny_parse.batch.worker.worker_main`) has a duplex pipe and
  handles one file at a time;
- the supervisor loop hands out tasks, then waits (``multiprocessing.connection.wait``)
  on the busy workers' pipes *and* process sentinels, with a timeout reaching the
  nearest deadline;
- a result on a pipe frees the worker; a sentinel firing with no result means the
  worker died (segfault, ``os._exit``, OOM killer): recorded as ``WorkerDied``; a
  deadline passing means a hang: the worker is SIGKILLed and recorded as ``Timeout``.
  A lost worker is replaced when the next task needs one.

Workers start with the ``forkserver`` method where the platform has it (the server
preloads the library and readers once, so a replacement starts in milliseconds), else
``spawn``; never plain ``fork``, which is unsafe in a process with threads (a notebook,
a dask client). Both need an importable worker function, not a closure.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from types import TracebackType

from .worker import Outcome, Task, worker_main

__all__ = [
    "TIMEOUT_ERROR",
    "WORKER_DIED_ERROR",
    "WorkerPool",
    "describe_exit",
    "reap_converter",
    "start_method",
]

#: Error class names of the failures the supervisor records itself.
TIMEOUT_ERROR = "Timeout"
WORKER_DIED_ERROR = "WorkerDied"

_PRELOAD = ["scrutiny_parse.batch._preload"]


def reap_converter(pid: int) -> None:
    """Kill what LibreOffice process ``pid`` (a worker just killed or found dead) left
    running, and remove its conversion directories."""
    from ..readers.legacy.libreoffice import reap

    reap(pid)


def start_method() -> str:
    """``forkserver`` where available (POSIX), else ``spawn`` (Windows)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def describe_exit(exitcode: int | None) -> str:
    """A reason for a worker that went away: ``killed by SIGSEGV``, ``exited with 1``."""
    if exitcode is None:
        return "the worker process went away"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if name == "SIGKILL" else ""
        return f"worker process killed by {name}{hint}"
    return f"worker process exited with status {exitcode}"


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    deadline: float | None = None


class WorkerPool:
    """Up to ``jobs`` worker processes converting tasks, each within ``timeout`` seconds.

    Use as a context manager; leaving it (normally, by an exception or Ctrl-C) kills
    every worker still running. Workers start on demand, so a run with nothing to do
    starts none.
    """

    def __init__(
        self, jobs: int, *, timeout: float | None = 120.0, method: str | None = None
    ) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be positive (or None for no limit), not {timeout}")
        self.jobs = jobs
        self.timeout = timeout
        self.method = method or start_method()
        self._ctx: BaseContext = multiprocessing.get_context(self.method)
        if self.method == "forkserver":
            self._ctx.set_forkserver_preload(_PRELOAD)
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []
        self.started = 0

    def __enter__(self) -> WorkerPool:
        """The pool itself; leaving the block closes it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(graceful=exc_type is None)

    def _start(self) -> _Worker:
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=worker_main,
            args=(child_conn, self.method == "forkserver"),
            name=f"scrutiny-parse-worker-{self.started}",
            daemon=True,
        )
        process.start()
        child_conn.close()  # so the parent sees EOF when the child goes
        self.started += 1
        return _Worker(process, parent_conn)

    def _discard(self, worker: _Worker) -> int | None:
        """Kill (if needed) and reap ``worker``; its exit code.

        A worker killed mid-file may have left a LibreOffice running in a session of
        its own (which the kill does not reach) and a temporary directory holding a copy
        of the input: both are cleaned up here, by the worker's pid.
        """
        busy = worker.task is not None
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        if busy and worker.process.pid is not None:
            reap_converter(worker.process.pid)
        return worker.process.exitcode

    def _dispatch(self, task: Task) -> None:
        worker = self._idle.pop() if self._idle else self._start()
        try:
            worker.conn.send(task)
        except OSError:  # died while idle: replace it once
            self._discard(worker)
            worker = self._start()
            worker.conn.send(task)
        worker.task = task
        worker.deadline = None if self.timeout is None else time.monotonic() + self.timeout
        self._busy.append(worker)

    def _collect(self, worker: _Worker) -> Outcome | None:
        """The result ``worker`` sent, a ``WorkerDied`` failure, or None (still busy)."""
        task = worker.task
        assert task is not None
        if worker.conn.poll():
            try:
                outcome: Outcome = worker.conn.recv()
            except Exception:  # EOF or a message cut off by the worker's death
                pass
            else:
                worker.task = worker.deadline = None
                self._busy.remove(worker)
                self._idle.append(worker)
                return outcome
        elif worker.process.is_alive():
            return None
        self._busy.remove(worker)
        code = self._discard(worker)
        return Outcome.failure(task, WORKER_DIED_ERROR, describe_exit(code))

    def _expire(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        self._busy.remove(worker)
        self._discard(worker)
        worker.task = None
        return Outcome.failure(
            task, TIMEOUT_ERROR, f"no result within {self.timeout:g} s", self.timeout or 0.0
        )

    def _fill(self, pending: Iterator[Task]) -> bool:
        """Give tasks to free worker slots; True once ``pending`` is used up."""
        while len(self._busy) < self.jobs:
            task = next(pending, None)
            if task is None:
                return True
            self._dispatch(task)
        return False

    def imap_unordered(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """One :class:`Outcome` per task, as they finish.

        ``tasks`` is consumed lazily, one task per free worker, so a generator that does
        work per item (hashing, deciding what to skip) runs alongside the conversions.
        """
        pending = iter(tasks)
        exhausted = self._fill(pending)
        while self._busy:
            now = time.monotonic()
            deadlines = [w.deadline for w in self._busy if w.deadline is not None]
            wait_for = max(0.0, min(deadlines) - now) if deadlines else None
            handles: list[object] = [w.conn for w in self._busy]
            handles += [w.process.sentinel for w in self._busy]
            wait(handles, wait_for)  # type: ignore[arg-type]
            now = time.monotonic()
            ready: list[Outcome] = []
            for worker in list(self._busy):
                outcome = self._collect(worker)
                if outcome is None and worker.deadline is not None and now >= worker.deadline:
                    outcome = self._expire(worker)
                if outcome is not None:
                    ready.append(outcome)
            # Refill the freed workers *before* handing the results over, so the caller's
            # bookkeeping (manifest, progress line) overlaps the next conversions.
            exhausted = exhausted or self._fill(pending)
            yield from ready

    def close(self, graceful: bool = True) -> None:
        """Stop every worker: idle ones are asked to exit, busy ones are killed."""
        for worker in self._busy:
            self._discard(worker)
        self._busy.clear()
        for worker in self._idle:
            if graceful:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self._idle:
            if graceful:
                worker.process.join(timeout=2)
            self._discard(worker)
        self._idle.clear()
