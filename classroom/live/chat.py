"""Chat, hands and moderation (mute, remove, readmit, end the lesson)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from classroom.core.errors import Forbidden, NotFound, TooManyRequests, ValidationFailed
from classroom.core.events import EventBus
from classroom.core.roles import Role
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.live import checks, polls
from classroom.live.actor import Actor
from classroom.live.models import ChatMessage, ChatMute, LiveRoom, RaisedHand, Removal
from classroom.live.presence import depart, names, seated
from classroom.live.room import emit, iso
from classroom.live.rules.limits import MAX_CHAT_CHARS, clean_text, wait_seconds


def _muted(actor: Actor, user_id: uuid.UUID) -> bool:
    return actor.session.get(ChatMute, (actor.lesson.id, user_id)) is not None  # tenancy: room row


def send_chat(actor: Actor, text: str) -> ChatMessage:
    actor.must_take_part()
    cleaned = clean_text(text, MAX_CHAT_CHARS)
    if cleaned is None:
        raise ValidationFailed("live.chat.invalid", code="live_chat_invalid", params={"max": MAX_CHAT_CHARS})
    user_id = actor.principal.user_id
    if not actor.instructor:
        if actor.room.chat_muted:
            raise Forbidden("live.chat.muted_all", code="live_chat_muted")
        if _muted(actor, user_id):
            raise Forbidden("live.chat.muted", code="live_chat_muted")
    window = timedelta(seconds=actor.settings.chat_window_seconds)
    limit = actor.settings.chat_limit * (4 if actor.instructor else 1)
    recent = actor.session.exec(
        scoped(select(ChatMessage.at), actor.principal, ChatMessage).where(
            ChatMessage.lesson_id == actor.lesson.id,
            ChatMessage.user_id == user_id,
            ChatMessage.at > actor.now - window,
        )
    ).all()
    wait = wait_seconds(list(recent), actor.now, limit, window)
    if wait:
        raise TooManyRequests(
            "live.chat.rate",
            code="live_rate_limited",
            params={"seconds": wait},
            headers={"Retry-After": str(wait)},
        )
    message = ChatMessage(
        institution_id=actor.lesson.institution_id,
        lesson_id=actor.lesson.id,
        user_id=user_id,
        seq=0,
        text=cleaned,
        at=actor.now,
    )
    data = chat_view(message, actor.principal.name, str(actor.principal.role))
    message.seq = emit(actor.session, actor.bus, actor.room, "chat", data, actor.now)
    actor.session.add(message)
    return message


def chat_view(message: ChatMessage, name: str, role: str) -> dict[str, object]:
    return {
        "id": str(message.id),
        "user_id": str(message.user_id),
        "name": name,
        "role": role,
        "text": message.text,
        "at": iso(message.at),
    }


def set_hand(actor: Actor, raised: bool, user_id: uuid.UUID | None = None) -> None:
    """Raise or lower one's own hand; an instructor may lower anyone's."""
    actor.must_take_part()
    target = user_id or actor.principal.user_id
    if target != actor.principal.user_id and (raised or not actor.instructor):
        raise Forbidden("live.instructor_only", code="live_instructor_only")
    hand = actor.session.get(RaisedHand, (actor.lesson.id, target))  # tenancy: room row
    if raised and hand is None:
        seq = emit(
            actor.session, actor.bus, actor.room, "hand", {"user_id": str(target), "raised": True}, actor.now
        )
        actor.session.add(
            RaisedHand(
                institution_id=actor.lesson.institution_id,
                lesson_id=actor.lesson.id,
                user_id=target,
                seq=seq,
                raised_at=actor.now,
            )
        )
    elif not raised and hand is not None:
        actor.session.delete(hand)
        emit(
            actor.session, actor.bus, actor.room, "hand", {"user_id": str(target), "raised": False}, actor.now
        )


def _participant(actor: Actor, user_id: uuid.UUID) -> None:
    if user_id == actor.principal.user_id:
        raise Forbidden("live.not_yourself", code="live_not_yourself")
    if user_id not in names(actor.session, actor.principal, [user_id]):
        raise NotFound()


def mute(actor: Actor, user_id: uuid.UUID | None, muted: bool) -> None:
    actor.must_teach()
    if user_id is None:
        if actor.room.chat_muted != muted:
            actor.room.chat_muted = muted
            emit(actor.session, actor.bus, actor.room, "mute", {"user_id": None, "muted": muted}, actor.now)
        return
    _participant(actor, user_id)
    row = actor.session.get(ChatMute, (actor.lesson.id, user_id))  # tenancy: room row
    if muted and row is None:
        actor.session.add(
            ChatMute(
                institution_id=actor.lesson.institution_id,
                lesson_id=actor.lesson.id,
                user_id=user_id,
                muted_by=actor.principal.user_id,
                muted_at=actor.now,
            )
        )
    elif not muted and row is not None:
        actor.session.delete(row)
    else:
        return
    emit(actor.session, actor.bus, actor.room, "mute", {"user_id": str(user_id), "muted": muted}, actor.now)


def remove(actor: Actor, user_id: uuid.UUID) -> None:
    """Take a participant out of the lesson; they stay out until readmitted."""
    actor.must_teach()
    _participant(actor, user_id)
    if actor.session.get(Removal, (actor.lesson.id, user_id)) is None:  # tenancy: room row
        actor.session.add(
            Removal(
                institution_id=actor.lesson.institution_id,
                lesson_id=actor.lesson.id,
                user_id=user_id,
                removed_by=actor.principal.user_id,
                removed_at=actor.now,
            )
        )
    for connection in seated(actor.session, actor.room, actor.now - actor.grace):
        if connection.user_id == user_id:
            depart(
                actor.session,
                actor.bus,
                actor.room,
                connection,
                "removed",
                actor.now,
                actor.now,
                announce=False,
                by=str(actor.principal.user_id),
            )
    emit(actor.session, actor.bus, actor.room, "removed", {"user_id": str(user_id)}, actor.now)


def readmit(actor: Actor, user_id: uuid.UUID) -> None:
    actor.must_teach()
    row = actor.session.get(Removal, (actor.lesson.id, user_id))  # tenancy: room row
    if row is not None:
        actor.session.delete(row)


def end_room(
    session: Session,
    bus: EventBus,
    room: LiveRoom,
    now: datetime,
    at: datetime,
    grace: timedelta,
    by: uuid.UUID | None,
) -> None:
    """End the lesson: what is open closes, everyone seated gets `ended` (or `leave` at the
    moment they were lost), and sockets are closed by the hub on the `ended` event."""
    if room.ended_at is not None:
        return
    checks.close_open(session, bus, room, now)
    polls.close_open(session, bus, room, now)
    for connection in seated(session, room, now - grace):
        if connection.lost_at is not None and connection.lost_at < at:
            depart(
                session,
                bus,
                room,
                connection,
                "leave",
                connection.lost_at,
                now,
                announce=False,
                reason="lost",
            )
        else:
            depart(session, bus, room, connection, "ended", at, now, announce=False)
    principal = tenant_system_principal(room.institution_id)
    for hand in session.exec(
        scoped(select(RaisedHand), principal).where(RaisedHand.lesson_id == room.lesson_id)
    ):
        session.delete(hand)
    room.ended_at, room.ended_by = at, by
    room.random_checks, room.next_check_at = False, None
    emit(session, bus, room, "ended", {"at": iso(at)}, now)


def end(actor: Actor) -> None:
    actor.must_teach()
    end_room(actor.session, actor.bus, actor.room, actor.now, actor.now, actor.grace, actor.principal.user_id)


def recent_chat(session: Session, room: LiveRoom, limit: int) -> list[ChatMessage]:
    principal = tenant_system_principal(room.institution_id)
    rows = session.exec(
        scoped(select(ChatMessage), principal)
        .where(ChatMessage.lesson_id == room.lesson_id)
        .order_by(col(ChatMessage.seq).desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))


def role_of(value: str) -> Role:
    return Role(value)
