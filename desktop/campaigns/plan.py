"""The batch plan: how many contacts go in each provider request, and what the confirm dialog says about it.

A batch is never larger than one request of the client (``ProviderClient.max_batch_size``), so reconciliation asks
about exactly what was sent; VBot's legacy mode is the exception (one request clones one VBot campaign).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from desktop.campaigns.model import CampaignSettings, VBotCampaignSettings
from desktop.settings import EngineSettings

WHOLE_LIST = sys.maxsize


def batch_size(settings: CampaignSettings, engine: EngineSettings, client_max: int) -> int:
    """Contacts per batch: the user's setting (0 = the client's maximum), never above the client's maximum;
    VBot's single-call mode sends one contact per request, its legacy mode the user's setting or the whole list."""
    wanted = engine.batch_size(settings.provider)
    if isinstance(settings, VBotCampaignSettings) and settings.mode == "single":
        return 1
    if isinstance(settings, VBotCampaignSettings) and settings.mode == "legacy":
        return wanted if wanted > 0 else WHOLE_LIST
    return max(1, min(wanted, client_max) if wanted > 0 else client_max)


@dataclass(frozen=True)
class BatchPlan:
    contacts: int
    batch_size: int

    @property
    def batches(self) -> int:
        return math.ceil(self.contacts / self.batch_size) if self.contacts else 0

    def describe(self) -> str:
        if not self.contacts:
            return "Nothing to send."
        return (f"{self.contacts:,} contact(s) in {self.batches:,} batch(es) of up to "
                f"{min(self.batch_size, self.contacts):,}; each batch "
                "is recorded with its keys before it is sent.")
