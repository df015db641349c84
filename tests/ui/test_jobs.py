"""The one job runner: worker-thread calls with progress and cancel, errors in words, no traceback for a person;
and the message bar that shows them."""

from __future__ import annotations

import logging
import threading

import pytest

from desktop.errors import Cancelled
from desktop.providers.errors import UnreachableError
from desktop.tasks import TaskOwner
from tests.helpers.support import wait_until
from ui.jobs import Job, Jobs
from ui.providers import UnknownProviderUi, provider_ui
from ui.widgets.message_bar import MessageBar


def _counting(progress, cancel: threading.Event) -> int:
    for done in range(1, 4):
        progress(done)
    return threading.get_ident()


async def test_a_blocking_call_runs_off_the_loop_and_reports_progress() -> None:
    owner = TaskOwner()
    seen: list[int] = []
    results: list[int] = []

    async def work(job: Job) -> None:
        results.append(await job.blocking(_counting, observed=True))

    ended: list[bool] = []
    Jobs(owner).run("count", work, on_error=pytest.fail, on_progress=seen.append,
                    on_finished=lambda: ended.append(True))
    await wait_until(lambda: ended, message="the job")
    await wait_until(lambda: len(seen) == 3, message="progress on the loop")
    assert seen == [1, 2, 3] and results[0] != threading.get_ident()


async def test_errors_are_said_in_words_and_cancelling_is_not_an_error(caplog) -> None:
    jobs = Jobs(TaskOwner())
    said: list[str] = []

    async def unreachable(_job: Job) -> None:
        raise UnreachableError("VBot could not be reached. Check the internet connection.")

    async def cancelled(job: Job) -> None:
        job.cancel()
        if job.cancelled:
            raise Cancelled()

    async def broken(_job: Job) -> None:
        raise ZeroDivisionError("division by zero")

    cancelled_words: list[str] = []
    with caplog.at_level(logging.ERROR, logger="desktop.tasks"):
        for name, work in (("a", unreachable), ("b", cancelled), ("c", broken)):
            job = jobs.run(name, work, on_error=said.append, on_cancelled=cancelled_words.append)
            await wait_until(lambda j=job: j.task.done(), message=name)
    assert said[0] == "VBot could not be reached. Check the internet connection."
    assert cancelled_words and len(said) == 2
    assert "went wrong" in said[1] and "ZeroDivisionError" not in said[1] and "division" not in said[1]
    assert "Background task c failed" in caplog.text  # the details go to the log, with the traceback


def test_message_bar_levels_are_a_property_the_stylesheet_reads(qtbot) -> None:
    bar = MessageBar("testMessage")
    qtbot.addWidget(bar)
    bar.show()
    bar.error("Not saved.")
    assert bar.text() == "Not saved." and bar.state == "error" and bar.isVisible()
    bar.info("Saved.")
    assert bar.state == "info"
    bar.warning("Check this.")
    assert bar.state == "warning"
    bar.clear()
    assert bar.isHidden()
    assert bar.styleSheet() == ""  # the colours come from style.qss
    opened: list[bool] = []
    bar.error("Too large.", ("Open Preferences…", lambda: opened.append(True)))
    bar.linkActivated.emit("action")
    assert opened == [True] and "Too large." in bar.text()


def test_an_unknown_provider_has_no_gui_and_says_so() -> None:
    assert provider_ui("vbot").key == "vbot"
    with pytest.raises(UnknownProviderUi, match="twilio"):
        provider_ui("twilio")
