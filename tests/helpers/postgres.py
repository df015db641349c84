"""A throwaway PostgreSQL server for the team-mode tests: its own cluster in a temporary folder, on loopback, a free
port, password authentication (scram-sha-256) and no other client allowed.

The server is started once per test session (``postgres_server``) from the PostgreSQL 15+ binaries that
scripts/ensure-system-deps.sh installs; each test that needs a database gets an empty one of its own
(``postgres_database``). Where the binaries are missing the tests are skipped, except in CI, where they fail: CI
must run them. As root the server runs as the ``postgres`` system user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.support import free_port

#: The user the tests connect as; its password is made up per session.
USER = "autocall"


@dataclass(frozen=True)
class PostgresServer:
    """A running server: where it listens and how to log in."""

    host: str
    port: int
    user: str
    password: str

    def url(self, database: str) -> str:
        """The database URL without its password, as an operator writes it in Preferences."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        """A libpq connection string with the password, for the tests' own administration."""
        return (f"host={self.host} port={self.port} user={self.user} password={self.password} "
                f"dbname={database}")


def binaries() -> Path | None:
    """The folder of the newest PostgreSQL server binaries on this machine, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start(folder: Path) -> tuple[PostgresServer, Path]:
    """Make a cluster in ``folder`` and start it; returns the server, and its data folder for stopping it."""
    bindir = binaries()
    if bindir is None:
        message = "PostgreSQL server binaries not found (scripts/ensure-system-deps.sh test installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir(parents=True)
    password = secrets.token_urlsafe(16)
    pwfile = folder / "pwfile"
    pwfile.write_text(password)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
        shutil.chown(pwfile, "postgres")
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", USER, "--pwfile", str(pwfile),
                                    "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    pwfile.unlink()
    port = free_port()
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                                    "-l", str(folder / "server.log"), "start"]),
                   check=True, capture_output=True)
    return PostgresServer("127.0.0.1", port, USER, password), data


def stop(data: Path) -> None:
    """Stop the server of the cluster in ``data`` at once (the tests' data is thrown away)."""
    bindir = binaries()
    assert bindir is not None
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                   check=False, capture_output=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole session, thrown away at its end."""
    folder = Path(tempfile.mkdtemp(prefix="autocall-pg-"))
    os.chmod(folder, 0o755)
    try:
        server, data = start(folder)
        try:
            yield server
        finally:
            stop(data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[str]:
    """The name of a new empty database on the session's server, dropped after the test."""
    import psycopg

    name = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
