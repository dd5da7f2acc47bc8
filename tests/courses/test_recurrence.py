"""Weekly timetable expansion: Korean holidays (lunar + substitute), UTC conversion, validation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom.courses.rules.holidays import korean_holidays
from classroom.courses.rules.recurrence import Expansion, Occurrence, RecurrenceRule, SkippedDay, expand

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
MWF = frozenset({MON, WED, FRI})
EVERY_DAY = frozenset(range(7))


def rule(first: date, last: date, weekdays=MWF, start=time(9), end=time(13)) -> RecurrenceRule:
    return RecurrenceRule(weekdays, start, end, first, last)


def kr(year: int, language: str = "ko"):
    return holidays.country_holidays("KR", years=year, language=language)


def off(r: RecurrenceRule, language: str = "ko"):
    """Korean public holidays over the rule's years: the days off the service expands with."""
    return korean_holidays(r.first_day.year, r.last_day.year, language)


def expand_kr(r: RecurrenceRule, language: str = "ko", **kwargs) -> Expansion:
    return expand(r, off(r, language), **kwargs)


# --- the facts the scenarios rely on, checked against the library itself --------------


def test_2026_holiday_facts_from_library():
    h = kr(2026)
    assert h.get(date(2026, 3, 1)) == "삼일절" and date(2026, 3, 1).weekday() == SUN
    assert h.get(date(2026, 3, 2)) == "삼일절 대체 휴일"
    assert [h.get(date(2026, 9, d)) for d in (24, 25, 26)] == ["추석 전날", "추석", "추석 다음날"]
    assert [h.get(date(2026, 2, d)) for d in (16, 17, 18)] == ["설날 전날", "설날", "설날 다음날"]


# --- Mon/Wed/Fri 09:00–13:00 across 삼일절 and 추석 2026 ------------------------------

SPRING_TO_AUTUMN = rule(date(2026, 2, 23), date(2026, 10, 2))


def test_mwf_skips_substitute_holiday_and_chuseok():
    expansion = expand_kr(SPRING_TO_AUTUMN)
    skipped = {s.day: s.name for s in expansion.skipped}
    assert skipped[date(2026, 3, 2)] == "삼일절 대체 휴일"
    assert skipped[date(2026, 9, 25)] == "추석"
    # 03-01 is a Sunday and 09-24/26 are Thu/Sat: not timetable days, so not "skipped".
    for day in (date(2026, 3, 1), date(2026, 9, 24), date(2026, 9, 26)):
        assert day not in skipped
    held = {o.day for o in expansion.occurrences}
    assert not held & set(skipped)
    assert date(2026, 3, 4) in held and date(2026, 9, 23) in held and date(2026, 9, 28) in held
    # Every MWF day is either held or skipped, exactly once, in calendar order.
    mwf_days = list(SPRING_TO_AUTUMN.days())
    assert sorted(held | set(skipped)) == mwf_days
    assert [o.day for o in expansion.occurrences] == sorted(held)
    assert [s.day for s in expansion.skipped] == sorted(skipped)
    assert all(kr(2026).get(day) == name for day, name in skipped.items())


def test_mwf_occurrences_are_utc_instants():
    expansion = expand_kr(SPRING_TO_AUTUMN)
    first = expansion.occurrences[0]
    assert first == Occurrence(
        date(2026, 2, 23),
        datetime(2026, 2, 23, 0, 0, tzinfo=UTC),  # 09:00 KST = 00:00 UTC
        datetime(2026, 2, 23, 4, 0, tzinfo=UTC),
    )
    for occurrence in expansion.occurrences:
        assert occurrence.starts_at.utcoffset() == timedelta(0)
        assert occurrence.duration == timedelta(hours=4) == SPRING_TO_AUTUMN.duration
        local = occurrence.starts_at.astimezone(ZoneInfo("Asia/Seoul"))
        assert (local.date(), local.time()) == (occurrence.day, time(9))


def test_every_day_names_all_three_chuseok_days_and_neighbours():
    expansion = expand_kr(rule(date(2026, 9, 20), date(2026, 10, 10), EVERY_DAY))
    assert expansion.skipped == (
        SkippedDay(date(2026, 9, 24), "추석 전날"),
        SkippedDay(date(2026, 9, 25), "추석"),
        SkippedDay(date(2026, 9, 26), "추석 다음날"),
        SkippedDay(date(2026, 10, 3), "개천절"),
        SkippedDay(date(2026, 10, 5), "개천절 대체 휴일"),
        SkippedDay(date(2026, 10, 9), "한글날"),
    )
    assert len(expansion.occurrences) == 21 - 6


