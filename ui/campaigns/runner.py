"""Who runs a campaign when it is not this desk (another desk, the server), in the window's words: the Campaigns list,
the dispatch panel and the Monitor say it alike. Launch, Resume and Pause there are refused by the engine with its
own sentence (desktop.campaigns.lease.LeaseHeld)."""

from __future__ import annotations

from desktop.campaigns.lease import LeaseHolder
from ui.text import arg, translate


def runner_text(holder: LeaseHolder) -> str:
    """A sentence for a header: "The server NAME is running this campaign" / "Running on the computer NAME"."""
    if holder.is_server():
        return arg(translate("Runner", "The server %1 is running this campaign"), holder.host)
    return arg(translate("Runner", "Running on the computer %1"), holder.host)


def with_runner(state: str, holder: LeaseHolder) -> str:
    """A campaign's state as the list says it, with where it runs: "Sending (on DESK-2)"."""
    if holder.is_server():
        return arg(translate("Runner", "%1 (on the server %2)"), state, holder.host)
    return arg(translate("Runner", "%1 (on %2)"), state, holder.host)
