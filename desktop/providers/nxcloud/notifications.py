"""NXCLOUD callbacks (seed 002, docs/providers.md): task, order and call callbacks, each signed like a request
(``requestID``, ``uuid``, ``createTs``, ``sign`` over the raw body with the account's secret key, by the client's
own :func:`sign`). A callback is refused when its signature or ``uuid`` is wrong, when ``createTs`` is further than
:data:`REPLAY_WINDOW` from this computer's clock, or when its ``requestID`` was already seen within that window;
the reply is signed the same way. Orders and calls are read by polling's :func:`order_status`, so ``finish`` and the
account's ``call_status_map`` mean the same here; ``callAudioUrl`` is kept as the recording reference.
"""

from __future__ import annotations

import hmac
import threading
import time
import uuid as uuid_module
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from desktop.i18n import N_
from desktop.providers.base import Contact
from desktop.providers.errors import ProviderError
from desktop.providers.notify import Inbound, Notice, NotificationChannel, NotifiedCall, Paste, Refused, body_hash
from desktop.providers.nxcloud.client import order_status, sign
from desktop.providers.nxcloud.settings import NxCloudSettings
from desktop.providers.nxcloud.statuses import NX_CALL_STATUS
from desktop.providers.nxcloud.wire import OrderDetail

#: Seconds a callback's ``createTs`` may differ from our clock (NXCLOUD documents no window; five minutes is the
#: usual one for signed requests). Change it here.
REPLAY_WINDOW = 300.0
#: ``callbackType``: 1 task (documented); 2 order and 3 call are presumed (the table is cut off).
KINDS = {"1": "task", "2": "order", "3": "call"}
_UNREADABLE = (ProviderError, TypeError, ValueError, AttributeError, KeyError)


class NxCloudNotifications(NotificationChannel):
    """One NXCLOUD account's three callback URLs, served on one route (the body says which callback it is)."""

    def __init__(self, settings: NxCloudSettings, secrets: Mapping[str, str]) -> None:  # type: ignore[override]
        super().__init__(settings, secrets)
        self._secret = secrets.get("secret_key", "")
        self._uuid, self._algorithm = settings.uuid, settings.algorithm
        self._table = NX_CALL_STATUS.with_overrides(settings.call_status_map)
        self._seen: OrderedDict[str, float] = OrderedDict()  # requestID → createTs, within the window
        self._lock = threading.Lock()

    def authenticate(self, inbound: Inbound) -> None:
        headers = inbound.headers
        request_id, given_uuid = headers.get("requestID", ""), headers.get("uuid", "")
        create_ts, given = headers.get("createTs", ""), headers.get("sign", "")
        if not (request_id and given_uuid and create_ts and given):
            raise Refused(N_("unsigned (requestID, uuid, createTs or sign missing)"), 401)
        if not self._secret:
            raise Refused(N_("no secret key is set for this account"))
        if not hmac.compare_digest(given_uuid.encode(), self._uuid.encode()):
            raise Refused(N_("another account's uuid"))
        algorithm = headers.get("algorithm") or self._algorithm
        if algorithm.upper() not in ("MD5", "SHA256"):
            raise Refused(N_("unknown signing algorithm"))
        expected = sign(self._secret, inbound.body, create_ts, request_id, given_uuid, algorithm)
        if not hmac.compare_digest(given.upper().encode(), expected.encode()):
            raise Refused(N_("bad signature"))
        try:
            stamp = float(create_ts)
        except ValueError:
            raise Refused(N_("createTs is not a time")) from None
        if abs(inbound.received_at - stamp) > REPLAY_WINDOW:
            raise Refused(N_("createTs outside the replay window"))
        self._remember(request_id, stamp, inbound.received_at)

    def _remember(self, request_id: str, stamp: float, now: float) -> None:
        """Refuse a requestID seen within the window; forget those the window itself now refuses."""
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now - REPLAY_WINDOW:
                self._seen.popitem(last=False)
            if request_id in self._seen:
                raise Refused(N_("repeated requestID"))
            self._seen[request_id] = stamp

    def read(self, payload: Any, inbound: Inbound) -> Notice:
        fallback = body_hash(inbound.body)
        if not isinstance(payload, dict):
            return Notice("unreadable", fallback)
        kind = KINDS.get(str(payload.get("callbackType")), "unknown")
        if kind not in ("order", "call"):
            return Notice(kind, fallback)
        try:
            order = OrderDetail.from_json(payload, provider="nxcloud")
            key = order.order_id or ""
            status = order_status(self._table, Contact(key, order.user_phone or ""), order)
        except _UNREADABLE:
            return Notice("unreadable", fallback)
        call_id = status.trans_id or ""
        dedupe = f"{kind}:{key}:{call_id}:{order.finish}" if key and call_id else fallback
        return Notice(kind, dedupe, (NotifiedCall(status, key, order.user_phone or ""),))

    def reply_headers(self, body: bytes) -> dict[str, str]:
        request_id, create_ts = uuid_module.uuid4().hex, str(int(time.time()))
        return {"requestID": request_id, "uuid": self._uuid, "createTs": create_ts, "algorithm": self._algorithm,
                "sign": sign(self._secret, body, create_ts, request_id, self._uuid, self._algorithm)}

    def test_headers(self, body: bytes) -> dict[str, str]:
        return self.reply_headers(body)  # NXCLOUD signs its callbacks as we sign our replies

    def pastes(self, url: str) -> list[Paste]:
        return [Paste("taskCallbackUrl", url), Paste("orderCallbackUrl", url), Paste("callCallbackUrl", url)]
