"""Every persisted preference, declared once with its key, default, range and label.

Values live in the store's ``settings`` table as JSON. :class:`Preferences` reads them (the default when a value is
unset or of the wrong type) and refuses to set one outside its declared type or range. Options with a label are the
person's preferences, shown in the Preferences dialog by group; those without are UI state the app remembers.
A key containing ``{scope}`` holds one value per scope (an account id, a provider key).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from desktop.errors import AutocallError
from desktop.i18n import N_, _, number

if TYPE_CHECKING:  # the store (sqlite3, the change feed) loads only where one is opened: `autocall check` opens none
    from desktop.store import Store


class InvalidPreference(AutocallError):
    """A value outside the option's type or range; the sentence names the option and what it accepts."""


@dataclass(frozen=True)
class Option:
    key: str  # the store's settings key; may contain "{scope}" for per-account or per-provider keys
    default: bool | int | float | str | None  # its type is the option's type; None accepts any JSON value
    label: str = ""  # English, marked N_() and translated where shown; empty = UI state, not in Preferences
    group: str = ""  # Preferences page: "Contacts", "Campaigns", "Recordings" ("" for UI state)
    help: str = ""  # one sentence under the field
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""  # "MB", "rows", "seconds", ...

    @property
    def scoped(self) -> bool:
        return "{scope}" in self.key

    def store_key(self, scope: str | int | None = None) -> str:
        if self.scoped != (scope is not None):
            raise ValueError(f"{self.key} {'needs' if self.scoped else 'takes no'} scope (got {scope!r})")
        return self.key.format(scope=scope) if self.scoped else self.key

    def accepts(self, value: Any, *, within_range: bool = True) -> bool:
        """Whether ``value`` has the option's type and (unless ``within_range`` is false) lies in its range."""
        number = (int, float)
        match self.default:
            case None:
                return True
            case bool():
                return isinstance(value, bool)
            case int():
                if isinstance(value, bool) or not isinstance(value, number):
                    return False
                if isinstance(value, float) and not value.is_integer():
                    return False
            case float():
                if isinstance(value, bool) or not isinstance(value, number) or not math.isfinite(value):
                    return False
            case str():
                return isinstance(value, str)
        if not within_range:
            return True
        return (self.minimum is None or value >= self.minimum) and (self.maximum is None or value <= self.maximum)

    def coerce(self, value: Any) -> Any:
        """An accepted value in the option's own type (JSON may hand back 50.0 for 50, or 3 for 3.0)."""
        if isinstance(self.default, float):
            return float(value)
        if isinstance(self.default, int) and not isinstance(self.default, bool):
            return int(value)
        return value

    def describe_range(self) -> str:
        """What the option accepts, in the current language: "a whole number from 1 to 1,024 MB"."""
        kind = _({bool: N_("yes or no"), int: N_("a whole number"), float: N_("a number"),
                  str: N_("text")}[type(self.default)])
        if self.minimum is not None and self.maximum is not None:
            kind = _("{kind} from {minimum} to {maximum}").format(
                kind=kind, minimum=_number(self.minimum), maximum=_number(self.maximum))
        elif self.minimum is not None:
            kind = _("{kind} of at least {minimum}").format(kind=kind, minimum=_number(self.minimum))
        elif self.maximum is not None:
            kind = _("{kind} of at most {maximum}").format(kind=kind, maximum=_number(self.maximum))
        return f"{kind} {_(self.unit) if self.unit else ''}".rstrip()


def _number(value: float) -> str:
    """1,024 or 0.05, as a person writes it in the current language."""
    return number(int(value)) if float(value).is_integer() else number(float(f"{value:g}"))


