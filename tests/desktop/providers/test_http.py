"""The shared HTTP layer: which failures are retried, how long it waits, pacing, and the http:// rule."""

from __future__ import annotations

import asyncio
import logging
import ssl
from email.utils import formatdate

import httpx
import pytest
import truststore

from desktop.logs import setup_logging
from desktop.providers.errors import ConfigError, TlsError, UnreachableError
from desktop.providers.http import AMBIGUOUS, HttpLayer, HttpOptions, RetryMode, RetryPolicy, check_url_allowed
from tests.helpers.providers import FakeClock, Script, reply

BASE = "https://api.example.test/v1"


def layer(script: Script, clock: FakeClock, **options: object) -> HttpLayer:
    return HttpLayer("vbot", BASE, options=HttpOptions(min_interval=0, **options), timing=clock.timing,
                     transport=script.transport)


async def get(http: HttpLayer, mode: RetryMode = RetryMode.READ, **kw: object) -> httpx.Response:
    return await http.send(lambda: http.build_request("GET", "thing"), op="thing", mode=mode, **kw)


async def test_5xx_is_retried_with_exponential_backoff_for_reads(clock: FakeClock) -> None:
    script = Script(reply(503), reply(502), reply(200, {"ok": 1}))
    response = await get(layer(script, clock), RetryMode.READ)
    assert response.json() == {"ok": 1}
    assert len(script.requests) == 3
    # base 0.5 s, doubling, equal jitter with random() = 0.5 → 75 % of the ceiling
    assert clock.sleeps == [0.375, 0.75]
    assert response.extensions[AMBIGUOUS] is True


async def test_429_waits_as_long_as_retry_after_says(clock: FakeClock) -> None:
    script = Script(reply(429, headers={"Retry-After": "7"}), reply(200, {}))
    await get(layer(script, clock))
    assert clock.sleeps == [7.0]


async def test_retry_after_as_http_date(clock: FakeClock) -> None:
    script = Script(reply(429, headers={"Retry-After": formatdate(clock.wall + 12, usegmt=True)}), reply(200, {}))
    await get(layer(script, clock))
    assert 11.0 <= clock.sleeps[0] <= 12.0


async def test_a_retry_after_beyond_the_cap_is_not_waited_out(clock: FakeClock) -> None:
    script = Script(reply(429, headers={"Retry-After": "3600"}))
    response = await get(layer(script, clock))
    assert response.status_code == 429
    assert clock.sleeps == [] and len(script.requests) == 1


async def test_retries_stop_after_the_policy_attempts(clock: FakeClock) -> None:
    script = Script(reply(500))
    response = await get(layer(script, clock, retry=RetryPolicy(attempts=3)))
    assert response.status_code == 500
    assert len(script.requests) == 3


async def test_plain_writes_are_never_resent_after_they_may_have_arrived(clock: FakeClock) -> None:
    script = Script(reply(503), reply(200, {}))
    response = await get(layer(script, clock), RetryMode.WRITE)
    assert response.status_code == 503 and len(script.requests) == 1

    dropped = Script(httpx.RemoteProtocolError("peer closed"), reply(200, {}))
    with pytest.raises(UnreachableError, match="dropped the connection"):
        await get(layer(dropped, clock), RetryMode.WRITE)
    assert len(dropped.requests) == 1


async def test_keyed_writes_are_resent_after_a_dropped_connection(clock: FakeClock) -> None:
    script = Script(httpx.RemoteProtocolError("peer closed"), reply(200, {"ok": 1}))
    response = await get(layer(script, clock), RetryMode.KEYED_WRITE)
    assert response.json() == {"ok": 1} and response.extensions[AMBIGUOUS] is True


async def test_a_connect_failure_is_retried_even_for_plain_writes(clock: FakeClock) -> None:
    """Nothing reached the provider, so nothing can have been dialled."""
    script = Script(httpx.ConnectError("refused"), reply(200, {}))
    response = await get(layer(script, clock), RetryMode.WRITE)
    assert response.status_code == 200 and response.extensions[AMBIGUOUS] is False


async def test_transport_failures_become_typed_errors(clock: FakeClock) -> None:
    with pytest.raises(UnreachableError, match="could not be reached") as caught:
        await get(layer(Script(httpx.ConnectError("refused")), clock, retry=RetryPolicy(attempts=2)))
    assert "Check the internet connection" in str(caught.value)
    with pytest.raises(UnreachableError, match="did not answer in time"):
        await get(layer(Script(httpx.ReadTimeout("slow")), clock, retry=RetryPolicy(attempts=1)))
    tls = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    script = Script(tls)
    with pytest.raises(TlsError, match="certificate"):
        await get(layer(script, clock))
    assert len(script.requests) == 1, "a certificate problem is not retried"


