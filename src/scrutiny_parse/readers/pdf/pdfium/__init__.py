"""The PDFium backend: characters and paths through pypdfium2's C library (the default).

PDFium interprets the page in C++; this backend asks it for each character (unicode,
origin, font, size, fill colour) and each path (segments, fill / stroke, width, colours)
and rebuilds exactly what the pdfplumber backend hands the stages: the same glyph boxes
(pdfminer's: the advance width across, ``descent .. descent + size`` up), the same
``line`` / ``rect`` / ``curve`` split of paths, the same top-left coordinates. PDFium's
text page is not a plain list of drawn characters, and what it changes is undone or
noted where it is handled:

* generated spaces and line breaks (``FPDFText_IsGenerated``) are skipped;
* a ligature comes back as one character per letter at one origin: merged again;
* a hyphen at a line end comes back as U+0002: given back its "-";
* fake-bold copies (the same text drawn again a fraction of a point off) are dropped
  by PDFium; the text objects it left out are found among the page objects and the
  copy they repeat is marked bold, as the reference marks it.

Nothing here may crash the process: every handle is checked before use and closed in a
``finally``, PDFium is called under one lock (it is not thread-safe), and the page and
page-content limits are checked before PDFium parses a page
(:mod:`~scrutiny_parse.readers.pdf.prescan`).

Modules, one stage each::

    bindings     PDFium's C functions, bound with plain integer handles
    document     open, reopen and close the document, one page at a time, under the
                 lock; PDFium's failures as the library's errors  (read_pages)
    frame        page box and /Rotate -> pdfplumber's top-left coordinates
    text         the text page's characters -> Glyphs (ligatures, hyphens, spaces)
    paths        path objects -> line / rect / curve dicts; left-out text objects
    fake_bold    fake-bold copies: marked bold, or looked for among the glyphs
"""

from __future__ import annotations

from scrutiny_parse.readers.pdf.pdfium.document import read_pages

__all__ = ["read_pages"]
