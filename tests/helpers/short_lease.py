"""``python -m tests.helpers.short_lease ARGS...`` is ``python -m tests.helpers.moved_clock ARGS...`` (the ``autocall``
command with the test's engine clock) with the campaign lease good for ``$AUTOCALL_LEASE_SECONDS`` and renewed four
times as often, so a test waits a few seconds, not twenty, for a killed holder's lease to expire."""

from __future__ import annotations

import os
import runpy

LEASE_ENV = "AUTOCALL_LEASE_SECONDS"


def environment(lease_seconds: float, clock_offset: float = 0.0) -> dict[str, str]:
    """The subprocess's environment: the lease shortened to ``lease_seconds``, the engine clock moved on."""
    from tests.helpers import moved_clock

    return {**moved_clock.environment(clock_offset), LEASE_ENV: repr(lease_seconds)}


if __name__ == "__main__":
    from desktop.campaigns import lease

    lease.LEASE_SECONDS = float(os.environ[LEASE_ENV])
    lease.RENEW_SECONDS = lease.LEASE_SECONDS / 4
    runpy.run_module("tests.helpers.moved_clock", run_name="__main__", alter_sys=True)
