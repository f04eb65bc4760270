"""The template's prompt in the assessment label, as authors word it and as dumps
tear it: "(include explanation if required)", "(1-4, with explanation where needed)",
"– Categories 1-4; include explanation where graded 3 or 4"; and the grades-only line
that a dump's assessment row is made of."""

from __future__ import annotations

import regex

__all__ = [
    "GRADES_ONLY",
    "PLACEHOLDER",
    "PLACEHOLDER_FRAGMENT",
    "PROMPT_OPENING",
    "PROMPT_REST",
    "PROMPT_START",
]

#: The template's prompt in the assessment label (and sometimes left in the cell), as
#: authors word it: "(include explanation if required)", "(1-4, with explanation where
#: needed)", "(grade 1 - 4, please explain)". A bracket that opens with the grade range
#: or asks for an explanation (or, in the evidence label, for evidence); the bare form
#: only in the template's own words.
# The word before a grade range in or outside brackets: "– Categories 1-4", "grade 1 to 4".
_RANGE_WORD = r"(?:categor(?:y|ies)|grades?)"
# "1-4" as the prompt writes it: alone in its bracket or before the ask ("1-4, with",
# "(Categories 1 - 4; include explanation if required)").
_GRADE_RANGE = (
    rf"(?:{_RANGE_WORD}\s+)?1\s*(?:[-–—]|to)\s*4\b"
    r"(?=\s*(?:[),;:]|with\b|please\b|and\b))"
)
_ASK = (
    r"(?:include|with|please|give|add|provide)\s+(?:an?\s+)?(?:(?:short|brief)\s+)?"
    r"(?:explanations?|explain|reasons?|comments?)\b"
)
_NEED = r"(?:if|where|when)\s+(?:required|needed|necessary|appropriate)\b"
# What may follow the range: "grade 1-4 (see key) and commentary".
# Which grades an ask is for: "if graded 3 or 4", "for any grade of 3 or 4".
_GRADED = r"(?:(?:graded|grades?(?:\s+of)?)\s+[1-4](?:\s*(?:,|or|and|to|-|–)\s*[1-4])*\s*[.:]?)"
_RANGE_TAIL = (
    # "(see key)", "Categories 1 – 4 (explain if 3 or 4)".
    r"(?:\s*\(\s*(?:see|explain)\s+[^()]*\))?"
    # "and commentary", "– grade 1-4 with comment:"; not the ask "with a short
    # explanation where needed", which the alternatives below take whole.
    r"(?:\s*,?\s*(?:and|plus|with(?!(?:\s+\p{L}+){1,3}\s+(?:if|where|when|for)\b))\s+(?:an?\s+)?(?:(?:short|brief)\s+)?"
    r"(?:commentary|comments?|explanations?|reasons?)\b)?"
)
PLACEHOLDER = regex.compile(
    rf"\(\s*(?:{_GRADE_RANGE}|(?:please\s+)?{_ASK}|explanations?\s+{_NEED})[^()]*\)\s*[.:]?"
    # "(please give evidence of progress)", "(please give a grade of 1-4 and a brief
    # explanation)".
    r"|\(\s*(?:please\s+)?(?:give|provide|add|include|summari[sz]e)\s+(?:the\s+|your\s+|an?\s+)?"
    r"(?:evidence|grade)\b[^()]*\)\s*[.:]?"
    r"|(?:[-–—]\s*)?\(?\s*\binclude\s+(?:an\s+)?explanations?\s+(?:if|where|when)\s+"
    r"(?:required|needed|necessary|appropriate)\b\s*\)?\s*[.:]?"
    # Unbracketed after the round's period: "(August 2022) – Categories 1-4; include
    # explanation where graded 3 or 4" (the ask runs to the label's end).
    rf"|(?:[-–—]\s*|^\s*|(?<=\)\s*:?\s*)){_RANGE_WORD}\s+1\s*(?:[-–—]|to)\s*4\b{_RANGE_TAIL}\s*[;,.:]?(?:\s*[-–—](?=\s*\p{{L}}))?"
    r"|(?<=[;,]\s*|^)\s*include\s+(?:an\s+)?explanations?\s+(?:if|where|when)\s+\p{L}[^()]*$"
    # "– grade 1 to 4, with a short explanation where needed"
    rf"|(?<=[;,]\s*){_ASK}\s+(?:if|where|when|for)\s+\p{{L}}[^()]*$"
    # "Grade 1-4 – please explain any change", "Categories 1-4 – please explain if
    # graded 3 or 4".
    rf"|(?<=\b4\s*[;,]?\s*[-–—]\s*){_ASK}[^()\d]*{_GRADED}?$",
    regex.IGNORECASE,
)
#: Where a prompt may start on a line of a dump: its bracket, "include" after a dash or
#: a space, a grade range after the period's dash ("2022) – Categories" / "1-4; ..."),
#: or such a range opening the line after the dash ("(January 2025) –" / "grade 1 to 4,").
PROMPT_START = regex.compile(
    r"(?:\s[-–—]\s*|^[-–—]?\s*|\s)(?=\(|include\b)"
    rf"|\s(?=[-–—]\s*{_RANGE_WORD}\b)"
    # "(April 2023): grade" / "1-4 (see key) and" / "commentary"
    rf"|(?<=[):])\s(?={_RANGE_WORD}(?:\s+1\s*(?:[-–—]|to)\s*4\b|\s*$))"
    rf"|^(?={_RANGE_WORD}\s+1\s*(?:[-–—]|to)\s*4\b)",
    regex.IGNORECASE,
)
#: Pieces of the prompt that extraction tore apart over lines ("(include explanation
#: if" on one line, "required)" elsewhere in the row; "(1-4, with" / "explanation where"
#: / "needed)").
PLACEHOLDER_FRAGMENT = regex.compile(
    rf"^\(\s*(?:{_GRADE_RANGE}\s*,?\s*)?(?:include|with)(?:\s+(?:an\s+)?explanation(?:\s+(?:if|where))?)?$"
    r"|^(?:explanation\s+(?:if|where)\s+)?(?:required|needed)\s*\)$"
    r"|^explanation\s+(?:if|where)$"
    # The rest of "(explain" / "if 3 or 4)".
    r"|^(?:if|where|when)\s+(?:graded\s+)?[1-4](?:\s*(?:,|or|and)\s*[1-4])*\s*\)$",
    regex.IGNORECASE,
)
#: A line of grades and nothing else, as a dump writes a row's grade cells: "2", "1 3",
#: "23" (an amended grade whose digits touch).
GRADES_ONLY = regex.compile(r"^[1-4]{1,2}(?:\s+[1-4]{1,2})*$")

#: The prompt cut short by a page break: its opening at the end of the label's text
#: ("Progress (Sept 2024) – include explanation if", "grade 1-4 (see key) and") and its
#: rest alone overleaf ("required", "commentary").
PROMPT_OPENING = regex.compile(
    r"\s*(?:[-–—]\s*)?\(?\s*\binclude(?:\s+(?:an\s+)?explanations?(?:\s+(?:if|where|when))?)?\s*$"
    # "(April 2023): grade 1-4 (see key) and" / page / "commentary"
    rf"|\s*(?:[-–—]\s*)?{_RANGE_WORD}\s+1\s*(?:[-–—]|to)\s*4\b(?:\s*\(\s*see\s+[^()]*\))?"
    r"\s*,?\s*(?:and|plus)\s*$",
    regex.IGNORECASE,
)
PROMPT_REST = regex.compile(
    r"^(?:(?:an\s+)?explanations?\s+)?(?:(?:if|where|when)\s+)?"
    r"(?:required|needed|necessary|appropriate)?\s*\)?\s*[.:]?$"
    r"|^(?:an?\s+)?(?:(?:short|brief)\s+)?(?:commentary|comments?|explanations?|reasons?)\s*[.:]?$",
    regex.IGNORECASE,
)
