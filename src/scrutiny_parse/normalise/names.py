"""People and groups named in a Responsibility or Link Officer cell."""

from __future__ import annotations

import regex

from ..vocabulary import JOB_TITLE_ENDS, JOB_TITLE_STARTS

__all__ = ["split_people"]

# "Lorraine Dixon / Liz Purdy", "Ian Coxon, Lorraine Dixon; Digital Services Group".
_HARD_SPLIT = regex.compile(r"[/,;\n\r\u2028\u2029]")
# "Ian Coxon and Lorraine Dixon", "Ian Coxon & Lorraine Dixon": split only between names.
_SOFT_SPLIT = regex.compile(r"\s+and\s+|\s*&\s*", regex.IGNORECASE)
_PARENTHESISED = regex.compile(r"\([^()]*\)")
# Trimmed from both ends of an item: "Lorraine Dixon." "• Ian Coxon" "Ian Coxon and".
_EDGE_CHARS = " ,;:/&*•·-‐‑–—."
_NAME_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’.\-]*")
# A possessive ending: "Council's" is the word "Council".
_POSSESSIVE = regex.compile(r"['’]s$")

# Words that make a phrase a team, service or role rather than a person:
# "Digital Transformation and Customer Services", "Adults and Children's Services".
_NON_PERSON_WORDS = frozenset(
    """
    group groups team teams service services council councils department departments
    directorate directorates board boards partnership partnerships unit units committee
    committees forum forums learning transformation customer customers adults adult
    children child health care housing libraries library head heads director directors
    manager managers management officer officers lead leads leader leaders chief
    executive assistant coordinator co-ordinator members member staff digital finance
    legal policy planning performance communications procurement revenues benefits
    resources development strategy operations support education schools public community
    communities corporate economic environment highways transport leisure culture
    democratic governance audit safeguarding social network project projects programme
    programmes panel cabinet select scrutiny trust nhs office centre hub authority
    borough county agency partners providers commissioning contact all various external
    internal voluntary sector and of the for
    """.split()  # noqa: SIM905
)
_PARTICLES = frozenset("van von de der den du da di la le".split())  # noqa: SIM905


def looks_personal(phrase: str) -> bool:
    """1-4 capitalised name words, none of them organisational ("Ian Coxon")."""
    # "Marcus Lee (Repairs Manager)": the role in brackets says nothing about the name.
    words = _PARENTHESISED.sub(" ", phrase).split()
    if not 1 <= len(words) <= 4:
        return False
    named = 0
    for word in words:
        core = _POSSESSIVE.sub("", word).strip(".,()")
        folded = core.casefold()
        if folded in _NON_PERSON_WORDS:
            return False
        if folded in _PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(core):
            return False
        if len(core) > 1 and core.isupper():
            return False  # "HR", "ICT": an acronym, not a name
        named += 1
    return named > 0


def _tidy(item: str) -> str:
    item = " ".join(item.split())
    while True:
        trimmed = item.strip(_EDGE_CHARS)
        if trimmed[:3].casefold() == "and" and not trimmed[3:4].isalpha():
            trimmed = trimmed[3:]
        if trimmed[-3:].casefold() == "and" and not trimmed[-4:-3].isalpha():
            trimmed = trimmed[:-3]
        if trimmed == item:
            return item
        item = trimmed


def _split_outside_parens(text: str, pattern: regex.Pattern[str]) -> list[str]:
    """Like ``pattern.split`` with the separators kept (text, sep, text, ...), except
    inside brackets: "Ruth Galloway (Carers Lead, Adult Social Care)" is one item."""
    depth = 0
    depths: list[int] = []
    for ch in text:
        if ch == ")" and depth:
            depth -= 1
        depths.append(depth)
        if ch == "(":
            depth += 1
    balanced = depth == 0
    parts: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        if balanced and m.start() < len(depths) and depths[m.start()]:
            continue
        parts += [text[last : m.start()], m.group()]
        last = m.end()
    parts.append(text[last:])
    return parts


def _with_titles(parts: list[str]) -> list[str]:
    """The pieces between separators, a job title after a name's comma kept with the
    name: "Helen Okafor, Senior Democratic Services Officer" is one officer."""
    out = [parts[0]]
    for sep, part in zip(parts[1::2], parts[2::2], strict=True):
        if sep == "," and looks_personal(_tidy(out[-1])) and _job_title(_tidy(part)):
            out[-1] = f"{out[-1]},{part}"
        else:
            out.append(part)
    return out


def _job_title(phrase: str) -> bool:
    words = phrase.casefold().split()
    return bool(words) and (words[-1] in JOB_TITLE_ENDS or words[0] in JOB_TITLE_STARTS)


def _split_soft(piece: str) -> list[str]:
    parts = _split_outside_parens(" ".join(piece.split()), _SOFT_SPLIT)
    out = [parts[0]]
    last_personal = looks_personal(_tidy(parts[0]))
    for sep, part in zip(parts[1::2], parts[2::2], strict=True):
        personal = looks_personal(_tidy(part))
        if last_personal and personal:
            out.append(part)
        else:
            # A merged phrase holds "and" / "&", so it never looks personal again.
            out[-1] = out[-1] + sep + part
            personal = False
        last_personal = personal
    return out


def split_people(text: str) -> list[str]:
    """Split a responsibility cell into the people and groups it names.

    Splits on "/", ",", ";" and newlines always, and on " and " / "&" only between two
    personal names, so "Adults and Children's Services" stays whole. Items keep their
    wording (titles, "(lead)"); edges are trimmed; empty items and exact duplicates
    are dropped, first occurrence first.
    """
    out: list[str] = []
    for piece in _with_titles(_split_outside_parens(text, _HARD_SPLIT)):
        for part in _split_soft(piece):
            item = _tidy(part)
            if item and item not in out:
                out.append(item)
    return out
