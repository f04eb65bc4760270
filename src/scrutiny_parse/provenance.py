"""Where a value came from: one frozen shape for the layout and the output alike.

The readers stamp it on every paragraph and cell (``scrutiny_parse.layout.Origin`` is this
type), and the segmenter carries it unchanged to each value's ``source``; so it lives
below both and imports neither.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Provenance"]


class Provenance(BaseModel):
    """Where a value came from: page and box for PDF; table, row, cell, paragraph for Word.

    Indexes are 0-based (``table`` counts tables in the body, ``cell`` is the grid
    column the cell starts at); ``page`` is 1-based. Unknown parts are null. The same
    type marks where a piece of layout came from (``scrutiny_parse.layout.Origin``), so a
    reader's provenance reaches the output unchanged. Frozen: shared, never edited.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    page: int | None = Field(
        default=None, description="1-based page number (PDF and text dumps; null for Word)."
    )
    bbox: tuple[float, float, float, float] | None = Field(
        default=None,
        description="PDF box (x0, top, x1, bottom) in PDF points (1/72 inch), measured "
        "from the page's top-left corner.",
    )
    table: int | None = Field(default=None, description="0-based index of the table in the body.")
    row: int | None = Field(default=None, description="0-based row index within the table.")
    cell: int | None = Field(
        default=None,
        description="0-based grid column the cell starts at (merged cells: the first).",
    )
    paragraph: int | None = Field(
        default=None,
        description="0-based paragraph index (in the cell, or in the body outside tables).",
    )

    def model_post_init(self, context: Any, /) -> None:
        # A document has one of these per paragraph and cell, tens of thousands in a long
        # PDF, and pydantic gives each its own set of the fields given (about half of the
        # instance's memory). Frozen, so the set is never edited: share one per
        # combination (``model_copy`` copies it before updating).
        fields = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(fields), fields)
        object.__setattr__(self, "__pydantic_fields_set__", shared)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
