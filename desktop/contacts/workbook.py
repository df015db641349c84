"""One sheet of a workbook read by python-calamine, in a child process the app survives.

calamine builds a sheet's whole grid (first to last used cell) in native memory before anything can be checked,
and a Rust allocation failure aborts the process: two cells at A1 and XFD150000 in a 4.7 KB xlsx ask for 78 GB.
So :mod:`desktop.contacts.reading` runs :func:`read_sheet` in a child interpreter with a memory ceiling, where
an abort is one refused file instead of a closed app, and meanwhile scans an xlsx sheet's XML for a filled cell
beyond the row or column limit (:func:`far_cell`: streamed, at regular-expression speed); a far cell ends the
child, on a small file before calamine has even started.

This file is the child's whole program (run by its path, or by the installed app given :data:`CHILD_FLAG`): it
imports only the standard library and python-calamine, so the child starts in a few tens of milliseconds.
Requests and answers are plain tuples; the parent words them for the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import marshal
import posixpath
import re
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO
from xml.etree import ElementTree

import python_calamine

#: The installed app (a frozen build: no interpreter to start) runs :func:`main` when given this only argument.
CHILD_FLAG = "--autocall-read-workbook"
_CHUNK = 1024 * 1024
#: Rows a ``rows`` record carries: the child's Python values never hold more of the sheet.
ROWS_PER_RECORD = 10_000
_LENGTH = 8  # the bytes of a record's length in front of it
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# What reading a damaged or unusual package may raise; the scan then leaves the verdict to calamine.
_UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError,
               KeyError, StopIteration, ElementTree.ParseError)
_CELL_TAG = re.compile(rb'<(?:\w+:)?c\s')
_REF = re.compile(rb'\br="([A-Z]*)([0-9]+)"')


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how the user finds a column in Excel."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _greater_digits(limit: int) -> str:
    """A regular expression matching exactly the decimal numbers (no leading zero) greater than ``limit``."""
    text = str(limit)
    options = [rf"[1-9][0-9]{{{len(text)},}}"]
    for i, digit in enumerate(text):
        if digit != "9":
            options.append(f"{text[:i]}[{int(digit) + 1}-9][0-9]{{{len(text) - i - 1}}}")
    return "|".join(options)


def _greater_letters(limit: int) -> str:
    """The same for column letters: same-length letter runs order as the columns do, longer runs come later."""
    letters = column_letter(limit - 1)
    options = [f"[A-Z]{{{len(letters) + 1},}}"]
    for i, letter in enumerate(letters):
        if letter != "Z":
            options.append(f"{letters[:i]}[{chr(ord(letter) + 1)}-Z][A-Z]{{{len(letters) - i - 1}}}")
    return "|".join(options)


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(name, XML part, hidden) of each worksheet (not chart sheet) in workbook order, from the package
    relationships; [] when the package does not say (an ods, a damaged xlsx)."""
    try:
        root_rels = ElementTree.fromstring(archive.read("_rels/.rels"))
        workbook = next(r.get("Target", "") for r in root_rels.iter(_RELS)
                        if r.get("Type", "").endswith(_OFFICE_DOCUMENT)).lstrip("/")
        folder, name = posixpath.split(workbook)
        rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_RELS) if r.get("Type", "").endswith(_WORKSHEET)}
        book = ElementTree.fromstring(archive.read(workbook))
    except _UNREADABLE:
        return []
    parts = []
    for entry in book.iter():
        target = targets.get(entry.get(_R_ID)) if entry.tag.endswith("}sheet") else None
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            parts.append((entry.get("name", ""), part, entry.get("state", "visible") != "visible"))
    return parts


def first_visible_sheet(path: str) -> str | None:
    """The name of an xlsx's first visible sheet (what :func:`read_sheet` reads by default); None if not an xlsx."""
    try:
        with zipfile.ZipFile(path) as archive:
            return next((name for name, _, hidden in _sheet_parts(archive) if not hidden), None)
    except _UNREADABLE:
        return None


