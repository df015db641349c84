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
# Reverse-DNS id: the Linux desktop entry and AppStream component (packaging/linux/<id>.desktop, .metainfo.xml) and
# the macOS bundle; the window announces it so the desktop matches the window to its entry.
APP_RDNS_ID = "vn.autocall.desk"
