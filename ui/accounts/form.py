"""The account form, built from the fields the provider's GUI module declares (ui/providers/), with inline
validation: every provider shares one widget and one validation path."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from desktop import providers
from desktop.providers.settings import ProviderSettings
from ui.providers import provider_ui
from ui.providers.base import FieldSpec
from ui.text import translate


class AccountForm(QWidget):
    """Edits one account's name, settings and secrets. ``changed`` fires on every edit (for the Save button)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountForm")
        self._layout = QFormLayout()
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: a field under its label
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._layout)
        outer.addStretch(1)
        self.provider = ""
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.name.textEdited.connect(lambda _text: self._edited("name"))
        self.name_error = self._error_label("nameError")
        name_column = QVBoxLayout()
        name_column.setSpacing(2)
        name_column.addWidget(self.name)
        name_column.addWidget(self.name_error)
        name_label = QLabel(translate("AccountForm", "Name") + " *")
        name_label.setBuddy(self.name)
        self._layout.addRow(name_label, name_column)
        self.specs: list[FieldSpec] = []
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self._saved_secrets: set[str] = set()
        self._config: dict = {}
        self._read_only = False
        self._touched: set[str] = set()  # fields edited since the account was shown: their problems show

    def load(self, provider: str, name: str, config: dict, saved_secrets: set[str], read_only: bool = False) -> None:
        """Show an account (or a new one, with empty config) for editing."""
        while self._layout.rowCount() > 1:  # row 0 is the name, kept across loads
            self._layout.removeRow(1)
        self.provider = provider
        self._saved_secrets = saved_secrets
        defaults = providers.spec(provider).settings().to_config()
        values = {**defaults, **config}
        self._config = values  # settings the form does not show are saved back as they were
        self.name.setText(name)
        self.name.setReadOnly(read_only)
        self.specs = provider_ui(provider).account_fields()
        self.inputs, self.errors = {}, {}
        for spec in self.specs:
            editor = self._editor(spec, values.get(spec.name), read_only)
            hint = QLabel(spec.help)
            hint.setWordWrap(True)
            # Expanding makes the whole row take the form's width, so the help wraps to it instead of being cut
            # at the width of a drop-down.
            hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            hint.setObjectName("fieldHelp")
            hint.setProperty("note", True)
            hint.setProperty("state", "hint")
            error = self._error_label(f"{spec.name}Error")
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft if spec.kind == "choice" else Qt.AlignmentFlag(0))
            column.addWidget(error)
            column.addWidget(hint)
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setBuddy(editor)
            if spec.tip:
                for widget in (label, editor, hint):
                    widget.setToolTip(spec.tip)
            self._layout.addRow(label, column)
            self.inputs[spec.name], self.errors[spec.name] = editor, error
        self._read_only = read_only
        self._touched = set()
        self.name_error.hide()
        self._show_rows_for_generation()
        self.validate(show_all=False)

    @staticmethod
    def _error_label(name: str) -> QLabel:
        error = QLabel()
        error.setObjectName(name)
        error.setProperty("note", True)
        error.setProperty("state", "error")
        error.hide()
        return error

    def _editor(self, spec: FieldSpec, value: object, read_only: bool) -> QLineEdit | QComboBox:
        if spec.kind == "choice":
            editor = QComboBox()
            for choice, label in spec.choices:
                editor.addItem(label, choice)
            editor.setCurrentIndex(max(0, editor.findData(value)))
            editor.setEnabled(not read_only)
            editor.currentIndexChanged.connect(lambda _index, name=spec.name: self._edited(name))
        else:
            text = "" if spec.secret or value is None else str(value)
            editor = QLineEdit(spec.shown(text) if spec.shown and text else text)
            editor.setReadOnly(read_only)
            if read_only and spec.secret:
                editor.setPlaceholderText(translate("AccountForm", "Built in"))
            elif spec.name in self._saved_secrets:
                editor.setPlaceholderText(translate("AccountForm", "Saved — leave empty to keep it"))
            else:
                editor.setPlaceholderText(spec.placeholder)
            if spec.secret:
                editor.setEchoMode(QLineEdit.EchoMode.Password)
            editor.textEdited.connect(lambda _text, name=spec.name: self._edited(name))
        editor.setObjectName(f"{spec.name}Input")
        return editor

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self._show_rows_for_generation()
        self.validate(show_all=False)
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

    def validate(self, show_all: bool = True) -> list[str]:
        """Return all problems (empty = ready to save) and show each under its field: every field's (on Save), or
        with ``show_all`` false only those of fields edited since the account was shown, so a new form does not
        open full of "Required."."""
        problems: list[str] = []
        if self._read_only:
            return problems
        if show_all:
            self._touched.update(["name", *(spec.name for spec in self.specs)])
        missing_name = not self.name.text().strip()
        if missing_name:
            problems.append(translate("AccountForm", "Give the account a name."))
        self.name_error.setText(translate("AccountForm", "Required.") if missing_name else "")
        self.name_error.setVisible(missing_name and "name" in self._touched)
        for spec in self.specs:
            message = None
            if self.is_shown(spec):
                value = self.value(spec.name)
                already_saved = spec.secret and spec.name in self._saved_secrets
                if spec.required and not value and not already_saved:
                    message = translate("AccountForm", "Required.")
                elif spec.check and value:
                    message = spec.check(value)
            self.errors[spec.name].setText(message or "")
            self.errors[spec.name].setVisible(bool(message) and spec.name in self._touched)
            if message:
                problems.append(f"{spec.label}: {message}")
        return problems

    def settings(self) -> ProviderSettings:
        """The non-secret settings as entered; those the form does not show (fields of the other VBot generation,
        request sizes) are kept as they were."""
        entered = {spec.name: spec.stored(self.value(spec.name)) if spec.stored else self.value(spec.name)
                   for spec in self.specs if not spec.secret}
        values = {**self._config, **entered}
        values["base_url"] = values.get("base_url") or None
        return providers.spec(self.provider).settings.from_config(values)

    def secrets(self) -> dict[str, str]:
        """Secrets typed in this time (an empty one means 'keep the saved one')."""
        return {spec.name: self.value(spec.name) for spec in self.specs if spec.secret and self.is_shown(spec)}
