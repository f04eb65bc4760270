"""The exceptions scrutiny_parse raises.

Every failure a caller can see is one of these, so ``except ScrutinyParseError`` is
enough around ``load()``. A dependency's own exception is chained as ``__cause__``.

    ScrutinyParseError
    ├── SourceNotFoundError       the path does not exist or cannot be read
    ├── UnsupportedFormatError    the bytes are not a format we read
    ├── CorruptDocumentError      the format is right but the file is damaged
    │   └── DependencyError       a dependency failed unforeseen (a bug worth reporting)
    ├── EncryptedDocumentError    a password is needed to read the text
    ├── NoTextLayerError          a PDF with no text (scanned): OCR is needed
    ├── NotAProgressUpdateError   a readable document that is not a progress update
    ├── ResourceLimitError        a size/page/depth/time limit was exceeded (also
    │                             MemoryError and RecursionError, caught at load())
    ├── ConverterUnavailableError an external converter (LibreOffice) is missing
    ├── StrictModeError           load(strict=True) and the parse produced warnings
    └── MissingDependencyError    an optional extra (pandas, sqlite) is not installed;
                                  also an ImportError
"""

from __future__ import annotations

__all__ = [
    "ConverterUnavailableError",
    "CorruptDocumentError",
    "DependencyError",
    "EncryptedDocumentError",
    "MissingDependencyError",
    "NoTextLayerError",
    "NotAProgressUpdateError",
    "ResourceLimitError",
    "ScrutinyParseError",
    "SourceNotFoundError",
    "StrictModeError",
    "UnsupportedFormatError",
]


class ScrutinyParseError(Exception):
    """Root of every error scrutiny_parse raises; names the file and the reason."""

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)

    def with_source(self, source: str) -> ScrutinyParseError:
        """Fill in the file name once the caller knows it (readers see only bytes)."""
        if self.source is None:
            self.source = source
            self.args = (f"{source}: {self.reason}",)
        return self


class SourceNotFoundError(ScrutinyParseError, FileNotFoundError):
    """The path given to load() does not exist or cannot be read."""


class UnsupportedFormatError(ScrutinyParseError, ValueError):
    """The input is not PDF, Word or text."""


class CorruptDocumentError(ScrutinyParseError, ValueError):
    """The input claims a supported format but cannot be read as one."""


class DependencyError(CorruptDocumentError):
    """A dependency (pdfminer, python-docx, lxml...) raised something the reader did
    not translate: almost always a damaged file, but also a gap worth reporting, which
    is why the fuzzers count it as a finding. The original is the ``__cause__``."""


class EncryptedDocumentError(ScrutinyParseError):
    """The document needs a password to be read."""


class NoTextLayerError(ScrutinyParseError):
    """A PDF whose pages carry no text (a scan): it needs OCR first."""


class NotAProgressUpdateError(ScrutinyParseError, ValueError):
    """A readable document with none of the structure of a progress update."""


class ResourceLimitError(ScrutinyParseError):
    """The input exceeds a configured limit (size, pages, nesting...)."""


class ConverterUnavailableError(ScrutinyParseError):
    """An external converter needed for this format is not installed."""


class StrictModeError(ScrutinyParseError):
    """``load(strict=True)`` was asked for and the parse produced warnings."""

    def __init__(self, reason: str, *, source: str | None = None, warnings: list[str]) -> None:
        super().__init__(reason, source=source)
        self.warnings = warnings


class MissingDependencyError(ScrutinyParseError, ImportError):
    """A feature needs an optional extra that is not installed; the message says which
    (``pip install 'scrutiny-parse[pandas]'``)."""

    @classmethod
    def for_extra(cls, feature: str, module: str, extra: str) -> MissingDependencyError:
        """The error for ``feature`` needing ``module``, installed by extra ``extra``."""
        error = cls(
            f"{feature} needs {module}, which is not installed: "
            f"pip install 'scrutiny-parse[{extra}]'"
        )
        error.name = module
        return error
