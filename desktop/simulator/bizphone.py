"""BizPhone Robo call API (B3Networks; docs/providers.md and seed 004): ``POST /v1/call`` and
``GET /v1/status/{requestId}``, authenticated by ``x-credential-api-key``.

Calls queue in order behind the organisation's free concurrent-call capacity
(``bizphone_org_concurrency`` minus ``bizphone_app_busy_channels``, the live app calls). The document's
enumerations are all cut off, so the vocabulary below is the simulator's [UNDOC] choice (override any word
with ``bizphone_words``), built around the few values the sample shows:
- request ``status``: ``submitted`` (the POST reply) · ``onProgress`` · ``completed``;
- per-call ``status``: ``queued`` · ``onProgress`` · ``completed``;
- step ``call_state``: ``queued`` · ``ringing`` · ``ongoing`` · ``ended``; ``call_status``: ``answered`` ·
  ``no_answer`` · ``busy`` · ``rejected`` · ``failed``;
- step ``status``: ``sucess_ok`` (sic) when a step ran, ``error_concurrent_call_limit_reache`` (sic) while a
  call waits for a free channel, ``error_<call_status>`` when the call was not answered;
- ``transfer_status``: ``answered`` · ``no_answer`` · ``busy``.
A wrong or missing key is 401 ``{status, message}``; bad input is 400 ``{status: "error", message}``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from desktop.simulator.bizphone_flow import E164, FlowRun, check_flow, play_out
from desktop.simulator.calls import Call, CallPlanner, Dialler, Outcome, Phase, SimClock
from desktop.simulator.config import SimulatorConfig
from desktop.simulator.ledger import Answer, Ledger
from desktop.simulator.validation import Invalid, check, optional, parse_json_object, require

log = logging.getLogger(__name__)

WORDS = {
    "submitted": "submitted",
    "in_progress": "onProgress",
    "completed": "completed",
    "queued": "queued",
    "ringing": "ringing",
    "ongoing": "ongoing",
    "ended": "ended",
    "step_ok": "sucess_ok",
    "step_waiting": "error_concurrent_call_limit_reache",
    "answered": "answered",
    "no_answer": "no_answer",
    "busy": "busy",
    "rejected": "rejected",
    "failed": "failed",
}


@dataclass(eq=False)
class Destination:
    phone: str
    caller: str
    call: Call
    run: FlowRun | None  # None when the call is not answered


@dataclass(eq=False)
class RoboRequest:
    request_id: str
    flow: dict
    recording: bool
    destinations: list[Destination]


class BizPhoneProvider:
    def __init__(self, config: SimulatorConfig, clock: SimClock, planner: CallPlanner, ledger: Ledger) -> None:
        self.config = config
        self.clock = clock
        self.planner = planner
        self.ledger = ledger
        self.words = {**WORDS, **config.bizphone_words}
        self.requests: dict[str, RoboRequest] = {}
        self.dialler = Dialler(max(1, config.bizphone_org_concurrency - config.bizphone_app_busy_channels))

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v1/call", self.queue_up_call, methods=["POST"]),
            Route("/v1/status/{request_id}", self.check_call_status, methods=["GET"]),
        ]

    def _authenticated(self, request: Request) -> bool:
        return request.headers.get("x-credential-api-key") == self.config.credentials["bizphone_api_key"]

    def error_for_fault(self, path: str, code: int) -> Response:
        return bad(f"simulated fault {code}", status=code or 500)

    async def queue_up_call(self, request: Request) -> Response:
        if not self._authenticated(request):
            return bad("invalid x-credential-api-key", status=401)
        try:
            body = parse_json_object(await request.body())
            request_id = require(body, "requestId", str)
            check(bool(request_id.strip()), "requestId", "empty")
            destinations = require(body, "destinations", list)
            check(0 < len(destinations) <= self.config.bizphone_max_destinations, "destinations",
                  f"1..{self.config.bizphone_max_destinations} destinations")
            for index, item in enumerate(destinations):
                where = f"destinations[{index}]"
                check(isinstance(item, dict), where, "must be an object")
                phone = require(item, "phone", str, f"{where}.")
                check(bool(E164.match(phone)), f"{where}.phone", "E.164, e.g. +6588893322")
                caller = optional(item, "caller", str, None, f"{where}.")
                check(caller is None or bool(E164.match(caller)), f"{where}.caller", "E.164")
                optional(item, "properties", dict, {}, f"{where}.")
            recording = optional(body, "enableCallRecording", bool, False)
            check_flow(body.get("callFlow"), "callFlow", self.config)
        except Invalid as problem:
            return bad(str(problem))
        now = self.clock.now()
        if request_id in self.requests:
            for item in destinations:
                self.ledger.record("bizphone", request_id, item["phone"], now, "", dialled=False, endpoint="/v1/call")
            return bad(f"requestId {request_id} already exists")
        robo = RoboRequest(request_id, body["callFlow"], recording, [
            self._dial(request_id, item, body["callFlow"], recording, now) for item in destinations
        ])
        self.requests[request_id] = robo
        log.debug("bizphone request %s queued %d calls", request_id, len(robo.destinations))
        reply = self._status_of(robo, now)
        reply["status"] = self.words["submitted"]
        return JSONResponse(reply)

    def _dial(self, request_id: str, item: dict, flow: dict, recording: bool, now: float) -> Destination:
        call = self.planner.plan("bizphone", item["phone"], now, max_ring=30.0)
        call.record = recording
        run = None
        if call.outcome is Outcome.ANSWERED:
            run = play_out(flow, item.get("properties") or {}, self.planner.rng, self.config.bizphone_press_probability)
            call.talk_seconds = round(run.seconds, 3)
        self.dialler.schedule(call, now + 0.5)
        self.ledger.record("bizphone", request_id, item["phone"], now, call.call_id, endpoint="/v1/call")
        if run is not None:
            self.ledger.decide(Answer("bizphone", call.call_id,
                                      pressed=tuple(step.pressed for step in run.steps if step.name == "gather")))
        return Destination(item["phone"], item.get("caller") or "", call, run)

    async def check_call_status(self, request: Request) -> Response:
        if not self._authenticated(request):
            return bad("invalid x-credential-api-key", status=401)
        robo = self.requests.get(request.path_params["request_id"])
        if robo is None:
            return bad(f"requestId {request.path_params['request_id']} not found", status=404)
        return JSONResponse(self._status_of(robo, self.clock.now()))

    def _status_of(self, robo: RoboRequest, now: float) -> dict:
        details = [self._detail(robo, d, now) for d in robo.destinations]
        done = all(d.call.ended(now) for d in robo.destinations)
        return {
            "requestId": robo.request_id,
            "status": self.words["completed" if done else "in_progress"],
            "details": details,
        }

    def _detail(self, robo: RoboRequest, destination: Destination, now: float) -> dict:
        call = destination.call
        phase = call.phase(now)
        words = self.words
        state = {Phase.QUEUED: "queued", Phase.RINGING: "ringing", Phase.IN_CALL: "ongoing",
                 Phase.ENDED: "ended"}[phase]
        first_step = robo.flow["steps"][0]["name"]
        monitor = []
        if phase is Phase.QUEUED or phase is Phase.RINGING or destination.run is None:
            waiting = phase is Phase.QUEUED and (call.start_at or now) > call.placed_at + 0.5
            status = (words["step_waiting"] if waiting
                      else f"error_{words[call.outcome.value]}" if phase is Phase.ENDED else "")
            steps = [step_entry(first_step, words[state], words[call.outcome.value] if phase is Phase.ENDED else "",
                                status)]
        else:
            elapsed = now - (call.answer_at or now)
            steps = []
            for run in destination.run.steps:
                if run.at > elapsed:
                    break
                steps.append(step_entry(run.name, words[state], words["answered"], words["step_ok"], run.pressed,
                                        words.get(run.transfer_status, run.transfer_status)))
                if run.transfer_to:
                    target = run.transfer_to.removeprefix("Ext:")
                    monitor.append({"uuid": f"{call.call_id}-t", "type": "transfer",
                                    "dest": f"{destination.phone} {target}"})
        call_status = (words["completed"] if phase is Phase.ENDED
                       else words["queued"] if phase is Phase.QUEUED else words["in_progress"])
        return {
            "requestId": robo.request_id,
            "caller": destination.caller,
            "destination": destination.phone,
            "status": call_status,
            "callFlowSteps": steps,
            "monitorData": [{"uuid": call.call_id, "type": "call", "dest": destination.phone}, *monitor],
        }


def step_entry(name: str, call_state: str, call_status: str, status: str, pressed: str = "",
               transfer: str = "") -> dict:
    return {
        "stepName": name,
        "info": {"call_state": call_state, "call_status": call_status, "status": status,
                 "userPressedDigits": pressed, "transfer_status": transfer},
    }


def bad(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"status": "error", "message": message}, status_code=status)
