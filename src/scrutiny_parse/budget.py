"""The running budget of one ``load()``: its deadline, readable from any stage.

:class:`~scrutiny_parse.limits.Limits` says what one file may cost; this module carries
the part that changes as the parse goes, the clock, to the places that loop: between
stages in :mod:`scrutiny_parse.api`, between pages in the PDF reader, every few
thousand operators inside pdfminer, every paragraph in the Word reader. A
:class:`contextvars.ContextVar` holds it, so nested calls (a legacy file converted and
then read as .docx) and threads each see their own, and code run outside ``load()``
(a test calling a reader directly) simply has no deadline.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from .limits import Limits

__all__ = ["Budget", "check_deadline", "current", "running"]


@dataclass
class Budget:
    """The deadline of one ``load()`` (``time.monotonic()`` seconds) and its limits."""

    limits: Limits
    started: float
    deadline: float

    def check(self, where: str = "") -> None:
        """Raise the ``max_seconds`` ResourceLimitError once the deadline has passed."""
        now = time.monotonic()
        if now > self.deadline:
            raise self.limits.exceeded(
                "max_seconds", f"{now - self.started:.1f} s", where or "reading the file"
            )


_current: ContextVar[Budget | None] = ContextVar("scrutiny_parse_budget", default=None)


def current() -> Budget | None:
    """The budget of the ``load()`` running in this context, if any."""
    return _current.get()


def check_deadline(where: str = "") -> None:
    """Raise if the running ``load()`` is past its deadline; nothing outside one."""
    budget = _current.get()
    if budget is not None:
        budget.check(where)


@contextlib.contextmanager
def running(limits: Limits) -> Iterator[Budget]:
    """Start the clock for one ``load()``; an enclosing budget's earlier deadline wins."""
    now = time.monotonic()
    outer = _current.get()
    deadline = now + limits.max_seconds
    if outer is not None:
        deadline = min(deadline, outer.deadline)
    budget = Budget(limits, now, deadline)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)
