"""Batch conversion: the ``convert`` command (a real subprocess) and ``load_many()``.

Faults are injected through the worker's test hooks (``SCRUTINY_PARSE_TEST_HANG``,
``_CRASH``, ``_DELAY``; see ``scrutiny_parse.batch.worker``): a real hang, a real
``os._exit`` in a worker, a real ``kill -9`` of the command.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from conftest import SAMPLES

from scrutiny_parse import BatchResult, ProgressUpdate, load_many
from scrutiny_parse.batch.manifest import ManifestEntry, manifest_path, read_manifest
from scrutiny_parse.batch.pool import WorkerPool
from scrutiny_parse.batch.progress import ProgressReporter
from scrutiny_parse.batch.summary import BatchSummary
from scrutiny_parse.batch.worker import Task, TestHooks

SCRIPT = Path(sys.executable).with_name("scrutiny-parse")
if not SCRIPT.exists():  # pragma: no cover - installed elsewhere on PATH
    SCRIPT = Path(shutil.which("scrutiny-parse") or "scrutiny-parse")

SEED = SAMPLES / "digital-optimisation-march-2020.docx"
OTHER = SAMPLES / "library-service-progress-update-march-2022.docx"
HOOKS = ("SCRUTINY_PARSE_TEST_HANG", "SCRUTINY_PARSE_TEST_CRASH", "SCRUTINY_PARSE_TEST_DELAY")
#: What a damaged PDF gives while the PDF reader is being written, and after.
CORRUPT_PDF_ERROR = (
    "CorruptDocumentError"
    if importlib.util.find_spec("scrutiny_parse.readers.pdf")
    else "ModuleNotFoundError"
)


def env(**hooks: str) -> dict[str, str]:
    """The environment with only the given test hooks set."""
    base = {k: v for k, v in os.environ.items() if k not in HOOKS}
    return {**base, **hooks}


def run(*args: str | Path, **hooks: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env(**hooks),
    )


def manifest_lines(out: Path) -> list[dict[str, object]]:
    """Every line of the manifest, parsed (it must parse whole)."""
    text = manifest_path(out).read_text()
    return [json.loads(line) for line in text.splitlines()]


def letter_docx() -> bytes:
    """A Word letter: readable, but not a progress update."""
    document = docx.Document()
    document.add_paragraph("Dear Ms Smith,")
    document.add_paragraph("Thank you for your letter about the bin collections.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def copies(folder: Path, count: int, sample: Path = SEED) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        target = folder / f"update-{n:02d}.docx"
        shutil.copy(sample, target)
        made.append(target)
    return made


def failing_archive(tmp_path: Path) -> Path:
    """tmp_path/in with two good updates, one the hang hook stalls, one the crash hook
    kills, and an empty file: the failures every runner must record and survive."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "good-1.docx")
    shutil.copy(OTHER, src / "good-2.docx")
    shutil.copy(SEED, src / "hang-me.docx")
    shutil.copy(SEED, src / "crash-me.docx")
    (src / "empty.docx").write_bytes(b"")
    return src


