"""The campaign engine's user-changeable settings, declared once with their defaults.

Each field of :class:`EngineSettings` is stored in the store's ``settings`` table under ``campaigns.<field>``
(``Store.get_setting`` / ``set_setting``); a missing key means the default below. The Settings dialog lists
``EngineSettings.describe()``; the engine reads ``EngineSettings.load(store)`` whenever it starts work, so a
change applies from the next launch, resume or poller start.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Self

from desktop.store import Store

PREFIX = "campaigns."


@dataclass(frozen=True)
class EngineSettings:
    #: Dispatch pauses when at least this fraction of the last ``breaker_window`` contacts failed.
    breaker_threshold: float = field(default=0.5, metadata={"doc": "Error rate that pauses dispatch (0–1)"})
    breaker_window: int = field(default=50, metadata={"doc": "Contacts the error rate is measured over"})
    #: Contacts per dispatch batch; 0 = the provider client's own maximum (VBot v3 5, NXCLOUD chunk, BizPhone).
    batch_size_vbot: int = field(default=0, metadata={"doc": "VBot contacts per batch (0 = provider maximum)"})
    batch_size_nxcloud: int = field(default=0, metadata={"doc": "NXCLOUD contacts per batch (0 = chunk size)"})
    batch_size_bizphone: int = field(default=0, metadata={"doc": "BizPhone contacts per batch (0 = account max)"})
    #: Batches in flight at once once the campaign is open on the provider (the HTTP layer allows 5 per account).
    dispatch_concurrency: int = field(default=4, metadata={"doc": "Batches sent side by side"})
    #: Polling: quick while calls are live, slower when nothing moves, capped.
    poll_fast_seconds: float = field(default=3.0, metadata={"doc": "Poll interval while calls are live (s)"})
    poll_slow_seconds: float = field(default=30.0, metadata={"doc": "Poll interval when nothing is live (s)"})
    #: VBot lists a call only once it has ended and documents no de-duplication, so a contact missing from its
    #: records is proven never dialled only this long after its batch was sent (longest ring + talk + margin).
    vbot_settle_seconds: float = field(default=3600.0, metadata={"doc": "VBot: seconds before absence is proof"})
    #: How far our clock and the provider's may disagree when searching its records from a batch's send time.
    clock_skew_seconds: float = field(default=600.0, metadata={"doc": "Allowed clock difference (s)"})

    @classmethod
    def load(cls, store: Store) -> Self:
        values = {f.name: store.get_setting(PREFIX + f.name, f.default) for f in dataclasses.fields(cls)}
        return cls(**values)

    def save(self, store: Store) -> None:
        for f in dataclasses.fields(self):
            store.set_setting(PREFIX + f.name, getattr(self, f.name))

    @classmethod
    def describe(cls) -> list[tuple[str, str, Any]]:
        """(store key, label, default) for every setting: what a settings form lists."""
        return [(PREFIX + f.name, f.metadata["doc"], f.default) for f in dataclasses.fields(cls)]

    def batch_size(self, provider: str) -> int:
        return int(getattr(self, f"batch_size_{provider}"))
