"""The campaign engine's user-changeable settings, declared once with their defaults.

Each field of :class:`EngineSettings` is stored in the store's ``settings`` table under ``campaigns.<field>``
(``Store.get_setting`` / ``set_setting``); a missing key means the default below. The Settings dialog lists
``EngineSettings.describe()``; the engine reads ``EngineSettings.load(store)`` whenever it starts work, so a
change applies from the next launch, resume or poller start.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from desktop.providers import spec
from desktop.store import Store

PREFIX = "campaigns."
# MERGE: the contract's Option is keyed ``campaigns.batch_size.{scope}`` with the provider key as scope.
BATCH_SIZE = PREFIX + "batch_size_"


@dataclass(frozen=True)
class EngineSettings:
    #: Dispatch pauses when at least this fraction of the last ``breaker_window`` contacts failed.
    breaker_threshold: float = field(default=0.5, metadata={"doc": "Error rate that pauses dispatch (0–1)"})
    breaker_window: int = field(default=50, metadata={"doc": "Contacts the error rate is measured over"})
    #: Contacts per dispatch batch by provider key (``campaigns.batch_size_<key>``); a provider without one uses its
    #: SPEC's default (0 = the client's own request size).
    batch_sizes: Mapping[str, int] = field(default_factory=dict, metadata={"per_provider": True})
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
        values: dict[str, Any] = {f.name: store.get_setting(PREFIX + f.name, f.default) for f in _single()}
        pattern = BATCH_SIZE.replace("_", "!_") + "%"
        rows = store.query("SELECT key FROM settings WHERE key LIKE ? ESCAPE '!'", (pattern,))
        values["batch_sizes"] = {r[0][len(BATCH_SIZE):]: int(store.get_setting(r[0])) for r in rows}
        return cls(**values)

    def save(self, store: Store) -> None:
        for f in _single():
            store.set_setting(PREFIX + f.name, getattr(self, f.name))
        for provider, size in self.batch_sizes.items():
            store.set_setting(BATCH_SIZE + provider, size)

    @classmethod
    def describe(cls) -> list[tuple[str, str, Any]]:
        """(store key, label, default) for every setting: what a settings form lists."""
        return [(PREFIX + f.name, f.metadata["doc"], f.default) for f in _single()]

    def batch_size(self, provider: str) -> int:
        """Contacts per batch for ``provider`` (0 = the client's own request size)."""
        return int(self.batch_sizes.get(provider, spec(provider).default_batch_size))


def _single() -> list[dataclasses.Field]:
    """The settings stored one key each (every field but the per-provider batch sizes)."""
    return [f for f in dataclasses.fields(EngineSettings) if not f.metadata.get("per_provider")]
