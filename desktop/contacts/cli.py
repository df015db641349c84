"""``autocall check``, ``autocall contacts …`` and ``autocall dnc …``: the import engine and the do-not-call list
without a window, for scripts, scheduled jobs, support and CI.

    autocall check FILE [--sheet NAME] [--provider P] [--data-dir DIR] [--json]   # validate only, store nothing
    autocall contacts import FILE [--sheet NAME] [--name LIST] [--provider P]     # → the new list's id and counts
    autocall contacts list
    autocall dnc add PHONE... [--note TEXT] · autocall dnc remove PHONE... · autocall dnc list

They run exactly what the Contacts tab runs (read → detect mapping → validate), so their counts are the tab's
counts for the same file and the same do-not-call list.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.contacts.columns import ColumnMapping
from desktop.contacts.importer import ImportOptions, ImportReport, Status, import_file
from desktop.contacts.reading import Limits
from desktop.contacts.repository import ContactRepository
from desktop.exits import Exit, InputError
from desktop.headless import Headless, add_common, emit, paths_for
from desktop.i18n import _
from desktop.phones import PhoneNormalizer
from desktop.providers import PROVIDERS
from desktop.store import database_url, open_database

_LISTED_PROBLEMS = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help=_("validate a contact file (xlsx, xls, ods, csv, txt) as the Contacts tab would"),
        description=_("Read a contact file, normalise and de-duplicate its phone numbers, and report each row."),
    )
    _file_options(parser)
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help=_("the app's data folder: apply its do-not-call list"))
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print one JSON object instead of a summary"))
    parser.add_argument(
        "--against-campaigns", action="store_true",
        help=_("with --data-dir: numbers in earlier campaigns count as duplicates")
    )
    parser.set_defaults(func=run)

    contacts = subparsers.add_parser("contacts", help=_("import a contact file as a saved list; list the saved lists"),
                                     description=_("Saved contact lists, as the Contacts tab keeps them."))
    actions = contacts.add_subparsers(dest="action", metavar="ACTION", required=True)
    imported = actions.add_parser("import", help=_("validate a contact file and save it as a list (its id is printed)"))
    _file_options(imported)
    imported.add_argument("--name", help=_("the list's name (default: the file's name)"))
    imported.add_argument("--against-campaigns", action="store_true",
                          help=_("numbers an earlier campaign was given count as duplicates"))
    add_common(imported)
    imported.set_defaults(func=run_import)
    listed = actions.add_parser("list", help=_("the saved lists: id, rows, valid rows, name"))
    add_common(listed)
    listed.set_defaults(func=run_lists)

    dnc = subparsers.add_parser("dnc", help=_("the do-not-call list: add, remove, list numbers"),
                                description=_("Numbers never to call, whatever list they are in."))
    actions = dnc.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("add", _("add numbers (any usual form; all or none are added)")),
                       ("remove", _("remove numbers")), ("list", _("every number on the list"))):
        sub = actions.add_parser(name, help=text)
        if name != "list":
            sub.add_argument("phones", nargs="+", metavar="PHONE")
            sub.add_argument("--region", default="VN", help=_("default country for numbers without a country code"))
        if name == "add":
            sub.add_argument("--note", default="", help=_("why (kept with the number)"))
        add_common(sub)
        sub.set_defaults(func=_DNC[name])


def _file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--sheet", help=_("sheet name (default: the first visible sheet)"))
    parser.add_argument("--provider", choices=[p.key for p in PROVIDERS], help=_("write numbers in this provider's "
                                                                                 "form"))
    parser.add_argument("--region", default="VN", help=_("default country for numbers without a country code"))
    parser.add_argument("--header-row", type=int, help=_("spreadsheet row of the header (0: no header)"))
    parser.add_argument("--phone-column", help=_("header of the phone column (default: detected)"))
    parser.add_argument("--max-rows", type=int, default=Limits.max_rows, help=_("refuse files with more rows"))
    parser.add_argument("--max-mb", type=float, default=Limits.max_file_bytes / 1024 / 1024, help=_("refuse larger "
                                                                                                    "files"))
    parser.add_argument("--max-columns", type=int, default=Limits.max_columns,
                        help=_("refuse files with a filled cell further right"))


def _report(args: argparse.Namespace, options: ImportOptions) -> ImportReport:
    try:
        return import_file(
            args.file,
            sheet=args.sheet,
            header_row=args.header_row,
            mapping=ColumnMapping(args.phone_column) if args.phone_column else None,
            options=options,
            limits=Limits(max_file_bytes=int(args.max_mb * 1024 * 1024), max_rows=args.max_rows,
                          max_columns=args.max_columns),
        )
    except ValueError as exc:  # a bad region or header row, in the reader's words
        raise InputError(str(exc)) from exc


def _import_options(args: argparse.Namespace, repository: ContactRepository | None) -> ImportOptions:
    if repository is None:
        return ImportOptions(region=args.region, provider=args.provider)
    earlier = repository.earlier_campaign_numbers() if args.against_campaigns else frozenset()
    return ImportOptions(region=args.region, provider=args.provider, do_not_call=repository.do_not_call(),
                         earlier_numbers=earlier)


def run(args: argparse.Namespace) -> int:
    """``check``: with ``--data-dir`` or ``--database``, that database's do-not-call list applies; nothing is
    stored."""
    if getattr(args, "data_dir", None) is None and getattr(args, "database", None) is None:
        report = _report(args, _import_options(args, None))
    else:
        store = open_database(database_url(paths_for(args), getattr(args, "database", None)))
        try:
            report = _report(args, _import_options(args, ContactRepository(store)))
        finally:
            store.close()
    if getattr(args, "json", False):
        report.write_json(sys.stdout)
    else:
        print(summary(report))
    return Exit.OK


def run_import(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        report = _report(args, _import_options(args, headless.contacts))
        name = args.name or args.file.name
        list_id = headless.contacts.save_list(report, name)
    counts = report.counts
    data = {"list": list_id, "name": name, "total": counts.total, "valid": counts.valid,
            "duplicates": counts.duplicates, "invalid": counts.invalid, "suppressed": counts.suppressed}
    emit(args, data, _("list {id} “{name}” saved").format(id=list_id, name=name) + "\n" + summary(report))
    return Exit.OK


def run_lists(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        lists = headless.contacts.lists()
    data = {"lists": [{"id": i.id, "name": i.name, "rows": i.rows, "valid": i.valid, "source_file": i.source_file,
                       "created_at": i.created_at} for i in lists]}
    emit(args, data, "\n".join(_("{id}\t{rows} rows\t{valid} can be called\t{name}").format(
        id=i.id, rows=i.rows, valid=i.valid, name=i.name) for i in lists)
         or _("No saved lists yet."))
    return Exit.OK


def _numbers(args: argparse.Namespace) -> list[str]:
    """The E.164 form of every PHONE given; any number that is not one stops the command before anything changes."""
    normalizer = PhoneNormalizer(args.region)
    results = [(text, normalizer.normalize(text)) for text in args.phones]
    bad = [f"{text} ({_(result.reason)})" for text, result in results if not result.valid]
    if bad:
        raise InputError(_("Not a phone number, so nothing was changed: {join}.").format(join=', '.join(bad)))
    return list(dict.fromkeys(result.e164 for _, result in results if result.e164))


def run_dnc_add(args: argparse.Namespace) -> int:
    numbers = _numbers(args)
    with Headless.open(args) as headless:
        added = headless.contacts.add_do_not_call(numbers, note=args.note)
    emit(args, {"numbers": numbers, "added": added, "already_listed": len(numbers) - added},
         _("{added} number(s) added to the do-not-call list, {value} already on it.").format(
             added=added, value=len(numbers) - added))
    return Exit.OK


def run_dnc_remove(args: argparse.Namespace) -> int:
    numbers = _numbers(args)
    with Headless.open(args) as headless:
        listed = headless.contacts.do_not_call()
        removed = [n for n in numbers if n in listed]
        headless.contacts.remove_do_not_call(removed)
    emit(args, {"numbers": numbers, "removed": len(removed), "not_listed": len(numbers) - len(removed)},
         _("{removed} number(s) removed from the do-not-call list, {value} were not on it.").format(
             removed=len(removed), value=len(numbers) - len(removed)))
    return Exit.OK


def run_dnc_list(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        numbers = sorted(headless.contacts.do_not_call())
    emit(args, {"numbers": numbers}, "\n".join(numbers) or _("The do-not-call list is empty."))
    return Exit.OK


_DNC = {"add": run_dnc_add, "remove": run_dnc_remove, "list": run_dnc_list}


def summary(report: ImportReport) -> str:
    """A few lines for a person: where the data was found, the counts, and the first rejected rows."""
    table, counts = report.table, report.counts
    where = _("sheet “{sheet}”, ").format(sheet=table.sheet) if table.sheet else ""
    header = (_("header on row {row}").format(row=table.header_row) if table.header_row
              else _("no header row"))
    lines = [
        _("{name} ({where}{header}, phone column “{phone}”)").format(
            name=table.source.name, where=where, header=header, phone=report.mapping.phone),
        _("total {total} · can be called {valid} · duplicate {duplicates} · wrong number {invalid} · on the "
          "do-not-call list {suppressed}").format(
            total=counts.total, valid=counts.valid, duplicates=counts.duplicates, invalid=counts.invalid,
            suppressed=counts.suppressed),
    ]
    rejects = [row for row in report.rows if row.status is not Status.VALID]
    for row in rejects[:_LISTED_PROBLEMS]:
        lines.append(_("  row {row}: {status}, {reason} ({value})").format(
                         row=row.row, status=row.status.label, reason=row.reason, value=row.phone_raw or _("empty")))
    if len(rejects) > _LISTED_PROBLEMS:
        lines.append(_("  … and {value} more (use --json for every row)").format(
                         value=len(rejects) - _LISTED_PROBLEMS))
    return "\n".join(lines)
