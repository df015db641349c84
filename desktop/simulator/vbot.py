"""VBot Open API, v2.0 (Bearer token from ``POST /token``, ``vbot_id``/``project_code`` in every request) and
v3.0 (``X-API-Key``), as docs/providers.md and seeds 000, 001 and 003 describe them.

Choices where the documents are silent ([UNDOC]):
- HTTP status mirrors the envelope's ``error`` (401, 403, 404, 409, 500); ``-1`` (bad parameter) is 400.
  The legacy ``/api/campaign/create`` answers 200 or 500 as its own table says. ``/m-auto-call`` answers
  HTTP 200 with ``status`` 200/500 and ``errorCode``.
- ``POST /token`` answers failures the OAuth way: 400 ``{error: invalid_grant|unsupported_grant_type|
  invalid_request, error_description}``.
- v2 requests need ``vbot_id`` and ``project_code`` (missing: -1; not the account's: 403). The legacy
  endpoint only checks they are present (its seed carries placeholders, spelled ``vbotId``/``groupCode``).
- v3 ``external_call_id`` must be ``[a-z0-9]{1,32}`` (documented for v3); v2 accepts any string, since
  seed 001 sends ``EXT_CALL_001``. Repeats are dialled again unless ``vbot_dedupe_external_call_id``.
- Required template fields are enforced wherever a request can carry ``datas``; v2 ``insertListPhone``
  cannot, so it is not checked there.
- Webhooks are POSTed as ``{"event": NAME, "data": {...}}``; calls from the legacy endpoint use the old
  "Auto Call History" shape of seed 000 instead. Every ended call is also reported in seed 000's "Call History"
  shape (flat fields, ``data`` the call's history item in a list, ``event_data`` "CALL_HISTORY"). Recordings are WAV
  (``audio/wav``), not MP3.
- Legacy "Auto Call History" ``status``: every code of seed 000's table occurs; which one a failed, refused or
  unanswered call reports turns with the call's sequence number (no document says how often each happens).
- Paging starts at 1 (seed 003 does not say; ``page=0`` is refused unless ``vbot_lenient_page_zero``) and
  history ``from``/``to`` are epoch ms (``vbot_history_time_unit``).
- History items carry exactly seed 003's fields (no ``trans_id``); ``group_id`` is an ID of its own, and
  ``record_file`` lists the recording's trans_id or its URL (``vbot_record_file``; the seed shows strings only).
"""

from __future__ import annotations

import heapq
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from desktop.simulator import vbot_catalog as catalog
from desktop.simulator.audio import CONTENT_TYPE as AUDIO_TYPE
from desktop.simulator.audio import render_wav
from desktop.simulator.calls import Call, CallPlanner, Dialler, Outcome, SimClock
from desktop.simulator.config import SimulatorConfig
from desktop.simulator.ledger import Answer, Ledger
from desktop.simulator.validation import Invalid, Problem, check, optional, parse_json_object, require
from desktop.simulator.webhooks import Outbox

log = logging.getLogger(__name__)

V2, V3 = "v2.0", "v3.0"
DOMESTIC_PHONE = re.compile(r"^0\d{9,10}$")
V3_EXTERNAL_ID = re.compile(r"^[a-z0-9]{1,32}$")
MAX_LIST_PHONES = 5

# outcome -> (history disposition, CDR disposition, SIP code, legacy webhook status)
RESULTS: dict[Outcome, tuple[str, str, int, int]] = {
    Outcome.ANSWERED: ("answer", "ANSWER", 200, 200),
    Outcome.NO_ANSWER: ("noanswer", "NOANSWER", 480, 2),
    Outcome.BUSY: ("busy", "BUSY", 486, 3),
    Outcome.REJECTED: ("chanunavail", "NOT_FOUND_TELCO", 102, 106),
    Outcome.FAILED: ("congestion", "SERVER_ERROR", 500, 100),
}
LEGACY_UNDEFINED_PHONE = 101
# Seed 000's other legacy statuses, by the outcome a call reports them for (turned per call, see legacy_status).
LEGACY_VARIANTS: dict[Outcome, tuple[int, ...]] = {
    Outcome.NO_ANSWER: (2, 4),  # no answer, cancelled
    Outcome.REJECTED: (106, 102),  # carrier unsupported, no hotline for the carrier
    Outcome.FAILED: (100, -100, 104, 103, 105),  # system/undefined error, balance, package
}


