"""A campaign's field mapping, reachable from the campaign form and from the checklist's "not mapped" line.

It maps the fields of the campaign's own script (its account, whatever account the status bar shows) to the columns
of the campaign's saved list (no file needs to be open), and saves the choice under the same scope the Contacts tab
and the preflight read (:func:`~desktop.contacts.repository.mapping_scope`). The list is read a page at a time
(:meth:`~desktop.contacts.repository.ContactRepository.open_list`) and each choice is checked against its rows on a
worker, so a list of any size keeps the dialog answering.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.accounts.repository import Account
from desktop.contacts.fields import launch_problems, match_fields
from desktop.contacts.repository import SavedMapping, StoredReport, mapping_scope
from desktop.providers.base import CampaignOptions, TemplateField
from ui.contacts.field_mapping import FieldColumnsGrid, merged_fields
from ui.jobs import Job
from ui.providers import provider_ui
from ui.session import Session
from ui.text import arg
from ui.widgets.message_bar import MessageBar


class FieldMappingDialog(QDialog):
    """Which column of the campaign's list feeds each value its script speaks; Save remembers it."""

    def __init__(self, session: Session, account: Account, list_id: int, options: CampaignOptions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMappingDialog")
        self.setWindowTitle(self.tr("Field mapping"))
        self.session = session
        self.account = account
        self.scope = mapping_scope(account.provider, options.mapping_scope_key)
        self._fields: list[TemplateField] = []
        self._report: StoredReport | None = None
        self._mapping: dict[str, str | None] = {}
        self._cleared: set[str] = set()  # fields the operator set to "not mapped"

        info = next((i for i in session.contacts.lists() if i.id == list_id), None)
        intro = QLabel(arg(self.tr("Choose the column of the list “%1” that gives each value the script of the "
                               "account “%2” speaks. The choice is kept for every campaign with this script."),
                           info.name if info else "", account.name))
        intro.setWordWrap(True)
        self.grid = FieldColumnsGrid()
        self.grid.columnChosen.connect(self._column_chosen)
        self.message = MessageBar("fieldMappingMessage")
        self.message.info(self.tr("Reading the script's fields…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("fieldMappingSave")
        self.save_button.setEnabled(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(680, 420)
        self._jobs = [session.jobs.run("campaigns-field-mapping", lambda job: self._load(job, options, list_id),
                                       on_error=self.message.error)]
        self.finished.connect(self._stop)

    def _stop(self) -> None:
        """Closed: stop reading the fields and checking the rows (what is not finished yet)."""
        for job in self._jobs:
            assert job.task is not None
            job.task.cancel()

    @property
    def mapping(self) -> dict[str, str | None]:
        return dict(self._mapping)

    async def _load(self, job: Job, options: CampaignOptions, list_id: int) -> None:
        """The script's fields (from the provider when the options do not carry them) and the list's columns."""
        fields = await self.session.campaigns.template_fields(self.account, options)
        report = await job.blocking(self.session.contacts.open_list, list_id)
        saved = self.session.contacts.load_mapping(self.scope)
        self._fields, self._report = fields, report
        self._mapping = match_fields(fields, report.table.column_names, saved.fields if saved else None)
        self.grid.show_fields(fields, report.table.column_names, self._mapping)
        self.save_button.setEnabled(True)
        self._check()

    def _column_chosen(self, key: str, column: str | None) -> None:
        self._mapping[key] = column
        if column is None:
            self._cleared.add(key)
        else:
            self._cleared.discard(key)
        self._check()

    def _check(self) -> None:
        """What would still block the launch with this choice (the preflight's own checks), found on a worker as
        they read every row to be called; a newer choice replaces a check not finished yet."""
        report = self._report
        if report is None:
            return
        if not self._fields:
            self.message.info(self.tr("This script speaks no value from the list: nothing needs a column."))
            return
        fields, mapping = list(self._fields), dict(self._mapping)
        self.message.info(self.tr("Checking the rows of the list…"))
        self._jobs.append(self.session.jobs.run(
            "campaigns-field-mapping-check", lambda job: self._checked(job, report, fields, mapping),
            on_error=self.message.error))
        self._jobs = [job for job in self._jobs if job.task is not None and not job.task.done()]

    async def _checked(self, job: Job, report: StoredReport, fields: list[TemplateField],
                       mapping: dict[str, str | None]) -> None:
        problems = await job.blocking(launch_problems, report, fields, mapping)
        if problems:
            self.message.error(problems[0].message)
        else:
            self.message.info(self.tr("✓ Every value the script needs has a column."))

    def set_column(self, key: str, column: str | None) -> None:
        self.grid.set_column(key, column)

    def save(self) -> None:
        """Remember the choice for the script (phone and name columns and other fields kept), then close."""
        saved = self.session.contacts.load_mapping(self.scope) or SavedMapping()
        fields = merged_fields(saved, self._mapping, self._cleared)
        keeps_variables = provider_ui(self.account.provider).field_source.keeps_variables
        variables = saved.variables or ([f.key for f in self._fields] if keeps_variables else [])
        self.session.contacts.save_mapping(self.scope, SavedMapping(saved.phone, saved.name, fields, variables))
        self.session.mappingSaved.emit(self.scope)
        self.accept()
