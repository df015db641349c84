"""What a provider brings to the GUI: its account form's fields, its campaign settings page and the source of its
template fields. Each provider's module declares one :class:`ProviderUi`; ``ui/providers/__init__.py`` lists them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.contacts.repository import SavedMapping
from desktop.providers.base import CampaignOptions, TemplateField
from desktop.settings import Option
from ui.text import arg, translate

if TYPE_CHECKING:
    from ui.session import Session

E164 = re.compile(r"^\+?[1-9]\d{1,14}$")
LOOPBACK = re.compile(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)")


# -- the account form's fields ------------------------------------------------------------------------------------
def check_url(value: str) -> str | None:
    if not value:
        return None
    if value.startswith("https://") or LOOPBACK.match(value):
        return None
    return translate("AccountForm", "Use an https:// address (plain http:// is allowed only for this computer).")


def check_caller_id(value: str) -> str | None:
    if value and not E164.match(value.replace(" ", "")):
        return translate("AccountForm", "Enter the number in international form, e.g. +84912345678.")
    return None


def provider_term(provider: str, term: str) -> str:
    """The tooltip that names a field by the provider's own word: BizPhone calls this “caller”."""
    return arg(translate("AccountForm", "%1 calls this “%2”."), provider, term)


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
    shown_for: tuple[str, ...] = ()  # the values of the "api_generation" field it belongs to (empty = always)
    tip: str = ""  # a tooltip on the field: the provider's own term (provider_term), so its console can be matched
    shown: Callable[[str], str] | None = None  # the stored value as the form shows it (e.g. in the language's words)
    stored: Callable[[str], str] | None = None  # what the form saves for a value that passed ``check``
    kind: str = field(init=False, default="text")

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", "choice" if self.choices else "secret" if self.secret else "text")


# -- the campaign form's provider page ----------------------------------------------------------------------------
def labelled_row(form: QFormLayout, text: str, field: QWidget | QHBoxLayout, buddy: QWidget) -> None:
    """A form row whose field is a layout: the label still gets its buddy, so its &-shortcut works."""
    label = QLabel(text)
    label.setBuddy(buddy)
    form.addRow(label, field)


def spin_box(name: str, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class ProviderPage(QWidget):
    """One provider's campaign settings; ``changed`` after any edit."""

    changed = Signal()

    def settings(self, common: dict) -> CampaignOptions:
        raise NotImplementedError

    def set_settings(self, settings: CampaignOptions) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """A new campaign: the form's defaults."""
        raise NotImplementedError

    def set_account(self, account: Account | None) -> None:
        """The account the campaign uses (a page may fill its pickers from it)."""

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QComboBox, QSpinBox, QCheckBox, QPushButton, QDateTimeEdit)):
                widget.setEnabled(not read_only)


# -- the Contacts tab's template fields ---------------------------------------------------------------------------
class FieldsHost(Protocol):
    """What a field source drives: the Contacts tab's template-fields panel."""

    session: Session
    edited: SignalInstance

    @property
    def account(self) -> Account | None: ...
    @property
    def scope(self) -> str: ...
    @property
    def fields(self) -> list[TemplateField]: ...
    @property
    def source(self) -> FieldSource | None: ...
    def set_scope(self, scope: str, fields: list[TemplateField]) -> None: ...
    def set_fields(self, fields: list[TemplateField]) -> None: ...
    def set_status(self, text: str) -> None: ...
    def saved(self) -> SavedMapping | None: ...
    def remember(self, option: Option, value: str) -> None: ...
    def remembered(self, option: Option) -> str | None: ...


class FieldSource(QWidget):
    """Where one provider's template fields come from, shown above the field grid of the Contacts tab."""

    #: The field names were typed by the operator and are remembered with the mapping.
    keeps_variables = False

    def __init__(self, host: FieldsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host

    def activate(self, account: Account) -> None:
        """This provider's account was chosen: find the scope and fields (``host.set_scope``)."""
        raise NotImplementedError

    def ensure_loaded(self) -> None:
        """The tab is shown: fetch what was put off until someone looks."""

    def set_flow_text(self, text: str, flow: str) -> None:
        """A call-flow message was edited in the Campaigns tab (only a flow-based provider uses it)."""


@dataclass(frozen=True)
class ProviderUi:
    key: str
    account_fields: Callable[[], list[FieldSpec]]
    campaign_page: Callable[[Session], ProviderPage]
    field_source: type[FieldSource]  # built with the Contacts tab's panel as its host