class VBotError(Exception):
    """An error envelope to answer with: ``error`` code (or m-auto-call ``errorCode``) and message."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(eq=False)
class VBotCall:
    call: Call
    version: str
    root: str  # the server root the placing client used, for URLs handed back later
    hotline_code: str
    template_code: str
    external_call_id: str
    name: str = ""
    customer_uid: str = ""
    datas: dict | None = None
    campaign: dict | None = None  # legacy campaign this call belongs to
    description: str = ""  # legacy phones[].fields "description"

    @property
    def trans_id(self) -> str:
        return self.call.call_id

    @property
    def group_id(self) -> str:
        """History ``group_id``: an ID of its own (VBot's documents show it differs from the trans_id)."""
        return f"G{self.call.call_id[::-1]}"

    def record_url(self, host: str | None = None) -> str:
        return f"{host or self.root}/vbot/{self.version}/api/crm/historycall/record/{self.trans_id}"


Handler = Callable[[Request, str], Awaitable[Response]]


class VBotProvider:
    def __init__(
        self, config: SimulatorConfig, clock: SimClock, planner: CallPlanner, ledger: Ledger, outbox: Outbox
    ) -> None:
        self.config = config
        self.clock = clock
        self.planner = planner
        self.ledger = ledger
        self.outbox = outbox
        self.credentials = config.credentials
        self.access_tokens: dict[str, float] = {}  # token -> expiry (simulated)
        self.refresh_tokens: dict[str, float] = {}
        self.calls: list[VBotCall] = []
        #: Calls not reported yet, by (the moment they end, their place in ``calls``): a tick looks only at those
        #: that ended, not at every call placed.
        self._unreported: list[tuple[float, int, VBotCall]] = []
        self.by_trans_id: dict[str, VBotCall] = {}
        self.external_ids: set[str] = set()
        self.campaigns: list[dict] = []
        self.dialler = Dialler(config.vbot_max_concurrent_calls)
        self._next_campaign_id = 5000

    # ---- routing -------------------------------------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        """Both generations under ``/v2.0`` and ``/v3.0``; ``/token`` and the legacy campaign are v2 only (seed 000
        authorises it with a Bearer token), ``/m-auto-call`` v3 only."""
        shared: list[tuple[str, Handler, str]] = [
            ("/api/campaignCall/callConfirm/insert", self.insert, "POST"),
            ("/api/campaignCall/callConfirm/insertListPhone", self.insert_list_phone, "POST"),
            ("/api/campaignCall/callConfirm/getCustomFieldInScript", self.custom_fields, "GET"),
            ("/api/campaignCall/templateScript/getAll", self.templates, "GET"),
            ("/api/campaignCall/templateScript/countAll", self.templates_count, "GET"),
            ("/api/hotline/getAll", self.hotlines, "GET"),
            ("/api/campaignCall/cdr/getAll", self.cdr, "GET"),
            ("/api/campaignCall/cdr/countAll", self.cdr_count, "GET"),
            ("/api/crm/historycall/getAll", self.history, "GET"),
            ("/api/crm/historycall/countAll", self.history_count, "GET"),
            ("/api/crm/historycall/record/{trans_id}", self.recording, "GET"),
        ]
        v3_only: list[tuple[str, Handler, str]] = [
            ("/m-auto-call/api/call/create", self.v3_create, "POST"),
            ("/m-auto-call/api/call/create-list-phone", self.v3_create_list_phone, "POST"),
            ("/m-auto-call/api/template-script/get-all", self.v3_templates, "GET"),
            ("/m-auto-call/api/template-script/count", self.v3_templates_count, "GET"),
            ("/m-auto-call/api/cdr/get-all", self.v3_cdr, "GET"),
            ("/m-auto-call/api/cdr/count", self.v3_cdr_count, "GET"),
        ]
        # Seed 000's legacy campaign takes a Bearer token: a v2 request.
        v2_routes = [Route("/token", self.token, methods=["POST"]),
                     Route("/api/campaign/create", self._guard(self.legacy_campaign_create, V2), methods=["POST"])]
        v2_routes += [Route(path, self._guard(h, V2), methods=[m]) for path, h, m in shared]
        v3_routes = [Route(path, self._guard(h, V3), methods=[m]) for path, h, m in shared + v3_only]
        return [Mount(f"/{V2}", routes=v2_routes), Mount(f"/{V3}", routes=v3_routes)]

    def _guard(self, handler: Handler, version: str) -> Callable[[Request], Awaitable[Response]]:
        """Authenticate, then turn validation problems and VBotErrors into the right envelope."""

        async def endpoint(request: Request) -> Response:
            try:
                self._authenticate(request, version)
                return await handler(request, version)
            except Invalid as problem:
                return self._error(request.url.path, -1, f"Tham số không hợp lệ: {problem}")
            except VBotError as error:
                return self._error(request.url.path, error.code, error.message)

        return endpoint

    def _authenticate(self, request: Request, version: str) -> None:
        if version == V3:
            if request.headers.get("x-api-key") != self.credentials["vbot_api_key"]:
                # The v3 CDR pages document 409 for a bad API key; elsewhere it is 401.
                raise VBotError(409 if "/cdr/" in request.url.path else 401, "API key không hợp lệ")
            return
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        expiry = self.access_tokens.get(token) if scheme.lower() == "bearer" else None
        if expiry is None or expiry <= self.clock.now():
            raise VBotError(401, "Unauthorized: token không hợp lệ hoặc đã hết hạn")

    def _error(self, path: str, code: int, message: str) -> Response:
        """The error envelope of the module ``path`` belongs to; authentication failures are always classic."""
        if code == 401 or (code == 409 and "/cdr/" in path):
            return self.envelope(code, message, None)
        if "/api/campaign/create" in path:
            return legacy_envelope(code, message, "-1")
        if "/m-auto-call/" in path:
            return modern_envelope(code, message, None)
        return self.envelope(code, message, None)

    def error_for_fault(self, path: str, code: int) -> Response:
        """The envelope a ``code:N`` fault answers with on this path."""
        return self._error(path, code, "Lỗi hệ thống")

    def envelope(self, error: int, message: str, data: object) -> JSONResponse:
        body: dict = {"error": error, "message": message, "data": data}
        if self.config.vbot_status_field:
            body = {"status": 1 if error == 0 else 0, **body}
        status = 200 if error == 0 else error if 400 <= error < 600 else 400
        return JSONResponse(body, status_code=status)

    # ---- auth ----------------------------------------------------------------------------------------

    async def token(self, request: Request) -> Response:
        """``POST /token``, form-encoded: password grant and refresh grant."""
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        grant = form.get("grant_type")
        now = self.clock.now()
        if grant == "password":
            if not form.get("username") or not form.get("password"):
                return oauth_error("invalid_request", "username and password are required")
            if (form["username"], form["password"]) != (
                self.credentials["vbot_username"],
                self.credentials["vbot_password"],
            ):
                return oauth_error("invalid_grant", "The user name or password is incorrect.")
        elif grant == "refresh_token":
            presented = form.get("refresh_token", "")
            if self.refresh_tokens.get(presented, 0.0) <= now:
                return oauth_error("invalid_grant", "The refresh token is invalid or expired.")
            if self.config.vbot_rotate_refresh_token:
                del self.refresh_tokens[presented]
        else:
            return oauth_error("unsupported_grant_type", f"grant_type {grant!r} is not supported")
        return JSONResponse(self._issue_tokens(now, form.get("refresh_token") if grant == "refresh_token" else None))

    def _issue_tokens(self, now: float, kept_refresh: str | None) -> dict:
        access = secrets.token_urlsafe(24)
        self.access_tokens[access] = now + self.config.vbot_token_lifetime
        refresh = kept_refresh if kept_refresh and not self.config.vbot_rotate_refresh_token else None
        if refresh is None:
            refresh = secrets.token_urlsafe(24)
            self.refresh_tokens[refresh] = now + self.config.vbot_refresh_token_lifetime
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": int(self.config.vbot_token_lifetime),
            "refresh_token": refresh,
        }

    def _account(self, values: dict, version: str) -> None:
        """v2 names the account in every request; v3 knows it from the key."""
        if version == V3:
            return
        vbot_id = values.get("vbot_id")
        project = values.get("project_code")
        if not vbot_id or not project:
            raise Invalid(Problem.MISSING, "vbot_id/project_code")
        if (str(vbot_id), str(project)) != (self.credentials["vbot_id"], self.credentials["vbot_project_code"]):
            raise VBotError(403, "Không có quyền truy cập dự án này")

    # ---- placing calls -------------------------------------------------------------------------------

    def _hotline_and_template(self, hotline_code: str, template_code: str) -> None:
        if hotline_code in catalog.FOREIGN_HOTLINES:
            raise VBotError(403, f"Hotline {hotline_code} không thuộc dự án")
        if not any(h["hotline_code"] == hotline_code for h in catalog.HOTLINES):
            raise VBotError(404, f"Không tìm thấy hotline {hotline_code}")
        if hotline_code in catalog.BROKEN_HOTLINES:
            raise VBotError(500, f"Hotline {hotline_code} đang bảo trì")
        template = next((t for t in catalog.TEMPLATES if t["code"] == template_code), None)
        if template is None:
            raise VBotError(404, f"Không tìm thấy kịch bản {template_code}")
        if template["status"] != 1:
            raise VBotError(403, f"Kịch bản {template_code} đã ngừng hoạt động")

    @staticmethod
    def _datas(template_code: str, datas: object, field: str) -> dict:
        check(isinstance(datas, dict), field, "must be an object keyed by cfkey")
        for custom in catalog.CUSTOM_FIELDS.get(template_code, []):
            if custom["isRequired"] and not str(datas.get(custom["cfkey"], "")).strip():
                raise Invalid(Problem.MISSING, f"{field}.{custom['cfkey']}", f"thiếu {custom['cfname']}")
        return datas

    def _external_id(self, value: object, version: str, field: str) -> str:
        if value is None or value == "":
            return ""
        check(isinstance(value, str), field, "must be a string")
        if version == V3:
            check(bool(V3_EXTERNAL_ID.match(value)), field, "at most 32 characters of [a-z0-9]")
        if value in self.external_ids and self.config.vbot_dedupe_external_call_id:
            raise VBotError(409, f"external_call_id {value} đã tồn tại")
        return value

    def _place(
        self,
        request: Request,
        version: str,
        *,
        phone: str,
        hotline_code: str,
        template_code: str,
        external_call_id: str = "",
        name: str = "",
        customer_uid: str = "",
        datas: dict | None = None,
        max_time: int = -1,
        max_waiting_time: int = 30,
        campaign: dict | None = None,
        description: str = "",
    ) -> VBotCall:
        now = self.clock.now()
        valid = bool(DOMESTIC_PHONE.match(phone))
        call = self.planner.plan(
            "vbot",
            phone,
            now,
            max_ring=float(max_waiting_time if max_waiting_time > 0 else 30),
            max_talk=float(max_time) if max_time > 0 else None,
            outcome=None if valid else Outcome.REJECTED,
        )
        if not valid:
            call.extra["legacy_status"] = LEGACY_UNDEFINED_PHONE
        elif campaign is not None:
            call.extra["legacy_status"] = legacy_status(call)
        self.dialler.schedule(call, now + 1.0)
        placed = VBotCall(
            call, version, root_of(request), hotline_code, template_code, external_call_id,
            name, customer_uid, datas, campaign, description,
        )
        self.calls.append(placed)
        heapq.heappush(self._unreported, (call.end_at, len(self.calls), placed))
        self.by_trans_id[call.call_id] = placed
        if external_call_id:
            self.external_ids.add(external_call_id)
        self.ledger.record(
            "vbot", external_call_id or call.call_id, phone, now, call.call_id, endpoint=request.url.path
        )
        if call.outcome is Outcome.ANSWERED:
            self.ledger.decide(Answer("vbot", call.call_id, collected=tuple(
                (f["cfname"], str(f["cfvalue"])) for f in collected(placed))))
        log.debug("vbot call %s (%s) will end %s", call.call_id, external_call_id, call.outcome.value)
        return placed

    @staticmethod
    def _phone(value: object, field: str) -> str:
        check(isinstance(value, str) and bool(DOMESTIC_PHONE.match(value)), field, "định dạng 09xxxxxxxx")
        return value  # type: ignore[return-value]

    async def insert(self, request: Request, version: str) -> Response:
        """``callConfirm/insert``: one call."""
        body = await json_body(request)
        self._account(body, version)
        phone = self._phone(require(body, "phone", str), "phone")
        hotline = require(body, "hotline_code", str)
        template = require(body, "template_code", str)
        self._hotline_and_template(hotline, template)
        datas = self._datas(template, optional(body, "datas", dict, {}), "datas")
        external = self._external_id(body.get("external_call_id"), version, "external_call_id")
        placed = self._place(
            request, version, phone=phone, hotline_code=hotline, template_code=template,
            external_call_id=external, datas=datas,
            max_time=optional(body, "max_time", int, -1), max_waiting_time=optional(body, "max_waiting_time", int, 30),
        )
        return self.envelope(
            0, "Cuộc gọi được ghi nhận thành công", {"call_id": placed.trans_id, "phone": phone, "status": "pending"}
        )

    async def insert_list_phone(self, request: Request, version: str) -> Response:
        """``callConfirm/insertListPhone``: a batch; every entry is checked before any is dialled."""
        body = await json_body(request)
        self._account(body, version)
        hotline = require(body, "hotline_code", str)
        template = require(body, "template_code", str)
        infos = require(body, "phoneInfos", list)
        check(len(infos) > 0, "phoneInfos", "empty")
        self._hotline_and_template(hotline, template)
        entries = []
        for index, info in enumerate(infos):
            field = f"phoneInfos[{index}]"
            check(isinstance(info, dict), field, "must be an object")
            datas = info.get("datas")
            entries.append(
                {
                    "phone": self._phone(require(info, "phone", str, f"{field}."), f"{field}.phone"),
                    "name": optional(info, "name", str, ""),
                    "customer_uid": optional(info, "customerUid", str, ""),
                    "datas": None if datas is None else self._datas(template, datas, f"{field}.datas"),
                }
            )
        for entry in entries:
            self._place(request, version, hotline_code=hotline, template_code=template, **entry)
        batch_id = f"BATCH_{len(self.campaigns) + 1:06d}"
        self.campaigns.append({"batch_id": batch_id, "phone_count": len(entries)})
        return self.envelope(
            0, "Batch call campaign được tạo thành công",
            {"batch_id": batch_id, "phone_count": len(entries), "status": "processing"},
        )

    async def v3_create(self, request: Request, version: str) -> Response:
        """``/m-auto-call/api/call/create``: one call, answers ``data: true``."""
        body = await json_body(request)
        phone = self._phone(require(body, "phone", str), "phone")
        hotline = require(body, "hotline_code", str)
        template = require(body, "template_code", str)
        self._hotline_and_template(hotline, template)
        self._place(
            request, version, phone=phone, hotline_code=hotline, template_code=template,
            external_call_id=self._external_id(body.get("external_call_id"), version, "external_call_id"),
            name=optional(body, "name", str, ""), customer_uid=optional(body, "customer_uid", str, ""),
            datas=self._datas(template, optional(body, "datas", dict, {}), "datas"),
            max_time=optional(body, "max_time", int, -1), max_waiting_time=optional(body, "max_waiting_time", int, 30),
        )
        return modern_envelope(0, "success", True)

    async def v3_create_list_phone(self, request: Request, version: str) -> Response:
        """``/m-auto-call/api/call/create-list-phone``: at most 5 distinct phones (first occurrence kept)."""
        body = await json_body(request)
        infos = body.get("phone_infos")
        if not infos:
            raise VBotError(-1, "phone_infos không được để trống")
        check(isinstance(infos, list), "phone_infos", "must be a list")
        hotline = require(body, "hotline_code", str)
        template = require(body, "template_code", str)
        unique: dict[str, dict] = {}
        for index, info in enumerate(infos):
            field = f"phone_infos[{index}]"
            check(isinstance(info, dict), field, "must be an object")
            unique.setdefault(self._phone(require(info, "phone", str, f"{field}."), f"{field}.phone"), info)
        if len(unique) > MAX_LIST_PHONES:
            raise VBotError(403, f"Tối đa {MAX_LIST_PHONES} số điện thoại mỗi yêu cầu")
        self._hotline_and_template(hotline, template)
        entries = []
        for index, (phone, info) in enumerate(unique.items()):
            field = f"phone_infos[{index}]"
            entries.append(
                {
                    "phone": phone,
                    "external_call_id": self._external_id(info.get("external_call_id"), version,
                                                          f"{field}.external_call_id"),
                    "name": optional(info, "name", str, ""),
                    "customer_uid": optional(info, "customer_uid", str, ""),
                    "datas": self._datas(template, info.get("datas") or body.get("datas") or {}, f"{field}.datas"),
                }
            )
        for entry in entries:
            self._place(
                request, version, hotline_code=hotline, template_code=template,
                max_time=optional(body, "max_time", int, -1),
                max_waiting_time=optional(body, "max_waiting_time", int, 30), **entry,
            )
        return modern_envelope(0, "success", True)

    async def legacy_campaign_create(self, request: Request, version: str) -> Response:
        """``POST /api/campaign/create`` (seed 000): clone a template campaign and dial its phones."""
        try:
            body = await json_body(request)
            account = body.get("vbot_id") or body.get("vbotId")
            if not account or not (body.get("project_code") or body.get("groupCode")):
                raise Invalid(Problem.MISSING, "vbot_id/project_code")
            source_id = body.get("campaignID", body.get("campaignId"))
            name = require(body, "name", str)
            phones = require(body, "phones", list)
            check(isinstance(source_id, int | str) and str(source_id).isdigit(), "campaignId", "an integer")
            check(len(phones) > 0, "phones", "empty")
            rows = [legacy_fields(row, f"phones[{i}]") for i, row in enumerate(phones)]
            for i, fields in enumerate(rows):  # seed 000: numberCall is an Int
                check(fields.get("numberCall", "1").isdigit(), f"phones[{i}].numberCall", "an integer")
        except Invalid as problem:
            return legacy_envelope(201, f"Invalid parameter: {problem}", "-1")
        source = catalog.TEMPLATE_CAMPAIGNS.get(int(source_id))
        if source is None:
            return legacy_envelope(400, f"Template campaign {source_id} not found", "-1")
        self._next_campaign_id += 1
        campaign = {**source, "id": self._next_campaign_id, "name": name, "source": int(source_id), "rows": rows}
        self.campaigns.append(campaign)
        for fields in rows:
            datas = {k: v for k, v in fields.items() if k not in catalog.LEGACY_KEYS}
            self._place(
                request, version, phone=fields["phone"], hotline_code=source["hotline_code"],
                template_code=source["template_script_code"], name=fields.get("name", ""),
                datas=datas, campaign=campaign, description=fields.get("description", ""),
            )
        return legacy_envelope(0, "success", campaign["id"])

    # ---- catalogue -----------------------------------------------------------------------------------

    async def custom_fields(self, request: Request, version: str) -> Response:
        """``getCustomFieldInScript?template_script_code=``"""
        self._account(dict(request.query_params), version)
        code = request.query_params.get("template_script_code")
        if not code:
            raise Invalid(Problem.MISSING, "template_script_code")
        if code not in catalog.CUSTOM_FIELDS:
            raise VBotError(404, f"Không tìm thấy kịch bản {code}")
        return self.envelope(0, "Success", catalog.CUSTOM_FIELDS[code])

    def _filtered_templates(self, request: Request) -> list[dict]:
        query = request.query_params
        key = (query.get("key_search") or "").lower()
        status = query.get("status")
        return [
            t for t in catalog.TEMPLATES
            if (not key or key in t["name"].lower() or key in t["code"].lower())
            and (status in (None, "", "-1") or str(t["status"]) == status)
        ]

    async def templates(self, request: Request, version: str) -> Response:
        """``templateScript/getAll``"""
        self._account(dict(request.query_params), version)
        return self.envelope(0, "Success", self._page_of(self._filtered_templates(request), request, default_size=20))

    async def templates_count(self, request: Request, version: str) -> Response:
        """``templateScript/countAll``"""
        self._account(dict(request.query_params), version)
        return self.envelope(0, "Success", len(self._filtered_templates(request)))

    async def v3_templates(self, request: Request, version: str) -> Response:
        """``/m-auto-call/api/template-script/get-all``"""
        rows = self._page_of(self._filtered_templates(request), request, default_size=20)
        return modern_envelope(0, "success", rows)

    async def v3_templates_count(self, request: Request, version: str) -> Response:
        """``/m-auto-call/api/template-script/count``"""
        return modern_envelope(0, "success", len(self._filtered_templates(request)))

    async def hotlines(self, request: Request, version: str) -> Response:
        """``hotline/getAll``; v3 items add ``hotline_type``."""
        self._account(dict(request.query_params), version)
        items = [
            {k: v for k, v in h.items() if version == V3 or k != "hotline_type"} for h in catalog.HOTLINES
        ]
        return self.envelope(0, "Success", items)

    # ---- results -------------------------------------------------------------------------------------

    def _ended(self) -> list[VBotCall]:
        """Finished calls, newest first: what the CDR and the history list."""
        now = self.clock.now()
        done = [c for c in self.calls if c.call.ended(now)]
        return sorted(done, key=lambda c: (c.call.placed_at, c.trans_id), reverse=True)

    def _cdr_rows(self, request: Request) -> list[VBotCall]:
        query = request.query_params
        rows = self._ended()
        if query.get("bot_id") not in (None, "", "-1"):
            bots = {t["bot_id"] for t in catalog.TEMPLATES}
            if query["bot_id"] not in bots:
                raise VBotError(803, "Không có quyền xem CDR của bot này")
            rows = [c for c in rows if template_of(c.template_code)["bot_id"] == query["bot_id"]]
        filters: list[Callable[[VBotCall], bool]] = []
        if code := query.get("template_script_code"):
            filters.append(lambda c: c.template_code == code)
        if disposition := query.get("disposition"):
            filters.append(lambda c: results_of(c.call)[1] == disposition.upper())
        if campaign := query.get("campaign_code"):
            filters.append(lambda c: c.campaign is not None and str(c.campaign["id"]) == campaign)
        if hotline := query.get("hotline"):
            filters.append(lambda c: c.hotline_code == hotline)
        if key := query.get("key") or query.get("member"):
            filters.append(lambda c: key in c.call.phone or key.lower() in c.name.lower())
        if status := query.get("status"):
            filters.append(lambda c: str(cdr_status(c)) == status)
        if start := int_param(request, "start_date"):
            filters.append(lambda c: c.call.placed_at * 1000 >= start)
        if end := int_param(request, "end_date"):
            filters.append(lambda c: c.call.placed_at * 1000 <= end)
        return [c for c in rows if all(f(c) for f in filters)]

    async def cdr(self, request: Request, version: str) -> Response:
        """``campaignCall/cdr/getAll``"""
        self._account(dict(request.query_params), version)
        rows = self._page_of(self._cdr_rows(request), request, default_size=20)
        return self.envelope(0, "Success", [cdr_item(c) for c in rows])

    async def cdr_count(self, request: Request, version: str) -> Response:
        """``campaignCall/cdr/countAll``"""
        self._account(dict(request.query_params), version)
        return self.envelope(0, "Success", len(self._cdr_rows(request)))

    async def v3_cdr(self, request: Request, version: str) -> Response:
        """``/m-auto-call/api/cdr/get-all``: camelCase items, page size 10 by default."""
        rows = self._page_of(self._cdr_rows(request), request, default_size=10)
        return modern_envelope(0, "success", [camel(cdr_item(c)) for c in rows])

    async def v3_cdr_count(self, request: Request, version: str) -> Response:
        """``/m-auto-call/api/cdr/count``"""
        return modern_envelope(0, "success", len(self._cdr_rows(request)))

    def _history_rows(self, request: Request) -> list[VBotCall]:
        rows = self._ended()
        scale = 1000.0 if self.config.vbot_history_time_unit == "ms" else 1.0
        if phone := request.query_params.get("phone"):
            rows = [c for c in rows if c.call.phone == phone]
        if (start := int_param(request, "from")) is not None:
            rows = [c for c in rows if c.call.placed_at * scale >= start]
        if (end := int_param(request, "to")) is not None:
            rows = [c for c in rows if c.call.placed_at * scale <= end]
        return rows

    async def history(self, request: Request, version: str) -> Response:
        """``crm/historycall/getAll?phone&page&size[&from&to]``"""
        self._account(dict(request.query_params), version)
        rows = self._page_of(self._history_rows(request), request, default_size=20)
        return self.envelope(0, "success", [self._history_item(c) for c in rows])

    async def history_count(self, request: Request, version: str) -> Response:
        """``crm/historycall/countAll``"""
        self._account(dict(request.query_params), version)
        return self.envelope(0, "success", len(self._history_rows(request)))

    async def recording(self, request: Request, version: str) -> Response:
        """``crm/historycall/record/{trans_id}``: the audio bytes, or 404 when the call has none."""
        placed = self.by_trans_id.get(request.path_params["trans_id"])
        if placed is None or not placed.call.ended(self.clock.now()) or not placed.call.has_recording:
            raise VBotError(404, "Không có file ghi âm")
        audio = render_wav(placed.trans_id, placed.call.billsec, self.config.recording_sample_rate)
        return Response(
            audio, media_type=AUDIO_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{placed.trans_id}.wav"'},
        )

    def _page_of(self, rows: list, request: Request, default_size: int) -> list:
        return page_of(rows, request, default_size, page_zero_is_first=self.config.vbot_lenient_page_zero)

    def _local(self, epoch: float) -> str:
        zone = timezone(timedelta(seconds=self.config.vbot_utc_offset_seconds))
        return datetime.fromtimestamp(epoch, zone).strftime("%m/%d/%Y %H:%M:%S")

    def _history_item(self, placed: VBotCall) -> dict:
        call = placed.call
        disposition = results_of(call)[0]
        hotline = next(h for h in catalog.HOTLINES if h["hotline_code"] == placed.hotline_code)

        def party(phone: str, source: str) -> dict:
            return {
                "phone": phone,
                "vbot_id": self.credentials["vbot_id"],
                "date_create": self._local(call.start_at or call.placed_at),
                "disposition": disposition,
                "time_call": str(call.billsec),
                "postage": call.cost,
                "duration_call": call.duration,
                "source": source,
                "member_no": "",
            }

        return {
            "hotline_number": hotline["hotline_number"],
            "date_create": self._local(call.placed_at),
            "caller": [party(hotline["hotline_number"], "SIP")],
            "callee": [party(call.phone, "Phone")],
            "time_call": str(call.billsec),
            "duration_call": str(call.duration),
            "type_call": "CALLOUT",
            "group_id": placed.group_id,
            "disposition": disposition,
            "record_file": [self._record_file(placed)] if call.has_recording else [],
            "external_call_id": placed.external_call_id,
        }

    def _call_history(self, placed: VBotCall) -> dict:
        """Seed 000's "Call History" webhook body: its fields flat, ``data`` the call's history item (seed 003),
        ``disposition`` in the seed's upper case."""
        item = self._history_item(placed)
        callee = item["callee"][0]
        return {
            "status": 1, "data": [item], "hotline_number": item["hotline_number"], "date_create": item["date_create"],
            "time_call": item["time_call"], "type_call": item["type_call"], "caller": item["caller"],
            "callee": item["callee"], "postage": str(callee["postage"]), "source": callee["source"],
            "event_data": "CALL_HISTORY", "disposition": item["disposition"].upper(),
            "record_file": item["record_file"][0] if item["record_file"] else "", "message": "success", "error": 0,
        }

    def _record_file(self, placed: VBotCall) -> str:
        """A ``record_file`` entry: the trans_id ``record/{trans_id}`` takes, or a URL (``vbot_record_file``)."""
        if self.config.vbot_record_file == "url":
            return placed.record_url(self.config.vbot_record_host)
        return placed.trans_id

    # ---- webhooks ------------------------------------------------------------------------------------

    def sync(self, now: float) -> None:
        """Queue the webhooks of every call that has ended by ``now`` and was not reported yet, in the order the
        calls were placed."""
        ended = []
        while self._unreported and self._unreported[0][0] <= now:
            ended.append(heapq.heappop(self._unreported))
        url = self.config.webhook_url
        for _end, _place, placed in sorted(ended, key=lambda entry: entry[1]):
            if not url:
                continue
            headers = dict([self.config.webhook_auth_header]) if self.config.webhook_auth_header else {}
            end = placed.call.end_at or now
            if "CALL_HISTORY" in self.config.vbot_webhook_events:
                self.outbox.post("vbot:CALL_HISTORY", url, self._call_history(placed), end, headers)
            if placed.campaign is not None:
                self.outbox.post("vbot:AUTO_CALL_HISTORY", url, legacy_history(placed), end, headers)
                continue
            events = self.config.vbot_webhook_events
            log_data = auto_call_log(placed)
            recording = {"transId": placed.trans_id, "externalCallId": placed.external_call_id,
                         "recordUrl": placed.record_url()}
            if "AUTO_CALL_LOG" in events:
                self.outbox.post("vbot:AUTO_CALL_LOG", url, {"event": "AUTO_CALL_LOG", "data": log_data}, end, headers)
            if "AUTO_CALL_RECORDING" in events and placed.call.has_recording:
                self.outbox.post(
                    "vbot:AUTO_CALL_RECORDING", url, {"event": "AUTO_CALL_RECORDING", "data": recording},
                    end + 2.0, headers,
                )
            if "AUTO_CALL_COMPLETE" in events:
                complete = {
                    "autoCallLog": log_data,
                    "autoCallAIExtraction": {"transId": placed.trans_id, "externalCallId": placed.external_call_id,
                                             "callCollectedData": log_data["callCollectedData"]},
                    "autoCallRecording": recording if placed.call.has_recording else None,
                }
                self.outbox.post("vbot:AUTO_CALL_COMPLETE", url, {"event": "AUTO_CALL_COMPLETE", "data": complete},
                                 end + 2.0, headers)


