"""Long fuzz run of ``load()``, outside ``make test``: ``make fuzz`` (FUZZ_SECONDS=600).

The contract checked is the bounded suite's (``tests/test_fuzz.py``): every input gives
a valid ProgressUpdate or raises a ScrutinyParseError naming the source and a reason,
within a time bound. Inputs come from the same deterministic mutators
(``tests/fuzz_mutations.py``), stacked 1-3 deep, plus raw bytes and text.

Two engines:

- ``atheris`` (coverage-guided libFuzzer, used when ``atheris`` is importable): the
  samples seed the corpus and a custom mutator applies our structure-aware mutators
  (or libFuzzer's own byte mutations), keeping inputs that reach new code in
  scrutiny_parse and python-docx;
- ``hypothesis``: ``@given`` strategies choose sample, mutators and seeds, or raw
  ``st.binary()`` / ``st.text()``, for as many examples as the time allows.

A failure does not stop the run: each distinct one (problem, exception type, innermost
scrutiny_parse frame) is saved once as ``OUT/<signature>.<ext>`` with a ``.txt`` beside
it (traceback and how it was made) and summarised at the end. Each case runs under a
SIGALRM bound (``--timeout``); a case stuck in C code past three times that is saved as
a hang by a watchdog thread, which then ends the run (exit 3). Exit 1 when anything was
found, 0 when not.

    FUZZ_SECONDS=300 .venv/bin/python fuzz/run_fuzz.py --engine hypothesis
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_mutations import (  # noqa: E402
    MUTATORS,
    SAMPLELESS,
    Failure,
    Kind,
    check_load,
    kind_of,
    mutate,
    mutators_for,
)

SAMPLES = ROOT / "samples"
_EXT: dict[str, str] = {"docx": "docx", "pdf": "pdf", "text": "txt"}


def _kind_of_bytes(data: bytes) -> Kind:
    """The mutator family for an input: from its signature, not a file name."""
    if data.startswith(b"PK"):
        return "docx"
    if b"%PDF" in data[:1024]:
        return "pdf"
    return "text"


def stacked(data: bytes, steps: list[tuple[str, int]]) -> bytes:
    """Apply mutators in turn. A structure-aware mutator that cannot work on what an
    earlier step left (a docx mutator on a broken zip) is skipped: that is the
    mutator's limit, not a finding."""
    for name, seed in steps:
        try:
            data = mutate(data, name, seed)
        except Exception:
            continue
    return data


class Recorder:
    """Runs cases, keeps one reproducer per distinct failure, and reports."""

    def __init__(self, out: Path, timeout: float, deadline: float) -> None:
        self.out = out
        self.timeout = timeout
        self.deadline = deadline
        self.cases = 0
        self.found: Counter[str] = Counter()
        self.first: dict[str, str] = {}
        self.started = time.monotonic()
        self._last_status = self.started
        # (label, data, start) of the running case, for the watchdog.
        self.current: tuple[str, bytes, float] | None = None
        out.mkdir(parents=True, exist_ok=True)

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def run(self, label: str, data: bytes) -> None:
        """Check one input; save it if it breaks the contract in a new way."""
        self.current = (label, data, time.monotonic())
        failure = check_load(data, self.timeout)
        self.current = None
        self.cases += 1
        if failure is not None:
            self.record(label, data, failure)
        now = time.monotonic()
        if now - self._last_status > 30:
            self._last_status = now
            print(
                f"[fuzz] {now - self.started:.0f}s {self.cases} cases, "
                f"{len(self.found)} distinct failure(s)",
                file=sys.stderr,
                flush=True,
            )

    def record(self, label: str, data: bytes, failure: Failure) -> None:
        sig = failure.signature
        self.found[sig] += 1
        if sig in self.first:
            return
        slug = re.sub(r"[^A-Za-z0-9]+", "-", sig).strip("-")[:90]
        digest = hashlib.sha256(data).hexdigest()[:8]
        path = self.out / f"{slug}-{digest}.{_EXT[_kind_of_bytes(data)]}"
        path.write_bytes(data)
        path.with_suffix(path.suffix + ".txt").write_text(
            f"{label}\n{failure.describe()}\n", encoding="utf-8"
        )
        self.first[sig] = str(path)
        print(f"[fuzz] NEW {sig}\n  {label}\n  saved {path}", file=sys.stderr, flush=True)

    def summary(self) -> str:
        lines = [
            f"fuzz: {self.cases} cases in {time.monotonic() - self.started:.0f}s, "
            f"{len(self.found)} distinct failure(s)"
        ]
        for sig, n in self.found.most_common():
            lines.append(f"  {n:6d}  {sig}\n          {self.first[sig]}")
        return "\n".join(lines)

    def start_watchdog(self) -> None:
        """End the run, saving the input, if a case is stuck where SIGALRM cannot reach
        (inside C code) for three times the per-case bound."""

        def watch() -> None:
            while True:
                time.sleep(1)
                current = self.current
                if current and time.monotonic() - current[2] > 3 * self.timeout:
                    path = self.out / f"hang-{hashlib.sha256(current[1]).hexdigest()[:8]}.bin"
                    path.write_bytes(current[1])
                    print(f"[fuzz] HANG {current[0]}: saved {path}", file=sys.stderr, flush=True)
                    print(self.summary(), flush=True)
                    os._exit(3)

        threading.Thread(target=watch, daemon=True).start()


def _samples(kinds: set[str]) -> list[tuple[Path, bytes]]:
    found = [p for ext in ("docx", "pdf", "txt") for p in sorted(SAMPLES.glob(f"*.{ext}"))]
    return [(p, p.read_bytes()) for p in found if kind_of(p) in kinds]


# --- hypothesis engine ---------------------------------------------------------------


