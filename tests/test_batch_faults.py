"""Issue 13: batch faults that no input may turn into a stopped run.

File names that are not UTF-8 or hold control characters, symbolic links planted in
``--out``, unreadable folders and broken links, a full disk, a file that needs more
memory than a worker may have. After each: the run completed (or stopped in order, with
its summary), the manifest parses line by line and tells the truth, and nothing was
written outside ``--out``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import hostile
import pytest
from conftest import SAMPLES

from scrutiny_parse.batch.engine import ArchiveConverter
from scrutiny_parse.batch.manifest import MANIFEST_NAME, lock_path, manifest_path, read_manifest
from scrutiny_parse.batch.plan import UNREADABLE_ERROR
from scrutiny_parse.limits import Limits

SCRIPT = Path(sys.executable).with_name("scrutiny-parse")
SEED = SAMPLES / "digital-optimisation-march-2020.docx"
HOOKS = ("SCRUTINY_PARSE_TEST_HANG", "SCRUTINY_PARSE_TEST_CRASH", "SCRUTINY_PARSE_TEST_DELAY")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in HOOKS}
    return subprocess.run(
        [str(SCRIPT), *map(os.fsencode, map(str, args))],
        capture_output=True,
        timeout=300,
        env=environ,
        cwd=cwd,
        check=False,
    )


def manifest_lines(out: Path) -> list[dict[str, object]]:
    """Every manifest line, parsed: it must parse whole."""
    return [json.loads(line) for line in manifest_path(out).read_text().splitlines()]


def test_names_that_are_not_utf8_are_recorded_escaped_and_converted(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    odd = os.path.join(os.fsencode(archive), b"caf\xe9 update.docx")
    shutil.copyfile(SEED, odd)
    shutil.copyfile(SEED, archive / "plain.docx")
    out = tmp_path / "out"
    result = run("convert", archive, "--out", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    entries = read_manifest(manifest_path(out))
    assert set(entries) == {"caf\\xe9 update.docx", "plain.docx"}
    assert entries["caf\\xe9 update.docx"].status == "ok"
    assert os.path.exists(os.path.join(os.fsencode(out), b"caf\xe9 update.docx.json"))
    stderr = result.stderr.decode("utf-8")  # strict: the log is valid UTF-8
    assert "caf\\xe9 update.docx" in stderr
    # and a rerun resumes past it like any other file
    again = run("convert", archive, "--out", out, "--jobs", "1")
    assert again.returncode == 0
    assert "0 converted, 0 failed, 2 skipped" in again.stderr.decode()


def test_control_characters_in_names_cannot_forge_log_lines(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "evil\nok fake.docx -> x\x1b[2J.docx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "out"
    result = run("convert", archive, "--out", out, "--jobs", "1")
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "\x1b" not in stderr
    failed = [line for line in stderr.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "evil\\x0aok fake.docx -> x\\x1b[2J.docx" in failed[0]
    assert not any(line.startswith("ok fake") for line in stderr.splitlines())
    [line] = manifest_lines(out)
    assert line["path"] == "evil\nok fake.docx -> x\x1b[2J.docx"  # JSON escapes it itself


def test_links_planted_in_out_are_never_written_through(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copyfile(SEED, archive / "a.docx")
    outside = tmp_path / "outside"
    outside.mkdir()
    victims = {name: outside / name for name in ("lock", "manifest", "tmp", "compact")}
    for victim in victims.values():
        victim.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    manifest_path(out).parent.mkdir()
    lock_path(out).symlink_to(victims["lock"])
    manifest_path(out).symlink_to(victims["manifest"])
    (out / ".a.docx.json.tmp").symlink_to(victims["tmp"])
    manifest_path(out).with_name(f".{MANIFEST_NAME}.tmp").symlink_to(victims["compact"])
    result = run("convert", archive, "--out", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    assert all(v.read_text() == "precious\n" for v in victims.values())
    assert sorted(p.name for p in outside.iterdir()) == sorted(v.name for v in victims.values())
    assert not manifest_path(out).is_symlink()
    assert [line["status"] for line in manifest_lines(out)] == ["ok"]
    assert (out / "a.docx.json").is_file() and not (out / "a.docx.json").is_symlink()


def test_unreadable_folders_and_broken_links_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "archive"
    (archive / "locked").mkdir(parents=True)
    shutil.copyfile(SEED, archive / "locked" / "hidden.docx")
    shutil.copyfile(SEED, archive / "a.docx")
    (archive / "gone.docx").symlink_to(tmp_path / "nowhere.docx")
    locked = str(archive / "locked")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        # As root, chmod 000 does not stop a read: the refusal is simulated instead.
        if os.fspath(path) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out"
    summary = ArchiveConverter([archive], out, jobs=1).run()
    assert (summary.converted, summary.failed) == (1, 2)
    entries = read_manifest(manifest_path(out))
    assert entries["a.docx"].status == "ok"
    assert entries["locked/"].error == UNREADABLE_ERROR
    assert "Permission denied" in (entries["locked/"].message or "")
    assert entries["gone.docx"].error == UNREADABLE_ERROR


def _can_mount_tmpfs() -> bool:
    if shutil.which("unshare") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt && umount /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs root and mount namespaces")
def test_a_full_disk_ends_with_the_summary_and_an_intact_manifest(tmp_path: Path) -> None:
    """A real full disk: --out is a 192 KB tmpfs, in a mount namespace of the test's own."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(12):
        shutil.copyfile(SEED, archive / f"u{i:02d}.docx")
    out = tmp_path / "out"
    out.mkdir()
    saved = tmp_path / "saved"
    saved.mkdir()
    script = (
        f"mount -t tmpfs -o size=192k none {out} && "
        f"{SCRIPT} convert {archive} --out {out} --jobs 1 2> {saved}/stderr; "
        f"echo $? > {saved}/rc; cp -a {out}/. {saved}/"
    )
    subprocess.run(["unshare", "-m", "sh", "-c", script], timeout=300, check=True)
    stderr = (saved / "stderr").read_text()
    assert (saved / "rc").read_text().strip() == "1", stderr
    assert "Traceback" not in stderr
    assert "disk is full" in stderr
    assert "status    files" in stderr  # the summary table
    lines = manifest_lines(saved)
    for line in lines:
        if line["status"] == "ok":
            assert (saved / str(line["output"])).is_file()
    assert not list(out.iterdir())  # the tmpfs went with its namespace: nothing leaked


