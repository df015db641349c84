"""The Campaigns tab and another desk's campaign (desktop/campaigns/requests.py): Pause and Cancel are asked of the
desk running it, said plainly until that desk has done it; Resume of a paused campaign the other desk still follows
is asked too; and the progress panel reads the shown campaign's counts off the window's loop when another desk
changes it, one read for a burst of changes, an answer for a campaign no longer shown dropped. The other desk is a
lease row another process would hold, and its changes the feed's (LiveChanges never calls back on SQLite)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from desktop.campaigns.lease import Holder, acquire, ask, done, holder_of
from desktop.campaigns.model import CampaignState
from desktop.changes import Change, ChangeSet
from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.support import wait_until
from tests.helpers.ui import open_window
from tests.ui.campaigns.test_campaigns_tab import interrupted_bizphone_campaign

DESK = Holder("desk", "DESK-2", "d" * 32)


def changed(campaign_id: int) -> ChangeSet:
    """What the feed brings when another desk changes the campaign and its lease row."""
    changes = ChangeSet()
    for table in ("campaigns", "campaign_leases", "calls"):
        changes.add(Change(table, frozenset({campaign_id})))
    return changes


async def test_pause_is_asked_of_the_desk_running_it_and_said_until_done(
        qtbot, services: Services, manual_demo: DemoEnvironment, tmp_path: Path) -> None:
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Tạm dừng từ xa")
    assert acquire(services.store, campaign.id, DESK)
    dialled = len(manual_demo.running.simulator.ledger)
    window = open_window(qtbot, services, manual_demo, "bizphone")
    tab = window.campaigns_tab
    tab.show_campaign(tab.service.get(campaign.id))

    tab.panel.pause_button.click()
    said = tab.message.text()
    assert said == ("Pause request sent to the computer running the campaign (DESK-2): it stops after the group of "
                    "calls being sent.")
    request = holder_of(services.store, campaign.id).request
    assert request is not None and request.what == "pause"
    assert not tab.panel.pause_button.isEnabled()
    for sizes in ((1280, 800), (1024, 700)):
        window.resize(*sizes)
        window.grab().save(str(tmp_path / f"campaigns-pause-asked-{sizes[0]}.png"))

    window.session.live.changed.emit(changed(campaign.id))  # a renewal of DESK-2's: not done yet
    assert tab.message.text() == said
    tab.service.repository.set_state(tab.service.get(campaign.id), CampaignState.PAUSED)  # DESK-2 paused it
    done(services.store, request, DESK)
    window.session.live.changed.emit(changed(campaign.id))
    assert tab.message.text() == ""
    assert tab.panel.resume_button.isEnabled()

    tab.panel.resume_button.click()  # DESK-2 still follows its calls: asked to send the rest
    assert tab.message.text().startswith("Resume request sent to the computer following the campaign (DESK-2)")
    assert holder_of(services.store, campaign.id).request.what == "resume"
    assert not tab.service.is_dispatching(campaign) and len(manual_demo.running.simulator.ledger) == dialled


async def test_a_request_left_for_this_desk_is_carried_out_by_its_engine(
        qtbot, services: Services, manual_demo: DemoEnvironment) -> None:
    """This desk sends the campaign; another desk's Cancel arrives on the lease row: the tab's follower cancels it
    through the engine (contacts not sent marked so) and takes the request off."""
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Hủy từ xa")
    window = open_window(qtbot, services, manual_demo, "bizphone")
    tab = window.campaigns_tab
    tab.show_campaign(tab.service.get(campaign.id))
    with tab.service.leases.taken(campaign.id):  # held here, as while reconciling
        assert ask(services.store, campaign.id, "cancel", "lan", DESK) is not None
        window.session.live.changed.emit(changed(campaign.id))
        await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.CANCELLED,
                         message="the cancel carried out")
        await wait_until(lambda: holder_of(services.store, campaign.id).request is None,
                         message="the request taken off")


async def test_the_panel_reads_counts_off_the_loop_once_per_burst_and_drops_stale_answers(
        qtbot, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Đếm ngoài luồng")
    window = open_window(qtbot, services, manual_demo, "bizphone")
    tab = window.campaigns_tab
    tab.show_campaign(tab.service.get(campaign.id))
    real_counts = tab.service.counts
    threads: list[bool] = []
    release = threading.Event()

    def slow_counts(shown):
        threads.append(threading.current_thread() is threading.main_thread())
        release.wait(10)
        return real_counts(shown)

    monkeypatch.setattr(tab.service, "counts", slow_counts)
    shown: list[int] = []
    monkeypatch.setattr(tab.panel, "show_progress", lambda progress, *_a: shown.append(progress.total))

    for _ in range(5):  # a burst while the first read runs: one read follows it
        window.session.live.changed.emit(changed(campaign.id))
        await asyncio.sleep(0)
    await wait_until(lambda: threads, message="the first read")
    assert shown == [12] * 5  # at once each time, with the counts last read
    release.set()
    await wait_until(lambda: len(threads) == 2 and not tab._counting, message="the reads")
    assert threads == [False, False]  # never on the window's loop
    assert shown == [12] * 7

    release.clear()
    window.session.live.changed.emit(changed(campaign.id))
    await wait_until(lambda: len(threads) == 3, message="a read")
    tab.new_campaign()  # another choice meanwhile: the answer is dropped
    shown.clear()
    release.set()
    await wait_until(lambda: not tab._counting, message="the read to end")
    assert shown == []
