"""The ``history`` and ``report`` commands of ``scrutiny-parse``.

    scrutiny-parse history ARCHIVE/ [--json FILE] [--csv FILE]
    scrutiny-parse report ARCHIVE/ --out report.html

Files are loaded in worker processes (``load_many``), so a file that fails, hangs or
crashes its worker is reported (``FAILED path: ErrorClass: reason``) and skipped, never
a traceback. Exit status: 0 every file loaded, 1 some failed (the outputs are still
written), 2 usage error (no such input, no input files).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path

from ..batch.many import load_many
from ..batch.outputs import iter_inputs, write_atomic
from .build import history
from .model import HISTORY_RECORD_KEYS, History
from .timeline import ARROWS, render_timeline

__all__ = ["HistoryUsageError", "add_history_commands", "history_csv", "load_history"]


class HistoryUsageError(ValueError):
    """The command cannot run as asked (exit 2): no such input, or no input files."""


def add_history_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Register ``history`` and ``report`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "history",
        help="line up successive updates of each review: what moved, what slipped",
        description="Group the updates by review, line their actions up across updates and "
        "print one timeline per review (slipped actions first).",
    )
    _add_inputs(p)
    p.add_argument("--json", type=Path, metavar="FILE", help="write the history as JSON")
    p.add_argument("--csv", type=Path, metavar="FILE", help="write one row per action and period")
    p.set_defaults(func=_history)

    p = subparsers.add_parser(
        "report",
        help="write the history as one self-contained HTML page",
        description="Per review: grade counts per period as a chart, the timeline table, "
        "warnings, and the files that failed. No network: the page carries its own styles.",
    )
    _add_inputs(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.html", help="the page")
    p.set_defaults(func=_report)


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument(
        "--jobs", "-j", type=_positive, default=None, metavar="N",
        help="worker processes (default: the number of CPUs)",
    )  # fmt: skip
    p.add_argument(
        "--timeout", type=_seconds, default=120.0, metavar="SECONDS",
        help="give up on a file after this long (default: %(default)g; 0: no limit)",
    )  # fmt: skip


def _positive(text: str) -> int:
    """argparse type: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


def _seconds(text: str) -> float:
    """argparse type: a number of seconds, 0 or more (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0:  # also refuses NaN
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def load_history(
    inputs: list[Path], *, jobs: int | None = None, timeout: float | None = 120.0
) -> History:
    """Find the input files (folders recursively), load them in workers, line them up.

    :class:`HistoryUsageError` when an input does not exist or there is no input file.
    """
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise HistoryUsageError(f"no such file or folder: {', '.join(missing)}")
    files = [path for path, _ in iter_inputs(inputs)]
    if not files:
        raise HistoryUsageError("no input files (.pdf .docx .doc .rtf .odt .txt) found")
    jobs = min(jobs or os.cpu_count() or 1, len(files))
    return history(load_many(files, jobs=jobs, timeout=timeout))


def _load(args: argparse.Namespace) -> History | None:
    try:
        h = load_history(
            [Path(p) for p in args.inputs], jobs=args.jobs, timeout=args.timeout or None
        )
    except HistoryUsageError as e:
        print(f"scrutiny-parse: error: {e}", file=sys.stderr)
        return None
    for failed in h.failed:
        print(f"FAILED {failed.file}: {failed.error}: {failed.message}", file=sys.stderr)
    return h


def history_csv(h: History) -> str:
    """The history records as CSV, with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(HISTORY_RECORD_KEYS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(h.to_records())
    return out.getvalue()


def _can_print_arrows() -> bool:
    try:
        "".join(ARROWS.values()).encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _history(args: argparse.Namespace) -> int:
    h = _load(args)
    if h is None:
        return 2
    sys.stdout.write(render_timeline(h, ascii_only=not _can_print_arrows()))
    if args.json is not None and not _write(args.json, h.model_dump_json(indent=2) + "\n"):
        return 2
    if args.csv is not None and not _write(args.csv, history_csv(h)):
        return 2
    return 1 if h.failed else 0


def _write(path: Path, text: str) -> bool:
    try:
        write_atomic(path, text)
    except OSError as e:
        print(f"scrutiny-parse: error: cannot write {path}: {e.strerror or e}", file=sys.stderr)
        return False
    return True


def _report(args: argparse.Namespace) -> int:
    from .report import render_report

    h = _load(args)
    if h is None:
        return 2
    if not _write(args.out, render_report(h)):
        return 2
    print(f"wrote {args.out}: {len(h.reviews)} review(s), {len(h.failed)} failed file(s)")
    return 1 if h.failed else 0
