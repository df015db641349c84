"""Contacts tab against the real app: the messy sample imported through the tab, mapped to the simulator's VBot
template over loopback HTTP, screened against the do-not-call list, rejects written, lists saved, and the same
counts from ``autocall check``; cancelling, bad files and a 100,000-row report."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableView

from desktop.accounts.repository import Account
from desktop.contacts.columns import ColumnMapping
from desktop.contacts.importer import ContactRow, Status
from desktop.contacts.reading import Column, Table
from desktop.contacts.repository import ContactRepository, StoredRows, mapping_scope
from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.corpus.hostile import empty_first_sheet, hidden_first_sheet, huge_grid
from tests.helpers.contacts import FIXTURES, ROOT, SAMPLE, SAMPLE_EXPECTED
from tests.helpers.support import wait_until
from tests.helpers.ui import choose_nhac_no, finished, import_sample
from ui.contacts.report_model import PAGES_KEPT, PENDING, ImportReportModel
from ui.contacts.tab import ContactsTab
from ui.jobs import Jobs
from ui.main_window import MainWindow
from ui.platform.resources import stylesheet
from ui.session import Session

EXPECTED = SAMPLE_EXPECTED
NHAC_NO_MATCHES = {"ho_ten": "Họ và tên", "so_tien": "Số tiền", "han_thanh_toan": "Hạn thanh toán"}


def demo_account(services: Services, provider: str) -> Account:
    return next(a for a in services.accounts.list() if a.is_demo and a.provider == provider)


@pytest.fixture
def window(qtbot, services: Services, demo: DemoEnvironment) -> MainWindow:
    """The main window with the VBot demo account active. Tests open the Contacts tab themselves (``opened``):
    showing it starts fetching templates, an owned task that needs the test's running loop."""
    services.accounts.ensure_demo_accounts()
    session = Session(services, demo)
    main = MainWindow(session)
    session.set_active_account(demo_account(services, "vbot"))
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    return main


def opened(window: MainWindow) -> ContactsTab:
    window.show_tab("contactsTab")
    return window.contacts_tab


def counters(tab: ContactsTab) -> dict[str, int]:
    return {key: int(button.text().rsplit(maxsplit=1)[1].replace(",", "")) for key, button in tab.counters.items()}


async def cells(model: ImportReportModel, column: int, rows: range | list[int] | None = None) -> list[str]:
    """The texts of ``column`` in ``rows`` (all by default) once their pages are read from the store on a worker:
    till then a row shows "…"."""
    rows = range(model.rowCount()) if rows is None else rows
    for row in rows:
        model.index(row, column).data()
    await wait_until(lambda: not model.loading, message="the report's pages")
    return [model.index(row, column).data() for row in rows]


def problems(tab: ContactsTab) -> list[str]:
    panel = tab.fields_panel
    return [panel.problems.item(i).text() for i in range(panel.problems.count())]


