"""The ``scrutiny-parse`` command: convert, show, schema.

Exit status: 0 all good, 1 some inputs failed (``convert --allow-failures``: 0), 2 usage
error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from . import __version__
from .api import load
from .batch.dask_runner import DaskUnavailableError
from .batch.engine import ArchiveConverter, BatchUsageError
from .batch.outputs import (
    INPUT_SUFFIXES,
    iter_inputs,
    output_path,
    to_json,
    to_jsonl,
    write_atomic,
)
from .batch.progress import ProgressReporter
from .errors import ScrutinyParseError
from .limits import DEFAULT_LIMITS, Limits
from .model import ProgressUpdate
from .readers.pdf_choice import DEFAULT_PDF_BACKEND, PDF_BACKENDS

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


def _convert(args: argparse.Namespace) -> int:
    """Run a batch (see :mod:`scrutiny_parse.batch.engine`); exit 0, 1, 2 or 130."""
    reporter = ProgressReporter(sys.stderr)
    try:
        converter = ArchiveConverter(
            [Path(p) for p in args.inputs],
            args.out,
            jobs=args.jobs,
            timeout=args.timeout or None,
            flat=args.flat,
            force=args.force,
            dask_address=args.dask,
            limits=_limits(args),
            pdf_backend=args.pdf_backend,
            observer=reporter,
        )
        summary = converter.run()
    except (BatchUsageError, DaskUnavailableError) as e:
        print(f"scrutiny-parse: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("scrutiny-parse: interrupted; manifest saved, rerun to finish", file=sys.stderr)
        return 130
    return 1 if summary.failed and not args.allow_failures else 0


def summary(update: ProgressUpdate) -> str:
    """A readable account of one update: front matter, then a line per action."""
    plan = update.action_plan_agreed
    lines = [
        f"{update.source.file_name or '<bytes>'} ({update.source.format})",
        f"  Review:          {update.review or '-'}",
        f"  Link officers:   {', '.join(update.link_officers) or '-'}",
        f"  Plan agreed:     {plan.text if plan else '-'}",
        f"  Classification:  {update.classification or '-'}",
        f"  Grading ({update.grading_scale_source}): "
        + " / ".join(f"{k} {v}" for k, v in sorted(update.grading_scale.items())),
        "",
    ]
    n_actions = 0
    for rec in update.recommendations:
        lines.append(f"Recommendation {rec.number}: {_short(rec.text, 90)}")
        for part in rec.parts:
            indent = "  "
            if part.label:
                lines.append(f"  [{part.label}]")
                indent = "    "
            for act in part.actions:
                n_actions += 1
                grades = []
                for rnd in act.rounds:
                    a = rnd.assessment
                    g = "-" if a is None or a.grade is None else str(a.grade)
                    if a is not None and a.previous_grade is not None:
                        g = f"{a.previous_grade}->{g}"
                    period = rnd.period.text if rnd.period else "?"
                    grades.append(f"{period}: {g}")
                who = act.responsibility.text if act.responsibility else "-"
                lines.append(
                    f"{indent}{act.column}. {_short(act.action.text if act.action else '', 60)}"
                    f"  | {_short(who, 30)} | {'; '.join(grades) or 'no rounds'}"
                )
    lines.append("")
    lines.append(
        f"{len(update.recommendations)} recommendations, {n_actions} actions, "
        f"{len(update.warnings)} warnings"
    )
    lines.extend(f"  warning: {w}" for w in update.warnings)
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _show(args: argparse.Namespace) -> int:
    try:
        update = load(args.file, limits=_limits(args), pdf_backend=args.pdf_backend)
    except ScrutinyParseError as e:
        print(f"scrutiny-parse: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(to_json(update) if args.json else summary(update), end="" if args.json else "\n")
    return 0


def schema_json() -> str:
    return json.dumps(ProgressUpdate.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


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
        "processes. DIR/manifest.jsonl records every input; running the same command "
        "again skips inputs whose content and library version are unchanged.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    p.add_argument("--flat", action="store_true", help="write flat JSONL records instead")
    p.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
        help="worker processes (default: the number of CPUs, %(default)s here)",
    )  # fmt: skip
    p.add_argument(
        "--timeout", type=_seconds, default=120.0, metavar="SECONDS",
        help="give up on a file after this long, recorded as 'Timeout' "
        "(default: %(default)g; 0: no limit)",
    )  # fmt: skip
    p.add_argument("--force", action="store_true", help="redo every input, done or not")
    p.add_argument(
        "--allow-failures", action="store_true", help="exit 0 even when some inputs failed"
    )
    p.add_argument(
        "--dask", metavar="ADDRESS",
        help="run on this dask.distributed scheduler (tcp://host:8786); inputs and --out "
        "must be on a filesystem the workers see at the same paths",
    )  # fmt: skip
    _add_pdf_backend_option(p)
    _add_limit_options(p)
    p.set_defaults(func=_convert)

    p = sub.add_parser("show", help="print a summary of one file")
    p.add_argument("file", type=Path)
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
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
