"""Benchmark of batch conversion: parallel speed-up, machinery overhead, resume cost.

    python benchmarks/bench_batch.py [--files 240] [--keep]

Builds an archive of distinct files in a temporary folder from ``samples/``, then times,
each as a fresh process run end to end (interpreter start, imports, work), as a user
would run it:

1. a plain loop in one process: ``load()`` each file and write its JSON, no batch code;
2. ``scrutiny-parse convert ARCHIVE --out A --jobs 1``;
3. ``scrutiny-parse convert ARCHIVE --out B --jobs 2``;
4. the same command as 3 again (the resume pass: every file skipped);
5. two plain loops side by side, each on half the files: what the machine itself allows
   for two processes (if this is far below 2 x, something else is using the CPUs).

and prints files/s, the speed-up of 3 over 2, the overhead of 2 over 1, the resume pass
as a fraction of 3, and the cost of hashing the archive in the parent, each next to its
target with PASS or FAIL. Not part of the test suite.

The archive: every ``samples/*.docx`` with its review name changed to a unique one
(``word/document.xml`` rewritten and re-zipped), so each file is different content, not
a copy. PDFs join in once ``load()`` reads ``samples/*.pdf``; their content streams are
compressed with subset fonts, so they are varied by a unique comment after ``%%EOF``
(different bytes and sha256, same parse).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from scrutiny_parse import load

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCRIPT = Path(sys.executable).with_name("scrutiny-parse")

TARGET_SPEEDUP = 1.7
TARGET_OVERHEAD = 0.05
TARGET_RESUME = 0.05

#: ``load()`` and write every file under ARCHIVE, or every other one (``half`` 0 or 1).
PLAIN_LOOP = """
import sys
from pathlib import Path
from scrutiny_parse import load
from scrutiny_parse.batch.outputs import to_json, write_atomic
archive, out = Path(sys.argv[1]), Path(sys.argv[2])
files = sorted(p for p in archive.rglob("*") if p.is_file())
if len(sys.argv) > 3:
    files = files[int(sys.argv[3]) :: 2]
for path in files:
    write_atomic(out / (path.relative_to(archive).as_posix() + ".json"), to_json(load(path)))
