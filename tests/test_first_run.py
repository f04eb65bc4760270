"""A new user's first hour: make demo without LibreOffice, pipes, Ctrl-C, stdin, README."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from scrutiny_parse.batch.outputs import INPUT_SUFFIXES

SCRIPT = Path(sys.executable).with_name("scrutiny-parse")
SEED = SAMPLES / "digital-optimisation-march-2020.docx"


def run(*args: str | Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300, **kw
    )  # type: ignore[call-overload]


def demo_convert_command(out: Path) -> list[str]:
    """The `scrutiny-parse convert` line of the Makefile's demo target, with its output
    paths moved under ``out``."""
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "no demo target in the Makefile"
    (line,) = [ln for ln in recipe.group(1).splitlines() if "scrutiny-parse convert" in ln]
    args = shlex.split(line.strip())
    args[0] = str(SCRIPT)  # $(BIN)/scrutiny-parse
    return [str(out / a[len("out/") :]) if a.startswith("out/") else a for a in args]


@pytest.mark.slow
def test_make_demo_convert_without_libreoffice(tmp_path: Path) -> None:
    no_soffice = tmp_path / "bin"  # PATH with nothing on it: no soffice, no libreoffice
    no_soffice.mkdir()
    cmd = demo_convert_command(tmp_path)
    result = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PATH": str(no_soffice)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    inputs = [p for p in SAMPLES.rglob("*") if p.suffix in INPUT_SUFFIXES]
    legacy = [p for p in inputs if p.suffix in (".doc", ".rtf", ".odt")]
    hints = [ln for ln in result.stderr.splitlines() if "files need LibreOffice" in ln]
    assert len(hints) == 1, result.stderr
    assert hints[0].startswith(f"{len(legacy)} files need LibreOffice, which is not installed")
    assert "apt-get install libreoffice-writer-nogui" in hints[0]
    assert f"({len(legacy)} need LibreOffice)" in result.stderr
    assert (tmp_path / "samples.csv").stat().st_size > 0
    entries = (tmp_path / "samples" / ".scrutiny" / "manifest.jsonl").read_text().splitlines()
    failed = [json.loads(e) for e in entries if '"failed"' in e]
    needs = sorted(e["path"] for e in failed if e["error"] == "ConverterUnavailableError")
    assert needs == sorted(p.relative_to(SAMPLES).as_posix() for p in legacy)
    # the other failures are the documented ones: reading-order dumps of the older layout
    others = [e for e in failed if e["error"] != "ConverterUnavailableError"]
    assert {e["error"] for e in others} <= {"NotAProgressUpdateError"}
    assert len(inputs) - len(failed) > len(inputs) // 2


def test_allow_missing_converter_exit_status(tmp_path: Path) -> None:
    no_soffice = tmp_path / "bin"
    no_soffice.mkdir()
    env = {**os.environ, "PATH": str(no_soffice)}
    files = [SAMPLES / "digital-optimisation-march-2020.doc", SEED]
    plain = run("convert", *files, "--out", tmp_path / "a", env=env)
    assert plain.returncode == 1, plain.stderr
    allowed = run("convert", *files, "--out", tmp_path / "b", "--allow-missing-converter", env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert "1 file needs LibreOffice, which is not installed" in allowed.stderr
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"")
    other = run(
        "convert", *files, bad, "--out", tmp_path / "c", "--allow-missing-converter", env=env
    )
    assert other.returncode == 1  # a real failure still fails


def test_closed_pipe_prints_no_traceback() -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "show", str(SEED), "--json"], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.close()  # like `| head` exiting before the output is written
    _, stderr = process.communicate(timeout=120)
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr, stderr
    assert process.returncode == 141


def test_show_reads_stdin_and_ctrl_c_prints_no_traceback() -> None:
    shown = run("show", "-", input=None, stdin=open(SEED, "rb"))  # noqa: SIM115
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("<stdin> (docx)")
    assert "13 recommendations, 27 actions" in shown.stdout

    process = subprocess.Popen(
        [str(SCRIPT), "show", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    _wait_reading_stdin(process.pid)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr and b"interrupted" in stderr


def _wait_reading_stdin(pid: int, limit: float = 60.0) -> None:
    """Until the process sits in read(0, ...) (Linux x86-64: syscall 0, first argument
    0), so it is past its imports; elsewhere a few seconds' wait."""
    deadline = time.monotonic() + limit
    syscall = Path(f"/proc/{pid}/syscall")
    while time.monotonic() < deadline:
        try:
            if syscall.read_text().split()[:2] == ["0", "0x0"]:
                return
        except (OSError, IndexError):
            time.sleep(5)
            return
        time.sleep(0.05)


def test_convert_reads_stdin(tmp_path: Path) -> None:
    with open(SEED, "rb") as stdin:
        result = run("convert", "-", "--out", tmp_path / "out", stdin=stdin)
    assert result.returncode == 0, result.stderr
    update = json.loads((tmp_path / "out" / "stdin.json").read_text())
    assert update["review"] == "Digital Optimisation"


def test_convert_summary_counts_warnings_and_ignored_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "digital-optimisation-march-2020.txt", src / "seed.txt")
    shutil.copy(SEED, src / "seed.docx")
    (src / "minutes.xlsx").write_bytes(b"")
    (src / "README.md").write_text("")
    result = run("convert", src, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    manifest = tmp_path / "out" / ".scrutiny" / "manifest.jsonl"
    warnings = {
        json.loads(ln)["path"]: json.loads(ln)["warnings"]
        for ln in manifest.read_text().splitlines()
    }
    assert warnings["seed.txt"] > 0 and warnings["seed.docx"] == 0
    assert (
        f"{warnings['seed.txt']} warnings in 1 files; most: seed.txt ({warnings['seed.txt']})"
        in (result.stderr)
    )
    assert re.search(r"not read\s+2\b", result.stderr), result.stderr


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), re.S)


@pytest.mark.parametrize("doc", ["README.md", "docs/recipes.md"])
def test_python_examples_run_when_pasted(doc: str, tmp_path: Path) -> None:
    blocks = python_blocks(ROOT / doc)
    assert blocks, f"no python examples in {doc}"
    for block in blocks:
        result = subprocess.run(
            [sys.executable, "-c", block], cwd=ROOT, capture_output=True, text=True,
            timeout=300, env={**os.environ, "SCRUTINY_EXAMPLE_TMP": str(tmp_path)},
        )  # fmt: skip
        assert result.returncode == 0, f"{doc} example failed:\n{block}\n{result.stderr}"
