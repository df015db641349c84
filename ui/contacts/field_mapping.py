"""The template-fields panel: which column of the file feeds each value the call script speaks.

Where the fields come from depends on the active account's provider (desktop/contacts/fields.py):
VBot lists templates and their custom fields over the API; NXCLOUD scene variables are typed once per scene;
BizPhone fields are the ``{{placeholders}}`` of the call-flow message. Each field gets a column combo,
matched automatically by key and name and remembered per template (the *scope*, see
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
    QComboBox, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit,
    QPushButton, QScrollArea, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.accounts import Account
from desktop.contacts.fields import (
    Problem, TemplateField, fields_from_names, fields_from_vbot, match_fields, placeholders,
)
from desktop.contacts.phones import Provider
from desktop.contacts.repository import ContactRepository, SavedMapping, mapping_scope
from desktop.providers.errors import ProviderError
from desktop.secrets import SecretStoreError
from ui.session import Session

DEFAULT_FLOW = "default"


class TemplateFieldsPanel(QWidget):
    changed = Signal()  # the fields or a field's column changed: check the launch again
    edited = Signal()  # the user chose a column or typed variables: remember the mapping
    scopeChanged = Signal(str)  # another template / scene / flow was chosen ("" when none)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateFieldsPanel")
        self.session = session
        self.repository = ContactRepository(session.services.store)
        self._account: Account | None = None
        self._columns: list[str] = []
        self._fields: list[TemplateField] = []
        self._mapping: dict[str, str | None] = {}
        self._scope = ""
        self._flow = DEFAULT_FLOW
        self._combos: dict[str, QComboBox] = {}
        self._cleared: set[str] = set()  # fields the user set to "not mapped"
        self._templates_wanted = False  # a VBot account whose templates have not been fetched yet

        self.source = QStackedWidget()
        self.no_account = QLabel(self.tr("Choose an account in the status bar to see the fields its call "
                                         "scripts need."))
        self.no_account.setWordWrap(True)
        self.source.addWidget(self.no_account)
        self.source.addWidget(self._vbot_page())
        self.source.addWidget(self._nxcloud_page())
        self.source.addWidget(self._bizphone_page())

        self.status = QLabel()
        self.status.setObjectName("fieldsStatus")
        self.status.setWordWrap(True)
        self.grid_area = QScrollArea()
        self.grid_area.setObjectName("fieldsGrid")
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.grid_area.setWidget(QWidget())

        problems_title = QLabel(self.tr("Before launching"))
        problems_title.setStyleSheet("font-weight: 600;")
        self.ready = QLabel()
        self.ready.setObjectName("launchReady")
        self.ready.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setObjectName("launchProblems")
        self.problems.setAccessibleName(self.tr("Problems that block the launch"))
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(150)

        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.status)
        layout.addWidget(self.grid_area, 1)
        layout.addWidget(problems_title)
        layout.addWidget(self.ready)
        layout.addWidget(self.problems)
        self.show_problems(None, 0)

    # -- provider pages ----------------------------------------------------------------------------------------
    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_source(self, index: int) -> None:
        """A stacked widget is as tall as its tallest page; hidden pages are made to ask for no room."""
        for page in range(self.source.count()):
            policy = QSizePolicy.Policy.Preferred if page == index else QSizePolicy.Policy.Ignored
            self.source.widget(page).setSizePolicy(policy, policy)
        self.source.setCurrentIndex(index)
        self.source.adjustSize()

    def _vbot_page(self) -> QWidget:
        page = QWidget()
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.setMinimumContentsLength(20)
        self.template_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo.currentIndexChanged.connect(self._template_chosen)
        self.refresh_button = QPushButton(self.tr("Re&load"))
        self.refresh_button.setObjectName("reloadTemplatesButton")
        self.refresh_button.setToolTip(self.tr("Fetch the templates and their fields from VBot again"))
        self.refresh_button.clicked.connect(self.load_templates)
        label = QLabel(self.tr("&Template:"))
        label.setBuddy(self.template_combo)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.template_combo, 1)
        row.addWidget(self.refresh_button)
        return page

    def _nxcloud_page(self) -> QWidget:
        page = QWidget()
        self.scene_edit = QLineEdit()
        self.scene_edit.setObjectName("sceneEdit")
        self.scene_edit.setPlaceholderText(self.tr("the scene ID from your NXCLOUD console"))
        self.scene_edit.editingFinished.connect(self._scene_chosen)
        self.variables_edit = QLineEdit()
        self.variables_edit.setObjectName("variablesEdit")
        self.variables_edit.setPlaceholderText(self.tr("variable names, separated by commas"))
        self.variables_edit.editingFinished.connect(self._variables_typed)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Scene ID:"), self.scene_edit)
        form.addRow(self.tr("Scene &variables:"), self.variables_edit)
        return page

    def _bizphone_page(self) -> QWidget:
        page = QWidget()
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
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label)
        column.addWidget(self.flow_edit)
        return page

    # -- what the tab reads -----------------------------------------------------------------------------------
    @property
    def fields(self) -> list[TemplateField]:
        return list(self._fields)

    @property
    def mapping(self) -> dict[str, str | None]:
        return dict(self._mapping)

    @property
    def scope(self) -> str:
        """The mapping scope of the chosen template, scene or flow; "" while none is chosen."""
        return self._scope

    def saved(self) -> SavedMapping | None:
        return self.repository.load_mapping(self._scope) if self._scope else None

    def to_saved(self, phone: str | None, name: str | None) -> SavedMapping:
        """The whole choice for this template, to remember: the tab adds its phone and name columns. Columns
        remembered earlier for fields this file cannot feed are kept; only a field the user unmapped is dropped."""
        saved = self.saved()
        fields = dict(saved.fields) if saved else {}
        for key, column in self._mapping.items():
            if column:
                fields[key] = column
            elif key in self._cleared:
                fields.pop(key, None)
        return SavedMapping(
            phone=phone, name=name, fields=fields,
            variables=[f.key for f in self._fields] if self._provider() is Provider.NXCLOUD else [],
        )

    # -- inputs -----------------------------------------------------------------------------------------------
    def set_account(self, account: Account | None) -> None:
        self._account = account
        self._set_status("")
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.blockSignals(False)
        provider = self._provider()
        self._show_source({None: 0, Provider.VBOT: 1, Provider.NXCLOUD: 2, Provider.BIZPHONE: 3}[provider])
        self._templates_wanted = provider is Provider.VBOT
        if provider is Provider.VBOT:
            self._set_status(self.tr("The templates are fetched from VBot when you open this tab."))
            self._set_scope("", [])
        elif provider is Provider.NXCLOUD:
            self.scene_edit.setText(self._remembered("scene") or "")
            self._scene_chosen()
        elif provider is Provider.BIZPHONE:
            self._flow_edited()
        else:
            self._set_scope("", [])

    def set_columns(self, columns: Sequence[str]) -> None:
        """The columns of the file now loaded; fields are matched to them again."""
        self._columns = list(columns)
        self._rematch()

    def set_flow_text(self, text: str, flow: str = DEFAULT_FLOW) -> None:
        """BizPhone: the call-flow message whose ``{{placeholders}}`` are the fields; ``flow`` names the flow
        the mapping is remembered under (the Campaigns tab's flow editor passes its own)."""
        self._flow = flow
        self.flow_edit.setPlainText(text)  # textChanged → _flow_edited

    def choose_template(self, code: str) -> bool:
        """Select a VBot template by code (its fields are then fetched); False if it is not in the list."""
        index = self.template_combo.findData(code)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)
            if self._scope != mapping_scope(Provider.VBOT, code):
                self._template_chosen(index)
        return index >= 0

    def set_field_column(self, key: str, column: str | None) -> None:
        combo = self._combos[key]
        combo.setCurrentIndex(max(0, combo.findData(column)) if column else 0)

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
            self.ready.setText(self.tr("✓ Ready: %1 numbers can be called with this template.")
                               .replace("%1", f"{callable_rows:,}"))
        self.problems.setVisible(bool(problems))

    # -- VBot ---------------------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Fetch the VBot templates if that has not been done for this account (the tab calls it when shown, so
        starting the app never waits on the provider)."""
        if self._templates_wanted:
            self.load_templates()

    def load_templates(self) -> None:
        account = self._account
        if account is None or self._provider() is not Provider.VBOT:
            return
        self._templates_wanted = False
        self._set_status(self.tr("Loading templates from VBot…"))
        self.refresh_button.setEnabled(False)
        self.session.services.tasks.spawn(self._fetch_templates(account), name="contacts-templates")

    async def _fetch_templates(self, account: Account) -> None:
        try:
            async with self.session.accounts.client_for(account) as client:
                templates = await client.list_templates()
        except (ProviderError, SecretStoreError) as exc:
            self._set_status(self.tr("The templates could not be loaded: %1").replace("%1", str(exc)))
            return
        finally:
            self.refresh_button.setEnabled(True)
        if account is not self._account:
            return
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in templates:
            self.template_combo.addItem(f"{template.name} ({template.code})", template.code)
        self.template_combo.setCurrentIndex(-1)
        self.template_combo.blockSignals(False)
        if not templates:
            self._set_status(self.tr("This VBot account has no call-script templates yet."))
            return
        self._set_status("")
        self.choose_template(self._remembered("template") or templates[0].code)

    def _template_chosen(self, index: int) -> None:
        code = self.template_combo.itemData(index)
        account = self._account
        if not code or account is None:
            return
        self._remember("template", code)
        self._set_scope(mapping_scope(Provider.VBOT, code), [])
        self._set_status(self.tr("Loading the fields of %1…").replace("%1", code))
        self.session.services.tasks.spawn(self._fetch_fields(account, code), name="contacts-fields")

    async def _fetch_fields(self, account: Account, code: str) -> None:
        try:
            async with self.session.accounts.client_for(account) as client:
                fields = await client.get_custom_fields(code)
        except (ProviderError, SecretStoreError) as exc:
            self._set_status(self.tr("The template's fields could not be loaded: %1").replace("%1", str(exc)))
            return
        if account is not self._account or self._scope != mapping_scope(Provider.VBOT, code):
            return
        self._set_status(self.tr("This template speaks no custom fields.") if not fields else "")
        self._set_fields(fields_from_vbot([f.raw for f in fields]))

    # -- NXCLOUD and BizPhone -------------------------------------------------------------------------------
    def _scene_chosen(self) -> None:
        scene = self.scene_edit.text().strip()
        if mapping_scope(Provider.NXCLOUD, scene) == self._scope and scene:
            return
        self._remember("scene", scene)
        if not scene:
            self._set_status(self.tr("Enter the scene ID once; its variables are remembered."))
            self._set_scope("", [])
            return
        self._set_status("")
        self._set_scope(mapping_scope(Provider.NXCLOUD, scene), [])
        saved = self.saved()
        self.variables_edit.setText(", ".join(saved.variables) if saved else "")
        self._set_fields(fields_from_names(saved.variables if saved else []))

    def _variables_typed(self) -> None:
        names = self.variables_edit.text().split(",")
        if self._scope and [f.key for f in fields_from_names(names)] != [f.key for f in self._fields]:
            self._set_fields(fields_from_names(names))
            self.edited.emit()

    def _flow_edited(self) -> None:
        if self._provider() is not Provider.BIZPHONE:
            return
        scope = mapping_scope(Provider.BIZPHONE, self._flow)
        if scope != self._scope:
            self._set_scope(scope, [])
        names = placeholders(self.flow_edit.toPlainText())
        if names != [f.key for f in self._fields]:
            self._set_fields(fields_from_names(names))

    # -- fields and their columns -----------------------------------------------------------------------------
    def _provider(self) -> Provider | None:
        return Provider(self._account.provider) if self._account else None

    def _set_scope(self, scope: str, fields: list[TemplateField]) -> None:
        self._scope = scope
        self._cleared.clear()
        self.scopeChanged.emit(scope)
        self._set_fields(fields)

    def _set_fields(self, fields: list[TemplateField]) -> None:
        self._fields = fields
        self._rematch()

    def _rematch(self) -> None:
        saved = self.saved()
        self._mapping = match_fields(self._fields, self._columns, saved.fields if saved else None)
        self._build_grid()
        self.changed.emit()

    def _build_grid(self) -> None:
        self._combos = {}
        container = QWidget()
        grid = QGridLayout(container)
        grid.setColumnStretch(4, 1)
        if not self._fields:
            self.grid_area.setWidget(container)
            return
        for column, title in enumerate((self.tr("Field"), self.tr("Key"), self.tr("Type"), self.tr("Required"),
                                        self.tr("Column in your file"))):
            header = QLabel(title)
            header.setStyleSheet("font-weight: 600;")
            grid.addWidget(header, 0, column)
        for row, item in enumerate(self._fields, start=1):
            name = QLabel(item.name)
            name.setToolTip(item.description)
            grid.addWidget(name, row, 0)
            grid.addWidget(QLabel(item.key), row, 1)
            grid.addWidget(QLabel(item.type), row, 2)
            grid.addWidget(QLabel(self.tr("yes") if item.required else self.tr("no")), row, 3)
            combo = QComboBox()
            combo.setObjectName(f"fieldColumn_{item.key}")
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setAccessibleName(self.tr("Column for %1").replace("%1", item.name))
            combo.addItem(self.tr("— not mapped —"), None)
            for header in self._columns:
                combo.addItem(header, header)
            chosen = self._mapping.get(item.key)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
            combo.currentIndexChanged.connect(lambda _=0, key=item.key, box=combo: self._column_chosen(key, box))
            name.setBuddy(combo)
            grid.addWidget(combo, row, 4)
            self._combos[item.key] = combo
        grid.setRowStretch(len(self._fields) + 1, 1)
        self.grid_area.setWidget(container)

    def _column_chosen(self, key: str, combo: QComboBox) -> None:
        self._mapping[key] = combo.currentData()
        if combo.currentData() is None:
            self._cleared.add(key)
        else:
            self._cleared.discard(key)
        self.changed.emit()
        self.edited.emit()

    # -- small per-account memory (last template, last scene) -------------------------------------------------
    def _remember(self, what: str, value: str) -> None:
        if self._account is not None and self._account.id is not None:
            self.session.services.store.set_setting(f"contacts.{what}.{self._account.id}", value)

    def _remembered(self, what: str) -> str | None:
        if self._account is None or self._account.id is None:
            return None
        return self.session.services.store.get_setting(f"contacts.{what}.{self._account.id}")
