"""A -layout dump whose recommendation number stands in a narrow label cell, its text
in the value cells beside it (``segment.retable.positioned``)."""

from __future__ import annotations

from scrutiny_parse import load

_LINES = [
    "Recommendatio          The Council updates its Accommodation Assessment and uses",
    "n1                     it to set a pitch target in the new Local Plan.",
    "",
    "Officer(s)             Declan Murphy (Planning Policy Manager)       Siân Edwards",
    "responsible",
    "",
    "Timescale              March 2024                                    December 2025",
    "",
    "Action(s) Agreed       Commission a new assessment, with             Include a target in",
    "                       interviews on all sites.                      the draft Plan.",
    "",
    "Success Measure(s)     Assessment published.                         Target adopted.",
    "",
    "Evidence of Progress   The assessment was published in               The draft Plan includes",
    "(October 2024)         June 2024.                                    a target of 24 pitches.",
    "",
    "Progress Assessment    1                                             2",
    "(October 2024)",
]


def test_the_text_beside_a_recommendation_number_is_its_text() -> None:
    update = load(("\n".join(_LINES) + "\n").encode())
    (rec,) = update.recommendations
    assert (rec.number, rec.text) == (
        1,
        "The Council updates its Accommodation Assessment and uses it to set a pitch "
        "target in the new Local Plan.",
    )
    assert [(r["column"], r["date"], r["grade"]) for r in update.to_records()] == [
        (1, "March 2024", 1),
        (2, "December 2025", 2),
    ]
