"""File names as the batch records and prints them: never able to stop a run.

POSIX file names are bytes. Python hands a name that is not valid UTF-8 over as a ``str``
with *lone surrogates* (PEP 383, ``surrogateescape``): fine for opening the file, fatal
for anything that encodes it (the manifest's UTF-8, a terminal), where it raises
``UnicodeEncodeError``. And a valid name can still hold a newline or an escape sequence
that forges a log line or repaints a terminal. So:

- :func:`record_name`: for the manifest; each undecodable byte becomes ``\\xNN`` (so
  ``caf\\xe9.doc`` for the Latin-1 name ``café.doc``); the rest is kept, since JSON
  escapes control characters itself. The same input always gets the same key, so resume
  works for such files like any other.
- :func:`display_name`: for the terminal and logs; control characters (C0, DEL, C1)
  become ``\\xNN`` too, and so does a backslash, so what is printed cannot be confused
  with an escape of ours.
"""

from __future__ import annotations

__all__ = ["display_name", "record_name"]


def _escape_surrogates(text: str) -> str:
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for byte code - 0xDC00
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:  # any other lone surrogate
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def record_name(text: str) -> str:
    """``text`` safe to encode as UTF-8: undecodable bytes as ``\\xNN``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _escape_surrogates(text)
    return text


def display_name(text: str) -> str:
    """``text`` safe to print: undecodable bytes and control characters as ``\\xNN``."""
    out: list[str] = []
    for ch in record_name(text):
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(ch)
    return "".join(out)
