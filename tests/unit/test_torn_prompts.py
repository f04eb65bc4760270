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
