"""The live roster of one lesson: who has checked in, who is inside now, each one's day so far."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from attendance import access
from attendance.ingest import DayKey
from attendance.policy import policy_for
from attendance.records import enrolled_ids, evidence_by_day, schedule_of
from attendance.reports import names_of
from attendance.rules.day import evaluate_day
from attendance.rules.kinds import DayStatus, EventKind
from classroom.core.clock import Clock, seoul_date
from classroom.core.tenancy import Principal
from classroom.courses.models import Lesson


@dataclass(frozen=True)
class RosterLine:
    trainee_id: uuid.UUID
    name: str
    status: DayStatus
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    inside: bool
    events: int


@dataclass(frozen=True)
class Roster:
    lesson_id: uuid.UUID
    course_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    present: int
    enrolled: int
    lines: list[RosterLine]


def lesson_roster(session: Session, clock: Clock, principal: Principal, lesson: Lesson) -> Roster:
    course = access.course_of(session, principal, lesson)
    access.require_take(session, principal, course)
    now = clock.now()
    day = seoul_date(lesson.starts_at)
    trainees = enrolled_ids(session, principal, course)
    schedule = schedule_of(session, principal, course)
    policy = policy_for(session, principal, course)
    evidence = evidence_by_day(session, principal, course, keys=[DayKey(course.id, t, day) for t in trainees])
    names = names_of(session, principal, trainees)
    lines = []
    for trainee in trainees:
        items = evidence.get((trainee, day), [])
        result = evaluate_day(schedule.by_day[day], items, policy, now)
        ins = sorted(e.at for e in items if e.kind is EventKind.CHECK_IN)
        outs = sorted(e.at for e in items if e.kind is EventKind.CHECK_OUT)
        inside = bool(ins) and (not outs or ins[-1] > outs[-1])
        lines.append(
            RosterLine(
                trainee,
                names.get(trainee, ""),
                result.status,
                ins[0] if ins else None,
                outs[-1] if outs else None,
                inside,
                len(items),
            )
        )
    lines.sort(key=lambda line: line.name)
    present = sum(1 for line in lines if line.status.attended)
    return Roster(lesson.id, course.id, lesson.starts_at, lesson.ends_at, present, len(lines), lines)
