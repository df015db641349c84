"""A VBot campaign: the template and hotline, call limits, and the mode (lists of 5, one call per request, or the
legacy campaign clone)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from desktop.i18n import _
from desktop.providers.base import CampaignOptions, CheckItem, Level
from desktop.providers.errors import ProviderError

if TYPE_CHECKING:
    from desktop.providers.base import ProviderClient

#: The legacy mode's batch when no batch size is set: the whole list in one cloned campaign.
WHOLE_LIST = sys.maxsize


@dataclass(frozen=True, kw_only=True)
class VBotCampaignSettings(CampaignOptions):
    provider: ClassVar[str] = "vbot"
    mode: Literal["batch", "legacy", "single"] = "batch"
    template_code: str = ""
    hotline_code: str = ""
    max_time: int = -1  # seconds of talk, -1 = unlimited
    max_waiting_time: int = 30  # seconds of ringing
    legacy_campaign_id: int | None = None  # the template campaign the legacy mode clones
    #: Seed 000's per-phone keys ``description`` and ``numberCall`` for every phone of a legacy list ("" / 0: not
    #: sent, so the template campaign's own setting applies; a contact column mapped to the key wins).
    legacy_description: str = ""
    legacy_number_call: int = 0

    @property
    def script_code(self) -> str:
        return self.template_code

    @property
    def caller(self) -> str | None:
        return self.hotline_code or None

    @property
    def calls_by_phone(self) -> bool:
        return self.mode == "legacy"

    @property
    def longest_call_seconds(self) -> float | None:
        """Ringing plus talking at most; None when the talk time is unlimited (``max_time`` -1)."""
        return float(self.max_waiting_time + self.max_time) if self.max_time > 0 else None

    @property
    def legacy_source(self) -> int | None:
        """The template campaign a batch clones, in legacy mode; None otherwise."""
        return self.legacy_campaign_id if self.mode == "legacy" else None

    def batch_size(self, wanted: int, client_max: int) -> int:
        """Single-call mode sends one contact per request; legacy mode the user's setting or the whole list."""
        if self.mode == "single":
            return 1
        if self.mode == "legacy":
            return wanted if wanted > 0 else WHOLE_LIST
        return super().batch_size(wanted, client_max)

    @classmethod
    async def suggested(cls, client: ProviderClient, *, demo: bool) -> VBotCampaignSettings:
        """The account's first active template and first hotline, as the campaign form preselects them."""
        templates = await client.list_templates()
        hotlines = await client.list_hotlines()
        return cls(template_code=templates[0].code if templates else "",
                   hotline_code=hotlines[0].code if hotlines else "")

    def legacy_keys(self) -> dict[str, str]:
        """The ``description``/``numberCall`` keys a legacy phone carries, as set (seed 000; values are strings)."""
        keys = {"description": self.legacy_description.strip()}
        if self.legacy_number_call > 0:
            keys["numberCall"] = str(self.legacy_number_call)
        return {k: v for k, v in keys.items() if v}

    def warnings(self) -> list[str]:
        if self.mode != "legacy":
            return []
        return [_("VBot has deprecated the legacy campaign API, and its request carries no per-call key, so it cannot "
                  "be retried safely: the list is sent once, and if VBot's reply is lost the list is held as in doubt "
                  "(check the VBot console) and never sent again automatically. Batch mode has neither limit.")]

    def problems(self) -> list[str]:
        found = []
        if self.mode == "legacy" and self.legacy_campaign_id is None:
            found.append(_("Enter the ID of the VBot template campaign the legacy mode clones."))
        if self.legacy_number_call < 0:
            found.append(_("The VBot number of calls (numberCall) must be a whole number, 1 or more (0: the template "
                           "campaign's own setting)."))
        if not self.template_code:
            found.append(_("Choose a VBot template."))
        if self.max_waiting_time <= 0:
            found.append(_("The VBot waiting time must be at least one second."))
        return found

    async def preflight_items(self, client: ProviderClient, now: datetime) -> list[CheckItem]:
        items = [await self._hotline_item(client)] if self.hotline_code else []
        return items + await super().preflight_items(client, now)

    async def _hotline_item(self, client: ProviderClient) -> CheckItem:
        try:
            hotlines = await client.list_hotlines()
        except ProviderError as exc:
            return CheckItem("settings", Level.WARNING, _("Hotlines could not be listed"), str(exc))
        if any(h.code == self.hotline_code for h in hotlines):
            return CheckItem("settings", Level.OK, _("Hotline available"), self.hotline_code)
        return CheckItem("settings", Level.BLOCKING, _("Hotline not on this account"),
                         _("The hotline {hotline_code} is not among the account's hotlines; choose another.").format(
                             hotline_code=self.hotline_code))