@pytest.mark.slow  # builds a 1.5 GB-inflating stream: ~30 s on a loaded 2-core box
def test_a_worker_past_its_memory_cap_fails_the_file_not_the_run(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "hungry.pdf").write_bytes(hostile.pdf_double_flate(inner=1536 << 20))
    shutil.copyfile(SEED, archive / "fine.docx")
    out = tmp_path / "out"
    generous = Limits(max_stream_size=4 << 30, max_page_content_size=4 << 30)
    summary = ArchiveConverter(
        [archive], out, jobs=1, limits=generous, max_memory=1 << 30, timeout=120
    ).run()
    entries = read_manifest(manifest_path(out))
    assert entries["fine.docx"].status == "ok"
    assert entries["hungry.pdf"].error == "ResourceLimitError", entries["hungry.pdf"]
    assert "memory" in (entries["hungry.pdf"].message or "").lower()
    assert summary.converted == 1


def test_max_memory_option(tmp_path: Path) -> None:
    from scrutiny_parse.batch.worker import default_max_memory
    from scrutiny_parse.cli import build_parser

    args = build_parser().parse_args(["convert", "x", "--out", "o", "--max-memory", "1.5G"])
    assert args.max_memory == 3 << 29
    cap = default_max_memory(2)
    assert cap is not None and 2 << 30 <= cap <= 8 << 30
    bad = run("convert", tmp_path, "--out", tmp_path / "o", "--max-memory", "lots")
    assert bad.returncode == 2 and b"not a size" in bad.stderr
