"""The NXCLOUD Callbot v3 signature, written from docs/providers.md independently of the client's:

    sign = UPPER(hex(MD5 or SHA256(secretKey + "&body=" + body + "&createTs=" + createTs
                                   + "&requestID=" + requestID + "&uuid=" + uuid)))

The secret comes first and unnamed; the body is the exact bytes on the wire (for a gzip request, the
decompressed JSON: [UNDOC]); SHA256 is a plain digest, not HMAC. Responses and callbacks are signed the
same way over their own raw body.
"""

from __future__ import annotations

import hashlib
import time
import uuid as uuid_module

ALGORITHMS = {"MD5": hashlib.md5, "SHA256": hashlib.sha256}


def signature(secret: str, body: bytes, create_ts: str, request_id: str, uuid: str, algorithm: str = "MD5") -> str:
    digest = ALGORITHMS[algorithm.upper()]
    raw = b"".join(
        [
            secret.encode(),
            b"&body=", body,
            b"&createTs=", create_ts.encode(),
            b"&requestID=", request_id.encode(),
            b"&uuid=", uuid.encode(),
        ]
    )
    return digest(raw).hexdigest().upper()


def signed_headers(
    secret: str, uuid: str, body: bytes, algorithm: str = "MD5", request_id: str | None = None
) -> dict[str, str]:
    """Headers for a message the simulator sends (a response or a callback)."""
    request_id = request_id or uuid_module.uuid4().hex
    create_ts = str(int(time.time()))
    return {
        "requestID": request_id,
        "uuid": uuid,
        "createTs": create_ts,
        "algorithm": algorithm.upper(),
        "sign": signature(secret, body, create_ts, request_id, uuid, algorithm),
    }
