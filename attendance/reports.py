"""The public read API of attendance (quality and the pages use it): each trainee's days, unit
periods with rate and allowance, completion, and the course summary.

Figures come from the stored day records where they are final, and from the event log on the
fly for days that ended since (or are running now), so what is shown is always what the rules
say for the evidence stored at this moment.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, select

from attendance import access
from attendance.ingest import DayKey
from attendance.models import AttendanceDay, AttendanceEvent
from attendance.policy import policy_for
from attendance.records import Schedule, enrolled_ids, evidence_by_day, schedule_of, stored_days
from attendance.rules.day import DayResult, evaluate_day
from attendance.rules.kinds import DayStatus
from attendance.rules.periods import DayLine, Outcome, PeriodResult, outcome
from attendance.rules.policy import AttendancePolicy
from classroom.accounts.models import User
from classroom.core.clock import Clock, SystemClock, seoul_date
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course


@dataclass(frozen=True)
class DayView:
    day: date
    status: DayStatus
    scheduled_minutes: int
    attended_minutes: int
    late: bool
    early_leave: bool
    goings_out: int
    missed_checks: int
    missing_checkout: bool
    final: bool
    first_in: datetime | None
    last_out: datetime | None
    incidents: int


@dataclass(frozen=True)
class TraineeSummary:
    trainee_id: uuid.UUID
    name: str
    attendance_rate: Fraction | None
    completed_attendance: bool  # rate ≥ the course policy's completion rate (so far while running)
    training_days: int  # days counted so far
    total_days: int  # every training day of the course
    absent_days: int
    converted_absences: int
    lates: int
    early_leaves: int
    goings_out: int
    excused_days: int
    leave_days: int
    allowance_won: int
    can_still_miss: int
    course_over: bool

    @property
    def at_risk(self) -> bool:
        """Completion is out of reach, or one more absence would put it out of reach."""
        return (self.can_still_miss <= 1 and not self.course_over) or (
            not self.completed_attendance and self.course_over
        )


@dataclass(frozen=True)
class TraineeOutcome(TraineeSummary):
    periods: list[PeriodResult]
    days: list[DayView]
    policy: AttendancePolicy


def _incidents(status: DayStatus, late: bool, early: bool, goings_out: int, missed: int) -> int:
    if status in (DayStatus.ABSENT, DayStatus.EXCUSED, DayStatus.LEAVE, DayStatus.PENDING):
        return 0
    return int(late) + int(early) + goings_out + missed


def _view(day: date, r: DayResult | AttendanceDay) -> DayView:
    return DayView(
        day=day,
        status=r.status,
        scheduled_minutes=r.scheduled_minutes,
        attended_minutes=r.attended_minutes,
        late=r.late,
        early_leave=r.early_leave,
        goings_out=r.goings_out,
        missed_checks=r.missed_checks,
        missing_checkout=r.missing_checkout,
        final=r.final,
        first_in=r.first_in,
        last_out=r.last_out,
        incidents=_incidents(r.status, r.late, r.early_leave, r.goings_out, r.missed_checks),
    )


def day_views(
    session: Session,
    principal: Principal,
    schedule: Schedule,
    trainee_ids: list[uuid.UUID],
    policy: AttendancePolicy,
    now: datetime,
) -> dict[uuid.UUID, list[DayView]]:
    course = schedule.course
    single = trainee_ids[0] if len(trainee_ids) == 1 else None
    stored = stored_days(session, principal, course, single)
    today = seoul_date(now)
    stale = [
        DayKey(course.id, t, d)
        for t in trainee_ids
        for d in schedule.days
        if d <= today and ((t, d) not in stored or not stored[(t, d)].final)
    ]
    fresh = evidence_by_day(session, principal, course, keys=stale) if stale else {}
    stale_set = {(k.trainee_id, k.day) for k in stale}
    out: dict[uuid.UUID, list[DayView]] = {}
    for trainee in trainee_ids:
        views = []
        for d in schedule.days:
            slots = schedule.by_day[d]
            if d > today:
                views.append(
                    DayView(
                        d,
                        DayStatus.PENDING,
                        sum(s.seconds for s in slots) // 60,
                        0,
                        False,
                        False,
                        0,
                        0,
                        False,
                        False,
                        None,
                        None,
                        0,
                    )
                )
                continue
            if (trainee, d) in stale_set:
                views.append(_view(d, evaluate_day(slots, fresh.get((trainee, d), []), policy, now)))
            else:
                views.append(_view(d, stored[(trainee, d)]))
        out[trainee] = views
    return out


def _summary(
    trainee: uuid.UUID, name: str, views: list[DayView], result: Outcome, course: Course, today: date
) -> dict[str, Any]:
    counted = [v for v in views if v.status is not DayStatus.PENDING]
    return {
        "trainee_id": trainee,
        "name": name,
        "attendance_rate": result.rate,
        "completed_attendance": result.completed,
        "training_days": result.training_days,
        "total_days": result.total_days,
        "absent_days": result.absent_days,
        "converted_absences": result.converted,
        "lates": sum(1 for v in counted if v.late and v.status is not DayStatus.ABSENT),
        "early_leaves": sum(1 for v in counted if v.early_leave and v.status is not DayStatus.ABSENT),
        "goings_out": sum(
            v.goings_out + v.missed_checks for v in counted if v.status is not DayStatus.ABSENT
        ),
        "excused_days": sum(1 for v in counted if v.status is DayStatus.EXCUSED),
        "leave_days": sum(1 for v in counted if v.status is DayStatus.LEAVE),
        "allowance_won": result.allowance_won,
        "can_still_miss": result.can_still_miss,
        "course_over": today > course.ends_on,
    }


def _outcome(course: Course, views: list[DayView], policy: AttendancePolicy, schedule: Schedule) -> Outcome:
    lines = [DayLine(v.day, v.status, v.scheduled_minutes, v.incidents) for v in views]
    return outcome(course.starts_on, course.ends_on, lines, policy, schedule.total_minutes)


def names_of(session: Session, principal: Principal, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    statement = scoped(select(User.id, User.name), principal, User).where(col(User.id).in_(ids))
    return {user_id: name for user_id, name in session.exec(statement)}  # noqa: C416 (rows, not pairs)


def has_evidence(session: Session, principal: Principal, course: Course) -> bool:
    """Whether any evidence of any source is stored for the course. Without any, nothing has been
    recorded yet (a course run before this classroom kept attendance, or one whose sources are not
    connected): readers say so rather than show every past day as an absence."""
    access.require_read(session, principal, course)
    statement = (
        scoped(select(AttendanceEvent.id), principal, AttendanceEvent)
        .where(AttendanceEvent.course_id == course.id)
        .limit(1)
    )
    return session.exec(statement).first() is not None


def course_outcomes(
    session: Session, principal: Principal, course: Course, clock: Clock | None = None
) -> list[TraineeOutcome]:
    """Every enrolled trainee's outcome, by name (a trainee gets only their own)."""
    access.require_read(session, principal, course)
    now = (clock or SystemClock()).now()
    trainees = enrolled_ids(session, principal, course)
    if not access.reads_everyone(principal):
        trainees = [t for t in trainees if t == principal.user_id]
    policy = policy_for(session, principal, course)
    schedule = schedule_of(session, principal, course)
    views = day_views(session, principal, schedule, trainees, policy, now) if trainees else {}
    names = names_of(session, principal, trainees)
    today = seoul_date(now)
    out = []
    for t in trainees:
        result = _outcome(course, views[t], policy, schedule)
        base = _summary(t, names.get(t, ""), views[t], result, course, today)
        out.append(TraineeOutcome(**base, periods=result.periods, days=views[t], policy=policy))
    return sorted(out, key=lambda o: o.name)


