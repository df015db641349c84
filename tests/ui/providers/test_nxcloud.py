"""NXCLOUD's campaign page and account field: every createAndCall option is set from the form, its own validator
speaks under it, and the page renders unclipped at both window sizes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from desktop.demo import DemoEnvironment
from desktop.providers.nxcloud import NxCampaignSettings, NxCloudSettings
from desktop.providers.nxcloud.options import SmsRule
from desktop.services import Services
from tests.helpers.campaigns import add_list, quick_engine
from tests.helpers.ui import account, open_window
from ui.accounts.form import AccountForm
from ui.main_window import MainWindow
from ui.providers.nxcloud import NxCloudPage

JUNE = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def window(qtbot, services: Services, manual_demo: DemoEnvironment) -> MainWindow:
    quick_engine(services.store)
    return open_window(qtbot, services, manual_demo, "nxcloud")


def nx_page(window: MainWindow, services: Services) -> NxCloudPage:
    window.session.set_active_account(account(services, "nxcloud"))
    tab = window.campaigns_tab
    tab.refresh_lists(add_list(services.store, 2))
    tab.new_campaign()
    tab.form.name.setText("Nhắc hẹn tháng 6")
    page = tab.form.page_for("nxcloud")
    assert tab.form.page is page
    page.scene.setText("1003")
    page.variables.setText("name")
    return page


def test_every_option_is_set_from_the_form(window: MainWindow, services: Services) -> None:
    page = nx_page(window, services)
    page.strategy.setCurrentText("Fast lane")
    page.route.setText("R-9")
    page.other.setText("june-batch")
    page.flags["task_keep"].setChecked(False)
    assert not page.flags["complete_when_done"].isEnabled()
    page.flags["round_redial"].setChecked(True)
    page.flags["phone_encrypt"].setChecked(True)
    page.flags["sms_enable"].setChecked(True)
    assert page.sms.isVisible() and "Add at least one SMS rule" in page.problem_note.text()
    page.sms.add_rule()
    for column, text in enumerate(("SMS-1", "11, 12", "Will pay")):
        page.sms.table.setItem(0, column, QTableWidgetItem(text))
    page.aicc.setChecked(True)
    assert "agent group" in page.problem_note.text()
    page.aicc.agent_group.setText("G-1")
    page.aicc.dispatch.setCurrentIndex(page.aicc.dispatch.findData(3))
    page.aicc.predict.setValue(1.5)
    assert page.problem_note.isHidden()
    tab = window.campaigns_tab
    tab.save_draft()
    saved = tab.service.get(tab.campaign.id).settings
    assert isinstance(saved, NxCampaignSettings)
    assert (saved.strategy_name, saved.route_id, saved.order_other, saved.task_name) == (
        "Fast lane", "R-9", "june-batch", "")
    assert (saved.task_keep, saved.round_redial, saved.phone_encrypt, saved.sms_enable) == (False, True, True, True)
    assert saved.sms_rules == (SmsRule("SMS-1", ("11", "12"), ("Will pay",)),)
    assert (saved.aicc, saved.agent_group, saved.dispatch_type, saved.predict_call_rate) == (True, "G-1", 3, 1.5)
    assert saved.task_setting(JUNE, "Nhắc hẹn tháng 6").task_name == "Nhắc hẹn tháng 6"
    tab.show_campaign(tab.service.get(tab.campaign.id))  # shown again: the widgets hold what was saved
    assert page.settings({"skip_called_before": saved.skip_called_before}) == saved


def test_the_default_strategy_is_sent_empty(window: MainWindow, services: Services) -> None:
    page = nx_page(window, services)
    assert page.strategy.currentText() == "NXCLOUD's default" and page.settings({}).strategy_name == ""
    assert page.flags["task_keep"].isChecked() and page.flags["complete_when_done"].isChecked()
    page.flags["task_keep"].setChecked(False)
    page.set_read_only(True)
    page.set_read_only(False)
    assert not page.flags["complete_when_done"].isEnabled()  # the app's rule applies only to a task kept open
    assert page.sms.isHidden() and not page.aicc.isChecked()


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_the_page_renders_at_both_sizes(window: MainWindow, services: Services, size: tuple[int, int],
                                        tmp_path: Path) -> None:
    page = nx_page(window, services)
    page.flags["sms_enable"].setChecked(True)
    page.aicc.setChecked(True)
    window.resize(*size)
    shot = tmp_path / "nxcloud.png"
    assert window.grab().save(str(shot)) and shot.stat().st_size > 0
    # nothing narrower than it needs: every labelled field of the page is at least its minimum width
    for widget in (page.route, page.other, page.sms.table, page.aicc.agent_group, page.aicc.predict):
        assert widget.width() >= widget.minimumSizeHint().width()


def test_the_account_form_edits_the_call_status_table(qtbot) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    form.load("nxcloud", "NX", {"uuid": "u"}, {"secret_key"})
    field = form.inputs["call_statuses"]
    field.setText("1=happy")
    assert any("not a result" in p for p in form.validate())
    field.setText("1=answered, 2=no_answer")
    assert form.validate() == []
    settings = form.settings()
    assert isinstance(settings, NxCloudSettings)
    assert settings.call_status_map == {"1": "answered", "2": "no_answer"}
