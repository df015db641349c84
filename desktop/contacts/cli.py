"""``autocall contacts …`` and ``autocall dnc …``: the import engine and the do-not-call list without a window, for
scripts, scheduled jobs, support and CI (``autocall check``, which stores nothing, is :mod:`desktop.contacts.check`).

    autocall contacts import FILE [--sheet NAME] [--name LIST] [--provider P]     # → the new list's id and counts
    autocall contacts list
    autocall dnc add PHONE... [--note TEXT] · autocall dnc remove PHONE... · autocall dnc list

They run exactly what the Contacts tab runs (read → detect mapping → validate), so their counts are the tab's
counts for the same file and the same do-not-call list.
"""

from __future__ import annotations

import argparse

from desktop.contacts.check import file_arguments, file_options, import_options, summary
from desktop.contacts.importer import REJECTED
from desktop.exits import Exit, InputError
from desktop.headless import Headless, add_common, emit
from desktop.i18n import _
from desktop.phones import PhoneNormalizer


def register(subparsers: argparse._SubParsersAction) -> None:
    contacts = subparsers.add_parser("contacts", help=_("import a contact file as a saved list; list the saved lists"),
                                     description=_("Saved contact lists, as the Contacts tab keeps them."))
    actions = contacts.add_subparsers(dest="action", metavar="ACTION", required=True)
    imported = actions.add_parser("import", help=_("validate a contact file and save it as a list (its id is printed)"))
    file_options(imported)
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


def run_import(args: argparse.Namespace) -> int:
    """``contacts import``: the file is checked into the store a chunk at a time and saved as a list in one
    transaction, so a list of any length costs bounded memory and an interrupted import leaves no list."""
    name = args.name or args.file.name
    with Headless.open(args) as headless:
        contacts = headless.contacts
        try:
            staged = contacts.stage_file(args.file, options=import_options(args, contacts), **file_arguments(args))
        except ValueError as exc:  # a bad region or header row, in the reader's words
            raise InputError(str(exc)) from exc
        try:
            list_id = contacts.save_staged(staged, name)
            text = summary(staged, staged.counts, contacts.staged_rows(staged, *REJECTED))
        finally:
            contacts.discard(staged.id)
    counts = staged.counts
    data = {"list": list_id, "name": name, "total": counts.total, "valid": counts.valid,
            "duplicates": counts.duplicates, "invalid": counts.invalid, "suppressed": counts.suppressed}
    emit(args, data, _("list {id} “{name}” saved").format(id=list_id, name=name) + "\n" + text)
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
