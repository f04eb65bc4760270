"""The published JSON Schema of a ``ProgressUpdate`` (``scrutiny-parse schema``,
``docs/schema.json``).

pydantic writes the schema from the models (every property carries the ``description``
of its ``Field``); this adds what a schema needs to be cited: the JSON Schema dialect,
an ``$id`` naming this schema and its version, and ``version`` itself. The version
changes when the output's shape does: the minor number for additions, the major for
anything a consumer could trip on.
"""

from __future__ import annotations

import json
from typing import Any

from .model import ProgressUpdate

__all__ = ["SCHEMA_ID", "SCHEMA_VERSION", "json_schema", "schema_json"]

#: The version of the output shape the schema describes.
SCHEMA_VERSION = "1.0"
#: The schema's identifier (a URN: it names the schema, it is not a place to fetch it).
SCHEMA_ID = f"urn:scrutiny-parse:schema:progress-update:{SCHEMA_VERSION}"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON ``convert`` writes."""
    body = ProgressUpdate.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        **body,
    }


def schema_json() -> str:
    """:func:`json_schema` as indented JSON text, newline-terminated."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
