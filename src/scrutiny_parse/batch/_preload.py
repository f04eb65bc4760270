"""Imported once by the forkserver, so every worker forked from it starts warm.

``readers`` imports each reader lazily, on the first file of its format; a worker
process would pay that (and pdfplumber's import) again after every replacement. Here it
is paid once, in the forkserver, before any worker is forked. Not imported by the
package itself, so ``import scrutiny_parse`` stays light.
"""

from __future__ import annotations

import contextlib
import importlib

from . import worker as worker

for _name in ("docx", "pdf"):
    with contextlib.suppress(ImportError):  # a reader not written yet
        importlib.import_module(f"scrutiny_parse.readers.{_name}")
