"""Courses: create, edit, delete, and the status transitions (publish is the single gate).
What is read without changing anything is in `queries`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import Conflict, Forbidden, ValidationFailed
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, plan
from classroom.courses.models import Course, CourseInstructor, Enrollment, Lesson
from classroom.courses.queries import count_enrolled, live_course_periods
from classroom.courses.rules.kinds import CourseStatus
from classroom.courses.rules.period import period_problem
from classroom.courses.rules.status import TRANSITIONS, may_unpublish
from classroom.courses.schemas import CourseCreate, CourseUpdate
from classroom.courses.timetable import course_lessons
from classroom.leases import quotas


def _error(field: str, key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed(
        key,
        code="invalid_course",
        params=params,
        errors=[{"field": field, "message_key": key, "params": params}],
    )


def _check_instructors(
    session: Session, principal: Principal, institution_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    unique = list(dict.fromkeys(ids))
    if not unique:
        return []
    statement = scoped(select(User.id), principal, User).where(
        col(User.id).in_(unique),
        User.institution_id == institution_id,
        User.role == str(Role.INSTRUCTOR),
        col(User.is_active).is_(True),
    )
    found = set(session.exec(statement))
    missing = [str(i) for i in unique if i not in found]
    if missing:
        raise _error("instructor_ids", "course.instructor_invalid", ids=", ".join(missing))
    return unique


def _set_instructors(session: Session, principal: Principal, course: Course, ids: list[uuid.UUID]) -> None:
    """Make `ids` the course's instructors. The lead stays when still among them; otherwise the
    first of `ids` leads (the author, for a course an instructor made)."""
    current = set(access.instructor_ids(session, principal, course))
    wanted = set(ids)
    removed = current - wanted
    if removed:
        busy = session.exec(
            scoped(select(func.count()).select_from(Lesson), principal, Lesson).where(
                Lesson.course_id == course.id, col(Lesson.instructor_id).in_(removed)
            )
        ).one()
        if busy:
            raise Conflict(
                "course.instructor_has_lessons", code="instructor_has_lessons", params={"count": busy}
            )
        links = scoped(select(CourseInstructor), principal).where(
            CourseInstructor.course_id == course.id, col(CourseInstructor.user_id).in_(removed)
        )
        for link in session.exec(links):
            session.delete(link)
    for user_id in wanted - current:
        session.add(
            CourseInstructor(course_id=course.id, user_id=user_id, institution_id=course.institution_id)
        )
    session.flush()
    lead = access.lead_id(session, principal, course)
    if lead is None and ids:
        first = session.exec(
            scoped(select(CourseInstructor), principal).where(
                CourseInstructor.course_id == course.id, CourseInstructor.user_id == ids[0]
            )
        ).first()
        if first is not None:
            first.is_lead = True
            session.add(first)


def _hand_lead(session: Session, principal: Principal, course: Course, user_id: uuid.UUID) -> None:
    """Make `user_id`, one of the course's instructors, its lead (책임강사): an admin's choice,
    or the current lead's to hand over."""
    current = access.lead_id(session, principal, course)
    if user_id == current:
        return
    if principal.role is Role.INSTRUCTOR and current != principal.user_id:
        raise Forbidden("course.only_lead_hands_over", code="not_lead_instructor")
    links = {
        link.user_id: link
        for link in session.exec(
            scoped(select(CourseInstructor), principal).where(CourseInstructor.course_id == course.id)
        )
    }
    if user_id not in links:
        raise _error("lead_instructor_id", "course.lead_not_instructor")
    if current in links:
        links[current].is_lead = False
        session.add(links[current])
        session.flush()  # one lead per course (a unique index): the old one steps down first
    links[user_id].is_lead = True
    session.add(links[user_id])
    session.flush()


def _check_period(starts_on: date, ends_on: date, clock: Clock, *, start_moved: bool) -> None:
    problem = period_problem(starts_on, ends_on, seoul_date(clock.now()), start_moved=start_moved)
    if problem is not None:
        raise _error(problem.field, problem.key, **problem.params)


