"""Benchmark: peak memory of a contact list imported, saved and materialised into a campaign, at two sizes.

Target (issue 21): memory that does not grow with the list beyond the rows on screen — the peak RSS at 1,000,000
contacts under 2× the peak at 100,000. Each size runs in a fresh child process, which reports its own peak resident
memory (``VmHWM``) after each stage: importing the file as ``autocall contacts import`` does
(ContactRepository.stage_file: read lazily, validated 5,000 rows at a time into the store's import_rows, the limits
raised to fit),
saving it as a list (ContactRepository.save_staged, one INSERT … SELECT), creating a campaign on it and writing its
call rows (CampaignRepository.materialise). The file is a .csv (a million rows is near .xlsx's sheet limit and takes
minutes to generate with openpyxl); a workbook's rows cross from the reader child in records of 10,000 and are read
the same way after it.

    .venv/bin/python bench/bench_scale.py [--sizes 100000,1000000]

Measured while six helpers loaded the 2-core machine (load average 10-16; times are long for that reason, memory
is not affected):

      100,000 contacts (98,989 calls): start 39 MB at 0.0 s · import 54 MB at 19.4 s · save 55 MB at 24.2 s ·
        materialise 57 MB at 32.2 s
    1,000,000 contacts (985,147 calls): start 39 MB at 0.0 s · import 58 MB at 259.9 s · save 80 MB at 359.9 s ·
        materialise 80 MB at 455.9 s
    peak RSS 1,000,000 / 100,000: 1.42× (target < 2×) — met

The import holds one chunk and the counts; nothing per row stays in memory. What still grows a little is SQLite's
own page cache while the million rows are copied into the list.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from process_memory import peak_rss_mb  # noqa: E402 (bench/, the script's own folder)

HEADERS = ["STT", "Họ và tên", "Số điện thoại", "Địa chỉ", "Số tiền nợ", "Ngày hẹn"]
TARGET_RATIO = 2.0


def generate(path: Path, rows: int) -> None:
    rng = random.Random(21)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(1, rows + 1):
            writer.writerow([i, f"Nguyễn Văn {i}", f"09{rng.randrange(10**8):08d}", "Hà Nội",
                             rng.randrange(100, 50_000) * 1000, "01/06/2026"])


def run_child(path: Path, rows: int) -> dict:
    """In the child: import, save, materialise; the peak RSS and the time after each stage."""
    from desktop.campaigns.repository import CampaignRepository
    from desktop.contacts.reading import Limits
    from desktop.contacts.repository import ContactRepository
    from desktop.providers.bizphone import BizPhoneCampaignSettings
    from desktop.store import Store

    stages, started = {}, time.perf_counter()

    def mark(stage: str) -> None:
        stages[stage] = {"peak_rss_mb": peak_rss_mb(), "s": round(time.perf_counter() - started, 1)}

    mark("start")
    limits = Limits(max_rows=rows + 10, max_file_bytes=1024 * 1024 * 1024)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "scale.sqlite3")
        contacts = ContactRepository(store)
        staged = contacts.stage_file(path, limits=limits)  # as `autocall contacts import` does
        mark("import")
        list_id = contacts.save_staged(staged, "scale")
        contacts.discard(staged.id)
        mark("save")
        store.query("INSERT INTO accounts(name, provider) VALUES ('a', 'bizphone')")
        campaigns = CampaignRepository(store)
        campaign = campaigns.create("scale", 1, list_id, BizPhoneCampaignSettings())
        calls = campaigns.materialise(campaign)
        mark("materialise")
        store.close()
    return {"rows": rows, "calls": calls, "stages": stages}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.rows)))
        return 0
    peaks = {}
    for rows in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"contacts-{rows}.csv"
            generate(path, rows)
            out = subprocess.run([sys.executable, __file__, "--child", str(path), "--rows", str(rows)], check=True,
                                 capture_output=True, text=True).stdout
        result = json.loads(out)
        peaks[rows] = max(stage["peak_rss_mb"] for stage in result["stages"].values())
        print(f"{rows:>9,} contacts ({result['calls']:,} calls): " + " · ".join(
            f"{name} {stage['peak_rss_mb']:.0f} MB at {stage['s']} s" for name, stage in result["stages"].items()))
    small, large = min(peaks), max(peaks)
    ratio = peaks[large] / peaks[small]
    print(f"peak RSS {large:,} / {small:,}: {ratio:.2f}× (target < {TARGET_RATIO:g}×) — "
          f"{'met' if ratio < TARGET_RATIO else 'NOT met'}")
    print(f"command: .venv/bin/python bench/bench_scale.py --sizes {args.sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
