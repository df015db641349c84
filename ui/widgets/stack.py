"""Showing one page of a QStackedWidget without the room of the others."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget


def show_page(stack: QStackedWidget, shown: QWidget) -> None:
    """Show ``shown``; the hidden pages ask for no room, so the stack is as big as the page shown, not as its biggest
    page (one provider's wide editor would otherwise widen every provider's form)."""
    for index in range(stack.count()):
        page = stack.widget(index)
        policy = QSizePolicy.Policy.Preferred if page is shown else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    stack.setCurrentWidget(shown)
    stack.adjustSize()
