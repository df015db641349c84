"""arg() fills a translated sentence the way QString::arg does."""

from __future__ import annotations

from ui.text import arg


def test_places_are_filled_at_once_and_others_kept() -> None:
    assert arg("%1 of %2 calls finished (%p%)", "3", 4) == "3 of 4 calls finished (%p%)"
    assert arg("“%1” was not added: %2", "50%2 off", "no number") == "“50%2 off” was not added: no number"
    assert arg("%2 before %1", "a", "b") == "b before a"
    assert arg("missing %3", "a") == "missing %3"