def test_batch_records_every_failure_and_writes_every_good_output(tmp_path: Path) -> None:
    src = failing_archive(tmp_path)
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (src / "random.pdf").write_bytes(os.urandom(4096))
    (src / "letter.docx").write_bytes(letter_docx())
    out = tmp_path / "out"
    result = run(
        "convert", src, "--out", out, "--jobs", "2", "--timeout", "2",
        SCRUTINY_PARSE_TEST_HANG="hang-me", SCRUTINY_PARSE_TEST_CRASH="crash-me",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    entries = {e["path"]: e for e in manifest_lines(out)}
    assert len(entries) == 8
    expected_errors = {
        "corrupt.pdf": CORRUPT_PDF_ERROR,
        "empty.docx": "UnsupportedFormatError",
        "random.pdf": "UnsupportedFormatError",
        "letter.docx": "NotAProgressUpdateError",
        "hang-me.docx": "Timeout",
        "crash-me.docx": "WorkerDied",
    }
    for name, error in expected_errors.items():
        entry = entries[name]
        assert entry["status"] == "failed" and entry["error"] == error, entry
        assert entry["message"], entry
        assert not (out / f"{name}.json").exists()
        assert f"FAILED {name}: {error}" in result.stderr
    assert "the file is empty" in entries["empty.docx"]["message"]  # type: ignore[operator]
    assert "within 2 s" in entries["hang-me.docx"]["message"]  # type: ignore[operator]
    for name in ("good-1.docx", "good-2.docx"):
        entry = entries[name]
        assert entry["status"] == "ok" and entry["output"] == f"{name}.json"
        assert entry["sha256"] and entry["version"] and entry["warnings"] == 0
        update = ProgressUpdate.model_validate_json((out / f"{name}.json").read_text())
        assert update.recommendations
    assert "2 converted, 6 failed, 0 skipped" in result.stderr
    assert "most common failures:" in result.stderr
    assert "2  UnsupportedFormatError" not in result.stderr  # two different reasons
    assert "1  Timeout: no result within 2 s" in result.stderr


def test_allow_failures_and_usage_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    assert run("convert", bad, SEED, "--out", out).returncode == 1
    assert run("convert", bad, SEED, "--out", out, "--allow-failures").returncode == 0
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SEED, tmp_path / "a" / "x.docx")
    shutil.copy(OTHER, tmp_path / "b" / "x.docx")
    usage = [
        ("convert", tmp_path / "missing", "--out", out),
        ("convert", SEED, "--out", out, "--jobs", "0"),
        ("convert", SEED, "--out", out, "--timeout", "-1"),
        ("convert", SEED, "--out", bad),  # --out is a file
        ("convert", tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx", "--out", out),
        ("convert", SEED),  # no --out
    ]
    stderr = []
    for args in usage:
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        stderr.append(result.stderr)
    assert "would both write" in stderr[4]


def test_resume_skips_unchanged_redoes_changed_and_force_redoes_all(tmp_path: Path) -> None:
    src = tmp_path / "in"
    files = copies(src, 3)
    out = tmp_path / "out"
    assert run("convert", src, "--out", out).returncode == 0
    first = read_manifest(manifest_path(out))

    again = run("convert", src, "--out", out)
    assert again.returncode == 0
    assert "0 converted, 0 failed, 3 skipped" in again.stderr
    assert read_manifest(manifest_path(out)) == first  # untouched lines

    shutil.copy(OTHER, files[1])  # changed content
    (out / "update-02.docx.json").unlink()  # lost output
    changed = run("convert", src, "--out", out)
    assert "2 converted, 0 failed, 1 skipped" in changed.stderr
    now = read_manifest(manifest_path(out))
    assert now["update-00.docx"] == first["update-00.docx"]
    assert now["update-01.docx"].sha256 != first["update-01.docx"].sha256
    review = json.loads((out / "update-01.docx.json").read_text())["review"]
    assert review == "Future of the Library Service"

    lines = manifest_path(out).read_text().splitlines()
    older = json.loads(lines[0]) | {"version": "0.0.0-older"}  # made by another version
    manifest_path(out).write_text("\n".join([json.dumps(older), *lines[1:]]) + "\n")
    assert "1 converted, 0 failed, 2 skipped" in run("convert", src, "--out", out).stderr

    forced = run("convert", src, "--out", out, "--force")
    assert "3 converted, 0 failed, 0 skipped" in forced.stderr
    assert len(manifest_lines(out)) == 3  # compacted: one line per input


def test_kill_9_then_rerun_finishes_only_what_is_missing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    copies(src, 30)
    out = tmp_path / "out"
    cmd = [str(SCRIPT), "convert", str(src), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=env(SCRUTINY_PARSE_TEST_DELAY="0.15"),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.docx.json"))) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.5)  # orphaned workers notice their parent is gone and exit
    written = sorted(out.glob("*.docx.json"))
    assert 6 <= len(written) < 30
    for path in written:  # atomic writes: nothing half-written under a final name
        ProgressUpdate.model_validate_json(path.read_text())
    done_before = {k for k, e in read_manifest(manifest_path(out)).items() if e.status == "ok"}
    assert done_before
    with open(manifest_path(out), "a") as f:  # the torn tail a kill -9 can leave
        f.write('{"path": "update-29.docx", "sha2')

    rerun = run("convert", src, "--out", out, "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    converted = 30 - len(done_before)
    assert f"{converted} converted, 0 failed, {len(done_before)} skipped" in rerun.stderr
    lines = manifest_lines(out)  # parses whole: the torn line is gone
    assert sorted(e["path"] for e in lines) == [f"update-{n:02d}.docx" for n in range(30)]
    assert all(e["status"] == "ok" for e in lines)
    assert len(list(out.glob("*.docx.json"))) == 30
    assert not list(out.glob(".*.tmp"))


def test_ctrl_c_stops_cleanly_with_exit_130(tmp_path: Path) -> None:
    src = tmp_path / "in"
    copies(src, 30)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(SCRIPT), "convert", str(src), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env(SCRUTINY_PARSE_TEST_DELAY="0.15"),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.docx.json"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr
    lines = manifest_lines(out)
    assert lines and all(e["status"] == "ok" for e in lines)
    assert len({e["path"] for e in lines}) == len(lines)
    rerun = run("convert", src, "--out", out)
    assert f"{30 - len(lines)} converted, 0 failed, {len(lines)} skipped" in rerun.stderr


def test_output_never_leaves_out_through_a_symlink(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SEED, src / "sub" / "x.docx")
    shutil.copy(SEED, src / "y.docx")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    result = run("convert", src, "--out", out)
    assert result.returncode == 1
    entries = read_manifest(manifest_path(out))
    assert entries["sub/x.docx"].error == "OutputPathError"
    assert entries["y.docx"].status == "ok"
    assert not list(elsewhere.iterdir())


def test_load_many_in_order_and_as_completed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRUTINY_PARSE_TEST_HANG", "hang")
    sources: list[object] = [SEED, b"", str(OTHER), SAMPLES / "missing.docx"]
    results = list(load_many(sources, jobs=2))  # type: ignore[arg-type]
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.ok for r in results] == [True, False, True, False]
    assert all(isinstance(r, BatchResult) for r in results)
    assert results[0].update is not None and results[0].update.review == "Digital Optimisation"
    assert results[0].source == str(SEED) and results[0].error is None
    assert results[1].source == "<bytes #1>" and results[1].update is None
    assert results[1].error is not None and results[1].error.type == "UnsupportedFormatError"
    assert results[3].error is not None and results[3].error.type == "SourceNotFoundError"
    assert all(r.seconds >= 0 for r in results)

    hang = SAMPLES / "hang.docx"  # no such file: the hook fires on the name, first
    unordered = list(load_many([hang, SEED, OTHER], jobs=2, ordered=False, timeout=1.5))
    assert sorted(r.index for r in unordered) == [0, 1, 2]
    assert unordered[-1].index == 0  # the hung one comes last, after its timeout
    assert unordered[-1].error is not None and unordered[-1].error.type == "Timeout"
    assert [r.ok for r in unordered[:2]] == [True, True]


def test_worker_pool_with_spawn_replaces_a_dead_worker(tmp_path: Path) -> None:
    hooks = TestHooks(crash="crash")
    paths = []
    for name in ("a", "crash", "b"):
        paths.append(tmp_path / f"{name}.docx")
        shutil.copy(SEED, paths[-1])
    tasks = [Task(i, p.name, path=str(p), hooks=hooks) for i, p in enumerate(paths)]
    with WorkerPool(1, timeout=30, method="spawn") as pool:
        outcomes = {o.index: o for o in pool.imap_unordered(iter(tasks))}
        started = pool.started
    assert outcomes[0].ok and outcomes[2].ok
    assert outcomes[1].error == "WorkerDied" and "status 1" in (outcomes[1].message or "")
    assert started == 2  # the dead worker was replaced once


def test_progress_line_on_a_terminal() -> None:
    stream = io.StringIO()
    reporter = ProgressReporter(stream, live=True, interval=0)
    summary = BatchSummary(manifest=Path("m"), total=4)
    reporter.started(summary)
    summary.converted = 1
    entry = ManifestEntry(path="a.docx", sha256="x", status="ok", output="a.docx.json")
    reporter.file_done(entry, None, summary)
    summary.failed = 1
    failed = ManifestEntry(path="b.pdf", sha256="y", status="failed", error="Timeout", message="m")
    reporter.file_done(failed, None, summary)
    summary.seconds = 1.0
    reporter.finished(summary)
    text = stream.getvalue()
    assert text.count("\r") >= 2 and "files/s" in text and "ETA" in text
    assert "2/4 files" in text and "1 failed" in text
    assert "FAILED b.pdf: Timeout: m\n" in text
    assert "1 converted, 1 failed, 0 skipped" in text


def test_manifest_reader_ignores_torn_and_foreign_lines(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    good = ManifestEntry(path="a.docx", sha256="x", status="ok").to_line()
    path.write_text(good + "not json\n[1, 2]\n" + '{"path": "b", "status": "weird"}\n{"pa')
    assert list(read_manifest(path)) == ["a.docx"]


@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="dask.distributed is not installed (pip install 'scrutiny-parse[dask]')",
)
def test_convert_on_a_dask_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    src = failing_archive(tmp_path)
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        result = run(
            "convert", src, "--out", out, "--dask", address, "--timeout", "3",
            SCRUTINY_PARSE_TEST_HANG="hang-me", SCRUTINY_PARSE_TEST_CRASH="crash-me",
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        entries = read_manifest(manifest_path(out))
        assert {k: e.error for k, e in entries.items()} == {
            "good-1.docx": None,
            "good-2.docx": None,
            "hang-me.docx": "Timeout",
            "crash-me.docx": "WorkerDied",
            "empty.docx": "UnsupportedFormatError",
        }
        assert (out / "good-1.docx.json").exists() and (out / "good-2.docx.json").exists()
        rerun = run("convert", src, "--out", out, "--dask", address, "--allow-failures")
        assert rerun.returncode == 0, rerun.stderr
        assert "2 converted, 1 failed, 2 skipped" in rerun.stderr  # no hooks: hang, crash pass
