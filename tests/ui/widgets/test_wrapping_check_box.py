from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets.wrapping_check_box import WrappingCheckBox

LONG = "Read each sentence in one piece (needed when the script has fields), said at great length for the test"


def test_long_text_wraps_and_the_label_acts_for_the_box(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    row = WrappingCheckBox(LONG)
    row.setObjectName("flag")
    row.setToolTip("wholeTTS")
    QVBoxLayout(root).addWidget(row)
    root.resize(220, 200)
    root.show()
    qtbot.waitExposed(root)

    assert row.minimumSizeHint().width() < 220 < row.label.fontMetrics().horizontalAdvance(LONG)
    assert row.label.height() >= row.label.heightForWidth(row.label.width())  # every wrapped line shown
    assert root.findChild(QWidget, "flag") is row.box and row.label.toolTip() == "wholeTTS"
    qtbot.mouseClick(row.label, Qt.MouseButton.LeftButton)
    assert row.box.isChecked()
    row.box.setEnabled(False)
    assert not row.label.isEnabled()
    qtbot.mouseClick(row.label, Qt.MouseButton.LeftButton)
    assert row.box.isChecked()  # a disabled option does not change
