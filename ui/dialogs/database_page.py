"""Preferences ▸ Database: where this desk keeps its data. "This computer only" (the SQLite file in the data folder,
the default) or "A team database" (PostgreSQL: server, port, name, user, password to the keyring). "Test
connection" opens it off the window's thread and says what it found; "Use this database" stores the choice, which
takes effect at the next start; a team database that is still empty is offered this desk's data."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.secrets import MemoryKeyring, SecretStore
from desktop.store import DATABASE_URL_VARIABLE, choose_url, chosen_url
from desktop.store_copy import DatabaseState, copy_url, probe, team_url
from ui import formats
from ui.jobs import ERRORS, Job, words
from ui.session import Session
from ui.text import arg
from ui.widgets.message_bar import MessageBar

#: PostgreSQL's own port.
DEFAULT_PORT = 5432


class DatabasePanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databasePanel")
        self.session = session
        self.paths = session.services.paths
        self.secrets = session.services.secrets
        #: The team database last found empty by "Use this database": what "Copy" fills.
        self._empty_target: str | None = None

        intro = QLabel(self.tr("Where this desk keeps its accounts, lists and campaigns. A team database lets "
                               "several desks and the server share the same campaigns."))
        intro.setWordWrap(True)
        self.now = QLabel()
        self.now.setObjectName("dbNow")
        self.now.setWordWrap(True)
        self.local = QRadioButton(self.tr("This computer only (nothing to install)"))
        self.local.setObjectName("dbLocal")
        self.team = QRadioButton(self.tr("A team database (PostgreSQL) shared with other desks"))
        self.team.setObjectName("dbTeam")
        choice = QButtonGroup(self)
        choice.addButton(self.local)
        choice.addButton(self.team)

        self.host = self._line("dbHost", self.tr("e.g. 192.168.1.20 or db.congty.vn"))
        self.port = QSpinBox()
        self.port.setObjectName("dbPort")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)  # a port is written 5432, never 5,432
        self.port.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.name = self._line("dbName", "autocall")
        self.user = self._line("dbUser", "autocall")
        self.password = self._line("dbPassword", self.tr("kept in the system keyring"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = QWidget()
        self.fields.setObjectName("dbTeamFields")
        form = QFormLayout(self.fields)
        form.setContentsMargins(24, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Server:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Database name:"), self.name)
        form.addRow(self.tr("User name:"), self.user)
        form.addRow(self.tr("Password:"), self.password)

        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("dbTest")
        self.test_button.setToolTip(self.tr("Connects to the team database and says what it found; nothing is "
                                            "changed on this desk"))
        self.test_button.clicked.connect(self.test_connection)
        self.use_button = QPushButton(self.tr("Use this database"))
        self.use_button.setObjectName("dbUse")
        self.use_button.setToolTip(self.tr("Remembers the choice; the desk switches at its next start"))
        self.use_button.clicked.connect(self.use)
        self.result = MessageBar("dbResult")
        self.copy_button = QPushButton(self.tr("Copy this desk's data into it"))
        self.copy_button.setObjectName("dbCopy")
        self.copy_button.setToolTip(self.tr("Copies every account, list, campaign and call of this desk into the "
                                            "empty team database and checks the counts"))
        self.copy_button.clicked.connect(self.copy_data)
        self.copy_button.hide()
        self.copy_progress = QProgressBar()
        self.copy_progress.setObjectName("dbCopyProgress")
        self.copy_progress.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.copy_progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.now)
        layout.addWidget(self.local)
        layout.addWidget(self.team)
        layout.addWidget(self.fields)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addLayout(copy_row)
        layout.addStretch(1)

        self.team.toggled.connect(self._show_choice)
        self._load()

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.setMinimumWidth(260)
        line.setMaximumWidth(480)
        return line

    # -- what is chosen ------------------------------------------------------------------------------------------
    def _load(self) -> None:
        """Show the database this desk runs on now, and the stored choice in the fields."""
        running = self.session.services.store
        if running.engine == "sqlite":
            now = arg(self.tr("Now: this computer only (%1)."), running.path)
        else:
            now = arg(self.tr("Now: the team database %1."), running.url)
        if os.environ.get(DATABASE_URL_VARIABLE):
            now += " " + arg(self.tr("The variable %1 chose it for this start; the choice below applies when it is "
                                     "not set."), DATABASE_URL_VARIABLE)
        self.now.setText(now)
        url = chosen_url(self.paths)
        if url and url.startswith("postgresql"):
            parts = urlsplit(url)
            self.host.setText(parts.hostname or "")
            self.port.setValue(parts.port or DEFAULT_PORT)
            self.name.setText(unquote(parts.path.lstrip("/")))
            self.user.setText(unquote(parts.username or ""))
            self.team.setChecked(True)
        else:
            self.local.setChecked(True)
        self._show_choice()

    def _show_choice(self) -> None:
        team = self.team.isChecked()
        self.fields.setEnabled(team)
        self.test_button.setEnabled(team)

    def url(self) -> str:
        """The team database the fields name."""
        return team_url(self.host.text(), self.port.value(), self.name.text() or "autocall",
                        self.user.text() or "autocall")

    def _missing(self) -> str:
        """What the fields still lack, in words ("" when nothing)."""
        if not self.host.text().strip():
            return self.tr("Enter the server's address first.")
        return ""

    def _secrets_for_test(self) -> SecretStore:
        """The keyring to open the database with: the typed password, kept in memory only until "Use"."""
        if not self.password.text():
            return self.secrets
        trial = SecretStore(MemoryKeyring())
        trial.set_database_password(self.url(), self.password.text())
        return trial

    # -- actions -------------------------------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Open the team database off the window's thread and say what happened."""
        missing = self._missing()
        if missing:
            self.result.error(missing)
            return
        self._run("dbTest", lambda state: self.result.info(self._found(state)))

    def use(self) -> None:
        """Store the choice for the next start; a team database is tested first, its password goes to the
        keyring, and when it is empty this desk's data is offered."""
        if self.local.isChecked():
            try:
                choose_url(self.paths, None)
            except ERRORS as exc:  # the data folder refused the change
                self.result.error(words(exc))
                return
            self.copy_button.hide()
            self.result.info(self.tr("Saved: from the next start this desk keeps its data on this computer only. "
                                     "Restart Autocall Desk to switch."))
            return
        missing = self._missing()
        if missing:
            self.result.error(missing)
            return

        def chosen(state: DatabaseState) -> None:
            if self.password.text():
                self.secrets.set_database_password(state.url, self.password.text())
            choose_url(self.paths, state.url)
            said = self.tr("Saved: this desk uses the team database from its next start. Restart Autocall Desk to "
                           "switch.")
            if state.empty and self.session.services.store.url != state.url:
                self._empty_target = state.url
                self.copy_button.show()
                said += " " + self.tr("The team database is empty: you can copy this desk's data into it now.")
            elif not state.empty:
                said += " " + self.tr("It already holds the team's data; this desk's own data stays in its file on "
                                      "this computer.")
            self.result.info(said)

        self._run("dbUse", chosen)

    def _run(self, name: str, done: Callable[[DatabaseState], None]) -> None:
        url, secrets = self.url(), self._secrets_for_test()
        self._busy(True)
        self.result.info(arg(self.tr("Connecting to %1…"), url))

        async def work(job: Job) -> None:
            done(await job.blocking(probe, url, secrets))

        self.session.jobs.run(name, work, on_error=self.result.error, on_finished=lambda: self._busy(False))

    def _found(self, state: DatabaseState) -> str:
        if state.empty:
            return arg(self.tr("Connected to %1. It holds no data yet (schema version %2)."), state.url,
                       state.version)
        return arg(self.tr("Connected to %1 (schema version %2). It already holds data: %3."), state.url,
                   state.version, ", ".join(state.held))

    def copy_data(self) -> None:
        """Copy this desk's database into the empty team database, with a progress bar."""
        target = self._empty_target
        if target is None:
            return
        campaigns = self.session.campaigns
        if any(campaigns.is_dispatching(c) for c in campaigns.list()):
            self.result.error(self.tr("A campaign is being sent from this desk: pause it or let it finish, then copy, "
                                      "so it is not sent from here and from the team database at once."))
            return
        self._busy(True)
        self.copy_progress.setRange(0, 0)
        self.copy_progress.show()
        self.result.info(self.tr("Copying this desk's data…"))

        def shown(value: tuple[str, int, int]) -> None:
            table, done, total = value
            self.copy_progress.setRange(0, max(total, 1))
            self.copy_progress.setValue(done)
            self.copy_progress.setFormat(arg(self.tr("%1: %2 of %3"), table, formats.number(done),
                                             formats.number(total)))

        async def work(job: Job) -> None:
            report = await job.blocking(copy_url, self.session.services.store.url, target, self.secrets,
                                        progress=lambda *value: job.progress(value), cancel=job.cancel_token)
            self.copy_button.hide()
            self.result.info(arg(self.tr("Copied %1 rows; every table's count matches. Restart Autocall Desk now "
                                         "to work in the team database; until then, launch or resume nothing here "
                                         "(what changes here stays on this computer only)."),
                                 formats.number(report.rows)))

        def finished() -> None:
            self.copy_progress.hide()
            self._busy(False)

        self.session.jobs.run("dbCopy", work, on_error=self.result.error, on_progress=shown, on_finished=finished)

    def _busy(self, busy: bool) -> None:
        for widget in (self.test_button, self.use_button, self.copy_button, self.local, self.team, self.fields):
            widget.setEnabled(not busy)
        if not busy:
            self._show_choice()
