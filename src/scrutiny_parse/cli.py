"""The ``scrutiny-parse`` command: convert, show, schema.

Exit status: 0 all good, 1 some inputs failed (``convert --allow-failures``: 0), 2 usage
error, 130 interrupted (Ctrl-C), 141 output pipe closed (``show FILE | head``). None of
these prints a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import fields
from pathlib import Path

from . import __version__
from ._filenames import display_name
from .api import load
from .batch.dask_runner import DaskUnavailableError
from .batch.engine import ArchiveConverter
from .batch.outputs import (
    INPUT_SUFFIXES,
    iter_inputs,
    output_path,
    to_json,
    to_jsonl,
    write_atomic,
)
from .batch.plan import BatchUsageError
from .batch.progress import ProgressReporter
from .batch.summary import CONVERTER_ERROR
from .display import summary
from .errors import MissingDependencyError, ScrutinyParseError
from .limits import DEFAULT_LIMITS, Limits
from .readers.pdf_choice import DEFAULT_PDF_BACKEND, PDF_BACKENDS
from .schema import schema_json

__all__ = [
    "INPUT_SUFFIXES",
    "build_parser",
    "iter_inputs",
    "main",
    "output_path",
    "schema_json",
    "summary",
    "to_json",
    "to_jsonl",
    "write_atomic",
]


#: The name a document read from standard input (``convert -``) is given.
STDIN_NAME = "stdin"


@contextlib.contextmanager
def _stdin_as_file(inputs: list[str]) -> Iterator[list[Path]]:
    """The inputs as paths, ``-`` replaced by a temporary file holding standard input
    (named ``stdin``: its output is ``OUT/stdin.json``), removed afterwards."""
    if inputs.count("-") > 1:
        raise BatchUsageError("standard input (-) can be named only once")
    if "-" not in inputs:
        yield [Path(p) for p in inputs]
        return
    with tempfile.TemporaryDirectory(prefix="scrutiny-stdin-") as tmp:
        path = Path(tmp) / STDIN_NAME
        path.write_bytes(sys.stdin.buffer.read())
        yield [path if p == "-" else Path(p) for p in inputs]


def _convert(args: argparse.Namespace) -> int:
    """Run a batch (see :mod:`scrutiny_parse.batch.engine`); exit 0, 1, 2 or 130."""
    reporter = ProgressReporter(sys.stderr)
    try:
        if "-" in args.inputs and args.dask:
            raise BatchUsageError("standard input (-) cannot be sent to a --dask cluster")
        with _stdin_as_file(args.inputs) as inputs:
            converter = ArchiveConverter(
                inputs,
                args.out,
                jobs=args.jobs,
                timeout=args.timeout or None,
                flat=args.flat,
                force=args.force,
                dask_address=args.dask,
                limits=_limits(args),
                pdf_backend=args.pdf_backend,
                max_memory=args.max_memory,
                observer=reporter,
                records=args.records,
            )
            result = converter.run()
    except (BatchUsageError, DaskUnavailableError, MissingDependencyError) as e:
        print(f"scrutiny-parse: error: {display_name(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("scrutiny-parse: interrupted; manifest saved, rerun to finish", file=sys.stderr)
        return 130
    if result.stopped:
        print(f"scrutiny-parse: error: the run stopped early: {result.stopped}", file=sys.stderr)
        return 1
    failed = result.failed
    if args.allow_missing_converter:
        failed -= sum(n for (error, _), n in result.failures.items() if error == CONVERTER_ERROR)
    return 1 if failed and not args.allow_failures else 0


def _size(text: str) -> int:
    """argparse type: a size in bytes, with an optional K/M/G/T suffix (binary); 0 = none."""
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    raw = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = raw[-1:] if raw[-1:] in units else ""
    try:
        value = float(raw[: len(raw) - len(unit)] if unit else raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say 2G, 1500M or 0)") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return int(value * units[unit])


def _show(args: argparse.Namespace) -> int:
    source = sys.stdin.buffer if args.file == "-" else Path(args.file)
    try:
        update = load(source, limits=_limits(args), pdf_backend=args.pdf_backend)
    except ScrutinyParseError as e:
        print(f"scrutiny-parse: {type(e).__name__}: {display_name(str(e))}", file=sys.stderr)
        return 1
    print(to_json(update) if args.json else summary(update), end="" if args.json else "\n")
    return 0


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_json())
    return 0


def _seconds(text: str) -> float:
    """argparse type: a number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """One option per :class:`Limits` field (``max_pages`` -> ``--max-pages``)."""
    group = parser.add_argument_group(
        "resource limits", "what a single file may cost; exceeding one fails that file"
    )
    for f in fields(Limits):
        default = getattr(DEFAULT_LIMITS, f.name)
        group.add_argument(
            "--" + f.name.replace("_", "-"),
            dest=f"limit_{f.name}",
            type=type(default),
            default=None,
            metavar="N",
            help=f"default {default:g}",
        )


