"""pandas DataFrames of records: one update, or a whole ``load_many`` run.

One row per record (see :mod:`scrutiny_parse.rows`): the flat record keys plus
``file``, ``sha256`` and the parsed ``date_start``, ``date_end``, ``period_month``
(datetime64, the first of the month), ``ongoing`` (nullable boolean) and ``people``
(a list per row). ``grade`` and ``previous_grade`` are pandas' nullable ``Int64``, so a
missing grade is ``<NA>`` rather than turning the column into floats.

pandas is an optional extra and is imported only when a frame is asked for, never at
``import scrutiny_parse``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import MissingDependencyError
from .model import ProgressUpdate
from .rows import ROW_KEYS, update_rows

if TYPE_CHECKING:
    import pandas as pd

    from .batch.many import BatchResult

__all__ = ["import_pandas", "rows_to_frame", "to_dataframe", "update_frame"]

#: Column dtypes; the other columns are left to pandas (text: its string dtype).
_DTYPES: dict[str, str] = {
    "recommendation": "int64",
    "column": "int64",
    "grade": "Int64",
    "previous_grade": "Int64",
    "ongoing": "boolean",
}
_MONTHS = ("date_start", "date_end", "period_month")


def import_pandas() -> Any:
    """The pandas module, or :class:`MissingDependencyError` naming the extra."""
    try:
        import pandas
    except ImportError as e:
        raise MissingDependencyError.for_extra("to_dataframe()", "pandas", "pandas") from e
    return pandas


def rows_to_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame of rows with the columns of :data:`~scrutiny_parse.rows.ROW_KEYS`
    and their dtypes, also when there are no rows."""
    pandas = import_pandas()
    frame = pandas.DataFrame(rows, columns=list(ROW_KEYS))
    for name in _MONTHS:
        frame[name] = pandas.to_datetime(frame[name], format="%Y-%m")
    return frame.astype(_DTYPES)


def update_frame(update: ProgressUpdate) -> pd.DataFrame:
    """One update's rows (``file`` is its file name)."""
    return rows_to_frame(update_rows(update))


def to_dataframe(items: Iterable[ProgressUpdate | BatchResult]) -> pd.DataFrame:
    """One DataFrame for many updates and/or :class:`~scrutiny_parse.BatchResult` s.

    A result's ``file`` is its ``source`` (the path as given to ``load_many``); an
    update's is its file name. Failed results are skipped (they have no rows).

    >>> to_dataframe(load_many(Path("archive").rglob("*.docx")))
    """
    from .batch.many import BatchResult

    rows: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, ProgressUpdate):
            rows += update_rows(item)
        elif isinstance(item, BatchResult):
            if item.update is not None:
                rows += update_rows(item.update, file=item.source)
        else:
            raise TypeError(
                f"to_dataframe() takes ProgressUpdates and BatchResults, not {type(item).__name__}"
            )
    return rows_to_frame(rows)
