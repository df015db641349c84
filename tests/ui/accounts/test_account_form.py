"""The account form saves back what it does not show: request sizes and the other VBot generation's fields keep their
stored values when the operator edits and saves the account."""

from __future__ import annotations

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
