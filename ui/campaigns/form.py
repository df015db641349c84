"""The campaign form: name, account, contact list, then the settings page of that account's provider.

Each provider's page (ui/providers/) edits one settings dataclass of the engine (``settings()`` builds it,
``set_settings()`` shows it), so the form never invents a field the engine does not know.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.contacts.repository import ContactListInfo
from desktop.providers.base import CampaignOptions
from ui import formats
from ui.providers import PROVIDER_UIS, account_label, provider_ui
from ui.providers.base import ProviderPage
from ui.session import Session
from ui.text import arg
from ui.widgets.stack import show_page


class CampaignForm(QWidget):
    """Name, account, list and the provider page for the chosen account."""

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignForm")
        self.session = session
        self.contacts = session.contacts
        self.name = QLineEdit()
        self.name.setObjectName("campaignNameEdit")
        self.name.setPlaceholderText(self.tr("e.g. Nhắc nợ tháng 6"))
        self.account = QComboBox()
        self.account.setObjectName("campaignAccountCombo")
        self.account.setMinimumContentsLength(20)
        self.account.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.contact_list = QComboBox()
        self.contact_list.setObjectName("campaignListCombo")
        self.contact_list.setMinimumContentsLength(24)
        self.contact_list.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.skip_earlier = QCheckBox(self.tr("S&kip numbers an earlier campaign already called"))
        self.skip_earlier.setObjectName("skipCalledBeforeCheck")
        self.skip_earlier.setChecked(True)
        self.pages = QStackedWidget()
        self._pages: dict[str, ProviderPage] = {}
        for ui in PROVIDER_UIS:
            page = ui.campaign_page(session)
            self.pages.addWidget(page)
            self._pages[ui.key] = page
            page.changed.connect(self.changed)
        self.provider_box = QGroupBox()
        box_layout = QVBoxLayout(self.provider_box)
        box_layout.addWidget(self.pages)

        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Account:"), self.account)
        form.addRow(self.tr("Contact &list:"), self.contact_list)
        form.addRow("", self.skip_earlier)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.provider_box)
        layout.addStretch(1)
        self.account.currentIndexChanged.connect(self._account_chosen)
        self.name.textChanged.connect(self.changed)
        self.contact_list.currentIndexChanged.connect(self.changed)
        self.reload_accounts()
        self.reload_lists()

    # -- choices -----------------------------------------------------------------------------------------------
    def reload_accounts(self) -> None:
        wanted = self.account.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        for account in self.session.services.accounts.list():
            self.account.addItem(account_label(account), account.id)
        self.account.setCurrentIndex(max(0, self.account.findData(wanted)))
        self.account.blockSignals(False)
        self._account_chosen()

    def reload_lists(self, select: int | None = None) -> list[ContactListInfo]:
        """Refill the list picker from the store (newest first), keeping the choice or selecting ``select``."""
        wanted = select if select is not None else self.contact_list.currentData()
        lists = self.contacts.lists()
        self.contact_list.blockSignals(True)
        self.contact_list.clear()
        for info in lists:
            self.contact_list.addItem(
                arg(self.tr("%1 — %2 to call of %3"), info.name, formats.number(info.valid),
                    formats.number(info.rows)), info.id)
        self.contact_list.setCurrentIndex(max(0, self.contact_list.findData(wanted)))
        self.contact_list.blockSignals(False)
        self.changed.emit()
        return lists

    def select_account(self, account: Account | None) -> None:
        if account is not None:
            self.account.setCurrentIndex(max(0, self.account.findData(account.id)))

    def current_account(self) -> Account | None:
        account_id = self.account.currentData()
        return self.session.services.accounts.get(account_id) if account_id is not None else None

    def page_for(self, provider: str) -> ProviderPage:
        """The settings page of ``provider`` (an unknown key raises)."""
        return self._pages[provider_ui(provider).key]

    @property
    def page(self) -> ProviderPage:
        return self.pages.currentWidget()  # type: ignore[return-value]

    def _account_chosen(self) -> None:
        account = self.current_account()
        if account is None:
            return
        page = self.page_for(account.provider)
        show_page(self.pages, page)
        self.provider_box.setTitle(arg(self.tr("%1 settings"), account.provider_name))
        page.set_account(account)
        self.changed.emit()

    # -- values ------------------------------------------------------------------------------------------------
    def settings(self) -> CampaignOptions:
        return self.page.settings({"skip_called_before": self.skip_earlier.isChecked()})

    def problems(self) -> list[str]:
        """What stops the form being saved at all (the preflight checks the rest)."""
        found = []
        if not self.name.text().strip():
            found.append(self.tr("Give the campaign a name."))
        if self.current_account() is None:
            found.append(self.tr("Add a provider account first (Accounts tab)."))
        if self.contact_list.currentData() is None:
            found.append(self.tr("Import and save a contact list first (Contacts tab)."))
        return found

    def reset(self, account: Account | None, list_id: int | None = None) -> None:
        """A new campaign: empty name, ``account`` (the active one), ``list_id`` (else the newest list), default
        settings."""
        self.set_read_only(False)
        self.name.clear()
        self.select_account(account)
        self.contact_list.setCurrentIndex(max(0, self.contact_list.findData(list_id)) if list_id is not None else 0)
        self.skip_earlier.setChecked(True)
        for page in self._pages.values():
            page.reset()
        self.name.setFocus()

    def show_campaign(self, name: str, account_id: int, list_id: int, settings: CampaignOptions,
                      read_only: bool) -> None:
        self.name.setText(name)
        self.account.setCurrentIndex(max(0, self.account.findData(account_id)))
        self.contact_list.setCurrentIndex(max(0, self.contact_list.findData(list_id)))
        self.skip_earlier.setChecked(settings.skip_called_before)
        self.page_for(settings.provider).set_settings(settings)
        self.set_read_only(read_only)
        for widget in (self.account, self.contact_list):  # a saved campaign keeps these; a draft's name may change
            widget.setEnabled(False)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.name, self.account, self.contact_list, self.skip_earlier):
            widget.setEnabled(not read_only)
        for page in self._pages.values():
            page.set_read_only(read_only)

    def list_id(self) -> int | None:
        return self.contact_list.currentData()