def course_summary(
    session: Session, principal: Principal, course: Course, clock: Clock | None = None
) -> list[TraineeSummary]:
    """One line per enrolled trainee, by name (a trainee sees only their own line)."""
    fields = [f.name for f in dataclasses.fields(TraineeSummary)]
    return [
        TraineeSummary(**{f: getattr(o, f) for f in fields})
        for o in course_outcomes(session, principal, course, clock)
    ]


@dataclass(frozen=True)
class Week:
    monday: date
    attended: int
    counted: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.attended, self.counted) if self.counted else None


def weekly(outcomes: list[TraineeOutcome]) -> list[Week]:
    """The share of attended trainee-days per week (Monday first), for the course chart. Lates
    converted into absences belong to unit periods, not weeks, so they are not in this share."""
    from datetime import timedelta

    weeks: dict[date, list[int]] = {}
    for o in outcomes:
        for d in o.days:
            monday = d.day - timedelta(days=d.day.weekday())
            bucket = weeks.setdefault(monday, [0, 0])
            if d.status is not DayStatus.PENDING:
                bucket[1] += 1
                bucket[0] += int(d.status.attended)
    return [Week(m, a, c) for m, (a, c) in sorted(weeks.items())]


def trainee_outcome(
    session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID, clock: Clock | None = None
) -> TraineeOutcome:
    """One trainee's days, unit periods (rate, allowance) and completion."""
    access.require_trainee(session, principal, course, trainee_id)
    now = (clock or SystemClock()).now()
    policy = policy_for(session, principal, course)
    schedule = schedule_of(session, principal, course)
    views = day_views(session, principal, schedule, [trainee_id], policy, now)[trainee_id]
    result = _outcome(course, views, policy, schedule)
    name = names_of(session, principal, [trainee_id]).get(trainee_id, "")
    base = _summary(trainee_id, name, views, result, course, seoul_date(now))
    return TraineeOutcome(**base, periods=result.periods, days=views, policy=policy)
