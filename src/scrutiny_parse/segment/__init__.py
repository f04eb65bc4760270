"""Segmenter: layout lines -> front matter, recommendations, parts, actions, rounds.

Knows labels and columns, never file formats: it sees only :mod:`scrutiny_parse.layout`.
"""

from __future__ import annotations

from ..layout import Layout
from .build import Segmented, build
from .collect import collect


def segment(layout: Layout) -> Segmented:
    """Find the front matter, recommendations and legend in ``layout``."""
    return build(collect(layout))


__all__ = ["Segmented", "segment"]
