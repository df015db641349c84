"""The batch plan: how many contacts go in each provider request, and what the confirm dialog says about it.

Batches are journalled one at a time just before they are sent (:meth:`CampaignRepository.open_batch`), each
with its keys already stored: the contacts' keys (VBot ``external_call_id``, NXCLOUD ``orderID``) were written when
the campaign was materialised, the batch key (BizPhone ``requestId``) when the batch is journalled. Planning them
lazily keeps a 100,000-contact launch from writing 20,000 batch rows up front, and lets a resumed campaign use a
batch size changed in the meantime.

A dispatch batch is never larger than the client's own request size (``ProviderClient.max_batch_size``: VBot v3 5,
v2 1; NXCLOUD the chunk; BizPhone the account's maximum), so one batch is one request and one BizPhone batch key
is exactly one ``requestId`` — reconciliation asks about precisely what was sent. The exception is VBot's legacy
mode: one request clones one VBot campaign, so the whole list is one batch (or chunks of the user's batch size, each
its own VBot campaign).
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
