"""VBot Open API adapter: v2 (username/password → bearer token) and v3 (``X-API-Key``), chosen per account.

Why both: both generations are live and documented, and an account may have only one of them enabled (v3 needs
the paid API add-on). Paths are the same on both except the ``/m-auto-call`` replacements v3 recommends; v2 also
sends ``vbot_id``/``project_code`` with every request.

Writes (placing calls) are never resent once they may have reached VBot: VBot does not document de-duplicating
``external_call_id``. Reads are retried (see :mod:`desktop.providers.http`).

The unit of v2 call history ``from``/``to`` is undocumented; the client finds it once from VBot's own counts
(:meth:`VBotClient.history_unit`) before its first bounded history query, and reconciliation never uses a bounded
one (it asks by phone, with no time range).

The legacy auto-call campaign (seed 000, ``/api/campaign/create``; deprecated by VBot but documented) clones a
template campaign and dials a whole phone list. It carries no per-call key, so its calls are found again by phone
(``BatchHandle.by_phone``), and a lost reply cannot be settled by key: the list is then in doubt, the operator is
told to check the VBot console, and only VBot's call records can show whether it was received.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from desktop.i18n import N_, _, number
from desktop.phones import NotDialable, parse_possible, proven_e164
from desktop.providers.base import (
    KEY_PATTERN,
    BatchFailed,
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallAnswer,
    CallStatus,
    ConnectionInfo,
    Contact,
    ContactError,
    Evidence,
    HistoryCall,
    Hotline,
    ProviderClient,
    SentBatch,
    Template,
    TemplateField,
    pending,
)
from desktop.providers.errors import (
    AuthError,
    BadResponseError,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    ProviderError,
    RequestRejectedError,
    ServerError,
    SessionExpiredError,
    UnreachableError,
)
from desktop.providers.http import Download, HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.models import JsonModel
from desktop.providers.status import describe, resolve
from desktop.providers.vbot.history import (
    history_call,
    history_recording,
    history_trans_id,
    parse_vbot_time,
    talk_seconds,
)
from desktop.providers.vbot.options import VBotCampaignSettings
from desktop.providers.vbot.settings import VBotSettings
from desktop.providers.vbot.statuses import VBOT_DISPOSITION, VBOT_SIP, disposition_words
from desktop.providers.vbot.wire import (
    AutoCallListRequest,
    AutoCallPhone,
    AutoCallResponse,
    CallConfirmRequest,
    CallConfirmResponse,
    CdrItem,
    CdrItemV3,
    CollectedField,
    CustomFieldItem,
    CustomFieldsResponse,
    HistoryItem,
    HotlineItem,
    LegacyCampaignRequest,
    LegacyCampaignResponse,
    LegacyField,
    LegacyPhone,
    TemplateItem,
    TokenResponse,
)

log = logging.getLogger(__name__)

V3_MAX_LIST = 5  # m-auto-call create-list-phone: at most 5 numbers, counted after removing duplicate phones
LEGACY_IN_DOUBT = (N_("VBot has no record of this legacy list yet. Autocall Desk never sends a legacy list again by "
                      "itself: check the campaign list in the VBot console, and start a new campaign only for people "
                      "VBot did not call."))
AWAITING = (N_("VBot lists a call only once it has ended: these contacts are not in its records yet, and nothing "
               "proves VBot did not receive them. They are checked again later; if the VBot console shows it never "
               "received them, mark them as not sent."))
LEGACY_CREATE = "api/campaign/create"
REFRESH_MARGIN = 60.0  # seconds before expires_in at which the v2 token is refreshed
PAGE_SIZE = 100
HISTORY_COUNT = "api/crm/historycall/countAll"
UNIT_PROBE = 4_102_444_800  # 2100-01-01 in epoch seconds; as epoch ms, 1970-02-17 (history_unit)


# --- envelope -----------------------------------------------------------------------------------------------------

_CODE_MESSAGES = {
    -1: N_("VBot rejected a parameter ({msg}) — check the template, hotline and phone numbers."),
    201: N_("VBot rejected a parameter ({msg}) — check the template campaign and the phone list."),
    403: N_("VBot does not allow this for the account ({msg}) — check that the API add-on is active and the user can "
            "use this project."),
    404: N_("VBot could not find what was asked for ({msg}) — check the template or hotline still exists."),
    409: N_("VBot says this already exists ({msg})."),
    500: N_("VBot had a system error ({msg}) — try again in a few minutes."),
    803: N_("VBot does not allow this account to read call records ({msg}) — ask VBot to enable CDR access."),
}


#: What a 404 from VBot means on each path (unlisted paths: "what was asked for").
_NOT_FOUND = {
    "api/campaignCall/callConfirm/getCustomFieldInScript": N_("this template"),
    "api/campaignCall/callConfirm/insert": N_("the template or hotline"),
    "m-auto-call/api/call/create-list-phone": N_("the template or hotline"),
    "api/hotline/getAll": N_("the account's hotlines"),
}


def envelope_error(body: Any) -> tuple[int | str, str] | None:
    """(code, message) when a VBot envelope reports failure, None when it reports success.

    Three envelopes exist: ``{error, message, data}`` (current), ``{status 1/0, error, msg}`` (seeds, legacy; the
    seed's success sample carries ``error: 2``, so ``status`` decides there) and ``/m-auto-call``'s
    ``{status 200/500, msg, errorCode, data}``.
    """
    if not isinstance(body, Mapping):
        return None
    message = str(body.get("message") or body.get("msg") or "")
    if "errorCode" in body:
        code = body["errorCode"]
        if code in (0, "0", None) and body.get("status") not in (500, "500"):
            return None
        return (code if code not in (0, "0", None) else 500), message
    status = body.get("status")
    if status in (0, 1, "0", "1"):
        return None if str(status) == "1" else (body.get("error") or 0, message)
    error = body.get("error")
    if error in (0, "0", None):
        return None
    return error, message


def _transient(response: httpx.Response) -> bool:
    """VBot reports overload as a 500 code inside a 200 reply; back off and retry (reads only)."""
    try:
        failure = envelope_error(response.json())
    except ValueError:
        return False
    return failure is not None and str(failure[0]) == "500"


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def unique_phone_chunks(contacts: Sequence[Contact], size: int, phone_of: Any) -> list[list[Contact]]:
    """Chunks of at most ``size`` contacts with no phone twice in a chunk (VBot drops a list's repeated phones)."""
    chunks: list[list[Contact]] = []
    for contact in contacts:
        phone = phone_of(contact)
        for chunk in chunks:
            if len(chunk) < size and all(phone_of(c) != phone for c in chunk):
                chunk.append(contact)
                break
        else:
            chunks.append([contact])
    return chunks


# --- client -------------------------------------------------------------------------------------------------------


R = TypeVar("R")


def required(value: Any) -> bool:
    """The one reading of VBot's ``isRequired``: "0", "false", "", 0, False and None mean optional."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def template_field(item: CustomFieldItem) -> TemplateField:
    return TemplateField(item.cfkey, item.cfname or item.cfkey, item.cftype or "text", required(item.isRequired),
                         item.description or "")


class VBotClient(ProviderClient):
    provider = "vbot"

    def __init__(self, settings: VBotSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing) -> None:
        super().__init__(http)
        self.settings = settings
        self.v2 = settings.api_generation == "v2"
        self.max_batch_size = 1 if self.v2 else V3_MAX_LIST
        self._timing = timing
        field = settings.secret_fields()[0].name
        self._secret = secrets.get(field) or ""
        if not self._secret:
            raise ConfigError(_("Enter the VBot {field} in Accounts.").format(field=field.replace("_", " ")),
                              provider=self.provider)
        if self.v2 and not settings.username:
            raise ConfigError(_("Enter the VBot user name in Accounts."), provider=self.provider)
        if self.v2 and not (settings.vbot_id and settings.project_code):
            raise ConfigError(_("Enter the VBot ID and project code in Accounts: VBot's v2 API needs them in every "
                                "request."), provider=self.provider)
        http.register_secret(self._secret)
        self._access: str | None = None
        self._refresh: str | None = None
        self._expires_at = 0.0
        self._token_lock = asyncio.Lock()
        self._history_unit: str | None = None  # history from/to unit, once history_unit() could tell

    # -- auth --

    async def _auth_headers(self) -> dict[str, str]:
        if not self.v2:
            return {"X-API-Key": self._secret}
        return {"Authorization": f"Bearer {await self._bearer()}"}

    async def _bearer(self) -> str:
        """A valid v2 access token: refreshed a minute before ``expires_in``, a fresh sign-in when refresh fails."""
        async with self._token_lock:
            now = self._timing.monotonic()
            if self._access and now < self._expires_at - REFRESH_MARGIN:
                return self._access
            if self._refresh:
                try:
                    return await self._grant({"grant_type": "refresh_token", "refresh_token": self._refresh})
                except AuthError:
                    log.info("VBot refused the refresh token; signing in again")
            return await self._grant(
                {"grant_type": "password", "username": self.settings.username, "password": self._secret}
            )

    async def _grant(self, form: dict[str, str]) -> str:
        response = await self.http.send(
            lambda: self.http.build_request("POST", "token", data=form), op="token", mode=RetryMode.READ
        )
        if response.status_code in (400, 401, 403):
            raise AuthError(
                _("VBot refused the user name or password — check them in Accounts.")
                if form["grant_type"] == "password"
                else _("VBot refused the refresh token."),
                provider=self.provider,
                code=response.status_code,
                detail=response.text[:300],
            )
        token = TokenResponse.from_json(self._json(response), provider=self.provider)
        started = self._timing.monotonic()
        self._access = token.access_token
        self._refresh = token.refresh_token or self._refresh  # rotation is undocumented: keep the newest
        self._expires_at = started + (token.expires_in or 0)
        self.http.register_secret(self._access)
        self.http.register_secret(self._refresh)
        return self._access

    def _forget_token(self) -> None:
        self._access, self._refresh, self._expires_at = None, None, 0.0

    # -- requests --

    async def _call(
        self,
        method: str,
        path: str,
        *,
        op: str,
        mode: RetryMode = RetryMode.READ,
        params: dict[str, Any] | None = None,
        body: JsonModel | None = None,
    ) -> Any:
        """One API call, signed in; returns the decoded JSON body after checking its envelope."""
        params = {k: v for k, v in (params or {}).items() if v is not None}
        if self.v2 and method == "GET":
            params |= {"vbot_id": self.settings.vbot_id, "project_code": self.settings.project_code}
        payload = body.to_json() if body is not None else None

        def send(headers: dict[str, str]) -> Awaitable[httpx.Response]:
            return self.http.send(
                lambda: self.http.build_request(method, path, params=params or None, json=payload, headers=headers),
                op=op,
                mode=mode,
                transient=None if mode is RetryMode.WRITE else _transient,
            )

        response, signed_in_again = await self._signed_in(op, send, _unauthenticated)
        return self._checked(response, path, signed_in_again)

    async def _signed_in(self, op: str, send: Callable[[dict[str, str]], Awaitable[R]],
                         refused: Callable[[R], bool], *, with_auth: bool = True) -> tuple[R, bool]:
        """``send(auth headers)``; on v2, a reply ``refused`` calls unauthenticated drops the token and sends once
        more, signed in afresh. Returns the reply and whether it came after signing in again."""
        for signed_in_again in (False, True):
            reply = await send(await self._auth_headers() if with_auth else {})
            if self.v2 and with_auth and not signed_in_again and refused(reply):
                log.info("VBot answered 401 to %s; signing in again", op)
                self._forget_token()
                continue
            return reply, signed_in_again
        raise AssertionError("unreachable")

    def _checked(self, response: httpx.Response, path: str, signed_in_again: bool = False) -> Any:
        status = response.status_code
        if status == 401:
            raise self._auth_failure(401, response.text[:300], signed_in_again)
        if status == 404:
            raise not_found(response, path)
        if path == LEGACY_CREATE and (refusal := legacy_refusal(response)) is not None:
            raise refusal
        raise_for_http_status(self.provider, response)
        if status >= 400:
            try:
                body: Any = response.json()
            except ValueError:
                body = None
            failure = envelope_error(body) or (status, response.text[:200])
        else:
            body = self._json(response)
            failure = envelope_error(body)
        if failure is None:
            return body
        code, message = failure
        if str(code) == "401" or (str(code) == "409" and not self.v2 and "/cdr/" in f"/{path}"):
            raise self._auth_failure(code, message, signed_in_again)
        template = _(_CODE_MESSAGES.get(_int(code), N_("VBot refused the request (code {code}): {msg}")))
        raise RequestRejectedError(
            template.format(msg=message or _("no details"), code=code), provider=self.provider, code=code, raw=body
        )

    def _auth_failure(self, code: int | str, detail: str, signed_in_again: bool) -> AuthError:
        if not self.v2:
            return AuthError(_("The API key was refused by VBot — check it in Accounts."), provider=self.provider,
                             code=code, detail=detail)
        if signed_in_again:
            return SessionExpiredError(
                _("VBot signed us in but then refused the session — check the user's rights in VBot, then try again."),
                provider=self.provider, code=code, detail=detail)
        return AuthError(_("VBot refused the credentials — check the user name and password in Accounts."),
                         provider=self.provider, code=code, detail=detail)

    def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise BadResponseError.unexpected(self.provider, f"not JSON: {exc}", raw=response.text[:500]) from exc

    def _v2_ids(self) -> dict[str, str | None]:
        """vbot_id/project_code for v2 bodies; None (left out) on v3."""
        if self.v2:
            return {"vbot_id": self.settings.vbot_id, "project_code": self.settings.project_code}
        return {"vbot_id": None, "project_code": None}

    async def _pages(self, path: str, *, op: str, params: dict[str, Any], size: int = PAGE_SIZE
                     ) -> AsyncIterator[list[Any]]:
        """Each page of a paged list in turn (pages from 1, ``size`` per page) until a short one. No page cap: a
        campaign's records are read to the end however many there are; callers bound the query by time and keep
        only what they need from each page, so memory stays one page deep. A server that ignored ``page`` would
        repeat itself forever, so a page equal to the one before is an error."""
        previous: list[Any] | None = None
        for page in itertools.count(1):
            data = await self._page(path, op=op, params=params | {"page": page, "size": size})
            if data and data == previous:
                raise BadResponseError.unexpected(self.provider, f"{op}: page {page} repeats the page before it")
            yield data
            if len(data) < size:
                return
            previous = data

    async def _page(self, path: str, *, op: str, params: dict[str, Any]) -> list[Any]:
        body = await self._call("GET", path, op=op, params=params)
        data = body.get("data") if isinstance(body, Mapping) else None
        if not isinstance(data, list):
            raise BadResponseError.unexpected(self.provider, f"{op}: data is not a list", raw=body)
        return data

    # -- the documented operations --

    async def create_legacy_campaign(self, request: LegacyCampaignRequest) -> LegacyCampaignResponse:
        """Clone a template campaign and run it (seed 000; deprecated by VBot but still documented)."""
        body = await self._call("POST", LEGACY_CREATE, op="campaign/create", mode=RetryMode.WRITE,
                                body=request)
        return LegacyCampaignResponse.from_json(body, provider=self.provider)

    async def call_confirm(self, request: CallConfirmRequest) -> CallConfirmResponse:
        body = await self._call("POST", "api/campaignCall/callConfirm/insert", op="callConfirm/insert",
                                mode=RetryMode.WRITE, body=request)
        return CallConfirmResponse.from_json(body, provider=self.provider)

    async def auto_call_create_list(self, request: AutoCallListRequest) -> AutoCallResponse:
        phones = {p.phone for p in request.phone_infos}
        if len(phones) > V3_MAX_LIST:
            raise InvalidRequestError(_("VBot takes at most {V3_MAX_LIST} numbers per list.").format(
                                          V3_MAX_LIST=V3_MAX_LIST), provider=self.provider)
        body = await self._call("POST", "m-auto-call/api/call/create-list-phone", op="m-auto-call/create-list",
                                mode=RetryMode.WRITE, body=request)
        return AutoCallResponse.from_json(body, provider=self.provider)

    async def custom_fields(self, template_code: str) -> list[CustomFieldItem]:
        body = await self._call("GET", "api/campaignCall/callConfirm/getCustomFieldInScript",
                                op="getCustomFieldInScript", params={"template_script_code": template_code})
        return CustomFieldsResponse.from_json(body, provider=self.provider).data or []

    async def templates(self, status: int | None = 1) -> list[TemplateItem]:
        path = "api/campaignCall/templateScript/getAll" if self.v2 else "m-auto-call/api/template-script/get-all"
        pages = self._pages(path, op="templates", params={"status": status})
        return [TemplateItem.from_json(i, provider=self.provider) async for page in pages for i in page]

    async def hotlines(self) -> list[HotlineItem]:
        body = await self._call("GET", "api/hotline/getAll", op="hotlines")
        data = body.get("data") if isinstance(body, Mapping) else None
        if not isinstance(data, list):
            raise BadResponseError.unexpected(self.provider, "hotlines: data is not a list", raw=body)
        return [HotlineItem.from_json(i, provider=self.provider) for i in data]

    async def cdr_pages(self, **filters: Any) -> AsyncIterator[list[CdrItem] | list[CdrItemV3]]:
        """Auto-call CDR items, a page at a time, to the end (filters as documented: template_script_code,
        start_date, end_date, phone, …; dates in epoch ms)."""
        if self.v2:
            async for page in self._pages("api/campaignCall/cdr/getAll", op="cdr", params=filters):
                yield [CdrItem.from_json(i, provider=self.provider) for i in page]
        else:
            async for page in self._pages("m-auto-call/api/cdr/get-all", op="cdr", params=filters):
                yield [CdrItemV3.from_json(i, provider=self.provider) for i in page]

    async def cdr_count(self, **filters: Any) -> int:
        path = "api/campaignCall/cdr/countAll" if self.v2 else "m-auto-call/api/cdr/count"
        return _count(await self._call("GET", path, op="cdr/count", params=filters), self.provider)

    async def history_unit(self) -> str:
        """The unit of history ``from``/``to`` (undocumented: the seed types them Int), found once per client so
        a bounded query never silently sees nothing. The test is ``to`` = :data:`UNIT_PROBE` (the year 2100 in
        seconds, February 1970 in ms): a provider in seconds counts every call up to it, one in ms none. With no
        calls at all nothing can tell, so the account's setting (``history_time_unit``) is used and the test is
        made again next time."""
        if self._history_unit is None:
            total = _count(await self._call("GET", HISTORY_COUNT, op="history/count"), self.provider)
            if not total:
                return self.settings.history_time_unit
            probe = _count(await self._call("GET", HISTORY_COUNT, op="history/count", params={"to": UNIT_PROBE}),
                           self.provider)
            self._history_unit = "s" if probe else "ms"
            if self._history_unit != self.settings.history_time_unit:
                log.info("VBot call history counts time in %s here, not %s as the account says", self._history_unit,
                         self.settings.history_time_unit)
        return self._history_unit

    async def history_pages(
        self, *, phone: str | None = None, start: float | None = None, end: float | None = None
    ) -> AsyncIterator[list[HistoryItem]]:
        """Call history, a page at a time, to the end (``start``/``end`` in epoch seconds, converted to the
        configured unit)."""
        params = await self._history_params(phone, start, end)
        async for page in self._pages("api/crm/historycall/getAll", op="history", params=params):
            yield [HistoryItem.from_json(i, provider=self.provider) for i in page]

    async def history_page(
        self, page: int, size: int, *, phone: str | None = None, start: float | None = None,
        end: float | None = None,
    ) -> list[HistoryItem]:
        """One page of call history (pages count from 1): browsing reads only the page shown, with the total
        from :meth:`history_count`, instead of every page :meth:`history` walks through."""
        params = await self._history_params(phone, start, end) | {"page": page, "size": size}
        items = await self._page("api/crm/historycall/getAll", op="history", params=params)
        return [HistoryItem.from_json(i, provider=self.provider) for i in items]

    async def history_calls(
        self, page: int, size: int, *, phone: str | None = None, start: float | None = None,
        end: float | None = None,
    ) -> list[HistoryCall]:
        """One page of call history as neutral rows (the CallHistory capability)."""
        return [history_call(i) for i in await self.history_page(page, size, phone=phone, start=start, end=end)]

    async def history_count(
        self, *, phone: str | None = None, start: float | None = None, end: float | None = None
    ) -> int:
        params = await self._history_params(phone, start, end)
        return _count(await self._call("GET", HISTORY_COUNT, op="history/count", params=params),
                      self.provider)

    async def _history_params(self, phone: str | None, start: float | None, end: float | None) -> dict[str, Any]:
        """Query parameters: the phone in seed 001's 09xxxxxxxx form whatever form it was typed or pasted in
        (:func:`history_phone`); ``start``/``end`` (epoch seconds) in the unit :meth:`history_unit` found."""
        scale = 1 if start is None and end is None or await self.history_unit() == "s" else 1000
        return {
            "phone": history_phone(phone),
            "from": None if start is None else int(start * scale),
            "to": None if end is None else int(end * scale),
        }

    # -- ProviderClient --

    async def check_connection(self) -> ConnectionInfo:
        hotlines = await self.hotlines()
        return ConnectionInfo(
            self.provider,
            _("Connected to VBot (API {api_generation}): {hotlines} hotline(s).").format(
                api_generation=self.settings.api_generation, hotlines=len(hotlines)),
            raw=[h.raw for h in hotlines],
        )

    async def list_templates(self) -> list[Template]:
        return [Template(t.code, t.name or t.code, raw=t.raw) for t in await self.templates()]

    async def list_hotlines(self) -> list[Hotline]:
        return [
            Hotline(h.hotline_code, h.hotline_number or "", h.hotline_name or "", h.hotline_type or "", raw=h.raw)
            for h in await self.hotlines()
        ]

    async def get_custom_fields(self, template_code: str) -> list[TemplateField]:
        return [template_field(f) for f in await self.custom_fields(template_code)]

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """v3: lists of up to 5 distinct phones; v2: one ``callConfirm/insert`` per contact (only it carries
        ``external_call_id`` and template variables). A provider refusal marks that list's contacts as errors and
        the batch continues; any other failure raises with ``partial`` set — contacts in neither list are in doubt
        and must be reconciled with :meth:`poll`, not resent."""
        options = request.options if isinstance(request.options, VBotCampaignSettings) else VBotCampaignSettings()
        if options.legacy_source is not None:
            return await self._launch_legacy(request, options)
        hotline = request.caller or self.settings.default_hotline
        if not hotline:
            raise ConfigError(_("Choose a VBot hotline for this campaign (or a default hotline in Accounts)."),
                              provider=self.provider)
        result = BatchResult()
        ready = await self.prepare(request.contacts, self._prepare, result)
        phones = {c.key: phone for c, phone in ready}
        groups = unique_phone_chunks([c for c, _ in ready], self.max_batch_size, lambda c: phones[c.key])
        for group in groups:
            try:
                raw = await self._send_group(group, phones, hotline, request.template_code, options)
            except RequestRejectedError as exc:
                result.errors += [ContactError(c.key, c.phone, str(exc), exc.code) for c in group]
                continue
            except ProviderError as exc:
                raise BatchFailed(exc, result) from exc
            result.accepted += [c.key for c in group]
            result.raw.append(raw)
        return result

    async def _launch_legacy(self, request: BatchRequest, options: VBotCampaignSettings) -> BatchResult:
        """The whole batch as ONE ``/api/campaign/create`` cloning template campaign ``source_id``, named after the
        batch key so the operator can find it in the VBot console. Sent once (RetryMode.WRITE: the HTTP layer
        resends only what provably never left). The reply's campaign ID becomes the batch's provider ref.

        A refusal (seed 000's ``data: "-1"``, even on HTTP 500: :func:`legacy_refusal`) refuses every contact with
        VBot's reason; a failure that may have reached VBot (any other 5xx, a dropped or unreadable reply) raises
        with a message telling the operator to check the console, since VBot may be dialling the list."""
        if not self.v2:
            raise ConfigError(_("The legacy auto-call campaign is part of VBot's v2 API (sign-in with a user name, "
                                "VBot ID and project code): choose a v2 account, or use batch mode."),
                              provider=self.provider)
        source_id = options.legacy_source
        result = BatchResult()
        ready = await self.prepare(request.contacts, lambda c: to_vn_domestic(c.phone), result)
        if not ready:
            return result
        name = legacy_campaign_name(request.batch_key)
        legacy = LegacyCampaignRequest(
            vbotId=self.settings.vbot_id, groupCode=self.settings.project_code, campaignId=source_id, name=name,
            phones=[LegacyPhone(fields=_legacy_fields(c, phone, options.legacy_keys())) for c, phone in ready])
        try:
            reply = await self.create_legacy_campaign(legacy)
            if reply.data in (None, -1, "-1"):  # the documented "not created"
                raise legacy_not_created(reply.msg, reply.error, reply.raw)
        except RequestRejectedError as exc:
            result.errors += [ContactError(c.key, c.phone, str(exc), exc.code) for c, _ in ready]
            return result
        except (ServerError, UnreachableError, BadResponseError) as exc:
            raise type(exc)(
                _("VBot did not confirm the legacy campaign \"{name}\" for {ready} contact(s) ({exc}). VBot may have "
                  "created it and be dialling: check the campaign list in the VBot console. Autocall Desk does not "
                  "send this list again by itself; only VBot's call records can settle it.").format(
                    name=name, ready=number(len(ready)), exc=exc),
                provider=self.provider, code=exc.code, detail=f"{exc.detail} {exc}".strip(), raw=exc.raw) from exc
        result.accepted += [c.key for c, _ in ready]
        result.provider_refs.append(str(reply.data))
        result.raw.append(reply.raw)
        return result

    def _prepare(self, contact: Contact) -> str:
        if not KEY_PATTERN.fullmatch(contact.key):
            raise InvalidRequestError(
                _("The call key {key!r} is not valid for VBot (1–32 characters, a–z and 0–9).").format(
                    key=contact.key),
                provider=self.provider,
            )
        return to_vn_domestic(contact.phone)

    async def _send_group(
        self, group: list[Contact], phones: Mapping[str, str], hotline: str, template: str,
        options: VBotCampaignSettings,
    ) -> Any:
        if self.v2:
            (contact,) = group
            reply = await self.call_confirm(CallConfirmRequest(
                **self._v2_ids(), phone=phones[contact.key], hotline_code=hotline, template_code=template,
                max_time=options.max_time, max_waiting_time=options.max_waiting_time,
                external_call_id=contact.key, datas=dict(contact.fields),
            ))
            return reply.raw
        reply = await self.auto_call_create_list(AutoCallListRequest(
            template_code=template, hotline_code=hotline, max_time=options.max_time,
            max_waiting_time=options.max_waiting_time,
            phone_infos=[
                AutoCallPhone(phone=phones[c.key], external_call_id=c.key, customer_uid=c.key, name=c.name or None,
                              datas=dict(c.fields))
                for c in group
            ],
        ))
        if reply.data is False:
            raise RequestRejectedError(_("VBot did not accept the call list: {reason}.").format(
                                           reason=reply.msg or _("no reason given")),
                                       provider=self.provider, code=reply.errorCode, raw=reply.raw)
        return reply.raw

    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        """v3 reads the auto-call CDR (it carries ``externalCallId``); v2 reads call history (its CDR does not).
        Legacy campaign calls (``handle.by_phone``) are matched by phone instead, in any template."""
        contact_of = _phone_matcher(handle) if handle.by_phone else _key_matcher(handle)
        since = handle.since.timestamp() if handle.since else None
        found: dict[str, CallStatus] = {}
        if self.v2:
            async for items in self.history_pages(start=since):
                for item in items:
                    callee = (item.callee or [None])[0]
                    contact = contact_of(item.external_call_id, callee.phone if callee else None, None)
                    if contact:
                        found[contact.key] = history_call_status(contact, item)
        else:
            start = None if since is None else int(since * 1000)
            template = None if handle.by_phone else handle.template_code or None
            async for page in self.cdr_pages(template_script_code=template, start_date=start):
                for cdr in page:
                    contact = contact_of(cdr.externalCallId, cdr.phone, cdr.campaignId) if isinstance(
                        cdr, CdrItemV3) else None
                    if contact:
                        found[contact.key] = cdr_call_status(contact, cdr)
        return [found.get(c.key) or pending(c) for c in handle.contacts]

    async def evidence(self, batch: SentBatch, *, now: float, skew: float, settle: float) -> Evidence:
        """VBot lists a call only once it has ended and documents no de-duplication, so a contact missing from its
        records proves nothing by itself, however long ago it was sent. Absence is proof only when a call VBot
        queued behind the batch (``batch.later``) has ended at least ``longest_call`` + ``skew`` ago: VBot dials
        its queue in order, so every call queued before that one had started when it ended, and has ended since.
        Without such a call (or with unlimited talk time) the contacts stay in doubt and VBot is asked again
        ``settle`` seconds from now.

        Records are matched by our key: v3 in the auto-call CDR from the batch's time (epoch ms, as documented);
        v2 in call history by phone with no time range (seed 003), so no guessed ``from``/``to`` unit matters.
        A legacy list was one request keyed by nothing of ours: any of its phones found proves the whole list was
        received, and silence never proves the opposite."""
        if batch.by_phone:
            since = datetime.fromtimestamp(batch.started_at - skew, timezone.utc)
            handle = BatchHandle(batch.campaign_key, batch.template_code, batch.contacts, since=since, by_phone=True)
            known = {s.key for s in await self.poll(handle) if s.raw is not None}
            return Evidence({c.key for c in batch.contacts} if known else set(), False, advice=_(LEGACY_IN_DOUBT))
        ended = await self._ended_by_key([*batch.contacts, *batch.later], batch.template_code,
                                         batch.started_at - skew)
        keys = {c.key for c in batch.contacts}
        known = keys & ended.keys()
        behind = [ended[c.key] for c in batch.later if ended.get(c.key) is not None]
        if not behind or batch.longest_call is None:
            return Evidence(known, False, now + settle, _(AWAITING))
        proves_at = min(behind) + batch.longest_call + skew
        return Evidence(known, now >= proves_at, max(proves_at, now + 1.0), _(AWAITING))

    async def _ended_by_key(self, contacts: Sequence[Contact], template_code: str, since: float
                            ) -> dict[str, float | None]:
        """The contacts VBot lists (their calls have ended), by key, with when each ended (epoch seconds; None
        when the record does not say)."""
        wanted = {c.key for c in contacts}
        found: dict[str, float | None] = {}
        if not self.v2:
            async for page in self.cdr_pages(template_script_code=template_code or None, start_date=int(since * 1000)):
                for cdr in page:
                    if isinstance(cdr, CdrItemV3) and cdr.externalCallId in wanted:
                        found[cdr.externalCallId] = epoch_seconds(cdr.endCallAt)
            return found
        for contact in contacts:
            try:
                phone = to_vn_domestic(contact.phone)
            except NotDialable:
                continue
            async for items in self.history_pages(phone=phone):
                for item in items:
                    if item.external_call_id == contact.key:
                        found[contact.key] = history_end(item)
        return found

    async def download_recording(self, recording_ref: str, dest: Path) -> Download:
        """Stream a recording to ``dest``: ``recording_ref`` is a trans_id or a ``record_file`` URL. Our
        credentials go only to VBot's own host."""
        if recording_ref.startswith(("http://", "https://")):
            self.http.check_url(recording_ref)
            url, with_auth = recording_ref, self.http.same_origin(recording_ref)
        else:
            url, with_auth = f"api/crm/historycall/record/{quote(recording_ref, safe='')}", True

        def send(headers: dict[str, str]) -> Awaitable[tuple[httpx.Response, Download | None]]:
            return self.http.download(lambda: self.http.build_request("GET", url, headers=headers), Path(dest),
                                      op="record")

        (response, saved), signed_in_again = await self._signed_in(
            "record", send, lambda reply: reply[0].status_code == 401, with_auth=with_auth)
        if response.status_code == 404:
            raise NotFoundError(_("VBot has no recording for this call (it may not have been recorded)."),
                                provider=self.provider, code=404)
        if not with_auth and response.status_code in (401, 403):
            raise AuthError(
                _("The recording is kept at {host}, which refused to send it without credentials. Autocall Desk sends "
                  "the VBot credentials only to the account's VBot address, so open this recording in the VBot "
                  "console.").format(host=httpx.URL(url).host), provider=self.provider, code=response.status_code)
        if saved is None:
            self._checked(response, "record", signed_in_again)
            raise BadResponseError.unexpected(self.provider, f"record: HTTP {response.status_code}")
        if saved.content_type.startswith("application/json"):
            return self._json_instead_of_audio(saved)
        return saved

    def _json_instead_of_audio(self, saved: Download) -> Download:
        """VBot answered a recording request with JSON: an error envelope, not audio."""
        text = saved.path.read_text(encoding="utf-8", errors="replace")
        saved.path.unlink(missing_ok=True)
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise BadResponseError.unexpected(self.provider, "record: JSON content type, unreadable body") from exc
        failure = envelope_error(body)
        raise RequestRejectedError(
            _("VBot did not return the recording: {reason}.").format(
                reason=failure[1] if failure else _("no audio in the reply")),
            provider=self.provider, code=failure[0] if failure else None, raw=body)


def cdr_call_status(contact: Contact, cdr: CdrItemV3) -> CallStatus:
    """A campaign call from the auto-call CDR (or a webhook with its fields): the disposition, then the SIP code."""
    return CallStatus(
        key=contact.key,
        phone=contact.phone,
        outcome=resolve((VBOT_DISPOSITION, cdr.disposition), (VBOT_SIP, cdr.sipCode)),
        raw_status=describe(("disposition", disposition_words(cdr.disposition)), ("sip_code", cdr.sipCode),
                            ("status", cdr.status)),
        raw=cdr.raw,
        duration=_number(cdr.billsec if cdr.billsec is not None else cdr.duration),
        cost=_number(cdr.postage),
        trans_id=cdr.transId,
        recording_ref=cdr.transId if cdr.isRecord else None,
        answer=cdr_answer(cdr),
    )


def cdr_answer(cdr: CdrItemV3) -> CallAnswer:
    """What the bot collected (``callCollectedData``: each field by its script name, else its key), its input log
    as one action, talk time (``billsec``), ring time (``duration`` less ``billsec``), cost, start and recording."""
    collected = cdr.callCollectedData
    if isinstance(collected, str):
        try:
            collected = [CollectedField.from_json(f, provider="vbot") for f in json.loads(collected or "[]")
                         if isinstance(f, dict)]
        except ValueError:
            collected = []
    fields = tuple((str(f.cfname or f.cfkey or ""), "" if f.cfvalue is None else str(f.cfvalue))
                   for f in collected or [] if f.cfname or f.cfkey)
    talk, total = _number(cdr.billsec), _number(cdr.duration)
    created = _number(cdr.createAt)
    return CallAnswer(
        collected=fields, actions=(cdr.inputLog,) if cdr.inputLog else (), talk_seconds=talk,
        ring_seconds=total - talk if total is not None and talk is not None and total >= talk else None,
        cost=_number(cdr.postage), recording_ref=cdr.transId if cdr.isRecord else None,
        started_at=created / 1000 if created and created > 1e11 else created)

def history_call_status(contact: Contact, item: HistoryItem) -> CallStatus:
    """A campaign call from call history: talk time as its duration (as History shows it, and as v3's
    ``billsec``), the recording as ``record_file`` names it."""
    callee = (item.callee or [None])[0]
    return CallStatus(
        key=contact.key,
        phone=contact.phone,
        outcome=resolve((VBOT_DISPOSITION, item.disposition)),
        raw_status=describe(("disposition", disposition_words(item.disposition))),
        raw=item.raw,
        duration=talk_seconds(item),
        cost=_number(callee.postage) if callee else None,
        trans_id=history_trans_id(item) or None,
        recording_ref=history_recording(item),
        answer=CallAnswer(talk_seconds=talk_seconds(item), cost=_number(callee.postage) if callee else None,
                          recording_ref=history_recording(item), started_at=parse_vbot_time(item.date_create)),
    )


def to_vn_domestic(phone: str) -> str:
    """VBot's format: a Vietnamese number with its leading 0 (``+84912…`` → ``0912…``)."""
    proven = proven_e164(phone, "VN")
    if proven is not None and proven.startswith("+84"):
        return "0" + proven[3:]
    number = parse_possible(phone, "VN")
    if number.country_code != 84:
        raise NotDialable(_("{phone!r} is not a Vietnamese number; VBot calls Vietnamese numbers only.").format(
                              phone=phone))
    return "0" + str(number.national_number)


def history_phone(phone: str | None) -> str | None:
    """A phone filter as VBot stores numbers (seed 001: 09xxxxxxxx): ``+84 912 345 678``, ``84912345678``,
    ``0912.345.678`` all become ``0912345678``; None for an empty filter."""
    text = (phone or "").strip()
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    international = text.startswith("+") or (digits.startswith("84") and len(digits) in (11, 12))
    try:
        return to_vn_domestic("+" + digits if international else digits)
    except NotDialable as exc:
        raise InvalidRequestError(_("{text!r} is not a Vietnamese phone number, so VBot's history has no calls with "
                                    "it. Enter it as 09xxxxxxxx, +84… or 84….").format(text=text),
                                  provider="vbot") from exc


def not_found(response: httpx.Response, path: str) -> NotFoundError:
    """A 404 in VBot's words when VBot itself answered it (its envelope names what is missing, e.g. an unknown
    template); only a 404 without VBot's envelope (another server's page) points at the API address."""
    try:
        body = response.json()
    except ValueError:
        body = None
    failure = envelope_error(body)
    if failure is None:
        return NotFoundError(_("VBot could not find this (HTTP 404) — check the API address in Accounts."),
                             provider="vbot", code=404, detail=f"{path}: {response.text[:200]}")
    what = _(_NOT_FOUND.get(path, N_("what was asked for")))
    return NotFoundError(_("VBot could not find {what}: {details}.").format(
        what=what, details=failure[1] or _("no details")), provider="vbot", code=404, detail=path, raw=body)


def epoch_seconds(value: Any) -> float | None:
    """A VBot record time as epoch seconds: epoch ms (the CDR's documented unit) or seconds, told apart by size."""
    number = _number(value)
    if number is None or number <= 0:
        return None
    return number / 1000 if number > 1e11 else number


def history_end(item: HistoryItem) -> float | None:
    """When a history call ended (epoch seconds): its latest listed time plus its duration, taking the callee's
    ``date_create`` as when the call started (the documents do not say; the simulator does so). History times are
    VBot's local time (Vietnam, UTC+7, no daylight saving); None when the record has none."""
    callee = (item.callee or [None])[0]
    times = [t for t in (parse_vbot_time(item.date_create), parse_vbot_time(callee.date_create if callee else None))
             if t is not None]
    if not times:
        return None
    return max(times) + (_number(item.duration_call) or _number(callee.duration_call if callee else None) or 0.0)


def legacy_refusal(response: httpx.Response) -> RequestRejectedError | None:
    """Seed 000's documented failure of ``/api/campaign/create``: HTTP 500 (or 200) with a failed envelope whose
    ``data`` is "-1", i.e. no campaign was created, so nobody was called: a refusal in VBot's words. Any other
    reply (a 5xx without that body, a proxy's error page) is a server failure whose effect stays unknown."""
    if response.status_code not in (200, 500):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    failure = envelope_error(body)
    if failure is None or str(body.get("data")) != "-1":
        return None
    code, message = failure
    return legacy_not_created(message, code, body)


def legacy_not_created(message: str | None, code: int | str | None, raw: Any) -> RequestRejectedError:
    """VBot answered that it created no legacy campaign: every contact of the list is refused with its reason."""
    return RequestRejectedError(
        _("VBot refused the legacy campaign and created nothing: {reason}.").format(
            reason=message or _("no reason given")),
        provider=VBotClient.provider, code=code, raw=raw)


def legacy_campaign_name(batch_key: str) -> str:
    """The name of the campaign a legacy batch creates: our batch key, so it can be found in the VBot console."""
    return f"autocall-{batch_key}"


def _legacy_fields(contact: Contact, phone: str, keys: Mapping[str, str]) -> list[LegacyField]:
    """A legacy ``phones[].fields`` entry: ``phone``, ``name``, the campaign's ``description``/``numberCall``
    (seed 000) and the template variables (a contact's own value for a key wins)."""
    values = {"phone": phone, **({"name": contact.name} if contact.name else {}), **keys, **contact.fields}
    return [LegacyField(key=k, value=v) for k, v in values.items()]


ContactMatcher = Callable[[str | None, str | None, int | str | None], Contact | None]


def _key_matcher(handle: BatchHandle) -> ContactMatcher:
    """The contact a record belongs to, by the ``external_call_id`` we sent."""
    wanted = {c.key: c for c in handle.contacts}
    return lambda key, phone, campaign: wanted.get(key or "")


def _phone_matcher(handle: BatchHandle) -> ContactMatcher:
    """The contact a keyless record belongs to, by its (domestic) phone; a record that names a campaign must name
    one of ``handle.provider_refs`` when any are known, and a record carrying a call key is some other call."""
    wanted: dict[str, Contact] = {}
    for contact in handle.contacts:
        try:
            wanted.setdefault(to_vn_domestic(contact.phone), contact)
        except NotDialable:
            continue
    refs = {str(r) for r in handle.provider_refs}

    def match(key: str | None, phone: str | None, campaign: int | str | None) -> Contact | None:
        if key or (refs and campaign not in (None, "") and str(campaign) not in refs):
            return None
        return wanted.get(phone or "")

    return match


def _unauthenticated(response: httpx.Response) -> bool:
    """A 401, as the HTTP status or as the envelope's code (VBot uses both)."""
    if response.status_code == 401:
        return True
    try:
        failure = envelope_error(response.json())
    except ValueError:
        return False
    return failure is not None and str(failure[0]) == "401"


def _int(code: int | str) -> int | None:
    try:
        return int(code)
    except (TypeError, ValueError):
        return None


def _count(body: Any, provider: str) -> int:
    data = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(data, int):
        raise BadResponseError.unexpected(provider, "count: data is not a number", raw=body)
    return data
