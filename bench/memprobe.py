"""A memory probe for a benchmarked server process (bench/live_fanout.py `--probe DIR`).

`install()` runs in the server process before the app starts (the bench's classroom target
starts `classroom serve` through it; production code has no such hook). On SIGUSR1 the
process writes to DIR, as `probe-<n>.json`: its RSS, glibc's allocator statistics (`mallinfo2`:
bytes in use, and bytes free inside the heap that the process keeps, i.e. a high-water mark
not returned to the system), a histogram of live Python objects by type, and the asyncio
tasks alive; with `CLASSROOM_BENCH_TRACEMALLOC=<frames>` also a tracemalloc snapshot
(`probe-<n>.tracemalloc`); with `CLASSROOM_BENCH_MALLOC_TRIM=1` it first calls glibc's
`malloc_trim(0)` (how much of the growth is free memory the allocator keeps). tracemalloc costs memory and time of its own: RSS figures of a
traced run are not the bench's figures.

    python bench/memprobe.py diff DIR/probe-1 DIR/probe-2 [--per N] [--top 30]

compares two probes (object counts, allocator figures and, when traced, allocations by line
or traceback), dividing by N (connections added between them) when given.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import signal
import sys
import threading
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

ENV_DIR = "CLASSROOM_BENCH_PROBE"
ENV_TRACE = "CLASSROOM_BENCH_TRACEMALLOC"
ENV_TRIM = "CLASSROOM_BENCH_MALLOC_TRIM"


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def mallinfo() -> dict[str, int]:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _Mallinfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return {}
    return {
        "heap_bytes": info.arena,  # non-mmapped heap of all arenas
        "mmap_bytes": info.hblkhd,
        "in_use_bytes": info.uordblks,
        "free_in_heap_bytes": info.fordblks,
        "releasable_top_bytes": info.keepcost,
    }


def sqlite_bytes() -> int | None:
    """Memory SQLite's library holds (page caches, statements) across its connections."""
    try:
        lib = ctypes.CDLL("libsqlite3.so.0")
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        return int(lib.sqlite3_memory_used())
    except (OSError, AttributeError):
        return None


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _tasks() -> Counter[str]:
    import asyncio

    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
        tasks = asyncio.all_tasks(loop)
    except RuntimeError:
        return Counter()
    return Counter(getattr(t.get_coro(), "__qualname__", type(t.get_coro()).__name__) for t in tasks)


def probe(directory: Path, number: int) -> Path:
    gc.collect()
    if os.environ.get(ENV_TRIM):
        # Diagnostic: how much of the growth is free memory glibc keeps (not the bench's figure).
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
    objects = gc.get_objects()
    types = Counter(f"{getattr(type(o), '__module__', '?')}.{type(o).__qualname__}" for o in objects)
    pools = [
        o.pool.status()
        for o in objects
        if type(o).__name__ == "Engine" and type(o).__module__.startswith("sqlalchemy")
    ]
    del objects
    report: dict[str, Any] = {
        "rss_kib": rss_kib(),
        "malloc": mallinfo(),
        "sqlite_bytes": sqlite_bytes(),
        "threads": threading.active_count(),
        "pools": pools,
        "gc_objects": sum(types.values()),
        "types": dict(types.most_common(400)),
        "tasks": dict(_tasks()),
    }
    base = directory / f"probe-{number}"
    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(str(base.with_suffix(".tracemalloc")))
        report["traced_bytes"] = tracemalloc.get_traced_memory()[0]
    base.with_suffix(".json").write_text(json.dumps(report, indent=1))
    return base


def install() -> None:
    directory = os.environ.get(ENV_DIR)
    if not directory:
        return
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    frames = int(os.environ.get(ENV_TRACE, "0") or 0)
    if frames > 0:
        tracemalloc.start(frames)
    count = [0]

    def on_signal(signum: int, frame: Any) -> None:
        count[0] += 1
        probe(target, count[0])

    signal.signal(signal.SIGUSR1, on_signal)


def _diff(a: Path, b: Path, per: int, top: int) -> None:
    first, second = (json.loads(p.with_suffix(".json").read_text()) for p in (a, b))
    print(
        f"RSS: {first['rss_kib']} → {second['rss_kib']} KiB: {(second['rss_kib'] - first['rss_kib']) / per:.1f} KiB each"
    )
    for key in second["malloc"]:
        delta = second["malloc"][key] - first["malloc"].get(key, 0)
        print(f"malloc {key}: {second['malloc'][key] / 1024:.0f} KiB (Δ {delta / 1024 / per:.2f} KiB each)")
    print(
        f"gc objects: {first['gc_objects']} → {second['gc_objects']}: {(second['gc_objects'] - first['gc_objects']) / per:.1f} each"
    )
    deltas = Counter({k: v - first["types"].get(k, 0) for k, v in second["types"].items()})
    for name, delta in deltas.most_common(top):
        if delta > 0:
            print(f"  {delta / per:8.2f}  {name}")
    print("tasks:", second["tasks"])
    traces = [p.with_suffix(".tracemalloc") for p in (a, b)]
    if all(t.exists() for t in traces):
        old, new = (tracemalloc.Snapshot.load(str(t)) for t in traces)
        print(
            f"traced: {(new.statistics('filename') and sum(s.size for s in new.statistics('filename'))) / 1024:.0f} KiB"
        )
        for kind in ("lineno", "traceback"):
            print(f"--- by {kind}, bytes per connection")
            for stat in new.compare_to(old, kind)[:top]:
                if stat.size_diff <= 0:
                    continue
                where = stat.traceback.format()[-6:] if kind == "traceback" else [str(stat.traceback[0])]
                print(
                    f"{stat.size_diff / per:9.1f} B {stat.count_diff / per:6.2f} blocks  "
                    + " | ".join(w.strip() for w in where)
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    diff = sub.add_parser("diff")
    diff.add_argument("a", type=Path)
    diff.add_argument("b", type=Path)
    diff.add_argument("--per", type=int, default=1)
    diff.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    _diff(args.a, args.b, args.per, args.top)


if __name__ == "__main__":
    sys.exit(main())
