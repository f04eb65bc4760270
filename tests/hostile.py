"""Crafted hostile and broken inputs, built from the samples.

Used by tests/test_limits.py and tests/test_hostile.py; also runnable to write them out
for a look, or to run them all under the issue-13 bounds (RLIMIT_AS 3 GB, 20 s each):

    python tests/hostile.py OUT_DIR
    python tests/hostile.py --check [CASE...]      # one JSON line per case
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED_DOCX = SAMPLES / "digital-optimisation-march-2020.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rezip(source: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """``source`` (a zip) with some members replaced and others added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(inflated: int = 8 * 1024 * 1024) -> bytes:
    """The seed .docx plus a member of zeros that deflates about 1000 to 1."""
    return rezip(SEED_DOCX.read_bytes(), {}, {"word/media/padding.bin": bytes(inflated)})


def _document(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def deep_xml_docx(depth: int) -> bytes:
    """A document.xml whose body nests ``depth`` content controls."""
    body = "<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth
    return rezip(SEED_DOCX.read_bytes(), {"word/document.xml": _document(body)})


def billion_laughs_docx() -> bytes:
    """Entities that would expand to gigabytes if anything resolved them."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    lol = "".join(entities)
    doctype = f"<!DOCTYPE w:document [{lol}]>"
    body = "<w:p><w:r><w:t>Recommendation 1: &lol9;</w:t></w:r></w:p>"
    return rezip(SEED_DOCX.read_bytes(), {"word/document.xml": _document(body, doctype)})


def external_entity_docx() -> bytes:
    """An external entity pointing at a local file (XXE)."""
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = "<w:p><w:r><w:t>Review: &xxe;</w:t></w:r></w:p>"
    return rezip(SEED_DOCX.read_bytes(), {"word/document.xml": _document(body, doctype)})


def spreadsheet_like_docx() -> bytes:
    """A Word file holding only a grid of numbers: readable, but no progress update."""
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=6, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r * 4 + c}" if r else ["Item", "Q1", "Q2", "Q3"][c]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# -- PDFs: a minimal writer, so each case is a few objects and nothing else -----------


def make_pdf(objects: dict[int, bytes], *, root: int = 1) -> bytes:
    """A PDF with ``objects`` (number -> body between "N 0 obj" and "endobj"), a correct
    xref table and a trailer whose /Root is ``root``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(body: bytes, extra: bytes = b"") -> bytes:
    """A stream object body with the right /Length."""
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page_pdf(
    content: bytes,
    *,
    resources: bytes = b"<< /Font << /F1 4 0 R >> >>",
    extra: dict[int, bytes] | None = None,
    content_extra: bytes = b"",
) -> bytes:
    """Catalog 1, pages 2, page 3, font 4, content 5; ``extra`` adds or replaces objects."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 5 0 R >>",
        4: _FONT,
        5: stream(content, content_extra),
        **(extra or {}),
    }
    return make_pdf(objects)


_TEXT = b"BT /F1 12 Tf 72 720 Td (Recommendation 1: a hostile file) Tj ET"


def pdf_resource_cycle() -> bytes:
    """The page's /Resources is a reference to a reference to itself."""
    return one_page_pdf(_TEXT, resources=b"6 0 R", extra={6: b"7 0 R", 7: b"6 0 R"})


def pdf_self_containing_widths() -> bytes:
    """A font whose /Widths array contains itself (resolve_all would recurse for ever)."""
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 33 "
        b"/Widths 6 0 R >>"
    )
    return one_page_pdf(_TEXT, extra={4: font, 6: b"[ 500 6 0 R ]"})


def pdf_nested_forms(depth: int = 30, fan: int = 2, leaf: bytes = _TEXT) -> bytes:
    """Form XObject i draws form i+1 ``fan`` times, ``depth`` deep: fan**depth draws of
    ``leaf``."""
    extra: dict[int, bytes] = {}
    for level in range(depth):
        number = 6 + level
        if level + 1 < depth:
            body = b"q /X Do Q " * fan
            res = b"<< /XObject << /X %d 0 R >> /Font << /F1 4 0 R >> >>" % (number + 1)
        else:
            body, res = leaf, b"<< /Font << /F1 4 0 R >> >>"
        extra[number] = stream(
            body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + res
        )
    return one_page_pdf(
        b"/X Do", resources=b"<< /XObject << /X 6 0 R >> /Font << /F1 4 0 R >> >>", extra=extra
    )


def pdf_many_operators() -> bytes:
    """Forms fanned out 4 ways, 10 deep (under the nesting limit): a million operators."""
    return pdf_nested_forms(depth=10, fan=4, leaf=b"1 w")


