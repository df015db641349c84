"""The throwaway PostgreSQL server the team-mode tests run against (tests/helpers/postgres.py) is real: a 15+
server on loopback that lets in only the password it was made with."""

from __future__ import annotations

import psycopg
import pytest

from tests.helpers.postgres import PostgresServer


def test_the_server_is_postgresql_15_or_newer_on_loopback(postgres_server: PostgresServer,
                                                          postgres_database: str) -> None:
    with psycopg.connect(postgres_server.conninfo(postgres_database)) as db:
        version = db.execute("SHOW server_version_num").fetchone()[0]
        listens = db.execute("SHOW listen_addresses").fetchone()[0]
    assert int(version) >= 150000
    assert listens == "127.0.0.1"


def test_a_wrong_password_is_refused(postgres_server: PostgresServer) -> None:
    wrong = postgres_server.conninfo().replace(postgres_server.password, "not-the-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong).close()
