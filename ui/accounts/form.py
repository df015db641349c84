"""The account form: the fields each provider needs, with help taken from the providers' documents and inline
validation. Fields are declared once per provider (:func:`field_specs`) and the form is built from them, so the
three providers share one widget and one validation path."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from desktop.providers.settings import SETTINGS_TYPES, VBOT_HOSTS, ProviderSettings

E164 = re.compile(r"^\+?[1-9]\d{1,14}$")
LOOPBACK = re.compile(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)")


def tr(text: str) -> str:
    return QCoreApplication.translate("AccountForm", text)


def check_url(value: str) -> str | None:
    if not value:
        return None
    if value.startswith("https://") or LOOPBACK.match(value):
        return None
    return tr("Use an https:// address (plain http:// is allowed only for this computer).")


def check_caller_id(value: str) -> str | None:
    if value and not E164.match(value.replace(" ", "")):
        return tr("Enter the number in international form, e.g. +84912345678.")
    return None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    help: str
    secret: bool = False
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    placeholder: str = ""
    check: Callable[[str], str | None] | None = None
    shown_for: tuple[str, ...] = ()  # VBot: the API generations the field belongs to (empty = always)
    kind: str = field(init=False, default="text")

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", "choice" if self.choices else "secret" if self.secret else "text")


def field_specs(provider: str) -> list[FieldSpec]:
    """The form for one provider, top to bottom."""
    if provider == "vbot":
        return [
            FieldSpec("api_generation", tr("API generation"),
                      tr("VBot runs two API generations. v3 signs in with an API key; v2 with a user name and "
                         "password. Use the one your VBot contract names."),
                      choices=(("v3", tr("v3 — API key")), ("v2", tr("v2 — user name and password")))),
            FieldSpec("base_url", tr("API address"),
                      tr("Leave empty to use VBot's current address. Change it only if VBot gave you another one."),
                      placeholder=VBOT_HOSTS["v3"], check=check_url),
            FieldSpec("api_key", tr("API key"),
                      tr("The Open API key (token-open-api) from the VBot console. Requires VBot's “API dịch vụ” "
                         "add-on."), secret=True, required=True, shown_for=("v3",)),
            FieldSpec("username", tr("User name"), tr("The VBot user the app signs in as."),
                      required=True, shown_for=("v2",)),
            FieldSpec("password", tr("Password"), tr("That user's password. Kept only in the system keyring."),
                      secret=True, required=True, shown_for=("v2",)),
            FieldSpec("vbot_id", tr("VBot ID"), tr("Your VBot ID (v2 sends it with every request)."),
                      shown_for=("v2",)),
            FieldSpec("project_code", tr("Project code"), tr("The project code from the VBot console (v2)."),
                      shown_for=("v2",)),
            FieldSpec("default_hotline", tr("Default hotline"),
                      tr("The hotline code campaigns use unless they choose another (from VBot's hotline list).")),
            FieldSpec("history_time_unit", tr("Call history times in"),
                      tr("VBot does not document the unit of call-history search times. Milliseconds is what its "
                         "newer APIs use; switch to seconds if history searches come back empty."),
                      choices=(("ms", tr("milliseconds")), ("s", tr("seconds")))),
        ]
    if provider == "nxcloud":
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
    return [
        FieldSpec("base_url", tr("API address"),
                  tr("BizPhone does not publish one address: use the Open API address from your account or "
                     "BizPhone support, ending in /v1."),
                  required=True, placeholder="https://…/v1", check=check_url),
        FieldSpec("api_key", tr("API key"),
                  tr("From Developer Hub → Project → Open API. BizPhone shows it only once; “Reset” there issues "
                     "a new one."), secret=True, required=True),
        FieldSpec("default_caller_id", tr("Default caller ID"),
                  tr("The number callees see, in international form (+84…)."), check=check_caller_id),
    ]


class AccountForm(QWidget):
    """Edits one account's name, settings and secrets. ``changed`` fires on every edit (for the Save button)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountForm")
        self._layout = QFormLayout()
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._layout)
        outer.addStretch(1)
        self.provider = ""
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.name.textEdited.connect(self.changed)
        self._layout.addRow(tr("Name") + " *", self.name)
        self.specs: list[FieldSpec] = []
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self._saved_secrets: set[str] = set()
        self._read_only = False

    def load(self, provider: str, name: str, config: dict, saved_secrets: set[str], read_only: bool = False) -> None:
        """Show an account (or a new one, with empty config) for editing."""
        while self._layout.rowCount() > 1:  # row 0 is the name, kept across loads
            self._layout.removeRow(1)
        self.provider = provider
        self._saved_secrets = saved_secrets
        defaults = SETTINGS_TYPES[provider]().to_config()
        values = {**defaults, **config}
        self.name.setText(name)
        self.name.setReadOnly(read_only)
        self.specs = field_specs(provider)
        self.inputs, self.errors = {}, {}
        for spec in self.specs:
            editor = self._editor(spec, values.get(spec.name), read_only)
            hint = QLabel(spec.help)
            hint.setWordWrap(True)
            # Expanding makes the whole row take the form's width, so the help wraps to it instead of being cut
            # at the width of a drop-down.
            hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            hint.setObjectName("fieldHelp")
            hint.setStyleSheet("color: #5a6472;")
            error = QLabel()
            error.setObjectName(f"{spec.name}Error")
            error.setStyleSheet("color: #b42318;")
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft if spec.kind == "choice" else Qt.AlignmentFlag(0))
            column.addWidget(error)
            column.addWidget(hint)
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setBuddy(editor)
            self._layout.addRow(label, column)
            self.inputs[spec.name], self.errors[spec.name] = editor, error
        self._read_only = read_only
        self._show_rows_for_generation()
        self.validate()

    def _editor(self, spec: FieldSpec, value: object, read_only: bool) -> QLineEdit | QComboBox:
        if spec.kind == "choice":
            editor = QComboBox()
            for choice, label in spec.choices:
                editor.addItem(label, choice)
            editor.setCurrentIndex(max(0, editor.findData(value)))
            editor.setEnabled(not read_only)
            editor.currentIndexChanged.connect(self._edited)
        else:
            editor = QLineEdit("" if spec.secret or value is None else str(value))
            editor.setReadOnly(read_only)
            if read_only and spec.secret:
                editor.setPlaceholderText(tr("Built in"))
            elif spec.name in self._saved_secrets:
                editor.setPlaceholderText(tr("Saved — leave empty to keep it"))
            else:
                editor.setPlaceholderText(spec.placeholder)
            if spec.secret:
                editor.setEchoMode(QLineEdit.EchoMode.Password)
            editor.textEdited.connect(self._edited)
        editor.setObjectName(f"{spec.name}Input")
        return editor

    def _edited(self) -> None:
        self._show_rows_for_generation()
        self.validate()
        self.changed.emit()

    def _show_rows_for_generation(self) -> None:
        generation = self.value("api_generation")
        for row, spec in enumerate(self.specs, start=1):
            if spec.shown_for:
                self._layout.setRowVisible(row, generation in spec.shown_for)

    def value(self, name: str) -> str:
        editor = self.inputs.get(name)
        if editor is None:
            return ""
        return editor.currentData() if isinstance(editor, QComboBox) else editor.text().strip()

    def is_shown(self, spec: FieldSpec) -> bool:
        return not spec.shown_for or self.value("api_generation") in spec.shown_for

    def validate(self) -> list[str]:
        """Show each field's problem under it; return all problems (empty = ready to save)."""
        problems: list[str] = []
        if self._read_only:
            return problems
        if not self.name.text().strip():
            problems.append(tr("Give the account a name."))
        for spec in self.specs:
            message = None
            if self.is_shown(spec):
                value = self.value(spec.name)
                already_saved = spec.secret and spec.name in self._saved_secrets
                if spec.required and not value and not already_saved:
                    message = tr("Required.")
                elif spec.check and value:
                    message = spec.check(value)
            self.errors[spec.name].setText(message or "")
            self.errors[spec.name].setVisible(bool(message))
            if message:
                problems.append(f"{spec.label}: {message}")
        return problems

    def settings(self) -> ProviderSettings:
        """The non-secret settings as entered (fields of the other VBot generation are kept as they were)."""
        values = {spec.name: self.value(spec.name) for spec in self.specs if not spec.secret}
        values["base_url"] = values.get("base_url") or None
        return SETTINGS_TYPES[self.provider].from_config(values)

    def secrets(self) -> dict[str, str]:
        """Secrets typed in this time (an empty one means 'keep the saved one')."""
        return {spec.name: self.value(spec.name) for spec in self.specs if spec.secret and self.is_shown(spec)}
