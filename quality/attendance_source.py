"""The one place quality reads attendance through: attendance's public read API
(`attendance.reports`: each trainee's rate and whether it reaches the course policy's completion
rate) and its fraud signals (`attendance.signals`). Quality imports attendance; attendance never
imports quality.

A course with no attendance evidence at all (it ran before this classroom kept attendance, or
its sources are not connected) is "not recorded": completion shows its attendance side as
waiting instead of counting every past day as an absence, and the inspectors' list says
evidence is missing. Once anything is recorded, a trainee without evidence is really absent.

Attendance is read on the institution's behalf (`tenant_system_principal`): the caller's right to
the course has been checked by the quality service already, and attendance's own per-role
narrowing (a trainee sees only their line) must not hide a course's figures from its staff.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from sqlmodel import Session

from attendance import reports
from attendance import signals as attendance_signals
from attendance.policy import policy_for
from attendance.rules.kinds import SignalKind
from classroom.core.clock import Clock
from classroom.core.tenancy import tenant_system_principal
from classroom.courses.models import Course


@dataclass(frozen=True)
class TraineeAttendance:
    trainee_id: uuid.UUID
    rate: Fraction | None
    completed: bool | None  # None: nothing recorded for the course, or no training day counted yet
    training_days: int = 0
    absent_days: int = 0
    converted_absences: int = 0

    @property
    def pending(self) -> bool:
        return self.completed is None


@dataclass(frozen=True)
class CourseAttendance:
    recorded: bool  # any attendance evidence stored for the course
    threshold: Fraction  # the course policy's completion rate
    course_over: bool = False
    trainees: dict[uuid.UUID, TraineeAttendance] = field(default_factory=dict)

    def of(self, trainee_id: uuid.UUID) -> TraineeAttendance:
        return self.trainees.get(trainee_id) or TraineeAttendance(trainee_id, None, None)

    @property
    def mean_rate(self) -> Fraction | None:
        rates = [t.rate for t in self.trainees.values() if t.rate is not None]
        return sum(rates, Fraction(0)) / len(rates) if rates else None

    @property
    def below(self) -> int:
        return sum(1 for t in self.trainees.values() if t.completed is False)


@dataclass(frozen=True)
class FraudSignalRef:
    """An attendance fraud signal as an inspector links it from a finding."""

    id: uuid.UUID
    course_id: uuid.UUID
    kind: SignalKind
    day: date
    detected_at: datetime


def course_attendance(session: Session, course: Course, clock: Clock | None = None) -> CourseAttendance:
    reader = tenant_system_principal(course.institution_id)
    threshold = policy_for(session, reader, course).completion_rate
    if not reports.has_evidence(session, reader, course):
        return CourseAttendance(False, threshold)
    lines = reports.course_summary(session, reader, course, clock)
    trainees = {
        line.trainee_id: TraineeAttendance(
            line.trainee_id,
            line.attendance_rate,
            # No training day counted yet (the course has not started): nothing to decide on.
            None if line.attendance_rate is None else line.completed_attendance,
            line.training_days,
            line.absent_days,
            line.converted_absences,
        )
        for line in lines
    }
    over = any(line.course_over for line in lines)
    return CourseAttendance(True, threshold, over, trainees)


def fraud_signals(session: Session, course: Course) -> list[FraudSignalRef]:
    """The course's attendance fraud signals, newest first."""
    reader = tenant_system_principal(course.institution_id)
    return [
        FraudSignalRef(row.id, row.course_id, row.kind, row.day, row.detected_at)
        for row in attendance_signals.list_signals(session, reader, course_id=course.id)
    ]


def fraud_signal_kinds(session: Session, courses: Iterable[Course]) -> dict[uuid.UUID, Counter[SignalKind]]:
    """How many fraud signals of each kind every course has (courses without any are left out)."""
    out: dict[uuid.UUID, Counter[SignalKind]] = {}
    for course in courses:
        found = Counter(s.kind for s in fraud_signals(session, course))
        if found:
            out[course.id] = found
    return out


def attendance_page(course_id: uuid.UUID, trainee_id: uuid.UUID | None = None) -> str:
    """Where a person reads a course's (or a trainee's) attendance."""
    if trainee_id is None:
        return f"/courses/{course_id}/attendance"
    return f"/courses/{course_id}/attendance/{trainee_id}"


SIGNALS_PAGE = "/attendance/signals"
