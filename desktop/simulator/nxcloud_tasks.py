"""NXCLOUD Callbot tasks and orders: the state machine behind the HTTP operations in nxcloud.py.

Task states are the documented 1 pending start · 2 in progress · 3 completed · 4 ended · 5 paused.
What drives them:
- ``startupType`` 3 starts at creation, 2 at ``startupAt`` (seconds), 1 only through ``mgrTaskStatus``;
- ``mgrTaskStatus`` 1 starts or resumes, 2 pauses (calls not yet started go back to waiting), 3 completes;
- a running task without ``taskKeep`` completes (3) once every order is finished;
- [UNDOC] choice: state 4 is a task completed by ``mgrTaskStatus`` while numbers were still undialled.
Orders are dialled ``maxCall`` at a time, only inside the calling window (``dialAtWeekDay`` and half-hour
slots in the task's ``zoneSecond`` time zone; an empty list allows all). ``roundRedial`` dials an unanswered
order once more after the round, ``nxcloud_redial_gap`` seconds later at the earliest.

Everything is computed lazily: ``sync(now)`` brings a task up to ``now`` (start-up, redials, completion) and
queues the callbacks of what happened on the way, each due at the simulated moment it happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.simulator.calls import Call, Dialler, Outcome

PENDING, RUNNING, COMPLETED, ENDED, PAUSED = 1, 2, 3, 4, 5
SLOT = 1800  # half an hour
DIAL_DELAY = 1.0  # seconds between an order being queued and its line being seized
WEEK_SLOTS = 7 * 48


@dataclass
class CallingWindow:
    """When a task may dial: weekdays 1..7 (Monday = 1) and half-hour slots, in local time ``zone``."""

    weekdays: frozenset[int]
    up_hours: frozenset[int]  # h allows h:00-h:30
    down_hours: frozenset[int]  # h allows h:30-(h+1):00
    zone: int

    def allows_slot(self, weekday: int, slot: int) -> bool:
        hour, second_half = divmod(slot, 2)
        hours = self.down_hours if second_half else self.up_hours
        return weekday in self.weekdays and hour in hours

    def next_open(self, moment: float) -> float | None:
        """``moment`` if calls are allowed then, else the start of the next allowed slot (None: never)."""
        local = moment + self.zone
        slot_start = local - local % SLOT
        for step in range(WEEK_SLOTS + 1):
            start = slot_start + step * SLOT
            day = int(start // 86400)
            weekday = (day + 3) % 7 + 1  # 1970-01-01 was a Thursday
            if self.allows_slot(weekday, int(start % 86400) // SLOT):
                return moment if step == 0 else start - self.zone
        return None


@dataclass(eq=False)
class Order:
    order_id: str
    phone: str
    other: str
    user_name: str
    customer_name: str
    params: list[dict]
    added_at: float
    plans: list[Call]  # the first attempt and, drawn up front for determinism, a possible redial
    calls: list[Call] = field(default_factory=list)  # attempts actually queued, in order
    stopped: bool = False
    deleted: bool = False
    reported_calls: int = 0
    reported_finish: bool = False

    def dialled(self) -> bool:
        return any(c.start_at is not None for c in self.calls)

    def waiting(self) -> bool:
        """Accepted, not stopped, and its next attempt has no line yet."""
        return not self.stopped and not self.deleted and (not self.calls or self.calls[-1].start_at is None)

    def finished(self, now: float) -> bool:
        """No attempt is in progress or still to come (a redial is appended by sync before anyone reads)."""
        if self.deleted:
            return True
        in_progress = any(c.start_at is not None and not c.ended(now) for c in self.calls)
        if self.stopped:
            return not in_progress
        return bool(self.calls) and all(c.start_at is not None for c in self.calls) and not in_progress

    def needs_redial(self, now: float, enabled: bool) -> bool:
        """True when ``enabled`` and the only attempt so far ended unanswered."""
        if not enabled or self.stopped or len(self.calls) != 1 or len(self.plans) < 2:
            return False
        first = self.calls[0]
        return first.ended(now) and first.outcome is not Outcome.ANSWERED

    def last_call(self) -> Call | None:
        started = [c for c in self.calls if c.start_at is not None]
        return started[-1] if started else None


@dataclass(eq=False)
class Task:
    user_task_id: str
    task_id: str
    scene_id: str
    name: str
    setting: dict
    func_flag: dict
    window: CallingWindow
    max_ring: float
    created_at: float
    task_callback_url: str = ""
    order_callback_url: str = ""
    call_callback_url: str = ""
    status: int = PENDING
    orders: dict[str, Order] = field(default_factory=dict)
    importing_until: float = 0.0
    dialler: Dialler = field(default_factory=lambda: Dialler(1))

    @property
    def startup_type(self) -> int:
        return int(self.setting["startupType"])

    @property
    def redial(self) -> bool:
        return bool(self.func_flag.get("roundRedial"))

    def live_orders(self) -> list[Order]:
        return [o for o in self.orders.values() if not o.deleted]

    def stat(self, now: float) -> dict:
        orders = self.live_orders()
        calls = [c for o in orders for c in o.calls if c.ended(now)]
        answered_orders = sum(1 for o in orders if any(c.ended(now) and c.outcome is Outcome.ANSWERED for c in o.calls))
        finished = sum(1 for o in orders if o.finished(now))
        answered_calls = sum(1 for c in calls if c.outcome is Outcome.ANSWERED)
        return {
            "answerOrderCount": answered_orders,
            "finishOrderCount": finished,
            "totalOrderCount": len(orders),
            "finishRate": round(finished / len(orders), 2) if orders else 0.0,
            "totalAnswerCall": answered_calls,
            "totalCall": len(calls),
            "answerRate": round(answered_calls / len(calls), 2) if calls else 0.0,
        }


# Receives what happened while syncing: ("task", task, None, at), ("call", task, (order, call), at) or
# ("order", task, (order, last call or None), at).
Emit = Callable[[str, Task, "tuple[Order, Call | None] | None", float], None]


class TaskEngine:
    """Applies the rules above to tasks; ``emit`` receives each event as it is discovered."""

    def __init__(self, emit: Emit, redial_gap: float) -> None:
        self.emit = emit
        self.redial_gap = redial_gap

    def set_status(self, task: Task, status: int, at: float) -> None:
        if task.status != status:
            task.status = status
            self.emit("task", task, None, at)

    def start(self, task: Task, at: float) -> None:
        self.set_status(task, RUNNING, at)
        self.queue_waiting(task, at)

    def queue_waiting(self, task: Task, base: float) -> None:
        """Give every waiting order of a running task its place in the line queue."""
        if task.status != RUNNING:
            return
        for order in task.orders.values():
            if order.waiting():
                call = order.calls[-1] if order.calls else order.plans[0]
                if not order.calls:
                    order.calls.append(call)
                self._schedule(task, call, max(base, order.added_at) + DIAL_DELAY)

    def _schedule(self, task: Task, call: Call, not_before: float) -> None:
        # The window always opens somewhere: creation refuses a window with no slot at all.
        task.dialler.schedule(call, not_before, align=lambda t: task.window.next_open(t) or t)

    def pause(self, task: Task, at: float) -> None:
        task.dialler.release(at)
        self.set_status(task, PAUSED, at)

    def complete(self, task: Task, at: float, delete_undialled: bool) -> None:
        task.dialler.release(at)
        undialled = [o for o in task.live_orders() if not o.dialled()]
        for order in task.live_orders():
            if order.waiting():
                order.stopped = True
                order.deleted = delete_undialled and not order.dialled()
        self.set_status(task, ENDED if undialled and not delete_undialled else COMPLETED, at)

    def stop_orders(self, task: Task, orders: list[Order], at: float, delete: bool) -> None:
        """Irreversible: attempts not started by ``at`` are cancelled; one in progress runs to its end."""
        owned = {id(c) for o in orders for c in o.calls}
        task.dialler.release(at, lambda call: id(call) in owned)
        for order in orders:
            order.stopped = True
            order.deleted = delete and not order.dialled()

    def sync(self, task: Task, now: float) -> None:
        if task.status == PENDING and task.startup_type == 2 and float(task.setting["startupAt"]) <= now:
            self.start(task, float(task.setting["startupAt"]))
        for order in task.orders.values():
            self._sync_order(task, order, now)
        orders = task.live_orders()
        if task.status == RUNNING and orders and not task.func_flag.get("taskKeep"):
            if all(o.finished(now) for o in orders):
                last = max((c.end_at or 0.0 for o in orders for c in o.calls), default=now)
                self.set_status(task, COMPLETED, min(max(last, 0.0), now))

    def _sync_order(self, task: Task, order: Order, now: float) -> None:
        while order.reported_calls < len(order.calls) and order.calls[order.reported_calls].ended(now):
            call = order.calls[order.reported_calls]
            order.reported_calls += 1
            self.emit("call", task, (order, call), call.end_at or now)
            if order.needs_redial(now, task.redial):
                redial = order.plans[1]
                order.calls.append(redial)
                if task.status == RUNNING:
                    self._schedule(task, redial, (call.end_at or now) + self.redial_gap)
        if not order.reported_finish and order.finished(now) and not order.deleted:
            order.reported_finish = True
            ended = [c.end_at for c in order.calls if c.end_at is not None]
            self.emit("order", task, (order, order.last_call()), max(ended) if ended else now)
