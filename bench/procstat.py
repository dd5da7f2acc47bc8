"""CPU time of a process from /proc: the benchmarks print what each process spent per request,
which explains a throughput ratio on a machine whose cores the load generator shares."""

from __future__ import annotations

import os
from pathlib import Path


def cpu_seconds(pid: int, *, with_children: bool = False) -> float:
    """User + system CPU time used so far by `pid` (and, `with_children`, by its direct
    children: nginx's worker under its master). 0 for a process that is gone."""
    pids = [pid, *_children(pid)] if with_children else [pid]
    return sum(_own(each) for each in pids)


def _own(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            continue
        if parent == str(pid):
            found.append(int(entry.name))
    return found
