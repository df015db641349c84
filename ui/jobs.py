"""One runner for the UI's long work: an owned task, blocking calls on a worker thread, progress, cancel, and
errors in words. No traceback reaches the operator: an unexpected error is said in one sentence and logged."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

from desktop.errors import AutocallError, Cancelled
from desktop.tasks import TaskOwner

T = TypeVar("T")

#: What the runner reports in words: every core error, and a file the operator chose that could not be read or
#: written (the core passes OSError through as it is).
ERRORS: tuple[type[BaseException], ...] = (AutocallError, OSError)


def words(exc: BaseException) -> str:
    """The operator's sentence for an expected error: the core's errors carry their own, a file error its reason."""
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


def unexpected() -> str:
    return QCoreApplication.translate(
        "Jobs", "Something went wrong and this step was not finished. The details are in the log (View › Log).")


class Job:
    """One piece of work in flight: its cancel token, and blocking calls run on a worker thread."""

    def __init__(self, on_progress: Callable[[Any], None] | None = None) -> None:
        self.cancel_token = threading.Event()
        self._on_progress = on_progress
        self._loop: asyncio.AbstractEventLoop | None = None
        self.task: asyncio.Task[Any] | None = None
        self.error: BaseException | None = None  # the expected error it ended with, for ``on_error`` to look at

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next check; the job then ends through ``on_cancelled``."""
        self.cancel_token.set()

    def progress(self, value: Any) -> None:
        """Hand a progress value to ``on_progress`` on the loop's thread; callable from any thread."""
        if self._on_progress is None or self._loop is None:
            return
        try:
            self._loop.call_soon_threadsafe(self._on_progress, value)
        except RuntimeError:
            pass  # the loop has closed (app quitting): nobody is watching any more

    async def blocking(self, func: Callable[..., T], /, *args: Any, observed: bool = False, **kwargs: Any) -> T:
        """Run ``func`` on a worker thread; ``observed`` passes it ``progress=`` and ``cancel=`` as the core's
        long calls take them. If the task is cancelled (app closing), the worker is told to stop too."""
        loop = asyncio.get_running_loop()
        if observed:
            kwargs.update(progress=self.progress, cancel=self.cancel_token)
        try:
            return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))
        except asyncio.CancelledError:
            self.cancel_token.set()
            raise


class Jobs:
    """Runs jobs as owned tasks (:class:`~desktop.tasks.TaskOwner`), turning their errors into words."""

    def __init__(self, tasks: TaskOwner) -> None:
        self.tasks = tasks

    def run(
        self,
        name: str,
        work: Callable[[Job], Coroutine[Any, Any, Any]],
        *,
        on_error: Callable[[str], None],
        on_progress: Callable[[Any], None] | None = None,
        on_cancelled: Callable[[str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        describe: Callable[[BaseException], str] = words,
    ) -> Job:
        """Start ``work(job)`` as task ``name`` (an earlier one of that name is cancelled).

        An expected error (:data:`ERRORS`) goes to ``on_error`` in words (``describe``); cancelling goes to
        ``on_cancelled`` (the core's sentence); anything else is said as one sentence and logged with its traceback
        by the task owner. ``on_finished`` runs last, whatever happened.
        """
        job = Job(on_progress)
        job._loop = asyncio.get_running_loop()
        job.task = self.tasks.spawn(self._guarded(job, work, on_error, on_cancelled, on_finished, describe), name=name)
        return job

    @staticmethod
    async def _guarded(
        job: Job,
        work: Callable[[Job], Coroutine[Any, Any, Any]],
        on_error: Callable[[str], None],
        on_cancelled: Callable[[str], None] | None,
        on_finished: Callable[[], None] | None,
        describe: Callable[[BaseException], str],
    ) -> None:
        try:
            await work(job)
        except Cancelled as exc:
            if on_cancelled is not None:
                on_cancelled(str(exc))
        except ERRORS as exc:
            job.error = exc
            on_error(describe(exc))
        except Exception:
            on_error(unexpected())
            raise  # the task owner logs it with the traceback
        finally:
            if on_finished is not None:
                on_finished()