def _chunks(archive: zipfile.ZipFile, part: str) -> Any:
    """The part's XML in pieces that end at a tag boundary, so no tag is split between two pieces."""
    carry = b""
    with archive.open(part) as stream:
        while data := stream.read(_CHUNK):
            data = carry + data
            cut = data.rfind(b"<")
            cut = len(data) if cut <= 0 else cut
            yield data[:cut]
            carry = data[cut:]
    yield carry


def far_cell(path: str, sheet: str, max_rows: int, max_columns: int) -> tuple[str, int, int] | None:
    """The first filled cell of an xlsx sheet past ``max_rows`` or ``max_columns``, as (reference, row, column);
    None when every cell it names is inside (or the sheet is not an xlsx part we can find).

    Only filled cells count: an empty styled ``<c r="A9999" s="1"/>`` is ignored, as calamine ignores it. Cells
    that leave out their ``r`` (no spreadsheet program writes them) are bounded by the child's memory ceiling.
    """
    # The literal ' r="' first lets the regular-expression engine skip to each candidate at memchr speed; the
    # lookaheads drop the usual candidate (fewer letters or digits than the limit has) before the alternatives.
    columns, rows = len(column_letter(max_columns - 1)), len(str(max_rows))
    beyond = re.compile(
        rb' r="(?:(?=[A-Z]{%d})(?:%s)[0-9]+|[A-Z]*+(?=[0-9]{%d})(?:%s))"'
        % (columns, _greater_letters(max_columns).encode(), rows, _greater_digits(max_rows).encode())
    )
    try:
        with zipfile.ZipFile(path) as archive:
            part = next((part for name, part, _ in _sheet_parts(archive) if name == sheet), None)
            if part is None or part not in archive.NameToInfo:
                return None
            for chunk in _chunks(archive, part):
                for match in beyond.finditer(chunk):
                    tag_start, tag_end = chunk.rfind(b"<", 0, match.start()), chunk.find(b">", match.end())
                    if _CELL_TAG.match(chunk, tag_start) and chunk[tag_end - 1:tag_end] != b"/":
                        reference = _REF.search(match.group(0))
                        assert reference is not None
                        letters, row = reference.group(1).decode(), int(reference.group(2))
                        return letters + str(row), row, column_number(letters)
    except _UNREADABLE:
        return None
    return None


