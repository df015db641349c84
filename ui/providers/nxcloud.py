"""NXCLOUD in the GUI: its account fields, its campaign page (scene, calling window, task options) and its
template fields, the scene variables the operator types."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.contacts.repository import mapping_scope
from desktop.providers.base import CampaignOptions, fields_from_names
from desktop.providers.nxcloud import NxCampaignSettings
from desktop.providers.nxcloud.calling_window import CallingWindow
from desktop.settings import LAST_SCENE
from ui.providers.base import (
    FieldsHost,
    FieldSource,
    FieldSpec,
    ProviderPage,
    ProviderUi,
    check_url,
    labelled_row,
    spin_box,
    tr,
)
from ui.providers.calling_window_editor import OFFICE_HOURS, CallingWindowEditor
from ui.session import Session

KEY = "nxcloud"


def account_fields() -> list[FieldSpec]:
    """The account form, top to bottom."""
    return [
        FieldSpec("base_url", tr("API address"), tr("Leave empty to use NXCLOUD's address."),
                  placeholder="https://nxbot.nxcloud.com", check=check_url),
        FieldSpec("uuid", tr("UUID"), tr("From the NXCLOUD back-office → Developer page."), required=True),
        FieldSpec("secret_key", tr("Secret key"),
                  tr("From the same Developer page. It signs every request and is never sent itself."),
                  secret=True, required=True),
        FieldSpec("algorithm", tr("Signing algorithm"),
                  tr("Must match the algorithm set in the NXCLOUD back-office (MD5 unless you changed it)."),
                  choices=(("MD5", "MD5"), ("SHA256", "SHA256"))),
    ]


class NxCloudPage(ProviderPage):

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = session.contacts
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
        self.max_call = spin_box("nxMaxCallSpin", 1, 1000, 5)
        self.max_call.setToolTip(self.tr("Calls NXCLOUD may run at the same time (maxCall)"))
        self.max_ring = spin_box("nxMaxRingSpin", 5, 120, 30, self.tr(" s"))
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
        labelled_row(form, self.tr("Start&s:"), start_row, self.startup)
        labelled_row(form, self.tr("Calling &window:"), self.window_editor, self.window_editor.grid)
        limits = QHBoxLayout()
        limits.addWidget(self.max_call)
        ring_label = QLabel(self.tr("Max ri&nging:"))
        ring_label.setBuddy(self.max_ring)
        limits.addSpacing(16)
        limits.addWidget(ring_label)
        limits.addWidget(self.max_ring)
        limits.addStretch(1)
        labelled_row(form, self.tr("Concurrent &calls:"), limits, self.max_call)
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
        saved = self.contacts.load_mapping(mapping_scope(KEY, scene)) if scene else None
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

    def reset(self) -> None:
        self.set_settings(NxCampaignSettings())
        self.window_editor.set_window(CallingWindow(*OFFICE_HOURS))  # the form's default, not the engine's

    def set_settings(self, settings: CampaignOptions) -> None:
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


class NxCloudFields(FieldSource):
    """NXCLOUD lists no scene variables: the operator types them once per scene and they are remembered."""

    keeps_variables = True

    def __init__(self, host: FieldsHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.scene_edit = QLineEdit()
        self.scene_edit.setObjectName("sceneEdit")
        self.scene_edit.setPlaceholderText(self.tr("the scene ID from your NXCLOUD console"))
        self.scene_edit.editingFinished.connect(self._scene_chosen)
        self.variables_edit = QLineEdit()
        self.variables_edit.setObjectName("variablesEdit")
        self.variables_edit.setPlaceholderText(self.tr("variable names, separated by commas"))
        self.variables_edit.editingFinished.connect(self._variables_typed)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Scene ID:"), self.scene_edit)
        form.addRow(self.tr("Scene &variables:"), self.variables_edit)

    def activate(self, account: Account) -> None:
        self.scene_edit.setText(self.host.remembered(LAST_SCENE) or "")
        self._scene_chosen()

    def _scene_chosen(self) -> None:
        scene = self.scene_edit.text().strip()
        if mapping_scope(KEY, scene) == self.host.scope and scene:
            return
        self.host.remember(LAST_SCENE, scene)
        if not scene:
            self.host.set_status(self.tr("Enter the scene ID once; its variables are remembered."))
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
