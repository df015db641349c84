"""HTTPS to providers trusts what the operating system trusts (truststore), over a real loopback TLS server.

The test controls "the system trust store": on Linux truststore reads OpenSSL's default locations at each new
connection, and SSL_CERT_FILE points those at a bundle the test writes. A company proxy's root certificate that IT
installs there is what these tests stand for.
"""

from __future__ import annotations

import http.server
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import trustme

from desktop.providers.errors import TlsError
from desktop.providers.http import HttpLayer, HttpOptions, RetryMode
from tests.helpers.providers import FakeClock


@contextmanager
def https_server(ca: trustme.CA) -> Iterator[str]:
    """A loopback HTTPS server that answers every GET with 200 "ok", its certificate issued by ``ca``; yields its
    base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def install_in_system_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ca: trustme.CA) -> None:
    """Make ``ca`` the system's trusted root, as IT installing a proxy's certificate would."""
    bundle = tmp_path / "system-roots.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))


async def ping(http: HttpLayer) -> int:
    response = await http.send(lambda: http.build_request("GET", "ping"), op="ping", mode=RetryMode.READ)
    return response.status_code


async def test_a_certificate_from_a_root_the_system_trusts_is_accepted(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clock: FakeClock) -> None:
    """The root is installed after the client was made: the store is read when a connection opens, as the OS
    keeps it, not copied from certifi's list (which never holds this root) when the client was built."""
    ca = trustme.CA()
    with https_server(ca) as url:
        http = HttpLayer("vbot", url, options=HttpOptions(min_interval=0), timing=clock.timing)
        install_in_system_store(monkeypatch, tmp_path, ca)
        try:
            assert await ping(http) == 200
        finally:
            await http.aclose()


async def test_a_certificate_from_an_unknown_root_is_refused_in_words(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clock: FakeClock) -> None:
    install_in_system_store(monkeypatch, tmp_path, trustme.CA())
    with https_server(trustme.CA()) as url:
        http = HttpLayer("vbot", url, options=HttpOptions(min_interval=0), timing=clock.timing)
        try:
            with pytest.raises(TlsError) as refused:
                await ping(http)
        finally:
            await http.aclose()
    message = str(refused.value)
    assert message.startswith("The secure connection to VBot (127.0.0.1) failed: its certificate could not be "
                              "verified.")
    assert "ask IT to install its certificate on this computer" in message
    assert "CERTIFICATE_VERIFY_FAILED" not in message  # OpenSSL's words are for the log only
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.detail
    assert clock.sleeps == []  # refused at once: asking again cannot make the certificate trusted
