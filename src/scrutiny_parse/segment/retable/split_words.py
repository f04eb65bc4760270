"""Rebuilding tables from text: words a dump split with a stray space, joined again.

A narrow cell breaks a long word without a hyphen ("Communicati" / "ons"), and a dump
that keeps positions can set a space inside a word whose letters it spaced out
("apprenticesh ip", "Septembe r"). No dictionary says which adjacent words are one, but
the document does: the joined word is written whole elsewhere in it, and the second
piece is never a word of its own there ("in to" stays: "to" stands alone all over the
text, though "into" is a word too).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator

import regex

from scrutiny_parse.layout import Block, Paragraph, Table

__all__ = ["glue_split_words"]

# A token's letters between any punctuation around it ("(Septembe" -> "septembe").
_CORE = regex.compile(r"^[^\p{L}\p{N}]*(?P<core>[\p{L}\p{N}][\p{L}\p{N}'’-]*?)[^\p{L}\p{N}]*$")
# Where a run's text is cut into tokens and the white space between them.
_SPACE = regex.compile(r"(\s+)")
# A split word's pieces: two, or three for a word spaced out twice ("Maint enanc e").
_MAX_PIECES = 3


def _paragraphs(blocks: list[Block]) -> Iterator[Paragraph]:
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield block


def _core(token: str) -> str | None:
    m = _CORE.match(token)
    return m["core"].lower() if m else None


def _words_of(core: str) -> list[str]:
    """A core and its hyphenated parts ("pre-apprenticeship" is "apprenticeship" too)."""
    parts = core.split("-")
    return [core, *parts] if len(parts) > 1 else [core]


def _joinable(head: str, tail: str) -> bool:
    """The head ends on a letter (no punctuation between) and the tail opens with a
    lower-case letter: how a word's rest looks after a stray space."""
    return head[-1:].isalpha() and tail[:1].isalpha() and tail[:1].islower()


def glue_split_words(blocks: list[Block]) -> None:
    """Join, in place, each run of two or three tokens that the rest of ``blocks``
    writes as one word, where the tokens after the first are never words alone."""
    paragraphs = list(_paragraphs(blocks))
    runs = [run for p in paragraphs for run in p.runs]
    tokens = [_SPACE.split(run.text) for run in runs]
    words: Counter[str] = Counter()
    for parts in tokens:
        for t in parts[::2]:
            core = _core(t)
            if core:
                words.update(_words_of(core))
    # Tails seen after a head they would make a known word with, and seen at all.
    as_rest: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    plans: list[list[tuple[int, int]]] = []
    for parts in tokens:
        found: list[tuple[int, int]] = []
        toks = parts[::2]
        for i in range(len(toks)):
            core = _core(toks[i])
            if core:
                seen[core] += 1
        i = 0
        while i < len(toks) - 1:
            n = _join_length(toks, i, words)
            if n:
                found.append((i, n))
                for t in toks[i + 1 : i + n]:
                    as_rest[_core(t) or ""] += 1
                i += n
            else:
                i += 1
        plans.append(found)
    for run, parts, found in zip(runs, tokens, plans, strict=True):
        toks, gaps = parts[::2], parts[1::2]
        glued = [
            (i, n)
            for i, n in found
            if all(as_rest[_core(t) or ""] == seen[_core(t) or ""] for t in toks[i + 1 : i + n])
        ]
        if glued:
            run.text = _rejoin(toks, gaps, glued)


def _join_length(toks: list[str], i: int, words: Counter[str]) -> int:
    """How many tokens from ``i`` (2 or 3) the document writes as one word, or 0. The
    word is the first token's last hyphenated part and the rest ("pre-apprenticesh ip"
    is "apprenticeship"); a rest with a hyphen of its own is no word's rest."""
    for n in range(_MAX_PIECES, 1, -1):
        piece = toks[i : i + n]
        if len(piece) < n or not all(_joinable(a, b) for a, b in itertools.pairwise(piece)):
            continue
        head = _core(piece[0])
        rest = [_core(t) for t in piece[1:]]
        if head is None or any(r is None or "-" in r for r in rest):
            continue
        if words[head.split("-")[-1] + "".join(r for r in rest if r)]:
            return n
    return 0


def _rejoin(toks: list[str], gaps: list[str], glued: list[tuple[int, int]]) -> str:
    """The tokens with their white space again, each glued span without it."""
    starts = dict(glued)
    out: list[str] = []
    i = 0
    while i < len(toks):
        n = starts.get(i, 1)
        out.append("".join(toks[i : i + n]))
        i += n
        if i - 1 < len(gaps):
            out.append(gaps[i - 1])
    return "".join(out)
