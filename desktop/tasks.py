"""Owned background tasks (FeelUOwn's habit): every task has a strong reference, a name, and is cancelled on close.

asyncio keeps only weak references to tasks, so a fire-and-forget ``create_task`` can vanish mid-flight and its
exception is reported, if ever, at garbage collection. Going through :class:`TaskOwner` keeps each task alive,
logs its failure at once, and lets the app cancel everything before the loop stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from desktop.errors import AutocallError
from desktop.i18n import _

log = logging.getLogger(__name__)


class AlreadyRunning(AutocallError):
    """A task of this name is still running and may not be replaced (a campaign's dispatch)."""

    def __init__(self, name: str) -> None:
        super().__init__(_("This is already under way; wait for it to finish or pause it first."))
        self.name = name


class TaskOwner:
    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str, *, replace: bool = True) -> asyncio.Task[Any]:
        """Run ``coro`` as task ``name``; an earlier task of the same name is cancelled first (``replace``).

        One poller per campaign relies on this: starting a new one with the same name cancels the old.
        """
        old = self._tasks.get(name)
        if old and not old.done():
            if not replace:
                coro.close()
                raise AlreadyRunning(name)
            old.cancel()
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks[name] = task
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(task.get_name()) is task:
            del self._tasks[task.get_name()]
        if not task.cancelled() and task.exception() is not None:
            log.error("Background task %s failed", task.get_name(), exc_info=task.exception())

    def running(self) -> list[str]:
        return sorted(name for name, task in self._tasks.items() if not task.done())

    async def wait(self, names: list[str]) -> None:
        """Wait until the named tasks that are running have ended, however they end."""
        tasks = [task for name in names if (task := self._tasks.get(name)) is not None]
        if tasks:
            await asyncio.wait(tasks)

    async def cancel_all(self) -> None:
        """Cancel every task and wait until they have all finished unwinding."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
