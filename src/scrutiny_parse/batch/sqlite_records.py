"""``--records FILE.db``: the archive as a SQLite database shaped for Datasette.

Tables (foreign keys declared, so Datasette links rows to their parents):

    updates          one row per ok input, primary key ``path`` (the manifest key)
    recommendations  ``id`` = ``path#number``, -> updates
    actions          ``id`` = ``path#number#part#column``, -> recommendations, updates
    records          ``id`` = action id + ``#round``, -> actions, recommendations, updates;
                     full-text search on ``evidence`` and ``explanation``
    warnings         ``id`` = ``path#n``, -> updates
    failures         the manifest's failed inputs, primary key ``path``

A rerun updates the database in place: an input whose manifest line is unchanged
(same sha256, version and finish time) is left alone, one that changed has its rows
deleted and written again, and one no longer ``ok`` is removed (and listed in
``failures`` if it failed). Keys come from the path, so nothing is ever duplicated.
The FTS index is kept in step by sqlite-utils' triggers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .manifest import ManifestEntry
from .records import ReadBack, read_back

__all__ = ["TABLES", "write_sqlite"]

#: The tables, children first (the order rows of an input are deleted in).
TABLES = ("records", "warnings", "actions", "recommendations", "updates", "failures")

_UPDATES: dict[str, Any] = {
    "path": str, "sha256": str, "file_name": str, "format": str, "converted_from": str,
    "review": str, "title": str, "classification": str, "link_officers": str,
    "action_plan_agreed": str, "introduction": str, "grading_scale": str,
    "recommendations": int, "actions": int, "records": int, "warnings": int, "pages": int,
    "library_version": str, "finished": str, "output": str,
}  # fmt: skip
_RECOMMENDATIONS: dict[str, Any] = {
    "id": str, "update_path": str, "number": int, "text": str, "parts": int, "actions": int,
}  # fmt: skip
_ACTIONS: dict[str, Any] = {
    "id": str, "update_path": str, "recommendation_id": str, "recommendation": int,
    "part": str, "column": int, "responsibility": str, "people": str, "date": str,
    "date_start": str, "date_end": str, "ongoing": int, "action": str,
    "success_measure": str,
}  # fmt: skip
_RECORDS: dict[str, Any] = {
    "id": str, "update_path": str, "recommendation_id": str, "action_id": str,
    "file": str, "sha256": str, "review": str, "recommendation": int, "part": str,
    "column": int, "responsibility": str, "date": str, "action": str,
    "success_measure": str, "period": str, "evidence": str, "grade": int,
    "previous_grade": int, "explanation": str, "date_start": str, "date_end": str,
    "ongoing": int, "period_month": str, "people": str,
}  # fmt: skip
_WARNINGS: dict[str, Any] = {
    "id": str, "update_path": str, "code": str, "message": str, "recommendation": int,
    "field": str, "page": int,
}  # fmt: skip
_FAILURES: dict[str, Any] = {
    "path": str, "sha256": str, "error": str, "message": str, "version": str,
    "finished": str,
}  # fmt: skip


def _create(db: Any) -> None:
    """Create the tables that do not exist yet, and the full-text index."""
    up = ("update_path", "updates", "path")
    recs = ("recommendation_id", "recommendations", "id")
    specs: list[tuple[str, dict[str, Any], str, list[tuple[str, str, str]]]] = [
        ("updates", _UPDATES, "path", []),
        ("recommendations", _RECOMMENDATIONS, "id", [up]),
        ("actions", _ACTIONS, "id", [up, recs]),
        ("records", _RECORDS, "id", [up, recs, ("action_id", "actions", "id")]),
        ("warnings", _WARNINGS, "id", [up]),
        ("failures", _FAILURES, "path", []),
    ]
    for name, columns, pk, foreign in specs:
        table = db.table(name)
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=foreign)
    records = db.table("records")
    if not records.detect_fts():
        records.enable_fts(["evidence", "explanation"], create_triggers=True)
    for name, column in (
        ("recommendations", "update_path"),
        ("actions", "recommendation_id"),
        ("records", "action_id"),
        ("records", "update_path"),
        ("warnings", "update_path"),
    ):
        db.table(name).create_index([column], if_not_exists=True)


def _rows(found: ReadBack) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one input."""
    entry, update = found.entry, found.update
    path = entry.path
    recommendations: dict[int, dict[str, Any]] = {}
    actions: dict[str, dict[str, Any]] = {}
    records: list[dict[str, Any]] = []
    rounds: dict[str, int] = {}
    for row in found.rows:
        rec_id = f"{path}#{row['recommendation']}"
        act_id = f"{rec_id}#{row['part'] or ''}#{row['column']}"
        people = json.dumps(row["people"], ensure_ascii=False)
        recommendations.setdefault(
            row["recommendation"],
            {"id": rec_id, "update_path": path, "number": row["recommendation"], "text": None},
        )
        actions.setdefault(
            act_id,
            {
                "id": act_id, "update_path": path, "recommendation_id": rec_id,
                "recommendation": row["recommendation"], "part": row["part"],
                "column": row["column"], "responsibility": row["responsibility"],
                "people": people, "date": row["date"], "date_start": row["date_start"],
                "date_end": row["date_end"], "ongoing": row["ongoing"],
                "action": row["action"], "success_measure": row["success_measure"],
            },
        )  # fmt: skip
        n = rounds[act_id] = rounds.get(act_id, 0) + 1
        records.append(
            {
                **row, "id": f"{act_id}#{n}", "update_path": path,
                "recommendation_id": rec_id, "action_id": act_id, "people": people,
            }
        )  # fmt: skip
    if update is not None:
        for rec in update.recommendations:
            if rec.number in recommendations:
                recommendations[rec.number]["text"] = rec.text
    for rec_row in recommendations.values():
        mine = [a for a in actions.values() if a["recommendation"] == rec_row["number"]]
        rec_row["parts"] = len({a["part"] for a in mine})
        rec_row["actions"] = len(mine)
    warnings = []
    if update is not None:
        for i, w in enumerate(update.warnings, 1):
            warnings.append(
                {
                    "id": f"{path}#{i}", "update_path": path, "code": w.code,
                    "message": w.message, "recommendation": w.recommendation,
                    "field": w.field, "page": w.source.page if w.source else None,
                }
            )  # fmt: skip
    front: dict[str, Any] = {}
    if update is not None:
        plan = update.action_plan_agreed
        front = {
            "file_name": update.source.file_name,
            "format": update.source.format,
            "converted_from": update.source.converted_from,
            "review": update.review,
            "title": update.title,
            "classification": update.classification,
            "link_officers": json.dumps(update.link_officers, ensure_ascii=False),
            "action_plan_agreed": plan.text if plan else None,
            "introduction": update.introduction,
            "grading_scale": json.dumps(update.grading_scale, ensure_ascii=False),
        }
    elif found.rows:
        front = {"review": found.rows[0]["review"]}
    updates = {
        "path": path, "sha256": entry.sha256, **front,
        "recommendations": len(recommendations), "actions": len(actions),
        "records": len(records), "warnings": entry.warnings, "pages": entry.pages,
        "library_version": entry.version, "finished": entry.finished, "output": entry.output,
    }  # fmt: skip
    return {
        "updates": [updates],
        "recommendations": list(recommendations.values()),
        "actions": list(actions.values()),
        "records": records,
        "warnings": warnings,
    }


