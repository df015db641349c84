"""BizPhone in the GUI: its account fields, its campaign page (caller ID and the call-flow editor) and its
template fields, the ``{{placeholders}}`` of the call-flow message."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.accounts.repository import Account
from desktop.contacts.repository import mapping_scope
from desktop.providers.base import CampaignOptions, fields_from_names
from desktop.providers.bizphone import BizPhoneCampaignSettings, BizPhoneSettings, placeholders
from desktop.providers.bizphone.wire import DOCUMENTED
from desktop.providers.errors import ConfigError
from ui.formats import number_text, parse_number
from ui.providers.base import (
    FieldsHost,
    FieldSource,
    FieldSpec,
    ProviderPage,
    ProviderUi,
    check_caller_id,
    check_url,
    provider_term,
)
from ui.providers.call_flow_editor import CallFlowEditor
from ui.session import Session
from ui.text import translate

KEY = "bizphone"
#: The mapping scope of a call-flow message that belongs to no saved flow.
DEFAULT_FLOW = "default"


def account_fields() -> list[FieldSpec]:
    """The account form, top to bottom."""
    return [
        FieldSpec("base_url", translate("AccountForm", "Server address"),
                  translate("AccountForm", "BizPhone does not publish one address: use the Open API address from "
                                           "your account or BizPhone support, ending in /v1."),
                  required=True, placeholder="https://…/v1", check=check_url),
        FieldSpec("api_key", translate("AccountForm", "API key"),
                  translate("AccountForm", "From Developer Hub → Project → Open API. BizPhone shows it only once; "
                                           "“Reset” there issues a new one."), secret=True, required=True),
        FieldSpec("default_caller_id", translate("AccountForm", "Default caller number"),
                  translate("AccountForm", "The number customers see, in international form (+84…)."),
                  check=check_caller_id, tip=provider_term("BizPhone", "caller")),
        # What BizPhone's document leaves open (its lists are cut off): docs/providers.md gives each reason.
        FieldSpec("star_hash_keys", translate("AccountForm", "Keys * and #"),
                  translate("AccountForm", "Whether callers may answer a question with * or #. BizPhone's document "
                                           "shows only the number keys."),
                  choices=(("no", translate("AccountForm", "Only 0–9")),
                           ("yes", translate("AccountForm", "Also * and #"))),
                  tip=provider_term("BizPhone", "digit")),
        FieldSpec("optional_default_branch", translate("AccountForm", "Answer for other keys"),
                  translate("AccountForm", "What a question does when the caller presses a key it does not list. "
                                           "BizPhone's document does not say whether every question needs one."),
                  choices=(("no", translate("AccountForm", "Required")),
                           ("yes", translate("AccountForm", "May be left out"))),
                  tip=provider_term("BizPhone", "default")),
        FieldSpec("phone_transfers", translate("AccountForm", "Transfer calls to"),
                  translate("AccountForm", "Where a call flow may pass the call on. BizPhone's document shows only "
                                           "extensions (Ext:1000)."),
                  choices=(("no", translate("AccountForm", "Extensions only")),
                           ("yes", translate("AccountForm", "Extensions and phone numbers (+84…)"))),
                  tip=provider_term("BizPhone", "destination")),
        FieldSpec("concurrent_limit", translate("AccountForm", "When all lines are busy"),
                  translate("AccountForm", "BizPhone's document does not say what its “all lines busy” answer "
                                           "means for the call."),
                  choices=(("queued", translate("AccountForm", "Wait for a free line and check again until the call "
                                                               "ends")),
                           ("failed", translate("AccountForm", "Count the call as failed at once"))),
                  tip=provider_term("BizPhone", "error_concurrent_call_limit_reache")),
        FieldSpec("queued_limit_hours", translate("AccountForm", "Stop waiting after (hours)"),
                  translate("AccountForm", "A call still waiting this long after it was sent is recorded as "
                                           "“unknown”."),
                  required=True, check=check_hours, shown=shown_hours, stored=stored_hours),
    ]


def check_hours(value: str) -> str | None:
    hours = parse_number(value)
    return None if hours is not None and hours > 0 else translate("AccountForm",
                                                                  "Enter a number of hours above 0, e.g. 24.")


def shown_hours(stored: str) -> str:
    """The stored hours (24.0) as the language writes them (24; 1,5 in Vietnamese)."""
    try:
        return number_text(float(stored))
    except ValueError:
        return stored


def stored_hours(typed: str) -> str:
    """The hours as typed in either decimal style ("1,5", "1.5") as the account stores them ("1.5")."""
    hours = parse_number(typed)
    return typed if hours is None else repr(hours)


class BizPhonePage(ProviderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.caller = QLineEdit()
        self.caller.setObjectName("bizCallerEdit")
        self.caller.setPlaceholderText(self.tr("Account default, or e.g. +842473001234"))
        self.caller.setToolTip(self.tr("BizPhone's “caller”: the number callees see, in international form"))
        self.recording = QCheckBox(self.tr("&Record calls"))
        self.recording.setObjectName("bizRecordingCheck")
        self.recording.setToolTip(self.tr("BizPhone's “enableCallRecording”. BizPhone offers no way to download "
                                          "the recordings; they stay in its portal."))
        self.flow = CallFlowEditor(session.services.preferences)
        self.flow.setMinimumHeight(420)
        form = QFormLayout(self)
        form.addRow(self.tr("Caller &ID:"), self.caller)
        form.addRow("", self.recording)
        form.addRow(QLabel(self.tr("Call flow:")))
        form.addRow(self.flow)
        self.caller.textChanged.connect(self.changed)
        self.recording.toggled.connect(self.changed)
        self.flow.changed.connect(self._flow_changed)

    def _flow_changed(self) -> None:
        self.session.flowTextChanged.emit(self.flow.message_text(), self.flow.flow_name() or DEFAULT_FLOW)
        self.changed.emit()

    def settings(self, common: dict) -> BizPhoneCampaignSettings:
        return BizPhoneCampaignSettings(
            **common, caller_id=self.caller.text().replace(" ", ""), enable_recording=self.recording.isChecked(),
            call_flow=self.flow.flow_json() if self.flow.flow_json()["steps"] else {},
            flow_name=self.flow.flow_name() or DEFAULT_FLOW)

    def reset(self) -> None:
        self.set_settings(BizPhoneCampaignSettings())

    def set_account(self, account: Account | None) -> None:
        """The call-flow editor checks the flow as this account reads BizPhone's document (keys, transfers)."""
        rules = DOCUMENTED
        if account is not None and account.provider == KEY:
            try:
                settings = self.session.accounts.settings_for(account)
            except ConfigError:  # the account form says what is wrong with it
                settings = None
            if isinstance(settings, BizPhoneSettings):
                rules = settings.flow_rules()
        self.flow.set_rules(rules)

    def set_settings(self, settings: CampaignOptions) -> None:
        assert isinstance(settings, BizPhoneCampaignSettings)
        self.caller.setText(settings.caller_id)
        self.recording.setChecked(settings.enable_recording)
        self.flow.set_flow_json(settings.call_flow, settings.flow_name)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.flow.set_read_only(read_only)


