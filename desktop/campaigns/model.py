"""Campaigns as the engine and the forms see them: states, per-provider settings, and their JSON.

The campaign form edits one settings dataclass per provider (every field of issue 7, bullet 1); the store keeps it
as JSON in ``campaigns.settings`` (:func:`settings_to_json` / :func:`settings_from_json`), and dispatch turns it into
the provider client's batch options (:meth:`CampaignSettings.batch_options`). ``field_map`` (template field →
contact column) is frozen into the settings at launch, so a resumed dispatch speaks exactly what the confirmed one
did even if the saved mapping changed in between.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal

from desktop.providers.nxcloud.calling_window import CallingWindow
from desktop.contacts.fields import TemplateField, fields_from_names, placeholders
from desktop.providers.bizphone.client import BizPhoneBatchOptions, CallFlow
from desktop.providers.nxcloud.client import FuncFlag, NxBatchOptions, TaskCreateSetting
from desktop.providers.vbot.client import VBotBatchOptions


class CampaignState(StrEnum):
    DRAFT = "draft"  # being set up; nothing sent
    DISPATCHING = "dispatching"  # batches are being sent (or were, when the app died: see needs_reconciliation)
    PAUSED = "paused"  # dispatch paused by the user or the circuit breaker; resume continues
    RUNNING = "running"  # every contact sent or settled; calls still resolving on the provider
    FINISHED = "finished"  # every contact final
    CANCELLED = "cancelled"  # dispatch cancelled; what was sent still resolves and is still polled


class Dispatch(StrEnum):
    """Where a contact is in the journal → send → mark cycle (``calls.dispatch``)."""

    PENDING = "pending"  # not sent yet (or proven not received, to be sent again with the same key)
    IN_FLIGHT = "in_flight"  # journalled and possibly sent: only reconciliation may decide what happened
    SENT = "sent"  # the provider has it
    REFUSED = "refused"  # the provider refused this contact (calls.error says why)
    NOT_SENT = "not_sent"  # we will not send it (cancelled, called in an earlier campaign; calls.error says why)


class BatchState(StrEnum):
    PLANNED = "planned"  # to be (re)sent with its journalled keys
    IN_FLIGHT = "in_flight"  # journalled before sending; no reply recorded yet
    SENT = "sent"  # the reply was recorded
    FAILED = "failed"  # the request failed in a way that may have reached the provider: reconcile
    RECONCILED = "reconciled"  # every contact settled by asking the provider
    CANCELLED = "cancelled"  # planned again, then the campaign was cancelled


StartupType = Literal["manual", "scheduled", "immediate"]
NX_STARTUP = {"manual": 1, "scheduled": 2, "immediate": 3}


@dataclass(frozen=True, kw_only=True)
class CampaignSettings:
    provider: ClassVar[str]
    #: The first accepted batch opens the campaign on the provider (NXCLOUD: createAndCall makes the task), so
    #: batches go one at a time until a reply shows it exists.
    opens_remote_task: ClassVar[bool] = False
    #: Do not dial numbers that an earlier campaign already sent (they are listed with the reason instead).
    skip_called_before: bool = True
    #: Template field key → contact column; frozen at launch.
    field_map: Mapping[str, str] = field(default_factory=dict)

    @property
    def script_code(self) -> str:
        """VBot template code / NXCLOUD sceneID; empty for BizPhone (its script is the call flow)."""
        return ""

    @property
    def mapping_scope_key(self) -> str:
        """The ``<template>`` part of the saved-mapping scope ``<provider>:<template>``."""
        return self.script_code

    @property
    def caller(self) -> str | None:
        return None

    @property
    def calls_by_phone(self) -> bool:
        """The provider places these calls without our keys (VBot legacy): its records are searched by phone."""
        return False

    def batch_options(self, at: datetime) -> Any:
        raise NotImplementedError

    def static_fields(self) -> list[TemplateField] | None:
        """Template fields known without asking the provider (None: ask it, as for VBot)."""
        return None

    def problems(self) -> list[str]:
        """What in the settings themselves blocks a launch, in words for the preflight."""
        return []

    def warnings(self) -> list[str]:
        """What the operator should know before launching, without blocking it."""
        return []


@dataclass(frozen=True, kw_only=True)
class VBotCampaignSettings(CampaignSettings):
    provider: ClassVar[str] = "vbot"
    mode: Literal["batch", "legacy", "single"] = "batch"
    template_code: str = ""
    hotline_code: str = ""
    max_time: int = -1  # seconds of talk, -1 = unlimited
    max_waiting_time: int = 30  # seconds of ringing
    legacy_campaign_id: int | None = None  # the template campaign the legacy mode clones

    @property
    def script_code(self) -> str:
        return self.template_code

    @property
    def caller(self) -> str | None:
        return self.hotline_code or None

    @property
    def calls_by_phone(self) -> bool:
        return self.mode == "legacy"

    def batch_options(self, at: datetime) -> VBotBatchOptions:
        return VBotBatchOptions(max_time=self.max_time, max_waiting_time=self.max_waiting_time,
                                legacy_campaign_id=self.legacy_campaign_id if self.mode == "legacy" else None)

    def warnings(self) -> list[str]:
        if self.mode != "legacy":
            return []
        return ["VBot has deprecated the legacy campaign API, and its request carries no per-call key, so it cannot "
                "be retried safely: the list is sent once, and if VBot's reply is lost the list is held as in doubt "
                "(check the VBot console) and never sent again automatically. Batch mode has neither limit."]

    def problems(self) -> list[str]:
        found = []
        if self.mode == "legacy" and self.legacy_campaign_id is None:
            found.append("Enter the ID of the VBot template campaign the legacy mode clones.")
        if not self.template_code:
            found.append("Choose a VBot template.")
        if self.max_waiting_time <= 0:
            found.append("The VBot waiting time must be at least one second.")
        return found


@dataclass(frozen=True, kw_only=True)
class NxCampaignSettings(CampaignSettings):
    provider: ClassVar[str] = "nxcloud"
    opens_remote_task: ClassVar[bool] = True
    scene_id: str = ""
    strategy_name: str = ""  # "" = the account's default strategy
    startup_type: StartupType = "immediate"
    startup_at: float | None = None  # epoch seconds, for "scheduled"
    window: CallingWindow = field(default_factory=CallingWindow)
    max_call: int = 5
    max_ring_time: int = 30
    route_id: str = ""
    task_name: str = ""
    task_keep: bool = False
    round_redial: bool = False
    whole_tts: bool = True
    sms_enable: bool = False
    phone_encrypt: bool = False
    variables: tuple[str, ...] = ()  # the scene's variable names (no API lists them)

    @property
    def script_code(self) -> str:
        return self.scene_id

    def batch_options(self, at: datetime) -> NxBatchOptions:
        nx = self.window.to_nx(at)
        task = TaskCreateSetting(
            strategy_name=self.strategy_name, startup_type=NX_STARTUP[self.startup_type],
            startup_at=int(self.startup_at or 0), zone_second=nx["zoneSecond"], dial_at_week_day=nx["dialAtWeekDay"],
            dial_at_up_hour=nx["dialAtUpHour"], dial_at_down_hour=nx["dialAtDownHour"], max_call=self.max_call,
            task_name=self.task_name, max_ring_time=self.max_ring_time, route_id=self.route_id,
        )
        # NXCLOUD ends a task that has no orders left, and refuses orders for an ended task; batches arrive over
        # time (and after a resume, much later), so the task is always kept open while we send. When every order
        # is final, the poller completes it unless the operator asked to keep it (``task_keep``).
        flags = FuncFlag(task_keep=True, round_redial=self.round_redial,
                         whole_tts=self.whole_tts or bool(self.variables), sms_enable=self.sms_enable,
                         phone_encrypt=self.phone_encrypt)
        return NxBatchOptions(task=task, flags=flags)

    def static_fields(self) -> list[TemplateField]:
        return fields_from_names(self.variables)

    def problems(self) -> list[str]:
        found = []
        if not self.scene_id:
            found.append("Choose the NXCLOUD scene (sceneID).")
        if self.window.empty:
            found.append("The calling window has no open slot: pick at least one weekday and one half-hour.")
        if self.startup_type == "scheduled" and not self.startup_at:
            found.append("Choose when the scheduled NXCLOUD task starts.")
        if self.max_call < 1:
            found.append("Allow at least one concurrent NXCLOUD call (maxCall).")
        return found


@dataclass(frozen=True, kw_only=True)
class BizPhoneCampaignSettings(CampaignSettings):
    provider: ClassVar[str] = "bizphone"
    caller_id: str = ""  # E.164; "" = the account's default
    enable_recording: bool = False
    call_flow: Mapping[str, Any] = field(default_factory=dict)  # BizPhone's callFlow JSON: {"steps": [...]}
    flow_name: str = ""  # the saved flow it came from (the mapping scope)

    @property
    def mapping_scope_key(self) -> str:
        return self.flow_name or "flow"

    @property
    def caller(self) -> str | None:
        return self.caller_id or None

    def flow(self) -> CallFlow:
        return CallFlow.from_json(dict(self.call_flow), provider="bizphone")

    def batch_options(self, at: datetime) -> BizPhoneBatchOptions:
        return BizPhoneBatchOptions(call_flow=self.flow(), enable_call_recording=self.enable_recording)

    def static_fields(self) -> list[TemplateField]:
        return fields_from_names(name for text in _messages(self.call_flow) for name in placeholders(text))

    def problems(self) -> list[str]:
        if not self.call_flow:
            return ["Build or choose a BizPhone call flow."]
        try:
            self.flow().check()
        except Exception as exc:  # BadResponseError / InvalidRequestError: both say what is wrong
            return [str(exc)]
        return []


def _messages(flow: Any) -> Iterator[str]:
    """Every ``message.msg`` in a call-flow tree (branches nest flows)."""
    for step in (flow or {}).get("steps", []) if isinstance(flow, Mapping) else []:
        message = step.get("message") if isinstance(step, Mapping) else None
        if isinstance(message, Mapping) and isinstance(message.get("msg"), str):
            yield message["msg"]
        for branch in step.get("branches", []) if isinstance(step, Mapping) else []:
            yield from _messages(branch.get("callFlow") if isinstance(branch, Mapping) else None)


SETTINGS_TYPES: dict[str, type[CampaignSettings]] = {
    cls.provider: cls for cls in (VBotCampaignSettings, NxCampaignSettings, BizPhoneCampaignSettings)
}


def settings_to_json(settings: CampaignSettings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, CallingWindow):
            value = value.to_json()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = dict(value)
        out[f.name] = value
    return out


def settings_from_json(provider: str, data: Mapping[str, Any]) -> CampaignSettings:
    """Settings from stored JSON; keys this version does not know are ignored (a newer app wrote them)."""
    cls = SETTINGS_TYPES[provider]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "window":
            value = CallingWindow.from_json(value)
        elif f.name == "variables":
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


@dataclass
class Campaign:
    name: str
    account_id: int
    list_id: int
    provider: str
    settings: CampaignSettings
    state: CampaignState = CampaignState.DRAFT
    key: str = ""  # our campaign key, made at creation: NXCLOUD's userTaskID
    id: int | None = None
    created_at: str = ""
