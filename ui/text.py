"""Filling a translated sentence: ``arg(self.tr("Saved %1 of %2."), saved, total)``, Qt's ``QString::arg`` for
Python strings. Every ``%n`` is replaced at once, so a value that itself contains ``%2`` is left alone."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

#: ``translate("Context", "text")`` outside a QObject method: lupdate extracts the call with that context, and the
#: same context is looked up at run time (a ``tr()`` there would be extracted with no context and never match).
translate = QCoreApplication.translate

_PLACE = re.compile(r"%([1-9])")


def arg(text: str, *values: object) -> str:
    """``text`` with ``%1``… ``%9`` replaced by ``values`` in order (``str()`` of each); other ``%`` stay."""

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(values[number - 1]) if number <= len(values) else match.group(0)

    return _PLACE.sub(value, text)
