"""Who runs a campaign when it is not this desk (another desk, the server), in the window's words: the Campaigns list,
the dispatch panel and the Monitor say it alike. Launch and Resume there are refused by the engine with its own
sentence (desktop.campaigns.lease.LeaseHeld); Pause and Cancel are asked of it (desktop/campaigns/requests.py)."""

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


def request_sent_text(what: str, holder: LeaseHolder) -> str:
    """What the asking desk says until the runner has paused, cancelled or resumed the campaign (``what``)."""
    if what == "resume":
        return arg(translate("Runner", "Resume request sent to the computer following the campaign (%1): it sends "
                                       "the rest within a few seconds."), holder.host)
    if what == "cancel":
        return arg(translate("Runner", "Cancel request sent to the computer running the campaign (%1): it stops "
                                       "sending after the group of calls being sent; contacts not sent yet are marked "
                                       "not sent."), holder.host)
    return arg(translate("Runner", "Pause request sent to the computer running the campaign (%1): it stops after the "
                                   "group of calls being sent."), holder.host)
