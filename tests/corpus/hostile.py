"""A corpus of hostile contact files, each written by a function into a folder (no binary blobs).

Every :class:`Case` says what the importer must answer: the rows it reads (and from which sheet), or a fragment
of the one message that refuses the file. The reader tests and the CLI tests run the same corpus.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from tests.helpers.contacts import write_csv, write_ods

HEADER = ["Họ và tên", "Số điện thoại"]
PEOPLE = [["Nguyễn Văn An", "0912345678"], ["Trần Thị Bình", "0987654321"], ["Lê Văn Cường", "0352345678"]]
OLD_PEOPLE = [[f"Khách cũ {i}", f"09090000{i:02d}"] for i in range(10)]


@dataclass(frozen=True)
class Case:
    """One hostile file: ``refused`` is a fragment of the refusal, else the file is read with ``valid`` valid
    rows from ``sheet`` (None for a text file)."""

    name: str
    write: Callable[[Path], Path]
    refused: str | None = None
    valid: int = 0
    sheet: str | None = None


def _workbook(path: Path, sheets: Sequence[tuple[str, Sequence[Sequence[object]], bool]]) -> Path:
    """An xlsx with ``(name, rows, hidden)`` sheets in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, hidden in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        sheet.sheet_state = "hidden" if hidden else "visible"
    book.save(path)
    return path