class BizPhoneFields(FieldSource):
    """BizPhone's fields are the ``{{placeholders}}`` of the call-flow message."""

    def __init__(self, host: FieldsHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self._flow = DEFAULT_FLOW
        self.flow_edit = QPlainTextEdit()
        self.flow_edit.setObjectName("flowTextEdit")
        self.flow_edit.setPlaceholderText(self.tr("The message the call flow speaks, e.g. “Xin chào {{ho_ten}}, "
                                                  "quý khách còn nợ {{so_tien}} đồng.” Each {{name}} becomes a "
                                                  "field."))
        self.flow_edit.setMaximumHeight(90)
        self.flow_edit.setTabChangesFocus(True)
        self.flow_edit.textChanged.connect(self._flow_edited)
        label = QLabel(self.tr("Call-flow &message:"))
        label.setBuddy(self.flow_edit)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label)
        column.addWidget(self.flow_edit)

    def activate(self, account: Account) -> None:
        self._flow_edited()

    def set_flow_text(self, text: str, flow: str) -> None:
        """``flow`` names the flow the mapping is remembered under ("" = no saved flow)."""
        self._flow = flow or DEFAULT_FLOW
        self.flow_edit.setPlainText(text)  # textChanged → _flow_edited

    def _flow_edited(self) -> None:
        if self.host.source is not self:
            return
        scope = mapping_scope(KEY, self._flow)
        if scope != self.host.scope:
            self.host.set_scope(scope, [])
        names = placeholders(self.flow_edit.toPlainText())
        if names != [f.key for f in self.host.fields]:
            self.host.set_fields(fields_from_names(names))


UI = ProviderUi(KEY, account_fields, BizPhonePage, BizPhoneFields)
