"""Rebuilding tables from text: words that name a field but are a cell's words.

A cell's sentence may wrap onto words a label is made of ("use the two existing" /
"cameras:", "Civil Enforcement" / "Officers:"); read as a label, they would start the
block's rows again or a round with no period. Each test here names one way the text
shows it is content; :func:`cells_words` asks them all.
"""

from __future__ import annotations

from scrutiny_parse.layout import TextLine
from scrutiny_parse.segment.retable.cells import ends_open
from scrutiny_parse.segment.retable.doctext import RecText, RowText
from scrutiny_parse.segment.retable.grades import grades_only
from scrutiny_parse.segment.retable.label_hits import LabelHit
from scrutiny_parse.vocabulary import ACTION_FIELDS, Field, is_label_word

__all__ = ["cells_words", "label_key", "runs_on"]


def cells_words(
    hit: LabelHit,
    rec: RecText,
    row: RowText,
    lines: list[TextLine],
    i: int,
    seen: dict[Field, set[str]],
    *,
    values_apart: bool,
) -> bool:
    """Whether the label ``hit`` at line ``i`` is the words of ``row``'s cell."""
    return (
        _odd_restart(hit, rec, seen)
        # Lines left of positioned values hold only labels: no sentence runs on there.
        or (not values_apart and _sentence_into_label(hit, rec, row, lines, i))
        or _periodless_round(hit, row)
        or _same_row_again(hit, row)
    )


def _restarts(hit: LabelHit, rec: RecText) -> bool:
    """The label names an action field the part's rows already have."""
    fld = hit.label.field
    return fld in ACTION_FIELDS and any(r.field == fld for r in rec.parts[-1].rows)


def runs_on(lines: list[TextLine], i: int) -> bool:
    """The line before ``i``, on the same page, runs on into it."""
    prev = lines[i - 1]
    return (
        prev.kind == "text"
        and prev.page == lines[i].page
        and ends_open(prev.text)
        and not grades_only(prev.text)
    )


def label_key(text: str) -> str:
    return " ".join(text.rstrip(":").casefold().split())


def _periodless_round(hit: LabelHit, row: RowText) -> bool:
    """A round's label with no period inside a round that has one: "Progress by area:"
    in the evidence of "Progress to date (July 2024)" is a line of the cell, where it
    holds a word no label is made of ("area")."""
    words = hit.text.rstrip(":").split()
    return (
        hit.label.field in ("evidence", "assessment")
        and hit.label.period is None
        and not all(is_label_word(w) for w in words)
        and row.field in ("evidence", "assessment")
        and row.period is not None
    )


def _same_row_again(hit: LabelHit, row: RowText) -> bool:
    """A label of the field whose value is being read, right after that value: "Ruth
    Adebayo, Digital Content" / "Lead" in a "Responsible Officer(s)" row is the job title
    wrapped, not a second responsibility row (a table names each field once a block)."""
    return (
        hit.label.field in ACTION_FIELDS
        and hit.label.field == row.field
        and hit.label.period is None
        and not row.period
        and any(ln.kind == "text" for ln in row.lines)
    )


def _odd_restart(hit: LabelHit, rec: RecText, seen: dict[Field, set[str]]) -> bool:
    """A label that would start the block's rows again, longer than any the document has
    used for that field (a document writes its labels the same way each time; a page
    break may tear one shorter: "Officer(s)" ... "responsible:"), or worded otherwise
    with values beside it on its line ("Measure   March 2023   December 2023", a table's
    header row inside an evidence cell, after "Measure of Success": a torn label has
    its rest, not values, after it), or in a word none of them has."""
    used = seen.get(hit.label.field)
    if not _restarts(hit, rec) or not used:
        return False
    key = label_key(hit.text)
    longer = len(key.split()) > max(len(u.split()) for u in used)
    # "Measures installed:" inside an evidence cell, after "Agreed Success Measure(s)":
    # a torn label is a piece of the whole, with no word the whole lacks.
    known = {_stem(w) for u in used for w in u.split()}
    foreign = any(_stem(w) not in known for w in key.split())
    return key not in used and (longer or bool(hit.rest) or foreign)


def _stem(word: str) -> str:
    """A label word compared across spellings: "Measure(s)", "measures" and "measure"."""
    word = word.casefold().replace("(s)", "").strip("():;,.-–—/")
    return word.removesuffix("s")


def _sentence_into_label(
    hit: LabelHit, rec: RecText, row: RowText, lines: list[TextLine], i: int
) -> bool:
    """A cell's sentence wrapping into words that name a field ("Reports received from"
    / "Civil Enforcement" / "Officers:" before a list): the line before runs on into the
    label and is itself a wrapped line, not a paragraph's first ("On track" alone may
    end an assessment before the block's rows start again); both are the row's content,
    not its label's lines (labels stacked one under the other run on too)."""
    return (
        _restarts(hit, rec)
        and i > 1
        and runs_on(lines, i)
        and lines[i - 2].kind == "text"
        and lines[i - 2].page == lines[i].page
        and lines[i - 2].number > row.label_end
        and any(ln is lines[i - 2] for ln in row.lines)
    )