# -- Contacts -------------------------------------------------------------------------------------------------
MAX_FILE_MB = Option(
    "contacts.max_file_mb", 50, N_("Largest contact file"), N_("Contacts"),
    N_("Bigger files are refused before they are read."), minimum=1, maximum=1024, unit=N_("MB"),
)
MAX_ROWS = Option(
    "contacts.max_rows", 200_000, N_("Most rows in a contact file"), N_("Contacts"),
    N_("Files with more rows are refused before they are imported."), minimum=100, maximum=2_000_000, unit=N_("rows"),
)
MAX_COLUMNS = Option(
    "contacts.max_columns", 256, N_("Most columns in a contact file"), N_("Contacts"),
    N_("Files with a filled cell further right are refused before they are read (256 was Excel's own limit "
    "until 2007)."), minimum=2, maximum=16_384, unit=N_("columns"),
)
MAX_CELL_CHARS = Option(
    "contacts.max_cell_chars", 1_000_000, N_("Longest cell in a text file"), N_("Contacts"),
    N_("CSV and text files with a longer cell are refused: it is more likely damage than a note."),
    minimum=1000, maximum=100_000_000, unit=N_("characters"),
)
READER_MEMORY_MB = Option(
    "contacts.reader_memory_mb", 2048, N_("Memory for reading one workbook"), N_("Contacts"),
    N_("A workbook that needs more while it is read is refused; the app itself is never at risk."),
    minimum=256, maximum=65_536, unit=N_("MB"),
)
LAST_FOLDER = Option("{scope}.last_folder", "")  # per purpose of a file dialog ("contacts" keeps its old key)
SKIP_EARLIER = Option("contacts.skip_earlier", False)
LAST_TEMPLATE = Option("contacts.template.{scope}", "")  # per account id: the VBot template chosen last
LAST_SCENE = Option("contacts.scene.{scope}", "")  # per account id: the NXCLOUD scene chosen last

# -- Campaigns ------------------------------------------------------------------------------------------------
BREAKER_THRESHOLD = Option(
    "campaigns.breaker_threshold", 0.5, N_("Share of failed calls that pauses sending"), N_("Campaigns"),
    N_("Sending pauses by itself when at least this share of the recent contacts failed (0.5 = half)."),
    minimum=0.05, maximum=1.0,
)
BREAKER_WINDOW = Option(
    "campaigns.breaker_window", 50, N_("Recent contacts that share is counted over"), N_("Campaigns"),
    N_("How many of the most recent contacts count towards the share of failed calls."), minimum=5, maximum=10_000,
    unit=N_("contacts"),
)
BATCH_SIZE = Option(
    "campaigns.batch_size.{scope}", 0, N_("Contacts sent together"), N_("Campaigns"),
    N_("0 uses the provider's usual number; a group never exceeds what the provider takes at once."), minimum=0,
    maximum=100_000, unit=N_("contacts"),
)  # per provider key
DISPATCH_CONCURRENCY = Option(
    "campaigns.dispatch_concurrency", 4, N_("Groups sent at the same time"), N_("Campaigns"),
    N_("More is faster; a provider takes at most five at once."), minimum=1, maximum=5,
    unit=N_("groups"),
)
POLL_FAST_SECONDS = Option(
    "campaigns.poll_fast_seconds", 3.0, N_("Ask for results every (while calls go on)"), N_("Campaigns"),
    N_("How often call results are fetched while calls are ringing or talking."), minimum=1.0, maximum=60.0,
    unit=N_("seconds"),
)
POLL_SLOW_SECONDS = Option(
    "campaigns.poll_slow_seconds", 30.0, N_("Ask for results every (when no call goes on)"), N_("Campaigns"),
    N_("How often call results are fetched while nothing moves."), minimum=5.0, maximum=600.0, unit=N_("seconds"),
)
SETTLE_SECONDS = Option(
    "campaigns.settle_seconds", 3600.0, N_("Wait before asking again about a call the provider does not list yet"),
    N_("Campaigns"), N_("Some providers (VBot) list a call only once it has ended, so a call missing from their "
                        "records is asked about again after this wait; waiting alone never counts it as not dialled."),
    minimum=600.0, maximum=86_400.0, unit=N_("seconds"),
)
CLOCK_SKEW_SECONDS = Option(
    "campaigns.clock_skew_seconds", 600.0, N_("Allowed clock difference with the provider"), N_("Campaigns"),
    N_("Margin used when searching the provider's records from the time a group of calls was sent."), minimum=0.0,
    maximum=3600.0, unit=N_("seconds"),
)
CALL_FLOWS = Option("bizphone.flows", None)  # the BizPhone call flows saved by name: {name: flow}

