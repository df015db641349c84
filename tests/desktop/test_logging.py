"""Secrets never reach the log file: field-shaped secrets are masked, and so are registered secret values."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest

from desktop.logs import MASK, REDACTOR, Redactor, log_on_first_record, setup_logging


@pytest.mark.parametrize(
    "line, secret",
    [
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc", "eyJhbGciOiJIUzI1NiJ9.abc"),
        ("headers={'X-API-Key': 'k-9f8e7d6c'}", "k-9f8e7d6c"),
        ('{"x-credential-api-key": "bz-1234abcd"}', "bz-1234abcd"),
        ("sign: 9A0B1C2D3E4F", "9A0B1C2D3E4F"),
        ("username=op1&password=Mật-khẩu-123&grant_type=password", "Mật-khẩu-123"),
        ('{"access_token": "tok-aaa", "refresh_token": "tok-bbb"}', "tok-aaa"),
        ('{"access_token": "tok-aaa", "refresh_token": "tok-bbb"}', "tok-bbb"),
        ("secretKey=nx-secret-777 uuid=abc", "nx-secret-777"),
        ("[(b'sign', b'ABCDEF0123')]", "ABCDEF0123"),
    ],
)
def test_field_shaped_secrets_are_masked(line: str, secret: str) -> None:
    redacted = Redactor()(line)
    assert secret not in redacted
    assert MASK in redacted


def test_registered_secret_is_masked_anywhere() -> None:
    redactor = Redactor()
    redactor.register("hunter2-long-secret")
    assert redactor("body was hunter2-long-secret!") == f"body was {MASK}!"
    assert redactor("uuid=abc123") == "uuid=abc123"  # non-secret fields stay readable


class _Echo(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"access_token": "server-issued-token-xyz", "expires_in": 899}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_secret_sent_over_http_with_debug_logging_never_reaches_the_file(tmp_path: Path, echo_server: str) -> None:
    """httpx and httpcore at DEBUG log request headers and response bodies; the file must hold none of them."""
    log_file = tmp_path / "logs" / "autocall.log"
    setup_logging(log_file, level=logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    logging.getLogger("httpcore").setLevel(logging.DEBUG)
    password = "Pa55-known-secret-Đ"
    REDACTOR.register(password)
    with httpx.Client() as client:
        response = client.post(
            f"{echo_server}/token",
            data={"username": "op1", "password": password, "grant_type": "password"},
            headers={"X-API-Key": "apikey-known-secret-1", "Authorization": "Bearer bearer-known-secret-2"},
        )
    logging.getLogger("test").debug("sent %s with %r", response.request.headers, response.request.content)
    logging.getLogger("test").info("reply %s", response.text)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "POST" in text and "/token" in text  # the request really was logged
    for secret in (password, "apikey-known-secret-1", "bearer-known-secret-2", "server-issued-token-xyz"):
        assert secret not in text


def test_a_commands_log_file_is_looked_up_at_its_first_record_and_its_lines_are_redacted(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "autocall.log"
    asked: list[Path] = []
    log_on_first_record(lambda: asked.append(log_file) or log_file)
    logging.getLogger("test").debug("below the level: not a record")
    assert asked == [] and not log_file.parent.exists()
    logging.getLogger("test").info("first password=first-known-secret")
    logging.getLogger("test").warning("second")
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert asked == [log_file] and len(lines) == 2
    assert lines[0].endswith(f"INFO    test: first password={MASK}") and lines[1].endswith("WARNING test: second")


def test_a_log_file_that_cannot_be_opened_drops_the_records_quietly(tmp_path: Path, capsys) -> None:
    (tmp_path / "taken").write_text("a file where the log folder should be", encoding="utf-8")
    log_on_first_record(lambda: tmp_path / "taken" / "autocall.log")
    logging.getLogger("test").error("nowhere to go")
    assert capsys.readouterr() == ("", "")
