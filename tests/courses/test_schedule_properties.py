"""Properties of the small pure pieces around the schedule: calendar ranges, room keys, local times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from classroom.courses.calendar import month_bounds, week_bounds
from classroom.courses.conflicts import room_key
from classroom.courses.timetable import local_range, to_utc

SEOUL = ZoneInfo("Asia/Seoul")
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(days)
def test_week_is_monday_to_sunday_around_the_day(day):
    first, last = week_bounds(day)
    assert first.weekday() == 0 and last - first == timedelta(days=6) and first <= day <= last


@given(days)
def test_month_grid_is_whole_weeks_covering_the_month(day):
    first, last = month_bounds(day)
    assert first.weekday() == 0 and last.weekday() == 6
    month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert first <= day.replace(day=1) < first + timedelta(days=7)
    assert last - timedelta(days=7) < month_end <= last
    assert ((last - first).days + 1) % 7 == 0 and 4 <= ((last - first).days + 1) // 7 <= 6


@given(st.text(min_size=1, max_size=30))
def test_room_key_ignores_spacing_and_case(room):
    key = room_key(room)
    assert key == room_key("  ".join(room.split()) + " ") == room_key(room.casefold())
    assert key is None or not any(c.isspace() for c in key)


@given(days, st.times())
def test_naive_input_is_korean_wall_clock(day, at):
    instant = to_utc(datetime.combine(day, at))
    local = instant.astimezone(SEOUL)
    assert local.date() == day and local.time() == at.replace(second=0, microsecond=0)
    start, end = local_range(day)
    assert start <= instant < end


def test_local_range_is_the_seoul_day():
    start, end = local_range(date(2026, 4, 6))
    assert start.astimezone(SEOUL) == datetime.combine(date(2026, 4, 6), time(0), tzinfo=SEOUL)
    assert end - start == timedelta(days=1)
