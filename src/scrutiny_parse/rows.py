"""Analyst rows: the flat records plus which file they came from and what was parsed.

A record (:data:`~scrutiny_parse.model.RECORD_KEYS`) keeps cell text as written, which
is the contract other tools rely on. An analyst also needs to know which file a row
came from and wants the parsed values the tree holds but the record leaves out. A row
is a record with, in this order::

    file, sha256, <RECORD_KEYS...>, date_start, date_end, ongoing, period_month, people

``date_start``/``date_end``/``period_month`` are ``YYYY-MM`` strings (or None),
``ongoing`` a bool (None without a date cell), ``people`` a list of names. The
DataFrame, the CSV, the JSONL and the SQLite ``records`` table are all made of rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .model import RECORD_KEYS, Action, ProgressRound, ProgressUpdate
from .normalise.dates import parse_date, parse_month
from .normalise.names import split_people

__all__ = ["PARSED_KEYS", "ROW_KEYS", "rows_from_records", "update_rows", "walk_records"]

#: Columns a row adds after the record keys.
PARSED_KEYS: tuple[str, ...] = ("date_start", "date_end", "ongoing", "period_month", "people")
#: Every column of a row, in order.
ROW_KEYS: tuple[str, ...] = ("file", "sha256", *RECORD_KEYS, *PARSED_KEYS)


def walk_records(
    update: ProgressUpdate,
) -> Iterator[tuple[dict[str, Any], int, int, Action, ProgressRound | None]]:
    """(record, part index, round index, action, round) in ``to_records()`` order.

    ``to_records()`` is the one definition of a record; this walks the tree the same way
    beside it so each record can be given the parsed values of the action it came from.
    """
    records = iter(update.to_records())
    for rec in update.recommendations:
        for part_index, part in enumerate(rec.parts):
            for act in part.actions:
                rounds: list[ProgressRound | None] = list(act.rounds) or [None]
                for round_index, rnd in enumerate(rounds):
                    yield next(records), part_index, round_index, act, rnd


def update_rows(update: ProgressUpdate, file: str | None = None) -> list[dict[str, Any]]:
    """The rows of one update; ``file`` defaults to the update's file name."""
    name = file if file is not None else update.source.file_name
    rows = []
    for record, _, _, act, rnd in walk_records(update):
        date = act.date
        period = rnd.period if rnd is not None else None
        rows.append(
            {
                "file": name,
                "sha256": update.source.sha256,
                **record,
                "date_start": date.start if date else None,
                "date_end": date.end if date else None,
                "ongoing": date.ongoing if date else None,
                "period_month": period.month if period else None,
                "people": list(act.responsibility.people) if act.responsibility else [],
            }
        )
    return rows


def rows_from_records(
    records: list[Mapping[str, Any]], *, file: str | None, sha256: str | None
) -> list[dict[str, Any]]:
    """Rows from flat records alone (a ``--flat`` output), parsing the texts again with
    the functions the segmenter uses, so they match :func:`update_rows`."""
    rows = []
    for record in records:
        date_text = record.get("date") or ""
        period = record.get("period")
        parsed = parse_date(date_text) if date_text else None
        who = record.get("responsibility") or ""
        rows.append(
            {
                "file": file,
                "sha256": sha256,
                **{k: record.get(k) for k in RECORD_KEYS},
                "date_start": parsed.start if parsed else None,
                "date_end": parsed.end if parsed else None,
                "ongoing": parsed.ongoing if parsed else None,
                "period_month": parse_month(period) if period else None,
                "people": split_people(who) if who else [],
            }
        )
    return rows
