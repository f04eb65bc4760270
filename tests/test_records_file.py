"""``convert --records FILE``: one CSV, JSONL or SQLite file for the whole archive."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

from scrutiny_parse import load
from scrutiny_parse.batch.manifest import MANIFEST_NAME, manifest_path, read_manifest
from scrutiny_parse.rows import ROW_KEYS

pd = pytest.importorskip("pandas")
pytest.importorskip("sqlite_utils")

SCRIPT = Path(sys.executable).with_name("scrutiny-parse")
SEED = SAMPLES / "digital-optimisation-march-2020.docx"
HOUSING = SAMPLES / "housing-repairs-progress-update-september-2021.docx"
LIBRARY = SAMPLES / "library-service-progress-update-march-2022.docx"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300
    )


def archive(tmp_path: Path) -> Path:
    """Two good updates in a sub-folder layout, one damaged file and a note."""
    src = tmp_path / "in"
    (src / "2021").mkdir(parents=True)
    shutil.copy(SEED, src / "seed.docx")
    shutil.copy(HOUSING, src / "2021" / "housing.docx")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (src / "notes.md").write_text("not an input")
    return src


def expected_rows() -> int:
    return len(load(SEED).to_records()) + len(load(HOUSING).to_records())


def test_csv_reads_back_with_pandas_and_resume_keeps_it_whole(tmp_path: Path) -> None:
    src, out, csv = archive(tmp_path), tmp_path / "out", tmp_path / "records.csv"
    result = run("convert", src, "--out", out, "--records", csv)
    assert result.returncode == 1, result.stderr  # broken.docx failed
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    frame = pd.read_csv(csv, encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns) == list(ROW_KEYS)
    assert len(frame) == expected_rows()
    assert set(frame["file"]) == {"seed.docx", "2021/housing.docx"}
    seed = frame[frame["file"] == "seed.docx"]
    assert set(seed["sha256"]) == {load(SEED).source.sha256}
    assert seed["evidence"].tolist() == [r["evidence"] for r in load(SEED).to_records()]
    assert seed.iloc[0]["date_start"] == "2019-04" and seed.iloc[0]["people"] == "Lorraine Dixon"
    assert f"records: {expected_rows()} rows in {csv}" in result.stderr

    rerun = run("convert", src, "--out", out, "--records", csv)  # everything skipped or failed
    assert "0 converted, 1 failed, 2 skipped" in rerun.stderr
    assert pd.read_csv(csv, encoding="utf-8-sig").shape == frame.shape  # still the whole archive


def test_jsonl_records_with_flat_outputs(tmp_path: Path) -> None:
    src, out, target = archive(tmp_path), tmp_path / "out", tmp_path / "all.jsonl"
    run("convert", src, "--out", out, "--flat", "--records", target)
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(rows) == expected_rows()
    assert all(tuple(r) == ROW_KEYS for r in rows)
    from scrutiny_parse.rows import update_rows

    assert [r for r in rows if r["file"] == "seed.docx"] == update_rows(load(SEED), "seed.docx")


def _tables(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        names = [
            r[0]
            for r in conn.execute("select name from sqlite_master where type = 'table'")
            if not r[0].startswith("records_fts")
        ]
        return {n: conn.execute(f"select count(*) from [{n}]").fetchone()[0] for n in names}


def test_sqlite_tables_keys_fts_and_resume_updates_in_place(tmp_path: Path) -> None:
    src, out, db = archive(tmp_path), tmp_path / "out", tmp_path / "archive.db"
    assert run("convert", src, "--out", out, "--records", db).returncode == 1
    counts = _tables(db)
    seed = load(SEED)
    n_actions = sum(len(p.actions) for r in seed.recommendations for p in r.parts)
    assert counts["updates"] == 2 and counts["failures"] == 1
    assert counts["records"] == expected_rows()
    assert counts["recommendations"] == 13 + len(load(HOUSING).recommendations)
    assert counts["actions"] >= n_actions
    with sqlite3.connect(db) as conn:
        foreign = {
            (t, r[3], r[2]) for t in ("records", "actions") for r in conn.execute(
                f"pragma foreign_key_list([{t}])"
            )
        }  # fmt: skip
        assert ("records", "action_id", "actions") in foreign
        assert ("actions", "recommendation_id", "recommendations") in foreign
        (failure,) = conn.execute("select path, error from failures").fetchall()
        assert failure == ("broken.docx", "CorruptDocumentError")
        hits = conn.execute(
            "select records.file from records join records_fts on records.rowid = "
            "records_fts.rowid where records_fts match 'Stockton'"
        ).fetchall()
        assert hits and {h[0] for h in hits} == {"seed.docx"}
        text = conn.execute("select text from recommendations where id = 'seed.docx#1'").fetchone()[
            0
        ]
        assert text == seed.recommendations[0].text

    # A rerun with one input changed and the broken one fixed: updated, never duplicated.
    shutil.copy(LIBRARY, src / "2021" / "housing.docx")
    shutil.copy(SEED, src / "broken.docx")
    assert run("convert", src, "--out", out, "--records", db).returncode == 0
    counts = _tables(db)
    library = len(load(LIBRARY).to_records())
    assert counts["updates"] == 3 and counts["failures"] == 0
    assert counts["records"] == 2 * len(seed.to_records()) + library
    with sqlite3.connect(db) as conn:
        reviews = dict(conn.execute("select path, review from updates").fetchall())
        assert reviews["2021/housing.docx"] == "Future of the Library Service"
        fts = conn.execute("select count(*) from records_fts").fetchone()[0]
        assert fts == counts["records"]  # the index follows deletes and inserts
    assert run("convert", src, "--out", out, "--records", db).returncode == 0
    assert _tables(db) == counts


@pytest.mark.slow
def test_datasette_serves_the_database(tmp_path: Path) -> None:
    datasette = Path(sys.executable).with_name("datasette")
    if not datasette.exists():
        pytest.skip("datasette is not installed (it is in the dev extra)")
    out, db = tmp_path / "out", tmp_path / "archive.db"
    assert run("convert", SEED, "--out", out, "--records", db).returncode == 0
    got = subprocess.run(
        [str(datasette), str(db), "--get", "/archive/records.json?_shape=array&_size=5"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert got.returncode == 0, got.stderr
    rows = json.loads(got.stdout)
    assert len(rows) == 5 and rows[0]["file"] == SEED.name and rows[0]["recommendation"] == 1
    search = subprocess.run(
        [str(datasette), str(db), "--get", "/archive/records.json?_search=Stockton&_shape=array"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert search.returncode == 0 and json.loads(search.stdout), search.stderr
    row = subprocess.run(
        [str(datasette), str(db), "--get", "/archive/actions.json?_labels=on&_shape=array"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    first = json.loads(row.stdout)[0]
    assert first["recommendation_id"]["value"] == f"{SEED.name}#1"  # a foreign-key label


def test_records_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run("convert", SEED, "--out", tmp_path / "out", "--records", tmp_path / "x.xlsx")
    assert result.returncode == 2 and "must be one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_old_manifest_location_is_moved(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("convert", SEED, "--out", out).returncode == 0
    manifest_path(out).replace(out / MANIFEST_NAME)  # as an earlier version left it
    result = run("convert", SEED, "--out", out)
    assert "0 converted, 0 failed, 1 skipped" in result.stderr
    assert not (out / MANIFEST_NAME).exists()
    assert list(read_manifest(manifest_path(out))) == [SEED.name]
