"""Help → About: the version and where the app keeps its data (what support asks for first)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME, __version__
from desktop.paths import AppPaths
from ui.text import arg, translate


def show_about(parent: QWidget, paths: AppPaths) -> None:
    box = QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle(arg(translate("AboutDialog", "About %1"), APP_NAME))
    box.setText(f"<h3>{APP_NAME} {__version__}</h3>")
    box.setInformativeText(
        arg(translate("AboutDialog", "Automatic outbound call campaigns through VBot, NXCLOUD Callbot and BizPhone "
                                     "Robo call.<br><br>Data: %1<br>Logs: %2"), paths.data_dir, paths.log_dir)
    )
    box.setIcon(QMessageBox.Icon.Information)
    box.open()
