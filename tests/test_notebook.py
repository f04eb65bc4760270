"""What an analyst sees in a notebook: short reprs, HTML tables, summary(), DataFrames."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

import scrutiny_parse
from scrutiny_parse import (
    BatchResult,
    MissingDependencyError,
    ProgressUpdate,
    ScrutinyParseError,
    load,
    to_dataframe,
)
from scrutiny_parse.batch.many import FailureInfo
from scrutiny_parse.cli import summary as cli_summary
from scrutiny_parse.rows import ROW_KEYS

pd = pytest.importorskip("pandas")

SEED = SAMPLES / "digital-optimisation-march-2020.docx"
#: A sample with an amended (struck-through) grade and two rounds.
HOUSING = SAMPLES / "housing-repairs-progress-update-september-2021.docx"


@pytest.fixture(scope="module")
def seed() -> ProgressUpdate:
    return load(SEED)


@pytest.fixture(scope="module")
def housing() -> ProgressUpdate:
    return load(HOUSING)


def test_update_repr_is_one_short_line_with_the_counts(seed: ProgressUpdate) -> None:
    text = repr(seed)
    assert text == (
        "<ProgressUpdate 'Digital Optimisation' from digital-optimisation-march-2020.docx "
        "(docx): 13 recommendations, 27 actions, 27 grades, 0 warnings>"
    )
    assert "\n" not in text and len(text) < 1000


def test_every_model_has_a_short_repr(seed: ProgressUpdate) -> None:
    rec = seed.recommendations[0]
    act = rec.parts[0].actions[0]
    rnd = act.rounds[0]
    assert repr(rec).startswith("<Recommendation 1 'A review of My Stockton")
    assert repr(rec).endswith(": 1 part, 3 actions, 3 grades>")
    assert repr(rec.parts[0]) == "<Part None: 3 actions>"
    assert repr(act).startswith("<Action 1 'Review strengths") and "1 round, grades 1>" in repr(act)
    assert repr(rnd) == f"<ProgressRound 'March 2020': grade 1, {len(rnd.evidence.text)} " + (  # type: ignore[union-attr]
        "characters of evidence>"
    )
    assert repr(act.date) == "<DateValue 'April 2019' 2019-04..2019-04>"
    assert repr(act.responsibility) == "<Responsibility 'Lorraine Dixon' people=['Lorraine Dixon']>"
    assert repr(rnd.assessment) == "<Assessment '1' grade=1>"
    assert repr(rnd.period) == "<Period 'March 2020' 2020-03>"
    everything = [seed, *seed.recommendations]
    for r in seed.recommendations:
        for p in r.parts:
            everything += [p, *p.actions]
            for a in p.actions:
                everything += [a.action, a.success_measure, *a.rounds]
                everything += [x.evidence for x in a.rounds]
    for model in everything:
        assert len(repr(model)) < 300 and "\n" not in repr(model), repr(model)


def test_amended_grade_shows_in_repr_and_html(housing: ProgressUpdate) -> None:
    amended = [
        rnd
        for rec in housing.recommendations
        for part in rec.parts
        for act in part.actions
        for rnd in act.rounds
        if rnd.assessment and rnd.assessment.previous_grade is not None
    ]
    assert amended
    a = amended[0].assessment
    assert a is not None
    assert f"(was {a.previous_grade})" in repr(amended[0])
    assert f"{a.previous_grade}→{a.grade}" in housing._repr_html_()


def test_html_tables_escape_all_text(seed: ProgressUpdate) -> None:
    page = seed._repr_html_()
    assert page.count("<table") == 2 and page.count("<tr>") == 6 + 1 + 27  # front, head, rows
    assert html.escape("Digital Optimisation") in page
    rec_page = seed.recommendations[0]._repr_html_()
    assert rec_page.count("<tr>") == 1 + 3
    hostile = seed.model_copy(deep=True)
    hostile.review = "<script>alert('x')</script> & co"
    hostile.recommendations[0].text = "<b>bold</b>"
    page = hostile._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; co" in page
    assert "<b>bold</b>" not in hostile.recommendations[0]._repr_html_()


def test_summary_is_what_show_prints(seed: ProgressUpdate) -> None:
    text = seed.summary()
    assert text == cli_summary(seed)
    assert "Review:          Digital Optimisation" in text
    assert text.splitlines()[-1] == "13 recommendations, 27 actions, 0 warnings"


def test_to_dataframe_columns_and_dtypes(seed: ProgressUpdate) -> None:
    frame = seed.to_dataframe()
    assert list(frame.columns) == list(ROW_KEYS)
    assert len(frame) == len(seed.to_records())
    assert str(frame["grade"].dtype) == "Int64" and str(frame["previous_grade"].dtype) == "Int64"
    assert str(frame["ongoing"].dtype) == "boolean"
    for name in ("date_start", "date_end", "period_month"):
        assert str(frame[name].dtype).startswith("datetime64"), name
    first = frame.iloc[0]
    assert first["file"] == SEED.name and first["sha256"] == seed.source.sha256
    assert first["date_start"] == pd.Timestamp("2019-04-01")
    assert first["period_month"] == pd.Timestamp("2020-03-01")
    assert first["people"] == ["Lorraine Dixon"]
    assert frame["previous_grade"].isna().all()
    records = pd.DataFrame(seed.to_records())
    assert frame["evidence"].tolist() == records["evidence"].tolist()
    assert frame["grade"].tolist() == records["grade"].tolist()


def test_to_dataframe_of_many_skips_failures(seed: ProgressUpdate, housing: ProgressUpdate) -> None:
    ok = BatchResult(0, "archive/x.docx", "ok", housing, None, 0.1)
    failed = BatchResult(1, "bad.docx", "failed", None, FailureInfo("CorruptDocumentError", "m"), 0)
    frame = to_dataframe([seed, ok, failed])
    assert len(frame) == len(seed.to_records()) + len(housing.to_records())
    assert set(frame["file"]) == {SEED.name, "archive/x.docx"}
    assert frame["grade"].dtype.name == "Int64"
    empty = to_dataframe([])
    assert list(empty.columns) == list(ROW_KEYS) and empty["grade"].dtype.name == "Int64"
    with pytest.raises(TypeError, match="not str"):
        to_dataframe(["x.docx"])  # type: ignore[list-item]


def test_load_many_straight_into_a_frame() -> None:
    frame = to_dataframe(scrutiny_parse.load_many([SEED, HOUSING], jobs=2))
    assert frame["file"].unique().tolist() == [str(SEED), str(HOUSING)]


def test_missing_pandas_names_the_extra(
    seed: ProgressUpdate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(MissingDependencyError) as info:
        seed.to_dataframe()
    assert isinstance(info.value, ImportError) and isinstance(info.value, ScrutinyParseError)
    assert "pip install 'scrutiny-parse[pandas]'" in str(info.value)


def test_import_does_not_load_pandas_or_sqlite_utils() -> None:
    code = (
        "import sys, scrutiny_parse; print(sorted({'pandas', 'sqlite_utils'} & sys.modules.keys()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_schema_property_has_a_description() -> None:
    from scrutiny_parse.schema import SCHEMA_VERSION, json_schema

    schema = json_schema()
    assert schema["$id"].endswith(SCHEMA_VERSION) and schema["version"] == SCHEMA_VERSION
    missing = []
    count = 0
    for name, model in {"ProgressUpdate": schema, **schema["$defs"]}.items():
        for prop, body in model.get("properties", {}).items():
            count += 1
            if not body.get("description"):
                missing.append(f"{name}.{prop}")
    assert count >= 60 and not missing, missing


def test_fields_doc_names_every_field_record_key_and_warning_code() -> None:
    from scrutiny_parse.schema import json_schema

    doc = (Path(__file__).resolve().parent.parent / "docs" / "fields.md").read_text()
    schema = json_schema()
    for model in [schema, *schema["$defs"].values()]:
        for prop in model.get("properties", {}):
            assert f"`{prop}`" in doc, prop
    for key in ROW_KEYS:
        assert f"`{key}`" in doc, key
    src = Path(scrutiny_parse.__file__).parent
    codes = set()
    for path in src.rglob("*.py"):
        text = path.read_text()
        codes |= set(re.findall(r'\.warn\(\s*"([a-z-]+)"', text))
        codes |= set(re.findall(r'code="([a-z-]+)"', text))
    assert {"reader", "grade", "no-grade", "unplaced-text"} <= codes
    for code in codes:
        assert f"`{code}`" in doc, code
