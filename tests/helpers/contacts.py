"""File builders for the contact import tests (no Qt), and the sample spreadsheet with its expected counts."""

from __future__ import annotations

import csv
import io
import runpy
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "desktop" / "contacts" / "fixtures"
SAMPLE = ROOT / "resources" / "samples" / "contacts-sample.xlsx"
# The counts the sample's generator documents for it (with an empty do-not-call list).
SAMPLE_EXPECTED: dict[str, int] = runpy.run_path(str(SAMPLE.with_name("make_contacts_sample.py")))["EXPECTED"]


def write_csv(path: Path, rows: Sequence[Sequence[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """A CSV as Excel or Notepad would save it in ``encoding`` (utf-16 writes a BOM, as Excel's Unicode text)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = buffer.getvalue()
    path.write_bytes(_encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: precomposed base letters (ê, ơ, ư…) followed by a combining tone mark
    (Python's codec refuses a precomposed "ễ"; Windows stores "ê" + U+0303)."""
    out = []
    for char in text:
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in _TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
            out.append(base + tones)
    return "".join(out).encode("cp1258")


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text, compress_type=zipfile.ZIP_STORED if name == "mimetype" else None)
    return path


def write_formula_xlsx(path: Path) -> Path:
    """A minimal xlsx as Excel saves a formula: ``<f>`` with the computed value cached in ``<v>``.

    A1 "Số điện thoại", A2 0912345678 (text), B1 "Số tiền", B2 1000, B3 ``=B2*2`` cached as 2000.
    """
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Số điện thoại</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Số tiền</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>0912345678</t></is></c><c r="B2"><v>1000</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>0987654321</t></is></c><c r="B3"><f>B2*2</f><v>2000</v></c></row>'
        "</sheetData></worksheet>"
    )
    return _zip(path, {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    })


def write_ods(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
    """A minimal OpenDocument spreadsheet: strings, floats and ISO dates (``datetime.date``)."""

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        if hasattr(value, "isoformat"):
            return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                    f"<text:p>{value.isoformat()}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return _zip(path, {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ),
        "content.xml": content,
    })
