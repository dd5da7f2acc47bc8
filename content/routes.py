"""Content API: a course's items, an item, its versions, its bytes, its poster, lesson links and
viewing heartbeats. Uploads are in `content.tus`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.responses import Response as PlainResponse

from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, client_ip
from classroom.core.errors import NotFound
from classroom.courses.auth import CourseRef
from content import access, items, progress
from content.auth import AnyItemRef, ItemRef, LessonRef, Reader, Watcher, Writer
from content.delivery import Grant, StreamResponse
from content.schemas import ContentOut, ContentUpdate, HeartbeatBody, ProgressOut, VersionOut

router = APIRouter(tags=["content"])


@router.get("/api/v1/courses/{course_id}/contents", response_model=list[ContentOut])
def course_contents(session: DbSession, principal: Reader, course: CourseRef) -> list[ContentOut]:
    """The course's content items (readers of the course's content only; others 404)."""
    if course.id not in set(session.exec(access.readable_courses(principal))):
        raise NotFound()
    return [ContentOut.of(v) for v in items.course_items(session, principal, course)]


@router.get("/api/v1/contents/{content_id}", response_model=ContentOut)
def get_content(session: DbSession, principal: Reader, item: ItemRef) -> ContentOut:
    return ContentOut.of(items.view(session, principal, item))


@router.patch("/api/v1/contents/{content_id}", response_model=ContentOut)
def rename_content(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    item: ItemRef,
    data: ContentUpdate,
) -> ContentOut:
    items.rename(session, clock, request.app.state.events, principal, item, data.title)
    return ContentOut.of(items.view(session, principal, item))


@router.delete("/api/v1/contents/{content_id}", response_model=ContentOut)
def delete_content(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, item: ItemRef
) -> ContentOut:
    """Soft delete: hidden at once; restorable until purged (by staff, or after the retention)."""
    items.soft_delete(session, clock, request.app.state.events, principal, item)
    return ContentOut.of(items.view(session, principal, item))


@router.post("/api/v1/contents/{content_id}/restore", response_model=ContentOut)
def restore_content(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, item: AnyItemRef
) -> ContentOut:
    items.restore(session, clock, request.app.state.events, principal, item)
    return ContentOut.of(items.view(session, principal, item))


@router.post("/api/v1/contents/{content_id}/purge", status_code=204)
def purge_content(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, item: AnyItemRef
) -> PlainResponse:
    """Remove a deleted item's files for good (the rows stay as evidence)."""
    items.purge(session, clock, request.app.state.events, principal, item)
    return PlainResponse(status_code=204)


@router.get("/api/v1/contents/{content_id}/versions", response_model=list[VersionOut])
def content_versions(session: DbSession, principal: Reader, item: ItemRef) -> list[VersionOut]:
    return [VersionOut.model_validate(v) for v in items.versions(session, principal, item)]


# What the stream answers, for the OpenAPI document: the item's own media type (a video, a PDF…),
# not the response class's placeholder.
_BYTES: dict[str, Any] = {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}
STREAMED: dict[int | str, dict[str, Any]] = {
    200: {"description": "The whole object", **_BYTES},
    206: {"description": "The requested range (or ranges, as multipart/byteranges)", **_BYTES},
    304: {"description": "Not modified (If-None-Match)"},
    416: {"description": "The range lies beyond the object's end", "content": {}},
}


@router.get("/api/v1/contents/{content_id}/stream", response_class=StreamResponse, responses=STREAMED)
def stream_content(request: Request, session: DbSession, principal: Reader, item: ItemRef) -> Response:
    """The current version's bytes with HTTP Range (206, 416, multipart/byteranges), ETag,
    If-Range, If-None-Match and Last-Modified, in the configured delivery mode. Usually answered
    by the fast path (`content.fastpath`) before reaching here."""
    version = items.current_version(session, principal, item)
    state = request.app.state
    grant = Grant.of(version, checked_at=state.clock.now().timestamp())
    return StreamResponse(grant, state.store, state.content_settings)


@router.head("/api/v1/contents/{content_id}/stream", response_class=StreamResponse, responses=STREAMED)
def stream_content_head(request: Request, session: DbSession, principal: Reader, item: ItemRef) -> Response:
    """The headers a GET would answer (size, validators, type), without the bytes."""
    return stream_content(request, session, principal, item)


@router.get(
    "/api/v1/contents/{content_id}/poster",
    response_class=StreamResponse,
    responses={200: {"description": "The poster frame", "content": {"image/jpeg": {}}}},
)
def content_poster(request: Request, session: DbSession, principal: Reader, item: ItemRef) -> Response:
    """A frame of the video (JPEG), made by the processing job when ffmpeg is installed."""
    version = items.current_version(session, principal, item)
    if version.poster_key is None:
        raise NotFound()
    state = request.app.state
    size = state.store.size(version.poster_key)
    if size is None:
        raise NotFound()
    grant = Grant(
        item.id, version.id, version.poster_key, size, "image/jpeg", "poster.jpg", version.created_at
    )
    settings = state.content_settings.model_copy(update={"delivery": "embedded"})
    return StreamResponse(grant, state.store, settings)


@router.put("/api/v1/contents/{content_id}/lessons/{lesson_id}", status_code=204)
def attach_lesson(session: DbSession, principal: Writer, item: ItemRef, lesson: LessonRef) -> PlainResponse:
    """Attach the item to a VOD lesson of its course (a lesson may have several items)."""
    items.attach(session, principal, item, lesson)
    return PlainResponse(status_code=204)


@router.delete("/api/v1/contents/{content_id}/lessons/{lesson_id}", status_code=204)
def detach_lesson(session: DbSession, principal: Writer, item: ItemRef, lesson: LessonRef) -> PlainResponse:
    items.detach(session, principal, item, lesson)
    return PlainResponse(status_code=204)


@router.get("/api/v1/contents/{content_id}/progress", response_model=ProgressOut)
def my_progress(session: DbSession, principal: Watcher, item: ItemRef) -> ProgressOut:
    """The trainee's own progress on the current version, with the position to resume from."""
    version = items.current_version(session, principal, item)
    row = progress.my_progress(session, principal, item, version)
    return ProgressOut.of(version, row, progress.required_ms(session, principal, version))


@router.post("/api/v1/contents/{content_id}/progress", response_model=ProgressOut)
def post_heartbeat(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Watcher,
    item: ItemRef,
    data: HeartbeatBody,
) -> ProgressOut:
    """A viewing heartbeat; credits only time really watched (see `content.rules.progress`)."""
    beat = progress.HeartbeatIn(
        version_id=data.version_id,
        playback=data.playback,
        seq=data.seq,
        position=data.position,
        segment_start=data.segment_start if data.segment_start is not None else data.position,
        playing=data.playing,
        visible=data.visible,
        rate=data.rate,
        device_id=data.device_id,
    )
    answer = progress.heartbeat(
        session,
        clock,
        request.app.state.events,
        principal,
        item,
        beat,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    return ProgressOut.of(
        answer.version, answer.progress, answer.required_ms, answer.credited_ms, answer.outcome
    )
