"""Benchmark: a 10,000-contact status update applied to the Monitor's table model of 100,000 rows.

Targets (issue 21): ≤ 25 ms per update in every case, longest loop stall ≤ 30 ms. The model is shown in a QTableView
(offscreen) on the qasync loop, as in the app. Each run applies one poll's ``changed`` list the way the poller
delivers it (one list of CallUpdate in call-id order) to 10,000 rows spread over the table, and measures the model
update (median of the runs) and the longest event-loop stall while it happens: a 1 ms QTimer records the largest gap
between its ticks, which includes the view's repaint. Cases: no filter; the table sorted by phone (the changed rows
scattered); and the "Waiting / in progress" filter, where every changed row leaves the filter (a relayout).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_monitor.py [--rows 100000] [--changed 10000] [--repeat 7]

Measured with --repeat 5 while eight helpers loaded the 2-core machine (load average 7: every figure is about ten
times what the unloaded machine gives, where the issue measured 10.6 ms unfiltered and 47 ms / 51 ms stall with the
filter), the model before and after this change alternating in the same minutes, two rounds:

    case              update before → after (ms)     stall before → after (ms)
    no filter          105.4 →  47.9,  98.7 →  53.3   213.7 → 118.1, 178.4 → 125.0
    sorted by phone    143.1 →  46.3, 154.0 →  81.6   234.1 → 110.2, 249.3 → 146.5
    filter: waiting    304.5 → 156.4, 380.1 →  92.6   306.1 → 167.7, 387.0 →  95.8

Scaled to the issue's unloaded figures that is about 5 ms unfiltered and 12-20 ms with the filter, within the
targets; the unloaded run that would show it could not be had today. What changed: the call id → row index is built
only when a lookup needs it (a relayout no longer builds it; rows leaving the filter need none); more than
MAX_RANGES changed rows are announced as one range without looking up their rows; whether a row crosses the filter
is tested on the row itself, and no longer once the first one has.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.campaigns.repository import CallPerson, CallUpdate
from ui.monitor.table_model import PHONE, WAITING, CallTableModel, build_rows
from ui.widgets.tables import record_table

OUTCOMES = ("answered", "no_answer", "busy", "rejected", "failed")


def table(rows: int) -> tuple[list[CallUpdate], list[CallPerson]]:
    updates = [CallUpdate(i, "ringing", "call_state=ringing", None, None, None, None, "sent") for i in range(rows)]
    people = [CallPerson(i, f"+849{random.randrange(10**8):08d}", f"Nguyễn Văn {i}", "2026-06-01T08:00:00.000Z")
              for i in range(rows)]
    return updates, people


def poll(rows: int, changed: int, run: int) -> list[CallUpdate]:
    """``changed`` contacts spread over the table, each reaching a final outcome, in call-id order."""
    chosen = sorted(random.Random(run).sample(range(rows), changed))
    return [CallUpdate(i, OUTCOMES[(i + run) % 5], f"termSipCode={200 + run}", 12.0 + run, 350.0, f"rec/{i}", None,
                       "sent") for i in chosen]


class StallMeter:
    """The largest gap between ticks of a 1 ms timer: how long the loop could not run anything else."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


UPDATE_TARGET_MS, STALL_TARGET_MS = 25, 30


async def case(name: str, model: CallTableModel, base: list, args: argparse.Namespace) -> tuple[float, float]:
    meter = StallMeter()
    times, stalls = [], []
    for run in range(args.repeat):
        model.set_rows(build_rows(*base))
        if name == "sorted by phone":
            model.sort(PHONE)
        model.set_filter([WAITING] if name == "filter: waiting" else ())
        changed = poll(args.rows, args.changed, run)
        await asyncio.sleep(0.05)  # the view settles after the reset
        meter.start()
        await asyncio.sleep(0.02)
        started = time.perf_counter()
        model.apply(changed, time.time())
        times.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.1)  # the repaint happens in here
        stalls.append(meter.stop() * 1000)
    print(f"{name:18} update median {statistics.median(times):6.1f} ms (min {min(times):5.1f}, max {max(times):5.1f})"
          f" · longest loop stall median {statistics.median(stalls):6.1f} ms (max {max(stalls):5.1f})"
          f" · rows shown {model.rowCount():,}")
    return statistics.median(times), statistics.median(stalls)


async def main(args: argparse.Namespace) -> None:
    random.seed(7)
    model = CallTableModel()
    view = record_table(model, "monitorTable", "bench")  # the Monitor's table, its rows one line high
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.resize(1200, 700)
    view.show()
    base = table(args.rows)
    print(f"{args.rows:,} rows, {args.changed:,} changed per update, {args.repeat} runs; "
          f"Python {sys.version.split()[0]}")
    results = [await case(name, model, base, args) for name in ("no filter", "sorted by phone", "filter: waiting")]
    update, stall = max(u for u, _ in results), max(s for _, s in results)
    met = update <= UPDATE_TARGET_MS and stall <= STALL_TARGET_MS
    print(f"worst case: update {update:.1f} ms, stall {stall:.1f} ms (target ≤ {UPDATE_TARGET_MS} ms, "
          f"≤ {STALL_TARGET_MS} ms) {'met' if met else 'NOT met'}")
    print("command: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_monitor.py "
          f"--rows {args.rows} --changed {args.changed} --repeat {args.repeat}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--changed", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    qasync.run(main(options))
