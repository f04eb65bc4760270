""".docx speed benchmark: ``python benchmarks/bench_docx.py``.

``load()`` over ``samples/*.docx`` against a baseline measured in the same run:
python-docx opening each document and reading the text of every cell of every table
(``cell.text``), the least a table reader built on python-docx costs. Target: ``load()``
at least as fast as that baseline (ratio baseline time / load time >= 1.0).

It also reports the share of ``load()`` spent in the package hardening checks (zip
directory limits, and the XML depth check when a limit below libxml2's own is set), so
a regression there is visible.

Times are CPU seconds of this process (``time.process_time``), the minimum over the
rounds (least disturbed by other processes on a shared machine); wall-clock medians are
printed beside them. A report, not a test: exit status 0 even when the target is
missed; the last line is a one-line ``SUMMARY:``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
#: load() must be at least this fast relative to python-docx reading every cell.
SPEED_TARGET = 1.0


def baseline(data: bytes) -> None:
    """python-docx at the least: open, and the text of every table cell."""
    import docx

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text  # noqa: B018 - the property access is the work being timed


def parse(data: bytes) -> None:
    from scrutiny_parse import load

    load(data)


def checks(data: bytes) -> None:
    """The hardening checks alone, as load() runs them (the zip opened once)."""
    from scrutiny_parse.limits import DEFAULT_LIMITS
    from scrutiny_parse.readers.docx.package import check_package

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        check_package(zf, DEFAULT_LIMITS)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) one call of ``fn`` takes."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds (>= 5)")
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    files = sorted(SAMPLES.rglob("*.docx"))
    if not files:
        print(f"no .docx in {SAMPLES}")
        print("SUMMARY: nothing measured")
        return 0
    blobs = [f.read_bytes() for f in files]
    print(f"== speed: {len(files)} sample .docx files, {rounds} rounds ==")

    def each(fn: Callable[[bytes], None]) -> Callable[[], None]:
        def run() -> None:
            for b in blobs:
                fn(b)

        return run

    runs = {"baseline": each(baseline), "load": each(parse), "checks": each(checks)}
    for run in runs.values():  # warm up: imports, caches
        run()
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    wall: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            c, w = timed(run)
            cpu[name].append(c)
            wall[name].append(w)
    best = {name: min(times) for name, times in cpu.items()}
    median = {name: statistics.median(times) for name, times in wall.items()}
    labels = {
        "baseline": "python-docx: open + every cell.text",
        "load": "load()",
        "checks": "hardening checks alone",
    }
    n = len(blobs)
    print(f"  {'':38s} {'CPU s':>7s} {'docs/s':>8s}   {'wall s':>7s} {'docs/s':>8s}")
    for name in runs:
        print(
            f"  {labels[name]:38s} {best[name]:7.3f} {n / best[name]:8.1f}   "
            f"{median[name]:7.3f} {n / median[name]:8.1f}"
        )
    ratio = best["baseline"] / best["load"]
    passed = ratio >= SPEED_TARGET
    share = best["checks"] / best["load"]
    print(
        f"  load() speed / python-docx: {ratio:.2f}x "
        f"(wall {median['baseline'] / median['load']:.2f}x)  target >= {SPEED_TARGET}x  "
        f"{'PASS' if passed else 'FAIL'}"
    )
    print(f"  hardening checks: {share:.1%} of load()")
    print()
    print(
        f"SUMMARY: docx load() {ratio:.2f}x python-docx cell text (>= {SPEED_TARGET}x) "
        f"{'PASS' if passed else 'FAIL'}; checks {share:.1%} of load()"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
