"""Fixtures for the server's tests: the campaign engine's environment (a simulator on loopback with a manual clock, a
store with the demo accounts; on PostgreSQL too for modules marked ``ON_BOTH_ENGINES``), polled a few times a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.server.credentials import PASSWORD_FILE_ENV
from tests.desktop.campaigns.conftest import env  # noqa: F401 - a fixture, used by ``quick``
from tests.helpers.campaigns import Env, quick_engine


@pytest.fixture
def quick(env: Env, request: pytest.FixtureRequest, tmp_path: Path,  # noqa: F811 - the fixture imported above
          monkeypatch: pytest.MonkeyPatch) -> Env:
    """The server polls in its own process, on a machine shared with other tests: a few polls a second. On
    PostgreSQL, a server started by the test finds the database in ``AUTOCALL_DATABASE_URL`` and its password in
    the file ``AUTOCALL_DATABASE_PASSWORD_FILE`` names, as a systemd unit gives them."""
    quick_engine(env.store, poll_fast_seconds=0.2, poll_slow_seconds=0.5)
    if env.store.engine == "postgresql":
        password = tmp_path / "database-password"
        password.write_text(request.getfixturevalue("postgres_server").password + "\n")
        monkeypatch.setenv("AUTOCALL_DATABASE_URL", env.store.url)
        monkeypatch.setenv(PASSWORD_FILE_ENV, str(password))
    return env
