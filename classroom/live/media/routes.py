"""Media API: a participant's grant (the page asks again when Janus comes back), the
instructor's view of cameras and moderation, and the endpoint Janus's event handler posts to."""

from __future__ import annotations

import hmac
import ipaddress
import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import BaseModel
from sqlmodel import Session, col, select

from classroom.accounts.auth import public_route, require
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import ClassroomError, Conflict, Forbidden
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, scoped
from classroom.core.unit_of_work import writes
from classroom.courses import access
from classroom.courses.models import Lesson
from classroom.live.admission import look
from classroom.live.auth import Attendee, EvidenceReader, LiveLessonRef
from classroom.live.media.grants import issue
from classroom.live.media.moderation import moderate
from classroom.live.media.presence import camera_status, ingest
from classroom.live.media.runtime import MediaRuntime
from classroom.live.models import ConnectionState, LiveConnection
from classroom.live.presence import names
from classroom.live.rules.admission import Standing

router = APIRouter(tags=["live"])
Moderator = Annotated[Principal, Depends(require(Permission.LIVE_MODERATE))]
_basic = HTTPBasic(auto_error=False)


def runtime_of(request: Request) -> MediaRuntime | None:
    runtime: MediaRuntime | None = getattr(request.app.state, "media", None)
    return runtime


def _seat(session: Session, principal: Principal, lesson: Lesson) -> LiveConnection:
    statement = scoped(select(LiveConnection), principal).where(
        LiveConnection.lesson_id == lesson.id,
        LiveConnection.user_id == principal.user_id,
        col(LiveConnection.state).in_([ConnectionState.OPEN, ConnectionState.LOST]),
    )
    seat = session.exec(statement.order_by(col(LiveConnection.opened_at).desc())).first()
    if seat is None:
        raise Conflict("media.no_seat", code="media_no_seat")
    return seat


@router.get("/api/v1/lessons/{lesson_id}/live/media")
@writes  # a GET the page repeats after a Janus restart; it stores the grant it hands out
def media_grant(
    request: Request, session: DbSession, clock: ClockDep, principal: Attendee, lesson: LiveLessonRef
) -> dict[str, Any]:
    """The caller's media grant (their own Janus token, room and feeds); Janus is told about
    it again if it forgot it (a restart), so asking twice changes nothing. Only for someone
    holding a seat in the room (admitted by its door, which issued the grant)."""
    runtime = runtime_of(request)
    if runtime is None:
        return {"available": False, "reason": "not_configured"}
    seat = _seat(session, principal, lesson)
    return issue(session, runtime, principal, lesson, seat.id, clock.now())


def _teaching(session: Session, principal: Principal, lesson: Lesson, clock: Any) -> None:
    if look(session, principal, lesson, clock.now()).admission.standing is not Standing.INSTRUCTOR:
        raise Forbidden("media.staff_only", code="media_staff_only")


@router.get("/api/v1/lessons/{lesson_id}/live/media/status")
def media_status(
    request: Request, session: DbSession, clock: ClockDep, principal: EvidenceReader, lesson: LiveLessonRef
) -> dict[str, Any]:
    """Each participant's camera (on / off / none, since when) and reception: the instructor's
    live view, and evidence for those who review attendance."""
    course = access.get_course(session, principal, lesson.course_id)
    access.require(session, principal, course, Permission.LIVE_EVIDENCE)
    status = camera_status(session, lesson.institution_id, lesson.id)
    who = names(session, principal, status.keys())
    people = [
        {**row, "name": who.get(user_id, "")} for user_id, row in status.items() if row["role"] != "inspector"
    ]
    return {
        "available": runtime_of(request) is not None,
        "now": clock.now().isoformat(),
        "participants": people,
    }


class Moderation(BaseModel):
    user_id: uuid.UUID
    floor: bool | None = None
    audio_muted: bool | None = None
    video_muted: bool | None = None


@router.post("/api/v1/lessons/{lesson_id}/live/media/moderate")
def media_moderate(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Moderator,
    lesson: LiveLessonRef,
    body: Moderation,
) -> dict[str, Any]:
    """The instructor gives or takes the floor, mutes or unmutes a participant's audio/video."""
    _teaching(session, principal, lesson, clock)
    runtime = runtime_of(request)
    if runtime is None:
        raise Conflict("media.not_configured", code="media_not_configured")
    grant = moderate(
        session,
        runtime,
        request.app.state.events,
        lesson,
        body.user_id,
        clock.now(),
        floor=body.floor,
        audio_muted=body.audio_muted,
        video_muted=body.video_muted,
    )
    return {
        "user_id": str(grant.user_id),
        "floor": grant.floor,
        "audio_muted": grant.audio_muted,
        "video_muted": grant.video_muted,
    }


def _from_janus(request: Request, credentials: HTTPBasicCredentials | None) -> MediaRuntime:
    """Janus's event handler: basic auth with the shared secret, from a private network only."""
    runtime = runtime_of(request)
    host = request.client.host if request.client else ""
    try:
        private = ipaddress.ip_address(host).is_private
    except ValueError:
        private = False
    secret = runtime.settings.events_secret if runtime is not None else ""
    if (
        runtime is None
        or not secret
        or not private
        or credentials is None
        or not hmac.compare_digest(credentials.password.encode(), secret.encode())
    ):
        raise ClassroomError("media.events_refused", code="media_events_refused", status=403)
    return runtime


@router.post("/api/v1/media/janus-events", dependencies=[Depends(public_route)], include_in_schema=False)
async def janus_events(request: Request) -> dict[str, int]:
    credentials = await _basic(request)
    runtime = _from_janus(request, credentials)
    try:
        body = json.loads(await request.body() or b"[]")
    except ValueError:
        raise ClassroomError("media.events_refused", code="media_events_refused", status=400) from None
    events = [e for e in (body if isinstance(body, list) else [body]) if isinstance(e, dict)]
    app = request.app

    def store() -> int:
        with app.state.db.session() as session:
            count = ingest(session, runtime, app.state.events, events, app.state.clock.now())
            session.commit()
        return count

    from starlette.concurrency import run_in_threadpool

    return {"recorded": await run_in_threadpool(store)}
