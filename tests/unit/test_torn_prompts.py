"""Assessment labels whose period closes mid-line, the prompt going on after it."""

from __future__ import annotations

from scrutiny_parse import load

# pypdf's lines of a narrow label column: "(April" / "2025) – grade" / "1-4 with" /
# "comment:" – the period closes on the line where the prompt starts.
_DUMP = (
    "Recommendation 1: Bikes are parked safely.\n"
    "Lead Officer: Ann Roe \n"
    "Agreed action: Fit racks at stations.\n"
    "Evidence of \nprogress to \ndate (April \n2025):\n"
    "Racks were fitted at two stations.\n"
    "Assessment of \nprogress (April\n2025) \u2013 grade \n1-4 with \ncomment:\n"
    "2\n"
    "Evidence of \nprogress to \ndate (October \n2025):\n"
    "Racks were fitted at every station.\n"
    "Assessment of \nprogress (October\n2025) \u2013 grade \n1-4 with \ncomment:\n"
    "1\n"
)


def test_a_period_closed_before_the_prompt_on_its_line_ends_the_label() -> None:
    update = load(_DUMP.encode())
    (action,) = update.recommendations[0].parts[0].actions
    rounds = [
        (r.period.text if r.period else None, r.assessment.grade if r.assessment else None)
        for r in action.rounds
    ]
    assert rounds == [("April 2025", 2), ("October 2025", 1)]
    assert action.rounds[0].evidence is not None
    assert action.rounds[0].evidence.text == "Racks were fitted at two stations."


# A cell's sentence wraps into words that name a field, then a list: no new block.
_SENTENCE = (
    "Recommendation 1: Street trading is licensed.\n"
    "Responsibility: Owen Bellamy \n"
    "Agreed Action: Map every pitch.\n"
    "Evidence of Progress (October 2022): \n"
    "Reports received from\n"
    "Civil Enforcement\n"
    "Officers:\n"
    "\uf0b7 June 2022 \u2013 7;\n"
    "\uf0b7 July 2022 \u2013 4.\n"
    "Assessment of Progress (October 2022): \n"
    "2\n"
)


def test_a_sentence_wrapping_into_a_field_name_restarts_no_block() -> None:
    update = load(_SENTENCE.encode())
    ((action,),) = [[a for p in r.parts for a in p.actions] for r in update.recommendations]
    (rnd,) = action.rounds
    assert rnd.assessment is not None and rnd.assessment.grade == 2
    assert rnd.evidence is not None
    assert rnd.evidence.text.startswith("Reports received from Civil Enforcement Officers:")
    assert action.responsibility is not None and action.responsibility.text == "Owen Bellamy"
