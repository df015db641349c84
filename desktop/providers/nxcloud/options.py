"""An NXCLOUD campaign: the scene, how its task starts, the calling window and the task's flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from desktop.providers.base import CampaignOptions, CheckItem, Level, TaskState, TemplateField, fields_from_names
from desktop.providers.nxcloud.calling_window import ALL_DAYS, ALL_SLOTS, CallingWindow
from desktop.providers.nxcloud.wire import FuncFlag, TaskCreateSetting

if TYPE_CHECKING:
    from desktop.providers.base import ProviderClient

StartupType = Literal["manual", "scheduled", "immediate"]
NX_STARTUP = {"manual": 1, "scheduled": 2, "immediate": 3}
#: The demo provider's scene "Delivery confirmation" (desktop/simulator/nxcloud.py), whose one variable is ``name``.
DEMO_SCENE = "1003"


#: Seed 002 marks ``taskCallbackUrl``, ``orderCallbackUrl`` and ``callCallbackUrl`` required, but the app has no
#: address NXCLOUD could call (no receiver yet): they are sent empty, and the operator is told so before launching.
NO_CALLBACKS = CheckItem(
    "results", Level.WARNING, "NXCLOUD will not notify this app: results are read by polling",
    "NXCLOUD's documents mark its three callback addresses (taskCallbackUrl, orderCallbackUrl, callCallbackUrl) "
    "as required. Autocall Desk has no address NXCLOUD can call, so it sends them empty and asks NXCLOUD for the "
    "results instead. If NXCLOUD refuses the task for this, its reason is shown when the first batch is sent.")


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

    @property
    def opened_task_state(self) -> TaskState:
        return TaskState.PENDING if self.startup_type == "manual" else TaskState.RUNNING

    def task_setting(self, at: datetime) -> TaskCreateSetting:
        """``taskCreateSetting`` for a task created at ``at`` (the zone's offset is taken then)."""
        nx = self.window.to_nx(at)
        return TaskCreateSetting(
            strategy_name=self.strategy_name, startup_type=NX_STARTUP[self.startup_type],
            startup_at=int(self.startup_at or 0), zone_second=nx["zoneSecond"], dial_at_week_day=nx["dialAtWeekDay"],
            dial_at_up_hour=nx["dialAtUpHour"], dial_at_down_hour=nx["dialAtDownHour"], max_call=self.max_call,
            task_name=self.task_name, max_ring_time=self.max_ring_time, route_id=self.route_id,
        )

    def func_flag(self) -> FuncFlag:
        # NXCLOUD ends a task that has no orders left, and refuses orders for an ended task; batches arrive over
        # time (and after a resume, much later), so the task is always kept open while we send. When every order
        # is final, the engine finishes it unless the operator asked to keep it (``task_keep``).
        return FuncFlag(task_keep=True, round_redial=self.round_redial,
                        whole_tts=self.whole_tts or bool(self.variables), sms_enable=self.sms_enable,
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

    async def preflight_items(self, client: ProviderClient, now: datetime) -> list[CheckItem]:
        """What is sent instead of callback addresses, and when the calling window lets the task dial."""
        window = self.window
        items = [NO_CALLBACKS]
        halves = {s % 2 for s in window.slots}
        if len(halves) == 1:
            items.append(CheckItem(
                "window", Level.WARNING, "Only one half of each hour is open",
                "NXCLOUD receives an empty list for the other half-hours, which it may read as 'every hour'. Open "
                "both halves of at least one hour to be safe."))
        if self.startup_type == "manual":
            items.append(CheckItem("window", Level.WARNING, "The task starts paused",
                                   "NXCLOUD will not dial until the task is started from the Monitor."))
            return items
        start = (datetime.fromtimestamp(self.startup_at, timezone.utc) if self.startup_type == "scheduled"
                 and self.startup_at else now)
        opens = window.next_opening(start)
        if opens is None:
            items.append(CheckItem("window", Level.BLOCKING, "The calling window never opens"))
        elif self.startup_type == "scheduled" or opens > start:
            local = opens.strftime("%a %d %b %H:%M")
            items.append(CheckItem("window", Level.WARNING if opens > start else Level.OK,
                                   f"Calls start {local} ({window.zone})",
                                   "The calling window is closed now." if opens > now else ""))
        else:
            items.append(CheckItem("window", Level.OK, "The calling window is open now", window.zone))
        return items

    def to_json(self) -> dict[str, Any]:
        return super().to_json() | {"window": self.window.to_json()}

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        if name == "window":
            return CallingWindow.from_json(value)
        if name == "variables":
            return tuple(value)
        return value
