"""``scrutiny-parse history`` and ``report`` run as a user runs them, on an archive of the
Safer Journeys samples (.docx and PDF) with files that cannot be read among them; and
the text timeline and HTML page checked line by line and element by element.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.html
import pytest
from conftest import SAMPLES

from scrutiny_parse import HISTORY_RECORD_KEYS, History, ProgressUpdate, history, load
from scrutiny_parse.grade_history.report import render_report
from scrutiny_parse.grade_history.timeline import render_timeline
from scrutiny_parse.model import (
    Action,
    Assessment,
    Part,
    Period,
    ProgressRound,
    Recommendation,
    SourceInfo,
    TextValue,
)

SCRIPT = Path(sys.executable).with_name("scrutiny-parse")
if not SCRIPT.exists():  # pragma: no cover - installed elsewhere on PATH
    SCRIPT = Path(shutil.which("scrutiny-parse") or "scrutiny-parse")
STEMS = (
    "safer-journeys-progress-update-march-2023",
    "safer-journeys-progress-update-september-2023",
)
BROKEN = {
    "broken.docx": b"PK\x03\x04 not really a zip",
    "notes.txt": b"Minutes of the meeting held on Tuesday.\n",
    "scan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj garbage",
}


@dataclass(frozen=True)
class Run:
    archive: Path
    out: Path
    history: subprocess.CompletedProcess[str]
    report: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Both commands once on one archive (loading is what costs)."""
    archive = tmp_path_factory.mktemp("archive")
    (archive / "2023").mkdir()
    for name in [f"{s}.docx" for s in STEMS] + [f"{STEMS[0]}.pdf"]:
        shutil.copy(SAMPLES / name, archive / "2023" / name)
    for name, data in BROKEN.items():
        (archive / name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    # The two commands run side by side: most of each is starting its worker pool.
    hist = _start("history", archive, "--json", out / "h.json", "--csv", out / "h.csv")
    report = _start("report", archive, "--out", out / "report.html")
    return Run(archive, out, _finish(hist), _finish(report))


def _start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(SCRIPT), *map(str, args), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def _finish(proc: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return _finish(_start(*args))


def test_bad_files_are_reported_and_skipped_without_a_traceback(run: Run) -> None:
    for result in (run.history, run.report):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        failed = sorted(line for line in result.stderr.splitlines() if line.startswith("FAILED"))
        assert [line.split(":")[0] for line in failed] == [
            f"FAILED {run.archive / name}" for name in sorted(BROKEN)
        ]
    assert "CorruptDocumentError" in run.history.stderr
    assert "NotAProgressUpdateError" in run.history.stderr


def test_history_prints_the_timeline(run: Run) -> None:
    lines = run.history.stdout.splitlines()
    assert lines[0] == (
        "Safer journeys to school: 2 updates, 10 actions "
        "(2 slipped, 3 improved, 1 signed off, 1 not reported)"
    )
    assert lines[2].split() == ["Mar", "2023", "Sep", "2023"]
    # Slipped first, in plan order; then the rest in plan order.
    assert [line.split("  ")[1].strip() for line in lines[3:13]] == [
        "2 #1", "4 For Secondary Schools #1",
        "1 #1", "1 #2", "2 #2", "2 #3", "3 #1",
        "4 For Primary Schools #1", "4 For Secondary Schools #2", "5 #1",
    ]  # fmt: skip
    assert "2 reviews" not in run.history.stdout
    assert (
        "1 review(s) from 2 update(s); 1 copy in other formats not counted again"
        in run.history.stdout
    )
    assert "3 file(s) failed" in run.history.stdout


def test_history_writes_json_and_csv(run: Run) -> None:
    h = History.model_validate_json((run.out / "h.json").read_text(encoding="utf-8"))
    assert [r.review for r in h.reviews] == ["Safer journeys to school"]
    assert sorted(f.status for f in h.files) == ["copy"] + ["failed"] * 3 + ["used"] * 2
    with (run.out / "h.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == HISTORY_RECORD_KEYS
    assert len(rows) == len(h.to_records()) == 18
    slipped = [
        (r["recommendation"], r["part"], r["column"]) for r in rows if r["change"] == "worse"
    ]
    assert slipped == [("2", "", "1"), ("4", "For Secondary Schools", "1")]
    assert json.loads((run.out / "h.json").read_text())["reviews"][0]["periods"] == [
        "March 2023",
        "September 2023",
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = _run("history", tmp_path / "missing")
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    empty = _run("report", tmp_path, "--out", tmp_path / "r.html")
    assert empty.returncode == 2 and "no input files" in empty.stderr
    assert (
        _finish(
            subprocess.Popen(
                [str(SCRIPT), "history", str(tmp_path), "--jobs", "0"],
                stderr=subprocess.PIPE,
                text=True,
            )
        ).returncode
        == 2
    )
    assert "Traceback" not in missing.stderr + empty.stderr


# --- the text timeline ---------------------------------------------------------------


@cache
def _samples() -> History:
    return history([load(SAMPLES / f"{stem}.docx") for stem in STEMS])


def test_timeline_of_the_samples() -> None:
    text = render_timeline(_samples())
    cells = {line[:50].strip(): line[50:].split() for line in text.splitlines()[3:13]}
    assert cells == {
        "2 #1  Pilot School Street closures at three pri…": ["2", "↓3", "slipped"],
        "4 For Secondary Schools #1  Work with the youth…": ["2", "↓4", "slipped"],
        "1 #1  Offer every school a travel plan template…": ["2", "↑1", "improved"],
        "1 #2  Run an annual hands-up travel survey in e…": ["2", "=2"],
        "2 #2  Enforce the school keep-clear markings wi…": ["3", "↑2", "improved"],
        "2 #3  Agree park-and-stride sites with local bu…": ["2", "=~3~2"],
        "3 #1  Offer Bikeability Level 2 to every Year 6…": ["1", "signed", "off"],
        "4 For Primary Schools #1  Hold walking route au…": ["2", "↑1", "improved"],
        "4 For Secondary Schools #2  Add safe routes to …": ["-", "2"],
        "5 #1  Assess the streets around each school aga…": ["2", "not", "reported"],
    }
    # Period columns line up: each grade ends under the end of its period's heading.
    lines = text.splitlines()
    ends = [lines[2].index(h) + len(h) - 1 for h in ("Mar 2023", "Sep 2023")]
    assert [lines[3][e] for e in ends] == ["2", "3"]
    assert [lines[11][e] for e in ends] == ["-", "2"]
    plain = render_timeline(_samples(), ascii_only=True)
    assert "v3" in plain and "^1" in plain and "↓" not in plain


# --- the HTML page -------------------------------------------------------------------


def test_report_page_of_the_archive(run: Run) -> None:
    assert "wrote" in run.report.stdout
    page = lxml.html.fromstring((run.out / "report.html").read_bytes())
    _self_contained(page)
    (section,) = page.xpath("//section[@class='review']")
    assert section.xpath("string(h2)") == "Safer journeys to school"
    assert "No warnings." in section.text_content()  # the PDF copy agrees with the .docx
    bars = {
        (b.get("data-period"), b.get("data-grade")): int(b.get("data-count"))
        for b in section.xpath(".//svg//rect[@class='bar']")
    }
    assert bars == {
        ("March 2023", "1"): 1, ("March 2023", "2"): 7, ("March 2023", "3"): 1,
        ("March 2023", ""): 1,
        ("September 2023", "1"): 2, ("September 2023", "2"): 4, ("September 2023", "3"): 1,
        ("September 2023", "4"): 1,
    }  # fmt: skip
    rows = section.xpath(".//table[@class='timeline']/tbody/tr")
    table = [[" ".join(td.text_content().split()) for td in row.xpath("td")] for row in rows]
    assert table[0] == ["2", "", "1", "Pilot School Street closures at three primary schools.",
                        "2", "↓3", "slipped"]  # fmt: skip
    assert table[1][:3] == ["4", "For Secondary Schools", "1"] and table[1][-2:] == [
        "↓4",
        "slipped",
    ]
    assert [r[-1] for r in table[2:]] == [
        "improved", "", "improved", "", "signed off", "improved", "", "not reported"
    ]  # fmt: skip
    assert [r.get("class") for r in rows[:2]] == ["reported slipped"] * 2
    struck = section.xpath(".//td[contains(@class, 'grade')]/s")
    assert [s.text for s in struck] == ["3"]
    assert "amended from 3" in struck[0].getparent().get("title")
    files = {
        tr.xpath("string(td[1])"): tr.xpath("string(td[2])")
        for tr in page.xpath("//table[@class='files']/tbody/tr")
    }
    assert {Path(k).name: v for k, v in files.items()} == {
        **{name: "failed" for name in BROKEN},
        **{f"{s}.docx": "used" for s in STEMS},
        f"{STEMS[0]}.pdf": "copy",
    }
    assert "3 file(s) failed to load" in page.xpath("string(//p[@id='failed-summary'])")


def _self_contained(page: lxml.html.HtmlElement) -> None:
    """No scripts, no external anything, a CSP that forbids requests."""
    assert page.xpath("//script") == []
    assert page.xpath("//link") == [] and page.xpath("//img") == []
    assert page.xpath("//*[@src]") == []
    assert all(a.get("href", "").startswith("#") for a in page.xpath("//a"))
    (csp,) = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in csp
    assert "url(" not in page.xpath("string(//style)")


def test_report_escapes_every_text_from_the_documents() -> None:
    evil = "<script>alert('x')</script> & <b>bold</b>"
    update = ProgressUpdate(
        source=SourceInfo(file_name=f'"{evil}".docx', format="docx", sha256="0" * 64),
        review=evil,
        recommendations=[
            Recommendation(
                number=1,
                text=evil,
                parts=[
                    Part(
                        label=evil,
                        actions=[
                            Action(
                                column=1,
                                action=TextValue(text=evil),
                                rounds=[
                                    ProgressRound(
                                        period=Period(text=evil),
                                        assessment=Assessment(text="2", grade=2),
                                    )
                                ],
                            )
                        ],
                    )
                ],
            )
        ],
    )
    html = render_report(history([update]))
    page = lxml.html.fromstring(html)
    _self_contained(page)
    assert page.xpath("//b") == []
    assert page.xpath("string(//section/h2)") == evil
    assert evil in page.xpath("string(//table[@class='timeline']//td[@class='action'])")
    assert evil in page.xpath("string(//table[@class='files']//td[1])")
