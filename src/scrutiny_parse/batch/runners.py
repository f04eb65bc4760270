"""The executors a run hands its tasks to: the local worker pool or a dask cluster.

Both are behind one :class:`Runner` protocol; dask is imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from .pool import WorkerPool
from .worker import Outcome, Task

__all__ = ["Runner", "make_runner"]


class Runner(Protocol):
    """Something that turns tasks into outcomes: the local pool or a dask cluster."""

    def imap_unordered(self, tasks: Iterator[Task]) -> Iterator[Outcome]:
        """One outcome per task, in any order."""
        ...

    def close(self, graceful: bool = True) -> None:
        """Stop; ``graceful=False`` (after an error or Ctrl-C) kills work in progress."""


def make_runner(jobs: int, timeout: float | None, dask_address: str | None) -> Runner:
    """A dask runner on the scheduler at ``dask_address``, else a pool of ``jobs`` workers."""
    if dask_address is not None:
        from .dask_runner import DaskRunner

        return DaskRunner(dask_address, timeout=timeout)
    return WorkerPool(jobs, timeout=timeout)
