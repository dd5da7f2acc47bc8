"""The one place quality reads attendance (issue 12) through — and the one place to change when
attendance lands or its API moves.

Attendance is a package of its own, built in parallel. Until its public read API
(`attendance.reports.course_summary`, CONTRACTS.md) is importable, every figure here says
"pending": completion shows the assessment side with attendance pending, the inspectors' list
says attendance evidence is missing, and nothing is invented.

Attendance is read on the institution's behalf (`tenant_system_principal`): the caller's right to
the course has been checked by the quality service already, and attendance's own per-role
narrowing (a trainee sees only their line) must not hide a course's figures from its staff.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from types import ModuleType
from typing import Any

from sqlmodel import Session

from classroom.core.clock import Clock
from classroom.core.tenancy import tenant_system_principal
from classroom.courses.models import Course

COMPLETION_RATE = Fraction(4, 5)  # DOMAIN.md default; attendance's own policy decides `completed`


@dataclass(frozen=True)
class TraineeAttendance:
    trainee_id: uuid.UUID
    rate: Fraction | None
    completed: bool | None  # None while attendance is pending
    training_days: int = 0
    absent_days: int = 0

    @property
    def pending(self) -> bool:
        return self.completed is None


@dataclass(frozen=True)
class CourseAttendance:
    available: bool
    trainees: dict[uuid.UUID, TraineeAttendance] = field(default_factory=dict)
    threshold: Fraction = COMPLETION_RATE

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
    kind: str
    day: date | None
    detected_at: datetime | None


def _module(name: str) -> ModuleType | None:
    """The attendance module when it is there; an error inside it is not hidden."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def available() -> bool:
    reports = _module("attendance.reports")
    return reports is not None and hasattr(reports, "course_summary")


def _call(function: Any, *args: Any, clock: Clock | None) -> Any:
    if clock is not None and "clock" in inspect.signature(function).parameters:
        return function(*args, clock=clock)
    return function(*args)


def course_attendance(session: Session, course: Course, clock: Clock | None = None) -> CourseAttendance:
    reports = _module("attendance.reports")
    if reports is None or not hasattr(reports, "course_summary"):
        return CourseAttendance(False)
    reader = tenant_system_principal(course.institution_id)
    lines = _call(reports.course_summary, session, reader, course, clock=clock)
    trainees = {
        line.trainee_id: TraineeAttendance(
            line.trainee_id,
            line.attendance_rate,
            bool(line.completed_attendance),
            int(getattr(line, "training_days", 0)),
            int(getattr(line, "absent_days", 0)),
        )
        for line in lines
    }
    return CourseAttendance(True, trainees)


def _signals_module() -> ModuleType | None:
    signals = _module("attendance.signals")
    return signals if signals is not None and hasattr(signals, "list_signals") else None


def fraud_signals(session: Session, course: Course) -> list[FraudSignalRef] | None:
    """The course's attendance fraud signals, newest first; None while attendance is pending."""
    signals = _signals_module()
    if signals is None:
        return None
    reader = tenant_system_principal(course.institution_id)
    rows = signals.list_signals(session, reader, course_id=course.id)
    return [
        FraudSignalRef(
            row.id,
            row.course_id,
            str(getattr(row, "kind", "")),
            getattr(row, "day", None),
            getattr(row, "detected_at", None),
        )
        for row in rows
    ]


def fraud_signal_counts(session: Session, courses: Iterable[Course]) -> dict[uuid.UUID, int] | None:
    """Fraud signals per course; None while attendance is pending."""
    if _signals_module() is None:
        return None
    return {course.id: len(fraud_signals(session, course) or []) for course in courses}


def attendance_page(course_id: uuid.UUID, trainee_id: uuid.UUID | None = None) -> str | None:
    """Where a person reads a course's (or a trainee's) attendance, when attendance is there."""
    if not available():
        return None
    if trainee_id is None:
        return f"/courses/{course_id}/attendance"
    return f"/courses/{course_id}/attendance/{trainee_id}"