def with_sheet_xml(path: Path, extra: bytes, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """The contact workbook at ``path`` with ``extra`` appended to its first sheet's data (or ods table)."""
    source = path.with_suffix(".source" + path.suffix)
    if path.suffix == ".ods":
        write_ods(source, [HEADER, *PEOPLE])
        member, end = "content.xml", b"</table:table>"
    else:
        _workbook(source, [("Khách hàng", [HEADER, *PEOPLE], False)])
        end = b"</sheetData>"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as patched:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == member:
                data = data.replace(end, extra + end)
            patched.writestr(info, data, compress_type=info.compress_type)
    source.unlink()
    return path


def huge_grid(folder: Path) -> Path:
    """The 4.7 KB xlsx that asked calamine for a 78 GB grid: one more cell, at XFD150000."""
    return with_sheet_xml(folder / "huge-grid.xlsx",
                           b'<row r="150000"><c r="XFD150000" t="inlineStr"><is><t>x</t></is></c></row>')


def huge_grid_small(folder: Path) -> Path:
    """The 4.9 KB variant (A1 to ZZ100000) that took 2.7 GB and 13 s."""
    return with_sheet_xml(folder / "huge-grid-small.xlsx",
                           b'<row r="100000"><c r="ZZ100000" t="inlineStr"><is><t>x</t></is></c></row>')


def implicit_grid(folder: Path) -> Path:
    """The same grid with positions left out (150,000 empty rows, then 16,384 cells): no ``r`` to scan, so the
    reader's memory ceiling has to refuse it."""
    return with_sheet_xml(folder / "implicit-grid.xlsx", b"<row/>" * 150_000 + b"<row>"
                           + b"<c><v>1</v></c>" * 16_384 + b"</row>")


def ods_cell_bomb(folder: Path) -> Path:
    """An ods whose repeated rows and columns ask for 2.4 billion cells (calamine's own limit is 100 million)."""
    return with_sheet_xml(folder / "cell-bomb.ods", b'<table:table-row table:number-rows-repeated="150000">'
                           b'<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
                           b'<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
                           b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
                           b"</table:table-row>")


def ods_big_grid(folder: Path) -> Path:
    """90 million repeated cells: under calamine's limit, over any sane memory ceiling."""
    return with_sheet_xml(folder / "big-grid.ods", b'<table:table-row table:number-rows-repeated="9000">'
                           b'<table:table-cell table:number-columns-repeated="10000"/></table:table-row>'
                           b'<table:table-row><table:table-cell table:number-columns-repeated="9999"/>'
                           b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
                           b"</table:table-row>")


def zip_bomb(folder: Path) -> Path:
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    return path


def damaged_sheet_data(folder: Path) -> Path:
    """An xlsx whose zip directory is intact but whose sheet's compressed bytes were scrambled (a bad disk, a
    half-finished download)."""
    path = with_sheet_xml(folder / "damaged.xlsx", b"")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    for i in range(start + 20, start + info.compress_size - 20):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    return path


def hidden_first_sheet(folder: Path) -> Path:
    """Last month's numbers on a hidden first sheet; this month's on the only visible one."""
    return _workbook(folder / "hidden-first.xlsx", [("Cũ (ẩn)", [HEADER, *OLD_PEOPLE], True),
                                                   ("Khách hàng", [HEADER, *PEOPLE], False)])


def empty_first_sheet(folder: Path) -> Path:
    return _workbook(folder / "empty-first.xlsx", [("Trang 1", [], False), ("Khách hàng", [HEADER, *PEOPLE], False)])


def cr_only(folder: Path) -> Path:
    """Old Mac line ends: CR alone."""
    path = folder / "cr-only.csv"
    path.write_bytes("\r".join(",".join(row) for row in [HEADER, *PEOPLE]).encode("utf-8") + b"\r")
    return path


def long_cell(folder: Path) -> Path:
    """A 140,000-character note: past csv's 128 KB field limit, far under the reader's cap."""
    return write_csv(folder / "long-cell.csv", [[*HEADER, "Ghi chú"]] + [[*p, "ghi chú " * 17_500] for p in PEOPLE])


def monster_cell(folder: Path) -> Path:
    """A cell of 1.1 million characters: over the cap."""
    return write_csv(folder / "monster-cell.csv", [HEADER, *PEOPLE, ["x" * 1_100_000, "0912345678"]])


def utf16le_without_bom(folder: Path) -> Path:
    """Notepad's "Unicode" without its BOM; the header's second character is already non-ASCII."""
    path = folder / "utf16le-nobom.csv"
    path.write_bytes("\r\n".join(",".join(row) for row in [["Số điện thoại", "Họ và tên"]] + [p[::-1] for p in PEOPLE])
                     .encode("utf-16-le"))
    return path


def utf16be_without_bom(folder: Path) -> Path:
    path = folder / "utf16be-nobom.csv"
    path.write_bytes("\n".join(",".join(row) for row in [HEADER, *PEOPLE]).encode("utf-16-be"))
    return path


def full_width_digits(folder: Path) -> Path:
    """Numbers typed with a Japanese/Chinese input method: ０９１２３４５６７８."""
    wide = str.maketrans("0123456789+", "０１２３４５６７８９＋")
    return write_csv(folder / "full-width.csv", [HEADER] + [[name, phone.translate(wide)] for name, phone in PEOPLE])


def joined_numbers(folder: Path) -> Path:
    """Two numbers in one cell joined by a spaced dash: the first is called, the second kept as an alternate."""
    return write_csv(folder / "joined.csv", [HEADER, ["Phạm Văn Dũng", "0912 345 682 - 0987 654 325"]])


def wide(folder: Path) -> Path:
    """300 columns on a line: more than the column limit."""
    return write_csv(folder / "wide.csv", [HEADER + [f"Cột {i}" for i in range(298)], PEOPLE[0] + [""] * 298])


def named_pipe(folder: Path) -> Path:
    """A FIFO nobody writes to: opening it for reading would wait forever."""
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


def device(folder: Path) -> Path:
    """/dev/zero: never ends."""
    return Path("/dev/zero")


def directory(folder: Path) -> Path:
    path = folder / "danh-sach.xlsx"
    path.mkdir()
    return path


CASES: tuple[Case, ...] = (
    Case("huge grid (A1 + XFD150000)", huge_grid, refused="XFD150000"),
    Case("huge grid, small variant (A1 + ZZ100000)", huge_grid_small, refused="ZZ100000"),
    Case("huge grid without cell positions", implicit_grid, refused="MB of memory"),
    Case("ods asking for 2.4 billion cells", ods_cell_bomb, refused="Cell limit exceeded"),
    Case("zip bomb", zip_bomb, refused="possibly malicious"),
    Case("scrambled sheet data", damaged_sheet_data, refused="It may be damaged"),
    Case("hidden first sheet", hidden_first_sheet, valid=3, sheet="Khách hàng"),
    Case("empty first sheet", empty_first_sheet, refused="the sheet “Khách hàng” has one"),
    Case("CR-only line ends", cr_only, valid=3),
    Case("cell over 128 KB", long_cell, valid=3),
    Case("cell over the cap", monster_cell, refused="1,100,000 characters"),
    Case("UTF-16 LE without BOM", utf16le_without_bom, valid=3),
    Case("UTF-16 BE without BOM", utf16be_without_bom, valid=3),
    Case("full-width digits", full_width_digits, valid=3),
    Case("two numbers joined by a dash", joined_numbers, valid=1),
    Case("300 columns", wide, refused="300 columns"),
    Case("named pipe", named_pipe, refused="named pipe"),
    Case("device", device, refused="device"),
    Case("folder", directory, refused="is a folder"),
)
