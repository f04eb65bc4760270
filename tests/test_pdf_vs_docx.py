"""PDF against Word: each sample's PDF, from every producer, must parse as its .docx does.

The .docx is the ground truth for the PDF reader. The PDFs come from several producers,
which draw the same document differently (see "Who made the file" in the document
family notes):

* ``samples/*.pdf``: LibreOffice's print of the .docx (``scripts/build_pdfs.py``);
* ``samples/producers/chromium-ruled/`` and ``chromium-plain/``: headless Chromium
  printing an HTML rendering of the spec, with 1px borders and with none at all
  (``scripts/build_html.py``);
* ``samples/producers/reportlab/``: reportlab drawing Word-style (filled-rectangle
  borders, bars for strike-through and underlines, private-use and vector bullets, rows
  cut anywhere with the label repeated; ``scripts/build_reportlab.py``).

Each must give the same records (text, grades, amended grades), the same front matter,
no warnings the Word parse does not have, and every value placed on a page. Where a
producer's PDF genuinely loses something, the case is listed in :data:`KNOWN` with the
reason, and its test is a strict xfail: it fails the day the reader gets it right, so
the list is kept true. ``pytest -s -k accuracy`` prints fields and grades right per
producer and sample.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from recordsdiff import assert_same_front, assert_same_records, front_view

from scrutiny_parse import ProgressUpdate, load
from scrutiny_parse.errors import ScrutinyParseError
from scrutiny_parse.model import TextValue

sys.path.insert(0, str(ROOT / "scripts"))
# producer_accuracy is a script in scripts/, not a package: found through sys.path.
from producer_accuracy import Score, producers, score

PRODUCERS = producers(SAMPLES)
CASES = [
    (producer, pdf)
    for producer, pdfs in PRODUCERS.items()
    for pdf in pdfs
    if (SAMPLES / f"{pdf.stem}.docx").exists()
]

_PLAIN_ROWS = (
    "no borders at all: a browser sets table rows as close together as the paragraphs "
    "inside them, so where the label cells are not shaded rows (and cells spanning "
    "columns) cannot be told from the text alone"
)
_BORDERLESS_BROWSER = (
    "a borderless table printed by a browser: its unshaded label cells and rows no "
    "further apart than paragraphs leave no sign of where one row ends"
)
_CUT_LABEL = (
    "Word-style drawing cuts a row inside its label cell and closes the borders on both "
    "pages with the same padding: unless the label leaves a bracket open, nothing on the "
    "page says the row goes on, so its rest reads as a row of its own"
)
_BREAK_PARAGRAPH = (
    "a cell cut by a page break next to a paragraph boundary: whether the first line "
    "overleaf continues the paragraph above is judged from line widths and the room "
    "left under the text, and here it is judged wrong (a paragraph split or two joined)"
)
_OLD_LAYOUT = (
    "the older one-row-per-recommendation layout (issue 11's samples), printed by a "
    "browser: its header-row table is not yet read from this drawing"
)
_NEW_SAMPLES = (
    "one of the four samples invented after issue 12's producer work (issue 9, second "
    "session): other producers' drawings of it are not yet read as its Word original is"
)
_ALL = frozenset({"records", "front", "warnings", "placed"})
# (producer, sample) -> why that producer's PDF cannot give the Word records, and
# which checks it fails ("records", "front", "warnings", and "placed": a value the
# PDF lost altogether has no page to name).
_NEW_SAMPLES = (
    "printed by this producer only when the grade-history samples were merged; the "
    "differences are not yet examined"
)
_PROMOTED = (
    "a former held-out spec made a sample (2026-12-02 or -03) after the text path was tuned on "
    "it; the PDF path's differences are not yet examined"
)
_TORN_LABEL_ROW = (
    "the assessment's label cell broken across a page leaves '(May 2025)' as a row of its "
    "own, with the cell's explanation in it"
)
_QUOTE_GAP = "a space read after a curly apostrophe ('Government’ s')"
_WIDE_WORD = (
    "a word wider than its narrow column, broken at the column edge, reads as two words "
    "('investigati on', 'commi ssioned'): the tail is a function word or longer than the "
    "break rule allows"
)
_CUT_ANYWHERE = (
    "rows cut anywhere by the page foot: a label torn across the page reads as a row of "
    "its own ('Action(s) to be' / 'taken:'), and an assessment's explanation overleaf "
    "joins the evidence above it"
)
KNOWN: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    ("libreoffice", "flood-risk-management-progress-update-november-2025"): (
        _TORN_LABEL_ROW,
        frozenset({"records", "warnings"}),
    ),
    ("libreoffice", "public-toilets-provision-progress-update-january-2026"): (
        _QUOTE_GAP,
        frozenset({"records"}),
    ),
    ("libreoffice", "tenancy-fraud-progress-update-october-2025"): (
        _WIDE_WORD,
        frozenset({"records"}),
    ),
    ("libreoffice", "cemeteries-bereavement-progress-update-march-2026"): (
        _WIDE_WORD,
        frozenset({"records"}),
    ),
    ("reportlab", "cemeteries-bereavement-progress-update-march-2026"): (
        _CUT_ANYWHERE,
        frozenset({"records", "warnings"}),
    ),
    **{
        (producer, stem): (_PROMOTED, frozenset(checks))
        for producer, stem, checks in (
            (
                "chromium-plain",
                "allotments-progress-update-march-2026",
                {"records", "front", "warnings", "placed"},
            ),
            (
                "chromium-plain",
                "flood-risk-management-progress-update-november-2025",
                {"records", "front"},
            ),
            (
                "chromium-plain",
                "public-toilets-provision-progress-update-january-2026",
                {"records", "front", "warnings", "placed"},
            ),
            (
                "chromium-ruled",
                "flood-risk-management-progress-update-november-2025",
                {"records", "warnings"},
            ),
            (
                "chromium-ruled",
                "public-toilets-provision-progress-update-january-2026",
                {"records", "warnings"},
            ),
            (
                "chromium-plain",
                "air-quality-progress-update-october-2025",
                {"front", "records", "warnings"},
            ),
            (
                "chromium-plain",
                "cemeteries-bereavement-progress-update-march-2026",
                {"records", "warnings"},
            ),
            (
                "chromium-plain",
                "empty-homes-progress-update-february-2026",
                {"front", "records", "warnings"},
            ),
            (
                "chromium-plain",
                "food-hygiene-progress-update-january-2026",
                {"front", "placed", "records", "warnings"},
            ),
            (
                "chromium-plain",
                "street-lighting-progress-update-july-2025",
                {"front", "records", "warnings"},
            ),
            (
                "chromium-plain",
                "tenancy-fraud-progress-update-october-2025",
                {"front", "records", "warnings"},
            ),
            ("chromium-ruled", "cemeteries-bereavement-progress-update-march-2026", {"records"}),
            ("chromium-ruled", "empty-homes-progress-update-february-2026", {"records"}),
            ("chromium-ruled", "tenancy-fraud-progress-update-october-2025", {"records"}),
            ("reportlab", "allotments-progress-update-march-2026", {"records"}),
            (
                "reportlab",
                "flood-risk-management-progress-update-november-2025",
                {"records", "warnings"},
            ),
            (
                "reportlab",
                "public-toilets-provision-progress-update-january-2026",
                {"records", "warnings"},
            ),
        )
    },
    ("chromium-plain", "community-safety-asb-progress-update-september-2025"): (
        _NEW_SAMPLES,
        frozenset({"placed", "records", "warnings"}),
    ),
    ("chromium-plain", "direct-payments-progress-update-july-2024"): (
        _NEW_SAMPLES,
        frozenset({"front", "records", "warnings"}),
    ),
    ("chromium-plain", "waste-recycling-progress-update-october-2024"): (
        _NEW_SAMPLES,
        frozenset({"front", "records", "warnings"}),
    ),
    ("chromium-plain", "youth-services-progress-update-may-2025"): (
        _NEW_SAMPLES,
        frozenset({"front", "records", "warnings"}),
    ),
    ("chromium-ruled", "community-safety-asb-progress-update-september-2025"): (
        _NEW_SAMPLES,
        frozenset({"records"}),
    ),
    ("chromium-ruled", "waste-recycling-progress-update-october-2024"): (
        _NEW_SAMPLES,
        frozenset({"records"}),
    ),
    ("chromium-ruled", "youth-services-progress-update-may-2025"): (
        _NEW_SAMPLES,
        frozenset({"records", "warnings"}),
    ),
    ("libreoffice", "community-safety-asb-progress-update-september-2025"): (
        "a word that ends a line in a narrow column is glued to the next line's first "
        'word ("Commissionerhas confirmed"): the gap between them is not measured',
        frozenset({"records"}),
    ),
    ("reportlab", "community-safety-asb-progress-update-september-2025"): (
        _NEW_SAMPLES,
        frozenset({"records", "warnings"}),
    ),
    ("reportlab", "waste-recycling-progress-update-october-2024"): (
        _NEW_SAMPLES,
        frozenset({"front", "warnings"}),
    ),
    ("reportlab", "youth-services-progress-update-may-2025"): (
        _NEW_SAMPLES,
        frozenset({"records", "warnings"}),
    ),
    **{
        ("chromium-plain", stem): (_PLAIN_ROWS, frozenset(checks))
        for stem, checks in (
            (
                "adult-learning-progress-update-march-2024",
                {"records", "front", "warnings", "placed"},
            ),
            ("borderless-tables-progress-update-march-2023", {"records", "warnings"}),
            ("carers-support-progress-update-march-2021", {"records", "front", "warnings"}),
            ("climate-action-progress-update-march-2022", {"records", "front", "warnings"}),
            ("digital-optimisation-march-2020", {"records", "warnings"}),
            ("housing-repairs-progress-update-september-2021", {"records", "front", "warnings"}),
            ("library-service-progress-update-march-2022", {"records", "placed"}),
            ("long-rows-progress-update-september-2022", {"records", "front", "warnings"}),
            ("parks-open-spaces-progress-update-september-2023", {"records", "warnings"}),
        )
    },
    **{
        ("chromium-plain", stem): (_PLAIN_ROWS + "; " + _OLD_LAYOUT, _ALL)
        for stem in (
            "highways-maintenance-initial-progress-update-march-2017",
            "leisure-centres-progress-update-september-2017",
            "school-transport-progress-update-november-2015",
        )
    },
    ("chromium-plain", "home-care-progress-update-september-2016"): (
        _PLAIN_ROWS + "; " + _OLD_LAYOUT,
        frozenset({"records", "front", "warnings"}),
    ),
    ("chromium-ruled", "home-care-progress-update-september-2016"): (
        _OLD_LAYOUT,
        frozenset({"records"}),
    ),
    ("chromium-ruled", "leisure-centres-progress-update-september-2017"): (
        _OLD_LAYOUT,
        frozenset({"records", "warnings"}),
    ),
    ("reportlab", "highways-maintenance-initial-progress-update-march-2017"): (
        _BREAK_PARAGRAPH,
        frozenset({"records"}),
    ),
    ("reportlab", "leisure-centres-progress-update-september-2017"): (
        _BREAK_PARAGRAPH,
        frozenset({"records"}),
    ),
    ("chromium-ruled", "borderless-tables-progress-update-march-2023"): (
        _BORDERLESS_BROWSER,
        frozenset({"records", "warnings"}),
    ),
    ("reportlab", "borderless-tables-progress-update-march-2023"): (
        "a borderless row cut by a page break with its value text running on: no border "
        "and no label says the next page continues it",
        frozenset({"records", "placed"}),
    ),
    ("reportlab", "digital-optimisation-march-2020"): (_CUT_LABEL, frozenset({"records"})),
    ("reportlab", "long-rows-progress-update-september-2022"): (
        _BREAK_PARAGRAPH,
        frozenset({"records"}),
    ),
    ("chromium-ruled", "parks-open-spaces-progress-update-september-2023"): (
        _BREAK_PARAGRAPH,
        frozenset({"records"}),
    ),
    **{
        case: (_BREAK_PARAGRAPH, frozenset({"records"}))
        for case in (
            ("chromium-ruled", "digital-optimisation-march-2020"),
            ("chromium-ruled", "long-rows-progress-update-september-2022"),
            ("reportlab", "school-transport-progress-update-november-2015"),
        )
    },
    ("reportlab", "adult-learning-progress-update-march-2024"): (
        _CUT_LABEL,
        frozenset({"records", "warnings"}),
    ),
    ("reportlab", "parks-open-spaces-progress-update-september-2023"): (
        _BREAK_PARAGRAPH,
        frozenset({"records"}),
    ),
    # The grade-history samples (issue 15) landed after the producer rules were written
    # and were printed by the producers only at the merge; not yet looked at.
    **{
        (producer, stem): (_NEW_SAMPLES, frozenset(checks))
        for producer, stem, checks in (
            ("chromium-plain", "safer-journeys-progress-update-march-2023", {"records", "front"}),
            (
                "chromium-plain",
                "safer-journeys-progress-update-september-2023",
                {"records", "front"},
            ),
            ("reportlab", "safer-journeys-progress-update-march-2023", {"records"}),
            ("reportlab", "safer-journeys-progress-update-september-2023", {"records"}),
        )
    },
}

# The share of fields and of grades each producer's PDFs must get right at least, over
# all samples (a floor under the known differences above).
FLOORS: dict[str, tuple[float, float]] = {
    # 4 fields of 3177 lost: "Commissionerhas" in community-safety, a torn label row in
    # flood-risk, "Government’ s" in public-toilets (see KNOWN).
    "libreoffice": (0.998, 1.0),
    "chromium-ruled": (0.88, 0.88),
    "chromium-plain": (0.62, 0.68),
    "reportlab": (0.97, 0.98),
}


def _case_id(case: tuple[str, Path]) -> str:
    return f"{case[0]}/{case[1].stem}"


def _cases(check: str) -> list[object]:
    """The cases, the known losses of ``check`` marked as strict xfails with the reason."""
    out: list[object] = []
    for producer, pdf in CASES:
        known = KNOWN.get((producer, pdf.stem))
        marks = (
            [pytest.mark.xfail(strict=True, reason=known[0])] if known and check in known[1] else []
        )
        out.append(pytest.param(producer, pdf, marks=marks, id=_case_id((producer, pdf))))
    return out


@cache
def _parsed(path: Path) -> ProgressUpdate:
    return load(path)


def _both(pdf: Path) -> tuple[ProgressUpdate, ProgressUpdate]:
    return _parsed(pdf), _parsed(SAMPLES / f"{pdf.stem}.docx")


def test_there_are_samples_to_compare() -> None:
    assert len(PRODUCERS["libreoffice"]) >= 5, "samples/*.pdf missing: run scripts/build_pdfs.py"
    for producer in ("chromium-ruled", "chromium-plain", "reportlab"):
        assert producer in PRODUCERS, f"samples/producers/{producer}/ missing: make producers"
        stems = {p.stem for p in PRODUCERS[producer]}
        assert stems == {p.stem for p in PRODUCERS["libreoffice"]}, producer


def test_known_differences_name_real_cases() -> None:
    cases = {(producer, pdf.stem) for producer, pdf in CASES}
    assert set(KNOWN) <= cases
    checks = {"records", "front", "warnings", "placed"}
    assert all(known <= checks for _, known in KNOWN.values())


@pytest.mark.parametrize(("producer", "pdf"), _cases("records"))
def test_records_equal_the_word_original(producer: str, pdf: Path) -> None:
    from_pdf, from_docx = _both(pdf)
    assert_same_records(from_pdf.to_records(), from_docx.to_records(), f"{producer}/{pdf.name}")


@pytest.mark.parametrize(("producer", "pdf"), _cases("front"))
def test_front_matter_and_recommendations_equal(producer: str, pdf: Path) -> None:
    from_pdf, from_docx = _both(pdf)
    assert_same_front(front_view(from_pdf), front_view(from_docx), f"{producer}/{pdf.name}")


@pytest.mark.parametrize(("producer", "pdf"), _cases("warnings"))
def test_no_warnings_beyond_the_word_parse(producer: str, pdf: Path) -> None:
    from_pdf, from_docx = _both(pdf)
    if not from_docx.warnings:
        assert [str(w) for w in from_pdf.warnings] == []
    assert from_pdf.source.format == "pdf"
    assert from_pdf.source.page_count is not None and from_pdf.source.page_count >= 1


def _values(update: ProgressUpdate) -> list[tuple[str, TextValue]]:
    """Every value of every action, named for the failure message."""
    out: list[tuple[str, TextValue]] = []
    for rec in update.recommendations:
        for part in rec.parts:
            for action in part.actions:
                where = f"recommendation {rec.number} part {part.label!r} column {action.column}"
                fields = {
                    "responsibility": action.responsibility,
                    "date": action.date,
                    "action": action.action,
                    "success_measure": action.success_measure,
                }
                for k, rnd in enumerate(action.rounds):
                    fields[f"round {k} evidence"] = rnd.evidence
                    fields[f"round {k} assessment"] = rnd.assessment
                out += [(f"{where} {name}", v) for name, v in fields.items() if v is not None]
    return out


@pytest.mark.parametrize(("producer", "pdf"), _cases("placed"))
def test_every_value_says_which_page_and_where(producer: str, pdf: Path) -> None:
    values = _values(_parsed(pdf))
    assert values
    for where, value in values:
        assert value.source is not None, f"{pdf.name}: {where} has no source"
        assert value.source.page is not None, f"{pdf.name}: {where} has no page"
        assert value.source.bbox is not None, f"{pdf.name}: {where} has no bbox"
        x0, top, x1, bottom = value.source.bbox
        assert x0 < x1 and top < bottom, f"{pdf.name}: {where} bbox {value.source.bbox}"


@pytest.mark.parametrize("producer", sorted(FLOORS))
def test_accuracy_per_producer(producer: str) -> None:
    """Fields and grades right over all samples, at least the producer's floor; the
    table is printed (``pytest -s``) for the record."""
    total = Score()
    lines = []
    for pdf in PRODUCERS[producer]:
        try:
            records = _parsed(pdf).to_records()
        except ScrutinyParseError:
            records = []  # a known loss (see KNOWN): every field counts as wrong
        result, _ = score(records, _parsed(SAMPLES / f"{pdf.stem}.docx").to_records())
        total += result
        fields, grades = result.cells()
        lines.append(f"{producer:<15} {pdf.stem:<48} {fields:>9} {grades:>7}")
    fields, grades = total.cells()
    print("\n" + "\n".join([*lines, f"{producer:<15} {'(all)':<48} {fields:>9} {grades:>7}"]))
    min_fields, min_grades = FLOORS[producer]
    assert total.fields_ok >= min_fields * total.fields, f"{producer}: fields {fields}"
    assert total.grades_ok >= min_grades * total.grades, f"{producer}: grades {grades}"
