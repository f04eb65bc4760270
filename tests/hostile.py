"""Crafted hostile and broken inputs, built from the samples.

Used by tests/test_limits.py; also runnable to write them out for a look:

    python tests/hostile.py OUT_DIR
"""

from __future__ import annotations

import io
import sys
import zipfile
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


BUILDERS = {
    "zip-bomb.docx": zip_bomb_docx,
    "deep-xml.docx": lambda: deep_xml_docx(300),
    "billion-laughs.docx": billion_laughs_docx,
    "external-entity.docx": external_entity_docx,
    "spreadsheet-like.docx": spreadsheet_like_docx,
}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/hostile")
    out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        (out / name).write_bytes(build())
        print(out / name)
