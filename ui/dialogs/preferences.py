"""The Preferences dialog, generated from the declarations in desktop/settings.py: a page per group, a field per
option (per provider for a per-provider option), its help under it; OK writes what changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.settings import (
    NOTIFY_ENABLED,
    NOTIFY_HOST,
    NOTIFY_PORT,
    NOTIFY_PUBLIC_URL,
    InvalidPreference,
    Option,
    Preferences,
)
from desktop.store import StoreError
from ui.dialogs.database_page import DatabasePanel
from ui.dialogs.notifications_page import NotificationsPanel
from ui.providers import PROVIDER_UIS, provider_name
from ui.session import Session
from ui.text import arg
from ui.widgets.message_bar import MessageBar

Editor = QCheckBox | QSpinBox | QDoubleSpinBox | QLineEdit
#: The preferences the running notification receiver is started with: a change restarts it.
RECEIVER_OPTIONS = (NOTIFY_ENABLED, NOTIFY_HOST, NOTIFY_PORT)


class PreferencesDialog(QDialog):
    def __init__(self, preferences: Preferences, parent: QWidget | None = None, session: Session | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.resize(680, 560)
        self.preferences = preferences
        #: Every field shown: (option, scope, editor).
        self.fields: list[tuple[Option, str | None, Editor]] = []

        self.pages = QTabWidget()
        self.pages.setObjectName("preferencesPages")
        forms: dict[str, QFormLayout] = {}
        for option in preferences.shown():
            form = forms.get(option.group)
            if form is None:
                page = QWidget()
                form = forms[option.group] = QFormLayout(page)
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                self._add_page(page, option.group.lower(), _(option.group))
            scopes = [ui.key for ui in PROVIDER_UIS] if option.scoped else [None]
            for scope in scopes:
                self._add_field(form, option, scope)

        self.session = session
        self.notifications: NotificationsPanel | None = None
        if session is not None and NOTIFY_ENABLED.group in forms:
            self._add_notifications(forms[NOTIFY_ENABLED.group], session)
        #: Where the data is kept (its own buttons act; OK and Apply do not touch it).
        self.database: DatabasePanel | None = None
        if session is not None:
            self.database = DatabasePanel(session)
            pages = [self.pages.widget(i).objectName() for i in range(self.pages.count())]
            after = pages.index("preferencesPage_storage") + 1 if "preferencesPage_storage" in pages else len(pages)
            self._add_page(self.database, "database", self.tr("Database"), after)

        self.message = MessageBar("preferencesMessage")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.setObjectName("preferencesButtons")
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setObjectName("preferencesRestoreDefaults")
        self.restore_button.setText(self.tr("&Restore defaults"))
        self.restore_button.setToolTip(self.tr("Put every field back to its default; nothing changes until OK"))
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("preferencesApply")
        self.apply_button.setText(self.tr("&Apply"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.clicked.connect(self._clicked)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _add_page(self, page: QWidget, name: str, title: str, position: int = -1) -> None:
        """A tab (at ``position``; -1: last) that scrolls when long, instead of making the dialog taller than the
        screen."""
        scroll = QScrollArea()
        scroll.setObjectName(f"preferencesPage_{name}")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.pages.insertTab(position, scroll, title)

    # -- fields ------------------------------------------------------------------------------------------------
    def _add_field(self, form: QFormLayout, option: Option, scope: str | None) -> None:
        editor = self._editor(option)
        if not isinstance(editor, QCheckBox):
            editor.setMinimumWidth(200)
            editor.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        name = option.store_key(scope).replace(".", "_")
        editor.setObjectName(f"pref_{name}")
        self._show(editor, self.preferences.get(option, scope))
        text = _(option.label)
        if scope is not None:
            text = arg(self.tr("%1 (%2)"), text, provider_name(scope))
        if isinstance(editor, QCheckBox):
            editor.setText(text)
            form.addRow(editor)
        else:
            label = QLabel(text + ":")
            label.setBuddy(editor)
            form.addRow(label, editor)
        if option.help:
            hint = QLabel(_(option.help))
            hint.setObjectName(f"prefHelp_{name}")
            hint.setWordWrap(True)
            hint.setProperty("note", True)
            hint.setProperty("state", "hint")
            hint.setContentsMargins(0, 0, 0, 8)
            form.addRow("", hint)
        self.fields.append((option, scope, editor))

    @staticmethod
    def _editor(option: Option) -> Editor:
        default = option.default
        suffix = f" {_(option.unit)}" if option.unit else ""
        if isinstance(default, bool):
            return QCheckBox()
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(int(option.minimum if option.minimum is not None else -2**31),
                          int(option.maximum if option.maximum is not None else 2**31 - 1))
            spin.setSuffix(suffix)
            spin.setGroupSeparatorShown(True)
            return spin
        if isinstance(default, float):
            spin = QDoubleSpinBox()
            spin.setDecimals(2 if option.maximum is not None and option.maximum <= 10 else 1)
            spin.setRange(option.minimum if option.minimum is not None else -1e12,
                          option.maximum if option.maximum is not None else 1e12)
            spin.setSingleStep(0.05 if option.maximum is not None and option.maximum <= 1 else 1.0)
            spin.setSuffix(suffix)
            return spin
        return QLineEdit()

    @staticmethod
    def _show(editor: Editor, value: Any) -> None:
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(value)
        else:
            editor.setText("" if value is None else str(value))

    @staticmethod
    def _value(editor: Editor) -> Any:
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            return editor.value()
        return editor.text()

    def field(self, option: Option, scope: str | None = None) -> Editor:
        """The editor of ``option`` (for ``scope``)."""
        return next(editor for o, s, editor in self.fields if o is option and s == scope)

    # -- buttons ---------------------------------------------------------------------------------------------
    def _add_notifications(self, form: QFormLayout, session: Session) -> None:
        """The receiver's state, what to paste, the test and the inbox, under the Notifications preferences."""
        host, public = self.field(NOTIFY_HOST), self.field(NOTIFY_PUBLIC_URL)
        assert isinstance(host, QLineEdit) and isinstance(public, QLineEdit)  # text options have line edits
        public.setMinimumWidth(360)
        port = self.field(NOTIFY_PORT)
        if isinstance(port, QSpinBox):
            port.setGroupSeparatorShown(False)  # a port is written 8787, never 8,787
        self.notifications = NotificationsPanel(session, public)
        host.textChanged.connect(self.notifications.check_host)
        self.notifications.check_host(host.text())
        form.addRow(self.notifications)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.restore_button:
            self.restore_defaults()
        elif button is self.apply_button:
            self.apply()

    def restore_defaults(self) -> None:
        """Every field back to its default; nothing is written until OK."""
        for option, _scope, editor in self.fields:
            self._show(editor, option.default)
        self.message.clear()

    def accept(self) -> None:
        """Write the fields that changed and close; stay open if one is refused or cannot be saved."""
        if self.apply():
            super().accept()

    def apply(self) -> bool:
        """Write the fields that changed (a default is stored as no value), then restart the notification receiver
        if its preferences changed; False (said in the message bar) if a value is refused or cannot be saved (a
        full disk, a read-only data folder)."""
        listening = [self.preferences.get(o) for o in RECEIVER_OPTIONS]
        try:
            for option, scope, editor in self.fields:
                value = self._value(editor)
                if value == self.preferences.get(option, scope):
                    continue
                if value == option.default:
                    self.preferences.reset(option, scope)
                else:
                    self.preferences.set(option, value, scope)
        except (InvalidPreference, StoreError) as exc:
            self.message.error(str(exc))
            return False
        self.message.clear()
        if self.session is not None and listening != [self.preferences.get(o) for o in RECEIVER_OPTIONS]:
            self.session.receiver.apply()
        return True


def show_preferences(session: Session, parent: QWidget) -> PreferencesDialog:
    """Open the dialog (window-modal); it deletes itself when closed."""
    dialog = PreferencesDialog(session.services.preferences, parent, session)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
