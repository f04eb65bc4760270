"""``load_many()``: ``load()`` over many sources in worker processes, one result each.

Following docling's ``ConversionStatus`` habit, a batch does not raise for a bad file:
each source gets a :class:`BatchResult` with a status, the update or the failure, and
the time it took. Works from a notebook: workers are started with ``forkserver`` or
``spawn`` and run an importable function, never a closure.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from ..api import Source, _read_source
from ..limits import DEFAULT_LIMITS, Limits
from ..model import ProgressUpdate
from ..readers.pdf_choice import DEFAULT_PDF_BACKEND, PdfBackend, check_backend
from .pool import WorkerPool
from .worker import Outcome, Task, TestHooks

__all__ = ["BatchResult", "FailureInfo", "load_many"]


@dataclass(frozen=True)
class FailureInfo:
    """Why a source failed: the exception's class name and its reason.

    ``type`` is a :class:`~scrutiny_parse.ScrutinyParseError` subclass's name
    (``CorruptDocumentError``...), ``"Timeout"`` (no result within the time limit),
    ``"WorkerDied"`` (the worker process crashed), or the name of an unexpected exception.
    """

    type: str
    message: str

    def __str__(self) -> str:
        return f"{self.type}: {self.message}"


@dataclass(frozen=True)
class BatchResult:
    """What became of one source of :func:`load_many`.

    ``index`` is the source's position in the input; ``source`` the path as given (or
    ``<bytes #N>``). Exactly one of ``update`` and ``error`` is set.
    """

    index: int
    source: str
    status: Literal["ok", "failed"]
    update: ProgressUpdate | None
    error: FailureInfo | None
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the source was parsed."""
        return self.status == "ok"


def load_many(
    sources: Iterable[Source],
    *,
    jobs: int | None = None,
    ordered: bool = True,
    timeout: float | None = 120.0,
    strict: bool = False,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = DEFAULT_PDF_BACKEND,
) -> Iterator[BatchResult]:
    """Parse many sources in ``jobs`` worker processes (default: the CPU count).

    Yields one :class:`BatchResult` per source, in input order (``ordered=False``: as
    they finish). A source that fails, takes longer than ``timeout`` seconds (``None``:
    no limit) or kills its worker gives a failed result; the rest go on. ``sources`` is
    read lazily and may be a generator; paths are read by the workers, bytes and file
    objects are read here and sent. Stopping the iteration early stops the workers.

    >>> for result in load_many(Path("archive").rglob("*.docx")):
    ...     print(result.source, result.update.review if result.ok else result.error)
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if timeout is not None and timeout <= 0:
        raise ValueError(f"timeout must be positive (or None for no limit), not {timeout}")
    backend = check_backend(pdf_backend)
    return _load_many(
        sources,
        jobs or os.cpu_count() or 1,
        ordered,
        timeout,
        strict,
        limits or DEFAULT_LIMITS,
        backend,
    )


def _load_many(
    sources: Iterable[Source],
    jobs: int,
    ordered: bool,
    timeout: float | None,
    strict: bool,
    limits: Limits,
    pdf_backend: PdfBackend,
) -> Iterator[BatchResult]:
    labels: dict[int, str] = {}
    hooks = TestHooks.from_environ()

    def tasks() -> Iterator[Task]:
        for index, source in enumerate(sources):
            if isinstance(source, (str, os.PathLike)):
                path = os.fspath(source)
                labels[index] = path
                yield Task(
                    index,
                    path,
                    path=os.path.abspath(path),
                    strict=strict,
                    limits=limits,
                    pdf_backend=pdf_backend,
                    hooks=hooks,
                )
            else:
                data, name = _read_source(source, limits)
                labels[index] = name or f"<bytes #{index}>"
                yield Task(
                    index,
                    labels[index],
                    data=data,
                    strict=strict,
                    limits=limits,
                    pdf_backend=pdf_backend,
                    hooks=hooks,
                )

    def result(outcome: Outcome) -> BatchResult:
        failure = None
        if not outcome.ok:
            failure = FailureInfo(outcome.error or "Error", outcome.message or "")
        return BatchResult(
            index=outcome.index,
            source=labels.pop(outcome.index),
            status="ok" if outcome.ok else "failed",
            update=outcome.update,
            error=failure,
            seconds=outcome.seconds,
        )

    with WorkerPool(jobs, timeout=timeout) as pool:
        if not ordered:
            for outcome in pool.imap_unordered(tasks()):
                yield result(outcome)
            return
        waiting: dict[int, BatchResult] = {}
        next_index = 0
        for outcome in pool.imap_unordered(tasks()):
            waiting[outcome.index] = result(outcome)
            while next_index in waiting:
                yield waiting.pop(next_index)
                next_index += 1
