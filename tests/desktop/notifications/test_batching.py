"""Group commit: notifications queued while the worker stores a batch are stored together in one transaction, with
the same result as one after the other, and each request is answered only once its batch committed; a batch that
fails stores nothing of itself, and is stored one by one so that only the notification that cannot be stored is
answered 503."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import desktop.campaigns.repository as repository_module
from desktop.notifications.inbox import Received
from desktop.providers.notify import Inbound, Notice
from tests.desktop.notifications.conftest import Rx
from tests.desktop.notifications.test_refusals import auto_call_log, stored, vbot_post
from tests.helpers.campaigns import ON_BOTH_ENGINES

pytestmark = ON_BOTH_ENGINES


async def launched_keys(rx: Rx, count: int) -> list[str]:
    campaign = rx.env.campaign("vbot", count)
    await rx.env.service.launch(campaign, await rx.env.service.preflight(campaign))
    return [r["idem_key"] for r in rx.env.store.query(
        "SELECT idem_key FROM calls WHERE campaign_id = ? ORDER BY id", (campaign.id,))]


def webhook(rx: Rx, payload: dict) -> tuple[int, str, Inbound, Notice]:
    """What the receiver hands the inbox for the VBot webhook ``payload``."""
    body = json.dumps(payload).encode()
    arrived = Inbound(body, {}, time.time())
    endpoint = rx.endpoint("vbot")
    return endpoint.account_id, endpoint.provider, arrived, endpoint.channel.read(json.loads(body), arrived)


def outcome(rx: Rx, key: str) -> str:
    return rx.env.store.query_one("SELECT outcome FROM calls WHERE idem_key = ?", (key,))["outcome"]


async def test_notifications_queued_meanwhile_are_stored_in_one_batch_as_if_one_after_the_other(rx: Rx) -> None:
    first, second = await launched_keys(rx, 2)
    receiver = rx.running.receiver
    real, batches, release = receiver.inbox.receive_many, [], threading.Event()

    def receive_many(items: list) -> list[Received]:
        batches.append(len(items))
        if len(batches) == 1:
            assert release.wait(10.0)  # hold the worker while the next requests queue up
        return real(items)

    receiver.inbox.receive_many = receive_many  # type: ignore[method-assign]
    later = [auto_call_log(first, "processing", "t-0"), auto_call_log(first, "ANSWER", "t-1"),
             auto_call_log(first, "ANSWER", "t-1"), auto_call_log(second, "processing", "u-0"),
             auto_call_log(second, "NOANSWER", "u-1")]  # whatever order they arrive in, the outcome is the same
    with ThreadPoolExecutor(len(later) + 1) as pool:
        held = pool.submit(vbot_post, rx, auto_call_log(second, "processing", "u-00"))
        while not batches:
            time.sleep(0.01)
        replies = [pool.submit(vbot_post, rx, payload) for payload in later]
        deadline = time.monotonic() + 10.0
        while len(receiver._queued) < len(later) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not any(r.done() for r in replies)  # nobody is answered before their batch committed
        release.set()
        answers = [r.result().json() for r in [held, *replies]]

    assert batches == [1, len(later)]
    assert [a["duplicate"] for a in answers].count(True) == 1 and all(a["ok"] for a in answers)
    assert outcome(rx, first) == "answered" and outcome(rx, second) == "no_answer"
    assert stored(rx) == 5  # the repeated ANSWER once


async def test_several_notifications_for_one_row_in_one_batch_give_the_result_of_one_after_the_other(rx: Rx) -> None:
    first, second = await launched_keys(rx, 2)
    in_order = [("processing", "t-0"), ("ANSWER", "t-1"), ("processing", "t-0b"), ("BUSY", "t-2"), ("ANSWER", "t-1")]
    batch = [webhook(rx, auto_call_log(first, status, trans)) for status, trans in in_order]
    results = rx.running.receiver.inbox.receive_many([*batch, webhook(rx, auto_call_log(second, "NOANSWER", "u-1"))])
    assert [r.duplicate for r in results] == [False, False, False, False, True, False]
    assert [[u.outcome for u in r.changed] for r in results] == [["dialing"], ["answered"], [], [], [], ["no_answer"]]
    assert outcome(rx, first) == "answered"  # neither the earlier state nor the other final, later, undid it
    assert outcome(rx, second) == "no_answer" and stored(rx) == 5


async def test_a_failing_batch_stores_nothing_and_answers_503_to_each_request(
        rx: Rx, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = await launched_keys(rx, 2)
    real, calls = repository_module.apply_in, []

    def apply_in(*args: object) -> object:
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(repository_module, "apply_in", apply_in)
    with pytest.raises(OSError):
        rx.running.receiver.inbox.receive_many([webhook(rx, auto_call_log(k, "ANSWER", k)) for k in (first, second)])
    assert len(calls) == 2 and stored(rx) == 0
    assert outcome(rx, first) == outcome(rx, second) != "answered"  # the first event's row is not half-applied

    monkeypatch.setattr(repository_module, "apply_in", lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    assert vbot_post(rx, auto_call_log(first, "ANSWER", "t-1")).status_code == 503
    assert stored(rx) == 0 and outcome(rx, first) != "answered"
    monkeypatch.setattr(repository_module, "apply_in", real)
    assert vbot_post(rx, auto_call_log(first, "ANSWER", "t-1")).json() == {"ok": True, "duplicate": False}
    assert outcome(rx, first) == "answered"  # sent again by the provider, it is stored as new


async def test_one_notification_that_cannot_be_stored_fails_alone_and_the_rest_of_its_batch_is_stored(
        rx: Rx, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, third = await launched_keys(rx, 3)
    real = repository_module.apply_in
    poisoned = rx.env.store.query_one("SELECT id FROM calls WHERE idem_key = ?", (second,))["id"]

    def apply_in(db: object, updates: list, channel: object) -> object:
        if any(report.update.call_id == poisoned for report in updates):
            raise ValueError("a record the inbox cannot store")
        return real(db, updates, channel)  # type: ignore[arg-type]

    monkeypatch.setattr(repository_module, "apply_in", apply_in)
    endpoint = rx.endpoint("vbot")
    batch = [(endpoint, *webhook(rx, auto_call_log(k, "ANSWER", k))[2:], None) for k in (first, second, third)]
    results = rx.running.receiver._receive(batch)  # type: ignore[arg-type]
    assert [type(r).__name__ for r in results] == ["Received", "ValueError", "Received"]
    assert [outcome(rx, k) == "answered" for k in (first, second, third)] == [True, False, True]
    assert stored(rx) == 2
