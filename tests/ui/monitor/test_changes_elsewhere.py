"""The Monitor following another desk's changes to the campaign it shows (``MonitorTab._changed_elsewhere``): only
the rows stamped since its last read are read, off the loop, and written in place, on both engines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.campaigns.model import CampaignState, Dispatch
from desktop.campaigns.repository import CallUpdate, CampaignRepository, StatusReport
from desktop.changes import Change, ChangeSet
from desktop.paths import AppPaths
from desktop.secrets import MemoryKeyring
from desktop.services import Services
from tests.helpers.campaigns import add_list, settings_for
from tests.helpers.storage import ENGINES
from tests.helpers.support import wait_until
from ui.monitor.tab import MonitorTab
from ui.monitor.table_model import ANSWERED, WAITING
from ui.session import Session


@pytest.fixture(params=ENGINES)
def session(request: pytest.FixtureRequest, paths: AppPaths, memory_keyring: MemoryKeyring) -> Iterator[Session]:
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    services = Services.open(paths, keyring_backend=memory_keyring, url=url)
    services.accounts.ensure_demo_accounts()
    session = Session(services)
    yield session
    session.live.close()
    services.store.close()


async def test_another_desks_results_are_read_since_the_last_read_and_written_in_place(
        qtbot, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    store = session.services.store
    engine = CampaignRepository(store)  # the other desk's engine
    vbot = next(a for a in session.services.accounts.list() if a.provider == "vbot")
    campaign = engine.create("Nhắc lịch", vbot.id, add_list(store, 5), settings_for("vbot"))
    engine.materialise(campaign)
    with store.transaction() as db:  # sent (by the other desk), waiting for their results
        db.execute("UPDATE calls SET dispatch = ? WHERE campaign_id = ?", (Dispatch.SENT, campaign.id))
    engine.set_state(campaign, CampaignState.FINISHED)  # shown, not polled by this desk
    tab = MonitorTab(session)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    await wait_until(lambda: tab.model.total == 5, message="the Monitor's rows")
    tab.outcome_filter.setCurrentIndex(tab.outcome_filter.findData(WAITING))
    ids = [tab.model.row(r).call_id for r in range(tab.model.rowCount())]
    full_reads: list[int] = []
    monkeypatch.setattr(session.campaigns, "rows", lambda c: full_reads.append(c.id) or [])

    engine.apply([StatusReport(CallUpdate(ids[1], ANSWERED, "ok", 12.0, 350.0, None, None, Dispatch.SENT), None, None)])
    changes = ChangeSet()
    changes.add(Change("calls", frozenset({campaign.id})))
    tab._changed_elsewhere(changes)
    await wait_until(lambda: tab.model.rowCount() == 4, message="the answered row to leave the filter")
    assert [tab.model.row(r).call_id for r in range(4)] == [i for i in ids if i != ids[1]]
    assert tab.model.total == 5 and tab.counters.count(ANSWERED) == 1 and tab.progress.value() == 1
    tab.outcome_filter.setCurrentIndex(0)
    assert tab.model.row(tab.model.find(ids[1])).duration == 12.0
    assert full_reads == []  # the campaign's rows were not all read again
