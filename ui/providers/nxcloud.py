"""NXCLOUD in the GUI: its account fields, its campaign page (scene, calling window, task options) and its
template fields, the scene variables the operator types."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.contacts.repository import mapping_scope
from desktop.providers.base import CampaignOptions, fields_from_names
from desktop.providers.errors import ConfigError
from desktop.providers.nxcloud import NxCampaignSettings
from desktop.providers.nxcloud.calling_window import CallingWindow
from desktop.providers.nxcloud.options import SmsRule
from desktop.providers.nxcloud.settings import CALL_STATUS_OUTCOMES, call_statuses_text, parse_call_statuses
from desktop.settings import LAST_SCENE
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
from ui.providers.calling_window_editor import OFFICE_HOURS, CallingWindowEditor
from ui.session import Session
from ui.text import arg, translate
from ui.widgets.wrapping_check_box import WrappingCheckBox

KEY = "nxcloud"


def account_fields() -> list[FieldSpec]:
    """The account form, top to bottom."""
    return [
        FieldSpec("base_url", translate("AccountForm", "Server address"),
                  translate("AccountForm", "Leave empty to use NXCLOUD's address."),
                  placeholder="https://nxbot.nxcloud.com", check=check_url),
        FieldSpec("uuid", translate("AccountForm", "Account ID"),
                  translate("AccountForm", "From the NXCLOUD back-office → Developer page."), required=True,
                  tip=provider_term("NXCLOUD", "UUID")),
        FieldSpec("secret_key", translate("AccountForm", "Secret key"),
                  translate("AccountForm", "From the same Developer page. It signs every request and is never sent "
                                           "itself."),
                  secret=True, required=True),
        FieldSpec("algorithm", translate("AccountForm", "Signing method"),
                  translate("AccountForm", "Must match the algorithm set in the NXCLOUD back-office (MD5 unless you "
                                           "changed it)."),
                  choices=(("MD5", "MD5"), ("SHA256", "SHA256"))),
        FieldSpec("call_statuses", translate("AccountForm", "Call results"),
                  arg(translate("AccountForm", "What each of NXCLOUD's call result numbers means (its document does "
                                               "not list them), as number=result pairs, e.g. %1. Results: %2. Empty "
                                               "(the default): how the call ended decides."),
                      call_statuses_text({"1": "answered", "2": "no_answer"}),
                      ", ".join(o.label for o in CALL_STATUS_OUTCOMES)),
                  placeholder=call_statuses_text({"1": "answered", "2": "no_answer"}), check=check_call_statuses,
                  shown=shown_call_statuses, stored=stored_call_statuses,
                  tip=arg(translate("AccountForm", "NXCLOUD calls this “callStatus”. The results may also be written "
                                                   "as codes: %1."), ", ".join(CALL_STATUS_OUTCOMES))),
    ]


def check_call_statuses(value: str) -> str | None:
    try:
        parse_call_statuses(value)
    except ConfigError as exc:
        return str(exc)
    return None


def shown_call_statuses(stored: str) -> str:
    """The stored table ("1=no_answer") in the language's words ("1=Không nghe máy")."""
    try:
        return call_statuses_text(parse_call_statuses(stored))
    except ConfigError:
        return stored


def stored_call_statuses(typed: str) -> str:
    """The table as typed, in words or codes, as the account stores it: codes ("1=no_answer")."""
    try:
        return ", ".join(f"{value}={outcome}" for value, outcome in parse_call_statuses(typed).items())
    except ConfigError:
        return typed