def create_course(session: Session, clock: Clock, principal: Principal, data: CourseCreate) -> Course:
    institution_id = principal.require_institution()
    _check_period(data.starts_on, data.ends_on, clock, start_moved=True)
    instructors = list(data.instructor_ids)
    if principal.role is Role.INSTRUCTOR and principal.user_id not in instructors:
        instructors.insert(0, principal.user_id)  # the author teaches what they build
    instructors = _check_instructors(session, principal, institution_id, instructors)
    now = clock.now()
    course = Course(
        institution_id=institution_id,
        title=data.title.strip(),
        category=data.category,
        description=data.description.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        capacity=data.capacity,
        pass_mark=data.pass_mark,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    if not course.title:
        raise _error("title", "course.title_required")
    session.add(course)
    session.flush()
    _set_instructors(session, principal, course, instructors)
    audit.record(
        session,
        clock,
        principal,
        "course.create",
        "course",
        course.id,
        institution_id=institution_id,
        detail={"title": course.title},
    )
    session.flush()
    return course


def update_course(
    session: Session, clock: Clock, principal: Principal, course: Course, data: CourseUpdate
) -> Course:
    access.require(session, principal, course, P.COURSES_WRITE)
    if course.status == CourseStatus.FINISHED:
        raise Conflict("course.finished_readonly", code="course_finished")
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    before = _audited(session, principal, course, changes)
    if "title" in changes and not changes["title"].strip():
        raise _error("title", "course.title_required")
    starts_on, ends_on = changes.get("starts_on", course.starts_on), changes.get("ends_on", course.ends_on)
    _check_period(starts_on, ends_on, clock, start_moved=starts_on != course.starts_on)
    if "starts_on" in changes or "ends_on" in changes:
        outside = [
            r
            for r in course_lessons(session, principal, course)
            if not starts_on <= seoul_date(r.starts_at) <= ends_on
        ]
        if outside:
            raise _error(
                "starts_on",
                "course.lessons_outside_period",
                count=len(outside),
                first=seoul_date(outside[0].starts_at).isoformat(),
            )
    if "capacity" in changes:
        enrolled = count_enrolled(session, principal, course)
        if changes["capacity"] < enrolled:
            raise Conflict(
                "course.capacity_below_enrolled",
                code="capacity_below_enrolled",
                params={"capacity": changes["capacity"], "enrolled": enrolled},
            )
    if "instructor_ids" in changes:
        if principal.role is Role.INSTRUCTOR and not access.leads(session, principal, course):
            # Co-instructors are the lead's (or an admin's) choice, not every instructor's.
            raise Forbidden("course.only_lead_staffs", code="not_lead_instructor")
        ids = _check_instructors(session, principal, course.institution_id, changes.pop("instructor_ids"))
        if principal.role is Role.INSTRUCTOR and principal.user_id not in ids:
            raise _error("instructor_ids", "course.cannot_remove_self")
        _set_instructors(session, principal, course, ids)
    if "lead_instructor_id" in changes:
        _hand_lead(session, principal, course, changes.pop("lead_instructor_id"))
    moved_year = starts_on.year != course.starts_on.year
    period_changed = (starts_on, ends_on) != (course.starts_on, course.ends_on)
    for key, value in changes.items():
        setattr(course, key, value.strip() if isinstance(value, str) else value)
    if moved_year and course.status != CourseStatus.DRAFT:
        # Another start year means another programme's policy: a published course must meet it.
        plan.ensure_smart(session, principal, course, "lesson.plan_broken", "plan_would_break")
    if course.status != CourseStatus.DRAFT and period_changed:
        # A live course holds a leased classroom on every day of its period, the new days included.
        quotas.ensure_course_period(
            session,
            course.institution_id,
            starts_on,
            ends_on,
            lambda: live_course_periods(session, principal, starts_on, ends_on, exclude=course.id),
        )
    course.updated_at = clock.now()
    session.add(course)
    audit.record(
        session,
        clock,
        principal,
        "course.update",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={"changes": audit.changes(before, _audited(session, principal, course, before))},
    )
    session.flush()
    return course


def _audited(
    session: Session, principal: Principal, course: Course, fields: dict[str, Any]
) -> dict[str, Any]:
    """The course's values of `fields` (its instructors by name), for the audit row's old → new."""
    values: dict[str, Any] = {
        k: getattr(course, k) for k in fields if k != "instructor_ids" and hasattr(course, k)
    }
    if "instructor_ids" in fields:
        ids = access.instructor_ids(session, principal, course)
        names = session.exec(scoped(select(User.name), principal, User).where(col(User.id).in_(ids)))
        values["instructor_ids"] = sorted(names)
    if "lead_instructor_id" in fields:
        lead = access.lead_id(session, principal, course)
        values["lead_instructor_id"] = (
            session.exec(scoped(select(User.name), principal, User).where(User.id == lead)).first()
            if lead
            else None
        )
    return values


def delete_course(session: Session, clock: Clock, principal: Principal, course: Course) -> None:
    """Only drafts nobody is enrolled in: anything else has a history worth keeping."""
    access.require(session, principal, course, P.COURSES_WRITE)
    if course.status != CourseStatus.DRAFT:
        raise Conflict("course.delete_not_draft", code="course_not_draft")
    if session.exec(
        scoped(select(func.count()).select_from(Enrollment), principal, Enrollment).where(
            Enrollment.course_id == course.id
        )
    ).one():
        raise Conflict("course.delete_has_enrolments", code="course_has_enrolments")
    for lesson in session.exec(scoped(select(Lesson), principal).where(Lesson.course_id == course.id)):
        session.delete(lesson)
    links = scoped(select(CourseInstructor), principal).where(CourseInstructor.course_id == course.id)
    for link in session.exec(links):
        session.delete(link)
    session.flush()
    session.delete(course)
    audit.record(
        session,
        clock,
        principal,
        "course.delete",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={"title": course.title},
    )
    session.flush()


def publish_course(session: Session, clock: Clock, principal: Principal, course: Course) -> Course:
    """draft → published: the one place a course starts to count (quota checks belong here)."""
    access.require(session, principal, course, P.COURSES_WRITE)
    course = access.get_course(session, principal, course.id, for_update=True)
    if course.status != CourseStatus.DRAFT:
        raise Conflict("course.publish_not_draft", code="course_not_draft", params={"status": course.status})
    if not access.instructor_ids(session, principal, course):
        raise _error("instructor_ids", "course.no_instructor")
    if course.ends_on < seoul_date(clock.now()):
        raise _error("ends_on", "course.period_over", last=course.ends_on.isoformat())
    summary, policy = plan.ensure_smart(session, principal, course, "course.publish_refused", "plan_invalid")
    # One leased classroom hosts one live course at a time, on every day of the training period.
    quotas.ensure_course_period(
        session,
        course.institution_id,
        course.starts_on,
        course.ends_on,
        lambda: live_course_periods(session, principal, course.starts_on, course.ends_on, exclude=course.id),
    )
    course.status = CourseStatus.PUBLISHED
    course.published_at = course.updated_at = clock.now()
    session.add(course)
    audit.record(
        session,
        clock,
        principal,
        "course.publish",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={
            "total_minutes": summary.total_minutes,
            "online_minutes": summary.online_minutes,
            "policy_year": policy.programme_year,
        },
    )
    session.flush()
    return course


def change_status(
    session: Session, clock: Clock, principal: Principal, course: Course, target: CourseStatus
) -> Course:
    if target == CourseStatus.PUBLISHED and course.status == CourseStatus.DRAFT:
        return publish_course(session, clock, principal, course)
    access.require(session, principal, course, P.COURSES_WRITE)
    current = course.status
    if target not in TRANSITIONS[current]:
        raise Conflict(
            "course.bad_transition",
            code="bad_transition",
            params={"current": current.value, "target": target.value},
        )
    if target == CourseStatus.DRAFT and not may_unpublish(course.starts_on, seoul_date(clock.now())):
        raise Conflict("course.unpublish_started", code="course_started")
    course.status = target
    course.updated_at = clock.now()
    session.add(course)
    audit.record(
        session,
        clock,
        principal,
        "course.status",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={"from": current.value, "to": target.value},
    )
    session.flush()
    return course
