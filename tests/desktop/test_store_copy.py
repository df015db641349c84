"""`autocall db copy`: a desk's SQLite database moved into an empty PostgreSQL database and back, every table's rows
counted on both sides, ids kept (the next id follows them), the campaign read the same through the repositories
on the target; a target that holds data is refused in words and left as it was."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import store_copy
from desktop.accounts.repository import Account, AccountRepository
from desktop.campaigns.model import RedialRule
from desktop.campaigns.repository import CampaignRepository
from desktop.campaigns.rounds import create_round, family_rounds, set_rule
from desktop.cli import main
from desktop.contacts.repository import ContactRepository
from desktop.exits import Exit, InputError
from desktop.paths import AppPaths
from desktop.providers.base import Outcome, new_key
from desktop.services import prepare_folders
from desktop.store import Store, open_database, sqlite_url
from desktop.store_copy import CopyMismatch, TargetNotEmpty, copy_database, copy_url, tables_of
from tests.desktop.test_store_backups import HOLD_LOCK
from tests.helpers.campaigns import add_list, settings_for
from tests.helpers.postgres import PostgresServer
from tests.helpers.storage import filled_data_folder, overwrite_middle_pages

BODY = b"\x00\xff{\"event\": \"call.ended\"}"


def populate(store: Store) -> int:
    """A desk's data: the demo accounts, a list of 40 contacts, a campaign with its calls, two batches (one sent,
    one in flight) and a second round with a rule, a do-not-call number, settings and a stored notification; the
    campaign's id."""
    accounts = AccountRepository(store).ensure_demo_accounts()
    vbot = next(a for a in accounts if a.provider == "vbot")
    list_id = add_list(store, 40, extra=[("0123", "invalid", "too short")])
    ContactRepository(store).add_do_not_call(["+84910000003"], "asked not to be called")
    repository = CampaignRepository(store)
    campaign = repository.create("Nhắc nợ tháng 12", vbot.id, list_id, settings_for("vbot"))
    repository.materialise(campaign)
    sent = repository.journal.open_batch(campaign, 10)
    repository.journal.close_batch(sent.id, [c.key for c in sent.calls[1:]],
                                   [(sent.calls[0].key, "số không hợp lệ")], ["ref-1"], {"ok": True})
    repository.journal.open_batch(campaign, 10)
    contacts = [row[0] for row in store.query("SELECT contact_id FROM calls WHERE campaign_id = ? ORDER BY id LIMIT 5",
                                              (campaign.id,))]
    create_round(store, campaign, lambda n: f"Nhắc nợ vòng {n}", new_key(), settings_for("vbot"), contacts,
                 time.time() + 3600)
    set_rule(store, campaign, RedialRule(outcomes=(Outcome.NO_ANSWER,), delay_minutes=30, max_attempts=3))
    store.set_setting("campaigns.batch_size.vbot", 25)
    store.set_setting("language", "vi")
    with store.transaction() as db:
        db.execute("INSERT INTO notification_events(account_id, provider, kind, dedupe_key, body, received_at, "
                   "applied) VALUES (?, ?, ?, ?, ?, ?, 1)",
                   (vbot.id, "vbot", "call.ended", "evt-1", BODY, 1764590000.25))
    return campaign.id


def counts(store: Store) -> dict[str, int]:
    with store.transaction() as db:
        return {t.name: db.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
                for t in tables_of(store.engine, db)}


