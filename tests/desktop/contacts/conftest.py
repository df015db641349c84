"""Fixtures for the contact import tests (file builders in tests/helpers/contacts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.contacts import SAMPLE


@pytest.fixture
def sample() -> Path:
    return SAMPLE
