"""Reading a contact file into a :class:`Table`: workbooks through python-calamine, text files by hand.

Why calamine: it reads a 100,000-row workbook in ~0.6 s where openpyxl's read-only mode needs 6.5 s, returns the
values Excel cached for formulas, and covers .xls and .ods as well.

The file's *content* decides how it is read, not its extension: an "xlsx" that is really an encrypted Office
container is reported as password-protected, a CSV renamed .xls is still read. Only regular files are opened (a
named pipe would block, a device never ends). Before calamine sees a zip (xlsx/xlsm/ods) its central directory is
checked against the limits, so a zip bomb is refused unopened; calamine itself runs in a child process with a
memory ceiling (:mod:`desktop.contacts.workbook`), so no workbook can take the app down.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import itertools
import logging
import marshal
import os
import re
import stat
import subprocess
import tempfile
import threading
import unicodedata
import weakref
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.contacts import workbook
from desktop.contacts.columns import is_known_header
from desktop.contacts.errors import (
    ContactsError,
    FileTooLargeError,
    PasswordProtectedError,
    SheetNotFoundError,
    UnreadableFileError,
)
from desktop.contacts.workbook import column_letter
from desktop.i18n import _, number
from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker
from desktop.settings import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_MB,
    MAX_ROWS,
    READER_MEMORY_MB,
    InvalidPreference,
    Preferences,
)

log = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# An encrypted xlsx/xlsm is an OLE container holding these streams (MS-OFFCRYPTO); their names are UTF-16.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_HEADER_SCAN_ROWS = 30
_WIDTH_SAMPLE = 1000  # the first data rows that decide the table's width (with the header)
_DELIMITERS = ",;\t|"
_NO_DELIMITER = "\x1f"  # the ASCII unit separator: never in a contact file, so a one-column file stays whole
_PHONE_LIKE = re.compile(r"\+?[\d .()-]{7,}")
_MB = 1024 * 1024
# csv's own 128 KB field limit would refuse a whole file for one long note; Limits.max_cell_chars is the cap, and
# the file-size limit bounds what the csv module may hold. (2**31 - 1: the C long of every platform.)
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class Limits:
    """What the importer refuses before spending memory on it."""

    max_file_bytes: int = MAX_FILE_MB.default * _MB
    max_rows: int = MAX_ROWS.default
    max_columns: int = MAX_COLUMNS.default
    max_cell_chars: int = MAX_CELL_CHARS.default
    memory_bytes: int = READER_MEMORY_MB.default * _MB  # the ceiling of the child process that reads a workbook
    # A workbook is a zip; its unpacked XML may be ~20x the file, but a bomb is thousands of times larger.
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 1000

    def __post_init__(self) -> None:
        """Every limit is a positive number: zero or a negative limit would refuse every file or none."""
        for option, value in (
            (MAX_FILE_MB, self.max_file_bytes / _MB), (MAX_ROWS, self.max_rows), (MAX_COLUMNS, self.max_columns),
            (MAX_CELL_CHARS, self.max_cell_chars), (READER_MEMORY_MB, self.memory_bytes / _MB),
        ):
            if not value > 0:
                raise InvalidPreference(
                    _("“{label}” is {value:g} {unit}; it must be more than 0.").format(
                        label=_(option.label), value=value, unit=_(option.unit))
                )

    @classmethod
    def configured(cls, preferences: Preferences) -> Limits:
        """The limits as the person set them in Preferences; the zip guards stay fixed."""
        return cls(
            max_file_bytes=preferences.get(MAX_FILE_MB) * _MB,
            max_rows=preferences.get(MAX_ROWS),
            max_columns=preferences.get(MAX_COLUMNS),
            max_cell_chars=preferences.get(MAX_CELL_CHARS),
            memory_bytes=preferences.get(READER_MEMORY_MB) * _MB,
        )


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """A worksheet as the sheet chooser lists it."""

    name: str
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """A column the user sees: its header (unique within the table) and its index in each row's values."""

    name: str
    index: int
    letter: str


