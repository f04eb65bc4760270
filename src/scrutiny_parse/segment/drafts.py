"""Collect lines into recommendation drafts: which rows belong to which part and round.

The collector walks the lines once and only *groups* them; turning a group into actions
(columns, text, grades) happens in :mod:`.build` once the whole document, including the
legend at its end, has been seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..layout import Origin
from .labels import ACTION_FIELDS, Field
from .lines import Line, Value

RoundField = Literal["evidence", "assessment"]


@dataclass
class RowDraft:
    values: list[Value]
    line: Line


@dataclass
class RoundDraft:
    period: str | None
    evidence: list[RowDraft] = field(default_factory=list)
    assessment: list[RowDraft] = field(default_factory=list)

    def rows(self, which: RoundField) -> list[RowDraft]:
        return self.evidence if which == "evidence" else self.assessment


@dataclass
class BlockDraft:
    """Rows that share one column layout: a part, or a repeat of its rows without a
    heading (whose actions then continue the part's column numbering)."""

    fields: dict[Field, list[RowDraft]] = field(default_factory=dict)
    rounds: list[RoundDraft] = field(default_factory=list)

    def all_rows(self) -> list[RowDraft]:
        rows = [r for rs in self.fields.values() for r in rs]
        for rnd in self.rounds:
            rows.extend(rnd.evidence)
            rows.extend(rnd.assessment)
        return rows

    @property
    def empty(self) -> bool:
        return not self.fields and not self.rounds


@dataclass
class PartDraft:
    label: str | None
    origin: Origin | None = None
    blocks: list[BlockDraft] = field(default_factory=lambda: [BlockDraft()])
    # Lines given as the heading that turned out to hold no rows are reported, not lost.

    @property
    def block(self) -> BlockDraft:
        return self.blocks[-1]

    @property
    def empty(self) -> bool:
        return all(b.empty for b in self.blocks)


@dataclass
class RecDraft:
    number: int
    text: list[str]
    origin: Origin
    parts: list[PartDraft] = field(default_factory=lambda: [PartDraft(None)])

    @property
    def part(self) -> PartDraft:
        return self.parts[-1]


# Where a continuation line (no label of its own) goes: the last field row's target.
Target = tuple[Literal["field"], Field] | tuple[RoundField, RoundDraft]


def period_key(period: str | None) -> str | None:
    return " ".join(period.lower().split()) if period else None


def add_round_row(
    block: BlockDraft, which: RoundField, period: str | None, row: RowDraft, last: Target | None
) -> RoundDraft:
    """File an evidence or assessment row under its progress round.

    Rounds are told apart by the period in their labels ("Evidence of Progress
    (March 2020)" / "(September 2020)"). A label without a period pairs with the open
    round: evidence opens a round, the assessment after it closes it.
    """
    key = period_key(period)
    rnd: RoundDraft | None = None
    if key is not None:
        rnd = next((r for r in block.rounds if period_key(r.period) == key), None)
        if rnd is None and which == "assessment":
            # "Progress to date" (no period) then "Assessment (March 2021)": one round.
            rnd = next(
                (r for r in reversed(block.rounds) if r.period is None and not r.assessment),
                None,
            )
    elif which == "evidence":
        if last is not None and last[0] == "evidence":
            rnd = last[1]
    else:
        rnd = next((r for r in reversed(block.rounds) if not r.assessment), None)
    if rnd is None:
        rnd = RoundDraft(period)
        block.rounds.append(rnd)
    if rnd.period is None and period is not None:
        rnd.period = period
    rnd.rows(which).append(row)
    return rnd


def starts_new_block(block: BlockDraft, fld: Field, last: Target | None) -> bool:
    """A Responsibility/Date/Action/Measure row seen again after other rows: the
    recommendation repeats its block of rows (without a sub-part heading)."""
    if fld not in ACTION_FIELDS or fld not in block.fields:
        return False
    return not (last is not None and last[0] == "field" and last[1] == fld)