# ---- envelopes and item shapes -------------------------------------------------------------------------


def modern_envelope(error_code: int, msg: str, data: object) -> JSONResponse:
    return JSONResponse({"status": 200 if error_code == 0 else 500, "msg": msg, "errorCode": error_code, "data": data})


def legacy_envelope(error: int, msg: str, data: object) -> JSONResponse:
    return JSONResponse(
        {"status": 1 if error == 0 else 0, "error": error, "msg": msg, "data": data},
        status_code=200 if error == 0 else 500,
    )


def oauth_error(code: str, description: str) -> JSONResponse:
    return JSONResponse({"error": code, "error_description": description}, status_code=400)


async def json_body(request: Request) -> dict:
    return parse_json_object(await request.body())


def root_of(request: Request) -> str:
    """The server root as this client reached it (the /vbot, /nxcloud ... prefixes live below it)."""
    return str(request.base_url).rstrip("/")


def int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, "", "-1"):
        return None
    check(value.lstrip("-").isdigit(), name, "must be an integer")
    return int(value)


def page_of(rows: list, request: Request, default_size: int, *, page_zero_is_first: bool = False) -> list:
    """Page ``page`` (from 1; no page given is page 1) of ``size`` rows. ``page=0`` is refused unless
    ``page_zero_is_first`` (the documents do not say where pages start)."""
    page = int_param(request, "page")
    page = 1 if page is None or (page == 0 and page_zero_is_first) else page
    size = int_param(request, "size") or default_size
    check(page >= 1 and size >= 1, "page/size", "must be positive (pages count from 1)")
    return rows[(page - 1) * size : page * size]


