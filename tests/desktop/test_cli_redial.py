"""``autocall campaign redial`` black-box, against ``autocall simulator`` in its own process: the new round's id (with
``--json``, its size and who was left out), its run dials exactly the contacts whose latest outcome was chosen, and
nobody qualifying is one line and exit 10."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from desktop.exits import Exit
from desktop.paths import AppPaths
from tests.desktop.test_cli import DEMO, autocall, contact_file, fails, ledger, ok, simulator  # noqa: F401 (fixture)

PREFIX = "091600"


def outcomes(data_dir: Path, campaign: int) -> dict[str, str]:
    """The number as the contact list has it → the round's outcome, read from the database."""
    with sqlite3.connect(AppPaths.under(data_dir).database) as db:
        return dict(db.execute("SELECT t.phone_raw, c.outcome FROM calls c JOIN contacts t ON t.id = c.contact_id "
                               "WHERE c.campaign_id = ? AND c.dispatch = 'sent'", (campaign,)).fetchall())


def test_redial_makes_a_round_of_the_chosen_outcomes_and_prints_its_id(tmp_path: Path, simulator: str) -> None:  # noqa: F811
    folder = tmp_path / "data"
    data = ("--data-dir", folder, "--demo-url", simulator)
    phones = [f"{PREFIX}{n:04d}" for n in range(30)]
    ok("accounts", "demo", "--data-dir", folder)
    listed = ok("contacts", "import", contact_file(tmp_path / "list.csv", ["customer_name", "order_id"], phones),
                "--data-dir", folder)
    first = ok("campaign", "create", "--account", DEMO["vbot"], "--list", listed["list"], *data)["campaign"]
    assert ok("campaign", "run", "--campaign", first, "--yes", "--monitor", *data)["dispatch"]["sent"] == 30
    due = sorted(p for p, o in outcomes(folder, first).items() if o in ("no_answer", "busy"))
    assert due, "the simulator's mix leaves someone to call again"

    made = ok("campaign", "redial", "--campaign", first, "--outcomes", "no_answer,busy", "--delay", "0", *data)
    assert made["from"] == first and made["round"] == 2 and made["contacts"] == len(due)
    assert made["held"]["answered"] == list(outcomes(folder, first).values()).count("answered")
    ran = ok("campaign", "run", "--campaign", made["campaign"], "--yes", "--monitor", *data)
    assert ran["dispatch"]["sent"] == len(due) and ran["rounds"] == []  # no automatic rule: no third round
    rounds = {c["id"]: (c["round"], c["round_of"]) for c in ok("campaign", "list", "--data-dir", folder)["campaigns"]}
    assert rounds == {first: (1, None), made["campaign"]: (2, first)}

    dialled = Counter(e["phone"][-9:] for e in ledger(simulator, "vbot")["entries"]
                      if e["dialled"] and PREFIX[1:] in e["phone"])
    assert dialled == Counter({p[-9:]: 2 if p in due else 1 for p in phones})

    # Without --json: the id alone on stdout, what was made on stderr.
    plain = autocall("campaign", "redial", "--campaign", first, "--outcomes", "no_answer,busy,failed",
                     "--max-attempts", "3", "--delay", "0", *data)
    if plain.returncode == Exit.OK:
        assert plain.stdout.strip().isdigit() and "round 3" in plain.stderr
    else:
        assert plain.returncode == Exit.NOBODY and "Nobody qualifies" in plain.stderr

    line = fails(Exit.NOBODY, "campaign", "redial", "--campaign", made["campaign"], "--outcomes", "no_answer,busy",
                 "--max-attempts", "1", *data)
    assert "Nobody qualifies for another round" in line
    wrong = autocall("campaign", "redial", "--campaign", first, "--outcomes", "answered", *data)
    assert wrong.returncode == Exit.USAGE and "expected some of" in wrong.stderr


def test_when_finished_the_headless_run_makes_each_round_up_to_the_cap(tmp_path: Path, simulator: str) -> None:  # noqa: F811
    folder = tmp_path / "data"
    data = ("--data-dir", folder, "--demo-url", simulator)
    prefix = "091700"
    phones = [f"{prefix}{n:04d}" for n in range(30)]
    ok("accounts", "demo", "--data-dir", folder)
    listed = ok("contacts", "import", contact_file(tmp_path / "list.csv", ["name"], phones), "--data-dir", folder)
    first = ok("campaign", "create", "--account", DEMO["nxcloud"], "--list", listed["list"], *data)["campaign"]
    rule = ok("campaign", "redial", "--campaign", first, "--outcomes", "no_answer,busy,failed", "--delay", "0",
              "--max-attempts", "2", "--when-finished", *data)
    assert rule == {"campaign": first, "rule": {"outcomes": ["no_answer", "busy", "failed"], "delay_minutes": 0,
                                                "max_attempts": 2}}

    ran = ok("campaign", "run", "--campaign", first, "--yes", "--monitor", *data)
    again = sorted(p for p, o in outcomes(folder, first).items() if o in ("no_answer", "busy", "failed"))
    assert again, "the simulator's mix leaves someone to call again"
    assert [(r["round"], r["sent"]) for r in ran["rounds"]] == [(2, len(again))]  # a third would pass the cap
    assert sum(ran["rounds"][0]["outcomes"].values()) == len(again)
    dialled = Counter(e["phone"][-9:] for e in ledger(simulator, "nxcloud")["entries"]
                      if e["dialled"] and prefix[1:] in e["phone"])
    assert dialled == Counter({p[-9:]: 2 if p in again else 1 for p in phones})
