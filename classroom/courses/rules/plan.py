"""Smart-training (스마트훈련) plan rules: pure arithmetic over planned lessons.

A course may be saved as a draft in any state; publishing asks `summarize_plan` for a verdict
and refuses with every violation, each quoting the real figures (`shown`), which must never
print a rounded number that contradicts the verdict (e.g. "10.0% < 10%"). All comparisons use
exact integers/Fractions: 10% and 50% are allowed ends, and a float could land a hair either
side of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any, cast

from classroom.courses.rules import digits
from classroom.courses.rules.kinds import LessonMode

# Violation codes: a closed set, so clients can map them to fields and the catalogue to texts.
EMPTY_PLAN = "empty_plan"
TOTAL_TOO_SHORT = "total_too_short"
ONLINE_SHARE_TOO_LOW = "online_share_too_low"
ONLINE_SHARE_TOO_HIGH = "online_share_too_high"
ONLINE_TOO_SHORT = "online_too_short"
DAY_TOO_LONG = "day_too_long"
CODES = (
    EMPTY_PLAN,
    TOTAL_TOO_SHORT,
    ONLINE_SHARE_TOO_LOW,
    ONLINE_SHARE_TOO_HIGH,
    ONLINE_TOO_SHORT,
    DAY_TOO_LONG,
)


@dataclass(frozen=True)
class PlannedLesson:
    """One lesson on its local (Asia/Seoul) calendar day."""

    day: date
    mode: LessonMode
    minutes: int

    def __post_init__(self) -> None:
        # A datetime is a date subclass but would split one day into many buckets.
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise TypeError(f"day must be a date, got {type(self.day).__name__}")
        # Accept the stored string form ("live") so callers can pass stored values directly.
        object.__setattr__(self, "mode", LessonMode(self.mode))
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int):
            raise TypeError(f"minutes must be an int, got {type(self.minutes).__name__}")


def _exact_share(name: str, value: object) -> Fraction:
    # Floats are refused rather than converted: Fraction(0.1) is not 1/10.
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise TypeError(f"{name} must be an int or Fraction, got {type(value).__name__}")
    return Fraction(value)


@dataclass(frozen=True)
class SmartTrainingPolicy:
    min_total_minutes: int = 140 * 60
    min_online_share: Fraction = Fraction(1, 10)
    max_online_share: Fraction = Fraction(1, 2)
    min_online_minutes: int = 20 * 60
    max_daily_minutes: int = 8 * 60
    # Where the figures come from, for people reading a verdict; None means the DOMAIN defaults.
    programme_year: int | None = None

    def __post_init__(self) -> None:
        for name in ("min_total_minutes", "min_online_minutes", "max_daily_minutes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int number of minutes")
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value}")
        low = _exact_share("min_online_share", self.min_online_share)
        high = _exact_share("max_online_share", self.max_online_share)
        for name, share in (("min_online_share", low), ("max_online_share", high)):
            if not 0 <= share <= 1:
                raise ValueError(f"{name} must be within [0, 1], got {share}")
        if low > high:
            raise ValueError(f"min_online_share {low} exceeds max_online_share {high}")
        object.__setattr__(self, "min_online_share", low)
        object.__setattr__(self, "max_online_share", high)


DEFAULT_POLICY = SmartTrainingPolicy()


@dataclass(frozen=True)
class RuleViolation:
    """A failed rule with the figures needed to explain it; params are sorted pairs so
    violations stay hashable and compare equal regardless of how they were built."""

    code: str
    params: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()

    def __post_init__(self) -> None:
        items = self.params.items() if isinstance(self.params, Mapping) else self.params
        pairs = tuple(sorted(((str(k), v) for k, v in items), key=lambda kv: kv[0]))
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate parameter names in {keys}")
        object.__setattr__(self, "params", pairs)

    @property
    def pairs(self) -> tuple[tuple[str, Any], ...]:
        return cast(tuple[tuple[str, Any], ...], self.params)  # normalised in __post_init__

    def get(self, key: str, default: Any = None) -> Any:
        return self.as_dict().get(key, default)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.pairs)


@dataclass(frozen=True)
class PlanSummary:
    # Read-only mappings; excluded from hashing because mappings are unhashable.
    minutes_by_mode: Mapping[LessonMode, int] = field(hash=False)
    total_minutes: int
    online_minutes: int
    online_share: Fraction
    daily_minutes: Mapping[date, int] = field(hash=False)
    violations: tuple[RuleViolation, ...]

    @property
    def offline_minutes(self) -> int:
        return self.total_minutes - self.online_minutes

    @property
    def is_smart_training(self) -> bool:
        return not self.violations


def summarize_plan(
    lessons: Iterable[PlannedLesson], policy: SmartTrainingPolicy = DEFAULT_POLICY
) -> PlanSummary:
    by_mode = dict.fromkeys(LessonMode, 0)
    daily: dict[date, int] = {}
    for lesson in lessons:
        if lesson.minutes <= 0:
            raise ValueError(f"lesson on {lesson.day.isoformat()} has {lesson.minutes} minutes; must be > 0")
        by_mode[lesson.mode] += lesson.minutes
        daily[lesson.day] = daily.get(lesson.day, 0) + lesson.minutes

    total = sum(by_mode.values())
    online = sum(m for mode, m in by_mode.items() if mode.is_online)
    share = Fraction(online, total) if total else Fraction(0)
    ordered_daily = {day: daily[day] for day in sorted(daily)}
    return PlanSummary(
        minutes_by_mode=MappingProxyType(by_mode),
        total_minutes=total,
        online_minutes=online,
        online_share=share,
        daily_minutes=MappingProxyType(ordered_daily),
        violations=_check(policy, total, online, share, ordered_daily),
    )


def _check(
    policy: SmartTrainingPolicy, total: int, online: int, share: Fraction, daily: dict[date, int]
) -> tuple[RuleViolation, ...]:
    # An empty plan gets a single clear message instead of five derived complaints.
    if total == 0:
        return (RuleViolation(EMPTY_PLAN),)
    found: list[RuleViolation] = []
    if total < policy.min_total_minutes:
        found.append(
            RuleViolation(TOTAL_TOO_SHORT, {"total_minutes": total, "limit": policy.min_total_minutes})
        )
    share_params = {"online_minutes": online, "total_minutes": total, "share": share}
    if share < policy.min_online_share:
        found.append(RuleViolation(ONLINE_SHARE_TOO_LOW, {**share_params, "limit": policy.min_online_share}))
    if share > policy.max_online_share:
        found.append(RuleViolation(ONLINE_SHARE_TOO_HIGH, {**share_params, "limit": policy.max_online_share}))
    if online < policy.min_online_minutes:
        found.append(
            RuleViolation(ONLINE_TOO_SHORT, {"online_minutes": online, "limit": policy.min_online_minutes})
        )
    for day, minutes in daily.items():
        if minutes > policy.max_daily_minutes:
            found.append(
                RuleViolation(
                    DAY_TOO_LONG, {"day": day, "minutes": minutes, "limit": policy.max_daily_minutes}
                )
            )
    return tuple(found)


# ---------------------------------------------------------------------------
# The figures people read (digits only; the catalogue adds units and words)


def shown(violation: RuleViolation) -> dict[str, str]:
    """What a message about `violation` quotes, every pair still showing the violation."""
    p = violation.as_dict()
    code = violation.code
    if code == EMPTY_PLAN:
        return {}
    if code == TOTAL_TOO_SHORT:
        total, limit = digits.hours_against(p["total_minutes"], p["limit"], above=False)
        return {"total": total, "limit": limit}
    if code in (ONLINE_SHARE_TOO_LOW, ONLINE_SHARE_TOO_HIGH):
        percent, bound = digits.against(
            Fraction(p["share"]) * 100,
            Fraction(p["limit"]) * 100,
            above=code == ONLINE_SHARE_TOO_HIGH,
            always_decimal=True,
        )
        online, total = digits.hours(p["online_minutes"]), digits.hours(p["total_minutes"])
        return {"online": online, "total": total, "percent": percent, "limit": bound}
    if code == ONLINE_TOO_SHORT:
        online, limit = digits.hours_against(p["online_minutes"], p["limit"], above=False)
        return {"online": online, "limit": limit}
    if code == DAY_TOO_LONG:
        hours, limit = digits.hours_against(p["minutes"], p["limit"], above=True)
        return {"day": p["day"].isoformat(), "hours": hours, "limit": limit}
    raise ValueError(f"unknown violation code {code!r}")


def share_shown(summary: PlanSummary) -> str:
    """The online share as the plan card shows it (digits of a percentage), never contradicting
    the verdict: when a share rule fails, the failure's own figure ("9.96", not a rounded "10.0")."""
    for violation in summary.violations:
        if violation.code in (ONLINE_SHARE_TOO_LOW, ONLINE_SHARE_TOO_HIGH):
            return shown(violation)["percent"]
    return digits.number(summary.online_share * 100, 1, always_decimal=True)


def policy_shown(policy: SmartTrainingPolicy) -> dict[str, str]:
    """The figures of the rules in force, as the plan card prints them under the verdict."""
    return {
        "total": digits.hours(policy.min_total_minutes),
        "low": digits.percent(policy.min_online_share),
        "high": digits.percent(policy.max_online_share),
        "online": digits.hours(policy.min_online_minutes),
        "daily": digits.hours(policy.max_daily_minutes),
    }
