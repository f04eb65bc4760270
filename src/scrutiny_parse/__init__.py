"""scrutiny_parse: council scrutiny progress updates (PDF, Word) as validated, typed data.

>>> from scrutiny_parse import load
>>> update = load("samples/digital-optimisation-march-2020.docx")
>>> update.recommendations[0].parts[0].actions[0].rounds[0].assessment.grade
1
"""

from ._version import __version__
from .api import load
from .batch import BatchResult, load_many
from .errors import (
    ConverterUnavailableError,
    CorruptDocumentError,
    DependencyError,
    EncryptedDocumentError,
    MissingDependencyError,
    NotAProgressUpdateError,
    NoTextLayerError,
    ResourceLimitError,
    ScrutinyParseError,
    SourceNotFoundError,
    StrictModeError,
    UnsupportedFormatError,
)
from .frames import to_dataframe
from .grade_history import (
    HISTORY_RECORD_KEYS,
    History,
    HistoryAction,
    HistoryFile,
    HistoryReview,
    HistoryRound,
    HistoryWarning,
    history,
)
from .limits import Limits
from .model import (
    DEFAULT_GRADING_SCALE,
    RECORD_KEYS,
    Action,
    Assessment,
    DateValue,
    ParseWarning,
    Part,
    Period,
    ProgressRound,
    ProgressUpdate,
    Provenance,
    Recommendation,
    Responsibility,
    SourceInfo,
    TextValue,
)

__all__ = [
    "DEFAULT_GRADING_SCALE",
    "HISTORY_RECORD_KEYS",
    "RECORD_KEYS",
    "Action",
    "Assessment",
    "BatchResult",
    "ConverterUnavailableError",
    "CorruptDocumentError",
    "DateValue",
    "DependencyError",
    "EncryptedDocumentError",
    "History",
    "HistoryAction",
    "HistoryFile",
    "HistoryReview",
    "HistoryRound",
    "HistoryWarning",
    "Limits",
    "MissingDependencyError",
    "NoTextLayerError",
    "NotAProgressUpdateError",
    "ParseWarning",
    "Part",
    "Period",
    "ProgressRound",
    "ProgressUpdate",
    "Provenance",
    "Recommendation",
    "ResourceLimitError",
    "Responsibility",
    "ScrutinyParseError",
    "SourceInfo",
    "SourceNotFoundError",
    "StrictModeError",
    "TextValue",
    "UnsupportedFormatError",
    "__version__",
    "history",
    "load",
    "load_many",
    "to_dataframe",
]
