"""Benchmark: a generated 100,000-row × 6-column .xlsx imported to a validated contact list.

Target on the 2-core reference machine: ≤ 1.5 s wall and ≤ 200 MB peak RSS. The import runs in a
fresh child process so its peak RSS is not inflated by the generator (openpyxl holds its own memory).

    .venv/bin/python bench/bench_import.py [--rows 100000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from process_memory import peak_rss_mb  # noqa: E402 (bench/, the script's own folder)

HEADERS = ["STT", "Họ và tên", "Số điện thoại", "Địa chỉ", "Số tiền nợ", "Ngày hẹn"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Huy", "Ngọc Lan", "Hữu Phước"]
CITIES = ["Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Huế"]
PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "70", "76", "77", "78", "79", "81",
            "82", "83", "84", "85", "86", "88", "89", "90", "91", "92", "93", "94", "96", "97", "98", "99"]


def phone_cell(rng: random.Random) -> object:
    """The shapes real files have: text with the 0, numbers that lost it, 84… floats, formatted text."""
    national = rng.choice(PREFIXES) + f"{rng.randrange(10**7):07d}"
    shape = rng.random()
    if shape < 0.4:
        return "0" + national
    if shape < 0.7:
        return float(national)
    if shape < 0.85:
        return float("84" + national)
    return f"0{national[:2]} {national[2:5]} {national[5:]}"


def generate(path: Path, rows: int, seed: int = 6) -> None:
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADERS)
    start = dt.date(2026, 1, 1)
    for i in range(1, rows + 1):
        sheet.append([
            i,
            f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
            phone_cell(rng),
            rng.choice(CITIES),
            rng.randrange(100, 50_000) * 1000,
            start + dt.timedelta(days=rng.randrange(365)),
        ])
    workbook.save(path)


def run_once(path: Path) -> dict:
    """Child process: import the file once, report wall time, peak RSS and the counts."""
    from desktop.contacts.importer import import_file

    started = time.perf_counter()
    report = import_file(path)
    wall = time.perf_counter() - started
    counts = report.counts
    return {
        "wall_s": round(wall, 3),
        "peak_rss_mb": peak_rss_mb(),
        # the child process that reads a workbook (desktop/contacts/workbook.py)
        "reader_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "total": counts.total,
        "valid": counts.valid,
        "duplicates": counts.duplicates,
        "invalid": counts.invalid,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the generated file into this folder and keep it")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        path = folder / f"contacts-{args.rows}.xlsx"
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path.name}: {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
        results = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path)], check=True, capture_output=True, text=True
            ).stdout
            results.append(json.loads(out))
            print(results[-1])
        walls = sorted(r["wall_s"] for r in results)
        print(f"median wall {walls[len(walls) // 2]:.3f} s, max peak RSS {max(r['peak_rss_mb'] for r in results)} MB"
              f" (target ≤ 1.5 s, ≤ 200 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