# -- Recordings -----------------------------------------------------------------------------------------------
RECORDINGS_CACHE_MB = Option(
    "recordings_cache_mb", 500, N_("Recordings cache size"), N_("Recordings"),
    N_("Downloaded recordings are kept up to this size; the oldest are removed first."), minimum=10, maximum=100_000,
    unit=N_("MB"),
)

# -- Storage --------------------------------------------------------------------------------------------------
BACKUPS_KEPT = Option(
    "store.backups_kept", 7, N_("Automatic backups kept"), N_("Storage"),
    N_("The database is backed up every day and before each upgrade, into the “backups” folder of the data folder; "
    "older backups beyond this number are deleted."),
    minimum=2, maximum=100, unit=N_("backups"),
)

# -- Notifications --------------------------------------------------------------------------------------------
NOTIFY_ENABLED = Option(
    "notifications.enabled", False, N_("Receive provider notifications"), N_("Notifications"),
    N_("Off: the app asks the providers for every result. On: the window also listens for the providers' "
       "notifications (webhooks and callbacks) and still asks, in case one is lost."),
)
NOTIFY_HOST = Option(
    "notifications.host", "127.0.0.1", N_("Listen on address"), N_("Notifications"),
    N_("127.0.0.1 accepts only this computer (a tunnel or reverse proxy on it); 0.0.0.0 or a network address lets "
    "other computers reach the receiver."),
)
NOTIFY_PORT = Option(
    "notifications.port", 8787, N_("Listen on port"), N_("Notifications"),
    N_("The port your router, reverse proxy or tunnel forwards to."), minimum=1024, maximum=65_535,
)
NOTIFY_PUBLIC_URL = Option(
    "notifications.public_url", "", N_("Public URL"), N_("Notifications"),
    N_("The https:// address providers call (your router, reverse proxy or tunnel in front of this computer); "
    "each account's path is added to it."),
)


def notify_url(preferences: Preferences, provider: str, account_id: int, *, on_this_computer: bool = False) -> str:
    """The address ``account_id``'s provider should notify: the public URL plus the account's route, or "" while
    notifications are off or have no http(s) public URL. A provider ``on_this_computer`` (the demo simulator)
    reaches the receiver at its own listen address when no public URL is set."""
    if not preferences.get(NOTIFY_ENABLED):
        return ""
    public = str(preferences.get(NOTIFY_PUBLIC_URL)).strip().rstrip("/")
    if not public.startswith(("https://", "http://")) and on_this_computer:
        host = str(preferences.get(NOTIFY_HOST)).strip()
        public = f"http://{'127.0.0.1' if host in ('', '0.0.0.0', '::') else host}:{preferences.get(NOTIFY_PORT)}"
    if not public.startswith(("https://", "http://")):
        return ""
    from desktop.providers.notify import route_path  # here, not above: the registry loads httpx and every provider

    return public + route_path(provider, account_id)


# -- Window ---------------------------------------------------------------------------------------------------
LANGUAGE = Option("language", "")  # "vi" or "en" (desktop/i18n.py LANGUAGES); "" = follow the system (View → Language)
WINDOW_GEOMETRY = Option("window_geometry", "")  # Qt's saveGeometry, base64
ACTIVE_ACCOUNT_ID = Option("active_account_id", None)  # the account chosen last, or None

