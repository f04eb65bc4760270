"""PDF speed and memory benchmark: ``python benchmarks/bench_pdf.py``.

Speed: ``load()`` over ``samples/*.pdf`` on each backend (PDFium, the default, and
pdfplumber, the reference) against a floor measured in the same run: pdfplumber opening
every page and reading its chars, lines and rects, the least the pdfplumber route can
cost. Targets: ``load()`` on PDFium at least 4x faster than that floor; on pdfplumber,
at most 1.5x the floor (our stages must not dominate the reference either).

Times are CPU seconds of this process (``time.process_time``), the minimum over the
rounds (the figure least disturbed by other processes on a shared machine); wall-clock
medians are printed beside them.

Memory: peak RSS must not grow with page count. A ~20-page and a >=200-page PDF are
built by concatenating the samples with ``pdfunite`` (poppler), and each is read in a
fresh subprocess per backend that reports its own peak (VmHWM). Target: the 200-page
peak is at most 1.3x the 20-page one, on each backend.

It is a report, not a test: the exit status is 0 even when a target is missed, and the
last line is a one-line summary. Not collected by pytest (the name has no ``test_``).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
#: load() on pdfplumber: at most this many times the floor's time.
SPEED_TARGET = 1.5
#: load() on PDFium: at least this many times faster than the floor.
PDFIUM_TARGET = 4.0
MEMORY_TARGET = 1.3
BACKENDS = ("pdfium", "pdfplumber")
BIG_PAGES = 200
SMALL_PAGES = 20


# -- speed -------------------------------------------------------------------------


def baseline(data: bytes) -> None:
    """What pdfplumber costs at the least: open, and each page's chars, lines, rects."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.chars  # noqa: B018 - the property access is the work being timed
            page.lines  # noqa: B018
            page.rects  # noqa: B018
            page.close()


def parse(data: bytes, backend: str = "pdfium") -> str | None:
    """``load()`` on the bytes; the error (class and reason) when it raises, else None."""
    from scrutiny_parse import load
    from scrutiny_parse.errors import ScrutinyParseError

    try:
        load(data, pdf_backend=backend)  # type: ignore[arg-type]
    except ScrutinyParseError as e:
        return f"{type(e).__name__}: {e.reason}"
    return None


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) one call of ``fn`` takes."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def page_count(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def bench_speed(files: list[Path], rounds: int) -> tuple[str, bool | None]:
    """Print the speed report; return (summary fragment, passed or None if not measured)."""
    blobs = [f.read_bytes() for f in files]
    pages = sum(page_count(b) for b in blobs)
    print(f"== speed: {len(files)} sample PDFs, {pages} pages, {rounds} rounds ==")

    for backend in BACKENDS:
        for f, b in zip(files, blobs, strict=True):
            err = parse(b, backend)
            if err:
                print(f"  note: load() on {backend} raised on {f.name}: {err} (timed to it)")

    def floor() -> None:
        for b in blobs:
            baseline(b)

    runs: dict[str, Callable[[], None]] = {
        "floor": floor,
        **{name: _loader(blobs, name) for name in BACKENDS},
    }
    # Warm up all (imports, caches), then interleave them so a slow patch of the
    # machine hits all alike.
    for run in runs.values():
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
        "floor": "floor: pdfplumber chars+lines+rects",
        "pdfium": "load(), pdf_backend='pdfium'",
        "pdfplumber": "load(), pdf_backend='pdfplumber'",
    }
    print(f"  {'':38s} {'CPU s':>7s} {'pages/s':>8s}   {'wall s':>7s} {'pages/s':>8s}")
    for name in runs:
        print(
            f"  {labels[name]:38s} {best[name]:7.3f} {pages / best[name]:8.1f}   "
            f"{median[name]:7.3f} {pages / median[name]:8.1f}"
        )
    speedup = best["floor"] / best["pdfium"]
    overhead = best["pdfplumber"] / best["floor"]
    fast_ok = speedup >= PDFIUM_TARGET
    ref_ok = overhead <= SPEED_TARGET
    wall_speedup = median["floor"] / median["pdfium"]
    wall_overhead = median["pdfplumber"] / median["floor"]
    print(
        f"  pdfium load() vs floor: {speedup:.2f}x faster (wall {wall_speedup:.2f}x)  "
        f"target >= {PDFIUM_TARGET}x  {'PASS' if fast_ok else 'FAIL'}"
    )
    print(
        f"  pdfplumber load() / floor: {overhead:.2f}x (wall {wall_overhead:.2f}x)  "
        f"target <= {SPEED_TARGET}x  {'PASS' if ref_ok else 'FAIL'}"
    )
    print(f"  pdfium vs pdfplumber load(): {best['pdfplumber'] / best['pdfium']:.2f}x faster")
    passed = fast_ok and ref_ok
    return (
        f"pdfium {speedup:.2f}x floor (>= {PDFIUM_TARGET}x) {'PASS' if fast_ok else 'FAIL'}, "
        f"pdfplumber {overhead:.2f}x floor (<= {SPEED_TARGET}x) {'PASS' if ref_ok else 'FAIL'}"
    ), passed


