"""``autocall check FILE``: the import engine without a window, for scripts, support and CI.

It runs exactly what the Contacts tab runs (read → detect mapping → validate), so its counts are the tab's
counts for the same file and the same do-not-call list (``--data-dir`` points it at the app's data).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from desktop.contacts.columns import ColumnMapping
from desktop.contacts.errors import ContactsError
from desktop.contacts.importer import ImportOptions, ImportReport, Status, import_file
from desktop.contacts.reading import Limits
from desktop.providers import PROVIDERS
from desktop.store import Store, StoreError

log = logging.getLogger(__name__)
_LISTED_PROBLEMS = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate a contact file (xlsx, xls, ods, csv, txt) as the Contacts tab would",
        description="Read a contact file, normalise and de-duplicate its phone numbers, and report each row.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--sheet", help="sheet name (default: the first sheet)")
    parser.add_argument("--provider", choices=[p.key for p in PROVIDERS], help="write numbers in this provider's form")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    parser.add_argument("--region", default="VN", help="default country for numbers without a country code")
    parser.add_argument("--header-row", type=int, help="spreadsheet row of the header (0: no header)")
    parser.add_argument("--phone-column", help="header of the phone column (default: detected)")
    parser.add_argument("--data-dir", type=Path, help="the app's data folder: apply its do-not-call list")
    parser.add_argument(
        "--against-campaigns", action="store_true",
        help="with --data-dir: numbers in earlier campaigns count as duplicates"
    )
    parser.add_argument("--max-rows", type=int, default=Limits.max_rows, help="refuse files with more rows")
    parser.add_argument("--max-mb", type=float, default=Limits.max_file_bytes / 1024 / 1024, help="refuse larger files")
    parser.set_defaults(func=run)


def _options(args: argparse.Namespace) -> ImportOptions:
    if args.data_dir is None:
        return ImportOptions(region=args.region, provider=args.provider)
    from desktop.contacts.repository import ContactRepository
    from desktop.paths import AppPaths

    store = Store(AppPaths.under(args.data_dir).database)
    try:
        repository = ContactRepository(store)
        earlier = repository.earlier_campaign_numbers() if args.against_campaigns else frozenset()
        return ImportOptions(
            region=args.region, provider=args.provider, do_not_call=repository.do_not_call(), earlier_numbers=earlier
        )
    finally:
        store.close()


def run(args: argparse.Namespace) -> int:
    try:
        report = import_file(
            args.file,
            sheet=args.sheet,
            header_row=args.header_row,
            mapping=ColumnMapping(args.phone_column) if args.phone_column else None,
            options=_options(args),
            limits=Limits(max_file_bytes=int(args.max_mb * 1024 * 1024), max_rows=args.max_rows),
        )
    except (ContactsError, StoreError, ValueError) as exc:
        print(f"autocall check: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the last guard of a user-facing command: one line, never a traceback
        log.exception("check failed")
        print(f"autocall check: unexpected error ({type(exc).__name__}: {exc}); please report it.", file=sys.stderr)
        return 70
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(summary(report))
    return 0


def summary(report: ImportReport) -> str:
    """A few lines for a person: where the data was found, the counts, and the first rejected rows."""
    table, counts = report.table, report.counts
    where = f'sheet "{table.sheet}", ' if table.sheet else ""
    header = f"header on row {table.header_row}" if table.header_row else "no header row"
    lines = [
        f"{table.source.name} ({where}{header}, phone column \"{report.mapping.phone}\")",
        f"total {counts.total} · valid {counts.valid} · duplicate {counts.duplicates} · "
        f"invalid {counts.invalid} · suppressed {counts.suppressed}",
    ]
    rejects = [row for row in report.rows if row.status is not Status.VALID]
    for row in rejects[:_LISTED_PROBLEMS]:
        lines.append(f"  row {row.row}: {row.status}, {row.reason} ({row.phone_raw or 'empty'})")
    if len(rejects) > _LISTED_PROBLEMS:
        lines.append(f"  … and {len(rejects) - _LISTED_PROBLEMS} more (use --json for every row)")
    return "\n".join(lines)
