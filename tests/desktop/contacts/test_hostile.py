"""The hostile corpus (tests/corpus/hostile.py): each file gets its verdict or one clear message, in bounded
memory and time, from the engine and from `autocall contacts import` alike; the workbook reader survives an abort."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from desktop.contacts.errors import ContactsError, FileTooLargeError
from desktop.contacts.importer import ImportReport, import_file
from desktop.contacts.reading import Limits, read_table
from desktop.errors import Cancelled
from desktop.exits import Exit
from desktop.settings import MAX_CELL_CHARS, MAX_COLUMNS, READER_MEMORY_MB, InvalidPreference, Preferences
from desktop.store import Store
from tests.corpus.hostile import CASES, Case, cr_only, hidden_first_sheet, huge_grid, ods_big_grid
from tests.helpers.contacts import ROOT

# Ten times what the largest of these files needs when read normally; a grid that got built would pass it.
ENGINE_PEAK_BYTES = 100 * 1024 * 1024
CLI_PEAK_BYTES = 500 * 1024 * 1024


def _import(case: Case, folder: Path, limits: Limits = Limits()) -> tuple[ImportReport | ContactsError, int]:
    """The engine's answer for the case's file, and the peak of Python memory while it was found."""
    path = case.write(folder)
    tracemalloc.start()
    try:
        outcome: ImportReport | ContactsError = import_file(path, limits=limits)
    except ContactsError as error:
        outcome = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_engine_verdict_in_bounded_memory(tmp_path, case):
    outcome, peak = _import(case, tmp_path)
    if case.refused is not None:
        assert isinstance(outcome, ContactsError), f"{case.name} was read"
        assert case.refused in str(outcome) and "\n" not in str(outcome)
    else:
        assert isinstance(outcome, ImportReport), str(outcome)
        assert outcome.counts.valid == case.valid and outcome.table.sheet == case.sheet
    assert peak < ENGINE_PEAK_BYTES


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for: work done, which a loaded machine does not
    stretch as it stretches wall-clock time."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def test_huge_grid_is_refused_in_milliseconds_from_4_7_kb(tmp_path):
    path = huge_grid(tmp_path)
    assert path.stat().st_size < 6000
    started = _cpu_seconds()
    with pytest.raises(FileTooLargeError, match="XFD150000"):
        read_table(path)
    assert _cpu_seconds() - started < 2.0  # the child interpreter's start is most of it


def test_hidden_sheets_are_listed_as_hidden_and_can_still_be_chosen(tmp_path):
    path = hidden_first_sheet(tmp_path)
    table = read_table(path)
    assert [(sheet.name, sheet.hidden) for sheet in table.sheets] == [("Cũ (ẩn)", True), ("Khách hàng", False)]
    assert len(read_table(path, sheet="Cũ (ẩn)").rows) == 10  # chosen on purpose, it is read


def test_a_workbook_over_the_memory_ceiling_is_refused_and_the_app_lives_on(tmp_path):
    """An ods whose grid fits calamine's own cell limit but not the ceiling: the child dies, not this process."""
    with pytest.raises(FileTooLargeError, match="more than 256 MB of memory"):
        read_table(ods_big_grid(tmp_path), limits=Limits(memory_bytes=256 * 1024 * 1024))
    assert len(read_table(cr_only(tmp_path)).rows) == 3


def test_cancel_ends_the_workbook_reader_at_once(tmp_path):
    """The 90-million-cell ods keeps calamine busy for seconds; Cancel does not wait for it."""
    path = ods_big_grid(tmp_path)
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def press_cancel() -> None:
        cancelled_at.append(time.perf_counter())
        cancel.set()

    threading.Timer(0.3, press_cancel).start()
    with pytest.raises(Cancelled):
        read_table(path, cancel=cancel)
    assert time.perf_counter() - cancelled_at[0] < 2.0  # from the press, not from a child a loaded machine starts late


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_rows": -1}, "“Most rows in a contact file” is -1 rows; it must be more than 0."),
        ({"max_file_bytes": 0}, "“Largest contact file” is 0 MB"),
        ({"max_columns": 0}, "“Most columns in a contact file” is 0 columns"),
        ({"max_cell_chars": -5}, "“Longest cell in a text file” is -5 characters"),
        ({"memory_bytes": -1024 * 1024}, "“Memory for reading one workbook” is -1 MB"),
    ],
)
def test_zero_and_negative_limits_are_refused(limits, message):
    with pytest.raises(InvalidPreference) as refused:
        Limits(**limits)
    assert message in str(refused.value)


@pytest.mark.parametrize(("option", "value"), [(MAX_COLUMNS, 0), (MAX_CELL_CHARS, -1), (READER_MEMORY_MB, 0)])
def test_preferences_refuse_limits_below_their_minimum(tmp_path, option, value):
    store = Store(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(InvalidPreference, match=f"“{option.label}” must be a whole number from"):
            Preferences(store).set(option, value)
    finally:
        store.close()


# `autocall` run in-process by a small script that then writes its peak memory: its own high-water mark (VmHWM)
# and that of the reader child it waited for. Not the wait4 figure of the command itself: Linux carries ru_maxrss
# across exec, so a command started from a big test process would report that process's peak.
_MEASURED = """
import re, resource, sys
from desktop.cli import main
code = main(sys.argv[2:])
own = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
with open(sys.argv[1], "w") as out:
    out.write(str(1024 * max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))
sys.exit(code)
"""


def _run_measured(folder: Path, *args: str) -> tuple[int, str, str, int]:
    """Exit code, stdout, stderr and peak resident memory (bytes) of ``autocall ARGS`` and its reader child."""
    peak = folder / "peak-bytes"
    done = subprocess.run([sys.executable, "-c", _MEASURED, str(peak), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=100)
    return done.returncode, done.stdout, done.stderr, int(peak.read_text())


@pytest.mark.timeout(120)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_cli_import_says_one_line_with_the_documented_exit_code(tmp_path, case):
    path = case.write(tmp_path)
    code, out, err, peak = _run_measured(tmp_path, "contacts", "import", str(path), "--data-dir", str(tmp_path / "d"))
    assert "Traceback" not in out + err
    if case.refused is not None:
        assert (code, out) == (Exit.INPUT, "")
        assert err.count("\n") == 1 and err.startswith("autocall contacts import: ") and case.refused in err
    else:
        assert code == Exit.OK and err == ""
        assert f"can be called {case.valid} ·" in out
    assert peak < CLI_PEAK_BYTES


@pytest.mark.parametrize(("option", "value"), [("--max-rows", "-1"), ("--max-mb", "0"), ("--max-columns", "-3")])
def test_cli_refuses_zero_and_negative_limits_in_one_line(tmp_path, option, value):
    path = cr_only(tmp_path)
    code, out, err, _ = _run_measured(tmp_path, "check", str(path), option, value)
    assert (code, out) == (Exit.INPUT, "") and err.count("\n") == 1 and "it must be more than 0" in err
