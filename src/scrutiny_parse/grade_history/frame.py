"""History records as a pandas DataFrame; pandas is imported only when one is asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import MissingDependencyError
from .model import HISTORY_RECORD_KEYS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["records_to_frame"]

#: Nullable integers, so a missing grade is <NA> instead of turning the column to floats.
_DTYPES = {
    "recommendation": "int64",
    "column": "int64",
    "grade": "Int64",
    "previous_grade": "Int64",
    "earlier_grade": "Int64",
}


def records_to_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with the columns of :data:`HISTORY_RECORD_KEYS`, also when empty."""
    try:
        import pandas
    except ImportError as e:
        raise MissingDependencyError.for_extra("History.to_dataframe()", "pandas", "pandas") from e
    frame = pandas.DataFrame.from_records(records, columns=list(HISTORY_RECORD_KEYS))
    return frame.astype(_DTYPES)
