"""What a run reports: the counts (:class:`BatchSummary`) and the observer told as it goes.

Kept apart from the engine so the CLI's progress display needs only these shapes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .manifest import ManifestEntry
from .worker import Outcome

__all__ = ["CONVERTER_ERROR", "BatchObserver", "BatchSummary"]

#: Error class of an input that needs a converter this machine lacks (LibreOffice).
CONVERTER_ERROR = "ConverterUnavailableError"


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
