"""Rebuilding tables from text: split one interleaved line into its cells' values.

Text extraction writes the cells of a one-line row side by side:
"Date: April 2019 September 2019 September 2019", "Responsibility: Lorraine Dixon
Digital Services Group". These functions cut such a line into values using general
patterns only: month-year dates and date words for dates; person names (two capitalised
words), organisational phrases and the connectors that bind them ("/", "&", "and", ",")
for people; status words and sentence ends for free text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import regex

from scrutiny_parse.normalise.names import looks_personal
from scrutiny_parse.vocabulary import (
    DATE_LEAD_WORDS,
    FREQUENCY_WORD,
    HONORIFICS,
    MONTH_WORD,
    ROLE_END_WORDS,
    STATUS_WORDS,
)

_MONTH = MONTH_WORD
# One date atom: "April 2019", "Apr 19", "Dec-20", "31/03/2026", "Q3 2021/22", "2021/22",
# "Winter 2024/25", "Easter 2022", "Ongoing", "TBC". Trailing "onwards" belongs to the
# atom before it. A numeric date may be torn after a slash by a wrap ("31/03/" / "2026").
# A date word standing for a date: "Ongoing", "TBC", "Quarterly".
_DATE_WORD = (
    r"(?:ongoing|on-going|continuous|tbc|tba|immediate(?:ly)?|complete[d]?|n/a"
    rf"|{FREQUENCY_WORD})"
)
_ATOM = regex.compile(
    rf"(?<![\p{{L}}\d])(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\.?,?(?:\s*|-)(?:\d{{4}}|\d{{2}}(?!\d))"
    # "April – October 2024": a month alone where a range goes on to a dated month.
    rf"|{_MONTH}\.?(?=\s*(?:[-–—/]|to\b)\s*(?:\d{{1,2}}\s+)?{_MONTH}\.?\s*\d{{2,4}})"
    r"|\d{1,2}([/.])\d{1,2}\1\s*(?:\d{4}|\d{2})(?!\d)"
    r"|q[1-4]\s*(?:\d{4}(?:\s*/\s*\d{2,4})?)?"
    r"|(?:spring|summer|autumn|winter|easter|christmas)\s+\d{4}(?:\s*/\s*\d{2,4})?"
    r"|(?:19|20)\d{2}(?:\s*/\s*\d{2,4})?"
    rf"|{_DATE_WORD})(?![\p{{L}}\d])",
    regex.I,
)
# A date's lead word, capitalised as a cell's first word is, after some other value:
# "... By 31.03.2021", "September 2023 / termly From Phase 1 (April 2023)". In lower case
# it goes on the value before ("Quarterly from January 2024").
_LEAD = regex.compile(rf"(?<=\S\s+)\b(?=\p{{Lu}}){DATE_LEAD_WORDS}\b", regex.I)
# What may stand between and before a cell's dates: "April 2025 to March 2030", "By ...".
_DATE_FILLER = regex.compile(
    rf"\b(?:to|until|till|through|and|or|onwards|revised|{DATE_LEAD_WORDS})\b", regex.I
)
# A capitalised name and a colon right before a date: "Phase 2:", "Trial:", "Strategy:".
_NAMED_LEAD = regex.compile(r"(?<=\s)\p{Lu}\p{L}*(?:\s+\d{1,2}[a-z]?)?:\s*$")
_TORN_NUMERIC = regex.compile(r"(?<=\d[/.])\s+(?=\d)")
_WORD_ATOM = regex.compile(rf"^{_DATE_WORD}$", regex.I)
# What joins two dates into one value: "April 2019 – April 2021", "January 2019 /
# ongoing", "April 2024 Revised: October 2024".
_CONNECTOR = regex.compile(
    r"^\s*(?:[-‐‑–—/&,]|(?:to|until|till|through|and|or|revised)\b)", regex.I
)
# A lead word in lower case between a date word and a date: "Quarterly from Q1 2023/24",
# "Ongoing from April 2024" (after a dated value, "by 1st October 2022" is a cell's own).
_LOWER_LEAD = regex.compile(rf"^\s*(?-i:{DATE_LEAD_WORDS})\s*$")


@dataclass(frozen=True)
class Split:
    """Values found in one line; ``guessed`` when the cut was not forced by the patterns."""

    values: list[str]
    guessed: bool


def split_dates(text: str) -> Split:
    """Cut "April 2019 / ongoing for changes March 2020" into dated values.

    A value starts at a date atom and takes every following atom joined to it by a
    connector ("-", "–", "/", "to") and any lower-case words after it ("for changes");
    an atom that follows another with nothing between starts a new value.
    """
    atoms = list(_ATOM.finditer(text))
    if not atoms:
        return Split([text.strip()] if text.strip() else [], False)
    values: list[str] = []
    guessed = False
    start = 0
    for prev, atom in itertools.pairwise(atoms):
        gap = text[prev.end() : atom.start()]
        lower_lead = _LOWER_LEAD.match(gap) is not None
        if _CONNECTOR.match(gap) or (lower_lead and _WORD_ATOM.match(prev.group())):
            # "April 2019 - ongoing", "April 2019 – April 2021", "January 2019 / ongoing"
            continue
        lead = _LEAD.search(text, prev.end(), atom.start())
        named = _NAMED_LEAD.search(gap)
        if lead is not None:
            cut = lead.start()
        elif named is not None:
            cut = prev.end() + named.start()
        else:
            cut = prev.end() + len(gap) - len(gap.lstrip())
        if lead is not None or named is not None or lower_lead:
            # "Dec-20 By 31.03.2021", "Sept 2022 by 1st October 2022": the word leading
            # a date starts its value; so does a name for it ("Phase 1: March 2024
            # Phase 2: 31/03/2025").
            values.append(text[start:cut].strip())
            start = cut
            continue
        if gap.strip() and not gap.strip()[0].islower():
            # Capitalised words between two dates: a value of its own or a note; keep
            # them with the value before (they are rarely a column by themselves).
            guessed = True
        if _WORD_ATOM.match(atom.group()) and not _WORD_ATOM.match(prev.group()):
            # "March 2021 Ongoing": a date then a date word, side by side, could be one
            # value ("March 2021 ongoing") as well as two.
            guessed = True
        values.append(text[start : atom.start()].strip())
        start = atom.start()
    values.append(text[start:].strip())
    return Split([_TORN_NUMERIC.sub("", v) for v in values if v], guessed)


def only_dates(text: str) -> bool:
    """The text is dates and their connectors, nothing else ("April 2025 – March 2030",
    "Ongoing", "Q3 2025/26")."""
    rest = _ATOM.sub(" ", text)
    rest = _DATE_FILLER.sub(" ", rest)
    return bool(_ATOM.search(text)) and not regex.search(r"[\p{L}\d]", rest)


_CONNECT_WORDS = frozenset({"/", "&", "and", "+", ",", "with", "or"})
_LOWER_JOINERS = frozenset({"of", "and", "for", "the", "&", "in", "on", "to"})


def _cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def split_people(text: str) -> Split:
    """Cut "Lorraine Dixon Digital Services Group" into people and groups.

    A person is two capitalised name words ("Ian Coxon"); anything else capitalised runs
    on as one organisational phrase until a person's name starts. Connectors ("/", "&",
    "and", ",") and a role in brackets keep pieces in the same value.
    """
    words = regex.findall(r"\([^()]*\)|[^\s/&,]+|[/&,]", text)
    values: list[list[str]] = []
    i = 0
    joined = True  # the next unit joins the current value
    while i < len(words):
        w = words[i]
        if w.lower() in _CONNECT_WORDS:
            if values:
                values[-1].append(w)
            joined = True
            i += 1
            continue
        if w.startswith("(") and values:
            values[-1].append(w)
            i += 1
            continue
        unit, i = _unit(words, i)
        if joined and values:
            values[-1].extend(unit)
        else:
            values.append(unit)
        # "Head of Communities & the" / "Voluntary Sector Partnership": a phrase that
        # stops on "the" or "of" goes on.
        joined = unit[-1].lower() in _LOWER_JOINERS
    out = [_render(v) for v in values]
    return Split([v for v in out if v], len(out) > 1)


def split_people_into(text: str, k: int) -> list[str] | None:
    """Cut one line of ``k`` side-by-side officer cells, or None without a reading in
    which every value names someone: "Emergency Planning Officer Dr Fiona McLeish" is a
    post and a person, "Gwen Adeyemi Finance Business Partner (Education)" a person and
    a post. Of the ways to cut the words into ``k`` runs, the best scored one is taken
    (see :func:`_officer_score`)."""
    words = text.split()
    n = len(words)
    if not 1 < k <= n or n > _MAX_OFFICER_LINE_WORDS:
        return None
    # best[j][c]: the best score of the first j words cut into c runs, and the cut.
    best: list[list[tuple[float, int] | None]] = [[None] * (k + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, -1)
    for j in range(1, n + 1):
        for c in range(1, min(k, j) + 1):
            for i in range(c - 1, j):
                prev = best[i][c - 1]
                if prev is None or _inside_title(words, i):
                    continue
                score = _officer_score(words[i:j])
                if score is None:
                    continue
                total = prev[0] + score
                cur = best[j][c]
                if cur is None or total > cur[0]:
                    best[j][c] = (total, i)
    # Every value must read as someone: "Sunil Varma Rachel" is no two cells.
    whole = best[n][k]
    if whole is None or whole[0] < 2.0 * k:
        return None
    cuts: list[int] = []
    j, c = n, k
    while c:
        entry = best[j][c]
        assert entry is not None
        cuts.append(entry[1])
        j, c = entry[1], c - 1
    bounds = [*reversed(cuts), n]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]


_MAX_OFFICER_LINE_WORDS = 24


def _inside_title(words: list[str], i: int) -> bool:
    """A cut before word ``i`` would break a title of role words: "Principal" /
    "Engineer", "Team" / "Leader"."""
    return 0 < i < len(words) and all(
        w.lower().strip("(),") in ROLE_END_WORDS for w in words[i - 1 : i + 1]
    )


_BRACKET_THEN_CAPITAL = regex.compile(r"\)\s+\p{Lu}")


def all_officers(values: list[str]) -> bool:
    """Whether every value, and each officer a connector joins in it, reads as a person
    or a post: "Lorraine Dixon" and "Digital Services Group", "Ian Coxon / Lorraine
    Dixon"; not "School Travel" and "Team"."""
    for value in values:
        for part in regex.split(r"\s*(?:[/&,;]|\band\b)\s*", value):
            words = part.split()
            if words and (_officer_score(words) or 0.0) < 2.0:
                return False
    return bool(values)


