"""Pair the items of a new update with those already followed: by position, confirmed by
text, or by text alone when the position disagrees.

Successive updates of a review copy the recommendation and action texts from the
action plan, so the same text at the same number is the normal case. Councils do
renumber (a recommendation signed off, the rest moved up) and reorder columns, so text
similarity decides; the position only breaks ties and lets a lightly edited text through.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import regex

__all__ = [
    "CONTENT_MATCH",
    "POSITION_CONFIRM",
    "Pair",
    "match_items",
    "similarity",
    "words",
]

#: Texts at least this similar are the same item wherever they stand.
CONTENT_MATCH = 0.6
#: At the same position (number, or part and column), this much similarity confirms it.
POSITION_CONFIRM = 0.3
#: Added to the score of a pair at the same position, so it wins a tie.
_POSITION_BONUS = 0.2

_WORD = regex.compile(r"[^\W_]+")


def words(text: str | None) -> tuple[str, ...]:
    """The words of ``text``, case-folded: punctuation, spacing and bullets do not count."""
    return tuple(w.casefold() for w in _WORD.findall(text or ""))


def similarity(a: Sequence[str], b: Sequence[str]) -> float | None:
    """How alike two word sequences are, 0 to 1; None when either is empty (nothing to
    compare: old-layout updates have no action text).

    difflib's ratio of the sequences, or the share of words in common (Dice) when that
    is higher, so a sentence reordered by its author still reads as itself.
    """
    if not a or not b:
        return None
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    common = sum((Counter(a) & Counter(b)).values())
    return max(ratio, 2 * common / (len(a) + len(b)))


@dataclass(frozen=True)
class Pair:
    """A new item matched to an old one; ``how`` says what agreed.

    ``confirmed``: same position, similar text (or no text to compare); ``reworded``:
    same position, text only loosely similar; ``moved``: similar text at another position.
    """

    new: int
    old: int
    score: float | None
    how: Literal["confirmed", "reworded", "moved"]


def match_items(
    new: Sequence[tuple[Hashable, tuple[str, ...]]],
    old: Sequence[tuple[Hashable, tuple[str, ...]]],
    *,
    allowed: Callable[[int, int], bool] = lambda i, j: True,
) -> list[Pair]:
    """Pairs (index into ``new``, index into ``old``) of (position, words) items.

    A pair is possible when the texts are :data:`CONTENT_MATCH` similar, or when the
    positions are equal and the texts are :data:`POSITION_CONFIRM` similar or cannot be
    compared. The best-scoring possible pairs are taken first, each item once.
    """
    candidates: list[tuple[float, int, int, float | None, bool]] = []
    for i, (pos_new, words_new) in enumerate(new):
        for j, (pos_old, words_old) in enumerate(old):
            if not allowed(i, j):
                continue
            same = pos_new == pos_old
            sim = similarity(words_new, words_old)
            if sim is None:
                if same:
                    candidates.append((1.0 + _POSITION_BONUS, i, j, None, True))
                continue
            if sim >= CONTENT_MATCH or (same and sim >= POSITION_CONFIRM):
                candidates.append((sim + (_POSITION_BONUS if same else 0.0), i, j, sim, same))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    pairs: list[Pair] = []
    used_new: set[int] = set()
    used_old: set[int] = set()
    for _, i, j, sim, same in candidates:
        if i in used_new or j in used_old:
            continue
        used_new.add(i)
        used_old.add(j)
        if not same:
            how: Literal["confirmed", "reworded", "moved"] = "moved"
        elif sim is not None and sim < CONTENT_MATCH:
            how = "reworded"
        else:
            how = "confirmed"
        pairs.append(Pair(i, j, sim, how))
    return sorted(pairs, key=lambda p: p.new)
