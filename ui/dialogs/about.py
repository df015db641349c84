"""Help → About: the version and where the app keeps its data (what support asks for first)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME, __version__
from desktop.paths import AppPaths
from ui.text import arg


def show_about(parent: QWidget, paths: AppPaths) -> None:
    box = QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle(arg(parent.tr("About %1"), APP_NAME))
    box.setText(f"<h3>{APP_NAME} {__version__}</h3>")
    box.setInformativeText(
        arg(parent.tr("Outbound auto-call campaigns through VBot, NXCLOUD Callbot and BizPhone Robo call.<br><br>"
                      "Data: %1<br>Logs: %2"), paths.data_dir, paths.log_dir)
    )
    box.setIcon(QMessageBox.Icon.Information)
    box.open()