"""


def docx_variant(sample: Path, review: str, n: int) -> bytes:
    """``sample`` with its review name (a single text node) made unique by ``n``."""
    out = io.BytesIO()
    with zipfile.ZipFile(sample) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                old = f">{review}<".encode()
                if old not in data:
                    raise SystemExit(f"{sample.name}: review name not found as one text node")
                data = data.replace(old, f">{review} {n}<".encode(), 1)
            dst.writestr(info, data)
    return out.getvalue()


def pdfs_work() -> bool:
    """Whether ``load()`` reads the sample PDFs yet (PDF reading is being written)."""
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    if not pdfs:
        return False
    try:
        load(pdfs[0])
    except Exception:
        return False
    return True


def build_archive(folder: Path, count: int, pdf_share: float) -> dict[str, int]:
    """Write ``count`` distinct files under ``folder`` (in a few subfolders); counts by kind.

    About ``pdf_share`` of them are PDFs (when ``load()`` reads PDFs), spread evenly.
    """
    docx = [("docx", p, load(p).review or "") for p in sorted(SAMPLES.glob("*.docx"))]
    pdfs = [("pdf", p, "") for p in sorted(SAMPLES.glob("*.pdf"))] if pdfs_work() else []
    made: dict[str, int] = {}
    pdf_due = 0.0
    for n in range(count):
        pdf_due += pdf_share if pdfs else 0.0
        if pdf_due >= 1.0:
            pdf_due -= 1.0
            kind, sample, review = pdfs[made.get("pdf", 0) % len(pdfs)]
        else:
            kind, sample, review = docx[made.get("docx", 0) % len(docx)]
        sub = folder / f"year-{2019 + n % 5}"
        sub.mkdir(parents=True, exist_ok=True)
        target = sub / f"{sample.stem}-{n:04d}.{kind}"
        if kind == "docx":
            target.write_bytes(docx_variant(sample, review, n))
        else:
            target.write_bytes(sample.read_bytes() + f"\n%variant {n}\n".encode())
        made[kind] = made.get(kind, 0) + 1
    return made


def timed(cmd: list[str]) -> float:
    """Wall time of ``cmd`` run to completion (it must succeed)."""
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr}")
    return seconds


def timed_pair(cmds: list[list[str]]) -> float:
    """Wall time of ``cmds`` run side by side, until the last ends."""
    start = time.perf_counter()
    running = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in cmds]
    for process in running:
        if process.wait() != 0:
            raise SystemExit(
                f"a plain loop failed: {process.stderr.read() if process.stderr else ''}"
            )
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=240, help="archive size (>= 200)")
    parser.add_argument(
        "--pdf-share", type=float, default=0.25,
        help="fraction of PDFs, once PDFs load (default %(default)s: a PDF parses ~10x "
        "slower than a .docx, so this keeps a run near a minute)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="time each run this many times (interleaved) and keep the best",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        archive = work / "archive"
        made = build_archive(archive, args.files, args.pdf_share)
        files = sorted(p for p in archive.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in files)
        print(f"archive: {len(files)} files ({made}), {size / 1e6:.1f} MB in {archive}")

        start = time.perf_counter()
        for p in files:
            hashlib.sha256(p.read_bytes()).hexdigest()
        hashing = time.perf_counter() - start

        load_before = os.getloadavg()[0]
        convert = [str(SCRIPT), "convert", str(archive)]
        plain = one = two = resume = halves = float("inf")
        for attempt in range(args.repeat):
            fresh = ["--force"] if attempt else []
            plain_out = str(work / "plain")
            plain = min(plain, timed([sys.executable, "-c", PLAIN_LOOP, str(archive), plain_out]))
            one = min(one, timed([*convert, "--out", str(work / "one"), "--jobs", "1", *fresh]))
            two = min(two, timed([*convert, "--out", str(work / "two"), "--jobs", "2", *fresh]))
            resume = min(resume, timed([*convert, "--out", str(work / "two"), "--jobs", "2"]))
            halves = min(halves, timed_pair([
                [sys.executable, "-c", PLAIN_LOOP, str(archive), str(work / "half"), str(k)]
                for k in (0, 1)
            ]))  # fmt: skip
        load_after = os.getloadavg()[0]

        n = len(files)
        speedup = one / two
        overhead = (one - plain) / plain
        resume_fraction = resume / two
        rows = [
            ("plain load() loop, 1 process", f"{n / plain:6.1f} files/s", f"{plain:6.2f} s", ""),
            ("convert --jobs 1", f"{n / one:6.1f} files/s", f"{one:6.2f} s", ""),
            ("convert --jobs 2", f"{n / two:6.1f} files/s", f"{two:6.2f} s", ""),
            (
                "2 plain loops on halves, side by side",
                f"{n / halves:6.1f} files/s",
                f"{halves:6.2f} s",
                f"(the machine's own ceiling: {plain / halves:.2f} x)",
            ),
            (
                "speed-up, --jobs 2 over --jobs 1",
                f"{speedup:6.2f} x",
                f">= {TARGET_SPEEDUP} x",
                verdict(speedup >= TARGET_SPEEDUP),
            ),
            (
                "overhead, --jobs 1 over plain loop",
                f"{overhead:+6.1%}",
                f"<= {TARGET_OVERHEAD:.0%}",
                verdict(overhead <= TARGET_OVERHEAD),
            ),
            (
                "resume pass / full run (--jobs 2)",
                f"{resume_fraction:6.1%}",
                f"<= {TARGET_RESUME:.0%}",
                verdict(resume_fraction <= TARGET_RESUME),
            ),
            (
                "sha256 of the archive, in the parent",
                f"{hashing * 1000:6.1f} ms",
                f"{hashing / two:.2%} of the run",
                "",
            ),
        ]
        print()
        for name, measured, target, result in rows:
            print(f"  {name:<38} {measured:>14}   {target:<22} {result}")
        print()
        print(f"resume pass: {resume:.2f} s for {n} files, all skipped")
        cpus = os.cpu_count() or 1
        print(f"load average: {load_before:.2f} before, {load_after:.2f} after, {cpus} CPUs")
        if load_before > 0.5:
            print("warning: the machine was busy before the runs: the timings are unreliable")
        failed = [r for r in rows if r[3] == "FAIL"]
        if failed and plain / halves < TARGET_SPEEDUP:
            print(
                "note: two independent processes only reach "
                f"{plain / halves:.2f} x here: other load is using the CPUs"
            )
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
