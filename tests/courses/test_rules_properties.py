"""Smart-training plan rules: properties over arbitrary plans (order, monotonicity, an oracle)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from classroom.core import i18n
from classroom.courses import texts
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.rules.plan import PlannedLesson, SmartTrainingPolicy, summarize_plan
from tests.courses.plans import MONDAY, OFFLINE_MODES, ONLINE_MODES, H, plan

# --- properties ----------------------------------------------------------------------

days = st.integers(min_value=0, max_value=60).map(lambda n: MONDAY + timedelta(days=n))
minutes = st.integers(min_value=1, max_value=10 * H)


def lessons_of(modes, min_size: int = 0):
    return st.lists(
        st.builds(PlannedLesson, days, st.sampled_from(modes), minutes), min_size=min_size, max_size=40
    )


any_lessons = lessons_of(list(LessonMode))


@st.composite
def near_boundary_plans(draw):
    """Plans whose totals sit within a few minutes of the 10%/50%/20 h/140 h lines."""
    total = draw(st.integers(min_value=1, max_value=400 * H))
    anchor = draw(st.sampled_from([total // 10, total // 2, 20 * H, total - 140 * H]))
    online = min(total, max(0, anchor + draw(st.integers(min_value=-3, max_value=3))))
    return plan(online, total - online, chunk=draw(st.sampled_from([4 * H, 8 * H, 8 * H + 1])))


def oracle(lessons, policy=SmartTrainingPolicy()) -> bool:
    # Integer-only restatement of DOMAIN.md, independent of the implementation.
    total = sum(s.minutes for s in lessons)
    online = sum(s.minutes for s in lessons if s.mode in ONLINE_MODES)
    per_day: dict[date, int] = {}
    for s in lessons:
        per_day[s.day] = per_day.get(s.day, 0) + s.minutes
    return (
        total >= 140 * H
        and 10 * online >= total
        and 2 * online <= total
        and online >= 20 * H
        and all(m <= 8 * H for m in per_day.values())
    )


@given(st.one_of(any_lessons, near_boundary_plans()))
def test_summary_matches_inputs_and_oracle(lessons):
    summary = summarize_plan(lessons)
    assert summary.total_minutes == sum(s.minutes for s in lessons)
    assert summary.online_minutes == sum(s.minutes for s in lessons if s.mode.is_online)
    assert sum(summary.minutes_by_mode.values()) == summary.total_minutes
    assert sum(summary.daily_minutes.values()) == summary.total_minutes
    assert set(summary.minutes_by_mode) == set(LessonMode)
    assert summary.is_smart_training == oracle(lessons)


@given(any_lessons, st.randoms(use_true_random=False))
def test_result_independent_of_order(lessons, rng):
    shuffled = list(lessons)
    rng.shuffle(shuffled)
    assert summarize_plan(shuffled) == summarize_plan(lessons)
    assert list(summarize_plan(shuffled).daily_minutes) == sorted(summarize_plan(lessons).daily_minutes)


@st.composite
def low_share_plans(draw):
    """Offline lessons and online ones under a tenth of the total, by construction (so the
    property below always has a low share to start from, never skips)."""
    offline = draw(lessons_of(OFFLINE_MODES, min_size=1))
    offline_minutes = sum(lesson.minutes for lesson in offline)
    # online / (online + offline) < 1/10  <=>  9 * online < offline
    budget = (offline_minutes - 1) // 9
    online = draw(
        st.lists(st.builds(PlannedLesson, days, st.sampled_from(ONLINE_MODES), minutes), max_size=40)
    )
    kept, used = [], 0
    for lesson in online:
        if used + lesson.minutes <= budget:
            kept.append(lesson)
            used += lesson.minutes
    return kept + offline


@st.composite
def high_share_plans(draw):
    """Online lessons over half of the total, by construction."""
    online = draw(lessons_of(ONLINE_MODES, min_size=1))
    online_minutes = sum(lesson.minutes for lesson in online)
    offline = draw(lessons_of(OFFLINE_MODES))
    kept, used = [], 0
    for lesson in offline:
        if used + lesson.minutes < online_minutes:  # online > offline  <=>  share > 1/2
            kept.append(lesson)
            used += lesson.minutes
    return online + kept


@given(low_share_plans(), lessons_of(OFFLINE_MODES))
def test_more_offline_never_fixes_a_low_share(plan_lessons, extra):
    assert summarize_plan(plan_lessons).online_share < Fraction(1, 10)
    after = summarize_plan(plan_lessons + extra)
    assert "online_share_too_low" in [v.code for v in after.violations]
    assert not after.is_smart_training


@given(high_share_plans(), lessons_of(ONLINE_MODES))
def test_more_online_never_fixes_a_high_share(plan_lessons, extra):
    assert summarize_plan(plan_lessons).online_share > Fraction(1, 2)
    after = summarize_plan(plan_lessons + extra)
    assert "online_share_too_high" in [v.code for v in after.violations]
    assert not after.is_smart_training


NUMBER = r"(\d+(?:\.\d+)?)"


def shown(text: str, pattern: str) -> tuple[Fraction, Fraction]:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return Fraction(Decimal(match.group(1))), Fraction(Decimal(match.group(2)))


@settings(max_examples=300)
@given(st.one_of(any_lessons, near_boundary_plans()))
def test_describe_never_contradicts_the_verdict(lessons):
    for violation in summarize_plan(lessons).violations:
        text = texts.violation(violation)
        en, ko = i18n.render(text, "en"), i18n.render(text, "ko")
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
        else:
            assert code == "empty_plan" and en == "no lessons planned" and ko == "계획된 차시가 없습니다"
