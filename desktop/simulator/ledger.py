"""The ledger: every call the simulator was asked to place, so tests can prove nothing was dialled twice.

An entry is written when a provider accepts a number for dialling, before any outcome exists, and also
when a request names a number it refuses as a repeat (``dialled`` False), so a test can tell "the client
asked twice" from "the callee's phone rang twice". Beside the entries, the answer decided for each call that will
be answered (keys pressed, intent recognised, data collected), so a test can compare what the client reports.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class LedgerEntry:
    provider: str  # "vbot", "nxcloud" or "bizphone"
    idempotency_key: str  # VBot external_call_id (or trans_id), NXCLOUD orderID, BizPhone requestId
    phone: str
    sim_time: float  # simulated epoch seconds when it was asked
    wall_time: float  # real epoch seconds when it was asked
    call_id: str  # the simulator's call id (VBot trans_id, NXCLOUD callID, BizPhone monitor uuid)
    dialled: bool = True
    endpoint: str = ""

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What the simulator decided an answered callee answers, decided when the call is placed."""

    provider: str
    call_id: str  # the simulator's call id, as in LedgerEntry.call_id
    pressed: tuple[str, ...] = ()  # BizPhone: the key pressed at each gather step reached ("" = none)
    intent: str = ""  # NXCLOUD: the intent name recognised
    collected: tuple[tuple[str, str], ...] = ()  # VBot: (field name, value) collected

    def to_json(self) -> dict:
        return asdict(self)


class Ledger:
    """Append-only and thread-safe: the server thread writes while a test thread reads."""

    def __init__(self) -> None:
        self._entries: list[LedgerEntry] = []
        self._answers: dict[str, Answer] = {}
        self._lock = threading.Lock()

    def decide(self, answer: Answer) -> None:
        """Note what an answered call's callee answers (by call id)."""
        with self._lock:
            self._answers[answer.call_id] = answer

    def answer(self, call_id: str) -> Answer | None:
        """The answer decided for the call ``call_id``; None for a call nobody answers."""
        with self._lock:
            return self._answers.get(call_id)

    def record(
        self,
        provider: str,
        idempotency_key: str,
        phone: str,
        sim_time: float,
        call_id: str,
        *,
        dialled: bool = True,
        endpoint: str = "",
    ) -> LedgerEntry:
        entry = LedgerEntry(
            provider, idempotency_key, phone, sim_time, time.time(), call_id, dialled, endpoint
        )
        with self._lock:
            self._entries.append(entry)
        return entry

    def entries(self, provider: str | None = None, *, dialled_only: bool = False) -> list[LedgerEntry]:
        with self._lock:
            found = list(self._entries)
        return [
            e for e in found if (provider is None or e.provider == provider) and (e.dialled or not dialled_only)
        ]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def duplicates(self, *, include_refused: bool = False) -> list[list[LedgerEntry]]:
        """Groups of entries that dialled the same phone under the same provider and idempotency key.

        The phone is part of the identity because one BizPhone requestId covers many destinations.
        Refused repeats count only when ``include_refused`` is set.
        """
        groups: dict[tuple[str, str, str], list[LedgerEntry]] = defaultdict(list)
        for entry in self.entries(dialled_only=not include_refused):
            groups[(entry.provider, entry.idempotency_key, entry.phone)].append(entry)
        return [group for group in groups.values() if len(group) > 1]

    def to_json(self, provider: str | None = None) -> dict:
        return {
            "entries": [e.to_json() for e in self.entries(provider)],
            "duplicates": [[e.to_json() for e in group] for group in self.duplicates()],
            "answers": [a.to_json() for a in self._answers_of(provider)],
        }

    def _answers_of(self, provider: str | None) -> list[Answer]:
        with self._lock:
            return [a for a in self._answers.values() if provider is None or a.provider == provider]
