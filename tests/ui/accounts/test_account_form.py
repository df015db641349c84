"""The account form saves back what it does not show (request sizes and the other VBot generation's fields keep their
stored values when the operator edits and saves the account), reads numbers and call results the way the operator
writes them, and keeps the provider's own terms in tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel

from desktop.i18n import set_language
from desktop.providers.bizphone import BizPhoneSettings
from desktop.providers.nxcloud.settings import NxCloudSettings
from ui.accounts.form import AccountForm


def test_settings_the_form_does_not_show_are_kept_on_save(qtbot) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    stored = {"base_url": "https://bizphone.example.vn/v1", "max_batch_size": 37, "default_caller_id": "+842473001234"}
    form.load("bizphone", "Tổng đài", stored, saved_secrets={"api_key"})
    form.inputs["default_caller_id"].setText("+842473009999")
    saved = form.settings()
    assert isinstance(saved, BizPhoneSettings)
    assert saved.max_batch_size == 37 and saved.default_caller_id == "+842473009999"

    form.load("nxcloud", "NX", {"max_chunk": 40, "verify_response_signatures": False}, saved_secrets=set())
    saved = form.settings()
    assert isinstance(saved, NxCloudSettings)
    assert saved.max_chunk == 40 and saved.verify_response_signatures is False


@pytest.fixture
def vietnamese():
    """Numbers and the core's words in Vietnamese for the test."""
    before = QLocale()
    QLocale.setDefault(QLocale("vi_VN"))
    set_language("vi")
    yield
    QLocale.setDefault(before)


def test_hours_take_a_decimal_comma_in_vietnamese_and_are_stored_as_a_number(qtbot, vietnamese) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    form.load("bizphone", "Tổng đài", {"base_url": "https://bizphone.example.vn/v1", "queued_limit_hours": 2.5},
              saved_secrets={"api_key"})
    hours = form.inputs["queued_limit_hours"]
    assert hours.text() == "2,5"
    for typed in ("1,5", "1.5"):
        hours.setText(typed)
        assert form.validate() == []
        saved = form.settings()
        assert isinstance(saved, BizPhoneSettings) and saved.queued_limit_hours == 1.5
    hours.setText("một")
    assert form.validate() != []


def test_call_results_are_shown_in_words_and_stored_as_codes(qtbot, vietnamese) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    form.load("nxcloud", "NX", {"uuid": "u", "call_statuses": "1=answered, 2=no_answer"}, saved_secrets={"secret_key"})
    results = form.inputs["call_statuses"]
    assert results.text() == "1=Nghe máy, 2=Không nghe máy"
    results.setText("1=nghe máy, 3=Máy bận")
    assert form.validate() == []
    saved = form.settings()
    assert isinstance(saved, NxCloudSettings) and saved.call_statuses == "1=answered, 3=busy"
    assert "no_answer" not in " ".join(label.text() for label in form.findChildren(QLabel))


def test_the_providers_terms_are_only_in_tooltips(qtbot) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    form.load("bizphone", "Tổng đài", {}, saved_secrets=set())
    shown = " ".join(label.text() for label in form.findChildren(QLabel))
    for term in ("“caller”", "“digit”", "“default”", "“destination”", "error_concurrent"):
        assert term not in shown
    assert "“caller”" in form.inputs["default_caller_id"].toolTip()