def autocall_check(services: Services, provider: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "check", str(SAMPLE), "--json", "--provider", provider,
         "--data-dir", str(services.paths.data_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
    )
    return json.loads(done.stdout)


async def test_sample_report_template_fields_and_preview(window: MainWindow) -> None:
    tab = opened(window)
    assert tab.currentWidget() is tab.empty  # nothing imported or saved yet
    await import_sample(tab)
    assert tab.currentWidget() is tab.work
    assert counters(tab) == EXPECTED
    assert tab.phone_combo.currentData() == "Số điện thoại" and tab.name_combo.currentData() == "Họ và tên"
    assert "header on row 4" in tab.file_label.text() and tab.sheet_combo.isVisible()
    assert tab.model.rowCount() == 18
    tab.counters["invalid"].click()
    assert tab.model.rowCount() == 4
    assert set(await cells(tab.model, 3)) == {"Invalid"}
    tab.counters["total"].click()
    assert tab.model.rowCount() == 18

    # the VBot template's fields, fetched from the simulator over loopback HTTP, matched by cfname/cfkey
    await choose_nhac_no(tab)
    panel = tab.fields_panel
    assert [(f.key, f.required) for f in panel.fields] == [("ho_ten", True), ("so_tien", True),
                                                           ("han_thanh_toan", False)]
    assert panel.mapping == NHAC_NO_MATCHES
    listed = problems(tab)
    assert len(listed) == 1 and "Số tiền" in listed[0] and "1 row (column “Số tiền”, row 22)" in listed[0], listed
    assert panel.problems.isVisible()

    # the preview: valid rows as VBot dials them, with the values the script speaks
    preview = tab.preview_model
    assert preview.rowCount() == 11
    first = [preview.index(0, c).data() for c in range(preview.columnCount())]
    assert first == ["5", "0912345678", "Nguyễn Văn An", "Nguyễn Văn An", "1500000", "05/12/2026"]

    # mapping the required field away is a launch problem too, and the choice is remembered for the template
    panel.set_field_column("so_tien", None)
    await finished(tab)
    assert any("not mapped" in p for p in problems(tab))
    saved = ContactRepository(tab.session.services.store).load_mapping(mapping_scope("vbot", "NHAC_NO"))
    assert saved is not None and "so_tien" not in saved.fields and saved.phone == "Số điện thoại"


async def test_do_not_call_suppresses_and_autocall_check_agrees(window: MainWindow, services: Services) -> None:
    tab = opened(window)
    await import_sample(tab)
    loop = asyncio.get_running_loop()
    assert {k: v for k, v in (await loop.run_in_executor(None, autocall_check, services, "vbot")).items()
            if k in EXPECTED} == counters(tab) == EXPECTED

    dialog = tab.show_do_not_call()
    assert not dialog.add_number("12345")  # refused, in words
    assert "not added" in dialog.message.text()
    dialog.number_edit.setText("0977 000 111")
    dialog.add_button.click()
    assert dialog.numbers.stringList() == ["0977000111"] and "1 number" in dialog.count.text()
    await finished(tab)
    assert counters(tab) == {**EXPECTED, "valid": EXPECTED["valid"] - 1, "suppressed": 1}
    tab.counters["suppressed"].click()
    assert tab.model.rowCount() == 1 and await cells(tab.model, 0) == ["23"]
    assert tab.model.index(0, 4).data() == "on the do-not-call list"
    checked = await loop.run_in_executor(None, autocall_check, services, "vbot")
    assert {k: v for k, v in checked.items() if k in EXPECTED} == counters(tab)

    # removed again: the row is callable again
    dialog.view.selectAll()
    dialog.remove_button.click()
    await finished(tab)
    assert counters(tab) == EXPECTED and dialog.numbers.rowCount() == 0
    dialog.close()


async def test_save_rejects_writes_rejected_rows_with_their_columns(window: MainWindow, tmp_path: Path,
                                                                    monkeypatch) -> None:
    tab = opened(window)
    await import_sample(tab)
    target = tmp_path / "loi"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.save_rejects_button.click()
    await finished(tab)
    path = target.with_suffix(".xlsx")
    assert "7 rejected row(s) saved" in tab.message.text()
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Họ và tên", "Số điện thoại", "Số tiền", "Hạn thanh toán", "Ghi chú", "Reason")
    # STT n is spreadsheet row n + 4, except below the blank row 13
    assert [(r[0], r[6]) for r in rows[1:]] == [
        (5, "duplicate of row 5"), (6, "obsolete 11-digit mobile number"), (8, "not a phone number"),
        (9, "no phone number"), (11, "duplicate of row 6"), (12, "too few digits for a phone number"),
        (15, "duplicate of row 5"),
    ]
    assert rows[1][1:4] == ("Hoàng Thu Hà", "091.234.5678", 990000) and rows[5][2] == 987654321


async def test_cancel_during_a_large_import_keeps_nothing(window: MainWindow, services: Services,
                                                         tmp_path: Path) -> None:
    tab = opened(window)
    path = tmp_path / "lon.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Họ và tên", "Số điện thoại", "Số tiền"])
        writer.writerows([f"Khách {i}", f"09{i:08d}", i * 1000] for i in range(50_000))

    tab.import_file(path)
    # Cancel as soon as the import is under way. Waiting for a midway progress value would be a race: reports are
    # throttled to ~0.1 s, and a fast machine can read and check 50,000 rows between two of them.
    await wait_until(lambda: tab.progress_row.isVisible() and tab.cancel_button.isEnabled())
    tab.cancel_button.click()
    await finished(tab)
    assert tab.report is None and tab.left.currentWidget() is tab.no_file
    assert "cancelled" in tab.message.text() and tab.message.state != "error"
    assert tab.import_button.isEnabled() and not tab.progress_row.isVisible()
    assert services.store.query_one("SELECT COUNT(*) FROM contact_lists")[0] == 0

    await import_sample(tab)  # ready for the next file
    assert counters(tab) == EXPECTED


