"""The day rules at every boundary (DOMAIN.md "Attendance"): 10 minutes late exactly, 50% exactly,
early leave, going out, missed checks, VOD credit, excused/leave, days in progress."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from attendance.rules.day import DayResult, Evidence, Slot, evaluate_day
from attendance.rules.kinds import DayStatus, EventKind
from attendance.rules.policy import DEFAULT_POLICY, with_overrides

SEOUL = ZoneInfo("Asia/Seoul")
DAY = datetime(2026, 4, 7, tzinfo=SEOUL)
EVENING = DAY.replace(hour=23)


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute, second=second)


CLASS = [Slot("L1", "classroom", at(9), at(13))]  # 4 h
_n = iter(range(10_000))


def ev(kind: EventKind, when: datetime, **kw: object) -> Evidence:
    return Evidence(id=f"e{next(_n)}", kind=kind, at=when, **kw)  # type: ignore[arg-type]


def inout(t_in: datetime, t_out: datetime) -> list[Evidence]:
    return [ev(EventKind.CHECK_IN, t_in), ev(EventKind.CHECK_OUT, t_out)]


def day(evidence: list[Evidence], slots: list[Slot] = CLASS, as_of: datetime = EVENING) -> DayResult:
    return evaluate_day(slots, evidence, DEFAULT_POLICY, as_of)


def test_on_time_is_present():
    r = day(inout(at(8, 55), at(13, 1)))
    assert r.status is DayStatus.PRESENT and r.attended_minutes == 240 and r.scheduled_minutes == 240


def test_ten_minutes_late_exactly_is_not_late_one_second_more_is():
    assert day(inout(at(9, 10), at(13))).status is DayStatus.PRESENT
    late = day(inout(at(9, 10, 1), at(13)))
    assert late.status is DayStatus.LATE and late.late and late.incidents == 1


def test_ten_minutes_early_exactly_is_not_early_leave_one_second_more_is():
    assert day(inout(at(9), at(12, 50))).status is DayStatus.PRESENT
    early = day(inout(at(9), at(12, 49, 59)))
    assert early.status is DayStatus.EARLY_LEAVE and early.early_leave


def test_half_the_hours_exactly_is_attended_less_is_absent():
    half = day(inout(at(9), at(11)))  # 2 h of 4 h: also an early leave
    assert half.status is DayStatus.EARLY_LEAVE and half.attended_minutes == 120
    less = day(inout(at(9), at(10, 59, 59)))
    assert less.status is DayStatus.ABSENT and less.incidents == 0


def test_lateness_counts_against_the_half():
    # arriving at 11:00:01 leaves 1 h 59 m 59 s of 4 h: absent, not merely late
    assert day(inout(at(11, 0, 1), at(13))).status is DayStatus.ABSENT
    assert day(inout(at(11), at(13))).status is DayStatus.LATE


def test_going_out_is_a_gap_inside_scheduled_time():
    r = day([*inout(at(9), at(10)), *inout(at(10, 30), at(13))])
    assert r.status is DayStatus.GOING_OUT and r.goings_out == 1 and r.attended_minutes == 210


def test_a_gap_over_the_lunch_break_is_not_going_out():
    slots = [Slot("L1", "classroom", at(9), at(12)), Slot("L2", "classroom", at(13), at(17))]
    r = day([*inout(at(9), at(12)), *inout(at(13), at(17))], slots)
    assert r.status is DayStatus.PRESENT and r.goings_out == 0 and r.attended_minutes == 420


def test_late_and_early_and_out_are_separate_incidents():
    r = day([*inout(at(9, 20), at(10)), *inout(at(10, 30), at(12, 30))])
    assert r.late and r.early_leave and r.goings_out == 1 and r.incidents == 3
    assert r.status is DayStatus.LATE


def test_no_evidence_on_a_finished_day_is_absent_and_pending_before():
    assert day([]).status is DayStatus.ABSENT
    assert day([], as_of=at(10)).status is DayStatus.PENDING


def test_an_open_check_in_counts_while_the_day_runs_and_not_after():
    running = day([ev(EventKind.CHECK_IN, at(9, 2))], as_of=at(10))
    assert running.status is DayStatus.PRESENT and not running.final
    finished = day([ev(EventKind.CHECK_IN, at(9, 2))])
    assert finished.status is DayStatus.ABSENT and finished.missing_checkout


def test_excused_and_leave_take_the_whole_day():
    assert day([ev(EventKind.EXCUSED, at(9))]).status is DayStatus.EXCUSED
    r = day([ev(EventKind.LEAVE, at(9))])
    assert r.status is DayStatus.LEAVE and r.attended_minutes == 240 and r.status.attended


def test_a_voided_event_is_ignored():
    wrong = ev(EventKind.CHECK_IN, at(9, 40))
    fixed = [
        wrong,
        ev(EventKind.VOID, at(15), ref=wrong.id),
        ev(EventKind.CHECK_IN, at(9)),
        ev(EventKind.CHECK_OUT, at(13)),
    ]
    assert day(fixed).status is DayStatus.PRESENT


LIVE = [Slot("V1", "live", at(9), at(12))]


def test_live_presence_with_a_reconnect_on_a_second_connection():
    evidence = [
        ev(EventKind.LIVE_JOIN, at(9), ref="c1"),
        ev(EventKind.LIVE_JOIN, at(10), ref="c2"),
        ev(EventKind.LIVE_LEAVE, at(10, 1), ref="c1"),
        ev(EventKind.LIVE_LEAVE, at(12), ref="c2"),
    ]
    r = day(evidence, LIVE)
    assert r.status is DayStatus.PRESENT and r.attended_minutes == 180


def test_leaving_the_live_room_counts_as_going_out():
    evidence = [
        ev(EventKind.LIVE_JOIN, at(9), ref="c1"),
        ev(EventKind.LIVE_LEAVE, at(10), ref="c1"),
        ev(EventKind.LIVE_JOIN, at(10, 20), ref="c2"),
        ev(EventKind.LIVE_LEAVE, at(12), ref="*"),
    ]
    r = day(evidence, LIVE)
    assert r.status is DayStatus.GOING_OUT and r.goings_out == 1


def test_a_missed_attendance_check_is_an_incident():
    evidence = [
        ev(EventKind.LIVE_JOIN, at(9), ref="c"),
        ev(EventKind.CHECK_MISSED, at(10)),
        ev(EventKind.LIVE_LEAVE, at(12), ref="c"),
    ]
    r = day(evidence, LIVE)
    assert r.status is DayStatus.GOING_OUT and r.missed_checks == 1 and r.incidents == 1


VOD = [Slot("D1", "vod", at(19), at(21))]


@pytest.mark.parametrize(
    ("watched", "status"), [(3600, DayStatus.PRESENT), (3599, DayStatus.ABSENT), (7200, DayStatus.PRESENT)]
)
def test_a_vod_lesson_counts_once_half_is_really_watched(watched, status):
    evidence = [ev(EventKind.VOD_PROGRESS, at(20), lesson_id="D1", seconds=watched, required_seconds=7200)]
    r = evaluate_day(VOD, evidence, DEFAULT_POLICY, DAY + timedelta(days=1))
    assert r.status is status
    assert r.attended_minutes == (120 if status is DayStatus.PRESENT else 0)


def test_blended_day_adds_classroom_minutes_and_vod_credit():
    slots = [*CLASS, *VOD]
    evidence = [
        *inout(at(9), at(11)),
        ev(EventKind.VOD_PROGRESS, at(20), lesson_id="D1", seconds=7200, required_seconds=7200),
    ]
    r = evaluate_day(slots, evidence, DEFAULT_POLICY, DAY + timedelta(days=1))
    # 2 h + 2 h of 6 h: attended (not absent), an early leave from the classroom part
    assert r.attended_minutes == 240 and r.status is DayStatus.EARLY_LEAVE


def test_the_policy_moves_the_boundaries():
    policy, problems = with_overrides({"late_after_minutes": 5, "absent_below": "60%"})
    assert not problems
    r = evaluate_day(CLASS, inout(at(9, 6), at(13)), policy, EVENING)
    assert r.status is DayStatus.LATE
    r = evaluate_day(CLASS, inout(at(9), at(11, 20)), policy, EVENING)
    assert r.status is DayStatus.ABSENT  # 140 of 240 minutes < 60%


def test_overrides_are_validated_all_or_nothing():
    policy, problems = with_overrides(
        {"late_after_minutes": 500, "completion_rate": "x", "nope": 1, "absent_below": "1/2"}
    )
    assert policy == DEFAULT_POLICY
    assert sorted((p.field, p.code) for p in problems) == [
        ("completion_rate", "not_a_number"),
        ("late_after_minutes", "out_of_range"),
        ("nope", "unknown_field"),
    ]
    assert with_overrides({"late_after_minutes": "7.5"})[1][0].code == "not_a_number"