class NxCloudPage(ProviderPage):

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = session.contacts
        self.scene = QLineEdit()
        self.scene.setObjectName("nxSceneEdit")
        self.scene.setPlaceholderText(self.tr("The script's number in the NXCLOUD back-office, e.g. 1001"))
        self.scene.setToolTip(self.tr("NXCLOUD calls this “sceneID” (a scene)."))
        self.scene.editingFinished.connect(self._scene_chosen)
        self.variables = QLineEdit()
        self.variables.setObjectName("nxVariablesEdit")
        self.variables.setPlaceholderText(self.tr("name, amount (the script's fields, comma-separated)"))
        self.variables.setToolTip(self.tr("NXCLOUD lists no scene variables; type them as the back-office shows "
                                          "them. Each must be mapped to a column in the Contacts tab."))
        self.strategy = QComboBox()
        self.strategy.setObjectName("nxStrategyCombo")
        self.strategy.setEditable(True)
        self.strategy.addItem(self.tr("NXCLOUD's default"), "")
        self.strategy.setToolTip(self.tr(
            "strategyName: NXCLOUD's default strategy, or type the name of another strategy set up in the aibot "
            "platform (Scenario Management → the scene → Dialing Strategy)."))
        self.startup = QComboBox()
        self.startup.setObjectName("nxStartupCombo")
        for value, text in (("immediate", self.tr("Immediately, within the calling window")),
                            ("scheduled", self.tr("At a set time")),
                            ("manual", self.tr("Manually, from the Monitor (the campaign waits, paused)"))):
            self.startup.addItem(text, value)
        self.startup_at = QDateTimeEdit()
        self.startup_at.setObjectName("nxStartupAtEdit")
        self.startup_at.setCalendarPopup(True)
        self.startup_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.startup_at.setDateTime(QDateTime.currentDateTime().addSecs(3600))
        self.startup.currentIndexChanged.connect(self._startup_changed)
        self.window_editor = CallingWindowEditor()
        self.max_call = spin_box("nxMaxCallSpin", 1, 1000, 5)
        self.max_call.setToolTip(self.tr("Calls NXCLOUD may run at the same time (maxCall)"))
        self.max_ring = spin_box("nxMaxRingSpin", 5, 120, 30, self.tr(" s"))
        self.route = QLineEdit()
        self.route.setObjectName("nxRouteEdit")
        self.route.setPlaceholderText(self.tr("Empty, as in NXCLOUD's example"))
        self.route.setToolTip(self.tr("routeID: NXCLOUD's document lists no route IDs, so type the one NXCLOUD "
                                      "gave you; left empty, routeID is sent empty."))
        self.task_name = QLineEdit()
        self.task_name.setObjectName("nxTaskNameEdit")
        self.task_name.setPlaceholderText(self.tr("The campaign's name"))
        self.task_name.setToolTip(self.tr("taskName: the task's name in the NXCLOUD back-office"))
        self.other = QLineEdit()
        self.other.setObjectName("nxOtherEdit")
        self.other.setPlaceholderText(self.tr("Text returned with each result"))
        self.other.setToolTip(self.tr("other: text NXCLOUD keeps with every number of this campaign and returns "
                                      "unchanged with its results"))
        self.flags: dict[str, QCheckBox] = {}
        flags_box = QGroupBox(self.tr("Campaign options"))
        flags_layout = QVBoxLayout(flags_box)
        for key, text, tip in (
            ("task_keep", self.tr("&Keep the campaign open when it has no calls left"),
             self.tr("taskKeep. Off: NXCLOUD ends the task as soon as its calls run out, and refuses contacts "
                     "sent after that (a later batch, or after a pause).")),
            ("complete_when_done", self.tr("Close the campaign once every call has &ended"),
             self.tr("Autocall Desk's own rule, not an NXCLOUD option: it asks NXCLOUD to complete a task kept "
                     "open (mgrTaskStatus) when nothing is left to dial.")),
            ("round_redial", self.tr("Re&dial unanswered numbers once per round"), "roundRedial"),
            ("whole_tts", self.tr("Read each sentence in &one piece (needed when the script has fields)"), "wholeTTS"),
            ("phone_encrypt", self.tr("&Mask numbers in the NXCLOUD back-office"), "phoneEncrypt"),
            ("sms_enable", self.tr("Send an &SMS after a call, by what the caller wanted"),
             self.tr("smsEnable: NXCLOUD sends the SMS template of each rule below when a call ends with one of "
                     "its intents (smsFuncFlag). The SMS service must be active on the account.")),
        ):
            row = WrappingCheckBox(text)  # long options wrap at 1024 px and in longer languages
            row.setObjectName(f"nxFlag_{key}")
            row.setToolTip(tip)
            row.box.toggled.connect(self.changed)
            flags_layout.addWidget(row)
            self.flags[key] = row.box
        self.flags["whole_tts"].setChecked(True)
        self.flags["task_keep"].toggled.connect(self.flags["complete_when_done"].setEnabled)
        self.sms = SmsRulesEditor()
        self.sms.changed.connect(self.changed)
        self.flags["sms_enable"].toggled.connect(self.sms.setVisible)
        flags_layout.addWidget(self.sms)
        self.aicc = AiccBox()
        self.aicc.changed.connect(self.changed)
        self.problem_note = QLabel()
        self.problem_note.setObjectName("nxProblems")
        self.problem_note.setWordWrap(True)
        self.problem_note.setProperty("note", True)
        self.problem_note.setProperty("state", "error")

        form = QFormLayout(self)
        form.addRow(self.tr("Call &script:"), self.scene)
        form.addRow(self.tr("Script &fields:"), self.variables)
        form.addRow(self.tr("Dialling &rules:"), self.strategy)
        start_row = QHBoxLayout()
        start_row.addWidget(self.startup, 1)
        start_row.addWidget(self.startup_at)
        labelled_row(form, self.tr("Start&s:"), start_row, self.startup)
        labelled_row(form, self.tr("Calling &window:"), self.window_editor, self.window_editor.grid)
        limits = QHBoxLayout()
        limits.addWidget(self.max_call)
        ring_label = QLabel(self.tr("Longest ri&nging:"))
        ring_label.setBuddy(self.max_ring)
        limits.addSpacing(16)
        limits.addWidget(ring_label)
        limits.addWidget(self.max_ring)
        limits.addStretch(1)
        labelled_row(form, self.tr("Calls at the same &time:"), limits, self.max_call)
        form.addRow(self.tr("Phone &line:"), self.route)
        form.addRow(self.tr("Na&me in NXCLOUD:"), self.task_name)
        form.addRow(self.tr("&Note kept with results:"), self.other)
        form.addRow(flags_box)
        form.addRow(self.aicc)
        form.addRow(self.problem_note)
        for edit in (self.scene, self.variables, self.route, self.task_name, self.other):
            edit.textChanged.connect(self.changed)
        self.strategy.currentTextChanged.connect(self.changed)
        self.changed.connect(self._show_problems)
        for spin in (self.max_call, self.max_ring):
            spin.valueChanged.connect(self.changed)
        self.window_editor.changed.connect(self.changed)
        self.startup_at.dateTimeChanged.connect(self.changed)
        self.sms.setVisible(False)
        self._startup_changed()

    def _show_problems(self) -> None:
        """The options' own validator (the client asks the same), under the form."""
        found = self.settings({}).wire_problems()
        self.problem_note.setText("\n".join(found))
        self.problem_note.setVisible(bool(found))

    def _strategy(self) -> str:
        text = self.strategy.currentText().strip()
        return "" if text == self.strategy.itemText(0) else text

    def _startup_changed(self) -> None:
        self.startup_at.setVisible(self.startup.currentData() == "scheduled")
        self.changed.emit()

    def _scene_chosen(self) -> None:
        """Offer the variables typed for this scene before (in the Contacts tab or an earlier campaign)."""
        scene = self.scene.text().strip()
        saved = self.contacts.load_mapping(mapping_scope(KEY, scene)) if scene else None
        if saved and saved.variables and not self.variables.text().strip():
            self.variables.setText(", ".join(saved.variables))

    def settings(self, common: dict) -> NxCampaignSettings:
        scheduled = self.startup.currentData() == "scheduled"
        return NxCampaignSettings(
            **common, scene_id=self.scene.text().strip(), strategy_name=self._strategy(),
            startup_type=self.startup.currentData(),
            startup_at=float(self.startup_at.dateTime().toSecsSinceEpoch()) if scheduled else None,
            window=self.window_editor.window_value(), max_call=self.max_call.value(),
            max_ring_time=self.max_ring.value(), route_id=self.route.text().strip(),
            task_name=self.task_name.text().strip(), order_other=self.other.text().strip(),
            variables=tuple(v.strip() for v in self.variables.text().split(",") if v.strip()),
            sms_rules=self.sms.rules(), **self.aicc.values(),
            **{key: box.isChecked() for key, box in self.flags.items()})

    def reset(self) -> None:
        self.set_settings(NxCampaignSettings())
        self.window_editor.set_window(CallingWindow(*OFFICE_HOURS))  # the form's default, not the engine's

    def set_settings(self, settings: CampaignOptions) -> None:
        assert isinstance(settings, NxCampaignSettings)
        self.scene.setText(settings.scene_id)
        self.variables.setText(", ".join(settings.variables))
        self.strategy.setCurrentText(settings.strategy_name or self.strategy.itemText(0))
        self.startup.setCurrentIndex(max(0, self.startup.findData(settings.startup_type)))
        if settings.startup_at:
            self.startup_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(settings.startup_at)))
        self.window_editor.set_window(settings.window)
        self.max_call.setValue(settings.max_call)
        self.max_ring.setValue(settings.max_ring_time)
        self.route.setText(settings.route_id)
        self.task_name.setText(settings.task_name)
        self.other.setText(settings.order_other)
        self.sms.set_rules(settings.sms_rules)
        self.aicc.set_values(settings)
        for key, box in self.flags.items():
            box.setChecked(bool(getattr(settings, key)))
        self.flags["complete_when_done"].setEnabled(settings.task_keep)
        self.sms.setVisible(settings.sms_enable)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.window_editor.set_read_only(read_only)
        self.sms.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                       else QAbstractItemView.EditTrigger.AllEditTriggers)
        self.aicc.setEnabled(not read_only)
        self.flags["complete_when_done"].setEnabled(not read_only and self.flags["task_keep"].isChecked())


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class SmsRulesEditor(QWidget):
    """``smsFuncFlag``: one row per SMS template, with the intent IDs and names that send it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("nxSmsRulesTable")
        self.table.setHorizontalHeaderLabels([self.tr("SMS template"), self.tr("Caller intents (IDs)"),
                                              self.tr("Caller intents (names)")])
        for column, tip in enumerate((self.tr("smsID, from NXCLOUD's SMS templates"),
                                      self.tr("intentID: comma-separated; an intent may appear in one rule only"),
                                      self.tr("intentName: comma-separated (the same effect as the IDs)"))):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(self.changed)
        add = QPushButton(self.tr("Add SMS &rule"))
        add.setObjectName("nxSmsAddRule")
        add.clicked.connect(self.add_rule)
        remove = QPushButton(self.tr("Remove SMS rule"))
        remove.setObjectName("nxSmsRemoveRule")
        remove.clicked.connect(self._remove_rule)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_rule(self, rule: SmsRule | None = None) -> None:
        rule = rule if isinstance(rule, SmsRule) else SmsRule("")
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((rule.sms_id, ", ".join(rule.intent_ids), ", ".join(rule.intent_names))):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.changed.emit()

    def _remove_rule(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def rules(self) -> tuple[SmsRule, ...]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text().strip() if item else ""
        return tuple(SmsRule(text(r, 0), _names(text(r, 1)), _names(text(r, 2))) for r in range(self.table.rowCount()))

    def set_rules(self, rules: tuple[SmsRule, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for rule in rules:
            self.add_rule(rule)
        self.table.blockSignals(False)


class AiccBox(QGroupBox):
    """``manualCallSetting``, sent only when ticked (NXCLOUD uses it for AICC scenes only)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nxAiccGroup")
        self.setTitle(self.tr("Pass answered calls to agents (AICC scripts only)"))
        self.setToolTip(self.tr("manualCallSetting: only for AICC scene templates"))
        self.setCheckable(True)
        self.setChecked(False)
        self.agent_group = QLineEdit()
        self.agent_group.setObjectName("nxAgentGroupEdit")
        self.agent_group.setToolTip(self.tr("agentGroup: the agent group ID"))
        self.dispatch = QComboBox()
        self.dispatch.setObjectName("nxDispatchCombo")
        self.dispatch.setToolTip(self.tr("dispatchType: the outbound call type"))
        for value, text in ((0, self.tr("None (0)")), (1, self.tr("Ratio-based (1)")),
                            (3, self.tr("Predictive 2.0 (3)"))):
            self.dispatch.addItem(text, value)
        self.ratio = self._rate("nxRatioRateSpin", self.tr("ratioCallRate: the agent call rate, for ratio-based "
                                                            "calling"))
        self.predict = self._rate("nxPredictRateSpin", self.tr("predictCallRate: the predicted call rate, for "
                                                                "predictive calling"))
        form = QFormLayout(self)
        form.addRow(self.tr("A&gent group:"), self.agent_group)
        form.addRow(self.tr("Call t&ype:"), self.dispatch)
        form.addRow(self.tr("Agent call r&ate:"), self.ratio)
        form.addRow(self.tr("Predicted call rat&e:"), self.predict)
        self.toggled.connect(self.changed)
        self.agent_group.textChanged.connect(self.changed)
        self.dispatch.currentIndexChanged.connect(self.changed)
        self.ratio.valueChanged.connect(self.changed)
        self.predict.valueChanged.connect(self.changed)

    @staticmethod
    def _rate(name: str, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(0.0, 100.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.1)
        spin.setToolTip(tip)
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return spin

    def values(self) -> dict:
        return {"aicc": self.isChecked(), "agent_group": self.agent_group.text().strip(),
                "dispatch_type": self.dispatch.currentData(), "ratio_call_rate": self.ratio.value(),
                "predict_call_rate": self.predict.value()}

    def set_values(self, settings: NxCampaignSettings) -> None:
        self.setChecked(settings.aicc)
        self.agent_group.setText(settings.agent_group)
        self.dispatch.setCurrentIndex(max(0, self.dispatch.findData(settings.dispatch_type)))
        self.ratio.setValue(settings.ratio_call_rate)
        self.predict.setValue(settings.predict_call_rate)


class NxCloudFields(FieldSource):
    """NXCLOUD lists no scene variables: the operator types them once per scene and they are remembered."""

    keeps_variables = True

    def __init__(self, host: FieldsHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.scene_edit = QLineEdit()
        self.scene_edit.setObjectName("sceneEdit")
        self.scene_edit.setPlaceholderText(self.tr("The script's number in the NXCLOUD back-office, e.g. 1001"))
        self.scene_edit.setToolTip(self.tr("NXCLOUD calls this “sceneID” (a scene)."))
        self.scene_edit.editingFinished.connect(self._scene_chosen)
        self.variables_edit = QLineEdit()
        self.variables_edit.setObjectName("variablesEdit")
        self.variables_edit.setPlaceholderText(self.tr("field names, separated by commas"))
        self.variables_edit.editingFinished.connect(self._variables_typed)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Call &script:"), self.scene_edit)
        form.addRow(self.tr("Script &fields:"), self.variables_edit)

    def activate(self, account: Account) -> None:
        self.scene_edit.setText(self.host.remembered(LAST_SCENE) or "")
        self._scene_chosen()

    def _scene_chosen(self) -> None:
        scene = self.scene_edit.text().strip()
        if mapping_scope(KEY, scene) == self.host.scope and scene:
            return
        self.host.remember(LAST_SCENE, scene)
        if not scene:
            self.host.set_status(self.tr("Enter the script's number once; its fields are remembered."))
            self.host.set_scope("", [])
            return
        self.host.set_status("")
        self.host.set_scope(mapping_scope(KEY, scene), [])
        saved = self.host.saved()
        self.variables_edit.setText(", ".join(saved.variables) if saved else "")
        self.host.set_fields(fields_from_names(saved.variables if saved else []))

    def _variables_typed(self) -> None:
        names = self.variables_edit.text().split(",")
        if self.host.scope and [f.key for f in fields_from_names(names)] != [f.key for f in self.host.fields]:
            self.host.set_fields(fields_from_names(names))
            self.host.edited.emit()


UI = ProviderUi(KEY, account_fields, NxCloudPage, NxCloudFields)
