"""End to end, as a supervisor works: the real main window on the demo simulator (loopback HTTP, manual clock)
imports the sample spreadsheet in the Contacts tab, maps the fields (VBot template NHAC_NO, NXCLOUD scene
variables, BizPhone flow placeholders), saves the list, sets up and launches a campaign in the Campaigns tab, and
the Monitor tab follows it to the end: its counts equal what the simulator decided, and every valid contact was
dialled exactly once.

The sample's row 22 (Trịnh Văn Út) has no amount, which NHAC_NO requires and the other scripts speak; a supervisor
fixes the file before importing, so the test imports a copy without that row: 10 valid contacts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from desktop.campaigns.model import CampaignState
from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.campaigns import ALL_CALLS_END, quick_engine, simulator_outcomes
from tests.helpers.contacts import SAMPLE
from tests.helpers.support import wait_until
from tests.helpers.ui import answer_yes, choose_nhac_no, finished, import_sample, open_window, preflight
from ui.main_window import MainWindow
from ui.monitor.table_model import group_of

pytestmark = pytest.mark.e2e
VALID = 10
GREETING = "Xin chào {{ho_va_ten}}, quý khách còn nợ {{so_tien}} đồng."


def fixed_sample(folder: Path) -> Path:
    """The sample with row 22 (a required amount missing) deleted, as the supervisor would."""
    workbook = openpyxl.load_workbook(SAMPLE)
    sheet = workbook.worksheets[0]
    assert sheet.cell(22, 2).value == "Trịnh Văn Út"
    sheet.delete_rows(22)
    path = folder / "khach-hang.xlsx"
    workbook.save(path)
    return path


async def map_fields(window: MainWindow, provider: str) -> None:
    """The Contacts tab's field mapping for the provider's script."""
    tab = window.contacts_tab
    panel = tab.fields_panel
    if provider == "vbot":
        await choose_nhac_no(tab)
    elif provider == "nxcloud":
        panel.sources["nxcloud"].scene_edit.setText("1003")
        panel.sources["nxcloud"].scene_edit.editingFinished.emit()
        panel.sources["nxcloud"].variables_edit.setText("name")  # the demo scene speaks {name}
        panel.sources["nxcloud"].variables_edit.editingFinished.emit()
        await finished(tab)
        panel.set_field_column("name", "Họ và tên")
    else:
        tab.set_flow_text(GREETING)
    await finished(tab)
    assert all(panel.mapping.values()), panel.mapping


async def save_list(window: MainWindow) -> int:
    tab = window.contacts_tab
    saved: list[int] = []
    tab.session.listSaved.connect(saved.append)
    tab.list_name.setText("Khách hàng tháng 6")
    tab.save_list_button.click()
    await finished(tab)
    assert len(saved) == 1
    return saved[0]


async def set_up_campaign(window: MainWindow, provider: str, list_id: int) -> None:
    """The Campaigns tab's form for the provider, every contact to be called (the earlier-campaign skip off)."""
    window.show_tab("campaignsTab")
    tab = window.campaigns_tab
    tab.refresh_lists(list_id)
    tab.new_campaign()
    tab.form.reload_lists(list_id)
    tab.form.name.setText(f"Nhắc nợ tháng 6 ({provider})")
    tab.form.skip_earlier.setChecked(False)
    if provider == "vbot":
        page = tab.form.page_for("vbot")
        await wait_until(lambda: page.template.count() > 0 and not page.busy, timeout=20, message="VBot pickers")
        assert page.choose("NHAC_NO", "0812345678")
    elif provider == "nxcloud":
        page = tab.form.page_for("nxcloud")
        page.scene.setText("1003")
        page.scene.editingFinished.emit()
        page.variables.setText("name")
        editor = page.window_editor
        editor.findChild(type(tab.new_button), "presetAllWeek").click()  # open now, whatever the test's hour
    else:
        editor = tab.form.page_for("bizphone").flow
        editor.add("play")
        editor.message.setPlainText(GREETING)


@pytest.mark.parametrize("provider", ["vbot", "nxcloud", "bizphone"])
async def test_sample_to_monitor_matches_the_simulators_ledger(qtbot, services: Services, manual_demo: DemoEnvironment,
                                                               tmp_path: Path, monkeypatch, provider: str) -> None:
    quick_engine(services.store)
    window = open_window(qtbot, services, manual_demo, provider)
    window.show_tab("contactsTab")
    await import_sample(window.contacts_tab, fixed_sample(tmp_path))
    assert window.contacts_tab.report.counts.valid == VALID
    await map_fields(window, provider)
    list_id = await save_list(window)
    await set_up_campaign(window, provider, list_id)

    answer_yes(monkeypatch)
    dialog = await preflight(window.campaigns_tab)
    assert dialog.launch_button.isEnabled(), dialog.levels()
    dialog.launch_button.click()
    campaign = window.campaigns_tab.campaign
    monitor = window.monitor_tab
    await wait_until(lambda: monitor.selector.currentData() == campaign.id and monitor.model.total == VALID,
                     timeout=20, message="the Monitor to show the launched campaign")
    service = window.session.campaigns
    await wait_until(lambda: service.get(campaign.id).state is not CampaignState.DISPATCHING, timeout=30,
                     message="dispatch to finish")
    window.show_tab("monitorTab")
    simulator = manual_demo.running.simulator
    simulator.advance(ALL_CALLS_END)
    await wait_until(lambda: monitor.state.text() == "All calls finished.", timeout=60, message="every call final")

    shown = {group: monitor.counters.count(group) for group in monitor.counters.values}
    expected = simulator_outcomes(SimpleNamespace(sim=simulator), provider)
    assert Counter({g: n for g, n in shown.items() if n}) == expected
    assert sum(expected.values()) == VALID and monitor.progress.value() == VALID
    assert Counter(group_of(monitor.model.row(r).outcome) for r in range(monitor.model.rowCount())) == expected
    dialled = simulator.ledger.entries(provider, dialled_only=True)
    assert simulator.ledger.duplicates() == [] and len({e.phone for e in dialled}) == len(dialled) == VALID
    await window.session.services.tasks.cancel_all()
