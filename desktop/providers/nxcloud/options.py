"""An NXCLOUD campaign: the scene, how its task starts, the calling window and the task's flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from desktop.i18n import _
from desktop.providers.base import CampaignOptions, CheckItem, Level, TaskState, TemplateField, fields_from_names
from desktop.providers.nxcloud.calling_window import ALL_DAYS, ALL_SLOTS, CallingWindow
from desktop.providers.nxcloud.wire import FuncFlag, ManualCallSetting, SmsFuncFlag, TaskCreateSetting

if TYPE_CHECKING:
    from desktop.providers.base import ProviderClient

StartupType = Literal["manual", "scheduled", "immediate"]
NX_STARTUP = {"manual": 1, "scheduled": 2, "immediate": 3}
#: ``manualCallSetting.dispatchType`` as seed 002 lists it: 0 none, 1 ratio-based, 3 predictive 2.0.
DISPATCH_TYPES = (0, 1, 3)
#: The demo provider's scene "Xác nhận giao hàng" (desktop/simulator/nxcloud.py), whose one variable is ``name``.
DEMO_SCENE = "1003"


def no_callbacks() -> CheckItem:
    """Seed 002 marks ``taskCallbackUrl``, ``orderCallbackUrl`` and ``callCallbackUrl`` required. With notifications
    off (no public URL) they are sent empty, and the operator is told so before launching."""
    return CheckItem(
        "results", Level.WARNING, _("NXCLOUD will not tell this app about results: the app asks for them instead"),
        _("NXCLOUD's documents mark its three callback addresses (taskCallbackUrl, orderCallbackUrl, "
          "callCallbackUrl) as required. Notifications are off in Preferences (or have no http(s) public URL), so "
          "all three are sent empty and the app asks NXCLOUD for the results instead. If NXCLOUD refuses the calls "
          "for this, its reason is shown when the first group is sent."))


@dataclass(frozen=True)
class SmsRule:
    """One ``smsFuncFlag`` entry: the SMS template ``smsID`` sent after an order ends with one of these intents."""

    sms_id: str
    intent_ids: tuple[str, ...] = ()
    intent_names: tuple[str, ...] = ()

    def to_wire(self) -> SmsFuncFlag:
        return SmsFuncFlag(sms_id=self.sms_id, intent_id=list(self.intent_ids), intent_name=list(self.intent_names))

    def to_json(self) -> dict[str, Any]:
        return {"sms_id": self.sms_id, "intent_ids": list(self.intent_ids), "intent_names": list(self.intent_names)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SmsRule:
        return cls(str(data.get("sms_id", "")), tuple(data.get("intent_ids", ())), tuple(data.get("intent_names", ())))


@dataclass(frozen=True, kw_only=True)
class NxCampaignSettings(CampaignOptions):
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
    task_name: str = ""  # "" = the campaign's name
    #: ``taskKeep`` as sent: NXCLOUD keeps the task open when it has no orders left. On by default because batches
    #: arrive over time (and after a resume), and NXCLOUD refuses orders for a task that has ended.
    task_keep: bool = True
    #: The app's own rule, not an NXCLOUD field: once every order is final, complete a task NXCLOUD keeps open.
    complete_when_done: bool = True
    round_redial: bool = False
    whole_tts: bool = True
    sms_enable: bool = False
    sms_rules: tuple[SmsRule, ...] = ()  # smsFuncFlag
    phone_encrypt: bool = False
    #: ``manualCallSetting`` (AICC scenes only) is sent only when ``aicc`` is on.
    aicc: bool = False
    agent_group: str = ""
    dispatch_type: int = 0
    ratio_call_rate: float = 0.0
    predict_call_rate: float = 0.0
    order_other: str = ""  # each order's pass-through ``other``
    variables: tuple[str, ...] = ()  # the scene's variable names (no API lists them)

    @property
    def script_code(self) -> str:
        return self.scene_id

    @property
    def opened_task_state(self) -> TaskState:
        return TaskState.PENDING if self.startup_type == "manual" else TaskState.RUNNING

    def task_setting(self, at: datetime, campaign_name: str = "", callback_url: str = "") -> TaskCreateSetting:
        """``taskCreateSetting`` for a task created at ``at`` (the zone's offset is taken then); an empty task name
        is the campaign's name; ``callback_url`` is the account's notification address ("" = none)."""
        nx = self.window.to_nx(at)
        manual = (ManualCallSetting(agent_group=self.agent_group, dispatch_type=self.dispatch_type,
                                    ratio_call_rate=self.ratio_call_rate, predict_call_rate=self.predict_call_rate)
                  if self.aicc else None)
        return TaskCreateSetting(
            strategy_name=self.strategy_name, startup_type=NX_STARTUP[self.startup_type],
            startup_at=int(self.startup_at or 0), zone_second=nx["zoneSecond"], dial_at_week_day=nx["dialAtWeekDay"],
            dial_at_up_hour=nx["dialAtUpHour"], dial_at_down_hour=nx["dialAtDownHour"], max_call=self.max_call,
            task_name=self.task_name or campaign_name, max_ring_time=self.max_ring_time, route_id=self.route_id,
            manual_call_setting=manual, task_callback_url=callback_url,
        )

    def func_flag(self) -> FuncFlag:
        """``funcFlag`` exactly as the form sets it (``wholeTTS`` is on whenever the scene has variables, as seed
        002 requires); SMS rules are sent only with ``smsEnable``."""
        return FuncFlag(task_keep=self.task_keep, round_redial=self.round_redial,
                        whole_tts=self.whole_tts or bool(self.variables), sms_enable=self.sms_enable,
                        sms_func_flag=[r.to_wire() for r in self.sms_rules] if self.sms_enable else [],
                        phone_encrypt=self.phone_encrypt)

    @classmethod
    async def suggested(cls, client: ProviderClient, *, demo: bool) -> NxCampaignSettings:
        """NXCLOUD lists no scenes, so only the demo account has one to suggest: the demo provider's delivery
        confirmation scene (variable ``name``), with a calling window that is always open."""
        if not demo:
            return cls()
        return cls(scene_id=DEMO_SCENE, variables=("name",), window=CallingWindow(ALL_DAYS, ALL_SLOTS))

    def static_fields(self) -> list[TemplateField]:
        return fields_from_names(self.variables)

    def problems(self) -> list[str]:
        """What blocks a launch: the form's own needs (scene, window, start time) and :meth:`wire_problems`."""
        found = []
        if not self.scene_id:
            found.append(_("Choose the NXCLOUD scene (sceneID)."))
        if self.window.empty:
            found.append(_("The calling window has no open slot: pick at least one weekday and one half-hour."))
        if self.startup_type == "scheduled" and not self.startup_at:
            found.append(_("Choose when the scheduled NXCLOUD task starts."))
        return found + self.wire_problems()

    def wire_problems(self) -> list[str]:
        """What seed 002 does not allow in the task these options create; the form and the client both ask it."""
        found = [] if self.max_call >= 1 else [_("Allow at least one concurrent NXCLOUD call (maxCall).")]
        if self.window.slots and len({s % 2 for s in self.window.slots}) == 1:
            found.append(_("Open at least one half-hour starting on the hour and one starting at half past: "
                           "NXCLOUD gives an empty dialAtUpHour or dialAtDownHour list no meaning (it might dial at "
                           "any hour)."))
        return found + self._sms_problems() + self._aicc_problems()

    def _sms_problems(self) -> list[str]:
        if not self.sms_enable:
            return []
        if not self.sms_rules:
            return [_("Add at least one SMS rule (an SMS template and the intents that send it), or untick Send SMS.")]
        found, seen = [], set()
        for number, rule in enumerate(self.sms_rules, start=1):
            if not rule.sms_id.strip():
                found.append(_("SMS rule {number}: enter the SMS template ID (smsID).").format(number=number))
            if not rule.intent_ids and not rule.intent_names:
                found.append(_("SMS rule {number}: name at least one intent ID or intent name.").format(number=number))
            repeated = seen & set(rule.intent_ids)
            if repeated:
                found.append(_("SMS rule {number}: intent {join} is already in an earlier rule (NXCLOUD would keep "
                               "only one of them).").format(number=number, join=', '.join(sorted(repeated))))
            seen |= set(rule.intent_ids)
        return found

    def _aicc_problems(self) -> list[str]:
        if not self.aicc:
            return []
        found = []
        if not self.agent_group.strip():
            found.append(_("Enter the AICC agent group ID (agentGroup)."))
        if self.dispatch_type not in DISPATCH_TYPES:
            found.append(_("Choose the AICC outbound call type (dispatchType 0, 1 or 3)."))
        if self.dispatch_type == 1 and self.ratio_call_rate <= 0:
            found.append(_("Ratio-based AICC calling needs an agent call rate above 0 (ratioCallRate)."))
        if self.dispatch_type == 3 and self.predict_call_rate <= 0:
            found.append(_("Predictive AICC calling needs a predicted call rate above 0 (predictCallRate)."))
        return found

    def warnings(self) -> list[str]:
        if self.task_keep:
            return []
        return [_("NXCLOUD will end the campaign on its side as soon as it has no calls left (taskKeep off): "
                  "contacts sent after that (a later group, or after a pause) are refused.")]

    def earliest_start(self, at: datetime) -> datetime | None:
        """The calling window's next opening from ``at`` (``at`` itself while it is open)."""
        return self.window.next_opening(at)

    async def preflight_items(self, client: ProviderClient, now: datetime) -> list[CheckItem]:
        """Where NXCLOUD's callbacks go (or that none are asked for), and when the calling window lets the task dial."""
        window = self.window
        items = [CheckItem("results", Level.OK, _("NXCLOUD will notify this app"),
                           _("NXCLOUD's notifications about the campaign and its calls go to {url}; the app still "
                             "asks for results, in case one is lost.").format(url=client.notify_url))
                if client.notify_url else no_callbacks()]
        if self.startup_type == "manual":
            items.append(CheckItem("window", Level.WARNING, _("The calls start paused"),
                                   _("NXCLOUD will not call until you start the campaign from the Monitor.")))
            return items
        start = (datetime.fromtimestamp(self.startup_at, timezone.utc) if self.startup_type == "scheduled"
                 and self.startup_at else now)
        opens = window.next_opening(start)
        if opens is None:
            items.append(CheckItem("window", Level.BLOCKING, _("The calling window never opens")))
        elif self.startup_type == "scheduled" or opens > start:
            local = opens.strftime("%a %d %b %H:%M")
            items.append(CheckItem("window", Level.WARNING if opens > start else Level.OK,
                                   _("Calls start {local} ({zone})").format(local=local, zone=window.zone),
                                   _("The calling window is closed now.") if opens > now else ""))
        else:
            items.append(CheckItem("window", Level.OK, _("The calling window is open now"), window.zone))
        return items

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"window": self.window.to_json(), "sms_rules": [r.to_json() for r in self.sms_rules]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> NxCampaignSettings:
        """Stored options. Before ``complete_when_done`` existed, ``taskKeep`` was always sent on and ``task_keep``
        meant "the app does not complete the task": such options are read as that behaviour."""
        if "task_keep" in data and "complete_when_done" not in data:
            data = {**data, "task_keep": True, "complete_when_done": not data["task_keep"]}
        return super().from_json(data)

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        if name == "window":
            return CallingWindow.from_json(value)
        if name == "variables":
            return tuple(value)
        if name == "sms_rules":
            return tuple(SmsRule.from_json(r) for r in value)
        return value
