"""VBot in the GUI: its account fields (two API generations), its campaign page (template, hotline, mode) and its
template fields, which VBot lists over the API."""

from __future__ import annotations

from typing import cast

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.accounts.repository import Account
from desktop.contacts.repository import mapping_scope
from desktop.errors import AutocallError
from desktop.providers.base import CampaignOptions
from desktop.providers.vbot import VBOT_HOSTS, VBotCampaignSettings
from desktop.settings import LAST_TEMPLATE
from ui.providers.base import (
    FieldsHost,
    FieldSource,
    FieldSpec,
    ProviderPage,
    ProviderUi,
    check_url,
    labelled_row,
    provider_term,
    spin_box,
)
from ui.session import Session
from ui.text import arg, translate
from ui.widgets.message_bar import set_state

KEY = "vbot"


def account_fields() -> list[FieldSpec]:
    """The account form, top to bottom."""
    return [
        FieldSpec("api_generation", translate("AccountForm", "Sign-in method"),
                  translate("AccountForm", "VBot runs two API generations. v3 signs in with an API key; v2 with a "
                                           "user name and password. Use the one your VBot contract names."),
                  choices=(("v3", translate("AccountForm", "API key (v3)")),
                           ("v2", translate("AccountForm", "User name and password (v2)")))),
        FieldSpec("base_url", translate("AccountForm", "Server address"),
                  translate("AccountForm", "Leave empty to use VBot's current address. Change it only if VBot gave "
                                           "you another one."),
                  placeholder=VBOT_HOSTS["v3"], check=check_url),
        FieldSpec("api_key", translate("AccountForm", "API key"),
                  translate("AccountForm", "The Open API key from the VBot console. Requires VBot's “API dịch vụ” "
                                           "add-on."), secret=True, required=True,
                  shown_for=("v3",), tip=provider_term("VBot", "token-open-api")),
        FieldSpec("username", translate("AccountForm", "User name"),
                  translate("AccountForm", "The VBot user the app signs in as."),
                  required=True, shown_for=("v2",)),
        FieldSpec("password", translate("AccountForm", "Password"),
                  translate("AccountForm", "That user's password. Kept only in the system keyring."),
                  secret=True, required=True, shown_for=("v2",)),
        FieldSpec("vbot_id", translate("AccountForm", "VBot ID"),
                  translate("AccountForm", "Your VBot ID, from the VBot console."),
                  required=True, shown_for=("v2",), tip=provider_term("VBot", "vbot_id")),
        FieldSpec("project_code", translate("AccountForm", "Group code"),
                  translate("AccountForm", "The “Mã nhóm” from the VBot console."),
                  required=True, shown_for=("v2",), tip=provider_term("VBot", "project_code")),
        FieldSpec("default_hotline", translate("AccountForm", "Default hotline"),
                  translate("AccountForm", "The hotline code campaigns use unless they choose another (from VBot's "
                                           "hotline list).")),
        FieldSpec("history_time_unit", translate("AccountForm", "Time unit for call history"),
                  translate("AccountForm", "VBot does not document the unit of call-history search times. "
                                           "Milliseconds is what its newer APIs use; switch to seconds if history "
                                           "searches come back empty."),
                  choices=(("ms", translate("AccountForm", "milliseconds")),
                           ("s", translate("AccountForm", "seconds")))),
    ]