def _loader(blobs: list[bytes], backend: str) -> Callable[[], None]:
    def run() -> None:
        for b in blobs:
            parse(b, backend)

    return run


# -- memory ------------------------------------------------------------------------

# Run in a fresh interpreter: reads the PDF and prints JSON with VmHWM (peak RSS).
_CHILD = r"""
import json, sys
from pathlib import Path

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
    return None

path, mode, backend = sys.argv[1], sys.argv[2], sys.argv[3]
from scrutiny_parse import load
from scrutiny_parse.errors import ScrutinyParseError
from scrutiny_parse.readers import reader_for
from scrutiny_parse.segment import segment
import pdfplumber, pypdfium2  # imported before the "after imports" figure, as load() would
data = Path(path).read_bytes()
after_imports = status("VmRSS")
error = None
try:
    if mode == "load":
        load(data, pdf_backend=backend)
    elif mode == "baseline":
        import io
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.chars, page.lines, page.rects
                page.close()
    else:
        segment(reader_for("pdf", pdf_backend=backend)(data))
except ScrutinyParseError as e:
    error = f"{type(e).__name__}: {e.reason}"
print(json.dumps({"peak_kb": status("VmHWM"), "after_imports_kb": after_imports,
                  "error": error}))
"""


def build_concatenation(files: list[Path], min_pages: int, out: Path) -> int:
    """Concatenate ``files``, the list repeated as needed, into ``out`` until it has at
    least ``min_pages`` pages. A file that would overshoot by more than a quarter is
    skipped on that pass (so "~20 pages" is not 34), unless none fits."""
    counts = [page_count(f.read_bytes()) for f in files]
    limit = min_pages * 1.25
    chosen: list[Path] = []
    total = 0
    while total < min_pages:
        added = False
        for f, n in zip(files, counts, strict=True):
            if total >= min_pages:
                break
            if total + n <= limit:
                chosen.append(f)
                total += n
                added = True
        if not added:
            smallest = min(range(len(files)), key=counts.__getitem__)
            chosen.append(files[smallest])
            total += counts[smallest]
    if len(chosen) == 1:
        shutil.copyfile(chosen[0], out)
    else:
        subprocess.run(["pdfunite", *map(str, chosen), str(out)], check=True)
    return page_count(out.read_bytes())


