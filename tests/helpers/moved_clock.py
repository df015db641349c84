"""``python -m tests.helpers.moved_clock ARGS...`` is ``python -m desktop ARGS...`` with the campaign engine's wall
clock (when a batch went in flight, what reconciliation compares it with) moved on by ``$AUTOCALL_CLOCK_OFFSET``
seconds, like tests.helpers.campaigns.WallClock in-process: a restarted app then sees the time a test let pass on the
simulator (calls ended, VBot's settle window over). HTTP keeps the real time (the simulator checks NXCLOUD's
signature time against it).
"""

from __future__ import annotations

import functools
import os
import runpy
import time

OFFSET_ENV = "AUTOCALL_CLOCK_OFFSET"


def environment(offset: float) -> dict[str, str]:
    """The subprocess's environment for an engine clock ``offset`` seconds ahead."""
    return {**os.environ, OFFSET_ENV: repr(offset)}


if __name__ == "__main__":
    import desktop.campaigns.journal
    import desktop.headless
    from desktop.campaigns.service import CampaignService

    _offset = float(os.environ.get(OFFSET_ENV, "0"))

    def _moved() -> float:
        return time.time() + _offset

    desktop.campaigns.journal._now = _moved  # when a batch went in flight
    desktop.headless.CampaignService = functools.partial(CampaignService, clock=_moved)  # what reconciliation asks
    runpy.run_module("desktop", run_name="__main__", alter_sys=True)