def one_officer(text: str) -> bool:
    """Whether ``text`` reads as one officer cell, ending on a role word or a bracket:
    "School Travel Team" is one team, not "School Travel" and "Team"; connectors join
    ("Dawn Fairclough / Private Sector Housing Team"). A closed bracket with a
    capitalised word after it ends an officer ("Gareth Holloway (Head of Waste) Waste
    Performance Officer" is two)."""
    words = text.split()
    if _BRACKET_THEN_CAPITAL.search(text):
        return False
    return 0 < len(words) <= _MAX_OFFICER_LINE_WORDS and (_officer_score(words) or 0.0) >= 2.0


def _officer_score(run: list[str]) -> float | None:
    """How well ``run`` reads as one officer cell: 2 for a person (an honorific, two
    name words, maybe a role in brackets) or a post or team ending on a role word or a
    bracket ("... Planning Officer", "... (Education)"), 0 for other words; None if
    it cannot be one: it starts or ends on a connector, leaves a bracket open, or a
    post ends inside it and a capitalised word goes on ("Officer Dr Fiona")."""
    first, last = run[0], run[-1]
    if first.lower() in _CONNECT_WORDS or not _cap(first):
        return None
    if last.lower() in _CONNECT_WORDS | _LOWER_JOINERS or last.endswith((",", "/", "&")):
        # "Helen Marsh," goes on: "Planning Enforcement Team Leader" is her post.
        return None
    text = " ".join(run)
    if text.count("(") != text.count(")"):
        return None
    for a, b in itertools.pairwise(run):
        if a.lower() in ROLE_END_WORDS and _cap(b) and b.lower() not in ROLE_END_WORDS:
            return None
    names = run[1:] if first.lower().strip(".") in HONORIFICS else run
    bracket = next((n for n, w in enumerate(names) if w.startswith("(")), len(names))
    if bracket == 2 and looks_personal(" ".join(names[:2])):
        return 2.0
    if len(run) > 1 and (last.lower().strip(")") in ROLE_END_WORDS or last.endswith(")")):
        return 2.0
    return 0.0


