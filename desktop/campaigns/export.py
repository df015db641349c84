"""Export a campaign's results to .xlsx or .csv: each contact's original columns, then what calling it produced (the
number dialled, outcome and answer in words, attempts, call times, talk time, cost, recording file). An .xlsx opens
on a Summary sheet: totals, answer rate, average talk time, total cost, and the outcomes and answers charted.

Runs on a worker thread (CampaignService.export hands it to the executor) and reports through the contacts
package's progress/cancel conventions. Rows are :class:`~desktop.campaigns.results.ContactResult` s, one per contact
across every redial round of the campaign (:func:`~desktop.campaigns.rounds.family_results`), streamed to
desktop.spreadsheets, which writes every table file the same way (formula-like text kept as text, dates as dates,
atomically); the Summary is added up from the very rows written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from desktop.campaigns.model import Campaign
from desktop.campaigns.repository import CampaignRepository
from desktop.campaigns.results import ContactResult, Summary, answer_details, answer_words, outcome_words
from desktop.campaigns.rounds import family_results, family_size
from desktop.contacts.repository import stored_value
from desktop.errors import AutocallError
from desktop.i18n import N_, _
from desktop.progress import CancelToken, ProgressCallback
from desktop.spreadsheets import Breakdown, Figure, Format, Front, write_table

RESULT_COLUMNS = (N_("Number dialled"), N_("Outcome"), N_("Answer"), N_("Answer details"), N_("Attempts"),
                  N_("First call"), N_("Last call"), N_("Talk time (s)"), N_("Cost"), N_("Recording file"),
                  N_("Provider status"), N_("Reason"))

#: Builds a campaign's per-contact rows: :func:`family_results` (its rounds merged), or one round's
#: :func:`~desktop.campaigns.results.contact_results`.
RowSource = Callable[[CampaignRepository, Campaign], Iterable[ContactResult]]


class ExportError(AutocallError):
    """The export could not be written; the message says what to do."""


def export_results(repository: CampaignRepository, campaign: Campaign, path: Path, fmt: Format,
                   progress: ProgressCallback | None = None, cancel: CancelToken | None = None,
                   rows: RowSource = family_results) -> int:
    """Write every contact's row (as ``rows`` builds them: by default one per contact of the campaign's rounds, from
    whichever round) to ``path``; returns the number of rows written."""
    path = Path(path)
    columns = repository.list_columns(campaign)
    summary = Summary()
    front = Front(_("Summary"), lambda: summary_sheet(summary))
    try:
        return write_table(path, [*columns, *(_(c) for c in RESULT_COLUMNS)],
                           _cells(rows(repository, campaign), columns, summary), sheet=_("Results"), fmt=fmt,
                           total=family_size(repository, campaign), progress=progress, cancel=cancel, front=front)
    except OSError as exc:
        raise ExportError(_("The results could not be saved to {path} ({reason}). Choose another folder.").format(
            path=path, reason=exc.strerror)) from None


def summary_sheet(summary: Summary) -> tuple[list[Figure], list[Breakdown]]:
    """The Summary sheet's figures and breakdowns (outcomes, then answers, most frequent first)."""
    figures = [
        Figure(_("Contacts"), summary.contacts),
        Figure(_("Called"), summary.called),
        Figure(_("Answered"), summary.answered),
        Figure(_("Answer rate"), summary.answer_rate, "0.0%"),
        Figure(_("Average talk time (s)"), round(summary.average_talk, 1), "0.0"),
        Figure(_("Total cost"), summary.cost, "#,##0.####"),
    ]
    breakdowns = [
        Breakdown(_("Outcomes"), _("Outcome"), _("Contacts"), summary.outcomes.most_common()),
        Breakdown(_("Answers"), _("Answer"), _("Contacts"), summary.answers.most_common()),
    ]
    return figures, breakdowns


def _cells(rows: Iterable[ContactResult], columns: list[str], summary: Summary) -> Iterator[list[Any]]:
    for row in rows:
        summary.add(row)
        yield [*(stored_value(row.values.get(c)) for c in columns), row.dialled,
               outcome_words(row.outcome, row.dispatch), answer_words(row.answer_key), answer_details(row.answer),
               row.attempts, row.first_call,
               row.last_call, row.talk_seconds, row.cost, row.recording_file, row.provider_status, row.reason]
