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
