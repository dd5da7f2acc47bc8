"""QR check-in for classroom and on-site lessons (rules in `rules/qr.py`).

The instructor's display shows the lesson's current code; a trainee's phone opens the code's
address (`scan`: every refusal is decided there, so the trainee reads it at once) and confirms
with one tap (`confirm`: checked again, then recorded at the moment of scanning). Refusals, each
with its own message: a code that is not ours, expired (grace included) or not yet valid; a
lesson not open for check-in now; a trainee not enrolled; a code this trainee already used
(replay); a device that checked in another account within the policy's minutes (also recorded
as a fraud signal, in its own transaction so the refusal does not roll it back); an address
outside the institution's listed networks. A retried confirmation (same ticket) records once.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlmodel import Session, col, select

from attendance import access, records, signals
from attendance.ingest import NewEvent, existing, store
from attendance.models import AttendanceEvent, AttendanceNetwork
from attendance.policy import policy_for
from attendance.rules import qr
from attendance.rules.kinds import EventKind, SignalKind, Source
from attendance.rules.policy import AttendancePolicy
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import ClassroomError, Conflict, Forbidden, NotFound
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import LessonMode

QR_MODES = (LessonMode.CLASSROOM, LessonMode.ONSITE)
DEVICE_COOKIE = "classroom_device"


class Refused(ClassroomError):
    status, code = 409, "checkin_refused"


def qr_key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"attendance-qr", hashlib.sha256).digest()


@dataclass(frozen=True)
class CurrentCode:
    lesson_id: uuid.UUID
    code: str
    url: str
    window: int
    rotates_at: datetime
    rotate_seconds: int
    grace_seconds: int
    open_now: bool


def _epoch(at: datetime) -> float:
    return at.timestamp()


def open_for(lesson: Lesson, policy: AttendancePolicy, now: datetime, action: EventKind) -> bool:
    opens = lesson.starts_at - timedelta(minutes=policy.checkin_opens_minutes)
    closes = lesson.ends_at + timedelta(minutes=policy.checkout_closes_minutes)
    if action is EventKind.CHECK_IN:
        return opens <= now <= lesson.ends_at
    return lesson.starts_at <= now <= closes


def current_code(
    session: Session, clock: Clock, principal: Principal, lesson: Lesson, secret_key: str, base_url: str
) -> CurrentCode:
    course = access.course_of(session, principal, lesson)
    access.require_take(session, principal, course)
    if lesson.mode not in QR_MODES:
        raise Conflict("checkin.not_qr_lesson", code="not_qr_lesson")
    policy = policy_for(session, principal, course)
    now = clock.now()
    window = qr.window_of(_epoch(now), policy.qr_rotate_seconds)
    code = qr.make_code(qr_key(secret_key), lesson.id, window)
    return CurrentCode(
        lesson.id,
        code,
        f"{base_url.rstrip('/')}/checkin/{code}",
        window,
        datetime.fromtimestamp((window + 1) * policy.qr_rotate_seconds, UTC),
        policy.qr_rotate_seconds,
        policy.qr_grace_seconds,
        open_for(lesson, policy, now, EventKind.CHECK_IN)
        or open_for(lesson, policy, now, EventKind.CHECK_OUT),
    )


@dataclass(frozen=True)
class Scan:
    lesson: Lesson
    course: Course
    action: EventKind  # what the tap will record
    ticket: str
    scanned_at: datetime
    checked_in_at: datetime | None


def _lesson_of_code(session: Session, principal: Principal, code: qr.Code) -> Lesson:
    try:
        return access.get_lesson(session, principal, code.lesson_id)
    except NotFound:
        raise Refused("checkin.not_enrolled", code="not_enrolled", status=403) from None


def _my_events(session: Session, principal: Principal, lesson: Lesson) -> list[AttendanceEvent]:
    statement = scoped(select(AttendanceEvent), principal).where(
        AttendanceEvent.trainee_id == principal.user_id,
        AttendanceEvent.course_id == lesson.course_id,
        AttendanceEvent.day == seoul_date(lesson.starts_at),
        col(AttendanceEvent.kind).in_([EventKind.CHECK_IN, EventKind.CHECK_OUT]),
    )
    return list(session.exec(statement.order_by(col(AttendanceEvent.at))))


def _inside_since(events: list[AttendanceEvent]) -> datetime | None:
    since = None
    for e in events:
        since = e.at if e.kind is EventKind.CHECK_IN else None
    return since


def _check_network(session: Session, principal: Principal, institution_id: uuid.UUID, ip: str | None) -> None:
    statement = scoped(select(AttendanceNetwork), principal).where(
        AttendanceNetwork.institution_id == institution_id, col(AttendanceNetwork.checkin_allowed).is_(True)
    )
    networks = list(session.exec(statement))
    if not networks:
        return
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        address = None
    if address is None or not any(address in ipaddress.ip_network(n.cidr, strict=False) for n in networks):
        raise Refused("checkin.network", code="network_not_allowed", status=403)


def _refuse_code(
    app: FastAPI,
    session: Session,
    code: qr.Code,
    problem: qr.CodeProblem,
    principal: Principal,
    policy: AttendancePolicy,
    now: datetime,
    device: str | None,
    course: Course,
) -> Refused:
    if problem is qr.CodeProblem.EXPIRED:
        late = qr.seconds_late(code, _epoch(now), policy.qr_rotate_seconds)
        if late >= policy.late_token_signal_seconds:
            signals.record_now(
                app,
                session,
                course,
                SignalKind.QR_LATE_TOKEN,
                f"qr_late:{code.lesson_id}:{code.window}:{principal.user_id}",
                lesson_id=code.lesson_id,
                day=seoul_date(now),
                trainee_ids=[principal.user_id],
                detail={"seconds_late": int(late), "device_id": device},
            )
        return Refused("checkin.expired", code="code_expired", status=410)
    return Refused("checkin.future", code="code_not_yet_valid")


def scan(
    app: FastAPI, session: Session, principal: Principal, token: str, device: str | None, ip: str | None
) -> Scan:
    clock: Clock = app.state.clock
    now = clock.now()
    key = qr_key(app.state.settings.secret_key)
    code = qr.read_code(key, token)
    if code is None:
        raise Refused("checkin.malformed", code="code_invalid", status=404)
    lesson = _lesson_of_code(session, principal, code)
    course = access.course_of(session, principal, lesson)
    policy = policy_for(session, principal, course)
    problem = qr.check_code(code, _epoch(now), policy.qr_rotate_seconds, policy.qr_grace_seconds)
    if problem is not None:
        raise _refuse_code(app, session, code, problem, principal, policy, now, device, course)
    if not access.is_enrolled(session, principal, course, principal.user_id):
        raise Refused("checkin.not_enrolled", code="not_enrolled", status=403)
    mine = _my_events(session, principal, lesson)
    if any(e.ref == f"{lesson.id}:{code.window}" and e.source is Source.QR for e in mine):
        raise Refused("checkin.replayed", code="code_replayed")
    inside = _inside_since(mine)
    action = EventKind.CHECK_OUT if inside is not None else EventKind.CHECK_IN
    if not open_for(lesson, policy, now, action):
        key_name = "checkin.not_open_yet" if now < lesson.starts_at else "checkin.closed"
        raise Refused(
            key_name,
            code="lesson_not_open",
            params={"start": lesson.local_start.strftime("%H:%M"), "opens": policy.checkin_opens_minutes},
        )
    _check_network(session, principal, course.institution_id, ip)
    _check_device(app, session, principal, course, lesson, policy, now, device)
    ticket = qr.make_ticket(
        key, qr.Ticket(principal.user_id, lesson.id, code.window, int(_epoch(now)), secrets.token_urlsafe(12))
    )
    return Scan(lesson, course, action, ticket, now, inside)


def _check_device(
    app: FastAPI,
    session: Session,
    principal: Principal,
    course: Course,
    lesson: Lesson,
    policy: AttendancePolicy,
    now: datetime,
    device: str | None,
) -> None:
    if not device:
        return
    since = now - timedelta(minutes=policy.shared_device_minutes)
    statement = scoped(select(AttendanceEvent), principal).where(
        AttendanceEvent.device_id == device,
        AttendanceEvent.source == Source.QR,
        AttendanceEvent.at >= since,
        AttendanceEvent.trainee_id != principal.user_id,
    )
    other = session.exec(statement.order_by(col(AttendanceEvent.at).desc())).first()
    if other is None:
        return
    signals.record_now(
        app,
        session,
        course,
        SignalKind.SHARED_DEVICE,
        f"shared_device:{device}:{other.id}:{principal.user_id}",
        lesson_id=lesson.id,
        day=seoul_date(now),
        trainee_ids=[other.trainee_id, principal.user_id],
        event_ids=[other.id],
        detail={"device_id": device, "minutes": policy.shared_device_minutes, "refused_at": now.isoformat()},
    )
    raise Refused(
        "checkin.shared_device",
        code="shared_device",
        status=403,
        params={"minutes": policy.shared_device_minutes},
    )


def confirm(
    app: FastAPI, session: Session, principal: Principal, ticket_text: str, device: str | None, ip: str | None
) -> AttendanceEvent:
    clock: Clock = app.state.clock
    now = clock.now()
    ticket = qr.read_ticket(qr_key(app.state.settings.secret_key), ticket_text, _epoch(now))
    if ticket is None or ticket.user_id != principal.user_id:
        raise Refused("checkin.ticket_expired", code="ticket_expired", status=410)
    lesson = _lesson_of_code(session, principal, qr.Code(ticket.lesson_id, ticket.window))
    course = access.course_of(session, principal, lesson)
    key = f"qr:{ticket.nonce}"
    done = existing(session, principal, course.institution_id, key)
    if done is not None:
        return done  # the same tap again: recorded once
    if not access.is_enrolled(session, principal, course, principal.user_id):
        raise Refused("checkin.not_enrolled", code="not_enrolled", status=403)
    policy = policy_for(session, principal, course)
    mine = _my_events(session, principal, lesson)
    ref = f"{lesson.id}:{ticket.window}"
    if any(e.ref == ref and e.source is Source.QR for e in mine):
        raise Refused("checkin.replayed", code="code_replayed")
    scanned = datetime.fromtimestamp(ticket.scanned_at, UTC)
    action = EventKind.CHECK_OUT if _inside_since(mine) is not None else EventKind.CHECK_IN
    if not open_for(lesson, policy, scanned, action):
        raise Refused(
            "checkin.closed",
            code="lesson_not_open",
            params={"start": lesson.local_start.strftime("%H:%M"), "opens": policy.checkin_opens_minutes},
        )
    _check_network(session, principal, course.institution_id, ip)
    _check_device(app, session, principal, course, lesson, policy, now, device)
    stored = store(
        session,
        now,
        [
            NewEvent(
                institution_id=course.institution_id,
                course_id=course.id,
                trainee_id=principal.user_id,
                kind=action,
                source=Source.QR,
                at=scanned,
                idempotency_key=key,
                lesson_id=lesson.id,
                day=seoul_date(lesson.starts_at),
                ip=ip,
                device_id=device,
                actor_id=principal.user_id,
                ref=ref,
                detail={"window": ticket.window, "confirmed_at": now.isoformat()},
            )
        ],
    )
    records.refresh(session, stored.keys, now)
    row = existing(session, principal, course.institution_id, key)
    if row is None:  # pragma: no cover - the insert above either stored it or found it stored
        raise Forbidden()
    return row
