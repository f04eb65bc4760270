"""Grade history: line up successive progress updates of a review and say what changed.

>>> from scrutiny_parse import history
>>> h = history(["libraries-march-2021.docx", "libraries-september-2021.pdf"])
>>> [r["change"] for r in h.to_records()][:3]
['first', 'better', 'first']

:func:`history` groups updates by review, orders their rounds by period and follows each
action from update to update (by number, confirmed by its text); :mod:`.timeline` and
:mod:`.report` render the result as text and as an HTML page.
"""

from .build import HistorySource, history, review_key
from .model import (
    HISTORY_RECORD_KEYS,
    History,
    HistoryAction,
    HistoryFile,
    HistoryReview,
    HistoryRound,
    HistoryWarning,
)

__all__ = [
    "HISTORY_RECORD_KEYS",
    "History",
    "HistoryAction",
    "HistoryFile",
    "HistoryReview",
    "HistoryRound",
    "HistorySource",
    "HistoryWarning",
    "history",
    "review_key",
]
