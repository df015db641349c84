"""The campaign form: name, account, contact list, then the settings of that account's provider.

One page per provider edits one settings dataclass of desktop/campaigns/model.py (``settings()`` builds it,
``set_settings()`` shows it), so the form never invents a field the engine does not know. VBot's template and
hotline pickers are filled from the provider in an owned task, with a busy line and the provider's refusal in
words; NXCLOUD's calling window and BizPhone's call flow have editors of their own.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSpinBox, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.accounts import Account
from desktop.campaigns.calling_window import CallingWindow
from desktop.campaigns.model import (
    BizPhoneCampaignSettings,
    CampaignSettings,
    NxCampaignSettings,
    VBotCampaignSettings,
)
from desktop.contacts.repository import ContactListInfo, ContactRepository, mapping_scope
from desktop.providers.errors import ProviderError
from desktop.secrets import SecretStoreError
from ui.providers.call_flow_editor import CallFlowEditor
from ui.providers.calling_window_editor import OFFICE_HOURS, CallingWindowEditor
from ui.contacts.field_mapping import DEFAULT_FLOW
from ui.session import Session


def _labelled(form: QFormLayout, text: str, field: QWidget | QHBoxLayout, buddy: QWidget) -> None:
    """A form row whose field is a layout: the label still gets its buddy, so its &-shortcut works."""
    label = QLabel(text)
    label.setBuddy(buddy)
    form.addRow(label, field)


def _spin(name: str, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class ProviderPage(QWidget):
    """One provider's settings; ``changed`` after any edit."""

    changed = Signal()
    provider = ""

    def settings(self, common: dict) -> CampaignSettings:
        raise NotImplementedError

    def set_settings(self, settings: CampaignSettings) -> None:
        raise NotImplementedError

    def set_account(self, account: Account | None) -> None:
        """The account the campaign uses (VBot fills its pickers from it)."""

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QComboBox, QSpinBox, QCheckBox, QPushButton, QDateTimeEdit)):
                widget.setEnabled(not read_only)


