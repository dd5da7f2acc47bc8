"""The room as one viewer sees it now, from the database (rules/state.py has its shape)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.roles import Role
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Course, Enrollment
from classroom.courses.rules.kinds import EnrollmentStatus
from classroom.live import checks, polls
from classroom.live.chat import chat_view, recent_chat
from classroom.live.models import ChatMute, CheckResponse, CheckStatus, LiveConnection, LiveRoom, RaisedHand
from classroom.live.presence import LOST, OPEN, names
from classroom.live.room import iso
from classroom.live.rules.state import RECENT_CHAT, State, Viewer, check_view, empty, poll_view


def _participants(session: Session, room: LiveRoom) -> dict[str, Any]:
    """Who holds a seat, with their names: one statement whose text does not depend on how many
    are in the room (an `IN` list of their ids would be a new statement for every size, and
    SQLite keeps each connection's recent statements, megabytes of them in a big room)."""
    statement = (
        scoped(
            select(LiveConnection.user_id, LiveConnection.role, LiveConnection.state, User.name),
            tenant_system_principal(room.institution_id),
            LiveConnection,
        )
        .outerjoin(
            User,
            (col(User.id) == col(LiveConnection.user_id)) & (col(User.institution_id) == room.institution_id),
        )
        .where(
            LiveConnection.lesson_id == room.lesson_id,
            col(LiveConnection.state).in_([OPEN, LOST]),
            LiveConnection.role != Role.INSPECTOR,
        )
    )
    people: dict[str, Any] = {}
    for user_id, role, state, name in sorted(
        session.exec(statement), key=lambda r: r[2] is OPEN
    ):  # present wins
        people[str(user_id)] = {
            "name": name or "",
            "role": str(role),
            "state": "present" if state is OPEN else "away",
        }
    return people


def build(
    session: Session,
    room: LiveRoom | None,
    viewer: Viewer,
    viewer_id: uuid.UUID,
    grace: timedelta,
    now: datetime,
) -> State:
    state = empty(viewer)
    if room is None:
        return state
    principal = tenant_system_principal(room.institution_id)
    state["ended_at"] = iso(room.ended_at)
    state["chat_muted"] = room.chat_muted
    state["muted"] = sorted(
        str(u)
        for u in session.exec(
            scoped(select(ChatMute.user_id), principal, ChatMute).where(ChatMute.lesson_id == room.lesson_id)
        )
    )
    state["participants"] = _participants(session, room)
    messages = recent_chat(session, room, RECENT_CHAT)
    authors = names(session, principal, [m.user_id for m in messages])
    roles = _roles(session, principal, [m.user_id for m in messages])
    state["chat"] = [chat_view(m, authors.get(m.user_id, ""), roles.get(m.user_id, "")) for m in messages]
    state["hands"] = [
        str(h.user_id)
        for h in session.exec(
            scoped(select(RaisedHand), principal)
            .where(RaisedHand.lesson_id == room.lesson_id)
            .order_by(col(RaisedHand.seq))
        )
    ]
    poll = polls.latest(session, room)
    if poll is not None:
        view = poll_view(polls.poll_data(session, poll), viewer, polls.my_vote(session, poll, viewer_id))
        if viewer == "staff":
            view["counts"] = polls.counts(session, poll)
        state["poll"] = view
    check = _latest_check(session, room)
    if check is not None:
        rows = checks.responses(session, check)
        mine = next((r for r in rows if r.user_id == viewer_id), None)
        view = check_view(
            checks.check_data(check), viewer, mine is not None and mine.status is CheckStatus.ANSWERED
        )
        if viewer == "staff":
            status = checks.status_data(session, check)
            view["answered_ids"], view["missed_ids"] = status["answered_ids"], status["missed_ids"]
        state["check"] = view
    if viewer == "staff":
        state["random_checks"] = {
            "enabled": room.random_checks,
            "min": room.random_min_minutes,
            "max": room.random_max_minutes,
        }
    return state


def _roles(session: Session, principal: Principal, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.exec(scoped(select(User.id, User.role), principal, User).where(col(User.id).in_(ids)))
    return {user_id: str(role) for user_id, role in rows}


def _latest_check(session: Session, room: LiveRoom) -> Any:
    from classroom.live.models import AttendanceCheck

    return session.exec(
        scoped(select(AttendanceCheck), tenant_system_principal(room.institution_id))
        .where(AttendanceCheck.lesson_id == room.lesson_id)
        .order_by(col(AttendanceCheck.opened_at).desc())
    ).first()


def roster(session: Session, principal: Principal, course: Course) -> list[dict[str, str]]:
    """The class list: enrolled trainees, by name (the instructor sees who is expected)."""
    statement = (
        scoped(select(Enrollment.trainee_id, User.name), principal, Enrollment)
        .outerjoin(
            User,
            (col(User.id) == col(Enrollment.trainee_id))
            & (col(User.institution_id) == course.institution_id),
        )
        .where(Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.ENROLLED)
    )
    return sorted(
        ({"user_id": str(u), "name": name or ""} for u, name in session.exec(statement)),
        key=lambda p: (p["name"], p["user_id"]),
    )


__all__ = ["CheckResponse", "LiveConnection", "build", "roster"]
