"""``autocall check FILE [--sheet NAME] [--provider P] [--data-dir DIR] [--json]``: validate a contact file as the
Contacts tab would (read → detect mapping → validate) and report each row; nothing is stored.

The command imports the import engine and nothing more: the database only for ``--data-dir``/``--database``, the
provider registry only for ``--provider`` or help. ``autocall contacts import`` reads files with the same options
and reports with the same :func:`summary`.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.contacts.columns import ColumnMapping
from desktop.contacts.importer import ImportCounts, ImportOptions, ImportReport, RowSource, Verdicts, import_file
from desktop.contacts.reading import Limits
from desktop.exits import Exit, InputError
from desktop.gc_policy import collector_paused
from desktop.i18n import _, decimal

if TYPE_CHECKING:
    from desktop.contacts.repository import ContactRepository

_LISTED_PROBLEMS = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help=_("validate a contact file (xlsx, xls, ods, csv, txt) as the Contacts tab would"),
        description=_("Read a contact file, normalise and de-duplicate its phone numbers, and report each row."),
    )
    file_options(parser)
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help=_("the app's data folder: apply its do-not-call list"))
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print one JSON object instead of a summary"))
    parser.add_argument(
        "--against-campaigns", action="store_true",
        help=_("with --data-dir: numbers in earlier campaigns count as duplicates")
    )
    parser.set_defaults(func=run)


class _ProviderKeys:
    """``--provider``'s choices, the registry's keys: the registry (httpx and every provider) is imported only when
    argparse looks at them, when the option is given or its help shown (its metavar spares the look at start)."""

    def __iter__(self) -> Iterator[str]:
        from desktop.providers import PROVIDERS

        return iter([provider.key for provider in PROVIDERS])

    def __contains__(self, key: object) -> bool:
        return key in list(self)


def file_options(parser: argparse.ArgumentParser) -> None:
    """The options that say how to read a contact file (``check``, ``contacts import``)."""
    parser.add_argument("file", type=Path)
    parser.add_argument("--sheet", help=_("sheet name (default: the first visible sheet)"))
    parser.add_argument("--provider", choices=_ProviderKeys(), metavar="PROVIDER",
                        help=_("write numbers in this provider's form") + " (%(choices)s)")
    parser.add_argument("--region", default="VN", help=_("default country for numbers without a country code"))
    parser.add_argument("--header-row", type=int, help=_("spreadsheet row of the header (0: no header)"))
    parser.add_argument("--phone-column", help=_("header of the phone column (default: detected)"))
    parser.add_argument("--max-rows", type=int, default=Limits.max_rows, help=_("refuse files with more rows"))
    parser.add_argument("--max-mb", type=decimal, default=Limits.max_file_bytes / 1024 / 1024, help=_("refuse larger "
                                                                                                    "files"))
    parser.add_argument("--max-columns", type=int, default=Limits.max_columns,
                        help=_("refuse files with a filled cell further right"))


def file_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The reading options the :func:`file_options` name, as keywords of ``import_file`` and ``stage_file``."""
    return {"sheet": args.sheet, "header_row": args.header_row,
            "mapping": ColumnMapping(args.phone_column) if args.phone_column else None,
            "limits": Limits(max_file_bytes=int(args.max_mb * 1024 * 1024), max_rows=args.max_rows,
                             max_columns=args.max_columns)}


def read_report(args: argparse.Namespace, options: ImportOptions) -> ImportReport:
    """The file the :func:`file_options` name, read and validated with ``options``."""
    try:
        return import_file(args.file, options=options, **file_arguments(args))
    except ValueError as exc:  # a bad region or header row, in the reader's words
        raise InputError(str(exc)) from exc


def import_options(args: argparse.Namespace, repository: ContactRepository | None) -> ImportOptions:
    """The validation options: the region and provider given, and ``repository``'s do-not-call list (and, with
    ``--against-campaigns``, its earlier campaigns' numbers) when there is one."""
    if repository is None:
        return ImportOptions(region=args.region, provider=args.provider)
    earlier = repository.earlier_campaign_numbers() if args.against_campaigns else frozenset()
    return ImportOptions(region=args.region, provider=args.provider, do_not_call=repository.do_not_call(),
                         earlier_numbers=earlier)


def run(args: argparse.Namespace) -> int:
    """``check``: with ``--data-dir`` or ``--database``, that database's do-not-call list applies; nothing is
    stored."""
    with collector_paused():
        if getattr(args, "data_dir", None) is None and getattr(args, "database", None) is None:
            report = read_report(args, import_options(args, None))
        else:
            report = _against_database(args)
        if getattr(args, "json", False):
            report.write_json(sys.stdout)
        else:
            print(summary(report, report.counts, report.rejects()))
    return Exit.OK


def _against_database(args: argparse.Namespace) -> ImportReport:
    """The report with the do-not-call list (and earlier campaigns) of the database the options name."""
    from desktop.contacts.repository import ContactRepository
    from desktop.headless import paths_for
    from desktop.store import database_url, open_database

    store = open_database(database_url(paths_for(args), getattr(args, "database", None)))
    try:
        return read_report(args, import_options(args, ContactRepository(store)))
    finally:
        store.close()


def summary(verdicts: Verdicts, counts: ImportCounts, rejects: RowSource) -> str:
    """A few lines for a person: where the data was found, the counts, and the first of the rejected rows."""
    table = verdicts.table
    where = _("sheet “{sheet}”, ").format(sheet=table.sheet) if table.sheet else ""
    header = (_("header on row {row}").format(row=table.header_row) if table.header_row
              else _("no header row"))
    lines = [
        _("{name} ({where}{header}, phone column “{phone}”)").format(
            name=table.source.name, where=where, header=header, phone=verdicts.mapping.phone),
        _("total {total} · can be called {valid} · duplicate {duplicates} · wrong number {invalid} · on the "
          "do-not-call list {suppressed}").format(
            total=counts.total, valid=counts.valid, duplicates=counts.duplicates, invalid=counts.invalid,
            suppressed=counts.suppressed),
    ]
    for row in itertools.islice(rejects, _LISTED_PROBLEMS):
        lines.append(_("  row {row}: {status}, {reason} ({value})").format(
            row=row.row, status=row.status.label, reason=row.reason_text, value=row.phone_raw or _("empty")))
    rejected = counts.total - counts.valid
    if rejected > _LISTED_PROBLEMS:
        lines.append(_("  … and {value} more (use --json for every row)").format(value=rejected - _LISTED_PROBLEMS))
    return "\n".join(lines)
