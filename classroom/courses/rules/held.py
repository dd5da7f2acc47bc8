"""Who may change a lesson, and when: a lesson whose end has passed has been held.

Attendance is computed from what the schedule said a lesson was, so a held lesson cannot be
rewritten quietly. The rule, for an edit or a delete:

- nobody but the course's instructors and the institution's admins changes lessons at all;
- a lesson not yet over (its end is after now) may be changed by either, without a reason,
  but an instructor may not move it so that it would end in the past (that would make a
  lesson "held" that nobody held);
- a held lesson (end at or before now) is closed to instructors; an admin may correct it only
  with a reason (at least one non-blank character), which the audit trail keeps.

Moving a lesson into the past is likewise an admin's correction and needs the reason. Adding a
lesson (one, or a generated series) that would already be over is entering a record of the past:
an admin's to do (the addition is audited with the lesson), never an instructor's. The answer is
a code (`Refusal`) or None for "allowed"; the caller words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Actor(StrEnum):
    ADMIN = "admin"  # an institution admin of the lesson's institution
    TEACHER = "teacher"  # an instructor of the lesson's course
    OTHER = "other"  # anybody else (other instructors, supervisors, trainees, staff elsewhere)


class Change(StrEnum):
    EDIT = "edit"
    DELETE = "delete"


class Refusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # this person never changes this course's lessons
    HELD = "held"  # the lesson is over: closed to instructors
    INTO_PAST = "into_past"  # an instructor may not move a lesson so that it ends in the past
    REASON_REQUIRED = "reason_required"  # an admin's correction of the past needs a reason


@dataclass(frozen=True)
class Proposal:
    """One change to one lesson: its stored end, and for an edit the end it would have."""

    change: Change
    ends_at: datetime  # aware
    new_ends_at: datetime | None = None  # aware; None for a delete or an edit that keeps the time


def is_held(ends_at: datetime, now: datetime) -> bool:
    """A lesson is held once its end has come (the end instant itself counts as held)."""
    return ends_at <= now


def touches_past(proposal: Proposal, now: datetime) -> bool:
    """Whether the change rewrites the past: the lesson is held, or an edit would end it in the past."""
    if is_held(proposal.ends_at, now):
        return True
    return (
        proposal.change is Change.EDIT
        and proposal.new_ends_at is not None
        and is_held(proposal.new_ends_at, now)
    )


def has_reason(reason: str | None) -> bool:
    return bool(reason and reason.strip())


def refusal(actor: Actor, proposal: Proposal, now: datetime, reason: str | None = None) -> Refusal | None:
    """None when `actor` may make `proposal` at `now` (with `reason` given), else why not."""
    if actor is Actor.OTHER:
        return Refusal.NOT_ALLOWED
    if not touches_past(proposal, now):
        return None
    if actor is Actor.TEACHER:
        return Refusal.HELD if is_held(proposal.ends_at, now) else Refusal.INTO_PAST
    return None if has_reason(reason) else Refusal.REASON_REQUIRED


def needs_reason(actor: Actor, ends_at: datetime, now: datetime) -> bool:
    """For pages: whether the edit form of this lesson must ask this actor for a reason."""
    return actor is Actor.ADMIN and is_held(ends_at, now)


def read_only(actor: Actor, ends_at: datetime, now: datetime) -> bool:
    """For pages: whether this actor sees the lesson without edit or delete controls."""
    return actor is Actor.OTHER or (actor is Actor.TEACHER and is_held(ends_at, now))


def refusal_to_add(actor: Actor, ends_at: datetime, now: datetime) -> Refusal | None:
    """None when `actor` may add a lesson ending at `ends_at` (aware) at `now`, else why not."""
    if actor is Actor.OTHER:
        return Refusal.NOT_ALLOWED
    if actor is Actor.TEACHER and is_held(ends_at, now):
        return Refusal.INTO_PAST
    return None
