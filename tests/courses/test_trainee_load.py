"""A trainee's day across courses (pure): the daily limit, overlaps, VOD, boundaries, wording."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.core import i18n
from classroom.courses import texts
from classroom.courses.rules.load import Booking, DayOver, Overlap, check, figures, shown

DAY = date(2026, 5, 4)
H = 60


def at(
    course: str, start: str, end: str, *, day: date = DAY, vod: bool = False, title: str | None = None
) -> Booking:
    def minute(text: str) -> int:
        hours, minutes = text.split(":")
        return int(hours) * 60 + int(minutes)

    return Booking(course, title or course, day, minute(start), minute(end), vod)


def say(violation, lang: str, trainee: str = "최지우") -> str:
    return i18n.render(texts.load(violation, trainee), lang)


# --- the daily limit ---------------------------------------------------------------------


def test_exactly_eight_hours_is_allowed():
    assert check([at("X", "09:00", "14:00")], [at("C", "14:00", "17:00")]) == []


def test_one_minute_over_is_refused_and_never_printed_as_eight():
    [over] = check([at("X", "09:00", "14:00")], [at("C", "14:00", "17:01")])
    assert isinstance(over, DayOver)
    assert (over.day, over.minutes, over.other_minutes, over.total, over.limit) == (DAY, 181, 300, 481, 480)
    assert say(over, "en") == (
        "최지우 already has 5 h of 'X' on 2026-05-04; adding this course's 3.02 h makes "
        "8.02 h, over the 8 h daily limit"
    )


def test_the_documented_wording_in_both_languages():
    [over] = check([at("X", "09:00", "14:00")], [at("C", "14:00", "18:00")])
    assert say(over, "ko") == (
        "최지우: 2026-05-04에 이미 'X' 과정 5시간이 있어 이 과정 4시간을 더하면 "
        "하루 9시간으로 8시간을 넘습니다"
    )
    assert say(over, "en") == (
        "최지우 already has 5 h of 'X' on 2026-05-04; adding this course's 4 h makes 9 h, "
        "over the 8 h daily limit"
    )


def test_several_other_courses_add_up_and_are_all_named():
    existing = [
        at("Y", "13:00", "16:00", title="빅데이터"),
        at("X", "09:00", "11:00", title="AI"),
        at("X", "11:00", "12:00", title="AI"),
    ]
    [over] = check(existing, [at("C", "16:00", "19:00")])
    assert [(title, m) for _, title, m in over.others] == [("AI", 3 * H), ("빅데이터", 3 * H)]
    assert over.total == 9 * H
    assert "'AI' 과정 3시간, '빅데이터' 과정 3시간" in say(over, "ko")
    assert "3 h of 'AI' and 3 h of '빅데이터'" in say(over, "en")


def test_hours_print_as_exact_as_two_decimals_allow():
    [over] = check([at("X", "09:00", "13:30")], [at("C", "13:30", "17:40")])
    figures_shown = shown(over)
    assert figures_shown["others"] == (("X", "4.5"),)
    assert (figures_shown["hours"], figures_shown["total"], figures_shown["limit"]) == ("4.17", "8.67", "8")
    assert "4.5 h of 'X'" in say(over, "en") and "이 과정 4.17시간을 더하면 하루 8.67시간으로" in say(
        over, "ko"
    )


@given(st.integers(1, 12 * 60), st.integers(1, 12 * 60), st.integers(0, 24 * 60 - 1))
def test_a_total_over_the_limit_always_prints_above_it(other, ours, limit):
    found = check(
        [Booking("X", "X", DAY, 0, other)], [Booking("C", "C", DAY, other, other + ours)], limit=limit
    )
    assert bool(found) == (other + ours > limit)
    for over in found:
        assert float(shown(over)["total"]) > float(shown(over)["limit"])


def test_the_limit_comes_from_the_caller():
    existing, new = [at("X", "09:00", "12:00")], [at("C", "13:00", "16:00")]
    assert check(existing, new, limit=6 * H) == []
    [over] = check(existing, new, limit=6 * H - 1)
    assert over.limit == 6 * H - 1
    assert check(existing, new, limit=0)[0].total == 6 * H


@pytest.mark.parametrize("limit", [-1, 8.0, True, "480"])
def test_a_nonsense_limit_is_refused(limit):
    with pytest.raises(ValueError, match="limit must be a non-negative int"):
        check([], [at("C", "09:00", "10:00")], limit=limit)


def test_a_course_alone_over_the_limit_is_its_own_plans_business():
    # 9 h of this course and nothing else that day: `rules` refuses that plan, not this check.
    assert check([at("X", "09:00", "10:00", day=DAY + timedelta(days=1))], [at("C", "08:00", "17:00")]) == []


def test_other_days_and_other_days_bookings_do_not_interact():
    existing = [
        at("X", "09:00", "17:00", day=DAY - timedelta(days=1)),
        at("X", "09:00", "17:00", day=DAY + timedelta(days=1)),
    ]
    assert check(existing, [at("C", "09:00", "17:00")]) == []


def test_unchanged_lessons_of_this_course_count_as_this_course():
    # A moved lesson is judged with the course's other lessons that day (passed as existing).
    existing = [at("X", "09:00", "13:00"), at("C", "13:00", "15:00")]
    [over] = check(existing, [at("C", "15:00", "18:00")])
    assert (over.minutes, over.other_minutes) == (5 * H, 4 * H)
    assert "이 과정 5시간" in say(over, "ko")


def test_empty_new_is_fine():
    assert check([at("X", "00:00", "24:00")], []) == []


# --- overlaps ----------------------------------------------------------------------------


def test_back_to_back_is_allowed_both_ways():
    assert check([at("X", "09:00", "13:00")], [at("C", "13:00", "15:00"), at("C", "07:00", "09:00")]) == []


def test_one_minute_of_overlap_is_refused_with_both_times():
    [clash] = check([at("X", "09:00", "13:00")], [at("C", "12:59", "14:00")])
    assert isinstance(clash, Overlap) and clash.day == DAY
    assert (
        say(clash, "en")
        == "최지우 already has 'X' 09:00–13:00 at the same time (this course: 2026-05-04 12:59–14:00)"
    )
    assert say(clash, "ko") == (
        "최지우: 2026-05-04에 이미 'X' 과정 09:00–13:00 차시가 있어 이 과정 12:59–14:00 차시와 "
        "시간이 겹칩니다"
    )


@pytest.mark.parametrize(
    ("start", "end"), [("10:00", "11:00"), ("08:00", "14:00"), ("09:00", "13:00"), ("08:00", "09:01")]
)
def test_inside_around_identical_and_edge_overlaps(start, end):
    found = check([at("X", "09:00", "13:00")], [at("C", start, end)])
    assert [v.kind for v in found if isinstance(v, Overlap)] == ["overlap"]


def test_every_colliding_pair_is_reported_once_and_in_time_order():
    existing = [at("X", "13:00", "14:00"), at("X", "09:00", "10:00")]
    found = check(existing, [at("C", "09:30", "13:30")])
    assert [(v.other.start, v.booking.start) for v in found] == [(9 * H, 9 * H + 30), (13 * H, 9 * H + 30)]


def test_same_course_lessons_never_count_as_overlaps_here():
    assert check([at("C", "09:00", "13:00")], [at("C", "10:00", "11:00")]) == []


def test_vod_counts_toward_the_day_but_never_overlaps():
    # A recorded lesson "scheduled" across a live one: no clash, but its hours count.
    assert check([at("X", "09:00", "13:00")], [at("C", "09:00", "13:00", vod=True)]) == []
    assert check([at("X", "09:00", "13:00", vod=True)], [at("C", "10:00", "12:00")]) == []
    [over] = check([at("X", "09:00", "14:00", vod=True)], [at("C", "09:00", "13:00", vod=True)])
    assert isinstance(over, DayOver) and over.total == 9 * H


def test_a_day_can_be_both_over_and_overlapping():
    found = check([at("X", "09:00", "15:00")], [at("C", "14:00", "17:00")])
    assert [v.kind for v in found] == ["day_over", "overlap"]


def test_violations_come_day_by_day():
    later, earlier = DAY + timedelta(days=7), DAY
    existing = [at("X", "09:00", "13:00", day=later), at("X", "09:00", "13:00", day=earlier)]
    new = [at("C", "10:00", "11:00", day=later), at("C", "10:00", "11:00", day=earlier)]
    assert [v.day for v in check(existing, new)] == [earlier, later]


# --- bookings and figures -----------------------------------------------------------------


def test_a_lesson_ending_at_midnight_ends_at_24_00():
    [clash] = check([at("X", "20:00", "24:00")], [at("C", "23:00", "24:00")])
    assert shown(clash)["other_end"] == "24:00"


@pytest.mark.parametrize(("start", "end"), [(600, 600), (600, 540), (-1, 60), (0, 1441)])
def test_a_booking_must_be_a_positive_span_within_the_day(start, end):
    with pytest.raises(ValueError, match="need 0 <= start < end <= 1440"):
        Booking("C", "C", DAY, start, end)


def test_a_booking_needs_a_date_and_whole_minutes():
    with pytest.raises(TypeError):
        Booking("C", "C", datetime(2026, 5, 4, 9), 540, 600)
    with pytest.raises(TypeError):
        Booking("C", "C", DAY, 540.0, 600)  # type: ignore[arg-type]


def test_figures_are_machine_readable():
    over, clash = check([at("X", "09:00", "15:00")], [at("C", "14:00", "17:00")])
    assert figures(over) == {
        "kind": "day_over",
        "day": "2026-05-04",
        "minutes": 180,
        "other_minutes": 360,
        "total_minutes": 540,
        "limit_minutes": 480,
        "others": [{"course_id": "X", "course": "X", "minutes": 360}],
    }
    assert figures(clash) == {
        "kind": "overlap",
        "day": "2026-05-04",
        "start": "14:00",
        "end": "17:00",
        "other_course_id": "X",
        "other_course": "X",
        "other_start": "09:00",
        "other_end": "15:00",
    }


# --- properties against a brute-force oracle ----------------------------------------------

spans = st.tuples(st.integers(0, 24 * 4 - 1), st.integers(1, 8 * 4)).map(
    lambda s: (s[0] * 15, min(s[0] * 15 + s[1] * 15, 24 * 60))
)
bookings = st.builds(
    lambda course, day, span, vod: Booking(course, course, DAY + timedelta(days=day), *span, vod),
    st.sampled_from(["X", "Y", "C"]),
    st.integers(0, 2),
    spans,
    st.booleans(),
)


@given(st.lists(bookings, max_size=12), st.lists(bookings, max_size=6), st.integers(0, 16 * 60))
def test_matches_a_brute_force_oracle(existing, new, limit):
    found = check(existing, new, limit=limit)
    ours = {b.course_id for b in new}
    expected_days = set()
    for day in {b.day for b in new}:
        everything = [b for b in existing + new if b.day == day]
        others = [b for b in everything if b.course_id not in ours]
        if others and sum(b.minutes for b in everything) > limit:
            expected_days.add(day)
    assert {v.day for v in found if isinstance(v, DayOver)} == expected_days
    pairs = sorted(
        (id(n), id(e))
        for n in new
        for e in existing
        if e.course_id not in ours
        and not n.self_paced
        and not e.self_paced
        and n.day == e.day
        and n.start < e.end
        and e.start < n.end
    )
    assert sorted((id(v.booking), id(v.other)) for v in found if isinstance(v, Overlap)) == pairs
    assert [v.day for v in found] == sorted(v.day for v in found)
