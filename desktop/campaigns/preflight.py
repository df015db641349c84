"""The preflight checklist: everything the operator must see before a campaign is sent, as data.

Each :class:`CheckItem` is ok, a warning, or blocking, with a sentence to show. The confirm dialog shows
:meth:`Preflight.summary` (the numbers) and the items; :meth:`CampaignService.launch` refuses a preflight that has a
blocking item or whose numbers no longer match the list — so nothing is sent without a confirmation of the current
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from desktop.campaigns.model import Campaign
from desktop.campaigns.plan import BatchPlan
from desktop.campaigns.repository import CampaignRepository
from desktop.contacts.fields import launch_problems, match_fields
from desktop.contacts.importer import Status
from desktop.contacts.repository import ContactRepository, StoredReport, mapping_scope
from desktop.i18n import _, ngettext, number
from desktop.providers.base import CheckItem, Level, ProviderClient, TemplateField
from desktop.providers.errors import ProviderError


@dataclass(frozen=True)
class ContactCounts:
    total: int  # rows in the list
    valid: int  # valid at import and not on the do-not-call list now
    suppressed: int  # on the do-not-call list: at import, or since (the list as it is now)
    duplicates: int  # repeated within the list, or already called according to the import
    invalid: int
    called_before: int  # valid numbers an earlier campaign already sent (not counting those on the do-not-call list)
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
        text = _("Call {to_send} contact(s), sent in {batches} group(s). Of {total} contact(s) in the list: "
                 "{valid} can be called, {suppressed} on the do-not-call list, {duplicates} duplicate(s), "
                 "{invalid} with a wrong number").format(
            to_send=number(c.to_send), batches=number(self.plan.batches), total=number(c.total),
            valid=number(c.valid), suppressed=number(c.suppressed), duplicates=number(c.duplicates),
            invalid=number(c.invalid))
        if c.called_before:
            text += _(", {count} already called by an earlier campaign").format(count=number(c.called_before))
        return text + "."


async def run_preflight(campaign: Campaign, client: ProviderClient, campaigns: CampaignRepository,
                        contacts: ContactRepository, batch_size: int, now: datetime | None = None) -> Preflight:
    now = now or datetime.now(timezone.utc)
    settings = campaign.settings
    items: list[CheckItem] = []
    try:
        info = await client.check_connection()
        items.append(CheckItem("account", Level.OK, _("The account answers"), info.message))
    except ProviderError as exc:
        items.append(CheckItem("account", Level.BLOCKING, _("The account does not answer"), str(exc)))
    items += [CheckItem("settings", Level.BLOCKING, _("The campaign is not filled in completely"), p)
              for p in settings.problems()]
    items += [CheckItem("settings", Level.WARNING, _("Before you launch"), w) for w in settings.warnings()]
    provider_items = await settings.preflight_items(client, now)
    items += [i for i in provider_items if i.key == "settings"]

    report = stored_report(contacts, campaign.list_id)
    fields, field_item = await _template_fields(client, campaign)
    if field_item:
        items.append(field_item)
    saved = contacts.load_mapping(mapping_scope(campaign.provider, settings.mapping_scope_key))
    mapping = match_fields(fields, report.table.column_names, saved.fields if saved else None)
    problems = launch_problems(report, fields, mapping)
    items += [CheckItem("fields", Level.BLOCKING, _("Details the call speaks"), p.message) for p in problems]
    field_map = {k: v for k, v in mapping.items() if v}
    if fields and not problems:
        pairs = ", ".join(f"{f.name} ← {field_map[f.key]}" for f in fields if f.key in field_map)
        items.append(CheckItem("fields", Level.OK, _("Every detail the call speaks has its column"),
                               pairs or _("No detail needs a column.")))

    counts = _counts(campaigns, campaign)
    level = Level.BLOCKING if not counts.to_send else Level.OK
    earlier = (_("{count} called in an earlier campaign (skipped)") if settings.skip_called_before
               else _("{count} called in an earlier campaign (called again)"))
    items.append(CheckItem("counts", level, ngettext("{count} contact to call", "{count} contacts to call",
                                                    counts.to_send).format(count=number(counts.to_send)),
                           _("{valid} can be called · {suppressed} on the do-not-call list · {duplicates} "
                             "duplicate(s) · {invalid} with a wrong number").format(
                               valid=number(counts.valid), suppressed=number(counts.suppressed),
                               duplicates=number(counts.duplicates), invalid=number(counts.invalid))
                           + " · " + earlier.format(count=number(counts.called_before))))
    items += [i for i in provider_items if i.key != "settings"]
    plan = BatchPlan(counts.to_send, batch_size)
    items.append(CheckItem("plan", Level.OK, _("How the calls are sent"), plan.describe()))
    return Preflight(campaign.id or 0, items, counts, plan, field_map)


def stored_report(contacts: ContactRepository, list_id: int) -> StoredReport:
    """A saved list as the report the template checks take (columns in file order), its rows read from the store
    a page at a time: the checks' memory does not grow with the list."""
    return contacts.open_list(list_id)


async def _template_fields(client: ProviderClient, campaign: Campaign) -> tuple[list[TemplateField], CheckItem | None]:
    known = campaign.settings.static_fields()
    if known is not None:
        return known, None
    code = campaign.settings.script_code
    if not code:
        return [], None
    try:
        return await client.get_custom_fields(code), None
    except ProviderError as exc:
        return [], CheckItem("fields", Level.BLOCKING, _("The details the call speaks could not be read"),
                                   str(exc))


def _counts(campaigns: CampaignRepository, campaign: Campaign) -> ContactCounts:
    """The list's numbers against the do-not-call list as it is now: a number added to it after the list was saved
    moves from valid to suppressed."""
    live = campaigns.list_counts(campaign)
    by_status = live.by_status
    return ContactCounts(
        total=sum(by_status.values()), valid=by_status.get(Status.VALID, 0) - live.do_not_call,
        suppressed=by_status.get(Status.SUPPRESSED, 0) + live.do_not_call,
        duplicates=by_status.get(Status.DUPLICATE, 0), invalid=by_status.get(Status.INVALID, 0),
        called_before=live.called_before, to_send=live.to_send(campaign.settings.skip_called_before))
