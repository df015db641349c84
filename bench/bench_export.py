"""Benchmark: a 100,000-row campaign-results table written by desktop.spreadsheets, as .xlsx and as .csv.

The rows have the campaign export's shape (contact columns with a date and one formula-like name in ten, then the
results). Each format is written in a fresh child process so its peak RSS is its own. ``--normal`` also writes the
.xlsx with openpyxl's normal (not write-only) mode, the figure that shows why the writer streams.

    .venv/bin/python bench/bench_export.py [--rows 100000] [--normal]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from process_memory import peak_rss_mb  # noqa: E402 (bench/, the script's own folder)

HEADER = ["Phone", "Họ và tên", "Hạn thanh toán", "Số tiền", "Outcome", "Raw status", "Duration (s)", "Cost",
          "Recording", "Error", "Dispatch"]


def rows(count: int):
    due = dt.date(2026, 12, 9)
    for i in range(count):
        name = "=1+1" if i % 10 == 0 else f"Nguyễn Văn {i}"
        yield [f"+8491{i:07d}", name, due, 1_350_000, "answered", "callStatus=1;termSipCode=200", 42.0, 1350.0,
               f"rec-{i}", None, "sent"]


def run_once(fmt: str, count: int, folder: Path) -> dict:
    """Child process: write the table once, report wall and CPU time (the machine may be shared), peak RSS and the
    file's size."""
    path = folder / f"results.{fmt}"
    started, cpu = time.perf_counter(), time.process_time()
    if fmt == "normal":
        import openpyxl

        path = folder / "results-normal.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        for row in rows(count):
            workbook.active.append(row)
        workbook.save(path)
    else:
        from desktop.spreadsheets import write_table

        write_table(path, HEADER, rows(count), sheet="Results", fmt=fmt, total=count)
    return {"format": fmt, "wall_s": round(time.perf_counter() - started, 2),
            "cpu_s": round(time.process_time() - cpu, 2), "peak_rss_mb": peak_rss_mb(),
            "size_mb": round(path.stat().st_size / 1e6, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--normal", action="store_true", help="also write with openpyxl's normal mode")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child[0], args.rows, Path(args.child[1]))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ["xlsx", "csv", *(["normal"] if args.normal else [])]:
            out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", fmt, tmp],
                                 check=True, capture_output=True, text=True).stdout
            print(json.loads(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
