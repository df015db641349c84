"""The preflight checklist: everything the operator must see before a campaign is sent, as data.

Each :class:`CheckItem` is ok, a warning, or blocking, with a sentence to show. The confirm dialog shows
:meth:`Preflight.summary` (the numbers) and the items; :meth:`CampaignService.launch` refuses a preflight that has a
blocking item or whose numbers no longer match the list — so nothing is sent without a confirmation of the current
numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path

from desktop.campaigns.model import Campaign, NxCampaignSettings, VBotCampaignSettings
from desktop.campaigns.plan import BatchPlan
from desktop.campaigns.repository import CampaignRepository
from desktop.contacts.fields import TemplateField, launch_problems, match_fields
from desktop.contacts.importer import ContactRow, ImportReport, Status
from desktop.contacts.columns import ColumnMapping
from desktop.contacts.reading import Column, Table, column_letter
from desktop.contacts.repository import ContactRepository, mapping_scope
from desktop.providers.base import ProviderClient
from desktop.providers.errors import ProviderError


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    BLOCKING = "blocking"


@dataclass(frozen=True)
class CheckItem:
    key: str  # account / settings / fields / counts / window / plan
    level: Level
    title: str
    detail: str = ""


@dataclass(frozen=True)
class ContactCounts:
    total: int  # rows in the list
    valid: int
    suppressed: int  # on the do-not-call list
    duplicates: int  # repeated within the list, or already called according to the import
    invalid: int
    called_before: int  # valid numbers an earlier campaign already sent
    to_send: int  # what dispatch will send


@dataclass(frozen=True)
class Preflight:
    campaign_id: int
    items: list[CheckItem]
    counts: ContactCounts
    plan: BatchPlan
    field_map: dict[str, str] = field(default_factory=dict)  # template field → column, frozen at launch

    @property
    def blocking(self) -> list[CheckItem]:
        return [i for i in self.items if i.level is Level.BLOCKING]

    @property
    def can_launch(self) -> bool:
        return not self.blocking

    def summary(self) -> str:
        """The confirm dialog's sentence with the numbers."""
        c = self.counts
        text = (f"Send {c.to_send:,} call(s) in {self.plan.batches:,} batch(es). Of {c.total:,} contact(s): "
                f"{c.valid:,} valid, {c.suppressed:,} on the do-not-call list, {c.duplicates:,} duplicate(s), "
                f"{c.invalid:,} invalid")
        if c.called_before:
            text += f", {c.called_before:,} already called by an earlier campaign"
        return text + "."


async def run_preflight(campaign: Campaign, client: ProviderClient, campaigns: CampaignRepository,
                        contacts: ContactRepository, batch_size: int, now: datetime | None = None) -> Preflight:
    now = now or datetime.now(timezone.utc)
    settings = campaign.settings
    items: list[CheckItem] = []
    try:
        info = await client.check_connection()
        items.append(CheckItem("account", Level.OK, "Account reachable", info.message))
    except ProviderError as exc:
        items.append(CheckItem("account", Level.BLOCKING, "Account not reachable", str(exc)))
    items += [CheckItem("settings", Level.BLOCKING, "Campaign settings incomplete", p) for p in settings.problems()]
    items += [CheckItem("settings", Level.WARNING, "Before you launch", w) for w in settings.warnings()]
    if isinstance(settings, VBotCampaignSettings) and settings.hotline_code:
        items.append(await _hotline_item(client, settings.hotline_code))

    report = stored_report(contacts, campaign.list_id)
    fields, field_item = await _template_fields(client, campaign)
    if field_item:
        items.append(field_item)
    saved = contacts.load_mapping(mapping_scope(campaign.provider, settings.mapping_scope_key))
    mapping = match_fields(fields, report.table.column_names, saved.fields if saved else None)
    problems = launch_problems(report, fields, mapping)
    items += [CheckItem("fields", Level.BLOCKING, "Template fields", p.message) for p in problems]
    field_map = {k: v for k, v in mapping.items() if v}
    if fields and not problems:
        pairs = ", ".join(f"{f.name} ← {field_map[f.key]}" for f in fields if f.key in field_map)
        items.append(CheckItem("fields", Level.OK, "Template fields mapped", pairs or "No field needs a column."))

    counts = _counts(contacts, campaigns, campaign)
    level = Level.BLOCKING if not counts.to_send else Level.OK
    items.append(CheckItem("counts", level, f"{counts.to_send:,} contact(s) to call",
                           f"{counts.valid:,} valid · {counts.suppressed:,} suppressed · {counts.duplicates:,} "
                           f"duplicate(s) · {counts.invalid:,} invalid · {counts.called_before:,} called in an "
                           "earlier campaign" + (" (skipped)" if settings.skip_called_before else " (called again)")))
    if isinstance(settings, NxCampaignSettings):
        items += _window_items(settings, now)
    else:
        items.append(CheckItem("window", Level.OK, "Calls start as soon as they are sent",
                               "This provider has no calling window of its own."))
    plan = BatchPlan(counts.to_send, batch_size)
    items.append(CheckItem("plan", Level.OK, "Batch plan", plan.describe()))
    return Preflight(campaign.id or 0, items, counts, plan, field_map)