def read_sheet(path: str, sheet: str | None, max_rows: int, max_columns: int) -> Iterator[tuple[Any, ...]]:
    """The answer as records: ``("ok", (first row, first column), [(name, hidden)…], name)`` followed by the rows,
    ``("rows", [row…])`` :data:`ROWS_PER_RECORD` at a time, or a refusal ``(kind, details…)`` (after some rows
    too: handing them over may run out of memory).

    The sheet is ``sheet``, else the first visible worksheet (the parent scans it with :func:`far_cell` meanwhile).
    Refusals: ``password``, ``damaged`` (calamine's words), ``no_sheets``, ``no_sheet`` (its name, the names),
    ``far_cell`` (reference, row, column), ``too_big`` (rows, columns), ``memory``. calamine holds the whole sheet
    natively; its rows become Python values one record at a time.
    """
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError:
        yield ("password",)
        return
    except MemoryError:
        yield ("memory",)
        return
    except BaseException as exc:  # calamine's errors, and a Rust panic (pyo3 raises it as a BaseException)
        yield ("damaged", str(exc))
        return
    try:
        hidden = python_calamine.SheetVisibleEnum.Visible
        sheets = [(m.name, m.visible != hidden) for m in book.sheets_metadata
                  if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        if not sheets:
            yield ("no_sheets",)
            return
        name = sheet if sheet is not None else next((n for n, h in sheets if not h), sheets[0][0])
        if name not in book.sheet_names:
            yield ("no_sheet", name, [n for n, _ in sheets])
            return
        data = book.get_sheet_by_name(name)
        if data.height > max_rows or data.width > max_columns:
            yield ("too_big", data.height, data.width)
            return
        yield ("ok", tuple(data.start or (0, 0)), sheets, name)
        rows = data.iter_rows()  # from the first used cell, as to_python(skip_empty_area=True)
        while chunk := list(itertools.islice(rows, ROWS_PER_RECORD)):
            yield ("rows", chunk)
    except GeneratorExit:
        raise
    except MemoryError:
        yield ("memory",)
    except BaseException as exc:
        yield ("damaged", str(exc))
    finally:
        book.close()


# Cell values marshal cannot carry, turned by C-level methods into values it can, and back.
_FLAT: dict[type, tuple[str, Callable[[Any], Any]]] = {
    dt.datetime: ("T", dt.datetime.isoformat),
    dt.date: ("D", dt.date.toordinal),
    dt.time: ("H", dt.time.isoformat),
    dt.timedelta: ("S", dt.timedelta.total_seconds),
}
_RESTORE: dict[str, Callable[[Any], Any]] = {
    "T": dt.datetime.fromisoformat,
    "D": dt.date.fromordinal,
    "H": dt.time.fromisoformat,
    "S": lambda seconds: dt.timedelta(seconds=seconds),
}


def encode(record: tuple[Any, ...]) -> bytes:
    """A record of the answer: its length (:data:`_LENGTH` bytes), then the record in marshal's format, the fastest
    for text and numbers, read back whole by ``marshal.loads`` (``marshal.load`` from a file reads object by object,
    six times slower). A ``rows`` record ends with its dates and times, which marshal cannot carry: per column and
    type, their rows and values (None is left in the cells). Measured on a 100,000-row sheet with a date column:
    0.20 s to encode, where pickle took 0.35 s."""
    if record[0] != "rows":
        return _framed(marshal.dumps(record))
    flat: list[tuple[int, str, list[int], list[Any]]] = []
    try:
        return _framed(marshal.dumps((*record, flat)))
    except ValueError:
        pass
    rows = record[1]
    for c, column in enumerate(itertools.zip_longest(*rows)):
        types = list(map(type, column))
        for kind in _FLAT.keys() & set(types):
            tag, flatten = _FLAT[kind]
            where = [r for r, found in enumerate(types) if found is kind]
            flat.append((c, tag, where, list(map(flatten, map(column.__getitem__, where)))))
            for r in where:
                rows[r][c] = None
    return _framed(marshal.dumps((*record, flat)))


def _framed(data: bytes) -> bytes:
    return len(data).to_bytes(_LENGTH, "little") + data


def decode(data: bytes) -> tuple[Any, ...]:
    """The record :func:`encode` wrote."""
    with _collector_paused():
        return _restore(marshal.loads(data[_LENGTH:]))


def read_record(answer: BinaryIO) -> tuple[Any, ...]:
    """The next record :func:`encode` wrote to ``answer`` (only ever the app's own child's output); EOFError at
    its end, or where the answer stops inside a record."""
    size = int.from_bytes(answer.read(_LENGTH), "little")
    data = answer.read(size)
    if not size or len(data) < size:
        raise EOFError("no more records")
    with _collector_paused():
        return _restore(marshal.loads(data))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector paused while records are unpacked: their thousands of new lists and strings would
    start it many times, to find no garbage (half the time of unmarshalling a 100,000-row sheet)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _restore(record: tuple[Any, ...]) -> tuple[Any, ...]:
    """A ``rows`` record's dates and times put back in place; other records as they are."""
    if record[0] != "rows":
        return record
    *record, flat = record
    rows = record[1]
    for c, tag, where, values in flat:
        for r, value in zip(where, map(_RESTORE[tag], values)):
            rows[r][c] = value
    return tuple(record)


def child_command() -> list[str]:
    """How to start :func:`main` in a child: this file under this interpreter, or the installed app itself."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-P", __file__]


def main() -> None:
    """The child: a marshalled ``(path, sheet, max_rows, max_columns, memory_bytes)`` on stdin, the answer's
    records on stdout. The memory ceiling (POSIX) turns a runaway allocation into this process's end, not the app's; the
    parent scans the sheet meanwhile and ends this process if it finds a cell beyond the limits."""
    gc.disable()  # a process that lives for one read: the collector would only slow calamine's 100,000 new rows
    path, sheet, max_rows, max_columns, memory_bytes = marshal.loads(sys.stdin.buffer.read())
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no rlimit, macOS ignores RLIMIT_AS: the child still shields the app from an abort
    out = sys.stdout.buffer
    for record in read_sheet(path, sheet, max_rows, max_columns):
        out.write(encode(record))
    out.flush()


if __name__ == "__main__":
    main()