async def test_transient_body_is_retried_for_reads_only(clock: FakeClock) -> None:
    busy = reply(200, {"retCode": 7})
    script = Script(busy, reply(200, {"retCode": 0}))
    response = await get(layer(script, clock), transient=lambda r: r.json()["retCode"] == 7)
    assert response.json() == {"retCode": 0}
    write = Script(busy, reply(200, {"retCode": 0}))
    response = await get(layer(write, clock), RetryMode.WRITE, transient=lambda r: r.json()["retCode"] == 7)
    assert response.json() == {"retCode": 7}


async def test_at_most_five_requests_in_flight(clock: FakeClock) -> None:
    in_flight = 0
    peak = 0
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await release.wait()
        in_flight -= 1
        return reply(200, {})

    http = HttpLayer("vbot", BASE, options=HttpOptions(min_interval=0), timing=clock.timing,
                     transport=httpx.MockTransport(handler))
    tasks = [asyncio.create_task(get(http)) for _ in range(12)]
    for _ in range(20):
        await asyncio.sleep(0)
    assert in_flight == 5
    release.set()
    await asyncio.gather(*tasks)
    assert peak == 5


async def test_minimum_interval_between_request_starts(clock: FakeClock) -> None:
    script = Script(reply(200, {}))
    http = HttpLayer("vbot", BASE, options=HttpOptions(min_interval=0.25), timing=clock.timing,
                     transport=script.transport)
    for _ in range(3):
        await get(http)
    assert clock.sleeps == [0.25, 0.25]


def test_plain_http_only_to_loopback_unless_allowed() -> None:
    for url in ("http://127.0.0.1:8000/x", "http://localhost/x", "http://[::1]:9/x", "https://vbot.vn"):
        check_url_allowed(url, provider="vbot", allow_insecure_http=False)
    with pytest.raises(ConfigError, match="not encrypted"):
        check_url_allowed("http://open-api.vbot.vn/v3.0", provider="vbot", allow_insecure_http=False)
    check_url_allowed("http://10.0.0.5/api", provider="vbot", allow_insecure_http=True)
    with pytest.raises(ConfigError, match="not a web address"):
        check_url_allowed("ftp://x/y", provider="vbot", allow_insecure_http=True)


async def test_tls_verification_is_on_against_the_system_trust_store(clock: FakeClock) -> None:
    """The OS's roots (truststore), not certifi's: see test_trust_store.py for real connections."""
    http = HttpLayer("vbot", BASE, timing=clock.timing)
    context = http.client._transport._pool._ssl_context  # the default transport's connection pool
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    await http.aclose()


async def test_secrets_never_reach_the_log_file(tmp_path, clock: FakeClock) -> None:
    secret = "s3cr3t-Api-Key-4242"
    setup_logging(tmp_path / "app.log", level=logging.DEBUG)
    try:
        script = Script(reply(500), reply(200, {"echo": secret}))
        http = HttpLayer("bizphone", BASE, options=HttpOptions(min_interval=0), timing=clock.timing,
                         transport=script.transport, secrets=[secret])
        response = await http.send(
            lambda: http.client.build_request("POST", "call", json={"key": secret},
                                              headers={"x-credential-api-key": secret}),
            op="call", mode=RetryMode.KEYED_WRITE)
        logging.getLogger("httpx").warning("request headers: %s", response.request.headers)
        logging.getLogger("test").error("body was %s", response.request.content.decode())
        assert script.requests[0].headers["x-credential-api-key"] == secret, "the secret was really sent"
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    text = (tmp_path / "app.log").read_text(encoding="utf-8")
    assert "body was" in text and "retry 1" in text
    assert secret not in text


@pytest.mark.parametrize("path", ["thing", "/thing", "a/b?x=1&y=%C3%A1", "status/abc%2Fdef",
                                  "https://files.example.test/rec.wav"])
async def test_build_request_joins_paths_exactly_as_httpx_does(clock: FakeClock, path: str) -> None:
    http = layer(Script(), clock)
    assert http.build_request("GET", path).url == http.client.build_request("GET", path).url
    assert http.build_request("GET", path).url == http.build_request("GET", path).url  # the cached answer