def _delete(db: Any, path: str) -> None:
    for name in TABLES[:4]:
        db.execute(f"delete from [{name}] where update_path = ?", [path])
    db.execute("delete from updates where path = ?", [path])


def write_sqlite(target: Path, entries: Mapping[str, ManifestEntry], out_dir: Path) -> int:
    """Bring the database at ``target`` up to date with ``entries``; the records count."""
    import sqlite_utils

    db = sqlite_utils.Database(target)
    try:
        _create(db)
        ok = {k: e for k, e in entries.items() if e.status == "ok"}
        stored = {
            row["path"]: (row["sha256"], row["library_version"], row["finished"])
            for row in db.query("select path, sha256, library_version, finished from updates")
        }
        with db.conn:
            for path in sorted(set(stored) - set(ok)):
                _delete(db, path)
            for path in sorted(ok):
                entry = ok[path]
                if stored.get(path) == (entry.sha256, entry.version, entry.finished):
                    continue  # unchanged since the database was written
                _delete(db, path)
                found = read_back(entry, out_dir)
                if found is None:
                    continue
                for name, rows in _rows(found).items():
                    if rows:
                        db.table(name).insert_all(rows, alter=False)
            failed = [
                {
                    "path": e.path, "sha256": e.sha256, "error": e.error, "message": e.message,
                    "version": e.version, "finished": e.finished,
                }
                for e in entries.values()
                if e.status == "failed"
            ]  # fmt: skip
            db.execute("delete from failures")
            if failed:
                db.table("failures").insert_all(failed)
        count: int = db.execute("select count(*) from records").fetchone()[0]
    finally:
        db.close()
    return count
