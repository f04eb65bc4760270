"""The console script, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, sample_docx

from scrutiny_parse import RECORD_KEYS, ProgressUpdate
from scrutiny_parse.cli import output_path

SCRIPT = Path(sys.executable).with_name("scrutiny-parse")
if not SCRIPT.exists():  # pragma: no cover - installed elsewhere on PATH
    SCRIPT = Path(shutil.which("scrutiny-parse") or "scrutiny-parse")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300
    )


def test_convert_folder_mirrors_paths(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "2020" / "march").mkdir(parents=True)
    seed = SAMPLES / "digital-optimisation-march-2020.docx"
    shutil.copy(seed, src / "2020" / "march" / "update.docx")
    shutil.copy(seed, src / "top.docx")
    (src / "notes.md").write_text("ignored: not an input suffix")
    out = tmp_path / "out"
    result = run("convert", src, "--out", out)
    assert result.returncode == 0, result.stderr
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert produced == ["2020/march/update.docx.json", "top.docx.json"]
    update = ProgressUpdate.model_validate_json((out / "top.docx.json").read_text())
    assert len(update.recommendations) == 13
    assert "2 converted, 0 failed" in result.stderr


def test_convert_flat_writes_jsonl_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = sample_docx()
    result = run("convert", *files, "--out", out, "--flat")
    assert result.returncode == 0, result.stderr
    for f in files:
        lines = (out / f"{f.name}.jsonl").read_text().splitlines()
        assert lines
        for line in lines:
            record = json.loads(line)
            assert tuple(record) == ("file", *RECORD_KEYS)
            assert record["file"] == f.name
    # only data files where a glob of the outputs looks: the manifest is hidden
    assert sorted(p.name for p in out.glob("*.jsonl")) == sorted(f"{f.name}.jsonl" for f in files)
    assert (out / ".scrutiny" / "manifest.jsonl").is_file()


def test_convert_goes_on_past_a_bad_file_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    out = tmp_path / "out"
    result = run("convert", bad, SAMPLES / "digital-optimisation-march-2020.docx", "--out", out)
    assert result.returncode == 1
    assert "FAILED" in result.stderr and "bad.docx" in result.stderr
    assert "CorruptDocumentError" in result.stderr
    assert (out / "digital-optimisation-march-2020.docx.json").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("convert", tmp_path / "missing", "--out", tmp_path).returncode == 2
    assert run("frobnicate").returncode == 2


def test_show_prints_summary_and_json() -> None:
    seed = SAMPLES / "digital-optimisation-march-2020.docx"
    result = run("show", seed)
    assert result.returncode == 0, result.stderr
    assert "Review:          Digital Optimisation" in result.stdout
    assert "13 recommendations, 27 actions" in result.stdout
    as_json = run("show", seed, "--json")
    assert json.loads(as_json.stdout)["review"] == "Digital Optimisation"


def test_schema_command_prints_json_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "ProgressUpdate"
    assert "recommendations" in schema["properties"]


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/../../b.docx", "/abs/x.docx"])
def test_output_paths_stay_inside_out(tmp_path: Path, name: str) -> None:
    target = output_path(tmp_path, Path(name), ".json")
    assert tmp_path.resolve() in target.resolve().parents


def test_convert_help_lists_the_batch_options() -> None:
    result = run("convert", "--help")
    assert result.returncode == 0
    for option in ("--jobs", "--timeout", "--force", "--allow-failures", "--dask", "--flat"):
        assert option in result.stdout
