"""Day records derived from the event log: refreshed for the days new evidence touched, and
recomputed whole for a course on demand (a job), always by the pure `rules.day` function.

Contract: a record is a cache of `evaluate_day(lessons of the day, events of the trainee-day,
policy, as_of)`. Recomputing replaces rows with the same values when nothing changed, so it may
run at any time, any number of times, and in any order relative to ingestion. Readers that need
days not yet stored (a day that has just ended with no evidence) evaluate them on the fly
(`reports.py`), so a stale cache never shows a wrong figure, only costs time.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import String, delete, func, tuple_, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from attendance.ingest import DayKey
from attendance.models import AttendanceDay, AttendanceEvent
from attendance.policy import policy_for
from attendance.rules.day import DayResult, Evidence, Slot, evaluate_day
from attendance.rules.kinds import EventKind
from attendance.rules.policy import AttendancePolicy
from classroom.core.clock import seoul_date
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Course, Enrollment, Lesson
from classroom.courses.rules.kinds import EnrollmentStatus

# Recomputing reads every event of a course (21,000 in the benchmark): the columns are read raw
# (`type_coerce` to text skips the per-value UUID, enum and date processors) and converted here
# with cheap lookups. Ids in the pure layer are 32-digit hex, whatever the database returns.
_EVIDENCE_COLUMNS = (
    type_coerce(col(AttendanceEvent.id), String),
    type_coerce(col(AttendanceEvent.trainee_id), String),
    type_coerce(col(AttendanceEvent.day), String),
    type_coerce(col(AttendanceEvent.kind), String),
    type_coerce(col(AttendanceEvent.at), String),
    type_coerce(col(AttendanceEvent.lesson_id), String),
    col(AttendanceEvent.ref),
    col(AttendanceEvent.seconds),
    col(AttendanceEvent.required_seconds),
)
_KINDS = {kind.value: kind for kind in EventKind}


def hex_id(value: object) -> str:
    """A UUID as 32 hex digits, from a UUID object (PostgreSQL) or its stored text (SQLite keeps
    the 32 digits already: returned as they are, the common case of a recompute)."""
    if type(value) is str and len(value) == 32:
        return value
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "")


def _when(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    # SQLite keeps naive UTC text; parsing it with its offset appended is several times cheaper
    # than parsing and then `replace(tzinfo=…)`, and a recompute parses every event's time.
    return datetime.fromisoformat(f"{value}+00:00")


@dataclass(frozen=True)
class Schedule:
    """A course's lessons as the day rules read them, by Seoul day."""

    course: Course
    by_day: dict[date, list[Slot]]
    total_minutes: int

    @property
    def days(self) -> list[date]:
        return sorted(self.by_day)


def schedule_of(session: Session, principal: Principal, course: Course) -> Schedule:
    statement = scoped(
        select(Lesson.id, Lesson.mode, Lesson.starts_at, Lesson.ends_at), principal, Lesson
    ).where(Lesson.course_id == course.id)
    by_day: dict[date, list[Slot]] = defaultdict(list)
    total = 0
    for lesson_id, mode, starts, ends in session.exec(statement):
        slot = Slot(lesson_id.hex, str(mode), starts, ends)
        by_day[seoul_date(starts)].append(slot)
        total += slot.seconds
    return Schedule(course, dict(by_day), total // 60)


def enrolled_ids(session: Session, principal: Principal, course: Course) -> list[uuid.UUID]:
    statement = scoped(select(Enrollment.trainee_id), principal, Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.ENROLLED
    )
    return list(session.exec(statement))


def evidence_by_day(
    session: Session,
    principal: Principal,
    course: Course,
    *,
    trainee_id: uuid.UUID | None = None,
    keys: Iterable[DayKey] | None = None,
) -> dict[tuple[uuid.UUID, date], list[Evidence]]:
    statement = scoped(sa_select(*_EVIDENCE_COLUMNS), principal, AttendanceEvent).where(
        col(AttendanceEvent.course_id) == course.id
    )
    if trainee_id is not None:
        statement = statement.where(col(AttendanceEvent.trainee_id) == trainee_id)
    if keys is not None:
        pairs = [(k.trainee_id, k.day) for k in keys]
        if not pairs:
            return {}
        statement = statement.where(tuple_(AttendanceEvent.trainee_id, AttendanceEvent.day).in_(pairs))
    grouped: dict[tuple[uuid.UUID, date], list[Evidence]] = defaultdict(list)
    trainees: dict[str, uuid.UUID] = {}
    days: dict[object, date] = {}
    result = session.connection().execute(statement)
    try:
        # The driver's own tuples: every column is read raw already (see _EVIDENCE_COLUMNS), so
        # building SQLAlchemy rows for 21,000 events would only cost time.
        raw = result.cursor.fetchall()
    finally:
        result.close()
    for row_id, trainee, day, kind, at, lesson_id, ref, seconds, required in raw:
        who = trainees.get(trainee)
        if who is None:
            who = trainees[trainee] = trainee if isinstance(trainee, uuid.UUID) else uuid.UUID(trainee)
        when = days.get(day)
        if when is None:
            when = days[day] = day if isinstance(day, date) else date.fromisoformat(str(day))
        what = _KINDS[kind]
        grouped[(who, when)].append(
            Evidence(
                hex_id(row_id),
                what,
                _when(at),
                hex_id(lesson_id) if lesson_id else None,
                hex_id(ref) if what is EventKind.VOID else ref,
                seconds,
                required,
            )
        )
    return grouped


def _row(
    course: Course, trainee_id: uuid.UUID, day: date, result: DayResult, events: int, now: datetime
) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "institution_id": course.institution_id,
        "course_id": course.id,
        "trainee_id": trainee_id,
        "day": day,
        "status": result.status,
        "scheduled_minutes": result.scheduled_minutes,
        "attended_minutes": result.attended_minutes,
        "late": result.late,
        "early_leave": result.early_leave,
        "goings_out": result.goings_out,
        "missed_checks": result.missed_checks,
        "missing_checkout": result.missing_checkout,
        "final": result.final,
        "first_in": result.first_in,
        "last_out": result.last_out,
        "events": events,
        "computed_at": now,
    }


