"""Running the fraud detectors (`rules/signals.py`) over a course's evidence and storing what
they find (`signals.add`: one row per finding, however often detection runs)."""

from __future__ import annotations

import uuid

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from attendance import signals
from attendance.models import AttendanceEvent, AttendanceNetwork
from attendance.policy import policy_for
from attendance.rules import signals as rules
from classroom.core.clock import Clock, seoul_date
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.courses.models import Course


def detect_course(session: Session, clock: Clock, course: Course) -> int:
    principal = tenant_system_principal(course.institution_id)
    policy = policy_for(session, principal, course)
    statement = scoped(
        sa_select(
            col(AttendanceEvent.id),
            col(AttendanceEvent.trainee_id),
            col(AttendanceEvent.kind),
            col(AttendanceEvent.source),
            col(AttendanceEvent.at),
            col(AttendanceEvent.lesson_id),
            col(AttendanceEvent.ip),
            col(AttendanceEvent.device_id),
            col(AttendanceEvent.ref),
            col(AttendanceEvent.seconds),
        ),
        principal,
        AttendanceEvent,
    ).where(col(AttendanceEvent.course_id) == course.id)
    rows = [
        rules.Seen(
            str(i), str(t), str(k), str(s), at, str(lesson) if lesson else None, ip, device, ref, seconds
        )
        for i, t, k, s, at, lesson, ip, device, ref, seconds in session.execute(statement)
    ]
    shared = [
        n.cidr
        for n in session.exec(
            scoped(select(AttendanceNetwork), principal).where(col(AttendanceNetwork.shared).is_(True))
        )
    ]
    findings = [
        *rules.same_ip(rows, shared),
        *rules.shared_device(rows, policy.shared_device_minutes),
        *rules.many_qr_from_device(rows),
        *rules.double_connection(rows),
        *rules.vod_too_fast(rows),
    ]
    new = 0
    for f in findings:
        new += signals.add(
            session,
            clock,
            course,
            f.kind,
            f.key,
            lesson_id=uuid.UUID(f.lesson) if f.lesson else None,
            day=seoul_date(f.at),
            trainee_ids=[uuid.UUID(t) for t in f.trainees],
            event_ids=[uuid.UUID(e) for e in f.events],
            detail=dict(f.detail),
        )
    session.flush()
    return new
