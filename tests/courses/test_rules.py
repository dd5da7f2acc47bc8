"""Smart-training plan rules: exact boundaries, messages, and order/monotonic properties."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom.courses.rules import (
    CATEGORY_LABELS,
    MODE_LABELS,
    CourseCategory,
    PlannedSession,
    RuleViolation,
    SessionMode,
    SmartTrainingPolicy,
    describe,
    format_hours,
    summarize_plan,
)

H = 60
MONDAY = date(2026, 3, 2)
ONLINE_MODES = [SessionMode.LIVE, SessionMode.VOD]
OFFLINE_MODES = [SessionMode.CLASSROOM, SessionMode.ONSITE]


def plan(online: int = 0, offline: int = 0, *, start: date = MONDAY, chunk: int = 4 * H):
    """Sessions of at most `chunk` minutes, one per day, so the daily cap never interferes."""
    sessions, day = [], start
    for mode, remaining in ((SessionMode.LIVE, online), (SessionMode.CLASSROOM, offline)):
        while remaining > 0:
            minutes = min(chunk, remaining)
            sessions.append(PlannedSession(day, mode, minutes))
            remaining -= minutes
            day += timedelta(days=1)
    return sessions


def codes(sessions, policy: SmartTrainingPolicy | None = None) -> list[str]:
    summary = summarize_plan(sessions) if policy is None else summarize_plan(sessions, policy)
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
    sessions = plan(20 * H, 120 * H, start=day + timedelta(days=1)) + [
        PlannedSession(day, SessionMode.LIVE, 3 * H),
        PlannedSession(day, SessionMode.CLASSROOM, 4 * H),
        PlannedSession(day, SessionMode.ONSITE, 1 * H),
    ]
    summary = summarize_plan(sessions)
    assert summary.daily_minutes[day] == 8 * H
    assert summary.is_smart_training


def test_eight_hours_one_minute_names_each_offending_day():
    late, early = date(2026, 4, 7), date(2026, 4, 6)
    sessions = plan(20 * H, 120 * H, start=date(2026, 5, 1)) + [
        PlannedSession(late, SessionMode.VOD, 8 * H + 1),
        PlannedSession(early, SessionMode.CLASSROOM, 5 * H),
        PlannedSession(early, SessionMode.LIVE, 3 * H + 30),
    ]
    violations = summarize_plan(sessions).violations
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
    assert dict(summary.minutes_by_mode) == {mode: 0 for mode in SessionMode}
    assert dict(summary.daily_minutes) == {}
    assert not summary.is_smart_training
    assert describe(summary.violations[0], "en") == "no sessions planned"
    assert describe(summary.violations[0]) == "계획된 차시가 없습니다"


@pytest.mark.parametrize("minutes", [0, -1, -60])
def test_non_positive_minutes_are_refused(minutes):
    with pytest.raises(ValueError, match="must be > 0"):
        summarize_plan(plan(20 * H, 120 * H) + [PlannedSession(MONDAY, SessionMode.LIVE, minutes)])


def test_session_type_checks_and_mode_coercion():
    assert PlannedSession(MONDAY, "vod", 30).mode is SessionMode.VOD
    with pytest.raises(ValueError):
        PlannedSession(MONDAY, "webinar", 30)
    with pytest.raises(TypeError):
        PlannedSession(MONDAY, SessionMode.VOD, 1.5)
    with pytest.raises(TypeError):
        PlannedSession(MONDAY, SessionMode.VOD, True)
    with pytest.raises(TypeError):
        PlannedSession(datetime(2026, 3, 2, 9), SessionMode.VOD, 30)


def test_summary_figures():
    sessions = [
        PlannedSession(MONDAY, SessionMode.LIVE, 90),
        PlannedSession(MONDAY, SessionMode.VOD, 30),
        PlannedSession(MONDAY + timedelta(days=1), SessionMode.ONSITE, 240),
        PlannedSession(MONDAY + timedelta(days=1), SessionMode.CLASSROOM, 120),
    ]
    summary = summarize_plan(iter(sessions))  # any iterable, consumed once
    assert dict(summary.minutes_by_mode) == {
        SessionMode.LIVE: 90,
        SessionMode.VOD: 30,
        SessionMode.CLASSROOM: 120,
        SessionMode.ONSITE: 240,
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
    assert codes([PlannedSession(MONDAY, SessionMode.LIVE, 12 * H + 1)], policy) == [
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
    with pytest.raises(ValueError):
        RuleViolation("x", [("a", 1), ("a", 2)])
    with pytest.raises(ValueError, match="unknown violation code"):
        describe(RuleViolation("made_up"))


def test_labels_and_online_flags():
    assert {m for m in SessionMode if m.is_online} == {SessionMode.LIVE, SessionMode.VOD}
    assert SessionMode("live") is SessionMode.LIVE and SessionMode.ONSITE == "onsite"
    for labels in (MODE_LABELS, CATEGORY_LABELS):
        for labelled in labels.values():
            assert set(labelled) == {"ko", "en"} and all(labelled.values())
    assert set(MODE_LABELS) == set(SessionMode) and set(CATEGORY_LABELS) == set(CourseCategory)
    assert SessionMode.CLASSROOM.label() == "집체"
    assert SessionMode.LIVE.label("en") == "Live online"
    assert CourseCategory.ROOT.label() == "뿌리산업"
    assert CourseCategory.NEW_TECH.label("en-US") == "New technology"
    assert CourseCategory("ict") is CourseCategory.ICT


# --- message texts -------------------------------------------------------------------


def only(sessions, policy: SmartTrainingPolicy | None = None) -> RuleViolation:
    summary = summarize_plan(sessions) if policy is None else summarize_plan(sessions, policy)
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
    assert describe(only(plan(1791, 18000 - 1791), policy), "en") == (
        "online 29.9 h of 300 h = 9.95% < 10%"
    )
    assert describe(only(plan(20 * H, 180 * H + 30), policy), "en") == (
        "online 20 h of 200.5 h = 9.98% < 10%"
    )
    assert describe(only(plan(150 * H + 1, 150 * H - 1)), "ko") == (
        "온라인 150.0시간 / 전체 300시간 = 50.01% (50% 초과)"
    )
    # Within 0.0001 percentage points: truncated toward the violated side.
    tiny = only(
        [PlannedSession(MONDAY, SessionMode.LIVE, 999_999), PlannedSession(MONDAY, SessionMode.ONSITE, 9_000_001)],
        SmartTrainingPolicy(min_online_minutes=0, max_daily_minutes=10**8),
    )
    assert describe(tiny, "en").endswith("= 9.9999% < 10%")


def test_share_too_high_and_non_whole_limits():
    high = only(plan(80 * H, 70 * H))
    assert describe(high, "en") == "online 80 h of 150 h = 53.3% > 50%"
    assert describe(high) == "온라인 80시간 / 전체 150시간 = 53.3% (50% 초과)"
    third = SmartTrainingPolicy(
        min_total_minutes=0, min_online_share=Fraction(1, 3), min_online_minutes=0
    )
    low = only(plan(3332, 10000 - 3332), third)
    assert describe(low, "en").endswith("= 33.32% < 33.33%")


def test_hour_minimum_messages():
    total = only(plan(20 * H, 120 * H - 1))
    assert describe(total, "en") == "total 139.98 h < 140 h"
    assert describe(total) == "전체 139.98시간 (140시간 미만)"
    online = only(plan(20 * H - 1, 130 * H + 1))
    assert describe(online, "en") == "online 19.98 h < 20 h"
    assert describe(online, "en_US") == "online 19.98 h < 20 h"
    assert describe(online) == "온라인 19.98시간 (20시간 미만)"
    short = only(plan(20 * H, 100 * H + 30))
    assert describe(short, "en") == "total 120.5 h < 140 h"


# --- properties ----------------------------------------------------------------------

days = st.integers(min_value=0, max_value=60).map(lambda n: MONDAY + timedelta(days=n))
minutes = st.integers(min_value=1, max_value=10 * H)


def sessions_of(modes):
    return st.lists(st.builds(PlannedSession, days, st.sampled_from(modes), minutes), max_size=40)


any_sessions = sessions_of(list(SessionMode))


@st.composite
def near_boundary_plans(draw):
    """Plans whose totals sit within a few minutes of the 10%/50%/20 h/140 h lines."""
    total = draw(st.integers(min_value=1, max_value=400 * H))
    anchor = draw(st.sampled_from([total // 10, total // 2, 20 * H, total - 140 * H]))
    online = min(total, max(0, anchor + draw(st.integers(min_value=-3, max_value=3))))
    return plan(online, total - online, chunk=draw(st.sampled_from([4 * H, 8 * H, 8 * H + 1])))


def oracle(sessions, policy=SmartTrainingPolicy()) -> bool:
    # Integer-only restatement of DOMAIN.md, independent of the implementation.
    total = sum(s.minutes for s in sessions)
    online = sum(s.minutes for s in sessions if s.mode in ONLINE_MODES)
    per_day: dict[date, int] = {}
    for s in sessions:
        per_day[s.day] = per_day.get(s.day, 0) + s.minutes
    return (
        total >= 140 * H
        and 10 * online >= total
        and 2 * online <= total
        and online >= 20 * H
        and all(m <= 8 * H for m in per_day.values())
    )


@given(st.one_of(any_sessions, near_boundary_plans()))
def test_summary_matches_inputs_and_oracle(sessions):
    summary = summarize_plan(sessions)
    assert summary.total_minutes == sum(s.minutes for s in sessions)
    assert summary.online_minutes == sum(s.minutes for s in sessions if s.mode.is_online)
    assert sum(summary.minutes_by_mode.values()) == summary.total_minutes
    assert sum(summary.daily_minutes.values()) == summary.total_minutes
    assert set(summary.minutes_by_mode) == set(SessionMode)
    assert summary.is_smart_training == oracle(sessions)


@given(any_sessions, st.randoms(use_true_random=False))
def test_result_independent_of_order(sessions, rng):
    shuffled = list(sessions)
    rng.shuffle(shuffled)
    assert summarize_plan(shuffled) == summarize_plan(sessions)
    assert list(summarize_plan(shuffled).daily_minutes) == sorted(summarize_plan(sessions).daily_minutes)


@given(sessions_of(ONLINE_MODES), sessions_of(OFFLINE_MODES), sessions_of(OFFLINE_MODES))
def test_more_offline_never_fixes_a_low_share(online, offline, extra):
    before = summarize_plan(online + offline)
    if before.total_minutes == 0 or before.online_share >= Fraction(1, 10):
        return
    after = summarize_plan(online + offline + extra)
    assert "online_share_too_low" in [v.code for v in after.violations]
    assert not after.is_smart_training


@given(sessions_of(ONLINE_MODES), sessions_of(OFFLINE_MODES), sessions_of(ONLINE_MODES))
def test_more_online_never_fixes_a_high_share(online, offline, extra):
    before = summarize_plan(online + offline)
    if before.online_share <= Fraction(1, 2):
        return
    after = summarize_plan(online + offline + extra)
    assert "online_share_too_high" in [v.code for v in after.violations]
    assert not after.is_smart_training


NUMBER = r"(\d+(?:\.\d+)?)"


def shown(text: str, pattern: str) -> tuple[Fraction, Fraction]:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return Fraction(Decimal(match.group(1))), Fraction(Decimal(match.group(2)))


@settings(max_examples=300)
@given(st.one_of(any_sessions, near_boundary_plans()))
def test_describe_never_contradicts_the_verdict(sessions):
    for violation in summarize_plan(sessions).violations:
        en, ko = describe(violation, "en"), describe(violation, "ko")
        code = violation.code
        if code == "online_share_too_low":
            for text in (shown(en, rf"= {NUMBER}% < {NUMBER}%"), shown(ko, rf"= {NUMBER}% \({NUMBER}% 미만")):
                assert text[0] < text[1] and text[0] < 10
        elif code == "online_share_too_high":
            for text in (shown(en, rf"= {NUMBER}% > {NUMBER}%"), shown(ko, rf"= {NUMBER}% \({NUMBER}% 초과")):
                assert text[0] > text[1] and text[0] > 50
        elif code in ("total_too_short", "online_too_short"):
            value, limit = shown(en, rf"{NUMBER} h < {NUMBER} h")
            assert value < limit and (value, limit) == shown(ko, rf"{NUMBER}시간 \({NUMBER}시간 미만")
        elif code == "day_too_long":
            value, limit = shown(en, rf"{NUMBER} h of training in one day > {NUMBER} h")
            assert value > limit == 8
            assert violation.get("day").isoformat() in en and violation.get("day").isoformat() in ko