class VBotPage(ProviderPage):

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._account: Account | None = None
        self.mode = QComboBox()
        self.mode.setObjectName("vbotModeCombo")
        for value, text in (("batch", self.tr("Call the list in groups, with a script and a hotline")),
                            ("single", self.tr("Call numbers one by one")),
                            ("legacy", self.tr("Copy an existing VBot campaign (older way)"))):
            self.mode.addItem(text, value)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.template = QComboBox()
        self.template.setObjectName("vbotTemplateCombo")
        self.template.setMinimumContentsLength(20)
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hotline = QComboBox()
        self.hotline.setObjectName("vbotHotlineCombo")
        self.hotline.setMinimumContentsLength(20)
        self.hotline.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reload_button = QPushButton(self.tr("&Refresh lists"))
        self.reload_button.setObjectName("vbotReloadButton")
        self.reload_button.setToolTip(self.tr("Ask VBot again for the account's templates and hotlines"))
        self.reload_button.clicked.connect(self.load_lists)
        self.lists_status = QLabel()
        self.lists_status.setObjectName("vbotListsStatus")
        self.lists_status.setWordWrap(True)
        self.lists_status.setProperty("note", True)
        self.legacy_id = spin_box("vbotLegacyCampaignSpin", 0, 2_000_000_000, 0)
        self.legacy_id.setSpecialValueText(self.tr("None"))
        self.legacy_note = QLabel(self.tr("VBot has deprecated this API, and its request carries no per-call key: the "
                                          "whole list is sent once, and if VBot's reply is lost you are asked to "
                                          "check the VBot console; it is never sent again automatically."))
        self.legacy_note.setWordWrap(True)
        self.legacy_description = QLineEdit()
        self.legacy_description.setObjectName("vbotLegacyDescriptionEdit")
        self.legacy_description.setPlaceholderText(self.tr("The template campaign's own"))
        self.legacy_description.setToolTip(self.tr("Sent with every number of the list as VBot's “description” key "
                                                   "(empty: not sent). A contact column mapped to “description” "
                                                   "wins."))
        self.legacy_number_call = spin_box("vbotLegacyNumberCallSpin", 0, 99, 0)
        self.legacy_number_call.setSpecialValueText(self.tr("The template campaign's own"))
        self.legacy_number_call.setToolTip(self.tr("How many times VBot calls each number: VBot's “numberCall” key "
                                                   "(a whole number; not sent when left at the template "
                                                   "campaign's own)."))
        self.max_time = spin_box("vbotMaxTimeSpin", -1, 7200, -1, self.tr(" s"))
        self.max_time.setSpecialValueText(self.tr("Unlimited"))
        self.max_time.setToolTip(self.tr("Longest talk time of one call (VBot: max_time)"))
        self.max_wait = spin_box("vbotMaxWaitingSpin", 1, 300, 30, self.tr(" s"))
        self.max_wait.setToolTip(self.tr("How long a call may ring before it counts as not answered "
                                         "(max_waiting_time)"))
        form = QFormLayout(self)
        form.addRow(self.tr("&How to call:"), self.mode)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.reload_button)
        labelled_row(form, self.tr("&Script:"), template_row, self.template)
        form.addRow(self.tr("&Hotline:"), self.hotline)
        form.addRow("", self.lists_status)
        self.legacy_label = QLabel(self.tr("Number of the VBot &campaign to copy:"))
        self.legacy_label.setBuddy(self.legacy_id)
        form.addRow(self.legacy_label, self.legacy_id)
        form.addRow("", self.legacy_note)
        self.legacy_description_label = QLabel(self.tr("&Description:"))
        self.legacy_description_label.setBuddy(self.legacy_description)
        form.addRow(self.legacy_description_label, self.legacy_description)
        self.legacy_number_call_label = QLabel(self.tr("&Number of calls:"))
        self.legacy_number_call_label.setBuddy(self.legacy_number_call)
        form.addRow(self.legacy_number_call_label, self.legacy_number_call)
        form.addRow(self.tr("Longest &talk time:"), self.max_time)
        form.addRow(self.tr("Longest &ringing time:"), self.max_wait)
        for combo in (self.template, self.hotline):
            combo.currentIndexChanged.connect(self.changed)
        for spin in (self.max_time, self.max_wait, self.legacy_id, self.legacy_number_call):
            spin.valueChanged.connect(self.changed)
        self.legacy_description.textChanged.connect(self.changed)
        self._mode_changed()

    @property
    def busy(self) -> bool:
        return "campaigns-vbot-lists" in self.session.services.tasks.running()

    def set_account(self, account: Account | None) -> None:
        changed = (account.id if account else None) != (self._account.id if self._account else None)
        self._account = account
        self._offer_legacy(account)
        if changed and account is not None and account.provider == KEY:
            self.load_lists()

    def load_lists(self) -> None:
        """Fill the template and hotline pickers from VBot in an owned task (the old fetch is cancelled)."""
        if self._account is None:
            return
        self.lists_status.setText(self.tr("Asking VBot for the templates and hotlines…"))
        set_state(self.lists_status, "")
        self.reload_button.setEnabled(False)
        account = self._account
        self.session.jobs.run("campaigns-vbot-lists", lambda _job: self._fetch(account), on_error=self._not_read,
                              on_finished=lambda: self.reload_button.setEnabled(True))

    def _not_read(self, text: str) -> None:
        self.lists_status.setText(arg(self.tr("The lists could not be read: %1"), text))
        set_state(self.lists_status, "error")

    async def _fetch(self, account: Account) -> None:
        async with self.session.accounts.client_for(account) as client:
            templates = await client.list_templates()
            hotlines = await client.list_hotlines()
        self._fill(self.template, [(t.code, f"{t.name} ({t.code})") for t in templates])
        self._fill(self.hotline, [(h.code, f"{h.name or h.number} — {h.number}") for h in hotlines])
        self.lists_status.setText(arg(self.tr("%1 template(s) and %2 hotline(s) on this account."),
                                      str(len(templates)), str(len(hotlines))))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Refill, keeping the chosen code (shown as missing when the account no longer has it)."""
        wanted = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        if wanted and combo.findData(wanted) < 0:
            combo.addItem(arg(translate("VBotPage", "%1 (not on this account)"), wanted), wanted)
        combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted else 0)
        combo.blockSignals(False)
        combo.currentIndexChanged.emit(combo.currentIndex())

    def choose(self, template: str, hotline: str) -> bool:
        """Pick a template and a hotline by code (tests and scripts); False when either is not listed."""
        t, h = self.template.findData(template), self.hotline.findData(hotline)
        if t >= 0:
            self.template.setCurrentIndex(t)
        if h >= 0:
            self.hotline.setCurrentIndex(h)
        return t >= 0 and h >= 0

    def _offer_legacy(self, account: Account | None) -> None:
        """The legacy mode only for a v2 account: its request needs the VBot ID and project code, which only a v2
        account holds, and a v2 Bearer token (seed 000)."""
        v2 = False
        if account is not None and account.provider == KEY:
            try:
                v2 = getattr(self.session.accounts.settings_for(account), "api_generation", "") == "v2"
            except AutocallError:
                v2 = False
        item = cast(QStandardItemModel, self.mode.model()).item(self.mode.findData("legacy"))
        item.setEnabled(v2)
        item.setToolTip("" if v2 else self.tr("Needs a v2 VBot account (with its VBot ID and project code)."))

    def _mode_changed(self) -> None:
        legacy = self.mode.currentData() == "legacy"
        for widget in (self.legacy_id, self.legacy_label, self.legacy_note, self.legacy_description,
                       self.legacy_description_label, self.legacy_number_call, self.legacy_number_call_label):
            widget.setVisible(legacy)
        self.changed.emit()

    def settings(self, common: dict) -> VBotCampaignSettings:
        return VBotCampaignSettings(
            **common, mode=self.mode.currentData(), template_code=self.template.currentData() or "",
            hotline_code=self.hotline.currentData() or "", max_time=self.max_time.value(),
            max_waiting_time=self.max_wait.value(), legacy_campaign_id=self.legacy_id.value() or None,
            legacy_description=self.legacy_description.text().strip(),
            legacy_number_call=self.legacy_number_call.value())

    def reset(self) -> None:
        """A new campaign: default settings with a template and hotline chosen, as when the lists first arrive —
        the template last chosen for this account in Contacts (where its fields were mapped), else the first."""
        account_id = self._account.id if self._account is not None else None
        remembered = self.session.services.preferences.get(LAST_TEMPLATE, account_id) if account_id else ""
        listed = self.template.count() == 0 or self.template.findData(remembered) >= 0
        template = remembered if remembered and listed else self.template.itemData(0) or ""
        self.set_settings(VBotCampaignSettings(template_code=template, hotline_code=self.hotline.itemData(0) or ""))

    def set_settings(self, settings: CampaignOptions) -> None:
        assert isinstance(settings, VBotCampaignSettings)
        self.mode.setCurrentIndex(max(0, self.mode.findData(settings.mode)))
        for combo, code in ((self.template, settings.template_code), (self.hotline, settings.hotline_code)):
            if code and combo.findData(code) < 0:
                combo.addItem(code, code)
            combo.setCurrentIndex(combo.findData(code) if code else -1)
        self.max_time.setValue(settings.max_time)
        self.max_wait.setValue(settings.max_waiting_time)
        self.legacy_id.setValue(settings.legacy_campaign_id or 0)
        self.legacy_description.setText(settings.legacy_description)
        self.legacy_number_call.setValue(settings.legacy_number_call)


class VBotFields(FieldSource):
    """VBot lists its templates and each template's custom fields over the API."""

    def __init__(self, host: FieldsHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self._wanted = False  # the account's templates have not been fetched yet
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.setMinimumContentsLength(20)
        self.template_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo.currentIndexChanged.connect(self._template_chosen)
        self.refresh_button = QPushButton(self.tr("Re&load"))
        self.refresh_button.setObjectName("reloadTemplatesButton")
        self.refresh_button.setToolTip(self.tr("Fetch the templates and their fields from VBot again"))
        self.refresh_button.clicked.connect(self.load_templates)
        label = QLabel(self.tr("&Script:"))
        label.setBuddy(self.template_combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.template_combo, 1)
        row.addWidget(self.refresh_button)

    def activate(self, account: Account) -> None:
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.blockSignals(False)
        self._wanted = True
        self.host.set_status(self.tr("The templates are fetched from VBot when you open this tab."))
        self.host.set_scope("", [])

    def ensure_loaded(self) -> None:
        if self._wanted:
            self.load_templates()

    def load_templates(self) -> None:
        account = self.host.account
        if account is None or self.host.source is not self:
            return
        self._wanted = False
        self.host.set_status(self.tr("Loading templates from VBot…"))
        self.refresh_button.setEnabled(False)
        self.host.session.jobs.run(
            "contacts-templates", lambda _job: self._fetch_templates(account),
            on_error=lambda text: self.host.set_status(
                arg(self.tr("The templates could not be loaded: %1"), text)),
            on_finished=lambda: self.refresh_button.setEnabled(True))

    async def _fetch_templates(self, account: Account) -> None:
        async with self.host.session.accounts.client_for(account) as client:
            templates = await client.list_templates()
        if account is not self.host.account:
            return
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in templates:
            self.template_combo.addItem(f"{template.name} ({template.code})", template.code)
        self.template_combo.setCurrentIndex(-1)
        self.template_combo.blockSignals(False)
        if not templates:
            self.host.set_status(self.tr("This VBot account has no call-script templates yet."))
            return
        self.host.set_status("")
        self.choose_template(self.host.remembered(LAST_TEMPLATE) or templates[0].code)

    def choose_template(self, code: str) -> bool:
        """Select a template by code (its fields are then fetched); False if it is not in the list."""
        index = self.template_combo.findData(code)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)
            if self.host.scope != mapping_scope(KEY, code):
                self._template_chosen(index)
        return index >= 0

    def _template_chosen(self, index: int) -> None:
        code = self.template_combo.itemData(index)
        account = self.host.account
        if not code or account is None:
            return
        self.host.remember(LAST_TEMPLATE, code)
        self.host.set_scope(mapping_scope(KEY, code), [])
        self.host.set_status(arg(self.tr("Loading the fields of %1…"), code))
        self.host.session.jobs.run(
            "contacts-fields", lambda _job: self._fetch_fields(account, code),
            on_error=lambda text: self.host.set_status(
                arg(self.tr("The template's fields could not be loaded: %1"), text)))

    async def _fetch_fields(self, account: Account, code: str) -> None:
        async with self.host.session.accounts.client_for(account) as client:
            fields = await client.get_custom_fields(code)
        if account is not self.host.account or self.host.scope != mapping_scope(KEY, code):
            return
        self.host.set_status(self.tr("This template speaks no custom fields.") if not fields else "")
        self.host.set_fields(fields)


UI = ProviderUi(KEY, account_fields, VBotPage, VBotFields)
