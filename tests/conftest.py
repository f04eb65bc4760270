"""Shared fixtures: where the samples and golden files live."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"

# Let tests import the small helpers next to them (recordsdiff).
sys.path.insert(0, str(Path(__file__).resolve().parent))


def sample_docx() -> list[Path]:
    return sorted(SAMPLES.glob("*.docx"))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--run-slow``: also run the tests marked ``slow`` (seconds-long input builders)."""
    parser.addoption("--run-slow", action="store_true", help="run tests marked slow too")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: costly; run with --run-slow (or -m slow)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``slow`` tests unless asked for (``--run-slow``, or ``-m`` naming them)."""
    if config.getoption("--run-slow") or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
