"""The inspectors' list of courses to look at first (`rules.priority`), with the reasons.

Candidates are courses running now or ended within `LOOKBACK` days, of every institution (the
platform's view; an institution filter narrows it). Attendance rates and fraud signals come from
attendance (`attendance_source`; a course with nothing recorded gets "evidence missing"); exam
signals are this package's own.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from classroom.core.clock import Clock, seoul_date
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course
from classroom.courses.rules.kinds import CourseStatus
from classroom.institutions.models import Institution
from quality import attendance_source, signals
from quality.models import Assessment
from quality.rules import priority as rules

LOOKBACK = timedelta(days=120)
MAX_COURSES = 300  # a bound on the work of one request; the oldest beyond it are left out


@dataclass(frozen=True)
class Entry:
    course: Course
    institution_name: str
    score: int
    reasons: tuple[rules.Reason, ...]


def ranked(
    session: Session, clock: Clock, principal: Principal, *, institution_id: uuid.UUID | None = None
) -> list[Entry]:
    today = seoul_date(clock.now())
    statement = scoped(select(Course), principal).where(
        col(Course.status) != CourseStatus.DRAFT,
        col(Course.ends_on) >= today - LOOKBACK,
        col(Course.starts_on) <= today,
    )
    if institution_id is not None:
        statement = statement.where(Course.institution_id == institution_id)
    courses = list(session.exec(statement.order_by(col(Course.ends_on).desc()).limit(MAX_COURSES)))
    if not courses:
        return []
    ids = [c.id for c in courses]
    found = scoped(select(Assessment), principal).where(col(Assessment.course_id).in_(ids))
    by_course = {a.course_id: a for a in session.exec(found)}
    exam = signals.counts(session, principal, ids)
    fraud = attendance_source.fraud_signal_kinds(session, courses)
    inputs = []
    for course in courses:
        attendance = attendance_source.course_attendance(session, course, clock)
        assessment = by_course.get(course.id)
        kinds = fraud.get(course.id, Counter())
        inputs.append(
            rules.CourseSignals(
                course_id=str(course.id),
                ends_on=course.ends_on,
                running_or_finished=True,
                finished=today > course.ends_on,
                fraud_signals=kinds.total(),
                fraud_kinds=tuple(kind.value for kind, _ in kinds.most_common()),
                exam_signals=exam.get(course.id, 0),
                trainees=len(attendance.trainees),
                below_threshold=attendance.below if attendance.recorded else None,
                mean_rate=attendance.mean_rate,
                threshold=attendance.threshold,
                has_assessment=assessment is not None,
                results_published=assessment is not None and assessment.results_published_at is not None,
            )
        )
    names = dict(
        session.exec(
            select(Institution.id, Institution.name).where(
                col(Institution.id).in_({c.institution_id for c in courses})
            )
        ).all()
    )
    by_id = {str(c.id): c for c in courses}
    return [
        Entry(by_id[r.course_id], names.get(by_id[r.course_id].institution_id, ""), r.score, r.reasons)
        for r in rules.rank(inputs)
    ]