def reads(store: Store, campaign_id: int) -> dict:
    """What the app shows of the desk, read through its repositories."""
    repository = CampaignRepository(store)
    campaign = repository.get(campaign_id)
    return {
        "campaign": (campaign.name, campaign.state, campaign.key, campaign.settings.to_json(),
                     campaign.redial_rule.to_json() if campaign.redial_rule else None),
        "counts": repository.counts(campaign),
        "rows": [(r.call_id, r.outcome, r.dispatch) for r in repository.rows(campaign)],
        "rounds": family_rounds(store, campaign_id),
        "accounts": [(a.id, a.name, a.provider) for a in AccountRepository(store).list()],
        "do_not_call": ContactRepository(store).do_not_call(),
        "settings": (store.get_setting("campaigns.batch_size.vbot"), store.get_setting("language")),
        "body": bytes(store.query_one("SELECT body FROM notification_events")[0]),
    }


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Store, int]:
    """The populated database of the data folder ``tmp_path/data``, and its campaign's id."""
    paths = AppPaths.under(tmp_path / "data")
    prepare_folders(paths)
    store = Store(paths.database)
    campaign_id = populate(store)
    yield store, campaign_id
    store.close()


def test_a_desk_moves_to_postgresql_and_back_with_every_row_and_id(
        desk: tuple[Store, int], pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_copy, "CHUNK", 3)  # several chunks per table, round_contacts' two-column key included
    source, campaign_id = desk
    team = open_database(pg_url)
    seen: list[tuple[str, int, int]] = []
    report = copy_database(source, team, progress=lambda *p: seen.append(p))
    assert report.matches and {c.table: c.target for c in report.counts} == counts(source) == counts(team)
    assert counts(source)["contacts"] == 41 and counts(source)["round_contacts"] == 5
    assert ("contacts", 41, 41) in seen and ("contacts", 3, 41) in seen and ("round_contacts", 3, 5) in seen
    assert reads(team, campaign_id) == reads(source, campaign_id)
    # The next row made on the team database takes a new id after the copied ones.
    added = AccountRepository(team).save(Account(name="Công ty A", provider="vbot"))
    assert added.id == max(a.id for a in AccountRepository(source).list()) + 1

    back = open_database(sqlite_url(tmp_path / "back.sqlite3"))
    try:
        assert copy_database(team, back).matches
        assert counts(back) == counts(team)
        assert reads(back, campaign_id) == reads(team, campaign_id)
    finally:
        back.close()
        team.close()


def test_a_target_that_holds_data_is_refused_in_words_and_left_as_it_was(
        desk: tuple[Store, int], tmp_path: Path) -> None:
    source, _ = desk
    target = Store(tmp_path / "other.sqlite3")
    try:
        AccountRepository(target).ensure_demo_accounts()
        before = counts(target)
        with pytest.raises(TargetNotEmpty) as refused:
            copy_database(source, target)
        assert "already holds data (in accounts)" in str(refused.value) and "nothing was copied" in str(refused.value)
        assert counts(target) == before
    finally:
        target.close()


def test_the_command_copies_prints_the_counts_and_refuses_a_second_time(
        desk: tuple[Store, int], pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, _ = desk
    source.close()
    team = pg_url
    argv = ["db", "copy", "--to", team, "--data-dir", str(tmp_path / "data")]  # from the data folder's database
    assert main([*argv, "--json"]) == Exit.OK
    out = capsys.readouterr()
    result = json.loads(out.out)
    assert result["verified"] and result["target"] == team
    assert {t["table"]: t["target"] for t in result["tables"]}["contacts"] == 41
    assert "contacts: 41 of 41 rows" in out.err

    assert main(argv) == Exit.INPUT
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].startswith(f"autocall db copy: The database {team} already holds data (in ")
    assert said[0].endswith("nothing was copied. Copy into an empty database; two desks' data are never merged.")


