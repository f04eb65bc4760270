"""Text-path accuracy on held-out documents: ``python scripts/holdout_accuracy.py``.

The specs in ``scripts/holdout_specs/`` describe updates no text rule was tuned on
when they were written. Each is built as the samples are (spec -> .docx with
``build_samples``, -> PDF with LibreOffice, -> a dump per tool with
``build_text_dumps``) into a temporary folder, and every dump's records are scored
against the .docx's (``tests/textscore.py``): recommendations, columns, grades and
fields right, per tool and sample, then each tool's totals against issue 9's targets.

A held-out document stops being one once a rule is changed because of its scores:
move its spec to ``scripts/sample_specs/`` then, and write a new one here.
Needs LibreOffice and poppler; the result is printed, nothing is written to the repo.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

import build_samples  # noqa: E402
import build_text_dumps  # noqa: E402
from textscore import TOOLS, Score, score  # noqa: E402

from scrutiny_parse import load  # noqa: E402
from scrutiny_parse.errors import ScrutinyParseError  # noqa: E402
from scrutiny_parse.readers.legacy.libreoffice import convert  # noqa: E402

SPECS = ROOT / "scripts" / "holdout_specs"
#: Issue 9's targets per tool: (grades right, fields right).
TARGETS = {
    "pdftotext": (0.95, 0.6),
    "pdftotext-layout": (0.95, 0.95),
    "pdfminer": (0.95, 0.7),
    "pypdf": (0.95, 0.85),
}


def build(spec: Path, out: Path) -> tuple[Path, dict[str, Path]]:
    """The .docx of ``spec`` and its PDF's dump per tool, written under ``out``.

    Files already there from an earlier run with ``--out`` are reused, so a kept set is
    scored again without LibreOffice's minute per document.
    """
    docx = out / f"{spec.stem}.docx"
    if not docx.exists():
        docx = build_samples.build_file(spec, out)
    pdf = docx.with_suffix(".pdf")
    if not pdf.exists():
        pdf.write_bytes(convert(docx.read_bytes(), suffix=".docx", to="pdf", timeout=300))
    dumps = {}
    for tool in TOOLS:
        dumps[tool] = out / f"{docx.stem}.{tool}.txt"
        if not dumps[tool].exists():
            dumps[tool].write_text(build_text_dumps.TOOLS[tool](pdf), encoding="utf-8")
    return docx, dumps


def _pair(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("specs", nargs="*", type=Path, help="default: scripts/holdout_specs")
    parser.add_argument(
        "--out", type=Path, help="keep the built files here (and reuse them on the next run)"
    )
    args = parser.parse_args(argv)
    specs = args.specs or sorted(SPECS.glob("*.json"))
    totals = {tool: [0, 0, 0, 0] for tool in TOOLS}
    print(f"{'tool':17s} {'sample':52s} {'recs':>6s} {'columns':>8s} {'grades':>8s} fields")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for spec in specs:
            docx, dumps = build(spec, out)
            try:
                expected = load(docx)
            except ScrutinyParseError as e:
                # Nothing to score the dumps against: the Word original is not read.
                print(f"{'docx':17s} {docx.stem:52s} not read: {type(e).__name__}: {e}")
                continue
            for tool, dump in dumps.items():
                try:
                    s: Score = score(load(dump), expected)
                except ScrutinyParseError as e:
                    print(f"{tool:17s} {docx.stem:52s} not read: {type(e).__name__}")
                    continue
                t = totals[tool]
                t[0], t[1] = t[0] + s.grades[0], t[1] + s.grades[1]
                t[2], t[3] = t[2] + s.fields[0], t[3] + s.fields[1]
                recs, cols, grades = (_pair(p) for p in (s.recommendations, s.columns, s.grades))
                print(
                    f"{tool:17s} {docx.stem:52s} {recs:>6s} {cols:>8s} {grades:>8s} "
                    f"{_pair(s.fields)} ({Score.share(s.fields):.3f})"
                )
    print()
    for tool, (g, gn, f, fn) in totals.items():
        if not gn:
            continue
        want_g, want_f = TARGETS[tool]
        share_g, share_f = g / gn, f / fn
        print(
            f"{tool:17s} grades {g}/{gn} = {share_g:.3f} (>= {want_g}: "
            f"{'met' if share_g >= want_g else 'NOT met'}); fields {f}/{fn} = {share_f:.3f} "
            f"(>= {want_f}: {'met' if share_f >= want_f else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
