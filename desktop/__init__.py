"""Autocall Desk core: everything that runs without a screen.

Nothing in this package imports PySide6 or ``ui``; tests/test_layers.py enforces it, so the whole core can
run headless in tests, in the ``autocall`` command-line tool and in the simulator.
"""

from importlib import metadata

try:
    __version__ = metadata.version("autocall-desk")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "Autocall Desk"
APP_ID = "autocall-desk"
