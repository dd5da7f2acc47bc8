"""Writing the lessons (차시) of a course: add, edit, delete (the weekly generator is `recurring.py`).

Each write is checked in order: field rules (422) → conflicts (409) → enrolled trainees stay
within 8 h a day and out of two lessons at once across their courses (409) → when the course
is already published, the plan must stay a valid smart-training plan (422 with the figures).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import Conflict, ValidationFailed
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, held, load_guard, plan
from classroom.courses.conflicts import Slot, ensure_free, lock_schedule, room_key
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.held import Change
from classroom.courses.rules.kinds import CourseStatus, LessonMode
from classroom.courses.rules.load import Booking
from classroom.courses.schemas import LessonCreate, LessonUpdate
from classroom.courses.timetable import to_utc

FIELDS = ("title", "instructor_id", "room", "join_url", "content_id", "host_company", "supervisor_id")


def field_error(field: str, key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed(
        key,
        code="invalid_lesson",
        params=params,
        errors=[{"field": field, "message_key": key, "params": params}],
    )


def ensure_open(course: Course) -> None:
    if course.status == CourseStatus.FINISHED:
        raise Conflict("course.finished_readonly", code="course_finished")


def _person(session: Session, principal: Principal, user_id: uuid.UUID, role: Role) -> User | None:
    statement = scoped(select(User), principal).where(
        User.id == user_id,
        User.role == str(role),
        User.institution_id == principal.institution_id,
        col(User.is_active).is_(True),
    )
    return session.exec(statement).first()


@dataclass
class Draft:
    """A lesson's fields after normalising for its mode (fields that do not apply are cleared)."""

    mode: LessonMode
    starts_at: datetime
    ends_at: datetime
    values: dict[str, Any]


def redraft(
    session: Session,
    principal: Principal,
    course: Course,
    mode: LessonMode,
    starts_at: datetime,
    ends_at: datetime,
    values: dict[str, Any],
) -> Draft:
    values = {k: values.get(k) for k in FIELDS}
    for key in ("title", "room", "host_company", "join_url"):
        if isinstance(values[key], str):
            values[key] = values[key].strip() or None
    values["title"] = values["title"] or ""
    if mode is not LessonMode.CLASSROOM:
        values["room"] = None
    if mode is not LessonMode.LIVE:
        values["join_url"] = None
    if mode is not LessonMode.VOD:
        values["content_id"] = None
    if mode is not LessonMode.ONSITE:
        values["host_company"] = values["supervisor_id"] = None

    if ends_at <= starts_at:
        raise field_error("ends_at", "lesson.end_before_start")
    start_day, end_day = seoul_date(starts_at), seoul_date(ends_at - timedelta(microseconds=1))
    if start_day != end_day:
        raise field_error("ends_at", "lesson.crosses_midnight")
    if not course.starts_on <= start_day <= course.ends_on:
        raise field_error(
            "starts_at",
            "lesson.outside_period",
            day=start_day.isoformat(),
            first=course.starts_on.isoformat(),
            last=course.ends_on.isoformat(),
        )
    if mode is LessonMode.CLASSROOM and not values["room"]:
        raise field_error("room", "lesson.room_required")
    if mode is LessonMode.ONSITE and not values["host_company"]:
        raise field_error("host_company", "lesson.host_required")

    instructor = values["instructor_id"]
    teachers = access.instructor_ids(session, principal, course)
    if instructor is None and mode in (LessonMode.LIVE, LessonMode.CLASSROOM):
        # The acting instructor, or the course's only instructor, is the obvious default for
        # taught lessons; on-site days belong to the supervisor and recorded ones to nobody.
        if principal.user_id in teachers:
            instructor = principal.user_id
        elif len(teachers) == 1:
            instructor = teachers[0]
    if instructor is not None:
        if _person(session, principal, instructor, Role.INSTRUCTOR) is None:
            raise field_error("instructor_id", "lesson.instructor_invalid")
        if instructor not in teachers:
            raise field_error("instructor_id", "lesson.instructor_not_on_course")
    values["instructor_id"] = instructor
    supervisor = values["supervisor_id"]
    if supervisor is not None and _person(session, principal, supervisor, Role.SUPERVISOR) is None:
        raise field_error("supervisor_id", "lesson.supervisor_invalid")
    return Draft(mode, starts_at, ends_at, values)


def slot_of(course: Course, draft: Draft, lesson_id: uuid.UUID | None = None) -> Slot:
    return Slot(
        lesson_id,
        course.id,
        draft.mode,
        draft.starts_at,
        draft.ends_at,
        draft.values["instructor_id"],
        room_key(draft.values["room"]),
        draft.values["supervisor_id"],
    )


def booking_of(course: Course, draft: Draft) -> Booking:
    return load_guard.booking(course.id, course.title, draft.mode, draft.starts_at, draft.ends_at)