class VBotPage(ProviderPage):
    provider = "vbot"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._account: Account | None = None
        self.mode = QComboBox()
        self.mode.setObjectName("vbotModeCombo")
        for value, text in (("batch", self.tr("Call-confirm batch (template + hotline)")),
                            ("single", self.tr("Single calls, one request per number")),
                            ("legacy", self.tr("Legacy auto-call campaign (clone a template campaign)"))):
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
        self.legacy_id = _spin("vbotLegacyCampaignSpin", 0, 2_000_000_000, 0)
        self.legacy_id.setSpecialValueText(self.tr("None"))
        self.legacy_note = QLabel(self.tr("VBot has deprecated this API, and its request carries no per-call key: the "
                                          "whole list is sent once, and if VBot's reply is lost you are asked to "
                                          "check the VBot console; it is never sent again automatically."))
        self.legacy_note.setWordWrap(True)
        self.max_time = _spin("vbotMaxTimeSpin", -1, 7200, -1, self.tr(" s"))
        self.max_time.setSpecialValueText(self.tr("Unlimited"))
        self.max_time.setToolTip(self.tr("Longest talk time of one call (max_time)"))
        self.max_wait = _spin("vbotMaxWaitingSpin", 1, 300, 30, self.tr(" s"))
        self.max_wait.setToolTip(self.tr("How long a call may ring before it counts as not answered (max_waiting_time)"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Mode:"), self.mode)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.reload_button)
        _labelled(form, self.tr("&Template:"), template_row, self.template)
        form.addRow(self.tr("&Hotline:"), self.hotline)
        form.addRow("", self.lists_status)
        self.legacy_label = QLabel(self.tr("Template &campaign ID:"))
        self.legacy_label.setBuddy(self.legacy_id)
        form.addRow(self.legacy_label, self.legacy_id)
        form.addRow("", self.legacy_note)
        form.addRow(self.tr("Max &talk time:"), self.max_time)
        form.addRow(self.tr("Max &ringing time:"), self.max_wait)
        for combo in (self.template, self.hotline):
            combo.currentIndexChanged.connect(self.changed)
        for spin in (self.max_time, self.max_wait, self.legacy_id):
            spin.valueChanged.connect(self.changed)
        self._mode_changed()

    @property
    def busy(self) -> bool:
        return "campaigns-vbot-lists" in self.session.services.tasks.running()

    def set_account(self, account: Account | None) -> None:
        changed = (account.id if account else None) != (self._account.id if self._account else None)
        self._account = account
        if changed and account is not None and account.provider == "vbot":
            self.load_lists()

    def load_lists(self) -> None:
        """Fill the template and hotline pickers from VBot in an owned task (the old fetch is cancelled)."""
        if self._account is None:
            return
        self.lists_status.setText(self.tr("Asking VBot for the templates and hotlines…"))
        self.lists_status.setStyleSheet("")
        self.reload_button.setEnabled(False)
        self.session.services.tasks.spawn(self._fetch(self._account), name="campaigns-vbot-lists")

    async def _fetch(self, account: Account) -> None:
        try:
            async with self.session.accounts.client_for(account) as client:
                templates = await client.list_templates()
                hotlines = await client.list_hotlines()
        except (ProviderError, SecretStoreError) as exc:
            self.lists_status.setText(self.tr("The lists could not be read: %1").replace("%1", str(exc)))
            self.lists_status.setStyleSheet("color: #b3261e;")
            return
        finally:
            self.reload_button.setEnabled(True)
        self._fill(self.template, [(t.code, f"{t.name} ({t.code})") for t in templates])
        self._fill(self.hotline, [(h.code, f"{h.name or h.number} — {h.number}") for h in hotlines])
        self.lists_status.setText(self.tr("%1 template(s) and %2 hotline(s) on this account.")
                                  .replace("%1", str(len(templates))).replace("%2", str(len(hotlines))))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Refill, keeping the chosen code (shown as missing when the account no longer has it)."""
        wanted = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        if wanted and combo.findData(wanted) < 0:
            combo.addItem(combo.tr("%1 (not on this account)").replace("%1", wanted), wanted)
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

    def _mode_changed(self) -> None:
        legacy = self.mode.currentData() == "legacy"
        for widget in (self.legacy_id, self.legacy_label, self.legacy_note):
            widget.setVisible(legacy)
        self.changed.emit()

    def settings(self, common: dict) -> VBotCampaignSettings:
        return VBotCampaignSettings(
            **common, mode=self.mode.currentData(), template_code=self.template.currentData() or "",
            hotline_code=self.hotline.currentData() or "", max_time=self.max_time.value(),
            max_waiting_time=self.max_wait.value(), legacy_campaign_id=self.legacy_id.value() or None)

    def set_settings(self, settings: CampaignSettings) -> None:
        assert isinstance(settings, VBotCampaignSettings)
        self.mode.setCurrentIndex(max(0, self.mode.findData(settings.mode)))
        for combo, code in ((self.template, settings.template_code), (self.hotline, settings.hotline_code)):
            if code and combo.findData(code) < 0:
                combo.addItem(code, code)
            combo.setCurrentIndex(combo.findData(code) if code else -1)
        self.max_time.setValue(settings.max_time)
        self.max_wait.setValue(settings.max_waiting_time)
        self.legacy_id.setValue(settings.legacy_campaign_id or 0)


class NxCloudPage(ProviderPage):
    provider = "nxcloud"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = ContactRepository(session.services.store)
        self.scene = QLineEdit()
        self.scene.setObjectName("nxSceneEdit")
        self.scene.setPlaceholderText(self.tr("sceneID from the NXCLOUD back-office, e.g. 1001"))
        self.scene.editingFinished.connect(self._scene_chosen)
        self.variables = QLineEdit()
        self.variables.setObjectName("nxVariablesEdit")
        self.variables.setPlaceholderText(self.tr("name, amount (the scene's variables, comma-separated)"))
        self.variables.setToolTip(self.tr("NXCLOUD lists no scene variables; type them as the back-office shows "
                                          "them. Each must be mapped to a column in the Contacts tab."))
        self.strategy = QLineEdit()
        self.strategy.setObjectName("nxStrategyEdit")
        self.strategy.setPlaceholderText(self.tr("Default strategy"))
        self.startup = QComboBox()
        self.startup.setObjectName("nxStartupCombo")
        for value, text in (("immediate", self.tr("Immediately, within the calling window")),
                            ("scheduled", self.tr("At a set time")),
                            ("manual", self.tr("Manually, from the Monitor (the task waits paused)"))):
            self.startup.addItem(text, value)
        self.startup_at = QDateTimeEdit()
        self.startup_at.setObjectName("nxStartupAtEdit")
        self.startup_at.setCalendarPopup(True)
        self.startup_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.startup_at.setDateTime(QDateTime.currentDateTime().addSecs(3600))
        self.startup.currentIndexChanged.connect(self._startup_changed)
        self.window_editor = CallingWindowEditor()
        self.max_call = _spin("nxMaxCallSpin", 1, 1000, 5)
        self.max_call.setToolTip(self.tr("Calls NXCLOUD may run at the same time (maxCall)"))
        self.max_ring = _spin("nxMaxRingSpin", 5, 120, 30, self.tr(" s"))
        self.route = QLineEdit()
        self.route.setObjectName("nxRouteEdit")
        self.route.setPlaceholderText(self.tr("Account default"))
        self.task_name = QLineEdit()
        self.task_name.setObjectName("nxTaskNameEdit")
        self.task_name.setPlaceholderText(self.tr("The campaign's name"))
        self.flags: dict[str, QCheckBox] = {}
        flags_box = QGroupBox(self.tr("Task options"))
        flags_layout = QVBoxLayout(flags_box)
        for key, text, tip in (
            ("task_keep", self.tr("&Keep the task open after the last call"),
             self.tr("Otherwise Autocall Desk completes the task once every call is final (taskKeep)")),
            ("round_redial", self.tr("Re&dial unanswered numbers once per round"), "roundRedial"),
            ("whole_tts", self.tr("Whole-sentence &TTS (needed when the scene has variables)"), "wholeTTS"),
            ("sms_enable", self.tr("Send the scene's &SMS after a call"), "smsEnable"),
            ("phone_encrypt", self.tr("&Mask numbers in the NXCLOUD back-office"), "phoneEncrypt"),
        ):
            box = QCheckBox(text)
            box.setObjectName(f"nxFlag_{key}")
            box.setToolTip(tip)
            box.toggled.connect(self.changed)
            flags_layout.addWidget(box)
            self.flags[key] = box
        self.flags["whole_tts"].setChecked(True)

        form = QFormLayout(self)
        form.addRow(self.tr("&Scene:"), self.scene)
        form.addRow(self.tr("Scene &variables:"), self.variables)
        form.addRow(self.tr("Dialling s&trategy:"), self.strategy)
        start_row = QHBoxLayout()
        start_row.addWidget(self.startup, 1)
        start_row.addWidget(self.startup_at)
        _labelled(form, self.tr("Start&s:"), start_row, self.startup)
        _labelled(form, self.tr("Calling &window:"), self.window_editor, self.window_editor.grid)
        limits = QHBoxLayout()
        limits.addWidget(self.max_call)
        ring_label = QLabel(self.tr("Max ri&nging:"))
        ring_label.setBuddy(self.max_ring)
        limits.addSpacing(16)
        limits.addWidget(ring_label)
        limits.addWidget(self.max_ring)
        limits.addStretch(1)
        _labelled(form, self.tr("Concurrent &calls:"), limits, self.max_call)
        form.addRow(self.tr("R&oute:"), self.route)
        form.addRow(self.tr("Task na&me:"), self.task_name)
        form.addRow(flags_box)
        for edit in (self.scene, self.variables, self.strategy, self.route, self.task_name):
            edit.textChanged.connect(self.changed)
        for spin in (self.max_call, self.max_ring):
            spin.valueChanged.connect(self.changed)
        self.window_editor.changed.connect(self.changed)
        self.startup_at.dateTimeChanged.connect(self.changed)
        self._startup_changed()

    def _startup_changed(self) -> None:
        self.startup_at.setVisible(self.startup.currentData() == "scheduled")
        self.changed.emit()

    def _scene_chosen(self) -> None:
        """Offer the variables typed for this scene before (in the Contacts tab or an earlier campaign)."""
        scene = self.scene.text().strip()
        saved = self.contacts.load_mapping(mapping_scope("nxcloud", scene)) if scene else None
        if saved and saved.variables and not self.variables.text().strip():
            self.variables.setText(", ".join(saved.variables))

    def settings(self, common: dict) -> NxCampaignSettings:
        scheduled = self.startup.currentData() == "scheduled"
        return NxCampaignSettings(
            **common, scene_id=self.scene.text().strip(), strategy_name=self.strategy.text().strip(),
            startup_type=self.startup.currentData(),
            startup_at=float(self.startup_at.dateTime().toSecsSinceEpoch()) if scheduled else None,
            window=self.window_editor.window_value(), max_call=self.max_call.value(),
            max_ring_time=self.max_ring.value(), route_id=self.route.text().strip(),
            task_name=self.task_name.text().strip(),
            variables=tuple(v.strip() for v in self.variables.text().split(",") if v.strip()),
            **{key: box.isChecked() for key, box in self.flags.items()})

    def set_settings(self, settings: CampaignSettings) -> None:
        assert isinstance(settings, NxCampaignSettings)
        self.scene.setText(settings.scene_id)
        self.variables.setText(", ".join(settings.variables))
        self.strategy.setText(settings.strategy_name)
        self.startup.setCurrentIndex(max(0, self.startup.findData(settings.startup_type)))
        if settings.startup_at:
            self.startup_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(settings.startup_at)))
        self.window_editor.set_window(settings.window)
        self.max_call.setValue(settings.max_call)
        self.max_ring.setValue(settings.max_ring_time)
        self.route.setText(settings.route_id)
        self.task_name.setText(settings.task_name)
        for key, box in self.flags.items():
            box.setChecked(bool(getattr(settings, key)))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.window_editor.set_read_only(read_only)


class BizPhonePage(ProviderPage):
    provider = "bizphone"
    #: The flow's messages changed: (text, flow name) for the Contacts tab's placeholders.
    flowTextChanged = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caller = QLineEdit()
        self.caller.setObjectName("bizCallerEdit")
        self.caller.setPlaceholderText(self.tr("Account default, or e.g. +842473001234"))
        self.recording = QCheckBox(self.tr("&Record calls"))
        self.recording.setObjectName("bizRecordingCheck")
        self.recording.setToolTip(self.tr("BizPhone offers no way to download the recordings; they stay in its "
                                          "portal."))
        self.flow = CallFlowEditor(session.services.store)
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
        self.flowTextChanged.emit(self.flow.message_text(), self.flow.flow_name() or DEFAULT_FLOW)
        self.changed.emit()

    def settings(self, common: dict) -> BizPhoneCampaignSettings:
        return BizPhoneCampaignSettings(
            **common, caller_id=self.caller.text().replace(" ", ""), enable_recording=self.recording.isChecked(),
            call_flow=self.flow.flow_json() if self.flow.flow_json()["steps"] else {},
            flow_name=self.flow.flow_name() or DEFAULT_FLOW)

    def set_settings(self, settings: CampaignSettings) -> None:
        assert isinstance(settings, BizPhoneCampaignSettings)
        self.caller.setText(settings.caller_id)
        self.recording.setChecked(settings.enable_recording)
        self.flow.set_flow_json(settings.call_flow, settings.flow_name)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.flow.set_read_only(read_only)


class CampaignForm(QWidget):
    """Name, account, list and the provider page for the chosen account."""

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignForm")
        self.session = session
        self.contacts = ContactRepository(session.services.store)
        self.name = QLineEdit()
        self.name.setObjectName("campaignNameEdit")
        self.name.setPlaceholderText(self.tr("e.g. Nhắc nợ tháng 6"))
        self.account = QComboBox()
        self.account.setObjectName("campaignAccountCombo")
        self.account.setMinimumContentsLength(20)
        self.account.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.contact_list = QComboBox()
        self.contact_list.setObjectName("campaignListCombo")
        self.contact_list.setMinimumContentsLength(24)
        self.contact_list.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.skip_earlier = QCheckBox(self.tr("S&kip numbers an earlier campaign already called"))
        self.skip_earlier.setObjectName("skipCalledBeforeCheck")
        self.skip_earlier.setChecked(True)
        self.pages = QStackedWidget()
        self.vbot = VBotPage(session)
        self.nxcloud = NxCloudPage(session)
        self.bizphone = BizPhonePage(session)
        self._pages: dict[str, ProviderPage] = {}
        for page in (self.vbot, self.nxcloud, self.bizphone):
            self.pages.addWidget(page)
            self._pages[page.provider] = page
            page.changed.connect(self.changed)
        self.provider_box = QGroupBox()
        box_layout = QVBoxLayout(self.provider_box)
        box_layout.addWidget(self.pages)

        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Account:"), self.account)
        form.addRow(self.tr("Contact &list:"), self.contact_list)
        form.addRow("", self.skip_earlier)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.provider_box)
        layout.addStretch(1)
        self.account.currentIndexChanged.connect(self._account_chosen)
        self.name.textChanged.connect(self.changed)
        self.contact_list.currentIndexChanged.connect(self.changed)
        self.reload_accounts()
        self.reload_lists()

    # -- choices -----------------------------------------------------------------------------------------------
    def reload_accounts(self) -> None:
        wanted = self.account.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        for account in self.session.services.accounts.list():
            label = account.name if account.provider_name in account.name else f"{account.name} ({account.provider_name})"
            self.account.addItem(label, account.id)
        self.account.setCurrentIndex(max(0, self.account.findData(wanted)))
        self.account.blockSignals(False)
        self._account_chosen()

    def reload_lists(self, select: int | None = None) -> list[ContactListInfo]:
        """Refill the list picker from the store (newest first), keeping the choice or selecting ``select``."""
        wanted = select if select is not None else self.contact_list.currentData()
        lists = self.contacts.lists()
        self.contact_list.blockSignals(True)
        self.contact_list.clear()
        for info in lists:
            self.contact_list.addItem(
                self.tr("%1 — %2 to call of %3").replace("%1", info.name).replace("%2", f"{info.valid:,}")
                .replace("%3", f"{info.rows:,}"), info.id)
        self.contact_list.setCurrentIndex(max(0, self.contact_list.findData(wanted)))
        self.contact_list.blockSignals(False)
        self.changed.emit()
        return lists

    def select_account(self, account: Account | None) -> None:
        if account is not None:
            self.account.setCurrentIndex(max(0, self.account.findData(account.id)))

    def current_account(self) -> Account | None:
        account_id = self.account.currentData()
        return self.session.services.accounts.get(account_id) if account_id is not None else None

    @property
    def page(self) -> ProviderPage:
        return self.pages.currentWidget()  # type: ignore[return-value]

    def _account_chosen(self) -> None:
        account = self.current_account()
        if account is None:
            return
        page = self._pages[account.provider]
        self.pages.setCurrentWidget(page)
        self.provider_box.setTitle(self.tr("%1 settings").replace("%1", account.provider_name))
        page.set_account(account)
        self.changed.emit()

    # -- values ------------------------------------------------------------------------------------------------
    def settings(self) -> CampaignSettings:
        return self.page.settings({"skip_called_before": self.skip_earlier.isChecked()})

    def problems(self) -> list[str]:
        """What stops the form being saved at all (the preflight checks the rest)."""
        found = []
        if not self.name.text().strip():
            found.append(self.tr("Give the campaign a name."))
        if self.current_account() is None:
            found.append(self.tr("Add a provider account first (Accounts tab)."))
        if self.contact_list.currentData() is None:
            found.append(self.tr("Import and save a contact list first (Contacts tab)."))
        return found

    def reset(self, account: Account | None) -> None:
        """A new campaign: empty name, ``account`` (the active one), the newest list, default settings."""
        self.set_read_only(False)
        self.name.clear()
        self.select_account(account)
        self.contact_list.setCurrentIndex(0)
        self.skip_earlier.setChecked(True)
        for page, settings in ((self.vbot, VBotCampaignSettings()), (self.nxcloud, NxCampaignSettings()),
                               (self.bizphone, BizPhoneCampaignSettings())):
            page.set_settings(settings)
        self.nxcloud.window_editor.set_window(CallingWindow(*OFFICE_HOURS))  # the form's default, not the engine's
        self.name.setFocus()

    def show_campaign(self, name: str, account_id: int, list_id: int, settings: CampaignSettings,
                      read_only: bool) -> None:
        self.name.setText(name)
        self.account.setCurrentIndex(max(0, self.account.findData(account_id)))
        self.contact_list.setCurrentIndex(max(0, self.contact_list.findData(list_id)))
        self.skip_earlier.setChecked(settings.skip_called_before)
        self._pages[settings.provider].set_settings(settings)
        self.set_read_only(read_only)
        for widget in (self.account, self.contact_list):  # a saved campaign keeps these; a draft's name may change
            widget.setEnabled(False)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.name, self.account, self.contact_list, self.skip_earlier):
            widget.setEnabled(not read_only)
        for page in self._pages.values():
            page.set_read_only(read_only)

    def list_id(self) -> int | None:
        return self.contact_list.currentData()
