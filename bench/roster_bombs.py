"""Memory and time of reading hostile roster files, against a real 5,000-trainee roster.

Baseline, measured in the same run: a valid XLSX roster at the row limit (the most a good file
can cost). Each hostile file must cost no more than a small multiple of it. Prints peak traced
memory (tracemalloc) and seconds for each, and the ratio to the baseline.

    .venv/bin/python bench/roster_bombs.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from classroom.accounts.roster import check_rows
from classroom.accounts.roster_files import read_rows
from classroom.core.errors import ClassroomError
from tests.accounts.bombs import dimension_bomb, empty_rows, zip_bomb
from tests.accounts.roster_support import xlsx

MAX_ROWS = 5000


def full_roster() -> bytes:
    rows: list[list[object]] = [["이름", "이메일", "휴대폰", "내일배움카드번호"]]
    for n in range(MAX_ROWS):
        rows.append(
            [f"훈련생{n:04d}", f"trainee{n:04d}@mail.example", f"010-{n:04d}-5678", 9410000000000000 + n]
        )
    return xlsx(rows)


def measure(build: Callable[[], bytes]) -> tuple[int, float, float, str]:
    data = build()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        preview = check_rows("r.xlsx", read_rows("r.xlsx", data, max_rows=MAX_ROWS), max_rows=MAX_ROWS)
        outcome = f"{preview.count} rows"
    except ClassroomError as exc:
        outcome = f"refused: {exc.code}"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(data), peak, seconds, outcome


def main() -> None:
    size, base_peak, base_seconds, outcome = measure(full_roster)
    print(
        f"{'baseline: 5,000-row roster':30} {size:>9,} B  peak {base_peak:6.1f} MB  {base_seconds:5.2f} s  ({outcome})"
    )
    worst = 0.0
    for name, build in (
        ("dimension A1:XFD1048576 + last row", dimension_bomb),
        ("dimension A1:XFD1048576 only", lambda: dimension_bomb(last_row=False)),
        ("1,000,000 empty rows", empty_rows),
        ("100,000 empty rows", lambda: empty_rows(100_000)),
        ("zip bomb (200 MB inflated)", zip_bomb),
    ):
        size, peak, seconds, outcome = measure(build)
        ratio = peak / base_peak
        worst = max(worst, ratio)
        print(
            f"{name:30} {size:>9,} B  peak {peak:6.1f} MB  {seconds:5.2f} s  "
            f"memory {ratio:4.2f}x baseline, time {seconds / base_seconds:4.2f}x  ({outcome})"
        )
    print(f"worst memory ratio: {worst:.2f}x the valid 5,000-row roster")
    if worst > 2:
        sys.exit(1)


if __name__ == "__main__":
    main()