@dataclass
class Table:
    """A sheet as read: the header, and the data rows with their spreadsheet row numbers.

    ``rows`` holds ``(row_number, values)``; ``values`` is the full raw row (empty columns included) and is
    indexed by ``Column.index``, which spares a copy of every row. A list, or :class:`FileRows` from
    :func:`open_table`.
    """

    source: Path
    sheet: str | None
    sheets: list[SheetInfo]  # every worksheet of a workbook, in order; [] for a text file
    header_row: int  # the spreadsheet's row number of the header; 0 when the file has no header row
    columns: list[Column]
    rows: Sequence[tuple[int, Sequence[Any]]] = field(repr=False)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def read_table(
    path: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: Limits = Limits(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Table:
    """Read one sheet (the first visible one when ``sheet`` is None) of a workbook or a CSV/TXT file.

    ``header_row`` (1-based) overrides the detected header row; 0 means "no header, name the columns A, B, …".
    Raises a :class:`~desktop.contacts.errors.ContactsError` subclass for anything wrong with the file.
    """
    return _open(Path(path), sheet, header_row, limits, progress, cancel, keep=True)


def open_table(
    path: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: Limits = Limits(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Table:
    """:func:`read_table` without holding the rows: they are checked in one pass and read again each time ``rows``
    is iterated (:class:`FileRows`), from a text file itself, from the reader child's answer for a workbook (kept
    in an unnamed temporary file while the table lives), so a million-row list costs no memory here.
    """
    return _open(Path(path), sheet, header_row, limits, progress, cancel, keep=False)


def _open(path: Path, sheet: str | None, header_row: int | None, limits: Limits, progress: ProgressCallback | None,
          cancel: CancelToken | None, keep: bool) -> Table:
    """:func:`read_table` (``keep``: the rows as a list, collected as they are checked) or :func:`open_table`."""
    kind = _sniff_kind(path, limits)
    ticker = Ticker(Stage.READING, 0, progress, cancel)
    if kind == "text":
        raw, start, sheets, sheet_name = _text_source(path, limits), (0, 0), [], None
    else:
        raw, start, sheets, sheet_name = _read_workbook(path, sheet, limits, ticker)
    return _build_table(path, sheet_name, sheets, raw, start, header_row, limits, ticker, keep)


def _sniff_kind(path: Path, limits: Limits) -> str:
    """'zip', 'cfb' or 'text', after the kind of file, the size and the encryption checks."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError(_("{name} is a folder. Choose the contact file inside it.").format(
                                          name=path.name))
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(
                _("{name} is not a file but a {special_kind}. Choose a saved .xlsx, .xls, .ods, .csv or .txt "
                  "file.").format(name=path.name, special_kind=_special_kind(mode))
            )
        # O_NONBLOCK: a file swapped for a named pipe after the check above still cannot block the open.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UnreadableFileError(_("{name} is not a regular file. Choose a saved contact file.").format(
                                              name=path.name))
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(8)
    except FileNotFoundError:
        raise UnreadableFileError(_("The file {name} was not found. Check that it still exists.").format(
                                      name=path.name)) from None
    except OSError as exc:
        raise UnreadableFileError(_("The file {name} could not be opened ({strerror}).").format(
                                      name=path.name, strerror=exc.strerror)) from None
    if size > limits.max_file_bytes:
        raise FileTooLargeError(
            _("{name} is {value:.1f} MB; the limit is {value2:.0f} MB. Split the list into smaller files, or raise "
              "the limit in Preferences.").format(
                name=path.name, value=size / 1e6, value2=limits.max_file_bytes / 1e6)
        )
    if size == 0:
        raise UnreadableFileError(_("{name} is empty. Choose the file that holds the contacts.").format(
                                      name=path.name))
    if head.startswith(_ZIP_MAGIC):
        _check_zip(path, limits)
        return "zip"
    if head.startswith(_CFB_MAGIC):
        if _is_encrypted_ooxml(path):
            raise _password_error(path)
        return "cfb"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        raise UnreadableFileError(
            _("{name} is not a valid {lower} workbook; it may be damaged or renamed. Open it in Excel and save it "
              "again.").format(name=path.name, lower=path.suffix.lower()[1:])
        )
    return "text"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else _("special file")


def _password_error(path: Path) -> PasswordProtectedError:
    return PasswordProtectedError(
        _("{name} is protected with a password. Open it in Excel, remove the password (File › Info › Protect "
          "Workbook), save it, and import that copy.").format(name=path.name)
    )


def _is_encrypted_ooxml(path: Path) -> bool:
    """An OLE container with an EncryptedPackage stream: what Excel writes for a password-protected xlsx."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    return any(name in data for name in _ENCRYPTED_STREAMS)


def _check_zip(path: Path, limits: Limits) -> None:
    """Refuse damaged zips and zip bombs from the central directory alone, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFileError(
            _("{name} is damaged (its zip structure is broken). Open it in Excel and save it again.").format(
                name=path.name)
        ) from None
    unpacked = sum(m.file_size for m in members)
    worst_ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if unpacked > limits.max_unpacked_bytes or worst_ratio > limits.max_compression_ratio:
        raise FileTooLargeError(
            _("{name} would unpack to {value:.0f} MB, far more than a contact list needs; it was refused as possibly "
              "malicious. Save the sheet again from Excel or export it as CSV.").format(
                name=path.name, value=unpacked / 1e6)
        )


def _read_workbook(
    path: Path, sheet: str | None, limits: Limits, ticker: Ticker
) -> tuple[Callable[[], Iterator[Sequence[Any]]], tuple[int, int], list[SheetInfo], str]:
    """What reads the chosen sheet's rows from its first used cell, that cell's 0-based (row, column), the sheets,
    the name.

    calamine runs in a child process (see :mod:`desktop.contacts.workbook`) while this thread scans an xlsx sheet
    for a cell beyond the limits, so the scan costs no time.
    """
    sheet = sheet if sheet is not None else workbook.first_visible_sheet(str(path))
    bounds = (limits.max_rows + _HEADER_SCAN_ROWS, limits.max_columns)
    kind, *details = _in_child(path, sheet, bounds, limits, ticker)
    if kind == "ok":
        start, sheets, name, answer = details
        return _AnswerRows(path, answer, limits), (start[0], start[1]), [SheetInfo(n, h) for n, h in sheets], name
    raise _refusal(path, kind, details, limits)


class _AnswerRows:
    """Reads a workbook's rows from the reader child's answer (its ``rows`` records, after the ``ok`` one), again
    at each call; several readings may run at once. The answer file is closed when this goes."""

    def __init__(self, path: Path, answer: Any, limits: Limits) -> None:
        self._path, self._answer, self._limits = path, answer, limits
        self._first = answer.tell()
        self._lock = threading.Lock()
        weakref.finalize(self, answer.close)

    def __call__(self) -> Iterator[Sequence[Any]]:
        position = self._first
        while True:
            with self._lock:
                self._answer.seek(position)
                try:
                    kind, *details = workbook.read_record(self._answer)
                except EOFError:
                    return
                position = self._answer.tell()
            if kind != "rows":
                raise _refusal(self._path, kind, details, self._limits)
            yield from details[0]


def _in_child(
    path: Path, sheet: str | None, bounds: tuple[int, int], limits: Limits, ticker: Ticker
) -> tuple[Any, ...]:
    """:func:`workbook.read_sheet` in a child interpreter, and :func:`workbook.far_cell` here at the same time.

    A far cell ends the child (on a small file, before calamine has even started); so do Cancel and the child's
    own abort. The child writes into unnamed temporary files rather than pipes, so it never waits for this
    thread. An xlsx without a sheet name here (a damaged package) is left to calamine's verdict.
    """
    answer = tempfile.TemporaryFile()
    try:
        found = _run_child(path, sheet, bounds, limits, ticker, answer)
    except BaseException:
        answer.close()
        raise
    if found[0] != "ok":
        answer.close()
    return found


def _run_child(
    path: Path, sheet: str | None, bounds: tuple[int, int], limits: Limits, ticker: Ticker, answer: Any
) -> tuple[Any, ...]:
    """:func:`_in_child`'s work, the child's answer written to ``answer``: ``("ok", start, sheets, name, answer)``
    with ``answer`` at its first ``rows`` record, or a refusal."""
    with tempfile.TemporaryFile() as errors:
        try:
            child = subprocess.Popen(
                workbook.child_command(), stdin=subprocess.PIPE, stdout=answer, stderr=errors,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as exc:
            return ("damaged", _("the workbook reader could not start: {value}").format(value=exc.strerror or exc))
        with contextlib.suppress(OSError), child.stdin as request:  # a child that died at once is seen below
            request.write(marshal.dumps((str(path), sheet, *bounds, limits.memory_bytes)))
        with ThreadPoolExecutor(max_workers=1) as pool:
            scan = pool.submit(workbook.far_cell, str(path), sheet, *bounds) if sheet is not None else None
            try:
                while child.poll() is None and not (scan is not None and scan.done() and scan.result()):
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        child.wait(timeout=0.05)
                    ticker.check(0)
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait()
            far = scan.result() if scan is not None else None
        if far is not None:
            return ("far_cell", *far)
        answer.seek(0)
        if child.returncode == 0 and answer.read(1):
            answer.seek(0)
            first = workbook.read_record(answer)
            return (*first, answer) if first[0] == "ok" else first
        errors.seek(0)
        reason = errors.read(4000)  # the cause comes first (Rust's "memory allocation of N bytes failed")
    log.warning("the workbook reader stopped on %s (exit %s): %s", path.name, child.returncode,
                " | ".join(reason.decode(errors="replace").splitlines()[:3]))
    if b"memory allocation" in reason or b"MemoryError" in reason:
        return ("memory",)
    return ("damaged", _("the reader stopped with code {returncode}").format(returncode=child.returncode))


def _refusal(path: Path, kind: str, details: list[Any], limits: Limits) -> ContactsError:
    """The sentence for a refusal :func:`workbook.read_sheet` answered."""
    if kind == "password":
        return _password_error(path)
    if kind == "no_sheets":
        return UnreadableFileError(_("{name} has no sheets.").format(name=path.name))
    if kind == "no_sheet":
        name, names = details
        return SheetNotFoundError(_("{name} has no sheet named {name2!r}. Its sheets are: {join}.").format(
                                      name=path.name, name2=name, join=', '.join(names)))
    if kind == "far_cell":
        reference = details[0]
        return FileTooLargeError(
            _("{name} has a filled cell at {reference}, beyond the limits of {max_rows} rows and {max_columns} "
              "columns, so it was not read. Delete what lies outside the list in Excel (or copy the list to a new "
              "workbook), or raise the limits in Preferences.").format(
                name=path.name, reference=reference, max_rows=number(limits.max_rows),
                max_columns=number(limits.max_columns))
        )
    if kind == "too_big":
        rows, columns = details
        if rows > limits.max_rows + _HEADER_SCAN_ROWS:
            return _too_many_rows(path, rows, limits)
        return FileTooLargeError(
            _("{name} has {columns} columns; the limit is {max_columns}. Delete the columns the list does not need, "
              "or raise the limit in Preferences.").format(
                name=path.name, columns=number(columns), max_columns=number(limits.max_columns))
        )
    if kind == "memory":
        return FileTooLargeError(
            _("{name} needs more than {value:,.0f} MB of memory to be read, so it was refused; the app is unaffected. "
              "Save the list as a new workbook or as CSV, or raise “{label}” in Preferences.").format(
                name=path.name, value=limits.memory_bytes / _MB, label=_(READER_MEMORY_MB.label))
        )
    return _damaged(path, details[0] if details else kind)


def _damaged(path: Path, detail: str) -> UnreadableFileError:
    return UnreadableFileError(
        _("{name} could not be read as a workbook ({value}). It may be damaged: open it in Excel or LibreOffice and "
          "save it again as .xlsx.").format(name=path.name, value=(detail.splitlines() or [''])[0][:120])
    )


def _too_many_rows(path: Path, rows: int, limits: Limits) -> FileTooLargeError:
    return FileTooLargeError(
        _("{name} has {rows} rows; the limit is {max_rows}. Split the list into several files, or raise the limit in "
          "Preferences.").format(name=path.name, rows=number(rows), max_rows=number(limits.max_rows))
    )


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 saved without a BOM, else None.

    A contact file is mostly digits, separators and Latin letters, whose UTF-16 code units carry a NUL high byte:
    NULs fill one side of the code units (at least a quarter of them) and almost never the other, and the sample
    decodes. Vietnamese letters (U+1EA0-U+1EF9, ơ, ư, đ…) have no NUL byte, so they do not disturb the count.
    """
    sample = data[:4096 - 4096 % 2] if len(data) >= 4096 else data[:len(data) - len(data) % 2]
    units = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if units >= 2 and zeros * 4 >= units and other * 10 <= zeros:
            try:
                sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into one same number of fields.

    csv.Sniffer guesses wrong on short files and on commas inside quoted names; counting fields per line with
    the csv module itself (which honours quotes) is simpler and steadier. A delimiter that splits fewer than
    half the lines is a character inside values ("0912345678; 0987654321"), so the file has one column.
    """
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = _NO_DELIMITER, (0, 0)
    for delimiter in _DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        common = max(set(widths), key=widths.count, default=1)
        score = (widths.count(common), common)
        if common > 1 and score[0] * 2 >= len(lines) and score > best_score:
            best, best_score = delimiter, score
    return best


def _text_encoding(path: Path) -> str:
    """How a text file is decoded: as Excel and Notepad save it, UTF-8 (with or without BOM), UTF-16 ("Unicode
    text", with or without BOM), else Windows-1258, the Vietnamese ANSI code page (one streamed pass checks the
    UTF-8). Its combining tone marks are composed (NFC) as rows are read, so that "Nguyễn" from a 1258 file equals
    "Nguyễn" typed anywhere else."""
    with path.open("rb") as handle:
        head = handle.read(4096)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if b"\x00" in head and utf16_without_bom(head) is None:
            raise UnreadableFileError(
                _("{name} is not a spreadsheet or a text file. Choose an .xlsx, .xls, .ods, .csv or .txt "
                  "file.").format(name=path.name)
            )
        if encoding := utf16_without_bom(head):
            return encoding
        decoder = codecs.getincrementaldecoder("utf-8")()
        handle.seek(0)
        try:
            while chunk := handle.read(_MB):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1258"
    return "utf-8"


def _text_source(path: Path, limits: Limits) -> Callable[[], Iterator[list[str]]]:
    """What reads a CSV/TXT file's rows, again at each call; line ends may be CRLF, LF or the old Mac CR
    (newline="": csv splits at each). Text is composed (NFC) line by line."""
    try:
        encoding = _text_encoding(path)
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            delimiter = sniff_delimiter("".join(itertools.islice(handle, 50)))
    except OSError as exc:
        raise _unreadable_text(path, exc) from None

    def rows() -> Iterator[list[str]]:
        try:
            with path.open(encoding=encoding, errors="replace", newline="") as handle:
                lines = (unicodedata.normalize("NFC", line) for line in handle)
                yield from _text_rows(path, csv.reader(lines, delimiter=delimiter), limits)
        except OSError as exc:
            raise _unreadable_text(path, exc) from None

    return rows


def _unreadable_text(path: Path, exc: OSError) -> UnreadableFileError:
    return UnreadableFileError(_("The file {name} could not be read ({strerror}).").format(
                                   name=path.name, strerror=exc.strerror))


def _text_rows(path: Path, reader: Any, limits: Limits) -> Iterator[list[str]]:
    """The rows of ``reader`` (a csv reader), their cells stripped, refused beyond the cell and column limits."""
    try:
        for row in reader:
            if row and max(map(len, row)) > limits.max_cell_chars:
                raise FileTooLargeError(
                    _("Line {line} of {name} has a cell of {length} characters; the limit is {limit}. The file "
                      "may be damaged; if that cell is meant to be so long, raise “{label}” in Preferences.").format(
                        line=number(reader.line_num), name=path.name, length=number(max(map(len, row))),
                        limit=number(limits.max_cell_chars), label=_(MAX_CELL_CHARS.label))
                )
            if len(row) > limits.max_columns:
                raise FileTooLargeError(
                    _("Line {line_num} of {name} has {row} columns; the limit is {max_columns}. Delete the columns "
                      "the list does not need, or raise the limit in Preferences.").format(
                        line_num=number(reader.line_num), name=path.name, row=number(len(row)),
                        max_columns=number(limits.max_columns))
                )
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise UnreadableFileError(_("{name} is not a readable CSV file ({problem}).").format(
            name=path.name, problem=exc)) from None


def _is_blank(value: Any) -> bool:
    return value is None or value == ""


def _looks_like_header(row: Sequence[Any]) -> bool:
    """A header row: at least two filled cells, all text and none a phone number (data rows carry those)."""
    filled = [v for v in row if not _is_blank(v)]
    return len(filled) >= 2 and all(isinstance(v, str) and not _PHONE_LIKE.fullmatch(v) for v in filled)


def detect_header(rows: Sequence[Sequence[Any]]) -> int | None:
    """Index (in ``rows``) of the header row under any title rows, or None when the file has no header.

    Preference: the first row naming a phone or name column; else the first all-text row at least half as wide
    as the widest of the first rows (a title is one cell, a header spans the table).
    """
    window = rows[:_HEADER_SCAN_ROWS]
    for i, row in enumerate(window):
        if any(is_known_header(v) for v in row):
            return i
    widest = max((sum(not _is_blank(v) for v in row) for row in window), default=0)
    for i, row in enumerate(window):
        if _looks_like_header(row) and sum(not _is_blank(v) for v in row) * 2 >= widest:
            return i
    return None


def _build_table(
    path: Path,
    sheet: str | None,
    sheets: list[SheetInfo],
    raw: Callable[[], Iterator[Sequence[Any]]],
    start: tuple[int, int],
    header_row: int | None,
    limits: Limits,
    ticker: Ticker,
    keep: bool,
) -> Table:
    """Pick the header, keep non-empty rows with their spreadsheet numbers, drop columns that are empty.

    One pass over ``raw()`` checks the rows and, with ``keep``, collects them; otherwise the table's rows read
    ``raw()`` again (:class:`FileRows`)."""
    start_row, start_column = start
    probe = list(itertools.islice(raw(), _HEADER_SCAN_ROWS + _WIDTH_SAMPLE))  # read once for header and width

    def rows_at(begin: int, end: int) -> list[Sequence[Any]]:
        """Rows ``begin`` to ``end`` of ``raw()``, from the probe when it holds them."""
        inside = end <= len(probe) or len(probe) < _HEADER_SCAN_ROWS + _WIDTH_SAMPLE
        return probe[begin:end] if inside else list(itertools.islice(raw(), begin, end))

    if header_row is None:
        index = detect_header(probe[:_HEADER_SCAN_ROWS])
    elif header_row == 0:
        index = None
    else:
        index = header_row - 1 - start_row
        if index < 0 or not rows_at(index, index + 1):
            raise UnreadableFileError(_("Row {header_row} is outside the data of {name}.").format(
                                          header_row=header_row, name=path.name))
    header = list(rows_at(index, index + 1)[0]) if index is not None else []
    first_data = 0 if index is None else index + 1
    width = max((len(r) for r in rows_at(first_data, first_data + _WIDTH_SAMPLE)), default=0)
    width = max(width, len(header))
    used = [not _is_blank(h) for h in header] + [False] * (width - len(header))

    count, raw_rows, pending = 0, raw(), [i for i in range(width) if not used[i]]
    rows = FileRows(raw, first_data, start_row, width)
    kept: list[tuple[int, Sequence[Any]]] = []
    every, max_rows, done = ticker.every, limits.max_rows, -start_row - 1
    for row_number, values in rows.scan(raw_rows):
        if not (row_number + done) % every:  # ticker.tick, without a call a row
            ticker.check(row_number + done)
        count += 1
        if keep:
            kept.append((row_number, values))
        if count > max_rows:
            raise _too_many_rows(path, row_number - start_row - first_data + sum(1 for _ in raw_rows), limits)
        if pending:
            for i in pending:
                used[i] = not _is_blank(values[i])
            pending = [i for i in pending if not used[i]]
    rows.size = count
    ticker.total = max(ticker.total, row_number - start_row if count else first_data)
    ticker.finish()
    return Table(
        source=path,
        sheet=sheet,
        sheets=sheets,
        header_row=0 if index is None else start_row + index + 1,
        columns=_columns(header, used, start_column),
        rows=kept if keep else rows,  # a workbook's answer file is closed when its FileRows go
    )


class FileRows(Sequence[tuple[int, Sequence[Any]]]):
    """A table's data rows, ``(row_number, values)``, read again from their source at each pass, so the table
    holds none of them: ``len()``, iteration and indexing from the start (``rows[:200]``: the first 200 read)."""

    def __init__(self, raw: Callable[[], Iterator[Sequence[Any]]], first_data: int, start_row: int,
                 width: int) -> None:
        self._raw = raw
        self._first_data, self._start_row, self._width = first_data, start_row, width
        self.size = 0  # set by the pass that checked the rows

    def scan(self, raw_rows: Iterator[Sequence[Any]]) -> Iterator[tuple[int, Sequence[Any]]]:
        """The non-empty rows of ``raw_rows``, padded to the table's width, with their spreadsheet numbers."""
        width, number = self._width, self._start_row + self._first_data
        for values in itertools.islice(raw_rows, self._first_data, None):
            number += 1
            if not any(values) and all(_is_blank(v) for v in values):
                continue
            if len(values) < width:
                values = list(values) + [""] * (width - len(values))
            yield number, values

    def __iter__(self) -> Iterator[tuple[int, Sequence[Any]]]:
        return self.scan(self._raw())

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            return list(itertools.islice(self, item.start, item.stop, item.step))
        return next(itertools.islice(self, item, None))


def _columns(header: Sequence[Any], used: Sequence[bool], start_column: int) -> list[Column]:
    """Visible columns with unique names: "Column C" for a blank header, "Phone (2)" for a repeated one."""
    columns: list[Column] = []
    seen: set[str] = set()
    for i, is_used in enumerate(used):
        if not is_used:
            continue
        letter = column_letter(start_column + i)
        raw = header[i] if i < len(header) else ""
        name = " ".join(str(raw).split()) if not _is_blank(raw) else f"Column {letter}"
        unique, n = name, 2
        while unique in seen:
            unique, n = f"{name} ({n})", n + 1
        seen.add(unique)
        columns.append(Column(unique, i, letter))
    return columns
