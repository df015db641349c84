"""NXCLOUD signatures: vectors computed outside the code under test, the exact signed bytes sent, replies verified."""

from __future__ import annotations

import hashlib
import json
import logging

import httpx
import pytest

from desktop.providers import create_client
from desktop.providers.nxcloud import NxCloudSettings
from desktop.providers.nxcloud.client import sign
from tests.helpers.providers import FakeClock, Script, reply

SECRET, UUID = "SK-demo-123", "UUID-42"
BODY = b'{"productID":"callbot","data":"ping"}'

# Computed with `openssl dgst -md5 / -sha256` over the documented authRaw string
# SK-demo-123&body={"productID":"callbot","data":"ping"}&createTs=1700000000&requestID=req-0001&uuid=UUID-42
OPENSSL_MD5 = "B230D69D620182ECFCA3DF1C07F021FD"
OPENSSL_SHA256 = "CF54FA929D0FBD7F230A49FDB66B6810F276382E72EE4D220966E1B81519A7DD"


def documented(secret: str, body: str, ts: str, rid: str, uuid: str, digest: str) -> str:
    """The formula as the document writes it, built here by string concatenation."""
    auth_raw = secret + "&body=" + body + "&createTs=" + ts + "&requestID=" + rid + "&uuid=" + uuid
    return hashlib.new(digest, auth_raw.encode("utf-8")).hexdigest().upper()


@pytest.mark.parametrize(("algorithm", "expected"), [("MD5", OPENSSL_MD5), ("SHA256", OPENSSL_SHA256)])
def test_sign_matches_independent_vectors(algorithm: str, expected: str) -> None:
    assert sign(SECRET, BODY, "1700000000", "req-0001", UUID, algorithm) == expected
    digest = "md5" if algorithm == "MD5" else "sha256"
    assert documented(SECRET, BODY.decode(), "1700000000", "req-0001", UUID, digest) == expected


def test_sign_over_non_ascii_body() -> None:
    body = '{"userName":"Nguyễn Văn A"}'
    assert sign(SECRET, body.encode(), "1", "r", UUID, "MD5") == documented(SECRET, body, "1", "r", UUID, "md5")


def client(script: Script, clock: FakeClock, algorithm: str = "MD5", **settings: object):
    return create_client(NxCloudSettings(base_url="https://nx.example.test", uuid=UUID, algorithm=algorithm,
                                         min_interval=0, **settings),
                         {"secret_key": SECRET}, transport=script.transport, timing=clock.timing)


def signed_reply(body: dict, algorithm: str = "MD5", tamper: bool = False) -> httpx.Response:
    raw = json.dumps(body).encode()
    ts, rid = "1760000001", "resp-1"
    digest = "md5" if algorithm == "MD5" else "sha256"
    good = documented(SECRET, raw.decode(), ts, rid, UUID, digest)
    headers = {"requestID": rid, "uuid": UUID, "createTs": ts, "algorithm": algorithm,
               "sign": "0" * len(good) if tamper else good}
    return reply(200, raw, headers)


@pytest.mark.parametrize("algorithm", ["MD5", "SHA256"])
async def test_the_signed_bytes_are_the_sent_bytes(clock: FakeClock, algorithm: str, caplog) -> None:
    script = Script(signed_reply({"retCode": 0, "taskData": []}, algorithm))
    async with client(script, clock, algorithm) as nx:
        await nx.list_task(page=1, size=10)
    request = script.requests[0]
    headers = request.headers
    assert request.url.path == "/callcentre/api/v3/listTask"
    assert headers["uuid"] == UUID and headers["algorithm"] == algorithm
    assert headers["createTs"] == str(int(clock.wall))
    digest = "md5" if algorithm == "MD5" else "sha256"
    assert headers["sign"] == documented(SECRET, request.content.decode(), headers["createTs"],
                                         headers["requestID"], UUID, digest)
    assert json.loads(request.content)["productID"] == "callbot"
    assert "signature" not in caplog.text


async def test_each_retry_is_signed_afresh_over_the_same_body(clock: FakeClock) -> None:
    script = Script(reply(200, {"retCode": 7, "retMsg": "busy"}), signed_reply({"retCode": 0}))
    async with client(script, clock) as nx:
        await nx.list_task()
    first, second = script.requests
    assert first.content == second.content
    assert first.headers["requestID"] != second.headers["requestID"]
    for request in (first, second):
        h = request.headers
        assert h["sign"] == documented(SECRET, request.content.decode(), h["createTs"], h["requestID"], UUID, "md5")


async def test_a_reply_with_a_wrong_signature_is_logged_as_a_warning(clock: FakeClock, caplog) -> None:
    script = Script(signed_reply({"retCode": 0, "taskData": []}, tamper=True))
    with caplog.at_level(logging.WARNING, logger="desktop.providers.nxcloud"):
        async with client(script, clock) as nx:
            reply_ = await nx.list_task()
    assert reply_.task_data == []
    assert "signature that does not match" in caplog.text