def test_a_copy_whose_counts_differ_is_undone_and_says_where(desk: tuple[Store, int], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source, _ = desk
    write = store_copy._insert

    def losing_the_last_call(engine: str, db: object, table: store_copy.Table, rows: list[tuple]) -> None:
        write(engine, db, table, rows[:-1] if table.name == "calls" else rows)

    monkeypatch.setattr(store_copy, "_insert", losing_the_last_call)
    target = Store(tmp_path / "target.sqlite3")
    try:
        with pytest.raises(CopyMismatch) as undone:
            copy_database(source, target)
        assert str(undone.value) == (f"The copy was undone: the row counts differ in calls (40 → 39). Nothing was "
                                     f"written to {target.url}.")
        assert ["calls", "40", "39", "DIFFERENT"] in [line.split() for line in undone.value.report.lines()]
        assert set(counts(target).values()) == {0}
    finally:
        target.close()


@pytest.mark.parametrize(("source", "target"), [
    ("sqlite:///tmp/a.sqlite3", "sqlite:///tmp/../tmp/a.sqlite3"),
    ("postgresql://autocall@DB.example.vn/autocall", "postgres://giamsat@db.example.vn:5432/autocall"),
])
def test_copying_a_database_onto_itself_is_refused(source: str, target: str) -> None:
    with pytest.raises(InputError, match="the same database"):
        copy_url(source, target)


def test_a_wrong_password_or_an_unreachable_server_is_one_sentence_and_db_password_saves_the_right_one(
        desk: tuple[Store, int], pg_url: str, postgres_server: PostgresServer, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    desk[0].close()
    source = sqlite_url(tmp_path / "data" / "autocall.sqlite3")
    data = ["--data-dir", str(tmp_path / "data")]

    def password(text: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))
        return main(["db", "password", "--url", pg_url, *data])

    assert password("not-the-password") == Exit.OK
    assert main(["db", "copy", "--from", source, "--to", pg_url, *data]) == Exit.STORAGE
    said = capsys.readouterr().err.strip().splitlines()  # one line, the store's sentence (its wording is the store's)
    assert len(said) == 1 and said[0].startswith(
        f"autocall db copy: The database server 127.0.0.1:{postgres_server.port} did not accept the password of "
        f"autocall: enter the right password")

    assert main(["db", "copy", "--from", source, "--to", "postgresql://autocall@127.0.0.1:1/autocall", *data]) \
        == Exit.STORAGE
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "autocall db copy: The database server 127.0.0.1:1 cannot be reached: check that it is running and that this "
        "computer can reach it (address, port, network), then try again.")

    assert password(postgres_server.password) == Exit.OK
    assert main(["db", "copy", "--from", source, "--to", pg_url, *data]) == Exit.OK
    assert "every table's count matches" in capsys.readouterr().out


def test_a_damaged_source_is_said_in_one_sentence_and_nothing_is_copied(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = filled_data_folder(tmp_path / "desk").database
    overwrite_middle_pages(database)
    target = tmp_path / "target.sqlite3"
    code = main(["db", "copy", "--from", sqlite_url(database), "--to", sqlite_url(target), "--data-dir",
                 str(tmp_path / "data")])
    said = capsys.readouterr().err.strip().splitlines()
    assert code == Exit.DAMAGED and len(said) == 1
    assert said[0].startswith(f"autocall db copy: The database {database} is damaged (") and "backup" in said[0]
    assert not target.exists()
    # --database, which every command takes, names the source as well
    assert main(["db", "copy", "--database", sqlite_url(database), "--to", sqlite_url(target), "--data-dir",
                 str(tmp_path / "data")]) == Exit.DAMAGED
    assert f"The database {database} is damaged (" in capsys.readouterr().err


def test_the_desk_open_on_its_data_folder_is_asked_to_close_first(desk: tuple[Store, int], tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    paths = AppPaths.under(tmp_path / "data")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(paths.lock_file)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        target = tmp_path / "target.sqlite3"
        assert main(["db", "copy", "--to", sqlite_url(target), "--data-dir", str(paths.data_dir)]) == Exit.STORAGE
        assert capsys.readouterr().err.strip() == (
            f"autocall db copy: Autocall Desk is open on {paths.data_dir}: close it (its campaigns pause), then copy "
            f"its data, so no campaign is sent from the desk and from the team database at once.")
        assert not target.exists()
    finally:
        holder.kill()
        holder.wait()