def _deflate_zeros(size: int) -> bytes:
    """zlib of ``size`` zero bytes, made in 1 MiB steps (never ``size`` bytes at once)."""
    c = zlib.compressobj(9)
    block = bytes(1 << 20)
    parts = [c.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + c.flush()


def pdf_double_flate(inner: int = 256 << 20) -> bytes:
    """A content stream under [/FlateDecode /FlateDecode]: ~1 KB -> 256 KB -> 256 MB."""
    body = zlib.compress(_deflate_zeros(inner), 9)
    return one_page_pdf(body, content_extra=b"/Filter [/FlateDecode /FlateDecode]")


def pdf_bad_checksum(size: int = 30_000) -> bytes:
    """A Flate content stream with its adler32 broken: pdfminer's recovery reads it a
    byte at a time with ``bytes +=``."""
    text = (_TEXT + b"\n") * (size // (len(_TEXT) + 1))
    body = bytearray(zlib.compress(text, 9))
    body[-1] ^= 0xFF
    return one_page_pdf(bytes(body), content_extra=b"/Filter /FlateDecode")


def pdf_huge_tounicode() -> bytes:
    """A ToUnicode CMap whose one range covers every 4-byte code."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange "
        b"1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange endcmap end end"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    return one_page_pdf(_TEXT, extra={4: font, 6: stream(cmap)})


def pdf_many_glyphs(count: int = 300_000) -> bytes:
    """One Tj of ``count`` characters."""
    return one_page_pdf(b"BT /F1 1 Tf 0 0 Td (" + b"x" * count + b") Tj ET")


def pdf_deep_arrays(depth: int = 5000) -> bytes:
    """The page tree carries an entry nested ``depth`` arrays deep."""
    deep = b"[" * depth + b"0" + b"]" * depth
    return one_page_pdf(
        _TEXT, extra={2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Deep " + deep + b" >>"}
    )


def text_quoting_a_pdf_header() -> bytes:
    """A text dump whose first line mentions a PDF version: text, not a PDF."""
    seed = (
        Path(__file__).resolve().parent
        / "data"
        / "digital-optimisation-progress-update-march-2020.txt"
    )
    return b"Converted from %PDF-1.4 by a tool\n" + seed.read_bytes()


def text_with_stray_bytes() -> bytes:
    """The seed text dump with one NUL and one lone 0x81 in it."""
    seed = (
        Path(__file__).resolve().parent
        / "data"
        / "digital-optimisation-progress-update-march-2020.txt"
    )
    data = seed.read_bytes()
    return data[:500] + b"\x00" + data[500:1000] + b"\x81" + data[1000:]


# -- .docx parts ---------------------------------------------------------------------


def _numbering_xml(lvl_text: str, start: int) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="9">'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="9"><w:abstractNumId w:val="9"/></w:num></w:numbering>'
    ).encode()


def _numbered_document(paragraphs: int) -> bytes:
    p = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr></w:pPr>'
        "<w:r><w:t>Recommendation 1: x</w:t></w:r></w:p>"
    )
    return _document(p * paragraphs)


def _with_parts(document: bytes, **parts: bytes) -> bytes:
    seed = SEED_DOCX.read_bytes()
    with zipfile.ZipFile(io.BytesIO(seed)) as zf:
        names = set(zf.namelist())
    replace = {"word/document.xml": document}
    add: dict[str, bytes] = {}
    for key, body in parts.items():
        name = f"word/{key}.xml"
        (replace if name in names else add)[name] = body
    return rezip(seed, replace, add)


def docx_long_list_label() -> bytes:
    """A list level whose w:lvlText repeats %1 50,000 times, with a 4,000-digit start."""
    return _with_parts(_numbered_document(50), numbering=_numbering_xml("%1" * 50_000, 7))


def docx_huge_list_counter() -> bytes:
    """A list level starting at 10**300 (int() accepts it; a label would be 300 digits)."""
    return _with_parts(_numbered_document(50), numbering=_numbering_xml("%1.", 10**300))


def _styles_chain(depth: int) -> bytes:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="S{i}"/>'
        f'<w:basedOn w:val="S{i + 1}"/></w:style>'
        for i in range(depth)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>'
    ).encode()


def docx_long_style_chain(depth: int = 20_000, paragraphs: int = 2000) -> bytes:
    """20,000 styles each based on the next, and 2,000 paragraphs in the first."""
    p = '<w:p><w:pPr><w:pStyle w:val="S0"/></w:pPr><w:r><w:t>text</w:t></w:r></w:p>'
    return _with_parts(_document(p * paragraphs), styles=_styles_chain(depth))


def docx_huge_paragraph(chars: int = 3_000_000) -> bytes:
    """One paragraph of three million characters (compresses to a few KB)."""
    return _with_parts(_document(f"<w:p><w:r><w:t>{'x' * chars}</w:t></w:r></w:p>"))


def docx_many_paragraphs(count: int = 600_000) -> bytes:
    """600,000 empty paragraphs."""
    return _with_parts(_document("<w:p/>" * count))


def docx_strict() -> bytes:
    """The seed with its relationships in the Strict namespace (ISO 29500 Strict)."""
    seed = SEED_DOCX.read_bytes()
    with zipfile.ZipFile(io.BytesIO(seed)) as zf:
        rels = zf.read("_rels/.rels")
    strict = rels.replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    )
    return rezip(seed, {"_rels/.rels": strict})


def docx_duplicate_member() -> bytes:
    """The seed with a second word/document.xml appended (zipfile warns, then writes)."""
    import warnings

    out = io.BytesIO(SEED_DOCX.read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "a") as zf:
            zf.writestr("word/document.xml", _document("<w:p><w:r><w:t>other</w:t></w:r></w:p>"))
    return out.getvalue()


def odt_mimetype_bomb(inflated: int = 1 << 30) -> bytes:
    """A zip whose `mimetype` member inflates to 1 GiB of zeros (and nothing else)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("mimetype")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(inflated >> 20):
                member.write(block)
    return out.getvalue()


BUILDERS = {
    "pdf-resource-cycle.pdf": pdf_resource_cycle,
    "pdf-self-containing-widths.pdf": pdf_self_containing_widths,
    "pdf-nested-forms.pdf": pdf_nested_forms,
    "pdf-many-operators.pdf": pdf_many_operators,
    "pdf-double-flate.pdf": pdf_double_flate,
    "pdf-bad-checksum.pdf": pdf_bad_checksum,
    "pdf-huge-tounicode.pdf": pdf_huge_tounicode,
    "pdf-many-glyphs.pdf": pdf_many_glyphs,
    "pdf-deep-arrays.pdf": pdf_deep_arrays,
    "text-quoting-pdf-header.txt": text_quoting_a_pdf_header,
    "text-stray-bytes.txt": text_with_stray_bytes,
    "docx-long-list-label.docx": docx_long_list_label,
    "docx-huge-list-counter.docx": docx_huge_list_counter,
    "docx-long-style-chain.docx": docx_long_style_chain,
    "docx-huge-paragraph.docx": docx_huge_paragraph,
    "docx-many-paragraphs.docx": docx_many_paragraphs,
    "docx-strict.docx": docx_strict,
    "docx-duplicate-member.docx": docx_duplicate_member,
    "odt-mimetype-bomb.odt": odt_mimetype_bomb,
    "zip-bomb.docx": zip_bomb_docx,
    "deep-xml.docx": lambda: deep_xml_docx(300),
    "billion-laughs.docx": billion_laughs_docx,
    "external-entity.docx": external_entity_docx,
    "spreadsheet-like.docx": spreadsheet_like_docx,
}


def linked_odt(image_url: str, section_url: str) -> bytes:
    """An .odt whose text is a heading, a section linked to ``section_url`` (a file LibreOffice
    could read into the document) and an image linked to ``image_url`` (which it would
    fetch)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:text>'
        "<text:p>Recommendation 1: a linked document</text:p>"
        f'<text:section text:name="S1"><text:section-source xlink:href="{section_url}" '
        'xlink:type="simple"/><text:p>placeholder</text:p></text:section>'
        '<text:p><draw:frame draw:name="img" svg:width="1cm" svg:height="1cm">'
        f'<draw:image xlink:href="{image_url}" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame></text:p>'
        "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


#: What each case must give: ("ok", "") for a file that must load, else the error class
#: and a piece of its message (the limit's name, as Limits.exceeded words it).
EXPECTED: dict[str, tuple[str, str]] = {
    "zip-bomb.docx": ("ResourceLimitError", "compression ratio"),
    "deep-xml.docx": ("ResourceLimitError", "xml depth"),
    "billion-laughs.docx": ("*", ""),
    "external-entity.docx": ("*", ""),
    "spreadsheet-like.docx": ("NotAProgressUpdateError", ""),
    "pdf-resource-cycle.pdf": ("ResourceLimitError", "max object depth"),
    "pdf-self-containing-widths.pdf": ("*", ""),
    "pdf-nested-forms.pdf": ("ResourceLimitError", "max xobject depth"),
    # Budgets of pdfminer's interpreter: checked on the pdfplumber backend (see
    # PDFMINER_CASES); PDFium reads these files in C within the bounds.
    "pdf-many-operators.pdf": ("ResourceLimitError", "max page operators"),
    "pdf-double-flate.pdf": ("ResourceLimitError", "max stream size"),
    "pdf-bad-checksum.pdf": ("*", ""),
    "pdf-huge-tounicode.pdf": ("ResourceLimitError", "max cmap codes"),
    "pdf-many-glyphs.pdf": ("ResourceLimitError", "max page glyphs"),
    "pdf-deep-arrays.pdf": ("*", ""),
    "text-quoting-pdf-header.txt": ("ok", ""),
    "text-stray-bytes.txt": ("ok", ""),
    "docx-long-list-label.docx": ("ResourceLimitError", "max list label"),
    "docx-huge-list-counter.docx": ("ResourceLimitError", "max list counter"),
    "docx-long-style-chain.docx": ("ResourceLimitError", "max style depth"),
    # So compressible that the zip check refuses them first; test_limits.py reaches
    # the text and paragraph limits themselves with smaller files and limits.
    "docx-huge-paragraph.docx": ("ResourceLimitError", ""),
    "docx-many-paragraphs.docx": ("ResourceLimitError", ""),
    "docx-strict.docx": ("UnsupportedFormatError", "Strict Open XML"),
    "docx-duplicate-member.docx": ("UnsupportedFormatError", "duplicate member names"),
    "odt-mimetype-bomb.odt": ("UnsupportedFormatError", "OpenDocument file of type"),
}
#: Cases for the budgets of pdfminer's interpreter, loaded on the pdfplumber backend.
PDFMINER_CASES = frozenset(
    {"pdf-many-operators.pdf", "pdf-huge-tounicode.pdf", "pdf-many-glyphs.pdf"}
)
#: The bound every case is held to (the issue's "done when").
SECONDS = 20.0
ADDRESS_SPACE = 3 << 30


def check_cases(names: list[str], address_space: int = ADDRESS_SPACE) -> list[dict[str, object]]:
    """Run ``load()`` on each case in a forked child capped at ``address_space`` bytes
    (RLIMIT_AS) and ``SECONDS`` (SIGALRM, then SIGKILL); one result dict per case with
    the outcome, wall seconds and the child's peak RSS in MB.

    Call it in a fresh process (``python tests/hostile.py --check``): it forks, and the
    cap is set on the process itself first, so building a case is bounded too.
    """
    import json
    import os
    import resource
    import signal
    import time

    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    import scrutiny_parse
    import scrutiny_parse.readers.docx
    import scrutiny_parse.readers.pdf

    results: list[dict[str, object]] = []
    for name in names:
        data = BUILDERS[name]()
        read_end, write_end = os.pipe()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: one load(), its outcome as JSON on the pipe
            os.close(read_end)
            signal.alarm(int(SECONDS) + 5)
            try:
                backend = "pdfplumber" if name in PDFMINER_CASES else "pdfium"
                scrutiny_parse.load(data, pdf_backend=backend)
                outcome = {"error": "ok", "message": ""}
            except BaseException as e:
                outcome = {"error": type(e).__name__, "message": str(e)[:500]}
            os.write(write_end, json.dumps(outcome).encode())
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            raw = pipe.read()
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - started
        try:
            outcome = json.loads(raw)
        except ValueError:
            outcome = {"error": "Died", "message": f"child exit status {status}"}
        results.append(
            {
                "case": name,
                **outcome,
                "seconds": round(seconds, 2),
                "peak_mb": round(usage.ru_maxrss / 1024),
                "bytes": len(data),
            }
        )
    return results


def verdict(result: dict[str, object]) -> str | None:
    """None when ``result`` is what :data:`EXPECTED` says and within the bounds."""
    want, piece = EXPECTED.get(str(result["case"]), ("*", ""))
    got, message = str(result["error"]), str(result["message"])
    import scrutiny_parse

    named = got == "ok" or isinstance(getattr(scrutiny_parse, got, None), type)
    if not named:
        return f"{got} is not a ScrutinyParseError: {message}"
    if want != "*" and (got != want or piece not in message):
        return f"expected {want} ({piece!r}), got {got}: {message}"
    if float(str(result["seconds"])) > SECONDS:
        return f"took {result['seconds']} s"
    return None


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        import json

        for line in check_cases(sys.argv[2:] or list(BUILDERS)):
            print(json.dumps(line), flush=True)
        sys.exit(0)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/hostile")
    out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        (out / name).write_bytes(build())
        print(out / name)
