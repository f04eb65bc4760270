"""Text reader, step 1: bytes -> str, whatever the tool that wrote the dump.

UTF-8 (with or without BOM) is what poppler, pdfminer and pypdf write; Windows tools
write UTF-16 with a BOM ("Unicode" in Notepad) or cp1252 ("ANSI"). Newlines become
``\\n``; form feeds (page breaks) are kept.
"""

from __future__ import annotations

import codecs

__all__ = ["decode"]


def decode(data: bytes) -> str:
    """The dump's text: UTF-16 when it starts with a BOM, else UTF-8 (BOM optional), else
    cp1252 (every byte maps, so a stray byte never makes a dump unreadable)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")
