"""Autocall Desk core: everything that runs without a screen.

Nothing in this package imports PySide6 or ``ui``; tests/test_layers.py enforces it, so the whole core can
run headless in tests, in the ``autocall`` command-line tool and in the simulator.
"""

#: pyproject.toml's version, kept here as well so that starting the app reads no package metadata (scanning the
#: installed packages cost a start tens of milliseconds); tests/desktop/test_version.py checks that the two agree.
__version__ = "0.1.0"

APP_NAME = "Autocall Desk"
APP_ID = "autocall-desk"
# Reverse-DNS id: the Linux desktop entry and AppStream component (packaging/linux/<id>.desktop, .metainfo.xml) and
# the macOS bundle; the window announces it so the desktop matches the window to its entry.
APP_RDNS_ID = "vn.autocall.desk"