#: A legacy call that reports status 4 (CANCEL) is a cancelled call in the CDR and the history too.
CANCELLED = ("cancel", "CANCEL", 487, 4)


def results_of(call: Call) -> tuple[str, str, int, int]:
    """(history disposition, CDR disposition, SIP code, legacy status) of a call, as RESULTS gives them for its
    outcome, or those of a cancelled call when its legacy status is 4."""
    return CANCELLED if call.extra.get("legacy_status") == 4 else RESULTS[call.outcome]


def legacy_status(call: Call) -> int:
    """The legacy webhook status of a call placed by a legacy campaign: its outcome's code, turning through seed
    000's variants of that outcome by the call's sequence number so every documented code occurs."""
    variants = LEGACY_VARIANTS.get(call.outcome)
    if not variants:
        return RESULTS[call.outcome][3]
    return variants[int(call.call_id[2:10]) % len(variants)]


def template_of(code: str) -> dict:
    return next(t for t in catalog.TEMPLATES if t["code"] == code)


def legacy_fields(row: object, where: str) -> dict[str, str]:
    check(isinstance(row, dict), where, "must be an object")
    fields = require(row, "fields", list, f"{where}.")  # type: ignore[arg-type]
    values: dict[str, str] = {}
    for i, item in enumerate(fields):
        check(isinstance(item, dict), f"{where}.fields[{i}]", "must be an object")
        key = require(item, "key", str, f"{where}.fields[{i}].")
        values[key] = str(require(item, "value", (str, int, float), f"{where}.fields[{i}]."))
    check("phone" in values, f"{where}.fields", "needs a phone field")
    return values