def _add_pdf_backend_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pdf-backend",
        choices=PDF_BACKENDS,
        default=DEFAULT_PDF_BACKEND,
        help="library that reads PDFs: pdfium (default, fast) or pdfplumber (the "
        "pure-Python reference)",
    )


def _limits(args: argparse.Namespace) -> Limits:
    overrides = {
        f.name: getattr(args, f"limit_{f.name}")
        for f in fields(Limits)
        if getattr(args, f"limit_{f.name}", None) is not None
    }
    try:
        return DEFAULT_LIMITS.with_overrides(**overrides)
    except ValueError as e:
        raise SystemExit(f"scrutiny-parse: error: {e}") from e


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrutiny-parse",
        description="Turn scrutiny progress updates (PDF, Word) into JSON.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "convert",
        help="convert files and folders to JSON, in parallel and resumably",
        description="Convert files and folders to JSON under --out, in parallel worker "
        "processes. DIR/.scrutiny/manifest.jsonl records every input; running the same "
        "command again skips inputs whose content and library version are unchanged.",
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="files or folders (recursive); - reads one document from standard input",
    )  # fmt: skip
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    p.add_argument("--flat", action="store_true", help="write flat JSONL records instead")
    p.add_argument(
        "--records", type=Path, metavar="FILE",
        help="also write one records file for every converted input, this run's and "
        "earlier ones': .csv (Excel-ready), .jsonl, or .db/.sqlite (SQLite for Datasette; "
        "needs the sqlite extra)",
    )  # fmt: skip
    p.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
        help="worker processes (default: the number of CPUs, %(default)s here)",
    )  # fmt: skip
    p.add_argument(
        "--timeout", type=_seconds, default=120.0, metavar="SECONDS",
        help="give up on a file after this long, recorded as 'Timeout' "
        "(default: %(default)g; 0: no limit)",
    )  # fmt: skip
    p.add_argument(
        "--max-memory", type=_size, default=None, metavar="SIZE",
        help="address space each worker may use (RLIMIT_AS), e.g. 2G; a file that needs "
        "more fails as ResourceLimitError instead of calling the OOM killer onto the run "
        "(default: 3/4 of this machine's memory shared among --jobs, 2-8G; 0: no cap)",
    )  # fmt: skip
    p.add_argument("--force", action="store_true", help="redo every input, done or not")
    p.add_argument(
        "--allow-failures", action="store_true", help="exit 0 even when some inputs failed"
    )
    p.add_argument(
        "--allow-missing-converter", action="store_true",
        help="exit 0 when the only failures are files that need LibreOffice and it is not "
        "installed",
    )  # fmt: skip
    p.add_argument(
        "--dask", metavar="ADDRESS",
        help="run on this dask.distributed scheduler (tcp://host:8786); inputs and --out "
        "must be on a filesystem the workers see at the same paths",
    )  # fmt: skip
    _add_pdf_backend_option(p)
    _add_limit_options(p)
    p.set_defaults(func=_convert)

    p = sub.add_parser("show", help="print a summary of one file")
    p.add_argument("file", help="the file; - reads standard input")
    p.add_argument("--json", action="store_true", help="print the full JSON instead")
    _add_pdf_backend_option(p)
    _add_limit_options(p)
    p.set_defaults(func=_show)

    from .debug import add_debug_command

    add_debug_command(sub)

    from .grade_history.commands import add_history_commands

    add_history_commands(sub)

    p = sub.add_parser("schema", help="print the JSON Schema of the output")
    p.set_defaults(func=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; its exit status. A closed output pipe or Ctrl-C ends it quietly."""
    try:
        args = build_parser().parse_args(argv)
        code: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as a tool killed by the closed pipe would report
    except KeyboardInterrupt:
        print("scrutiny-parse: interrupted", file=sys.stderr)
        return 130
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null: the pipe is gone, and Python would otherwise complain
    again when it flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - no real stdout
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
