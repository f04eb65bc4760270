"""What ``scrutiny-parse convert`` shows while it works, on stderr.

On a terminal: one status line redrawn in place with ``\\r`` (files done/total, files
per second, ETA, failures so far), with each failure printed above it. Elsewhere (a log
file, CI): one plain line per file. Then, either way, the summary table. Used by the CLI
only; the library itself never writes to the terminal.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import TextIO

from .._filenames import display_name
from ..readers.legacy.libreoffice import INSTALL_HINT
from .manifest import ManifestEntry
from .summary import CONVERTER_ERROR, BatchSummary
from .worker import Outcome

__all__ = ["ProgressReporter", "converter_hint", "format_summary"]

_BAR = 24


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class ProgressReporter:
    """A :class:`~scrutiny_parse.batch.summary.BatchObserver` writing to ``stream``.

    ``live`` chooses the redrawn status line (default: when ``stream`` is a terminal).
    """

    def __init__(self, stream: TextIO, *, live: bool | None = None, interval: float = 0.1):
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self.interval = interval
        self._start = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    # -- BatchObserver -------------------------------------------------------------
    def started(self, summary: BatchSummary) -> None:
        self._start = time.monotonic()
        if not self.live:
            self.stream.write(f"converting {summary.total} files\n")
            self.stream.flush()

    def file_done(
        self, entry: ManifestEntry, outcome: Outcome | None, summary: BatchSummary
    ) -> None:
        if entry.status == "skipped":
            if self.live:
                self._draw(summary)
            return
        needs_converter = entry.error == CONVERTER_ERROR
        if self.live:
            if entry.status == "failed" and not needs_converter:  # told once, at the end
                self._clear()
                self.stream.write(f"FAILED {_failure(entry)}\n")
            self._draw(summary)
            return
        position = f"[{summary.done}/{summary.total}]"
        if needs_converter:
            line = f"{position} needs LibreOffice {display_name(entry.path)}"
        elif entry.status == "failed":
            line = f"{position} FAILED {_failure(entry)}"
        else:
            detail = (
                f"{outcome.recommendations} recommendations, {outcome.actions} actions, "
                if outcome is not None
                else ""
            )
            line = (
                f"{position} ok {display_name(entry.path)} -> {display_name(entry.output or '')} "
                f"({detail}{entry.warnings} warnings, {entry.seconds:.2f} s)"
            )
        self.stream.write(line + "\n")
        self.stream.flush()

    def finished(self, summary: BatchSummary) -> None:
        if self.live:
            self._draw(summary, force=True)
            self.stream.write("\n")
        self.stream.write(format_summary(summary))
        self.stream.flush()

    # -- the live line -------------------------------------------------------------
    def status_line(self, summary: BatchSummary) -> str:
        """``[#####.....] 120/300 files  14.2 files/s  ETA 0:00:12  2 failed``."""
        elapsed = max(time.monotonic() - self._start, 1e-9)
        worked = summary.converted + summary.failed
        rate = worked / elapsed
        remaining = summary.total - summary.done
        eta = _clock(remaining / rate) if rate > 0 else "?"
        filled = _BAR * summary.done // summary.total if summary.total else _BAR
        bar = "#" * filled + "." * (_BAR - filled)
        return (
            f"[{bar}] {summary.done}/{summary.total} files  {rate:.1f} files/s  "
            f"ETA {eta}  {summary.failed} failed"
            + (f"  {summary.skipped} skipped" if summary.skipped else "")
        )

    def _draw(self, summary: BatchSummary, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn < self.interval and summary.done < summary.total:
            return
        self._drawn = now
        line = self.status_line(summary)
        self.stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self.stream.flush()

    def _clear(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0


def format_summary(summary: BatchSummary, top: int = 10) -> str:
    """The closing table: counts by status, then the commonest failure reasons."""
    rate = (summary.converted + summary.failed) / summary.seconds if summary.seconds else 0.0
    head = "interrupted: " if summary.interrupted else "stopped early: " if summary.stopped else ""
    lines = [
        f"{head}{summary.converted} converted, {summary.failed} failed, "
        f"{summary.skipped} skipped (unchanged since the last run) "
        f"in {summary.seconds:.1f} s ({rate:.1f} files/s)",
        "",
        "  status    files",
        f"  ok        {summary.converted:>5}",
        f"  failed    {summary.failed:>5}"
        + (
            f"  ({len(summary.needs_converter)} need LibreOffice)"
            if summary.needs_converter
            else ""
        ),
        f"  skipped   {summary.skipped:>5}",
        f"  total     {summary.total:>5}"
        + (
            f"  ({summary.total - summary.done} not reached)"
            if summary.interrupted or summary.stopped
            else ""
        ),
    ]
    if summary.ignored:
        lines.append(
            f"  not read  {summary.ignored:>5}  (files in the folders with other extensions)"
        )
    if summary.stopped:
        lines += ["", f"stopped: {display_name(summary.stopped)}"]
    failures = Counter({k: n for k, n in summary.failures.items() if k[0] != CONVERTER_ERROR})
    if failures:
        lines += ["", "most common failures:"]
        for (error, message), count in failures.most_common(top):
            lines.append(f"  {count:>5}  {error}: {_short(display_name(message), 100)}")
        others = len(failures) - top
        if others > 0:
            lines.append(f"         ... and {others} other reasons")
    if summary.warnings:
        total = sum(summary.warnings.values())
        most = ", ".join(f"{path} ({n})" for path, n in summary.warnings.most_common(5))
        lines += ["", f"{total} warnings in {len(summary.warnings)} files; most: {most}"]
    if summary.needs_converter:
        lines += ["", converter_hint(summary.needs_converter)]
    lines += ["", f"manifest: {summary.manifest}"]
    if summary.records is not None:
        lines.append(f"records: {summary.record_rows} rows in {summary.records}")
    lines.append("")
    return "\n".join(lines)


def _failure(entry: ManifestEntry) -> str:
    """``path: Error: reason``, escaped: a name or reason cannot forge a line."""
    return f"{display_name(entry.path)}: {entry.error}: {display_name(entry.message or '')}"


def converter_hint(paths: list[str], shown: int = 3) -> str:
    """The one line that says which files need LibreOffice and how to install it."""
    names = ", ".join(paths[:shown]) + (
        f" and {len(paths) - shown} more" if len(paths) > shown else ""
    )
    files = "1 file needs" if len(paths) == 1 else f"{len(paths)} files need"
    return f"{files} LibreOffice, which is not installed ({names}): {INSTALL_HINT}, then rerun"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
