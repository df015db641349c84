"""The window says which other desk or server runs a campaign (the Campaigns list, the dispatch panel, the Monitor's
header), does not offer it as interrupted, refuses Resume with the engine's sentence naming it and asks it to pause;
nothing is sent from here. The other runner is a lease row another process would hold (desktop.campaigns.lease)."""

from __future__ import annotations

from pathlib import Path

from desktop.campaigns import lease
from desktop.campaigns.lease import Holder, acquire, holder_of, release
from desktop.campaigns.model import CampaignState
from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.support import wait_until
from tests.helpers.ui import open_window
from tests.ui.campaigns.test_campaigns_tab import interrupted_bizphone_campaign

DESK = Holder("desk", "DESK-2", "d" * 32)
SERVER = Holder("server", "SRV-1", "s" * 32)


async def test_a_campaign_run_elsewhere_is_shown_so_and_not_sent_from_here(
        qtbot, services: Services, manual_demo: DemoEnvironment, tmp_path: Path) -> None:
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Chạy ở máy khác")
    assert acquire(services.store, campaign.id, DESK)  # another desk resumed it
    dialled = len(manual_demo.running.simulator.ledger)

    window = open_window(qtbot, services, manual_demo, "bizphone")
    tab = window.campaigns_tab
    assert tab.service.needs_reconciliation() == []  # its batches in flight are the other desk's live requests
    tab.show_campaign(tab.service.get(campaign.id))
    assert tab.model.state_text(tab.model.row_of(campaign.id)) == "Sending (on DESK-2)"
    assert tab.panel.runner.isVisible() and tab.panel.runner.text() == "Running on the computer DESK-2"
    assert tab.panel.status.text().startswith("Sending:")  # not "Interrupted"
    for sizes in ((1280, 800), (1024, 700)):
        window.resize(*sizes)
        window.grab().save(str(tmp_path / f"campaigns-run-elsewhere-{sizes[0]}.png"))

    tab.panel.resume_button.click()
    assert "This campaign is running on the computer DESK-2" in tab.message.text()
    tab.message.clear()
    tab.panel.pause_button.click()  # asked of the desk running it (tests/ui/campaigns/test_requests_ui.py)
    assert "Pause request sent to the computer running the campaign (DESK-2)" in tab.message.text()
    assert not tab.service.is_dispatching(campaign) and len(manual_demo.running.simulator.ledger) == dialled

    window.show_tab("monitorTab")
    monitor = window.monitor_tab
    monitor.refresh_campaigns(select=campaign.id)
    await wait_until(lambda: monitor.runner.isVisible(), message="the Monitor saying who runs it")
    assert monitor.runner.text() == "Running on the computer DESK-2" and not monitor.is_watching()
    assert monitor.state.text().startswith("Shown as saved by the computer running this campaign")
    for sizes in ((1280, 800), (1024, 700)):
        window.resize(*sizes)
        window.grab().save(str(tmp_path / f"monitor-run-elsewhere-{sizes[0]}.png"))

    release(services.store, campaign.id, DESK)  # the desk stopped; the server took it
    assert acquire(services.store, campaign.id, SERVER)
    monitor.watch_button.click()  # reads what the server saved
    await wait_until(lambda: monitor.runner.text() == "The server SRV-1 is running this campaign",
                     message="the Monitor naming the server")
    window.show_tab("campaignsTab")
    tab.reload()
    assert tab.model.state_text(tab.model.row_of(campaign.id)) == "Sending (on the server SRV-1)"
    assert len(manual_demo.running.simulator.ledger) == dialled


async def test_a_campaign_a_crashed_window_of_this_computer_held_is_offered_once_its_lease_expires(
        qtbot, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    """A window started again right after a crash finds its campaign still held by the dead one: the question to
    check and resume it comes once that lease has expired, not never."""
    monkeypatch.setattr(lease, "LEASE_SECONDS", 2.0)
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Sau sự cố")
    window = open_window(qtbot, services, manual_demo, "bizphone")
    tab = window.campaigns_tab
    dead = Holder("desk", lease.this_process().host, "c" * 32)
    # The crashed window's lease, never renewed again; taken after the window is built, whose building can take
    # longer than the lease on a loaded machine.
    assert acquire(services.store, campaign.id, dead)
    assert tab.service.needs_reconciliation() == []
    window.check_interrupted()
    assert tab.reconcile_dialog is None
    await wait_until(lambda: tab.reconcile_dialog is not None and tab.reconcile_dialog.isVisible(), timeout=15,
                     message="the reconcile question after the dead window's lease expired")
    assert holder_of(services.store, campaign.id) is None
    tab.reconcile_dialog.resume_button.click()
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.RUNNING, timeout=20,
                     message="the resumed dispatch")
    assert tab.service.counts(campaign).sent == 12 and manual_demo.running.simulator.ledger.duplicates() == []
