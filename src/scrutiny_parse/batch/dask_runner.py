"""Running a batch on a dask.distributed cluster (``convert --dask ADDRESS``).

The client (the ``convert`` command) plans, hashes, skips and writes the manifest exactly
as for a local run; only the conversions move. Each input becomes one dask task,
:func:`convert_on_worker`, given the input's and the output's absolute paths: the
workers must see the same files at the same paths (a shared filesystem), and must have
``scrutiny-parse`` installed.

Timeouts and crashes on dask
----------------------------
A dask task runs in a thread of the dask worker; a thread cannot be killed, and
cancelling its future does not stop it, so a hung parse would hold that thread for
good, and a segfault would take the dask worker down. So the task does not parse in the
dask worker at all: it hands the file to a helper subprocess (``python -m
scrutiny_parse.batch._helper``, one per dask worker thread, kept for the next task) and
waits at most ``timeout`` seconds for the answer. On a timeout the helper is killed and
the file recorded as ``Timeout``; if the helper dies the file is ``WorkerDied``; either
way the next task starts a fresh helper and the dask worker itself is unharmed.
(``subprocess`` rather than ``multiprocessing``: dask's worker processes are daemonic
and may not start multiprocessing children.)
"""

from __future__ import annotations

import atexit
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .pool import TIMEOUT_ERROR, WORKER_DIED_ERROR, describe_exit, reap_converter
from .worker import Outcome, Task

__all__ = ["DaskRunner", "DaskUnavailableError", "convert_on_worker"]


class DaskUnavailableError(RuntimeError):
    """``--dask`` cannot be used: dask.distributed is missing or the scheduler unreachable."""


@dataclass(eq=False)
class _Helper:
    process: subprocess.Popen[bytes]
    conn: Connection

    @classmethod
    def start(cls) -> _Helper:
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "scrutiny_parse.batch._helper", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        return cls(process, Connection(ours.detach()))

    def kill(self) -> int | None:
        """Kill the helper and whatever LibreOffice it left running (see
        :func:`~scrutiny_parse.batch.pool.reap_converter`)."""
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait()
        self.conn.close()
        reap_converter(self.process.pid)
        return code


_idle: list[_Helper] = []
_idle_lock = threading.Lock()


def _acquire() -> _Helper:
    with _idle_lock:
        while _idle:
            helper = _idle.pop()
            if helper.process.poll() is None:
                return helper
            helper.kill()
    return _Helper.start()


def _release(helper: _Helper) -> None:
    with _idle_lock:
        _idle.append(helper)


@atexit.register
def _stop_helpers() -> None:
    with _idle_lock:
        while _idle:
            _idle.pop().kill()


def convert_on_worker(task: Task, timeout: float | None) -> Outcome:
    """The dask task: convert ``task`` in a helper subprocess, within ``timeout`` seconds."""
    helper = _acquire()
    try:
        helper.conn.send(task)
    except OSError:  # the idle helper had died: one retry with a fresh one
        helper.kill()
        helper = _acquire()
        helper.conn.send(task)
    if not helper.conn.poll(timeout):
        helper.kill()
        return Outcome.failure(task, TIMEOUT_ERROR, f"no result within {timeout:g} s", timeout or 0)
    try:
        outcome: Outcome = helper.conn.recv()
    except Exception:  # EOF: the helper died mid-file
        return Outcome.failure(task, WORKER_DIED_ERROR, describe_exit(helper.kill()))
    _release(helper)
    return outcome


class DaskRunner:
    """Sends tasks to a dask.distributed scheduler and yields outcomes as they finish.

    At most a few tasks per worker thread are in flight at a time, so a huge archive does
    not flood the scheduler and Ctrl-C has little to cancel.
    """

    def __init__(self, address: str, *, timeout: float | None = 120.0) -> None:
        try:
            import distributed
        except ImportError as e:
            raise DaskUnavailableError(
                "--dask needs dask.distributed: pip install 'scrutiny-parse[dask]'"
            ) from e
        self.timeout = timeout
        client_class: Any = distributed.Client  # untyped library: kept behind Any
        try:
            self.client: Any = client_class(address, set_as_default=False, timeout="10s")
        except (OSError, TimeoutError) as e:
            raise DaskUnavailableError(f"cannot reach the dask scheduler at {address}: {e}") from e
        self._prefix = f"scrutiny-parse-{uuid.uuid4().hex[:8]}"
        self._in_flight: dict[str, tuple[Task, Any]] = {}

    def close(self, graceful: bool = True) -> None:
        """Cancel what is still in flight (after Ctrl-C, say) and disconnect.

        A cancelled task already running on a worker finishes its file (dask cannot stop
        a running task); its output is written but not recorded, so a rerun redoes it.
        """
        try:
            if self._in_flight:
                self.client.cancel([future for _, future in self._in_flight.values()])
        finally:
            self._in_flight.clear()
            self.client.close()

    def imap_unordered(self, tasks: Iterator[Task]) -> Iterator[Outcome]:
        """One outcome per task, as completed; a task dask itself loses is ``WorkerDied``."""
        import distributed

        threads = sum(self.client.nthreads().values()) or 1
        window = max(2 * threads, 4)
        as_completed: Any = distributed.as_completed
        done: Any = as_completed(loop=self.client.loop)

        def submit(task: Task) -> None:
            key = f"{self._prefix}-{task.index}"
            future = self.client.submit(convert_on_worker, task, self.timeout, key=key, pure=False)
            self._in_flight[key] = (task, future)
            done.add(future)

        for task in tasks:
            submit(task)
            if len(self._in_flight) >= window:
                break
        for future in done:
            task, _ = self._in_flight.pop(future.key)
            try:
                outcome: Outcome = future.result()
            except Exception as e:  # KilledWorker, a lost connection...
                outcome = Outcome.failure(task, WORKER_DIED_ERROR, f"{type(e).__name__}: {e}")
            yield outcome
            nxt = next(tasks, None)
            if nxt is not None:
                submit(nxt)