def _unit(words: list[str], i: int) -> tuple[list[str], int]:
    """One person (two name words) or organisational phrase starting at ``i``."""
    pair = words[i : i + 2]
    if len(pair) == 2 and all(_cap(w) for w in pair) and looks_personal(" ".join(pair)):
        return pair, i + 2
    j = i + 1
    while j < len(words):
        w = words[j]
        if w.lower() in _CONNECT_WORDS or w.startswith("("):
            break
        nxt = words[j : j + 2]
        if (
            len(nxt) == 2
            and all(_cap(x) for x in nxt)
            and looks_personal(" ".join(nxt))
            and words[j - 1].lower() not in _LOWER_JOINERS
        ):
            break
        if not _cap(w) and w.lower() not in _LOWER_JOINERS:
            break
        if _cap(w) and words[j - 1].lower() in ROLE_END_WORDS and w.lower() not in ROLE_END_WORDS:
            # "Emergency Planning Officer Community Resilience Officer": a title ended
            # ("Digital Services Group", "Team Leader" go on).
            break
        j += 1
    return words[i:j], j


def _render(words: list[str]) -> str:
    text = " ".join(words).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    return text.strip(" ,/&")


# Words that are a whole cell by themselves: "Complete Linked to Website redesign".
_STATUS = regex.compile(rf"^(?:{STATUS_WORDS})[.!]?\s+(?=\p{{Lu}})", regex.I)


def split_free(text: str, k: int) -> Split | None:
    """Cut a line of ``k`` side-by-side free-text cells, or None when there is no clear
    cut: only a leading status word ("Complete") or a sentence end followed by a capital
    counts as a cell boundary."""
    values: list[str] = []
    rest = text.strip()
    while len(values) < k - 1 and rest:
        m = _STATUS.match(rest) or regex.match(r"^.+?[.!?](?=\s+\p{Lu})\s+", rest)
        if not m:
            break
        values.append(rest[: m.end()].strip())
        rest = rest[m.end() :].strip()
    if not values:
        return None
    values.append(rest)
    return Split([v for v in values if v], True)


def names_someone(value: str) -> bool:
    """A person ("Helen Carr ...") or a job title or team ("... Operations Manager")."""
    words = _BRACKETS.sub(" ", value).split()
    return looks_personal(" ".join(words[:2])) or (
        bool(words) and words[-1].lower() in ROLE_END_WORDS
    )


_BRACKETS = regex.compile(r"\([^()]*\)")