def cdr_status(placed: VBotCall) -> int:
    return 1 if placed.call.outcome is Outcome.ANSWERED else 0


def collected(placed: VBotCall) -> list[dict]:
    """What the bot collected: the script's fields as the call confirmed them ([UNDOC] values: the data sent);
    nothing from a call nobody answered."""
    if placed.call.outcome is not Outcome.ANSWERED:
        return []
    names = {f["cfkey"]: f["cfname"] for f in catalog.CUSTOM_FIELDS.get(placed.template_code, [])}
    return [{"cfkey": k, "cfname": names.get(k, k), "cfvalue": v} for k, v in (placed.datas or {}).items()]


def ms(epoch: float | None) -> int | None:
    return None if epoch is None else int(epoch * 1000)


def cdr_item(placed: VBotCall) -> dict:
    call = placed.call
    template = template_of(placed.template_code)
    _, disposition, sip, _ = results_of(call)
    campaign = placed.campaign or {}
    return {
        "phone": call.phone,
        "name": placed.name,
        "customer_uid": placed.customer_uid,
        "duration": call.duration,
        "billsec": call.billsec,
        "sip_code": sip,
        "disposition": disposition,
        "input_log": "",
        "status": cdr_status(placed),
        "postage": call.cost,
        "call_collected_data": collected(placed),
        "answer_at": ms(call.answer_at),
        "end_call_at": ms(call.end_at),
        "campaign_id": campaign.get("id"),
        "campaign_name": campaign.get("name", ""),
        "voice_text": template["content"] if call.outcome is Outcome.ANSWERED else "",
        "create_at": ms(call.placed_at),
        "bot_id": template["bot_id"],
        "trans_id": placed.trans_id,
        "external_call_id": placed.external_call_id,
        "template_script_code": placed.template_code,
        "hotline_code": placed.hotline_code,
        "is_record": call.has_recording,
    }