@pytest.mark.parametrize(("name", "content", "words"), [
    ("hong.xlsx", b"PK\x03\x04 not really a zip", "damaged"),
    ("password-protected.xlsx", None, "password"),
])
async def test_bad_files_are_explained(window: MainWindow, tmp_path: Path, name: str, content: bytes | None,
                                       words: str) -> None:
    tab = opened(window)
    path = FIXTURES / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    tab.import_file(path)
    await finished(tab)
    assert words in tab.message.text().lower() and tab.message.state == "error"
    assert tab.report is None and tab.import_button.isEnabled()


async def test_hostile_workbooks_are_explained_and_the_window_lives_on(window: MainWindow, tmp_path: Path) -> None:
    """The 4.7 KB grid that used to abort the app is refused in words; the hidden first sheet is listed as hidden
    and the visible one read; an empty first sheet names the sheet that has the phone column."""
    tab = opened(window)
    tab.import_file(huge_grid(tmp_path))
    await finished(tab)
    assert "XFD150000" in tab.message.text() and tab.message.state == "error" and tab.report is None

    tab.import_file(hidden_first_sheet(tmp_path))
    await finished(tab)
    combo = tab.sheet_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Cũ (ẩn) (hidden)", "Khách hàng"]
    assert combo.currentData() == "Khách hàng" and counters(tab)["valid"] == 3

    tab.import_file(empty_first_sheet(tmp_path))
    await finished(tab)
    assert tab.message.state == "error" and "“Khách hàng” has one" in tab.message.text()
    assert combo.currentData() == "Trang 1"
    combo.activated.emit(combo.findData("Khách hàng"))
    await finished(tab)
    assert counters(tab)["valid"] == 3 and tab.message.state != "error"


async def test_limits_come_from_settings(window: MainWindow, services: Services) -> None:
    tab = opened(window)
    services.store.set_setting("contacts.max_rows", 10)
    tab.import_file(SAMPLE)
    await finished(tab)
    assert "rows" in tab.message.text() and tab.message.state == "error" and tab.report is None
    services.store.set_setting("contacts.max_columns", -1)  # out of the dialog's range, as a tool may write it
    tab.import_file(SAMPLE)
    await finished(tab)
    assert "must be more than 0" in tab.message.text() and tab.message.state == "error" and tab.report is None


