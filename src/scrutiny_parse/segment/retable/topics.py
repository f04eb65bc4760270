"""Rebuilding tables from text: more paragraphs than columns, grouped by what they say.

Where a dump marks paragraph ends but not cell ends (pypdf), a row of ``k`` cells comes
back as more blocks than ``k``, and nothing in the layout says which of them start a
cell. What the text says does: the evidence under an action reports on that action
("The online form went live..." under "Introduce a single online form..."). The blocks
are cut into ``k`` runs, in order, so that each run shares the most words with its
column's earlier rows (agreed action, success measure, earlier evidence); words every
column uses say nothing and weigh nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import regex

from scrutiny_parse.segment.retable.cells import Chunk

__all__ = ["group_by_topic", "words_of"]

_WORD = regex.compile(r"\p{L}{4,}")
# Words of four letters or more that any evidence may use whatever the action.
_COMMON = frozenset(
    """
    this that with have been from were will they their there which what when where
    also into than then them these those more most some such each other only over
    under about after before since until while year years month months week weeks
    being made make done further work working used using per cent part
    """.split()  # noqa: SIM905
)


# Words are compared by their first letters: "reports", "reported" and "reporting" are
# one word here, which a stemmer would do better but no better for this use.
_STEM = 6


def words_of(texts: Sequence[str]) -> set[str]:
    """The content words of ``texts``, folded and cut to their stems."""
    out: set[str] = set()
    for t in texts:
        out.update(w[:_STEM] for w in (m.casefold() for m in _WORD.findall(t)) if w not in _COMMON)
    return out


def group_by_topic(
    units: Sequence[Chunk],
    columns: Sequence[set[str]],
    soft: Sequence[bool] = (),
    soft_starts: int = 0,
) -> list[int] | None:
    """Where each of ``k`` runs of ``units`` starts (``len(columns)`` of them, the first
    at 0), each run the best match for its column; None when the words tell nothing
    (no run shares a telling word with its column).

    A unit marked in ``soft`` begins inside a block (a line a cell could start on, no
    boundary marked); exactly ``soft_starts`` runs start on such units, and the others
    on units that begin a block. A unit known to open a cell (:attr:`Chunk.opens`)
    starts a run; a unit after one ending on a colon does not: the colon introduces it
    ("...consultation were:" / "• evening trading until 11pm").
    """
    k = len(columns)
    m = len(units)
    soft = list(soft) or [False] * m
    hard = m - sum(soft)
    if k < 2 or m < k or sum(1 for c in columns if c) < 2:
        return None
    if soft_starts == 0 and hard <= k:
        return None
    df: dict[str, int] = {}
    for col in columns:
        for w in col:
            df[w] = df.get(w, 0) + 1
    weight = {w: math.log(k / n) for w, n in df.items() if n < k}
    unit_words = [words_of([ln.text for ln in u.texts]) for u in units]
    # Each block counts on its own: a second block naming the same thing is as telling.
    sim = [[sum(weight.get(w, 0.0) for w in u & col) for col in columns] for u in unit_words]
    # prefix[j][i]: how well units 0..i-1 match column j, so a run's score is a difference.
    prefix = [[0.0] * (m + 1) for _ in range(k)]
    for j in range(k):
        for i in range(m):
            prefix[j][i + 1] = prefix[j][i] + sim[i][j]

    may_start = [n == 0 or not units[n - 1].texts[-1].text.rstrip().endswith(":") for n in range(m)]
    # opened[i]: how many of units 1..i-1 open a cell, so a run a..b-1 holds none
    # inside it when opened[b] == opened[a + 1].
    opened = [0] * (m + 1)
    for n in range(1, m):
        opened[n + 1] = opened[n] + units[n].opens

    def whole(a: int, b: int) -> bool:
        return opened[b] == opened[a + 1]

    # best[(j, i, t)]: best score of units 0..i-1 in j + 1 runs, t of them started softly.
    neg = float("-inf")
    best: dict[tuple[int, int, int], float] = {}
    back: dict[tuple[int, int, int], int] = {}
    for i in range(1, m + 1):
        if whole(0, i):
            best[0, i, 0] = prefix[0][i]
    for j in range(1, k):
        for i in range(j + 1, m + 1):
            for start in range(j, i):
                if not may_start[start] or not whole(start, i):
                    continue
                for t in range(1 if soft[start] else 0, soft_starts + 1):
                    prev = best.get((j - 1, start, t - soft[start]), neg)
                    if prev == neg:
                        continue
                    v = prev + prefix[j][i] - prefix[j][start]
                    if v > best.get((j, i, t), neg):
                        best[j, i, t], back[j, i, t] = v, start
    total = best.get((k - 1, m, soft_starts), neg)
    if total <= 0:
        return None
    starts = [0] * k
    i, t = m, soft_starts
    for j in range(k - 1, 0, -1):
        starts[j] = back[j, i, t]
        i, t = starts[j], t - soft[starts[j]]
    return starts