def test_samiljeol_and_its_substitute_in_english():
    expansion = expand_kr(rule(date(2026, 2, 28), date(2026, 3, 3), EVERY_DAY), "en_US")
    assert expansion.skipped == (
        SkippedDay(date(2026, 3, 1), "Independence Movement Day"),
        SkippedDay(date(2026, 3, 2), "Alternative holiday for Independence Movement Day"),
    )
    assert [o.day for o in expansion.occurrences] == [date(2026, 2, 28), date(2026, 3, 3)]
    assert expand_kr(rule(date(2026, 9, 25), date(2026, 9, 25)), "en_US").skipped[0].name == "Chuseok"


def test_seollal_2026_and_same_day_holidays_are_joined():
    seollal = expand_kr(rule(date(2026, 2, 16), date(2026, 2, 18), EVERY_DAY))
    assert [s.name for s in seollal.skipped] == ["설날 전날", "설날", "설날 다음날"]
    assert seollal.occurrences == ()
    # 2028-10-03 is both 개천절 and 추석; both names are kept.
    both = expand_kr(rule(date(2028, 10, 3), date(2028, 10, 3), {TUE}))
    assert both.skipped == (SkippedDay(date(2028, 10, 3), ", ".join(kr(2028).get_list(date(2028, 10, 3)))),)
    assert set(both.skipped[0].name.split(", ")) == {"개천절", "추석"}


def test_holidays_can_be_kept_or_replaced():
    span = rule(date(2026, 9, 21), date(2026, 9, 30))
    kept = expand(span, None)
    assert kept.skipped == ()
    assert date(2026, 9, 25) in [o.day for o in kept.occurrences]

    closures = {date(2026, 9, 23): "개교기념일"}
    custom = expand(span, closures.get)
    assert custom.skipped == (SkippedDay(date(2026, 9, 23), "개교기념일"),)
    # The injected calendar replaces the built-in one entirely: 추석 is held here.
    assert [o.day for o in custom.occurrences] == [
        date(2026, 9, 21),
        date(2026, 9, 25),
        date(2026, 9, 28),
        date(2026, 9, 30),
    ]


def test_years_outside_the_library_range_are_refused_not_silently_empty():
    far = rule(date(2101, 1, 1), date(2101, 1, 31))
    with pytest.raises(ValueError, match="covers"):
        off(far)
    assert len(expand(far, None).occurrences) == 13
    assert len(expand(far, lambda day: None).occurrences) == 13
    with pytest.raises(ValueError, match=r"not 1900\.\.1901"):
        korean_holidays(1900, 1901, "ko")


def test_early_morning_lesson_keeps_its_local_day():
    expansion = expand_kr(rule(date(2026, 3, 3), date(2026, 3, 3), {TUE}, time(7, 30), time(8, 30)))
    (only,) = expansion.occurrences
    assert only.day == date(2026, 3, 3)
    assert only.starts_at == datetime(2026, 3, 2, 22, 30, tzinfo=UTC)


def test_conversion_follows_the_zone_rules_not_a_fixed_offset():
    # Seoul kept daylight time from 1988-05-08 to 1988-10-09.
    seoul_1988 = expand(rule(date(1988, 5, 2), date(1988, 5, 13), {FRI}), None)
    assert [o.starts_at.hour for o in seoul_1988.occurrences] == [0, 23]
    new_york = ZoneInfo("America/New_York")
    spring = expand(rule(date(2026, 3, 6), date(2026, 3, 9), {FRI, MON}), None, tz=new_york)
    assert [o.starts_at.hour for o in spring.occurrences] == [14, 13]
    # 02:30 does not exist on 2026-03-08 in New York: refuse rather than invert the interval.
    gap = rule(date(2026, 3, 8), date(2026, 3, 8), {SUN}, time(2, 30), time(3, 0))
    with pytest.raises(ValueError, match="daylight"):
        expand(gap, None, tz=new_york)