def camel(item: dict) -> dict:
    def convert(name: str) -> str:
        head, *rest = name.split("_")
        return head + "".join(part.title() for part in rest)

    return {convert(k): v for k, v in item.items()}


def auto_call_log(placed: VBotCall) -> dict:
    item = cdr_item(placed)
    return {
        "phone": item["phone"],
        "duration": item["duration"],
        "billsec": item["billsec"],
        "disposition": item["disposition"],
        "hotlineCode": placed.hotline_code,
        "inputLog": "",
        "voiceText": item["voice_text"],
        "postage": item["postage"],
        "serviceCharge": 0.0,
        "memberNo": "",
        "answerAt": item["answer_at"],
        "endCallAt": item["end_call_at"],
        "createAt": item["create_at"],
        "botId": item["bot_id"],
        "campaignName": item["campaign_name"],
        "templateScriptCode": placed.template_code,
        "transId": placed.trans_id,
        "telcoCode": "VIETTEL",
        "callNet": "MOBILE",
        "metaData": json.dumps({"name": placed.name, "customerUid": placed.customer_uid}, ensure_ascii=False),
        "externalCallId": placed.external_call_id,
        "callCollectedData": json.dumps(item["call_collected_data"], ensure_ascii=False),
    }


def legacy_history(placed: VBotCall) -> dict:
    """Seed 000's "Auto Call History" webhook body."""
    call = placed.call
    status = call.extra.get("legacy_status", RESULTS[call.outcome][3])
    return {
        "campaign_id": placed.campaign["id"] if placed.campaign else None,
        "create_at": datetime.fromtimestamp(call.placed_at, timezone.utc).isoformat(),
        "hotline": placed.hotline_code,
        "phone": call.phone,
        "name": placed.name,
        "description": placed.description,
        "status": status,
        "time_call": call.billsec,
        "postage": call.cost,
        "service_charge": 0.0,
        "action_log": "",
        "event_data": "AUTO_CALL",
    }