def child_peak(path: Path, mode: str, backend: str = "pdfium") -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode, backend],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["(no output)"]
        return {"crashed": tail[0]}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def bench_memory(files: list[Path]) -> tuple[str, bool | None]:
    """Print the memory report; return (summary fragment, passed or None if not measured)."""
    print("== memory: peak RSS (VmHWM) of one read in a fresh subprocess ==")
    if shutil.which("pdfunite") is None:
        print("  pdfunite (poppler-utils) not found: memory not measured")
        return "memory: not measured (no pdfunite)", None
    with tempfile.TemporaryDirectory(prefix="bench_pdf_") as tmp:
        small, big = Path(tmp) / "small.pdf", Path(tmp) / "big.pdf"
        sizes = (
            build_concatenation(files, SMALL_PAGES, small),
            build_concatenation(files, BIG_PAGES, big),
        )
        print(f"  built {sizes[0]}-page and {sizes[1]}-page PDFs from {len(files)} samples")
        print(
            "  (a concatenation is not one valid update: recommendation numbers repeat, "
            "so load() may reject it after reading)"
        )
        results = [_memory_report((small, big), sizes, backend) for backend in BACKENDS]
        reference = _floor_memory((small, big))
    parts = [r[0] for r in results]
    if reference:
        parts.append(reference)
    verdicts = [r[1] for r in results]
    passed = None if None in verdicts else all(v for v in verdicts if v is not None)
    return "; ".join(parts), passed


def _memory_report(
    paths: tuple[Path, Path], sizes: tuple[int, int], backend: str
) -> tuple[str, bool | None]:
    print(f"  -- pdf_backend={backend!r}")
    mode = "load"
    results = [child_peak(p, mode, backend) for p in paths]
    for n, res in zip(sizes, results, strict=True):
        if "crashed" in res:
            print(f"  load() on {n} pages crashed: {res['crashed']}")
        elif res.get("error"):
            print(f"  load() on {n} pages raised {res['error']}")
    if any("crashed" in r or r.get("error") for r in results):
        mode = "read+segment"
        print("  -> measuring reader_for('pdf')(data) + segment(layout) instead, for both")
        results = [child_peak(p, mode, backend) for p in paths]
    for n, res in zip(sizes, results, strict=True):
        if "crashed" in res:
            print(f"  {mode} on {n} pages crashed: {res['crashed']}")
            return f"{backend} memory: not measured ({mode} crashed)", None
        if res.get("error"):
            print(f"  note: {mode} on {n} pages raised {res['error']} (peak taken anyway)")
    peaks = [int(str(r["peak_kb"])) for r in results]
    bases = [int(str(r["after_imports_kb"])) for r in results]
    ratio = peaks[1] / peaks[0]
    passed = ratio <= MEMORY_TARGET
    print(f"  measured: {mode}")
    for n, peak, base in zip(sizes, peaks, bases, strict=True):
        print(
            f"  {n:4d} pages: peak RSS {peak / 1024:7.1f} MiB "
            f"(after imports + file bytes {base / 1024:6.1f} MiB, "
            f"growth {(peak - base) / 1024:6.1f} MiB)"
        )
    print(
        f"  ratio {sizes[1]}p/{sizes[0]}p peak: {ratio:.2f}x  target <= {MEMORY_TARGET}x  "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return (
        f"{backend} memory {ratio:.2f}x (<= {MEMORY_TARGET}x) {'PASS' if passed else 'FAIL'}",
        passed,
    )


def _floor_memory(paths: tuple[Path, Path]) -> str:
    """For reference: how much growth the pdfplumber floor shows by itself."""
    refs = [child_peak(p, "baseline") for p in paths]
    if any("crashed" in r for r in refs):
        return ""
    rs, rb = (int(str(r["peak_kb"])) for r in refs)
    print(
        f"  reference, pdfplumber floor alone: {rs / 1024:.1f} MiB vs "
        f"{rb / 1024:.1f} MiB peak ({rb / rs:.2f}x)"
    )
    return f"floor memory {rb / rs:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (>= 5)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory part")
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    files = sorted(SAMPLES.rglob("*.pdf"))
    if not files:
        print(f"no PDFs in {SAMPLES}")
        print("SUMMARY: nothing measured")
        return 0
    speed, _ = bench_speed(files, rounds)
    print()
    memory = "memory: skipped" if args.no_memory else bench_memory(files)[0]
    print()
    print(f"SUMMARY: {speed}; {memory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
