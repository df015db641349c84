"""Every command works on the database ``--database URL`` names, else ``AUTOCALL_DATABASE_URL``, else the data folder's
own; a PostgreSQL server that refuses is one line and exit 4, a password written into the URL is refused."""

from __future__ import annotations

from pathlib import Path

from desktop.exits import Exit
from desktop.paths import AppPaths
from tests.desktop.test_cli import autocall, fails, ok
from tests.helpers.postgres import PostgresServer


def test_commands_use_the_database_given_by_option_or_environment(tmp_path: Path, pg_url: str,
                                                                  postgres_server: PostgresServer) -> None:
    """A server's command finds the password where libpq looks when the keyring holds none (PGPASSWORD here)."""
    login = {"PGPASSWORD": postgres_server.password}
    assert autocall("accounts", "demo", "--data-dir", tmp_path, "--database", pg_url, env=login).returncode == 0
    listed = autocall("accounts", "list", "--json", "--data-dir", tmp_path,
                      env=login | {"AUTOCALL_DATABASE_URL": pg_url})
    assert listed.returncode == 0, listed.stderr
    assert '"VBot — demo"' in listed.stdout and listed.stdout.count('"demo": true') == 3
    assert not AppPaths.under(tmp_path).database.exists()  # the data folder's own database was never made
    assert ok("accounts", "list", "--data-dir", tmp_path)["accounts"] == []  # …until asked for without a URL


def test_a_server_that_refuses_or_an_address_with_a_password_is_one_line(tmp_path: Path, pg_url: str) -> None:
    line = fails(Exit.STORAGE, "accounts", "list", "--data-dir", tmp_path, "--database", pg_url,
                 env={"PGPASSWORD": "wrong"})
    assert "did not accept the password of autocall" in line
    line = fails(Exit.USAGE, "accounts", "list", "--data-dir", tmp_path, "--database",
                 pg_url.replace("autocall@", "autocall:secret@"))
    assert "must not contain the password" in line and "secret" not in line
    line = fails(Exit.USAGE, "store", "backups", "--data-dir", tmp_path, "--database", pg_url)
    assert "its backups are the server's" in line
