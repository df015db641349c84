"""The batch plan: contacts per provider request, and what the confirm dialog says about it.

A batch is never larger than the client's request size, so one batch is one request and reconciliation asks about
exactly what was sent; a provider's options may size batches their own way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from desktop.i18n import _, number
from desktop.providers.base import CampaignOptions
from desktop.settings import EngineSettings


def batch_size(settings: CampaignOptions, engine: EngineSettings, client_max: int) -> int:
    """Contacts per batch: the user's setting (0 = the client's maximum), never above the client's maximum, unless
    the provider's options size batches their own way (:meth:`CampaignOptions.batch_size`)."""
    return settings.batch_size(engine.batch_size(settings.provider), client_max)


@dataclass(frozen=True)
class BatchPlan:
    contacts: int
    batch_size: int

    @property
    def largest(self) -> int:
        """The size of the largest batch (a short list is one batch of its own size, not of the batch size)."""
        return min(self.batch_size, self.contacts)

    @property
    def batches(self) -> int:
        return math.ceil(self.contacts / self.batch_size) if self.contacts else 0

    def describe(self) -> str:
        if not self.contacts:
            return _("Nothing to send.")
        return _("{contacts} contact(s) sent in {batches} group(s) of up to {size}; each group is noted down before "
                 "it is sent, so nobody is called twice.").format(
            contacts=number(self.contacts), batches=number(self.batches),
            size=number(min(self.batch_size, self.contacts)))
