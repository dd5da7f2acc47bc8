"""The room as one viewer sees it now, from the database (rules/state.py has its shape)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classroom.core.roles import Role
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Course, Enrollment
from classroom.courses.rules.kinds import EnrollmentStatus
from classroom.live import checks, polls
from classroom.live.chat import chat_view, recent_chat
from classroom.live.models import ChatMute, CheckResponse, CheckStatus, LiveConnection, LiveRoom, RaisedHand
from classroom.live.presence import OPEN, names, seated
from classroom.live.room import iso
from classroom.live.rules.state import RECENT_CHAT, State, Viewer, check_view, empty, poll_view


def _participants(session: Session, room: LiveRoom, grace_start: datetime) -> dict[str, Any]:
    connections = [c for c in seated(session, room, grace_start) if c.role is not Role.INSPECTOR]
    who = names(session, tenant_system_principal(room.institution_id), [c.user_id for c in connections])
    people: dict[str, Any] = {}
    for connection in sorted(connections, key=lambda c: c.state is OPEN):  # present wins
        people[str(connection.user_id)] = {
            "name": who.get(connection.user_id, ""),
            "role": str(connection.role),
            "state": "present" if connection.state is OPEN else "away",
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
    state["participants"] = _participants(session, room, now - grace)
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
    from classroom.accounts.models import User

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
    ids = session.exec(
        scoped(select(Enrollment.trainee_id), principal, Enrollment).where(
            Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.ENROLLED
        )
    ).all()
    who = names(session, tenant_system_principal(course.institution_id), ids)
    return sorted(
        ({"user_id": str(u), "name": who.get(u, "")} for u in ids), key=lambda p: (p["name"], p["user_id"])
    )


__all__ = ["CheckResponse", "LiveConnection", "build", "roster"]
