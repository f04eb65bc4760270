"""Assessment cells: a grade 1-4, maybe an amended (struck-through) earlier one, and text.

The input is the cell's paragraphs as lists of ``(run text, struck)`` pairs, so that a
struck digit ("~~2~~ 3": the officer amended the grade) can become ``previous_grade``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..vocabulary import AMENDED_FROM, GRADE_WORDINGS, PLACEHOLDER
from .text import clean_paragraph

__all__ = ["ParsedAssessment", "grade_from_label", "parse_assessment"]


@dataclass(frozen=True)
class ParsedAssessment:
    """A parsed assessment cell; ``notes`` say what was guessed and why."""

    grade: int | None
    previous_grade: int | None
    explanation: str | None
    notes: tuple[str, ...]


# Wordings of the grades besides the document's own legend.
_SYNONYMS = GRADE_WORDINGS


# A word of a label: letters and digits, no underscore.
_WORD = regex.compile(r"[^\W_]+")
# What may follow a whole-cell category word: anything but letters and digits.
_NOT_WORD = regex.compile(r"[\W_]")
# Label tables kept: one per distinct grading scale (documents share a handful).
_LABEL_CACHE_SIZE = 64


@lru_cache(maxsize=256)
def _label_pattern(label: str) -> regex.Pattern[str] | None:
    """The pattern matching ``label`` at the start of a text, in any spacing, case and
    punctuation; compiled once per label (every assessment cell tries them all)."""
    words = _WORD.findall(label)
    if not words:
        return None
    # "On-Track", "On Track", "ontrack", "(On Track)" all match the label "On Track".
    body = r"[\W_]*".join(regex.escape(w) for w in words)
    return regex.compile(r"[\W_]*(" + body + r")(?![^\W_])", regex.IGNORECASE)


def _labels(scale: Mapping[int, str] | None) -> tuple[tuple[regex.Pattern[str], int], ...]:
    """Label patterns, most words first, so "Not Achieved" is tried before "Achieved"."""
    return _labels_of(tuple((scale or {}).items()))


@lru_cache(maxsize=_LABEL_CACHE_SIZE)
def _labels_of(scale: tuple[tuple[int, str], ...]) -> tuple[tuple[regex.Pattern[str], int], ...]:
    """:func:`_labels` for a scale given as its items in order: built once per scale,
    not once per assessment cell (each build compiled a dozen patterns)."""
    entries: list[tuple[str, int]] = [(label, grade) for grade, label in scale if 1 <= grade <= 4]
    entries += list(_SYNONYMS)
    seen: set[str] = set()
    keyed: list[tuple[int, int, regex.Pattern[str], int]] = []
    for order, (label, grade) in enumerate(entries):
        words = tuple(w.casefold() for w in _WORD.findall(label))
        key = " ".join(words)
        pattern = _label_pattern(label)
        if pattern is None or key in seen:
            continue  # the scale's own wording wins over a synonym with the same words
        seen.add(key)
        keyed.append((-len(key), order, pattern, grade))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return tuple((pattern, grade) for _, _, pattern, grade in keyed)


def _match_label(text: str, scale: Mapping[int, str] | None) -> tuple[int, str] | None:
    for pattern, grade in _labels(scale):
        m = pattern.match(text)
        if m:
            wording = m.group(1)
            # "Achieved (Fully)": report the wording with its closing parenthesis.
            if wording.count("(") > wording.count(")") and text[m.end() : m.end() + 1] == ")":
                wording += ")"
            return grade, wording
    return None


def _category_word(text: str, scale: Mapping[int, str] | None) -> tuple[int, str] | None:
    """The grade wording that is the whole of ``text`` ("On Track", "(Slipped)."), or None."""
    for pattern, grade in _labels(scale):
        m = pattern.match(text)
        if m and not _NOT_WORD.sub("", text[m.end() :]):
            return grade, m.group(1)
    return None


def grade_from_label(text: str, scale: Mapping[int, str] | None = None) -> int | None:
    """The grade whose wording starts ``text`` ("On-Track ..." -> 2), or None.

    Tries the scale's labels and the usual synonyms ("Achieved", "Complete(d)" -> 1,
    "On Track" -> 2, "Delayed" -> 3, "Not Achieved" -> 4), longest first, ignoring case,
    punctuation and hyphens.
    """
    found = _match_label(text, scale)
    return found[0] if found else None


# "Grade 2", "Grade: 2", "Assessment - 3".
_PREFIX = regex.compile(
    r"\s*(?:grade|grading|assessment|rating|score)\s*[:\-–]?\s*(?=[0-9])", regex.IGNORECASE
)
_DIGITS = regex.compile(r"[0-9]+")
# What may sit between an old and a new grade: "2 3", "2→3", "2/3", "2 -> 3", "2 to 3".
_JOINER = regex.compile(
    r"(?:\s|->|-->|=>|→|⇒|➔|➝|⟶|⟹|►|>|/|\\|,|;|&|\||[-‐‑–—]"
    r"|(?<![^\W\d_])(?:to|now|then|and)(?![^\W_]))*",
    regex.IGNORECASE,
)
# Left over between the grade and its explanation: "2 - On track", "2: text", "2. text".
_LEADING_SEPARATORS = regex.compile(r"^(?:\s|[-‐‑–—:;,.=>→⇒/|\\])+")
# The template's prompt, sometimes left in the cell: "(include explanation if required)".
_PLACEHOLDER = PLACEHOLDER


@dataclass(frozen=True)
class _GradeToken:
    value: int
    struck: bool


def _scan(text: str, struck: Sequence[bool]) -> tuple[list[_GradeToken], int]:
    """Grade digits at the start of ``text`` and where the grade tokens end."""
    m = _PREFIX.match(text)
    pos = m.end() if m else len(text) - len(text.lstrip())
    tokens: list[_GradeToken] = []
    consumed = 0
    while True:
        d = _DIGITS.match(text, pos)
        if d is None:
            break
        end = d.end()
        nxt = text[end : end + 1]
        # Not a grade: "1st", "2a", "2.5", "WCAG 2.1" (the token must stand alone).
        if nxt.isalnum() or (nxt in ".," and text[end + 1 : end + 2].isdigit()):
            break
        # "~~2~~3" without a space: split the run where the strike-through changes.
        pieces: list[_GradeToken] = []
        start = d.start()
        for i in range(d.start() + 1, end + 1):
            if i == end or struck[i] != struck[start]:
                if i - start != 1:
                    pieces = []
                    break
                pieces.append(_GradeToken(int(text[start]), struck[start]))
                start = i
        if not pieces and _amended_pair(text, d.start(), end, struck):
            # "23" alone in a plain-text cell: the strike-through of the "2" was lost.
            pieces = [
                _GradeToken(int(text[d.start()]), False),
                _GradeToken(int(text[end - 1]), False),
            ]
        if not pieces:
            break  # "2020", "20", "12 months": a number, not a grade
        tokens.extend(pieces)
        consumed = end
        j = _JOINER.match(text, end)
        pos = j.end() if j else end
    return tokens, consumed


def _amended_pair(text: str, start: int, end: int, struck: Sequence[bool]) -> bool:
    """Two grade digits written together and standing alone in the paragraph, with no
    strike-through anywhere ("23"): plain text of an amended grade (old, then new)."""
    return (
        end - start == 2
        and all(c in "1234" for c in text[start:end])
        and not text[:start].strip()
        and not text[end:].strip()
        and not any(struck)
    )


def _flatten(runs: Sequence[tuple[str, bool]]) -> tuple[str, list[bool]]:
    text = "".join(t for t, _ in runs)
    flags = [bool(s) for t, s in runs for _ in t]
    return text, flags


def _is_placeholder(text: str) -> bool:
    return _PLACEHOLDER.fullmatch(text) is not None


def _grade_below(kept: list[tuple[str, list[bool]]], rest: str) -> int | None:
    """The grade alone in the paragraph after one that holds only a struck grade."""
    if len(kept) < 2 or clean_paragraph(rest):
        return None
    text, flags = kept[1]
    tokens, consumed = _scan(text, flags)
    if len(tokens) != 1 or tokens[0].struck or clean_paragraph(text[consumed:]):
        return None
    return tokens[0].value if 1 <= tokens[0].value <= 4 else None


def parse_assessment(
    paragraphs: Sequence[Sequence[tuple[str, bool]]],
    scale: Mapping[int, str] | None = None,
) -> ParsedAssessment:
    """Read grade, previous grade and explanation from an assessment cell.

    Leading grade digits (1-4, standing alone) of the first non-empty paragraph are
    the grade tokens: the last struck one is ``previous_grade``, the last unstruck one
    ``grade``; with two unstruck digits and no strike, the one before the last is the
    previous grade (with a note). Without digits, a grade wording at the start ("On
    Track") gives the grade, with a note. The explanation is everything else, paragraphs
    joined by ``\\n``, without the "(include explanation if required)" prompt.
    """
    notes: list[str] = []
    kept: list[tuple[str, list[bool]]] = []
    for runs in paragraphs:
        text, flags = _flatten(runs)
        cleaned = clean_paragraph(text)
        if cleaned and not _is_placeholder(cleaned):
            kept.append((text, flags))
    if not kept:
        return ParsedAssessment(None, None, None, ())

    first_text, first_flags = kept[0]
    tokens, consumed = _scan(first_text, first_flags)
    grade: int | None = None
    previous: int | None = None
    if tokens:
        for tok in tokens:
            if not 1 <= tok.value <= 4:
                notes.append(f"grade {tok.value} is outside 1-4")
        struck = [t.value for t in tokens if t.struck]
        plain = [t.value for t in tokens if not t.struck]
        if plain and 1 <= plain[-1] <= 4:
            grade = plain[-1]
        if struck:
            if 1 <= struck[-1] <= 4:
                previous = struck[-1]
            if not plain and (after := _grade_below(kept, first_text[consumed:])) is not None:
                # "~~3~~" / "1": the new grade written in a paragraph of its own.
                grade = after
                kept = [kept[0], *kept[2:]]
            elif not plain:
                notes.append("only a struck-through grade in the cell: no current grade")
        elif len(plain) >= 2:
            if 1 <= plain[-2] <= 4:
                previous = plain[-2]
            notes.append(
                f"{'two' if len(plain) == 2 else len(plain)} grades in one cell without "
                "strike-through: took the last as current"
            )
        rest = _LEADING_SEPARATORS.sub("", first_text[consumed:])
        word = _category_word(clean_paragraph(rest), scale)
        if word is not None:
            # "1- Achieved", "3 – Slipped": the grade's category word after the digit is
            # the grade said again, not an explanation (a further paragraph is one).
            if grade is not None and word[0] != grade:
                notes.append(
                    f"the category word {word[1]!r} does not match grade {grade}: took the digit"
                )
            rest = ""
    else:
        rest = first_text
        found = _match_label(clean_paragraph(first_text), scale)
        if found:
            grade = found[0]
            notes.append(f"grade inferred from wording {found[1]!r}")

    parts = [clean_paragraph(rest)] + [clean_paragraph(t) for t, _ in kept[1:]]
    if grade is not None and previous is None:
        # "3 (amended from 2)": the amendment written out beside the grade rather than
        # struck through (only beside it: a later paragraph may be another cell's text).
        amended = AMENDED_FROM.match(parts[0])
        if amended and int(amended["grade"]) != grade:
            previous = int(amended["grade"])
            notes.append(f"previous grade {previous} read from the words {amended[0]!r}")
    explanation = "\n".join(p for p in parts if p and not _is_placeholder(p))
    return ParsedAssessment(grade, previous, explanation or None, tuple(notes))
