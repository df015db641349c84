"""Everything about the simulator that a test or the demo mode may want to change, with its default.

Several defaults stand in for things the providers' documents do not state (marked [UNDOC], as in
docs/providers.md); each such field says so. The demo credentials are fixed so the app's built-in demo account
can log in to any simulator without being told what it printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_CREDENTIALS: dict[str, str] = {
    "vbot_username": "demo",
    "vbot_password": "demo-password",
    # v2 requests carry these in every body or query; the values are the ones seed 001 and 003 use.
    "vbot_id": "123",
    "vbot_project_code": "PROJ_001",
    "vbot_api_key": "demo-vbot-api-key",
    "nxcloud_uuid": "demo-nx-uuid",
    "nxcloud_secret_key": "demo-nx-secret",
    "bizphone_api_key": "demo-bizphone-api-key",
}

#: The lenient readings the demo turns on, and why: the app sends "" for NXCLOUD's callback URLs until a
#: notification receiver exists (seed 002 marks them required), so the strict simulator would refuse every demo task.
DEMO_LENIENT: tuple[str, ...] = ("nxcloud_lenient_empty_callback_urls",)


def lenient(config: SimulatorConfig, rules: tuple[str, ...]) -> SimulatorConfig:
    """``config`` with each named ``<provider>_lenient_<rule>`` switch on; an unknown name raises ValueError."""
    for rule in rules:
        if "_lenient_" not in rule or not isinstance(getattr(config, rule, None), bool):
            raise ValueError(f"no lenient switch {rule!r} in the simulator's configuration")
        setattr(config, rule, True)
    return config


DEFAULT_OUTCOME_MIX: dict[str, float] = {
    "answered": 0.60,
    "no_answer": 0.20,
    "busy": 0.10,
    "rejected": 0.05,
    "failed": 0.05,
}


@dataclass
class SimulatorConfig:
    """How one simulator behaves. All times are simulated seconds unless a name says otherwise."""

    seed: int = 0
    # Simulated seconds per real second when the clock runs on its own.
    speed: float = 1.0
    # A manual clock only moves through Simulator.advance(); tests use it so they never sleep.
    manual_clock: bool = False
    # Simulated epoch seconds at start; None means the wall clock at start.
    start_time: float | None = None
    outcome_mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_OUTCOME_MIX))
    credentials: dict[str, str] = field(default_factory=lambda: dict(DEMO_CREDENTIALS))
    # Cost of one answered minute, per provider, in that provider's currency ([UNDOC] tariffs).
    cost_per_minute: dict[str, float] = field(
        default_factory=lambda: {"vbot": 900.0, "nxcloud": 0.02, "bizphone": 0.03}
    )
    recording_sample_rate: int = 8000

    # VBot
    # The sample shows expires_in 899 while the text says 24 h; short by default so clients exercise refresh.
    vbot_token_lifetime: float = 899.0
    vbot_refresh_token_lifetime: float = 7 * 24 * 3600.0
    # Whether a refresh hands out a new refresh token and retires the old one ([UNDOC]).
    vbot_rotate_refresh_token: bool = True
    # VBot documents no de-duplication by external_call_id; a repeat is dialled again unless this is on,
    # in which case it is refused with error 409 "already exists" ([UNDOC]).
    vbot_dedupe_external_call_id: bool = False
    # Calls one VBot account dials at once ([UNDOC]).
    vbot_max_concurrent_calls: int = 30
    # historycall from/to unit ([UNDOC]): "ms" or "s".
    vbot_history_time_unit: str = "ms"
    # Offset of the account's local time, used for the MM/dd/yyyy HH:mm:ss dates (Vietnam, UTC+7).
    vbot_utc_offset_seconds: int = 7 * 3600
    # Send the seeds' `status: 1/0` beside `error` (removed from the live API on 03/04/2026).
    vbot_status_field: bool = True
    # CALL_HISTORY is seed 000's "Call History" webhook (every ended call); the others are v3's named events.
    vbot_webhook_events: tuple[str, ...] = ("AUTO_CALL_LOG", "AUTO_CALL_RECORDING", "CALL_HISTORY")
    # History record_file entries ([UNDOC]: seed 003 shows strings): "trans_id" (what record/{trans_id} takes) or
    # "url" (that endpoint's URL, on vbot_record_host when set, e.g. a storage host other than the API's).
    vbot_record_file: str = "trans_id"
    vbot_record_host: str | None = None
    # Read page=0 as page 1 ([UNDOC]: seed 003 does not say where pages start; strict: pages count from 1).
    vbot_lenient_page_zero: bool = False

    # NXCLOUD Callbot
    # Largest callList accepted in one request before retCode 4001 ([UNDOC]).
    nxcloud_max_call_list: int = 1000
    nxcloud_max_order_detail: int = 500
    # Allowed |createTs - wall clock| in seconds before the signature is refused ([UNDOC]); None = no check.
    nxcloud_max_clock_skew: float | None = 600.0
    nxcloud_callback_algorithm: str = "MD5"
    # Simulated seconds an importBatchCall keeps the task's import busy (retCode 1001 meanwhile) ([UNDOC]).
    nxcloud_import_seconds: float = 5.0
    nxcloud_redial_gap: float = 60.0
    # callStatus integers per outcome ([UNDOC]: the enum table is cut off in every copy).
    nxcloud_call_status: dict[str, int] = field(
        default_factory=lambda: {"answered": 1, "no_answer": 2, "busy": 3, "rejected": 4, "failed": 5}
    )
    # Leniency seed 002 does not grant, each off (strict) unless a test or the demo turns it on by name:
    # - accept "" for the Required, URL-typed taskCallbackUrl/orderCallbackUrl/callCallbackUrl (the app has no
    #   receiver yet, so the demo turns this on: desktop/demo.py);
    nxcloud_lenient_empty_callback_urls: bool = False
    # - read an empty dialAtWeekDay/dialAtUpHour/dialAtDownHour as "every value" (the seed gives "" no meaning);
    nxcloud_lenient_empty_dial_lists: bool = False
    # - accept smsEnable true with an empty smsFuncFlag (the seed: "used when smsEnable is true ... as SMS sending
    #   conditions", so an SMS with no condition is refused).
    nxcloud_lenient_sms_without_rules: bool = False

    # BizPhone Robo call
    # The organisation's concurrent-call capacity, and how many of those channels live app calls hold.
    bizphone_org_concurrency: int = 6
    bizphone_app_busy_channels: int = 0
    bizphone_max_destinations: int = 1000
    # Chance that a callee presses a valid digit at a gather prompt on each try.
    bizphone_press_probability: float = 0.7
    # Overrides for the status words bizphone.py invents where the document's lists are cut off.
    bizphone_words: dict[str, str] = field(default_factory=dict)
    # Seed 004 is silent (its lists are cut off) on these; strict accepts only what it shows (docs/providers.md):
    # gather keys "*" and "#" besides "0".."9"; a gather with no default branch; a transfer to an E.164 number
    # besides "Ext:<number>"; a branch "default" written as a JSON boolean (the example writes "true"/"false").
    bizphone_lenient_star_hash_keys: bool = False
    bizphone_lenient_no_default_branch: bool = False
    bizphone_lenient_phone_transfers: bool = False
    bizphone_lenient_boolean_default: bool = False

    # Webhooks (VBot) are POSTed here with this header; NXCLOUD callbacks go to the URLs in each request.
    webhook_url: str | None = None
    webhook_auth_header: tuple[str, str] | None = ("Authorization", "demo-webhook-secret")
    webhook_max_attempts: int = 3
    # Real seconds between background sync/delivery rounds when served.
    tick_seconds: float = 0.2

    # Fault rules in the --faults syntax (see faults.py); empty = none.
    faults: str = ""
