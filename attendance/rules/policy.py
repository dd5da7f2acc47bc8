"""The attendance policy of a course: DOMAIN.md's numbers as defaults, overridable per course.

Every number that decides a day status, a rate or an allowance lives here, so a course is never
judged by two sets of numbers. Overrides come from people (institution staff) and are validated
field by field: a refusal names the field and the bounds (`Problem`), and nothing is applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from typing import Final


@dataclass(frozen=True)
class AttendancePolicy:
    late_after_minutes: int = 10  # 지각: check-in more than this after the day's first start
    early_leave_minutes: int = 10  # 조퇴: check-out more than this before the day's last end
    absent_below: Fraction = Fraction(1, 2)  # 결석: attended share of the day's hours below this
    incidents_per_absence: int = 3  # lates + early leaves + goings-out per unit period = 1 absence
    completion_rate: Fraction = Fraction(4, 5)  # 수료: course attendance rate at least this
    allowance_rate: Fraction = Fraction(4, 5)  # 훈련장려금: unit-period rate at least this
    allowance_min_course_minutes: int = 140 * 60  # only courses of at least 140 h pay it
    long_day_minutes: int = 5 * 60  # a day scheduled for at least this pays the long-day amount
    long_day_won: int = 5_800
    long_day_cap_won: int = 116_000
    short_day_won: int = 2_500
    short_day_cap_won: int = 50_000
    vod_lesson_share: Fraction = Fraction(1, 2)  # a VOD lesson counts once this share is watched
    checkin_opens_minutes: int = 30  # QR check-in opens this long before a lesson starts
    checkout_closes_minutes: int = 60  # QR check-out stays open this long after a lesson ends
    qr_rotate_seconds: int = 15
    qr_grace_seconds: int = 2
    shared_device_minutes: int = 20  # another account on one device within this is refused/flagged
    late_token_signal_seconds: int = 60  # a code used this long after it expired is flagged
    correction_days: int = 1  # corrections are filed on the day or within this many days after


DEFAULT_POLICY: Final = AttendancePolicy()


@dataclass(frozen=True)
class Bounds:
    low: Fraction
    high: Fraction
    fraction: bool = False  # a share (entered as "50%", "1/2" or "0.5") rather than a count


BOUNDS: Final[Mapping[str, Bounds]] = {
    "late_after_minutes": Bounds(Fraction(0), Fraction(120)),
    "early_leave_minutes": Bounds(Fraction(0), Fraction(120)),
    "absent_below": Bounds(Fraction(0), Fraction(1), fraction=True),
    "incidents_per_absence": Bounds(Fraction(1), Fraction(10)),
    "completion_rate": Bounds(Fraction(0), Fraction(1), fraction=True),
    "allowance_rate": Bounds(Fraction(0), Fraction(1), fraction=True),
    "allowance_min_course_minutes": Bounds(Fraction(0), Fraction(2000 * 60)),
    "long_day_minutes": Bounds(Fraction(1), Fraction(24 * 60)),
    "long_day_won": Bounds(Fraction(0), Fraction(1_000_000)),
    "long_day_cap_won": Bounds(Fraction(0), Fraction(10_000_000)),
    "short_day_won": Bounds(Fraction(0), Fraction(1_000_000)),
    "short_day_cap_won": Bounds(Fraction(0), Fraction(10_000_000)),
    "vod_lesson_share": Bounds(Fraction(0), Fraction(1), fraction=True),
    "checkin_opens_minutes": Bounds(Fraction(0), Fraction(240)),
    "checkout_closes_minutes": Bounds(Fraction(0), Fraction(480)),
    "qr_rotate_seconds": Bounds(Fraction(5), Fraction(120)),
    "qr_grace_seconds": Bounds(Fraction(0), Fraction(30)),
    "shared_device_minutes": Bounds(Fraction(0), Fraction(24 * 60)),
    "late_token_signal_seconds": Bounds(Fraction(0), Fraction(3600)),
    "correction_days": Bounds(Fraction(0), Fraction(30)),
}
FRACTION_FIELDS: Final = frozenset(name for name, b in BOUNDS.items() if b.fraction)


@dataclass(frozen=True)
class Problem:
    """Why one override was refused: the field, a reason code and the bounds in force."""

    field: str
    code: str  # unknown_field | not_a_number | out_of_range
    low: Fraction | None = None
    high: Fraction | None = None


def _parse(name: str, raw: object) -> Fraction | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, Fraction):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            if text.endswith("%"):
                return Fraction(text[:-1].strip()) / 100
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def with_overrides(
    overrides: Mapping[str, object], base: AttendancePolicy = DEFAULT_POLICY
) -> tuple[AttendancePolicy, list[Problem]]:
    """The policy with `overrides` applied, or the base and every problem found (all or nothing).
    Counts must be whole numbers; shares may be written as 50%, 1/2 or 0.5."""
    problems: list[Problem] = []
    changes: dict[str, object] = {}
    for name, raw in overrides.items():
        bounds = BOUNDS.get(name)
        if bounds is None:
            problems.append(Problem(name, "unknown_field"))
            continue
        value = _parse(name, raw)
        if value is None or (not bounds.fraction and value.denominator != 1):
            problems.append(Problem(name, "not_a_number", bounds.low, bounds.high))
            continue
        if not bounds.low <= value <= bounds.high:
            problems.append(Problem(name, "out_of_range", bounds.low, bounds.high))
            continue
        changes[name] = value if bounds.fraction else int(value)
    if problems:
        return base, problems
    return replace(base, **changes), []  # type: ignore[arg-type]


def as_overrides(policy: AttendancePolicy, base: AttendancePolicy = DEFAULT_POLICY) -> dict[str, str | int]:
    """The fields of `policy` that differ from `base`, JSON-able (shares as "n/d")."""
    out: dict[str, str | int] = {}
    for item in fields(policy):
        value = getattr(policy, item.name)
        if value != getattr(base, item.name):
            out[item.name] = (
                f"{value.numerator}/{value.denominator}" if isinstance(value, Fraction) else value
            )
    return out
