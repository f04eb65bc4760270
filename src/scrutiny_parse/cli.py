"""The ``scrutiny-parse`` command: convert, show, schema.

Exit status: 0 all good, 1 some inputs failed, 2 usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .api import load
from .errors import ScrutinyParseError
from .model import ProgressUpdate

#: Files picked up when a folder is given; a file named explicitly is read whatever its name.
INPUT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt"})


def iter_inputs(inputs: Sequence[Path]) -> Iterator[tuple[Path, Path]]:
    """(file, path relative to its input root) for every input file, folders recursively."""
    for root in inputs:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.suffix.lower() in INPUT_SUFFIXES:
                    yield path, path.relative_to(root)
        else:
            yield root, Path(root.name)


def output_path(out_dir: Path, relative: Path, suffix: str) -> Path:
    """Mirror ``relative`` under ``out_dir``: ``a/b.docx`` -> ``OUT/a/b.docx.json``.

    The input's own extension stays in the name so ``x.pdf`` and ``x.docx`` side by side
    do not overwrite each other. The result never leaves ``out_dir``.
    """
    parts = [p for p in relative.parts if p not in ("", ".", "..", relative.anchor)]
    target = out_dir.joinpath(*parts[:-1], parts[-1] + suffix) if parts else out_dir / suffix
    resolved_out = out_dir.resolve()
    if resolved_out not in target.resolve().parents:
        raise ValueError(f"output for {relative} would leave {out_dir}")
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_json(update: ProgressUpdate) -> str:
    return update.model_dump_json(indent=2) + "\n"


def to_jsonl(update: ProgressUpdate) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in update.to_records())


def _convert(args: argparse.Namespace) -> int:
    out_dir: Path = args.out
    inputs = [Path(p) for p in args.inputs]
    for p in inputs:
        if not p.exists():
            print(f"scrutiny-parse: error: no such file or folder: {p}", file=sys.stderr)
            return 2
    suffix = ".jsonl" if args.flat else ".json"
    ok = failed = 0
    for path, rel in iter_inputs(inputs):
        try:
            update = load(path)
        except ScrutinyParseError as e:
            failed += 1
            print(f"FAILED {path}: {type(e).__name__}: {e.reason}", file=sys.stderr)
            continue
        target = output_path(out_dir, rel, suffix)
        write_atomic(target, to_jsonl(update) if args.flat else to_json(update))
        ok += 1
        n_actions = sum(len(p.actions) for r in update.recommendations for p in r.parts)
        print(
            f"ok     {path} -> {target} ({len(update.recommendations)} recommendations, "
            f"{n_actions} actions, {len(update.warnings)} warnings)"
        )
    print(f"{ok} converted, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


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
        update = load(args.file)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrutiny-parse",
        description="Turn scrutiny progress updates (PDF, Word) into JSON.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("convert", help="convert files and folders to JSON")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    p.add_argument("--flat", action="store_true", help="write flat JSONL records instead")
    p.set_defaults(func=_convert)

    p = sub.add_parser("show", help="print a summary of one file")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the full JSON instead")
    p.set_defaults(func=_show)

    p = sub.add_parser("schema", help="print the JSON Schema of the output")
    p.set_defaults(func=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
