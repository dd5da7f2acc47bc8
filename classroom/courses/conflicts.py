"""Schedule conflicts: one person or room in two places, a course overlapping itself.

Checked for a batch of candidate lessons at once (the recurring generator adds dozens) with
one query per batch. Touching intervals (09–13 then 13–17) do not collide. Recorded (VOD)
lessons have nobody teaching at that moment, so they never make an instructor busy; they do
collide with the course's other lessons, because a trainee cannot be in two lessons at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.clock import to_seoul
from classroom.core.errors import Conflict
from classroom.core.tenancy import Principal, scoped
from classroom.courses import texts
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import LessonMode
from classroom.institutions.models import Institution


@dataclass(frozen=True)
class Slot:
    """A lesson as it would be stored (existing id when it is an edit)."""

    id: uuid.UUID | None
    course_id: uuid.UUID
    mode: LessonMode
    starts_at: datetime
    ends_at: datetime
    instructor_id: uuid.UUID | None
    room_key: str | None
    supervisor_id: uuid.UUID | None

    def overlaps(self, other: Slot | Lesson) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    @property
    def teaches(self) -> bool:
        return self.instructor_id is not None and self.mode is not LessonMode.VOD


def room_key(room: str | None) -> str | None:
    """'B동 301호', 'b동301호 ' and 'B동  301호' are one room."""
    if room is None:
        return None
    key = "".join(room.split()).casefold()
    return key or None


def lock_schedule(session: Session, institution_id: uuid.UUID) -> None:
    """Serialise schedule writes of one institution: two requests checking conflicts at once
    would each see the other's slot as free. SQLite already serialises at BEGIN IMMEDIATE."""
    session.exec(select(Institution.id).where(Institution.id == institution_id).with_for_update())


def _when(start: datetime, end: datetime) -> str:
    s, e = to_seoul(start), to_seoul(end)
    return f"{s:%Y-%m-%d} {s:%H:%M}–{e:%H:%M}"


def _error(kind: str, field: str, slot: Slot, other: Lesson | None, params: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "field": field,
        "message_key": f"conflict.{kind}",
        "params": {"when": _when(slot.starts_at, slot.ends_at), **params},
    }
    detail: dict[str, Any] = {
        "kind": kind,
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
    }
    if other is not None:
        detail.update(
            lesson_id=str(other.id),
            course_id=str(other.course_id),
            other_starts_at=other.starts_at.isoformat(),
            other_ends_at=other.ends_at.isoformat(),
        )
    item["conflict"] = detail
    return item


def find_conflicts(session: Session, principal: Principal, slots: list[Slot]) -> list[dict[str, Any]]:
    if not slots:
        return []
    found: list[dict[str, Any]] = []
    for slot in slots:
        if slot.mode is LessonMode.ONSITE and slot.supervisor_id is None:
            found.append(_error("onsite_without_supervisor", "supervisor_id", slot, None, {}))

    window_start = min(s.starts_at for s in slots)
    window_end = max(s.ends_at for s in slots)
    course_ids = {s.course_id for s in slots}
    instructors = {s.instructor_id for s in slots if s.teaches}
    rooms = {s.room_key for s in slots if s.room_key}
    edited = {s.id for s in slots if s.id is not None}
    reasons = [col(Lesson.course_id).in_(course_ids)]
    if instructors:
        reasons.append(col(Lesson.instructor_id).in_(instructors))
    if rooms:
        reasons.append(col(Lesson.room_key).in_(rooms))
    statement = scoped(select(Lesson), principal).where(
        col(Lesson.starts_at) < window_end, col(Lesson.ends_at) > window_start, or_(*reasons)
    )
    existing = [row for row in session.exec(statement) if row.id not in edited]

    names = _names(session, principal, existing, slots)
    titles = _titles(session, principal, existing)
    # Earlier candidates of the same batch count as booked for the later ones (with no row yet).
    booked: list[tuple[Slot | Lesson, Lesson | None]] = [(row, row) for row in existing]
    for slot in slots:
        for other, other_row in booked:
            if not slot.overlaps(other):
                continue
            other_params = {
                "other": _when(other.starts_at, other.ends_at),
                "course": titles.get(other.course_id, ""),
            }
            if other.course_id == slot.course_id:
                found.append(
                    _error(
                        "course_overlap",
                        "starts_at",
                        slot,
                        other_row,
                        {**other_params, "mode": texts.mode(other.mode)},
                    )
                )
                continue  # its teacher and room collide too, but that is the same mistake
            instructor = slot.instructor_id if slot.teaches else None
            other_teaches = other.instructor_id is not None and other.mode != LessonMode.VOD
            if instructor is not None and other_teaches and other.instructor_id == instructor:
                found.append(
                    _error(
                        "instructor",
                        "instructor_id",
                        slot,
                        other_row,
                        {**other_params, "instructor": names.get(instructor, "")},
                    )
                )
            if slot.room_key and other.room_key == slot.room_key:
                found.append(
                    _error(
                        "room",
                        "room",
                        slot,
                        other_row,
                        {**other_params, "room": (other_row.room if other_row else None) or slot.room_key},
                    )
                )
        booked.append((slot, None))
    return found


def _names(
    session: Session, principal: Principal, rows: Iterable[Lesson], slots: list[Slot]
) -> dict[uuid.UUID, str]:
    ids = {r.instructor_id for r in rows if r.instructor_id} | {
        s.instructor_id for s in slots if s.instructor_id
    }
    if not ids:
        return {}
    statement = scoped(select(User), principal).where(col(User.id).in_(ids))
    return {u.id: u.name for u in session.exec(statement)}


def _titles(session: Session, principal: Principal, rows: list[Lesson]) -> dict[uuid.UUID, str]:
    ids = {r.course_id for r in rows}
    if not ids:
        return {}
    statement = scoped(select(Course), principal).where(col(Course.id).in_(ids))
    return {c.id: c.title for c in session.exec(statement)}


def ensure_free(session: Session, principal: Principal, slots: list[Slot]) -> None:
    conflicts = find_conflicts(session, principal, slots)
    if conflicts:
        # Titled by what is wrong: a missing supervisor is not a schedule overlap.
        missing = sum(1 for c in conflicts if c["conflict"]["kind"] == "onsite_without_supervisor")
        clashes = len(conflicts) - missing
        key, params = (
            ("lesson.conflict", {"count": clashes})
            if not missing
            else ("lesson.needs_supervisor", {"count": missing})
            if not clashes
            else ("lesson.not_saved_mixed", {"clashes": clashes, "missing": missing})
        )
        raise Conflict(key, code="schedule_conflict", params=params, errors=conflicts)
