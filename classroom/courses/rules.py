"""Smart-training (스마트훈련) plan rules: pure arithmetic over planned lessons.

A course may be saved as a draft in any state; publishing asks `summarize_plan` for a
verdict and shows `describe()` of each violation, so messages must quote the real figures
and must never print a rounded number that contradicts the verdict (e.g. "10.0% < 10%").
All comparisons use exact integers/Fractions: 10% and 50% are allowed ends, and a float
could land a hair either side of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any


class LessonMode(StrEnum):
    LIVE = "live"  # 실시간 원격
    VOD = "vod"  # 이러닝 / 녹화
    CLASSROOM = "classroom"  # 집체
    ONSITE = "onsite"  # 현장실습

    @property
    def is_online(self) -> bool:
        return self in (LessonMode.LIVE, LessonMode.VOD)

    def label(self, lang: str = "ko") -> str:
        return MODE_LABELS[self][_lang(lang)]


class CourseCategory(StrEnum):
    NEW_TECH = "new_tech"  # 신기술 (AI, 빅데이터, 클라우드 …)
    ICT = "ict"
    ROOT = "root"  # 뿌리산업
    OTHER = "other"

    def label(self, lang: str = "ko") -> str:
        return CATEGORY_LABELS[self][_lang(lang)]


MODE_LABELS: dict[LessonMode, dict[str, str]] = {
    LessonMode.LIVE: {"ko": "실시간 원격", "en": "Live online"},
    LessonMode.VOD: {"ko": "이러닝(녹화)", "en": "Recorded online (VOD)"},
    LessonMode.CLASSROOM: {"ko": "집체", "en": "Classroom"},
    LessonMode.ONSITE: {"ko": "현장실습", "en": "On-site practice"},
}

CATEGORY_LABELS: dict[CourseCategory, dict[str, str]] = {
    CourseCategory.NEW_TECH: {"ko": "신기술", "en": "New technology"},
    CourseCategory.ICT: {"ko": "ICT", "en": "ICT"},
    CourseCategory.ROOT: {"ko": "뿌리산업", "en": "Root industries"},
    CourseCategory.OTHER: {"ko": "기타", "en": "Other"},
}

# Violation codes: a closed set so the UI can translate or map them to form fields.
EMPTY_PLAN = "empty_plan"
TOTAL_TOO_SHORT = "total_too_short"
ONLINE_SHARE_TOO_LOW = "online_share_too_low"
ONLINE_SHARE_TOO_HIGH = "online_share_too_high"
ONLINE_TOO_SHORT = "online_too_short"
DAY_TOO_LONG = "day_too_long"


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
        # Accept the stored string form ("live") so callers can pass DB values directly.
        object.__setattr__(self, "mode", LessonMode(self.mode))
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int):
            raise TypeError(f"minutes must be an int, got {type(self.minutes).__name__}")


def _exact_share(name: str, value: Any) -> Fraction:
    # Floats are refused rather than converted: Fraction(0.1) is not 1/10.
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
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
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        items = self.params.items() if isinstance(self.params, Mapping) else self.params
        pairs = tuple(sorted(((str(k), v) for k, v in items), key=lambda kv: kv[0]))
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate parameter names in {keys}")
        object.__setattr__(self, "params", pairs)

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.params).get(key, default)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.params)


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
# Rendering

_MAX_PLACES = 4


def _lang(lang: str) -> str:
    # "en", "en-US", "en_GB" all mean English; anything unknown falls back to Korean.
    primary = str(lang or "").replace("_", "-").split("-")[0].lower()
    return "en" if primary == "en" else "ko"


def _round_half_up(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(x * scale + Fraction(1, 2)), scale)


def _fixed(x: Fraction, places: int) -> str:
    """x must already be a multiple of 10**-places; renders it with exactly `places` digits."""
    scaled = x * 10**places
    assert scaled.denominator == 1, "value was not rounded to the requested places"
    n = scaled.numerator
    if places == 0:
        return str(n)
    digits = str(abs(n)).rjust(places + 1, "0")
    return ("-" if n < 0 else "") + digits[:-places] + "." + digits[-places:]


def _number(x: Fraction, places: int, always_decimal: bool) -> str:
    if x.denominator == 1 and not always_decimal:
        return str(x.numerator)
    return _fixed(_round_half_up(x, places), places)


def _render_against(
    value: Fraction, limit: Fraction, *, above: bool, always_decimal: bool = False
) -> tuple[str, str]:
    """Render `value` and the `limit` it violated so the printed pair still shows the
    violation: half-up at one decimal normally, more decimals when rounding would reach
    the limit, and finally truncation toward the violated side (always truthful)."""

    def beyond(a: Fraction, b: Fraction) -> bool:
        return a > b if above else a < b

    for places in range(1, _MAX_PLACES + 1):
        shown = value if value.denominator == 1 and not always_decimal else _round_half_up(value, places)
        shown_limit = limit if limit.denominator == 1 else _round_half_up(limit, places)
        if beyond(shown, limit) and beyond(shown, shown_limit):
            # Re-render from the exact figures: a rounded 8.0 must still print as "8.0".
            return _number(value, places, always_decimal), _number(limit, places, False)
    # Only reachable for figures within 10**-_MAX_PLACES of the limit: move the value
    # toward the violated side and the limit away from it, so "a < b" stays true.
    scale = 10**_MAX_PLACES
    toward, away = (math.ceil, math.floor) if above else (math.floor, math.ceil)
    shown = Fraction(toward(value * scale), scale)
    shown_limit = limit if limit.denominator == 1 else Fraction(away(limit * scale), scale)
    return _fixed(shown, _MAX_PLACES), _number(shown_limit, _MAX_PLACES, False)


def format_hours(minutes: int, lang: str = "ko") -> str:
    """'12 h' / '12시간' when whole, else one decimal rounded half-up ('12.5 h')."""
    number = _number(Fraction(minutes, 60), 1, always_decimal=False)
    return _hours_unit(number, lang)


def _hours_unit(number: str, lang: str) -> str:
    return f"{number} h" if _lang(lang) == "en" else f"{number}시간"


def _hours_pair(minutes: int, limit: int, *, above: bool, lang: str) -> tuple[str, str]:
    value, bound = _render_against(Fraction(minutes, 60), Fraction(limit, 60), above=above)
    return _hours_unit(value, lang), _hours_unit(bound, lang)


def _percent(share: Fraction) -> str:
    # Display only: up to two decimals, trailing zeros dropped ("10", "12.5", "33.33").
    text = _fixed(_round_half_up(share * 100, 2), 2).rstrip("0").rstrip(".")
    return text


def policy_basis(policy: SmartTrainingPolicy, lang: str = "ko") -> str:
    if _lang(lang) == "en":
        if policy.programme_year is None:
            return "defaults; no programme year opened"
        return f"{policy.programme_year} programme year"
    if policy.programme_year is None:
        return "기본값, 사업연도 미개설"
    return f"{policy.programme_year} 사업연도"


def describe_policy(policy: SmartTrainingPolicy, lang: str = "ko") -> str:
    """The rules in force, as the plan card prints them under the verdict."""
    total = format_hours(policy.min_total_minutes, lang)
    online = format_hours(policy.min_online_minutes, lang)
    daily = format_hours(policy.max_daily_minutes, lang)
    low, high = _percent(policy.min_online_share), _percent(policy.max_online_share)
    basis = policy_basis(policy, lang)
    if _lang(lang) == "en":
        return (
            f"Rules: at least {total} in total; online {low}–{high}% and at least {online}; "
            f"at most {daily} a day ({basis})"
        )
    return f"기준: 총 {total} 이상, 온라인 {low}~{high}% 그리고 {online} 이상, 하루 {daily} 이하 ({basis})"


def describe(violation: RuleViolation, lang: str = "ko") -> str:
    lang = _lang(lang)
    en = lang == "en"
    p = violation.as_dict()
    code = violation.code

    if code == EMPTY_PLAN:
        return "no lessons planned" if en else "계획된 차시가 없습니다"

    if code == TOTAL_TOO_SHORT:
        total, limit = _hours_pair(p["total_minutes"], p["limit"], above=False, lang=lang)
        return f"total {total} < {limit}" if en else f"전체 {total} ({limit} 미만)"

    if code in (ONLINE_SHARE_TOO_LOW, ONLINE_SHARE_TOO_HIGH):
        above = code == ONLINE_SHARE_TOO_HIGH
        percent, bound = _render_against(
            Fraction(p["share"]) * 100, Fraction(p["limit"]) * 100, above=above, always_decimal=True
        )
        online = format_hours(p["online_minutes"], lang)
        total = format_hours(p["total_minutes"], lang)
        if en:
            return f"online {online} of {total} = {percent}% {'>' if above else '<'} {bound}%"
        return f"온라인 {online} / 전체 {total} = {percent}% ({bound}% {'초과' if above else '미만'})"

    if code == ONLINE_TOO_SHORT:
        online, limit = _hours_pair(p["online_minutes"], p["limit"], above=False, lang=lang)
        return f"online {online} < {limit}" if en else f"온라인 {online} ({limit} 미만)"

    if code == DAY_TOO_LONG:
        hours, limit = _hours_pair(p["minutes"], p["limit"], above=True, lang=lang)
        day = p["day"].isoformat()
        if en:
            return f"{day}: {hours} of training in one day > {limit} a day"
        return f"{day}: 하루 훈련 {hours} (하루 {limit} 초과)"

    raise ValueError(f"unknown violation code {code!r}")