def keep_plan_valid(session: Session, principal: Principal, course: Course) -> None:
    """A published course stays a valid smart-training course through every edit."""
    if course.status == CourseStatus.DRAFT:
        return
    session.flush()
    plan.ensure_smart(session, principal, course, "lesson.plan_broken", "plan_would_break")


def touch(course: Course, clock: Clock, session: Session) -> None:
    course.updated_at = clock.now()
    session.add(course)


def add_lesson(
    session: Session, clock: Clock, principal: Principal, course: Course, data: LessonCreate
) -> Lesson:
    access.require(session, principal, course, P.COURSES_WRITE)
    ensure_open(course)
    draft = redraft(
        session, principal, course, data.mode, to_utc(data.starts_at), to_utc(data.ends_at), data.model_dump()
    )
    held.ensure_may_add(session, clock, principal, course, [draft.ends_at], field="starts_at")
    lock_schedule(session, course.institution_id)
    ensure_free(session, principal, [slot_of(course, draft)])
    load_guard.ensure_lessons_fit(session, principal, course, [booking_of(course, draft)])
    now = clock.now()
    row = Lesson(
        institution_id=course.institution_id,
        course_id=course.id,
        mode=draft.mode,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        room_key=room_key(draft.values["room"]),
        created_at=now,
        updated_at=now,
        **draft.values,
    )
    session.add(row)
    keep_plan_valid(session, principal, course)
    touch(course, clock, session)
    audit.record(
        session,
        clock,
        principal,
        "course.lesson_add",
        "lesson",
        row.id,
        institution_id=course.institution_id,
        detail={
            "course_id": str(course.id),
            "mode": str(draft.mode),
            "changes": held.diff({}, held.snapshot(row)),
        },
    )
    session.flush()
    return row


def update_lesson(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    row: Lesson,
    data: LessonUpdate,
) -> Lesson:
    """Edit a lesson. A lesson already held (its end has passed) is closed to instructors and
    corrected by an admin only with `data.reason`; the audit row keeps old → new values."""
    access.require(session, principal, course, P.COURSES_WRITE)
    ensure_open(course)
    changes = data.model_dump(exclude_unset=True)
    reason = held.clean_reason(changes.pop("reason", None))
    mode = LessonMode(changes.get("mode") or row.mode)
    starts_at = to_utc(changes["starts_at"]) if changes.get("starts_at") else row.starts_at
    ends_at = to_utc(changes["ends_at"]) if changes.get("ends_at") else row.ends_at
    held.ensure_may_change(
        session, clock, principal, course, row, Change.EDIT, new_ends_at=ends_at, reason=reason
    )
    values = {k: changes[k] if k in changes else getattr(row, k) for k in FIELDS}
    draft = redraft(session, principal, course, mode, starts_at, ends_at, values)
    lock_schedule(session, course.institution_id)
    ensure_free(session, principal, [slot_of(course, draft, row.id)])
    if (draft.mode, draft.starts_at, draft.ends_at) != (row.mode, row.starts_at, row.ends_at):
        # Only a move (or a mode change: a VOD lesson becoming live gets a clock time) can
        # push a trainee's day over; a retitled lesson must stay editable on a crowded day.
        load_guard.ensure_lessons_fit(session, principal, course, [booking_of(course, draft)], {row.id})
    before = held.snapshot(row)
    row.mode, row.starts_at, row.ends_at = draft.mode, draft.starts_at, draft.ends_at
    for key, value in draft.values.items():
        setattr(row, key, value)
    row.room_key = room_key(draft.values["room"])
    row.updated_at = clock.now()
    session.add(row)
    keep_plan_valid(session, principal, course)
    touch(course, clock, session)
    detail: dict[str, Any] = {"course_id": str(course.id), "changes": held.diff(before, held.snapshot(row))}
    if reason:
        detail["reason"] = reason
    audit.record(
        session,
        clock,
        principal,
        "course.lesson_update",
        "lesson",
        row.id,
        institution_id=course.institution_id,
        detail=detail,
    )
    session.flush()
    return row


def delete_lesson(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    row: Lesson,
    *,
    reason: str | None = None,
) -> None:
    """Delete a lesson; a held one only by an admin with a reason (kept in the audit row with
    every value the lesson had)."""
    access.require(session, principal, course, P.COURSES_WRITE)
    ensure_open(course)
    reason = held.clean_reason(reason)
    held.ensure_may_change(session, clock, principal, course, row, Change.DELETE, reason=reason)
    before = held.snapshot(row)
    session.delete(row)
    keep_plan_valid(session, principal, course)
    touch(course, clock, session)
    detail: dict[str, Any] = {
        "course_id": str(course.id),
        "starts_at": before["starts_at"],
        "changes": held.diff(before, {}),
    }
    if reason:
        detail["reason"] = reason
    audit.record(
        session,
        clock,
        principal,
        "course.lesson_delete",
        "lesson",
        row.id,
        institution_id=course.institution_id,
        detail=detail,
    )
    session.flush()
