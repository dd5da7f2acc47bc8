"""Pure detectors of the common ways of faking presence (DOMAIN.md "Quality and fraud signals").

Each detector reads evidence rows (`Seen`) and returns findings with a stable key, the trainees
involved and the evidence ids, so an inspector can follow every flag to the events behind it.
Detectors flag; they never change a day status.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from attendance.rules.kinds import SignalKind

PRESENCE_KINDS = frozenset({"check_in", "live_join"})


@dataclass(frozen=True)
class Seen:
    id: str
    trainee: str
    kind: str
    source: str
    at: datetime
    lesson: str | None
    ip: str | None
    device: str | None
    ref: str = ""
    seconds: int = 0
    rate: float = 1.0


@dataclass(frozen=True)
class Finding:
    kind: SignalKind
    key: str
    lesson: str | None
    at: datetime
    trainees: tuple[str, ...]
    events: tuple[str, ...]
    detail: dict[str, object] = field(default_factory=dict)


def _exempt(ip: str, shared: Sequence[str]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in shared)


def same_ip(rows: Iterable[Seen], shared_networks: Sequence[str] = ()) -> list[Finding]:
    """Two or more trainees of one course arriving from one IP in the same lesson."""
    groups: dict[tuple[str, str], list[Seen]] = defaultdict(list)
    for r in rows:
        if r.kind in PRESENCE_KINDS and r.ip and r.lesson and not _exempt(r.ip, shared_networks):
            groups[(r.lesson, r.ip)].append(r)
    found = []
    for (lesson, ip), items in sorted(groups.items()):
        trainees = tuple(sorted({r.trainee for r in items}))
        if len(trainees) >= 2:
            found.append(
                Finding(
                    SignalKind.SAME_IP,
                    f"same_ip:{lesson}:{ip}",
                    lesson,
                    min(r.at for r in items),
                    trainees,
                    tuple(sorted(r.id for r in items)),
                    {"ip": ip, "trainees": len(trainees)},
                )
            )
    return found


def shared_device(rows: Iterable[Seen], minutes: int) -> list[Finding]:
    """A different account on the same browser/device within `minutes`."""
    by_device: dict[str, list[Seen]] = defaultdict(list)
    for r in rows:
        if r.device and r.kind in PRESENCE_KINDS:
            by_device[r.device].append(r)
    found = []
    window = timedelta(minutes=minutes)
    for device, items in sorted(by_device.items()):
        items.sort(key=lambda r: (r.at, r.id))
        for a, b in pairwise(items):
            if a.trainee != b.trainee and b.at - a.at <= window:
                found.append(
                    Finding(
                        SignalKind.SHARED_DEVICE,
                        f"shared_device:{device}:{a.id}:{b.trainee}",
                        b.lesson,
                        b.at,
                        tuple(sorted({a.trainee, b.trainee})),
                        (a.id, b.id),
                        {"device_id": device, "minutes_apart": int((b.at - a.at).total_seconds() // 60)},
                    )
                )
    return found


def many_qr_from_device(rows: Iterable[Seen], threshold: int = 3) -> list[Finding]:
    """One device checking in `threshold` or more different accounts by QR on one day."""
    groups: dict[tuple[str, str], list[Seen]] = defaultdict(list)
    for r in rows:
        if r.source == "qr" and r.kind == "check_in" and r.device:
            groups[(r.device, r.at.date().isoformat())].append(r)
    found = []
    for (device, day), items in sorted(groups.items()):
        trainees = tuple(sorted({r.trainee for r in items}))
        if len(trainees) >= threshold:
            found.append(
                Finding(
                    SignalKind.QR_MANY_FROM_DEVICE,
                    f"qr_many:{device}:{day}",
                    items[0].lesson,
                    min(r.at for r in items),
                    trainees,
                    tuple(sorted(r.id for r in items)),
                    {"device_id": device, "accounts": len(trainees)},
                )
            )
    return found


def double_connection(rows: Iterable[Seen]) -> list[Finding]:
    """One account with two live connections open at once from different devices."""
    by_key: dict[tuple[str, str], list[Seen]] = defaultdict(list)
    for r in rows:
        if r.kind in ("live_join", "live_leave") and r.lesson:
            by_key[(r.trainee, r.lesson)].append(r)
    found = []
    for (trainee, lesson), items in sorted(by_key.items()):
        items.sort(key=lambda r: (r.at, r.id))
        open_now: dict[str, Seen] = {}
        for r in items:
            if r.kind == "live_join":
                other = next((o for o in open_now.values() if o.device != r.device), None)
                if other is not None:
                    found.append(
                        Finding(
                            SignalKind.DOUBLE_CONNECTION,
                            f"double:{lesson}:{trainee}:{r.id}",
                            lesson,
                            r.at,
                            (trainee,),
                            (other.id, r.id),
                            {"devices": sorted({str(other.device), str(r.device)})},
                        )
                    )
                open_now[r.ref] = r
            elif r.ref == "*":
                open_now.clear()
            else:
                open_now.pop(r.ref, None)
    return found


def vod_too_fast(rows: Iterable[Seen], slack_seconds: int = 60) -> list[Finding]:
    """Watched seconds growing faster than the wall clock between two progress reports."""
    by_key: dict[tuple[str, str], list[Seen]] = defaultdict(list)
    for r in rows:
        if r.kind == "vod_progress" and r.lesson:
            by_key[(r.trainee, r.lesson)].append(r)
    found = []
    for (trainee, lesson), items in sorted(by_key.items()):
        items.sort(key=lambda r: (r.at, r.id))
        for a, b in pairwise(items):
            gained = b.seconds - a.seconds
            elapsed = (b.at - a.at).total_seconds()
            if gained > elapsed + slack_seconds:
                found.append(
                    Finding(
                        SignalKind.VOD_TOO_FAST,
                        f"vod_fast:{lesson}:{trainee}:{b.id}",
                        lesson,
                        b.at,
                        (trainee,),
                        (a.id, b.id),
                        {"gained_seconds": gained, "elapsed_seconds": int(elapsed)},
                    )
                )
                break
    return found
