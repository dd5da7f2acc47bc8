"""Polls: the instructor opens one question, each participant votes once, results at the close."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.core.errors import Conflict, NotFound, ValidationFailed
from classroom.core.events import EventBus
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.live.actor import Actor
from classroom.live.models import LiveRoom, Poll, PollVote
from classroom.live.room import STAFF, emit, iso
from classroom.live.rules.limits import MAX_POLL_OPTION, MAX_POLL_QUESTION, POLL_OPTIONS, clean_text


def counts(session: Session, poll: Poll) -> list[int]:
    options = json.loads(poll.options)
    tally = [0] * len(options)
    rows = session.exec(
        scoped(select(PollVote.option, func.count()), tenant_system_principal(poll.institution_id), PollVote)
        .where(PollVote.poll_id == poll.id)
        .group_by(col(PollVote.option))
    )
    for option, count in rows:
        tally[option] = int(count)
    return tally


def poll_data(session: Session, poll: Poll) -> dict[str, object]:
    closed = poll.closed_at is not None
    return {
        "id": str(poll.id),
        "question": poll.question,
        "options": json.loads(poll.options),
        "open": not closed,
        "opened_at": iso(poll.opened_at),
        "closed_at": iso(poll.closed_at),
        "counts": counts(session, poll) if closed else None,
    }


def latest(session: Session, room: LiveRoom) -> Poll | None:
    return session.exec(
        scoped(select(Poll), tenant_system_principal(room.institution_id))
        .where(Poll.lesson_id == room.lesson_id)
        .order_by(col(Poll.opened_at).desc())
    ).first()


def open_poll(actor: Actor, question: str, options: list[str]) -> Poll:
    actor.must_teach()
    current = latest(actor.session, actor.room)
    if current is not None and current.closed_at is None:
        raise Conflict("live.poll.already_open", code="live_poll_open")
    asked = clean_text(question, MAX_POLL_QUESTION)
    choices = [clean_text(option, MAX_POLL_OPTION) for option in options]
    if asked is None or not POLL_OPTIONS[0] <= len(choices) <= POLL_OPTIONS[1] or None in choices:
        raise ValidationFailed(
            "live.poll.invalid",
            code="live_poll_invalid",
            params={"low": POLL_OPTIONS[0], "high": POLL_OPTIONS[1], "max": MAX_POLL_OPTION},
        )
    poll = Poll(
        institution_id=actor.lesson.institution_id,
        lesson_id=actor.lesson.id,
        question=asked,
        options=json.dumps(choices, ensure_ascii=False),
        opened_by=actor.principal.user_id,
        opened_at=actor.now,
    )
    actor.session.add(poll)
    actor.session.flush()
    emit(actor.session, actor.bus, actor.room, "poll", poll_data(actor.session, poll), actor.now)
    return poll


def _poll(actor: Actor, poll_id: uuid.UUID) -> Poll:
    poll = actor.session.exec(
        scoped(select(Poll), actor.principal).where(Poll.id == poll_id, Poll.lesson_id == actor.lesson.id)
    ).first()
    if poll is None:
        raise NotFound()
    return poll


def vote(actor: Actor, poll_id: uuid.UUID, option: int) -> None:
    actor.must_take_part()
    poll = _poll(actor, poll_id)
    if poll.closed_at is not None:
        raise Conflict("live.poll.closed", code="live_poll_closed")
    if not 0 <= option < len(json.loads(poll.options)):
        raise ValidationFailed("live.poll.no_such_option", code="live_poll_option")
    if actor.session.get(PollVote, (poll.id, actor.principal.user_id)) is not None:  # tenancy: own vote
        raise Conflict("live.poll.voted", code="live_poll_voted")
    actor.session.add(
        PollVote(
            institution_id=poll.institution_id,
            poll_id=poll.id,
            user_id=actor.principal.user_id,
            option=option,
            voted_at=actor.now,
        )
    )
    actor.session.flush()
    emit(
        actor.session,
        actor.bus,
        actor.room,
        "poll.vote",
        {"poll_id": str(poll.id), "option": option},
        actor.now,
        audience=str(actor.principal.user_id),
    )
    emit(
        actor.session,
        actor.bus,
        actor.room,
        "poll.tally",
        {"poll_id": str(poll.id), "counts": counts(actor.session, poll)},
        actor.now,
        STAFF,
    )


def close(session: Session, bus: EventBus, room: LiveRoom, poll: Poll, now: datetime) -> None:
    poll.closed_at = now
    session.add(poll)
    session.flush()
    emit(session, bus, room, "poll", poll_data(session, poll), now)


def close_poll(actor: Actor, poll_id: uuid.UUID) -> None:
    actor.must_teach()
    poll = _poll(actor, poll_id)
    if poll.closed_at is None:
        close(actor.session, actor.bus, actor.room, poll, actor.now)


def close_open(session: Session, bus: EventBus, room: LiveRoom, now: datetime) -> None:
    poll = latest(session, room)
    if poll is not None and poll.closed_at is None:
        close(session, bus, room, poll, now)


def my_vote(session: Session, poll: Poll, user_id: uuid.UUID) -> int | None:
    row = session.get(PollVote, (poll.id, user_id))  # tenancy: the viewer's own vote
    return None if row is None else row.option
