"""The template-fields panel: which column of the file feeds each value the call script speaks.

Where the fields come from is the active account's provider's field source (ui/providers/). Each field gets a
column combo, matched automatically by key and name and remembered per template (the *scope*, see
:func:`~desktop.contacts.repository.mapping_scope`). The panel also lists what blocks a launch.

The Contacts tab owns saving: it listens to :attr:`TemplateFieldsPanel.scopeChanged` (restore the phone and
name columns remembered for that template), :attr:`TemplateFieldsPanel.changed` (check the launch again) and
:attr:`TemplateFieldsPanel.edited` (remember the user's choice). Only the user's own choices are saved, so
opening a file with other columns never overwrites what was remembered for a template.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.contacts.fields import Problem, TemplateField, match_fields
from desktop.contacts.repository import SavedMapping
from desktop.settings import Option
from ui import formats
from ui.providers import PROVIDER_UIS, provider_ui
from ui.providers.base import FieldSource
from ui.session import Session
from ui.text import arg
from ui.widgets.stack import show_page


def merged_fields(saved: SavedMapping | None, mapping: dict[str, str | None], cleared: set[str]) -> dict[str, str]:
    """The fields to remember: the columns chosen now over those remembered, which are kept for fields this file
    cannot feed; only a field the operator set to "not mapped" (``cleared``) is dropped."""
    fields = dict(saved.fields) if saved else {}
    for key, column in mapping.items():
        if column:
            fields[key] = column
        elif key in cleared:
            fields.pop(key, None)
    return fields


class FieldColumnsGrid(QScrollArea):
    """One row per template field (name, key, type, required) with a combo of the columns that can feed it."""

    columnChosen = Signal(str, object)  # field key, column (None: not mapped)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldsGrid")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(QWidget())
        #: Each field's column combo, by field key.
        self.combos: dict[str, QComboBox] = {}

    def show_fields(self, fields: Sequence[TemplateField], columns: Sequence[str],
                    mapping: dict[str, str | None]) -> None:
        """Rebuild the rows: ``columns`` offered to every field, ``mapping`` chosen."""
        self.combos = {}
        container = QWidget()
        grid = QGridLayout(container)
        grid.setColumnStretch(2, 1)
        if not fields:
            self.setWidget(container)
            return
        # Three columns, so the side panel fits a 1024-pixel window: the key and type sit under the field's name.
        for column, title in enumerate((self.tr("Field"), self.tr("Required"), self.tr("Column in your file"))):
            header = QLabel(title)
            header.setProperty("heading", True)
            grid.addWidget(header, 0, column)
        for row, item in enumerate(fields, start=1):
            name = QLabel(item.name)
            name.setToolTip(arg(self.tr("%1\nIn the provider's console: %2"), item.description, item.key).strip())
            detail = QLabel(self._type_words(item.type))
            detail.setProperty("note", True)
            detail.setProperty("state", "hint")
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(name)
            cell.addWidget(detail)
            grid.addLayout(cell, row, 0)
            grid.addWidget(QLabel(self.tr("yes") if item.required else self.tr("no")), row, 1)
            combo = QComboBox()
            combo.setObjectName(f"fieldColumn_{item.key}")
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.setAccessibleName(arg(self.tr("Column for %1"), item.name))
            combo.addItem(self.tr("— not mapped —"), None)
            for header in columns:
                combo.addItem(header, header)
            chosen = mapping.get(item.key)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
            combo.currentIndexChanged.connect(
                lambda _=0, key=item.key, box=combo: self.columnChosen.emit(key, box.currentData()))
            name.setBuddy(combo)
            grid.addWidget(combo, row, 2)
            self.combos[item.key] = combo
        grid.setRowStretch(len(fields) + 1, 1)
        self.setWidget(container)

    def _type_words(self, kind: str) -> str:
        """What kind of value the field holds, in words (a kind this build does not know, as the provider says it)."""
        return {"text": self.tr("text"), "number": self.tr("number"), "date": self.tr("date")}.get(kind, kind)

    def set_column(self, key: str, column: str | None) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(max(0, combo.findData(column)) if column else 0)


class TemplateFieldsPanel(QWidget):
    changed = Signal()  # the fields or a field's column changed: check the launch again
    edited = Signal()  # the user chose a column or typed variables: remember the mapping
    scopeChanged = Signal(str)  # another template / scene / flow was chosen ("" when none)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateFieldsPanel")
        self.session = session
        self.repository = session.contacts
        self._account: Account | None = None
        self._columns: list[str] = []
        self._fields: list[TemplateField] = []
        self._mapping: dict[str, str | None] = {}
        self._scope = ""
        self._source: FieldSource | None = None  # the active account's provider's
        self._cleared: set[str] = set()  # fields the user set to "not mapped"

        self.source_pages = QStackedWidget()
        self.no_account = QLabel(self.tr("Choose an account in the status bar to see the fields its call "
                                         "scripts need."))
        self.no_account.setWordWrap(True)
        self.source_pages.addWidget(self.no_account)
        #: Each provider's field source, by provider key.
        self.sources: dict[str, FieldSource] = {ui.key: ui.field_source(self) for ui in PROVIDER_UIS}
        for widget in self.sources.values():
            self.source_pages.addWidget(widget)

        self.status = QLabel()
        self.status.setObjectName("fieldsStatus")
        self.status.setWordWrap(True)
        self.grid_area = FieldColumnsGrid()
        self.grid_area.columnChosen.connect(self._column_chosen)

        problems_title = QLabel(self.tr("Before launching"))
        problems_title.setProperty("heading", True)
        self.ready = QLabel()
        self.ready.setObjectName("launchReady")
        self.ready.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("launchProblems")
        self.problems.setAccessibleName(self.tr("Problems that block the launch"))
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(150)

        layout = QVBoxLayout(self)
        layout.addWidget(self.source_pages)
        layout.addWidget(self.status)
        layout.addWidget(self.grid_area, 1)
        layout.addWidget(problems_title)
        layout.addWidget(self.ready)
        layout.addWidget(self.problems)
        self.show_problems(None, 0)
        session.mappingSaved.connect(self._mapping_saved)

    # -- provider pages ----------------------------------------------------------------------------------------
    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_source(self, shown: QWidget) -> None:
        show_page(self.source_pages, shown)

    # -- what the tab reads -----------------------------------------------------------------------------------
    @property
    def fields(self) -> list[TemplateField]:
        return list(self._fields)

    @property
    def mapping(self) -> dict[str, str | None]:
        return dict(self._mapping)

    @property
    def account(self) -> Account | None:
        return self._account

    @property
    def source(self) -> FieldSource | None:
        """The field source of the active account's provider."""
        return self._source

    @property
    def scope(self) -> str:
        """The mapping scope of the chosen template, scene or flow; "" while none is chosen."""
        return self._scope

    def saved(self) -> SavedMapping | None:
        return self.repository.load_mapping(self._scope) if self._scope else None

    def to_saved(self, phone: str | None, name: str | None) -> SavedMapping:
        """The whole choice for this template, to remember: the tab adds its phone and name columns. Columns
        remembered earlier for fields this file cannot feed are kept; only a field the user unmapped is dropped."""
        return SavedMapping(
            phone=phone, name=name, fields=merged_fields(self.saved(), self._mapping, self._cleared),
            variables=[f.key for f in self._fields] if self._source and self._source.keeps_variables else [],
        )

    # -- inputs -----------------------------------------------------------------------------------------------
    def set_account(self, account: Account | None) -> None:
        self._account = account
        self.set_status("")
        self._source = self.sources[provider_ui(account.provider).key] if account is not None else None
        self._show_source(self._source or self.no_account)
        if account is None or self._source is None:
            self.set_scope("", [])
        else:
            self._source.activate(account)

    def set_columns(self, columns: Sequence[str]) -> None:
        """The columns of the file now loaded; fields are matched to them again."""
        self._columns = list(columns)
        self._rematch()

    def set_flow_text(self, text: str, flow: str) -> None:
        """A call-flow message whose ``{{placeholders}}`` are the fields, for the providers whose fields come
        from one; ``flow`` names the flow the mapping is remembered under."""
        for source in self.sources.values():
            source.set_flow_text(text, flow)

    def set_field_column(self, key: str, column: str | None) -> None:
        self.grid_area.set_column(key, column)

    def show_problems(self, problems: list[Problem] | None, callable_rows: int) -> None:
        """What blocks the launch (None: no file loaded yet)."""
        self.problems.clear()
        if problems is None:
            self.ready.setText(self.tr("Import a file to check it against the template."))
        elif problems:
            self.ready.setText(self.tr("The campaign cannot be launched until these are fixed:"))
            for problem in problems:
                self.problems.addItem("• " + problem.message)
        else:
            self.ready.setText(arg(self.tr("✓ Ready: %1 numbers can be called with this template."),
                                   formats.number(callable_rows)))
        self.problems.setVisible(bool(problems))

    # -- fields and their columns -----------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Let the source fetch what it put off (the tab calls it when shown, so starting the app never waits on
        the provider)."""
        if self._source is not None:
            self._source.ensure_loaded()

    def set_scope(self, scope: str, fields: list[TemplateField]) -> None:
        self._scope = scope
        self._cleared.clear()
        self.scopeChanged.emit(scope)
        self.set_fields(fields)

    def set_fields(self, fields: list[TemplateField]) -> None:
        self._fields = fields
        self._rematch()

    def _mapping_saved(self, scope: str) -> None:
        """A campaign saved the mapping of the template shown: show it."""
        if scope == self._scope:
            self._rematch()

    def _rematch(self) -> None:
        """Match the fields to the file's columns; with no file open, the columns remembered for this template
        are shown (so a mapping saved earlier is seen after a restart, and can be changed)."""
        saved = self.saved()
        remembered = list(dict.fromkeys(saved.fields.values())) if saved else []
        columns = self._columns or remembered
        self._mapping = match_fields(self._fields, columns, saved.fields if saved else None)
        self.grid_area.show_fields(self._fields, columns, self._mapping)
        self.changed.emit()

    def _column_chosen(self, key: str, column: str | None) -> None:
        self._mapping[key] = column
        if column is None:
            self._cleared.add(key)
        else:
            self._cleared.discard(key)
        self.changed.emit()
        self.edited.emit()

    # -- small per-account memory (last template, last scene) -------------------------------------------------
    def remember(self, option: Option, value: str) -> None:
        if self._account is not None and self._account.id is not None:
            self.session.services.preferences.set(option, value, self._account.id)

    def remembered(self, option: Option) -> str | None:
        if self._account is None or self._account.id is None:
            return None
        return self.session.services.preferences.get(option, self._account.id) or None
