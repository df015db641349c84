"""A campaign's report for the supervisor's manager: the export's :class:`~desktop.campaigns.results.Summary`
(contacts, called, answer rate, talk time, cost, outcomes, answers) added up from the same
:class:`~desktop.campaigns.results.ContactResult` rows (one per contact across the campaign's redial rounds), plus
what only the report shows: contacts called and answered by hour of day (local time of each contact's latest call,
whose outcome the row states), the cost per outcome, and the first and last call.

Runs on a worker thread (the Monitor hands it to a job) and reports progress/cancel as the export does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from desktop.campaigns.export import RowSource
from desktop.campaigns.model import Campaign, Dispatch
from desktop.campaigns.repository import CampaignRepository
from desktop.campaigns.results import ContactResult, Summary, outcome_words
from desktop.campaigns.rounds import family_results, family_size
from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker
from desktop.providers.base import Outcome

HOURS = 24


@dataclass
class CampaignReport:
    """The report's figures; :attr:`summary` is exactly what the export's Summary sheet states."""

    summary: Summary = field(default_factory=Summary)
    called_by_hour: list[int] = field(default_factory=lambda: [0] * HOURS)  # contacts called, by hour of last call
    answered_by_hour: list[int] = field(default_factory=lambda: [0] * HOURS)  # of them answered
    cost_by_state: Counter[tuple[str, str]] = field(default_factory=Counter)  # (outcome, dispatch) → total cost
    first_call: dt.datetime | None = None
    last_call: dt.datetime | None = None

    def add(self, row: ContactResult) -> None:
        """Count one contact's row: into the Summary as the export does, then into the report's own figures."""
        self.summary.add(row)
        if row.cost:
            self.cost_by_state[row.outcome, row.dispatch] += row.cost
        if not row.attempts:
            return
        if row.first_call is not None and (self.first_call is None or row.first_call < self.first_call):
            self.first_call = row.first_call
        if row.last_call is not None:
            if self.last_call is None or row.last_call > self.last_call:
                self.last_call = row.last_call
            self.called_by_hour[row.last_call.hour] += 1
            if row.outcome == Outcome.ANSWERED and row.dispatch == Dispatch.SENT:
                self.answered_by_hour[row.last_call.hour] += 1

    @property
    def cost_by_outcome(self) -> Counter[str]:
        """Total cost per outcome in words (put into words once per outcome, not once per contact)."""
        costs: Counter[str] = Counter()
        for (outcome, dispatch), cost in self.cost_by_state.items():
            costs[outcome_words(outcome, dispatch)] += cost
        return costs

    @property
    def has_calls(self) -> bool:
        return self.summary.called > 0


def build_report(repository: CampaignRepository, campaign: Campaign, progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None, rows: RowSource = family_results) -> CampaignReport:
    """Add up ``campaign``'s contact rows (as ``rows`` builds them, the export's source: its rounds merged) into its
    report."""
    ticker = Ticker(Stage.READING, family_size(repository, campaign), progress, cancel)
    report = CampaignReport()
    for done, row in enumerate(rows(repository, campaign), 1):
        report.add(row)
        ticker.tick(done)
    ticker.finish()
    return report