async def test_save_list_stores_rows_and_mapping(window: MainWindow, services: Services) -> None:
    tab = opened(window)
    await import_sample(tab)
    await choose_nhac_no(tab)
    saved_ids: list[int] = []
    tab.session.listSaved.connect(saved_ids.append)
    tab.list_name.setText("Nhắc nợ tháng 11")
    tab.save_list_button.click()
    await finished(tab)
    assert len(saved_ids) == 1
    store = services.store
    row = store.query_one("SELECT name FROM contact_lists WHERE id = ?", (saved_ids[0],))
    assert row["name"] == "Nhắc nợ tháng 11"
    statuses = dict(store.query("SELECT status, COUNT(*) FROM contacts WHERE list_id = ? GROUP BY status",
                                (saved_ids[0],)))
    assert statuses == {"valid": 11, "duplicate": 3, "invalid": 4}
    assert tab.saved_lists.count() == 1 and "18 rows · 11 to call" in tab.saved_lists.item(0).text()
    mapping = ContactRepository(store).load_mapping(mapping_scope("vbot", "NHAC_NO"))
    assert mapping.fields == NHAC_NO_MATCHES and (mapping.phone, mapping.name) == ("Số điện thoại", "Họ và tên")


async def test_delete_a_saved_list_after_confirming_unless_a_campaign_uses_it(
        qtbot, window: MainWindow, services: Services, monkeypatch) -> None:
    tab = opened(window)
    await import_sample(tab)
    tab.save_list("Tháng 10")
    await finished(tab)
    tab.save_list("Tháng 11")
    await finished(tab)
    used, spare = (info.id for info in sorted(tab.repository.lists(), key=lambda i: i.id))
    with services.store.transaction() as db:
        db.execute("INSERT INTO campaigns(name, account_id, list_id, provider) VALUES ('Nhắc nợ T10', ?, ?, 'vbot')",
                   (demo_account(services, "vbot").id, used))
    campaign_lists: list[int] = []
    tab.session.listDeleted.connect(campaign_lists.append)
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    def select(list_id: int) -> None:
        tab.side.setCurrentIndex(2)
        row = next(i for i in range(tab.saved_lists.count())
                   if tab.saved_lists.item(i).data(Qt.ItemDataRole.UserRole) == list_id)
        tab.saved_lists.setCurrentRow(row)

    assert not tab.delete_list_button.isEnabled()  # nothing selected
    select(used)
    tab.delete_list_button.click()
    assert asked == [] and "Nhắc nợ T10" in tab.message.text() and tab.message.state == "error"

    select(spare)
    assert tab.delete_list_button.isEnabled()
    qtbot.keyClick(tab.saved_lists, Qt.Key.Key_Delete)  # the keyboard way; Cancel keeps it
    assert len(asked) == 1 and "“Tháng 11” and its 18 rows" in asked[0] and tab.saved_lists.count() == 2

    answer = QMessageBox.StandardButton.Yes
    tab.delete_list_button.click()
    await finished(tab)
    assert [i.id for i in tab.repository.lists()] == [used] and tab.saved_lists.count() == 1
    assert "Deleted the list “Tháng 11”" in tab.message.text() and tab.message.state != "error"
    assert services.store.query_one("SELECT COUNT(*) FROM contacts WHERE list_id = ?", (spare,))[0] == 0
    assert campaign_lists == [spare] and not tab.delete_list_button.isEnabled()