OPTIONS: tuple[Option, ...] = (
    MAX_FILE_MB, MAX_ROWS, MAX_COLUMNS, MAX_CELL_CHARS, READER_MEMORY_MB,
    LAST_FOLDER, SKIP_EARLIER, LAST_TEMPLATE, LAST_SCENE,
    BREAKER_THRESHOLD, BREAKER_WINDOW, BATCH_SIZE, DISPATCH_CONCURRENCY, POLL_FAST_SECONDS, POLL_SLOW_SECONDS,
    SETTLE_SECONDS, CLOCK_SKEW_SECONDS, CALL_FLOWS,
    RECORDINGS_CACHE_MB,
    BACKUPS_KEPT,
    NOTIFY_ENABLED, NOTIFY_HOST, NOTIFY_PORT, NOTIFY_PUBLIC_URL,
    WINDOW_GEOMETRY, ACTIVE_ACCOUNT_ID, LANGUAGE,
)


class Preferences:
    """Typed access to the declared options over one store.

    The range bounds what may be set; a stored value of the wrong type reads as the default. Values already stored
    outside the range (written by tools and tests, never by :meth:`set`) are read as they are.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, option: Option, scope: str | int | None = None) -> Any:
        value = self.store.get_setting(option.store_key(scope), option.default)
        if value is None or not option.accepts(value, within_range=False):
            return option.default
        return option.coerce(value)

    def set(self, option: Option, value: Any, scope: str | int | None = None) -> None:
        key = option.store_key(scope)
        if not option.accepts(value):
            name = _(option.label) if option.label else option.key
            raise InvalidPreference(_("“{name}” must be {accepted}; {value!r} is not.").format(
                name=name, accepted=option.describe_range(), value=value))
        self.store.set_setting(key, option.coerce(value))

    def reset(self, option: Option, scope: str | int | None = None) -> None:
        self.store.delete_setting(option.store_key(scope))

    def shown(self) -> list[Option]:
        """The person's preferences (those with a label), in declaration order."""
        return [option for option in OPTIONS if option.label]


@dataclass(frozen=True)
class EngineSettings:
    """The campaign engine's preferences, read once when it starts work (a launch, resume or poller start), so a
    change applies from the next one."""

    breaker_threshold: float = BREAKER_THRESHOLD.default
    breaker_window: int = BREAKER_WINDOW.default
    dispatch_concurrency: int = DISPATCH_CONCURRENCY.default
    poll_fast_seconds: float = POLL_FAST_SECONDS.default
    poll_slow_seconds: float = POLL_SLOW_SECONDS.default
    settle_seconds: float = SETTLE_SECONDS.default
    clock_skew_seconds: float = CLOCK_SKEW_SECONDS.default
    batch_sizes: Mapping[str, int] = field(default_factory=dict)  # provider key -> preference (0 = default)

    @classmethod
    def read(cls, preferences: Preferences) -> Self:
        from desktop.providers import PROVIDERS  # here, not above: the registry loads httpx and every provider

        return cls(
            breaker_threshold=preferences.get(BREAKER_THRESHOLD),
            breaker_window=preferences.get(BREAKER_WINDOW),
            dispatch_concurrency=preferences.get(DISPATCH_CONCURRENCY),
            poll_fast_seconds=preferences.get(POLL_FAST_SECONDS),
            poll_slow_seconds=preferences.get(POLL_SLOW_SECONDS),
            settle_seconds=preferences.get(SETTLE_SECONDS),
            clock_skew_seconds=preferences.get(CLOCK_SKEW_SECONDS),
            batch_sizes={provider.key: preferences.get(BATCH_SIZE, provider.key) for provider in PROVIDERS},
        )

    def batch_size(self, provider: str) -> int:
        """Contacts per batch for ``provider``: the preference, else the provider's default (0 = client maximum)."""
        from desktop.providers import spec  # here, not above: the registry loads httpx and every provider

        return int(self.batch_sizes.get(provider) or spec(provider).default_batch_size)
