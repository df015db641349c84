"""How the app presents itself to the desktop: the desktop entry it belongs to and the icon on its windows."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon

from desktop import APP_RDNS_ID
from ui.platform.resources import resource_path


def app_icon() -> QIcon:
    """The application icon in every size shipped in resources/icons (window title bar, task bar, dock)."""
    icon = QIcon()
    for path in sorted(resource_path("icons").glob("autocall-desk-*.png")):
        icon.addFile(str(path))
    return icon


def announce_identity(app: QGuiApplication) -> None:
    """Name the desktop entry (packaging/linux/<id>.desktop; the Wayland app id, _GTK_APPLICATION_ID on X11), so the
    desktop shows our windows under its name and icon, and give every window the bundled icon."""
    app.setDesktopFileName(APP_RDNS_ID)
    app.setWindowIcon(app_icon())