def _write(
    session: Session,
    course: Course,
    rows: list[dict[str, object]],
    pairs: list[tuple[uuid.UUID, date]] | None,
) -> None:
    table = AttendanceDay.__table__  # type: ignore[attr-defined]
    wipe = delete(table).where(table.c.course_id == course.id)
    if pairs is not None:
        if not pairs:
            return
        wipe = wipe.where(tuple_(table.c.trainee_id, table.c.day).in_(pairs))
    connection = session.connection()
    connection.execute(wipe)
    for start in range(0, len(rows), 1000):
        connection.execute(table.insert(), rows[start : start + 1000])


@dataclass(frozen=True)
class Inputs:
    """What a course's records are computed from. The log is append-only (corrections are new
    rows), so its row count and newest `recorded_at` change whenever its evidence does."""

    policy: AttendancePolicy
    by_day: dict[date, list[Slot]]
    enrolled: tuple[uuid.UUID, ...]
    events: tuple[int, datetime | None]


@dataclass(frozen=True)
class Computed:
    inputs: Inputs
    rows: list[dict[str, object]]


def _inputs(session: Session, course: Course, principal: Principal) -> Inputs:
    count, newest = (
        session.connection()
        .execute(
            scoped(
                sa_select(func.count(), func.max(col(AttendanceEvent.recorded_at))),
                principal,
                AttendanceEvent,
            ).where(col(AttendanceEvent.course_id) == course.id)
        )
        .one()
    )
    return Inputs(
        policy_for(session, principal, course),
        dict(schedule_of(session, principal, course).by_day),
        tuple(sorted(enrolled_ids(session, principal, course))),
        (int(count), _when(newest) if newest is not None else None),
    )


def compute_course(session: Session, course: Course, as_of: datetime) -> Computed:
    """Every enrolled trainee's record of every training day up to `as_of`, without writing:
    the heavy part of a recomputation runs in a read session (on SQLite: outside the write
    lock, so several workers compute at once)."""
    principal = tenant_system_principal(course.institution_id)
    inputs = _inputs(session, course, principal)
    evidence = evidence_by_day(session, principal, course)
    today = seoul_date(as_of)
    rows = []
    for trainee_id in inputs.enrolled:
        for day, slots in inputs.by_day.items():
            if day > today:
                continue
            items = evidence.get((trainee_id, day), [])
            rows.append(
                _row(
                    course,
                    trainee_id,
                    day,
                    evaluate_day(slots, items, inputs.policy, as_of),
                    len(items),
                    as_of,
                )
            )
    return Computed(inputs, rows)


def store_course(session: Session, course: Course, computed: Computed, as_of: datetime) -> int:
    """Replace the course's records with `computed` inside the caller's write transaction —
    unless an input changed since it was computed (new evidence, a lesson moved, the policy or
    the enrolment changed), in which case the records are computed again here, under the lock,
    so a stale result never overwrites a fresher one. Returns how many records were written."""
    principal = tenant_system_principal(course.institution_id)
    if _inputs(session, course, principal) != computed.inputs:
        computed = compute_course(session, course, as_of)
    _write(session, course, computed.rows, None)
    session.flush()
    return len(computed.rows)


def recompute_course(session: Session, course: Course, as_of: datetime) -> int:
    """Compute and store in one (write) transaction — for callers already holding one."""
    return store_course(session, course, compute_course(session, course, as_of), as_of)


def refresh(session: Session, keys: Iterable[DayKey], as_of: datetime) -> int:
    """Recompute the records of the trainee-days new evidence touched (grouped by course)."""
    by_course: dict[uuid.UUID, set[DayKey]] = defaultdict(set)
    for key in keys:
        by_course[key.course_id].add(key)
    written = 0
    for course_id, course_keys in by_course.items():
        course = session.get(Course, course_id)  # tenancy: the course named by evidence already stored for it
        if course is None:
            continue
        principal = tenant_system_principal(course.institution_id)
        policy = policy_for(session, principal, course)
        schedule = schedule_of(session, principal, course)
        evidence = evidence_by_day(session, principal, course, keys=course_keys)
        rows, pairs = [], []
        for key in sorted(course_keys):
            slots = schedule.by_day.get(key.day)
            pairs.append((key.trainee_id, key.day))
            if not slots:
                continue  # evidence on a day without lessons: kept in the log, no record
            items = evidence.get((key.trainee_id, key.day), [])
            rows.append(
                _row(
                    course,
                    key.trainee_id,
                    key.day,
                    evaluate_day(slots, items, policy, as_of),
                    len(items),
                    as_of,
                )
            )
        _write(session, course, rows, pairs)
        written += len(rows)
    session.flush()
    return written


def stored_days(
    session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID | None = None
) -> dict[tuple[uuid.UUID, date], AttendanceDay]:
    statement = scoped(select(AttendanceDay), principal).where(AttendanceDay.course_id == course.id)
    if trainee_id is not None:
        statement = statement.where(AttendanceDay.trainee_id == trainee_id)
    return {(d.trainee_id, d.day): d for d in session.exec(statement.order_by(col(AttendanceDay.day)))}