async def test_bizphone_placeholders_and_nxcloud_scene_variables(window: MainWindow,
                                                                 services: Services) -> None:
    tab = opened(window)
    await import_sample(tab)
    panel = tab.fields_panel
    window.session.set_active_account(demo_account(services, "bizphone"))
    await finished(tab)
    tab.set_flow_text("Xin chào {{ho_va_ten}}, quý khách còn nợ {{so_tien}} đồng, hạn {{ han }}.")
    await finished(tab)
    assert [f.key for f in panel.fields] == ["ho_va_ten", "so_tien", "han"]
    assert panel.mapping == {"ho_va_ten": "Họ và tên", "so_tien": "Số tiền", "han": None}
    assert any("“han”" in p and "not mapped" in p for p in problems(tab))
    await cells(tab.model, 0, [0])
    assert tab.report.normalized(tab.model.contact(0)) == "+84912345678"  # BizPhone dials E.164

    window.session.set_active_account(demo_account(services, "nxcloud"))
    await finished(tab)
    panel.sources["nxcloud"].scene_edit.setText("SCENE_42")
    panel.sources["nxcloud"].scene_edit.editingFinished.emit()
    panel.sources["nxcloud"].variables_edit.setText("Số tiền, ho_va_ten")
    panel.sources["nxcloud"].variables_edit.editingFinished.emit()
    await finished(tab)
    assert panel.mapping == {"Số tiền": "Số tiền", "ho_va_ten": "Họ và tên"}
    await cells(tab.model, 0, [0])
    assert tab.report.normalized(tab.model.contact(0)) == "84912345678"
    # entered once, remembered per scene
    assert ContactRepository(services.store).load_mapping("nxcloud:SCENE_42").variables == ["Số tiền", "ho_va_ten"]
    panel.sources["nxcloud"].scene_edit.setText("OTHER")
    panel.sources["nxcloud"].scene_edit.editingFinished.emit()
    assert panel.fields == []
    panel.sources["nxcloud"].scene_edit.setText("SCENE_42")
    panel.sources["nxcloud"].scene_edit.editingFinished.emit()
    assert panel.sources["nxcloud"].variables_edit.text() == "Số tiền, ho_va_ten" and len(panel.fields) == 2


def big_table(rows: int) -> Table:
    """A 100,000-row file in memory: every 10th number repeated, every 25th not a number."""
    data = []
    for i in range(rows):
        phone = "không có" if i % 25 == 0 else f"09{(i - i % 10 if i % 10 == 5 else i):08d}"
        data.append((i + 2, (f"Khách hàng {i:06d}", phone, i * 1000)))
    columns = [Column("Họ và tên", 0, "A"), Column("Số điện thoại", 1, "B"), Column("Số tiền", 2, "C")]
    return Table(Path("lon.xlsx"), "Sheet1", ["Sheet1"], 1, columns, data)


