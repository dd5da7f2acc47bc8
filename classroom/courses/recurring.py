"""The weekly recurring generator: expand a pattern, skip public holidays, preview the dates
and every clash, and store them all (or none) as one series (`LessonSeries`).

The lessons it makes go through the same checks as single lessons (`lessons.py`): field rules
→ conflicts → trainees' daily load → a published course's plan.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from classroom.audit import service as audit
from classroom.core import i18n
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import Conflict
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses import access, held, load_guard
from classroom.courses.conflicts import ensure_free, lock_schedule, room_key
from classroom.courses.lessons import (
    Draft,
    booking_of,
    ensure_open,
    field_error,
    keep_plan_valid,
    redraft,
    slot_of,
    touch,
)
from classroom.courses.models import Course, Lesson, LessonSeries
from classroom.courses.rules.holidays import korean_holidays
from classroom.courses.rules.recurrence import DaysOff, RecurrenceRule, SkippedDay, expand
from classroom.courses.schemas import RecurringCreate


@dataclass(frozen=True)
class Generated:
    series_id: uuid.UUID
    created: list[Lesson]
    skipped: tuple[SkippedDay, ...]


def _rule(data: RecurringCreate, course: Course) -> RecurrenceRule:
    if any(not 0 <= d <= 6 for d in data.weekdays):
        raise field_error("weekdays", "recurring.bad_weekday")
    if data.end <= data.start:
        raise field_error("end", "lesson.end_before_start")
    if data.last_day < data.first_day:
        raise field_error("last_day", "recurring.range_order")
    if data.first_day < course.starts_on or data.last_day > course.ends_on:
        raise field_error(
            "first_day",
            "recurring.outside_period",
            first=course.starts_on.isoformat(),
            last=course.ends_on.isoformat(),
        )
    start, end = (
        data.start.replace(second=0, microsecond=0, tzinfo=None),
        data.end.replace(second=0, microsecond=0, tzinfo=None),
    )
    try:
        return RecurrenceRule(frozenset(data.weekdays), start, end, data.first_day, data.last_day)
    except ValueError:
        raise field_error("last_day", "recurring.too_long") from None


def _days_off(rule: RecurrenceRule, lang: str) -> DaysOff:
    """Korean public holidays over the rule's years, named in the reader's language."""
    language = i18n.t("holidays.language", lang)
    try:
        return korean_holidays(rule.first_day.year, rule.last_day.year, language)
    except ValueError:
        raise field_error("first_day", "recurring.no_holiday_calendar") from None


@dataclass(frozen=True)
class Planned:
    """What the generator would store: the lessons' drafts, the days off it skips, and every
    clash it would be refused for (schedule conflicts, trainees' daily load), none written."""

    drafts: list[Draft]
    skipped: tuple[SkippedDay, ...]
    refusal: Conflict | None  # what saving would answer; its `errors` list every clash

    @property
    def clashes(self) -> list[dict[str, Any]]:
        return list(self.refusal.errors) if self.refusal is not None else []


def _plan(
    session: Session, principal: Principal, course: Course, data: RecurringCreate, lang: str
) -> Planned:
    rule = _rule(data, course)
    expansion = expand(rule, _days_off(rule, lang) if data.skip_holidays else None)
    if not expansion.occurrences:
        raise field_error("weekdays", "recurring.no_days", skipped=len(expansion.skipped))
    base = data.model_dump()
    drafts = [
        redraft(session, principal, course, data.mode, o.starts_at, o.ends_at, base)
        for o in expansion.occurrences
    ]
    refusal: Conflict | None = None
    try:
        ensure_free(session, principal, [slot_of(course, d) for d in drafts])
        load_guard.ensure_lessons_fit(session, principal, course, [booking_of(course, d) for d in drafts])
    except Conflict as refused:
        refusal = refused
    return Planned(drafts, expansion.skipped, refusal)


def preview(
    session: Session,
    principal: Principal,
    course: Course,
    data: RecurringCreate,
    lang: str = i18n.DEFAULT,
) -> Planned:
    """The generator's dry run: the dates it would make, the holidays it skips, the clashes."""
    access.require(session, principal, course, P.COURSES_WRITE)
    ensure_open(course)
    return _plan(session, principal, course, data, lang)


def generate(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    data: RecurringCreate,
    lang: str = i18n.DEFAULT,
) -> Generated:
    """Expand the weekly pattern, skip public holidays, and store every lesson or none, as one
    series (`LessonSeries`) that can later be moved or deleted as a whole."""
    access.require(session, principal, course, P.COURSES_WRITE)
    ensure_open(course)
    lock_schedule(session, course.institution_id)
    planned = _plan(session, principal, course, data, lang)
    held.ensure_may_add(
        session, clock, principal, course, [d.ends_at for d in planned.drafts], field="first_day"
    )
    if planned.refusal is not None:
        raise planned.refusal
    now = clock.now()
    series = LessonSeries(
        institution_id=course.institution_id,
        course_id=course.id,
        mode=data.mode,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(series)
    rows = [
        Lesson(
            institution_id=course.institution_id,
            course_id=course.id,
            mode=d.mode,
            starts_at=d.starts_at,
            ends_at=d.ends_at,
            room_key=room_key(d.values["room"]),
            series_id=series.id,
            created_at=now,
            updated_at=now,
            **d.values,
        )
        for d in planned.drafts
    ]
    session.add_all(rows)
    keep_plan_valid(session, principal, course)
    touch(course, clock, session)
    audit.record(
        session,
        clock,
        principal,
        "course.lessons_generate",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={
            "series_id": str(series.id),
            "mode": str(data.mode),
            "count": len(rows),
            "skipped": [s.day.isoformat() for s in planned.skipped],
            "days": [seoul_date(r.starts_at).isoformat() for r in rows],
        },
    )
    session.flush()
    return Generated(series.id, rows, planned.skipped)