def run_hypothesis(rec: Recorder, samples: list[tuple[Path, bytes]]) -> None:
    """Draw cases with hypothesis until the deadline, in batches of examples."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    def mutated(index: int) -> st.SearchStrategy[tuple[str, bytes]]:
        path, data = samples[index]
        names = mutators_for(kind_of(path))
        step = st.tuples(st.sampled_from(names), st.integers(0, 2**32 - 1))
        return st.lists(step, min_size=1, max_size=3).map(
            lambda steps: (f"stacked(samples/{path.name}, {steps})", stacked(data, steps))
        )

    heads = st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf"])
    strategy = st.one_of(
        st.integers(0, len(samples) - 1).flatmap(mutated),
        st.integers(0, len(samples) - 1).flatmap(mutated),
        st.integers(0, len(samples) - 1).flatmap(mutated),
        st.tuples(st.sampled_from(SAMPLELESS), st.integers(0, 2**32 - 1)).map(
            lambda c: (f"mutate(b'', {c[0]!r}, {c[1]})", mutate(b"", c[0], c[1]))
        ),
        st.tuples(heads, st.binary(max_size=65536)).map(lambda c: ("st.binary", c[0] + c[1])),
        st.text(max_size=20000).map(lambda t: ("st.text", t.encode("utf-8", "replace"))),
    )

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def batch(case: tuple[str, bytes]) -> None:
        if not rec.expired():
            rec.run(*case)

    while not rec.expired():
        batch()


# --- atheris engine ------------------------------------------------------------------


def run_atheris(rec: Recorder, samples: list[tuple[Path, bytes]], seconds: int) -> None:
    """Coverage-guided run: libFuzzer over scrutiny_parse, our mutators as its mutator."""
    import atheris

    with atheris.instrument_imports(include=["scrutiny_parse", "docx"]):
        import scrutiny_parse.api
        import scrutiny_parse.readers.docx
        import scrutiny_parse.readers.pdf
        import scrutiny_parse.readers.text  # noqa: F401

    corpus = rec.out / "corpus"
    corpus.mkdir(exist_ok=True)
    for path, data in samples:
        (corpus / path.name).write_bytes(data)
    kinds = {kind_of(p) for p, _ in samples}

    def test_one_input(data: bytes) -> None:
        rec.run("atheris input", data)

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.25:
            return bytes(atheris.Mutate(data, max_size))
        kind = _kind_of_bytes(data)
        if kind not in kinds and samples:
            data = rng.choice(samples)[1]
            kind = _kind_of_bytes(data)
        steps = [(rng.choice(mutators_for(kind)), rng.randrange(2**32))]
        if rng.random() < 0.1:
            steps = [(rng.choice(SAMPLELESS), rng.randrange(2**32))]
        return stacked(data, steps)[:max_size]

    max_len = max((len(d) for _, d in samples), default=65536) * 2
    argv = [
        sys.argv[0],
        "-print_final_stats=1",
        f"-max_total_time={seconds}",
        f"-max_len={max_len}",
        "-timeout=0",  # SIGALRM per case is ours (check_load); libFuzzer's would clash
        "-rss_limit_mb=4096",
        f"-artifact_prefix={rec.out}/",
        str(corpus),
    ]
    atheris.Setup(argv, test_one_input, custom_mutator=custom_mutator)
    atheris.Fuzz()


def run_atheris_child(args: argparse.Namespace) -> int:
    """Run the atheris engine in a child process and report on it here.

    libFuzzer ends its process with exit() when its time is up (or on a crash it
    catches itself, such as running out of memory), so no Python code runs after it:
    the parent echoes the child's output, takes the case count from libFuzzer's final
    stats, and lists the reproducers the child saved.
    """
    import subprocess

    started = time.time()
    cmd = [sys.executable, __file__, "--child", *sys.argv[1:]]
    env = {**os.environ, "FUZZ_SECONDS": str(args.seconds)}
    cases = "?"
    with subprocess.Popen(
        cmd, stderr=subprocess.PIPE, text=True, errors="replace", env=env
    ) as child:
        assert child.stderr is not None
        for line in child.stderr:
            sys.stderr.write(line)
            if line.startswith("stat::number_of_executed_units:"):
                cases = line.split(":")[-1].strip()
    saved = sorted(
        p
        for p in args.out.glob("*")
        if p.is_file() and p.stat().st_mtime >= started and p.suffix != ".txt"
    )
    print(f"fuzz (atheris): {cases} cases, exit status {child.returncode}, {len(saved)} saved")
    for path in saved:
        note = path.with_suffix(path.suffix + ".txt")
        first = note.read_text(encoding="utf-8").splitlines()[1] if note.exists() else ""
        print(f"  {path}\n      {first}")
    return 1 if saved or child.returncode else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", 600)))
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "fuzz")
    parser.add_argument(
        "--formats", default="docx,pdf,text", help="sample kinds to mutate (docx,pdf,text)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # pdfminer logs every damaged object it skips
    kinds = set(args.formats.split(","))
    samples = _samples(kinds)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if engine == "atheris" and not args.child:
        args.out.mkdir(parents=True, exist_ok=True)
        return run_atheris_child(args)
    rec = Recorder(args.out, args.timeout, time.monotonic() + args.seconds)
    rec.start_watchdog()
    print(
        f"[fuzz] engine {engine}, {args.seconds}s, {len(samples)} samples, "
        f"{len(MUTATORS)} mutators, out {args.out}",
        file=sys.stderr,
    )
    if engine == "atheris":
        run_atheris(rec, samples, args.seconds)  # does not return: libFuzzer exits
        return 0
    run_hypothesis(rec, samples)
    print(rec.summary(), flush=True)
    return 1 if rec.found else 0


if __name__ == "__main__":
    sys.exit(main())