async def test_a_100k_row_report_pages_sorts_filters_and_scrolls_from_the_store(qtbot, services: Services) -> None:
    """Correctness at full size, every filter and sort done by the store; the model holds only a few pages. How
    fast is the benchmarks' business (timed tests are flaky on shared machines)."""
    repository = ContactRepository(services.store)
    staged = repository.stage(big_table(100_000), ColumnMapping("Số điện thoại", "Họ và tên"))
    counts = staged.counts
    model = ImportReportModel(Jobs(services.tasks))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.resize(1000, 600)
    view.show()

    model.set_report(repository.staged_report(staged))
    assert model.rowCount() == 100_000 and counts.invalid == 4_000 and counts.duplicates > 0
    view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # by name
    assert await cells(model, 5, [0]) == ["Khách hàng 099999"]
    model.set_statuses([Status.INVALID])
    assert model.rowCount() == counts.invalid and await cells(model, 5, [0]) == ["Khách hàng 099975"]
    assert model.index(0, 3).data() == "Invalid" and model.index(0, 8).data() == "99975000"
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert await cells(model, 0, [0]) == ["2"]
    view.sortByColumn(8, Qt.SortOrder.DescendingOrder)  # a file column: not sorted, the tooltip says why
    assert model.index(0, 0).data() == "2" and (model.sort_column, model.sort_order) == (0, Qt.SortOrder.AscendingOrder)
    assert "cannot be sorted" in model.headerData(8, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    model.set_statuses([])
    assert model.rowCount() == 100_000
    view.scrollToBottom()
    await asyncio.sleep(0.05)  # the view lays out and paints the last rows: that asks for their page (a nested
    # loop such as qtbot.wait would run the page's task inside this test's task, which asyncio refuses)
    assert await cells(model, 0, [model.rowCount() - 1]) == ["100001"]
    for row in range(0, 100_000, 997):  # a scroll through the whole list keeps a few pages
        await cells(model, 0, [row])
    assert len(model._pages) <= PAGES_KEPT
    model.set_search("Khách hàng 09999")
    await wait_until(lambda: not model.loading)  # a search's rows are counted on a worker
    assert model.rowCount() == 10
    model.set_search("0900099_")  # LIKE's wildcards are searched as they are
    await wait_until(lambda: not model.loading)
    assert model.rowCount() == 0
    model.set_search("+84900099990")  # the number as dialled
    await wait_until(lambda: not model.loading)
    assert model.rowCount() == 2 and set(await cells(model, 0)) == {"99992", "99997"}


class HeldRows(StoredRows):
    """Stored rows whose page reads wait until the test lets them go, as a deep page of a million rows does."""

    release = threading.Event()
    reading = threading.Event()

    def page(self, offset: int, limit: int, sort: str = "row", descending: bool = False) -> list[ContactRow]:
        HeldRows.reading.set()
        assert HeldRows.release.wait(20)
        return super().page(offset, limit, sort, descending)


async def test_a_slow_page_read_leaves_the_window_answering_and_a_newer_order_wins(
        qtbot, services: Services, monkeypatch) -> None:
    """Pages are read on a worker: while one is held the window keeps handling events (a timer fires, the rows show
    "…"), and a page of an order replaced meanwhile never lands."""
    repository = ContactRepository(services.store)
    staged = repository.stage(big_table(1_000), ColumnMapping("Số điện thoại", "Họ và tên"))
    monkeypatch.setattr("desktop.contacts.repository.StoredRows", HeldRows)
    HeldRows.release.clear()
    HeldRows.reading.clear()
    model = ImportReportModel(Jobs(services.tasks))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.show()
    model.set_report(repository.staged_report(staged))
    view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # by name: its first page is held
    assert model.index(0, 0).data() == PENDING
    await wait_until(lambda: HeldRows.reading.is_set(), message="the page read to start")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    await wait_until(lambda: len(ticks) >= 5, timeout=5, message="the window's timer while a page is read")
    assert model.loading and model.index(0, 5).data() is None and model.index(0, 0).data() == PENDING
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a newer order while the name order's page is held
    HeldRows.release.set()
    assert await cells(model, 0, [0, 1]) == ["2", "3"]  # the row order's page, not the name order's
    timer.stop()


async def test_the_filter_in_use_looks_pressed_and_another_file_shows_all_rows(window: MainWindow,
                                                                               tmp_path: Path) -> None:
    tab = opened(window)
    tab.setStyleSheet(stylesheet())
    await import_sample(tab)
    invalid = tab.counters["invalid"]
    released = invalid.grab().toImage()
    invalid.click()
    tab.search_edit.setText("0166")
    await wait_until(lambda: tab.model.rowCount() == 1)  # once typing pauses: the invalid row 10
    assert invalid.isCheckable() and invalid.isChecked() and not tab.counters["total"].isChecked()
    assert invalid.grab().toImage() != released  # the style sheet draws the pressed state
    other = tmp_path / "khach-hang.csv"
    other.write_text("Số điện thoại,Họ và tên\n0912345678,Nguyễn Văn An\n12345,Trần Thị Bình\n", "utf-8")
    await import_sample(tab, other)
    assert tab.counters["total"].isChecked() and tab.search_edit.text() == ""
    assert tab.model.rowCount() == 2


async def test_a_saved_list_opens_and_leads_to_a_new_campaign_with_it_chosen(window: MainWindow,
                                                                             services: Services, tmp_path: Path,
                                                                             monkeypatch) -> None:
    tab = opened(window)
    await import_sample(tab)
    assert not tab.campaign_button.isVisibleTo(tab)
    tab.list_name.setText("Nhắc nợ tháng 12")
    tab.save_list_button.click()
    await finished(tab)
    saved = tab.repository.lists()[0]
    assert tab.campaign_button.isVisibleTo(tab) and "Create a campaign from this list" in tab.message.text()
    tab.campaign_button.click()  # the next step
    campaigns = window.campaigns_tab
    assert window.tabs.currentWidget() is campaigns and campaigns.currentWidget() is campaigns.work
    assert campaigns.campaign is None and campaigns.form.list_id() == saved.id

    tab = opened(window)
    await import_sample(tab, SAMPLE)  # another file on screen; the saved list is opened from "Saved lists"
    tab.counters["invalid"].click()
    tab.side.setCurrentIndex(2)
    assert not tab.open_list_button.isEnabled()  # nothing selected
    tab.saved_lists.setCurrentRow(0)
    tab.open_list_button.click()
    await finished(tab)
    assert tab.file_label.text() == "Saved list “Nhắc nợ tháng 12”" and tab.list_name.text() == "Nhắc nợ tháng 12"
    assert counters(tab) == EXPECTED and tab.model.rowCount() == 18 and tab.counters["total"].isChecked()
    assert tab.phone_combo.currentData() == "Số điện thoại" and tab.campaign_button.isVisibleTo(tab)
    assert (await cells(tab.model, 2, [0])) == ["0912345678"]  # as the active account dials it, like an import
    reasons = set(await cells(tab.model, 4))
    assert len(reasons) > 2  # each row's verdict and reason as saved
    await choose_nhac_no(tab)  # the template fields map to the saved list's columns, no file needed
    assert tab.fields_panel.mapping == NHAC_NO_MATCHES
    assert not tab.phone_combo.isEnabled()  # its verdicts stay as saved
    await wait_until(lambda: services.store.query_one("SELECT COUNT(*) FROM imports")[0] == 0)  # the files shown
    target = tmp_path / "loi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.save_rejects_button.click()  # from the saved list's rows
    await finished(tab)
    assert "7 rejected row(s) saved" in tab.message.text() and target.exists()
    tab.saved_lists.setCurrentRow(0)
    tab.list_campaign_button.click()
    assert window.tabs.currentWidget() is window.campaigns_tab and window.campaigns_tab.form.list_id() == saved.id


async def test_the_mapping_is_shown_after_a_restart_with_no_file_open(qtbot, window: MainWindow, services: Services,
                                                                     demo: DemoEnvironment) -> None:
    tab = opened(window)
    await import_sample(tab)
    await choose_nhac_no(tab)
    assert tab.fields_panel.mapping == NHAC_NO_MATCHES
    tab.save_list_button.click()  # saving the list remembers the mapping
    await finished(tab)
    window.close()

    session = Session(services, demo)  # the next start: no file open
    again = MainWindow(session)
    session.set_active_account(demo_account(services, "vbot"))
    qtbot.addWidget(again)
    again.show()
    tab = opened(again)
    await choose_nhac_no(tab)
    panel = tab.fields_panel
    assert tab.report is None and panel.mapping == NHAC_NO_MATCHES
    combos = panel.grid_area.combos
    assert {key: combos[key].currentData() for key in combos} == NHAC_NO_MATCHES
    panel.set_field_column("han_thanh_toan", None)  # changed with no file open: remembered too
    saved = ContactRepository(services.store).load_mapping(mapping_scope("vbot", "NHAC_NO"))
    assert "han_thanh_toan" not in saved.fields and saved.phone == "Số điện thoại"


async def test_a_number_excel_shortened_is_explained_in_the_report(window: MainWindow, tmp_path: Path) -> None:
    tab = opened(window)
    path = tmp_path / "excel-vn.csv"
    path.write_text("Số điện thoại;Họ và tên\n0912345678;Nguyễn Văn An\n9,83457E+08;Trần Thị Bình\n", "utf-8-sig")
    await import_sample(tab, path)
    tab.counters["invalid"].click()
    assert tab.model.rowCount() == 1 and await cells(tab.model, 1) == ["9,83457E+08"]
    assert tab.model.index(0, 4).data().startswith("Excel shortened this number")
