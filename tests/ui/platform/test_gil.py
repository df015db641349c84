"""The window's loop takes the GIL back from a busy worker thread within a millisecond, not CPython's five."""

from __future__ import annotations

import sys

import pytest

from ui.platform.gil import LOOP_SWITCH_INTERVAL, favour_the_loop


def test_favouring_the_loop_shortens_the_switch_interval() -> None:
    default = sys.getswitchinterval()
    try:
        favour_the_loop()
        assert sys.getswitchinterval() == pytest.approx(LOOP_SWITCH_INTERVAL)
        assert LOOP_SWITCH_INTERVAL < default
    finally:
        sys.setswitchinterval(default)