def stored_report(contacts: ContactRepository, list_id: int) -> ImportReport:
    """A saved list as the import report the template checks take (its valid rows, columns in file order)."""
    store = contacts.store
    row = store.query_one("SELECT source_file, sheet, columns FROM contact_lists WHERE id = ?", (list_id,))
    names: list[str] = json.loads(row["columns"]) if row else []
    columns = [Column(name, i, column_letter(i)) for i, name in enumerate(names)]
    rows = []
    for r in store.query("SELECT row_number, phone_raw, phone_e164, name, data FROM contacts WHERE list_id = ? AND "
                         "status = 'valid' ORDER BY row_number", (list_id,)):
        data = json.loads(r["data"] or "{}")
        values = [data.get(name) for name in names]
        rows.append(ContactRow(r["row_number"], values, r["phone_raw"], r["phone_e164"], (), Status.VALID, "",
                               r["name"] or ""))
    table = Table(Path(row["source_file"] or "") if row else Path(), row["sheet"] if row else None, [], 1, columns,
                  [(r.row, r.values) for r in rows])
    return ImportReport(table, ColumnMapping(names[0] if names else ""), None, rows)


async def _template_fields(client: ProviderClient, campaign: Campaign) -> tuple[list[TemplateField], CheckItem | None]:
    known = campaign.settings.static_fields()
    if known is not None:
        return known, None
    code = campaign.settings.script_code
    if not code:
        return [], None
    try:
        found = await client.get_custom_fields(code)
    except ProviderError as exc:
        return [], CheckItem("fields", Level.BLOCKING, "Template fields could not be read", str(exc))
    return [TemplateField(f.key, f.name, f.type, f.required, f.description) for f in found], None


async def _hotline_item(client: ProviderClient, hotline: str) -> CheckItem:
    try:
        hotlines = await client.list_hotlines()
    except ProviderError as exc:
        return CheckItem("settings", Level.WARNING, "Hotlines could not be listed", str(exc))
    if any(h.code == hotline for h in hotlines):
        return CheckItem("settings", Level.OK, "Hotline available", hotline)
    return CheckItem("settings", Level.BLOCKING, "Hotline not on this account",
                     f"The hotline {hotline} is not among the account's hotlines; choose another.")


def _counts(contacts: ContactRepository, campaigns: CampaignRepository, campaign: Campaign) -> ContactCounts:
    by_status = dict(contacts.store.query(
        "SELECT status, COUNT(*) FROM contacts WHERE list_id = ? GROUP BY status", (campaign.list_id,)))
    valid = by_status.get(Status.VALID, 0)
    called_before = campaigns.earlier_called(campaign)
    return ContactCounts(
        total=sum(by_status.values()), valid=valid, suppressed=by_status.get(Status.SUPPRESSED, 0),
        duplicates=by_status.get(Status.DUPLICATE, 0), invalid=by_status.get(Status.INVALID, 0),
        called_before=called_before, to_send=valid - (called_before if campaign.settings.skip_called_before else 0))


def _window_items(settings: NxCampaignSettings, now: datetime) -> list[CheckItem]:
    window = settings.window
    items = []
    halves = {s % 2 for s in window.slots}
    if len(halves) == 1:
        items.append(CheckItem(
            "window", Level.WARNING, "Only one half of each hour is open",
            "NXCLOUD receives an empty list for the other half-hours, which it may read as 'every hour'. Open "
            "both halves of at least one hour to be safe."))
    if settings.startup_type == "manual":
        items.append(CheckItem("window", Level.WARNING, "The task starts paused",
                               "NXCLOUD will not dial until the task is started from the Monitor."))
        return items
    start = (datetime.fromtimestamp(settings.startup_at, timezone.utc) if settings.startup_type == "scheduled"
             and settings.startup_at else now)
    opens = window.next_opening(start)
    if opens is None:
        items.append(CheckItem("window", Level.BLOCKING, "The calling window never opens"))
    elif settings.startup_type == "scheduled" or opens > start:
        local = opens.strftime("%a %d %b %H:%M")
        items.append(CheckItem("window", Level.WARNING if opens > start else Level.OK,
                               f"Calls start {local} ({window.zone})",
                               "The calling window is closed now." if opens > now else ""))
    else:
        items.append(CheckItem("window", Level.OK, "The calling window is open now", window.zone))
    return items
