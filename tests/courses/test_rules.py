"""Smart-training plan rules: exact boundaries, messages, and order/monotonic properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from classroom.core import i18n
from classroom.courses import texts
from classroom.courses.rules.kinds import CourseCategory, LessonMode
from classroom.courses.rules.plan import PlannedLesson, RuleViolation, SmartTrainingPolicy, summarize_plan
from tests.courses.plans import MONDAY, H, plan


def describe(violation: RuleViolation, lang: str = "ko") -> str:
    return i18n.render(texts.violation(violation), lang)


def format_hours(minutes: int, lang: str) -> str:
    return i18n.render(texts.hours(minutes), lang)


def codes(lessons, policy: SmartTrainingPolicy | None = None) -> list[str]:
    summary = summarize_plan(lessons) if policy is None else summarize_plan(lessons, policy)
    return [v.code for v in summary.violations]


# --- boundaries of each rule, constructed so only the rule under test can fail ---------


@pytest.mark.parametrize(
    ("online", "offline", "expected"),
    [
        (20 * H, 120 * H, []),  # exactly 140 h, 14.3% online, 20 h online
        (20 * H, 120 * H - 1, ["total_too_short"]),  # 139 h 59 min
        (30 * H, 270 * H, []),  # exactly 10% of 300 h
        (30 * H - 1, 270 * H + 1, ["online_share_too_low"]),  # 9.99…% with 29 h 59 min online
        (150 * H, 150 * H, []),  # exactly 50%
        (150 * H + 1, 150 * H - 1, ["online_share_too_high"]),  # 50.0055…%
        (20 * H, 130 * H, []),  # exactly 20 h online of 150 h (13.3%)
        (20 * H - 1, 130 * H + 1, ["online_too_short"]),  # 19 h 59 min of 150 h
        (20 * H, 180 * H, []),  # 200 h course: 20 h is exactly 10% and exactly the minimum
        # 19.98 h of 200 h breaks both the share and the hour minimum
        (20 * H - 1, 180 * H + 1, ["online_share_too_low", "online_too_short"]),
        (0, 200 * H, ["online_share_too_low", "online_too_short"]),
        (200 * H, 0, ["online_share_too_high"]),
    ],
)
def test_rule_boundaries(online, offline, expected):
    assert codes(plan(online, offline)) == expected


def test_eight_hours_a_day_across_modes_is_allowed():
    day = MONDAY
    lessons = [
        *plan(20 * H, 120 * H, start=day + timedelta(days=1)),
        PlannedLesson(day, LessonMode.LIVE, 3 * H),
        PlannedLesson(day, LessonMode.CLASSROOM, 4 * H),
        PlannedLesson(day, LessonMode.ONSITE, 1 * H),
    ]
    summary = summarize_plan(lessons)
    assert summary.daily_minutes[day] == 8 * H
    assert summary.is_smart_training


def test_eight_hours_one_minute_names_each_offending_day():
    late, early = date(2026, 4, 7), date(2026, 4, 6)
    lessons = [
        *plan(20 * H, 120 * H, start=date(2026, 5, 1)),
        PlannedLesson(late, LessonMode.VOD, 8 * H + 1),
        PlannedLesson(early, LessonMode.CLASSROOM, 5 * H),
        PlannedLesson(early, LessonMode.LIVE, 3 * H + 30),
    ]
    violations = summarize_plan(lessons).violations
    assert violations == (
        RuleViolation("day_too_long", {"day": early, "minutes": 8 * H + 30, "limit": 8 * H}),
        RuleViolation("day_too_long", {"day": late, "minutes": 8 * H + 1, "limit": 8 * H}),
    )
    assert describe(violations[1], "en") == "2026-04-07: 8.02 h of training in one day > 8 h a day"
    assert describe(violations[0]) == "2026-04-06: 하루 훈련 8.5시간 (하루 8시간 초과)"


def test_empty_plan_reports_only_empty_plan():
    summary = summarize_plan([])
    assert [v.code for v in summary.violations] == ["empty_plan"]
    assert summary.total_minutes == summary.online_minutes == 0
    assert summary.online_share == 0 and isinstance(summary.online_share, Fraction)
    assert dict(summary.minutes_by_mode) == dict.fromkeys(LessonMode, 0)
    assert dict(summary.daily_minutes) == {}
    assert not summary.is_smart_training
    assert describe(summary.violations[0], "en") == "no lessons planned"
    assert describe(summary.violations[0]) == "계획된 차시가 없습니다"


@pytest.mark.parametrize("minutes", [0, -1, -60])
def test_non_positive_minutes_are_refused(minutes):
    with pytest.raises(ValueError, match="must be > 0"):
        summarize_plan([*plan(20 * H, 120 * H), PlannedLesson(MONDAY, LessonMode.LIVE, minutes)])


def test_lesson_type_checks_and_mode_coercion():
    assert PlannedLesson(MONDAY, "vod", 30).mode is LessonMode.VOD
    with pytest.raises(ValueError, match="webinar"):
        PlannedLesson(MONDAY, "webinar", 30)
    with pytest.raises(TypeError):
        PlannedLesson(MONDAY, LessonMode.VOD, 1.5)
    with pytest.raises(TypeError):
        PlannedLesson(MONDAY, LessonMode.VOD, True)
    with pytest.raises(TypeError):
        PlannedLesson(datetime(2026, 3, 2, 9), LessonMode.VOD, 30)


def test_summary_figures():
    lessons = [
        PlannedLesson(MONDAY, LessonMode.LIVE, 90),
        PlannedLesson(MONDAY, LessonMode.VOD, 30),
        PlannedLesson(MONDAY + timedelta(days=1), LessonMode.ONSITE, 240),
        PlannedLesson(MONDAY + timedelta(days=1), LessonMode.CLASSROOM, 120),
    ]
    summary = summarize_plan(iter(lessons))  # any iterable, consumed once
    assert dict(summary.minutes_by_mode) == {
        LessonMode.LIVE: 90,
        LessonMode.VOD: 30,
        LessonMode.CLASSROOM: 120,
        LessonMode.ONSITE: 240,
    }
    assert (summary.total_minutes, summary.online_minutes, summary.offline_minutes) == (480, 120, 360)
    assert summary.online_share == Fraction(1, 4)
    assert dict(summary.daily_minutes) == {MONDAY: 120, MONDAY + timedelta(days=1): 360}
    with pytest.raises(TypeError):
        summary.daily_minutes[MONDAY] = 0  # read-only view
    hash(summary)  # frozen summaries can be cached/set members


def test_custom_policy_is_honoured():
    policy = SmartTrainingPolicy(
        min_total_minutes=10 * H,
        min_online_share=Fraction(1, 5),
        max_online_share=Fraction(4, 5),
        min_online_minutes=0,
        max_daily_minutes=12 * H,
    )
    assert codes(plan(2 * H, 8 * H, chunk=12 * H), policy) == []
    assert codes(plan(2 * H - 1, 8 * H + 1, chunk=12 * H), policy) == ["online_share_too_low"]
    assert codes([PlannedLesson(MONDAY, LessonMode.LIVE, 12 * H + 1)], policy) == [
        "online_share_too_high",
        "day_too_long",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"min_total_minutes": -1}, ValueError),
        ({"min_online_minutes": -1}, ValueError),
        ({"max_daily_minutes": -1}, ValueError),
        ({"min_online_share": Fraction(-1, 10)}, ValueError),
        ({"max_online_share": Fraction(11, 10)}, ValueError),
        ({"min_online_share": Fraction(3, 5), "max_online_share": Fraction(1, 2)}, ValueError),
        ({"min_online_share": 0.1}, TypeError),  # floats are inexact: refused outright
        ({"max_daily_minutes": 8.0}, TypeError),
    ],
)
def test_policy_validation(kwargs, error):
    with pytest.raises(error):
        SmartTrainingPolicy(**kwargs)


def test_policy_defaults_and_whole_number_shares():
    policy = SmartTrainingPolicy()
    assert (policy.min_total_minutes, policy.min_online_minutes, policy.max_daily_minutes) == (
        8400,
        1200,
        480,
    )
    assert (policy.min_online_share, policy.max_online_share) == (Fraction(1, 10), Fraction(1, 2))
    assert SmartTrainingPolicy(min_online_share=0, max_online_share=1).max_online_share == Fraction(1)


def test_violation_params_normalised():
    from_mapping = RuleViolation("x", {"b": 2, "a": 1})
    assert from_mapping == RuleViolation("x", (("a", 1), ("b", 2)))
    assert from_mapping.params == (("a", 1), ("b", 2))
    assert from_mapping.get("b") == 2 and from_mapping.get("zz", 0) == 0
    assert hash(from_mapping) == hash(RuleViolation("x", [("b", 2), ("a", 1)]))
    with pytest.raises(ValueError, match="duplicate parameter names"):
        RuleViolation("x", [("a", 1), ("a", 2)])
    with pytest.raises(ValueError, match="unknown violation code"):
        describe(RuleViolation("made_up"))


def test_labels_and_online_flags():
    assert {m for m in LessonMode if m.is_online} == {LessonMode.LIVE, LessonMode.VOD}
    assert LessonMode("live") is LessonMode.LIVE and LessonMode.ONSITE == "onsite"
    labelled = [*LessonMode, *CourseCategory]
    for kind in labelled:
        assert i18n.has(kind.label_key), kind
        ko, en = i18n.t(kind.label_key, "ko"), i18n.t(kind.label_key, "en")
        assert ko and en and kind.label_key not in (ko, en)
    assert len({kind.label_key for kind in labelled}) == len(labelled)
    assert i18n.render(texts.mode(LessonMode.CLASSROOM)) == "집체"
    assert i18n.render(texts.mode("live"), "en") == "Live online"
    assert i18n.render(texts.category(CourseCategory.ROOT)) == "뿌리산업"
    assert i18n.render(texts.category("new_tech"), "en") == "New technology"
    assert CourseCategory("ict") is CourseCategory.ICT


# --- message texts -------------------------------------------------------------------


def only(lessons, policy: SmartTrainingPolicy | None = None) -> RuleViolation:
    summary = summarize_plan(lessons) if policy is None else summarize_plan(lessons, policy)
    (violation,) = summary.violations
    return violation


@pytest.mark.parametrize(
    ("minutes", "en", "ko"),
    [
        (0, "0 h", "0시간"),
        (60, "1 h", "1시간"),
        (750, "12.5 h", "12.5시간"),
        (725, "12.1 h", "12.1시간"),
        (57, "1.0 h", "1.0시간"),  # 0.95 h rounds half-up; float round() would give 0.9
        (8400, "140 h", "140시간"),
    ],
)
def test_format_hours(minutes, en, ko):
    assert format_hours(minutes, "en") == en
    assert format_hours(minutes, "ko") == ko


def test_share_too_low_message_with_actual_figures():
    low = summarize_plan(plan(12 * H, 138 * H)).violations[0]  # then online_too_short
    assert describe(low, "en") == "online 12 h of 150 h = 8.0% < 10%"
    assert describe(low, "ko") == "온라인 12시간 / 전체 150시간 = 8.0% (10% 미만)"
    assert describe(low, "fr") == describe(low)  # unknown language falls back to Korean


def test_share_rounding_never_reaches_the_limit():
    # 9.95% would print as "10.0%" at one decimal; 20 h of 200.5 h is 9.975…%.
    policy = SmartTrainingPolicy(min_online_minutes=0)
    assert describe(only(plan(1791, 18000 - 1791), policy), "en") == ("online 29.9 h of 300 h = 9.95% < 10%")
    assert describe(only(plan(20 * H, 180 * H + 30), policy), "en") == (
        "online 20 h of 200.5 h = 9.98% < 10%"
    )
    assert describe(only(plan(150 * H + 1, 150 * H - 1)), "ko") == (
        "온라인 150.0시간 / 전체 300시간 = 50.01% (50% 초과)"
    )
    # Within 0.0001 percentage points: truncated toward the violated side.
    tiny = only(
        [
            PlannedLesson(MONDAY, LessonMode.LIVE, 999_999),
            PlannedLesson(MONDAY, LessonMode.ONSITE, 9_000_001),
        ],
        SmartTrainingPolicy(min_online_minutes=0, max_daily_minutes=10**8),
    )
    assert describe(tiny, "en").endswith("= 9.9999% < 10%")


def test_share_too_high_and_non_whole_limits():
    high = only(plan(80 * H, 70 * H))
    assert describe(high, "en") == "online 80 h of 150 h = 53.3% > 50%"
    assert describe(high) == "온라인 80시간 / 전체 150시간 = 53.3% (50% 초과)"
    third = SmartTrainingPolicy(min_total_minutes=0, min_online_share=Fraction(1, 3), min_online_minutes=0)
    low = only(plan(3332, 10000 - 3332), third)
    assert describe(low, "en").endswith("= 33.32% < 33.33%")


def test_hour_minimum_messages():
    total = only(plan(20 * H, 120 * H - 1))
    assert describe(total, "en") == "total 139.98 h < 140 h"
    assert describe(total) == "전체 139.98시간 (140시간 미만)"
    online = only(plan(20 * H - 1, 130 * H + 1))
    assert describe(online, "en") == "online 19.98 h < 20 h"
    assert describe(online, "en-US") == describe(online)  # the catalogue knows "en", not "en-US"
    assert describe(online) == "온라인 19.98시간 (20시간 미만)"
    short = only(plan(20 * H, 100 * H + 30))
    assert describe(short, "en") == "total 120.5 h < 140 h"


def test_rules_line_quotes_exact_figures():
    odd = SmartTrainingPolicy(
        min_total_minutes=150 * 60 + 30,
        min_online_share=Fraction(1, 3),
        max_online_share=Fraction(1, 2),
        min_online_minutes=0,
        max_daily_minutes=10 * 60,
        programme_year=2027,
    )
    assert texts.describe_policy(odd, "ko") == (
        "기준: 총 150.5시간 이상, 온라인 33.33~50% 그리고 0시간 이상, 하루 10시간 이하 (2027 사업연도)"
    )
    assert texts.describe_policy(SmartTrainingPolicy(), "en").endswith("(defaults; no programme year opened)")