def test_single_day_and_no_matching_weekday():
    assert len(expand_kr(rule(date(2026, 3, 4), date(2026, 3, 4))).occurrences) == 1
    assert expand_kr(rule(date(2026, 3, 5), date(2026, 3, 5))) == Expansion((), ())


def test_expansion_is_deterministic_and_rule_normalises_weekdays():
    listed = RecurrenceRule([FRI, MON, WED, MON], time(9), time(13), date(2026, 2, 23), date(2026, 10, 2))
    assert listed.weekdays == MWF and isinstance(listed.weekdays, frozenset)
    assert listed == SPRING_TO_AUTUMN
    assert expand_kr(listed) == expand_kr(SPRING_TO_AUTUMN)


# --- validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weekdays": frozenset()}, "at least one day"),
        ({"weekdays": {7}}, "0..6"),
        ({"weekdays": {-1}}, "0..6"),
        ({"weekdays": {True}}, "0..6"),
        ({"weekdays": {"1"}}, "0..6"),
        ({"weekdays": 3}, "at least one day"),
        ({"start": time(13), "end": time(13)}, "must be after start"),
        ({"start": time(22), "end": time(1)}, "cannot cross midnight"),
        ({"start": time(9, tzinfo=UTC)}, "naive"),
        ({"first_day": date(2026, 3, 2), "last_day": date(2026, 3, 1)}, "before first_day"),
        ({"first_day": date(2026, 1, 1), "last_day": date(2028, 1, 1)}, "more than 2 years"),
        ({"first_day": date(2024, 2, 29), "last_day": date(2026, 3, 1)}, "more than 2 years"),
    ],
)
def test_rule_validation(kwargs, message):
    fields = {
        "weekdays": MWF,
        "start": time(9),
        "end": time(13),
        "first_day": date(2026, 3, 2),
        "last_day": date(2026, 6, 30),
    } | kwargs
    with pytest.raises(ValueError, match=message):
        RecurrenceRule(**fields)


def test_two_year_span_edges_are_allowed():
    assert rule(date(2026, 1, 1), date(2027, 12, 31)).last_day == date(2027, 12, 31)
    assert rule(date(2024, 2, 29), date(2026, 2, 28)).first_day == date(2024, 2, 29)
    assert rule(date(9998, 6, 1), date(9999, 12, 31)).last_day == date(9999, 12, 31)


def test_rule_type_errors():
    with pytest.raises(TypeError):
        RecurrenceRule(MWF, "09:00", time(13), date(2026, 3, 2), date(2026, 3, 9))
    with pytest.raises(TypeError):
        RecurrenceRule(MWF, time(9), time(13), datetime(2026, 3, 2), date(2026, 3, 9))


# --- properties --------------------------------------------------------------------

weekday_sets = st.frozensets(st.integers(min_value=0, max_value=6), min_size=1)
first_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30))


@st.composite
def rules(draw):
    first = draw(first_days)
    last = first + timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    start_minute = draw(st.integers(min_value=0, max_value=23 * 60 + 58))
    length = draw(st.integers(min_value=1, max_value=24 * 60 - 1 - start_minute))
    start = time(*divmod(start_minute, 60))
    end = time(*divmod(start_minute + length, 60))
    return RecurrenceRule(draw(weekday_sets), start, end, first, last)


@settings(max_examples=60, deadline=None)
@given(rules())
def test_every_matching_day_is_held_or_skipped_as_a_holiday(r):
    expansion = expand_kr(r)
    calendar = holidays.country_holidays(
        "KR", years=range(r.first_day.year, r.last_day.year + 1), language="ko"
    )
    expected = [
        r.first_day + timedelta(days=i)
        for i in range((r.last_day - r.first_day).days + 1)
        if (r.first_day + timedelta(days=i)).weekday() in r.weekdays
    ]
    assert [o.day for o in expansion.occurrences] == [d for d in expected if d not in calendar]
    assert [s.day for s in expansion.skipped] == [d for d in expected if d in calendar]
    for occurrence in expansion.occurrences:
        assert occurrence.duration == r.duration > timedelta(0)
        assert occurrence.starts_at.tzinfo is UTC
        # Seoul has no DST in these years: a fixed +9 h is the ground truth here.
        assert occurrence.starts_at == datetime.combine(occurrence.day, r.start, UTC) - timedelta(hours=9)
