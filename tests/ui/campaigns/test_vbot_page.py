"""VBot's campaign page: the legacy mode is offered only on a v2 account, and seed 000's description and numberCall
keys are set there; rendered at both window sizes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QStandardItemModel

from desktop.accounts.repository import Account
from desktop.demo import DemoEnvironment
from desktop.providers.vbot import VBotCampaignSettings, VBotSettings
from desktop.services import Services
from desktop.settings import LAST_TEMPLATE
from tests.helpers.support import wait_until
from ui.accounts.form import AccountForm
from ui.providers.vbot import VBotPage
from ui.session import Session


@pytest.fixture
def session(services: Services, manual_demo: DemoEnvironment) -> Session:
    services.accounts.ensure_demo_accounts()
    return Session(services, manual_demo)


def v2_account(session: Session, demo: DemoEnvironment) -> Account:
    creds = demo.running.credentials
    settings = VBotSettings(api_generation="v2", base_url=demo.running.base_urls["vbot_v2"],
                            username=creds["vbot_username"], vbot_id=creds["vbot_id"],
                            project_code=creds["vbot_project_code"])
    return session.accounts.save(Account("VBot v2", "vbot"), settings, {"password": creds["vbot_password"]})


def legacy_offered(page: VBotPage) -> bool:
    model = page.mode.model()
    assert isinstance(model, QStandardItemModel)
    return model.item(page.mode.findData("legacy")).isEnabled()


async def lists_loaded(page: VBotPage) -> None:
    await wait_until(lambda: not page.busy, message="the template and hotline lists")


async def test_legacy_mode_only_on_a_v2_account_with_its_seed_000_keys(qtbot, session: Session, services: Services,
                                                                       manual_demo: DemoEnvironment,
                                                                       tmp_path: Path) -> None:
    page = VBotPage(session)
    qtbot.addWidget(page)
    v3 = next(a for a in services.accounts.list() if a.is_demo and a.provider == "vbot")
    page.set_account(v3)
    await lists_loaded(page)
    assert not legacy_offered(page)  # the demo account is v3: no VBot ID or project code, no Bearer token

    page.set_account(v2_account(session, manual_demo))
    await lists_loaded(page)
    assert legacy_offered(page)
    page.mode.setCurrentIndex(page.mode.findData("legacy"))
    page.legacy_id.setValue(2932)
    page.legacy_description.setText("  Nhắc lịch hẹn ")
    page.legacy_number_call.setValue(2)
    settings = page.settings({})
    assert (settings.mode, settings.legacy_description, settings.legacy_number_call) == ("legacy", "Nhắc lịch hẹn", 2)
    assert settings.legacy_keys() == {"description": "Nhắc lịch hẹn", "numberCall": "2"}

    page.reset()
    assert page.settings({}).legacy_keys() == {}  # left at the template campaign's own: not sent
    page.set_settings(settings)
    assert page.settings({}) == settings

    page.show()
    for size in ((1280, 800), (1024, 700)):
        page.resize(*size)
        qtbot.wait(50)
        assert page.legacy_number_call.isVisible() and page.legacy_description.width() > 200
        if os.environ.get("AUTOCALL_SCREENSHOTS"):
            page.grab().save(str(Path(os.environ["AUTOCALL_SCREENSHOTS"]) / f"vbot_page_{size[0]}.png"))


def test_a_negative_number_of_calls_is_a_problem() -> None:
    problems = VBotCampaignSettings(mode="legacy", template_code="X", legacy_campaign_id=1,
                                    legacy_number_call=-1).problems()
    assert problems == ["The VBot number of calls (numberCall) must be a whole number, 1 or more (0: the template "
                        "campaign's own setting)."]


def test_v2_accounts_require_the_vbot_id_and_project_code(qtbot) -> None:
    """Every v2 request carries them (seeds 001 and 003), so the v2 form will not save without them; v3 has none."""
    form = AccountForm()
    qtbot.addWidget(form)
    form.load("vbot", "VBot v2", {"api_generation": "v2", "username": "demo"}, {"password"})
    assert {"VBot ID: Required.", "Group code: Required."} <= set(form.validate())
    form.load("vbot", "VBot v3", {"api_generation": "v3"}, {"api_key"})
    assert not any(p.startswith(("VBot ID", "Group code")) for p in form.validate())


async def test_a_new_campaign_has_a_template_chosen_every_time(qtbot, session: Session, services: Services) -> None:
    page = VBotPage(session)
    qtbot.addWidget(page)
    demo = next(a for a in services.accounts.list() if a.is_demo and a.provider == "vbot")
    page.set_account(demo)
    await lists_loaded(page)
    first = page.template.itemData(0)
    assert first and page.template.currentData() == first and page.hotline.currentIndex() == 0
    page.choose("NHAC_NO", page.hotline.itemData(1))
    page.reset()  # the second campaign: not blank
    assert page.template.currentData() == first and page.hotline.currentIndex() == 0
    services.preferences.set(LAST_TEMPLATE, "NHAC_NO", demo.id)  # the template mapped in Contacts
    page.reset()
    assert page.template.currentData() == "NHAC_NO" and page.settings({}).template_code == "NHAC_NO"
