"""Accounts tab: add, edit, duplicate, test and remove provider accounts; secrets go to the system keyring.

The list shows every account (demo ones marked); selecting one makes it the active account for the whole app.
Testing a connection runs as an owned background task, so the window stays responsive while the provider
answers (or does not).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account, AccountInUse, AccountNameTaken
from desktop.providers.errors import ProviderError
from desktop.secrets import SecretStoreError
from ui.accounts.form import AccountForm
from ui.providers import PROVIDER_UIS, provider_long_name
from ui.session import Session
from ui.tab import Tab
from ui.text import arg
from ui.widgets.empty_state import EmptyState
from ui.widgets.message_bar import set_state
from ui.widgets.vertical_scroll import VerticalScrollArea


class AccountsTab(Tab, QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_tab(session)
        self.setObjectName("accountsTab")
        self._editing: Account | None = None  # the account in the form; a new one has no id yet
        self._dirty = False
        self._keep_form = False  # while the list is refilled under a form that must stay as typed

        self.keyring_banner = QFrame()
        self.keyring_banner.setObjectName("keyringBanner")
        banner_layout = QHBoxLayout(self.keyring_banner)
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringLabel")
        self.keyring_label.setWordWrap(True)
        self.session_only_button = QPushButton(self.tr("Keep secrets for this session only"))
        self.session_only_button.setObjectName("sessionOnlyButton")
        self.session_only_button.clicked.connect(self._use_session_only)
        banner_layout.addWidget(self.keyring_label, 1)
        banner_layout.addWidget(self.session_only_button)

        self.list = QListWidget()
        self.list.setObjectName("accountsList")
        self.list.setAccessibleName(self.tr("Accounts"))
        self.list.setSpacing(3)
        self.list.currentItemChanged.connect(self._selection_changed)
        self.add_button = QPushButton(self.tr("Add account"))  # its menu's arrow has room of its own (style.qss)
        self.add_button.setObjectName("addAccountButton")
        add_menu = QMenu(self.add_button)
        for provider in (ui.key for ui in PROVIDER_UIS):
            action = add_menu.addAction(provider_long_name(provider))
            action.setObjectName(f"add_{provider}")
            action.triggered.connect(lambda _=False, p=provider: self.start_new(p))
        self.add_button.setMenu(add_menu)
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.duplicate_button.setObjectName("duplicateAccountButton")
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setObjectName("deleteAccountButton")
        self.delete_button.clicked.connect(self.delete_current)
        list_buttons = QHBoxLayout()  # "Add account" sits above the list: one row of three did not fit 1024 px
        for button in (self.duplicate_button, self.delete_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.list)
        left_layout.addLayout(list_buttons)

        self.heading = QLabel()
        self.heading.setObjectName("accountHeading")
        self.demo_note = QLabel(self.tr(
            "This demo account talks to the built-in simulator: nothing you do with it calls anyone. "
            "Its settings cannot be changed; duplicate it to experiment."))
        self.demo_note.setObjectName("demoNote")
        self.demo_note.setWordWrap(True)
        self.form = AccountForm()
        self.form.changed.connect(self._form_changed)
        scroll = VerticalScrollArea(self.form)
        scroll.setObjectName("accountScroll")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveAccountButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.test_connection)
        self.busy = QProgressBar()
        self.busy.setObjectName("testProgress")
        self.busy.setRange(0, 0)  # indeterminate: the provider gives no progress to show
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.result = QLabel()
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        actions.addWidget(self.busy)
        actions.addStretch(1)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.heading)
        editor_layout.addWidget(self.demo_note)
        editor_layout.addWidget(scroll, 1)
        editor_layout.addLayout(actions)
        editor_layout.addWidget(self.result)
        names = [provider_long_name(ui.key) for ui in PROVIDER_UIS]
        self.nothing_selected = EmptyState(
            self.tr("Choose an account"),
            arg(self.tr("Pick an account on the left to see its settings, or add your %1 or %2 account with "
                        "“Add account”."), ", ".join(names[:-1]), names[-1]),
            object_name="accountsEmpty",
        )
        self.right = QStackedWidget()
        self.right.addWidget(self.nothing_selected)
        self.right.addWidget(editor)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_banner)
        layout.addWidget(splitter, 1)

        session.accountsChanged.connect(self.reload)
        session.activeAccountChanged.connect(self._select_active)
        self._show_keyring_state()
        self.reload()

    # -- list -----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self._editing.id if self._editing else None
        self.list.blockSignals(True)
        self.list.clear()
        for account in self.session.services.accounts.list():
            detail = self.tr("Built-in simulator · no real calls") if account.is_demo else account.provider_name
            text = f"{account.name}\n{detail}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, account.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        keep, self._keep_form = self._keep_form, self._keep_form or self._dirty  # an edit in progress stays as typed
        try:
            self._select_id(current if current is not None else getattr(self.session.active_account, "id", None))
        finally:
            self._keep_form = keep

    def _select_id(self, account_id: int | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == account_id:
                self.list.setCurrentRow(row)
                return
        self._show(None)

    def _select_active(self, account: Account | None) -> None:
        if account is not None and (self._editing is None or self._editing.id != account.id) and not self._dirty:
            self._select_id(account.id)

    def _selection_changed(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._keep_form:
            return
        if self._dirty and not self._confirm_discard():
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        account = self.session.services.accounts.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        self._show(account)
        if account is not None:
            self.session.set_active_account(account)

    def _show(self, account: Account | None) -> None:
        self._editing = account
        self._dirty = False
        self.result.clear()
        if account is None:
            self.right.setCurrentWidget(self.nothing_selected)
            self._update_buttons()
            return
        self.right.setCurrentIndex(1)
        self.heading.setText(account.name if account.id else arg(self.tr("New %1 account"),
                                                                 provider_long_name(account.provider)))
        self.demo_note.setVisible(account.is_demo)
        saved = set() if account.id is None or account.is_demo else set(self._saved_secret_names(account))
        config = self._demo_config(account) if account.is_demo else account.config
        self.form.load(account.provider, account.name, config, saved, read_only=account.is_demo)
        self._update_buttons()

    def _demo_config(self, account: Account) -> dict:
        """What a demo account really uses (the running simulator's address), shown read-only."""
        try:
            return self.session.accounts.settings_for(account).to_config()
        except ProviderError:
            return {}

    def _saved_secret_names(self, account: Account) -> list[str]:
        try:
            return list(self.session.accounts.secrets_for(account))
        except SecretStoreError as exc:
            self.result.setText(str(exc))
            return []

    # -- actions --------------------------------------------------------------------------------------------
    def start_new(self, provider: str) -> None:
        if self._dirty and not self._confirm_discard():
            return
        self.list.clearSelection()
        self._show(Account(name="", provider=provider))
        self.form.name.setFocus()

    def save(self) -> bool:
        account = self._editing
        if account is None or account.is_demo:
            return False
        problems = self.form.validate()
        if problems:
            self.result.setText(arg(self.tr("Not saved yet — please fix: %1"), " ".join(problems)))
            return False
        account.name = self.form.name.text().strip()
        try:
            self.session.accounts.save(account, self.form.settings(), self.form.secrets())
        except SecretStoreError as exc:
            self._list_keeping_form(account)  # the settings are stored: the account is listed like any other
            self.result.setText(arg(self.tr("The settings were saved, but not the secret: %1"), str(exc)))
            return False
        except ProviderError as exc:
            self.result.setText(str(exc))
            return False
        except AccountNameTaken:
            self.result.setText(self.tr("Another account already has this name. Choose a different one."))
            return False
        self._dirty = False
        self.session.accountsChanged.emit()
        self._select_id(account.id)
        self.result.setText(self.tr("Saved."))
        return True

    def _list_keeping_form(self, account: Account) -> None:
        """List the accounts again with ``account`` selected, leaving the form as typed (a secret the keyring
        refused stays in its field, to save again once secrets can be kept)."""
        self._keep_form = True
        try:
            self.session.accountsChanged.emit()
        finally:
            self._keep_form = False
        self.heading.setText(account.name)
        self._update_buttons()

    def duplicate_current(self) -> None:
        account = self._editing
        if account is None or account.id is None:
            return
        taken = {a.name for a in self.session.services.accounts.list()}
        name = next(n for i in range(1, 1000)
                    if (n := arg(self.tr("%1 (copy %2)"), account.name, str(i))) not in taken)
        try:
            copy = self.session.accounts.duplicate(account, name)
        except SecretStoreError as exc:
            self.result.setText(str(exc))
            return
        self.session.accountsChanged.emit()
        self._select_id(copy.id)

    def delete_current(self) -> None:
        account = self._editing
        if account is None or account.id is None or account.is_demo:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete account"),
            arg(self.tr("Delete “%1”? Its saved secrets are removed from the system keyring. Campaigns already "
                        "sent through it keep their results."), account.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.session.accounts.delete(account)
        except SecretStoreError as exc:
            self.result.setText(str(exc))
            return
        except AccountInUse:
            self.result.setText(self.tr("This account has campaigns, so it cannot be deleted. Keep it, or "
                                        "delete its campaigns first."))
            return
        self._editing = None
        if self.session.active_account and self.session.active_account.id == account.id:
            self.session.restore_active_account()
        self.session.accountsChanged.emit()

    def test_connection(self) -> None:
        account = self._editing
        if account is None or account.id is None:
            return
        if self._dirty and not self.save():
            return
        self.busy.show()
        self.test_button.setEnabled(False)
        self.result.setText(arg(self.tr("Connecting to %1…"), account.provider_name))
        self.jobs.run(f"test-connection-{account.id}", lambda _job: self._run_test(account),
                      on_error=self.result.setText, on_finished=self._test_ended)

    async def _run_test(self, account: Account) -> None:
        connected, message = await self.session.check_connection(account)
        self.result.setText(("✓ " if connected else "✗ ") + message)

    def _test_ended(self) -> None:
        self.busy.hide()
        self._update_buttons()

    # -- state ----------------------------------------------------------------------------------------------
    def _form_changed(self) -> None:
        self._dirty = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        account = self._editing
        editable = account is not None and not account.is_demo
        self.save_button.setEnabled(editable and (self._dirty or account.id is None))
        self.test_button.setEnabled(account is not None and account.id is not None and self.busy.isHidden())
        self.duplicate_button.setEnabled(account is not None and account.id is not None)
        self.delete_button.setEnabled(editable and account.id is not None)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("Your changes to this account are not saved. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _show_keyring_state(self) -> None:
        secrets = self.session.services.secrets
        tip = ""
        if secrets.is_session_only:
            text = self.tr("Secrets are kept in memory for this session only: you will need to enter them again "
                           "after restarting.")
        elif secrets.is_usable:
            text = self.tr("Secrets are kept in the system keyring.")
            tip = secrets.backend_name  # the keyring's technical name, for whoever helps with the computer
        else:
            text = self.tr("No system keyring is available, so passwords and API keys cannot be stored safely. "
                           "On Linux, install and unlock GNOME Keyring or KWallet and restart — or keep secrets "
                           "for this session only. They are never written to a plain file.")
        self.keyring_label.setText(text)
        self.keyring_label.setToolTip(tip)
        warn = not secrets.is_usable or secrets.is_session_only
        set_state(self.keyring_banner, "error" if warn else "info")
        self.session_only_button.setVisible(not secrets.is_usable and not secrets.is_session_only)

    def _use_session_only(self) -> None:
        self.session.services.secrets.use_session_only()
        self._show_keyring_state()
