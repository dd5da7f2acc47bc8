"""Content pages: a course's library (drag-and-drop tus upload for its writers, progress for its
trainees), an item's page (player or document, versions, lessons, actions) and its forms."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import NotFound, request_lang
from classroom.core.tenancy import Principal, Role
from classroom.courses.auth import CourseRef
from classroom.courses.models import Course
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.timetable import course_lessons
from classroom.web.content import views
from classroom.web.forms import form_action
from classroom.web.templating import render
from content import access, items, progress
from content.auth import AnyItemRef, ItemRef, LessonRef, Reader, Writer
from content.models import ContentItem

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def _readable(session: Session, principal: Principal, course: Course) -> None:
    if course.id not in set(session.exec(access.readable_courses(principal))):
        raise NotFound()


@router.get("/courses/{course_id}/contents")
def library(request: Request, session: DbSession, principal: Reader, course: CourseRef) -> Response:
    _readable(session, principal, course)
    writer = access.may_write(session, principal, course)
    shown = items.course_items(session, principal, course, include_deleted=writer)
    lang = request_lang(request)
    watched = views.progress_by_version(session, principal, shown) if principal.role is Role.TRAINEE else {}
    rows = [views.row(v, lang, watched.get(v.version.id) if v.version else None) for v in shown]
    return render(
        request,
        "content/library.html",
        {
            "course": course,
            "writer": writer,
            "rows": [r for r in rows if not r["deleted"]],
            "deleted": [r for r in rows if r["deleted"]],
            "purge_days": request.app.state.content_settings.purge_after_days,
            "used": views.size(items.stored_bytes(session, course.institution_id)) if writer else None,
            "trainee": principal.role is Role.TRAINEE,
        },
    )


def _item_page(request: Request, session: Session, principal: Principal, item: ContentItem) -> Response:
    course = access.course_of(session, principal, item)
    view = items.view(session, principal, item)
    writer = access.may_write(session, principal, course)
    lang = request_lang(request)
    mine = None
    required = None
    if view.version is not None and principal.role is Role.TRAINEE:
        mine = progress.my_progress(session, principal, item, view.version)
        required = progress.required_ms(session, principal, view.version)
    vod = [lesson for lesson in course_lessons(session, principal, course) if lesson.mode is LessonMode.VOD]
    linked = set(view.lesson_ids)
    return render(
        request,
        "content/item.html",
        {
            "course": course,
            "item": item,
            "view": view,
            "row": views.row(view, lang, mine),
            "writer": writer,
            "watcher": principal.role is Role.TRAINEE and item.kind.playable,
            "progress": views.progress_line(mine, required, lang),
            "resume": (mine.position_ms / 1000) if mine else 0,
            "versions": items.versions(session, principal, item) if writer else [],
            "lessons": [lesson for lesson in vod if lesson.id in linked],
            "attachable": [lesson for lesson in vod if lesson.id not in linked] if writer else [],
            "fmt": views,
        },
    )


@router.get("/contents/{content_id}")
def item_page(request: Request, session: DbSession, principal: Reader, item: ItemRef) -> Response:
    return _item_page(request, session, principal, item)


def _back(item: ContentItem, message: str = "content.saved_flash") -> str:
    return f"/contents/{item.id}?msg={message}"


def _again(request: Request, session: Session, principal: Principal, item: ContentItem) -> Any:
    def show(refused: Any) -> Response:
        response = _item_page(request, session, principal, item)
        response.status_code = refused.status
        return response

    return show


@router.post("/contents/{content_id}/rename")
def rename(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    item: ItemRef,
    title: Annotated[str, Form(min_length=1, max_length=200)],
) -> Response:
    events = request.app.state.events
    return form_action(
        request,
        session,
        lambda: items.rename(session, clock, events, principal, item, title.strip() or item.title),
        done=_back(item),
        again=_again(request, session, principal, item),
    )


@router.post("/contents/{content_id}/delete")
def delete(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, item: ItemRef
) -> Response:
    events = request.app.state.events
    return form_action(
        request,
        session,
        lambda: items.soft_delete(session, clock, events, principal, item),
        done=f"/courses/{item.course_id}/contents?msg=content.deleted_flash",
        again=_again(request, session, principal, item),
    )


@router.post("/contents/{content_id}/restore")
def restore(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, item: AnyItemRef
) -> Response:
    events = request.app.state.events
    items.restore(session, clock, events, principal, item)
    return RedirectResponse(_back(item), status_code=303)


@router.post("/contents/{content_id}/purge")
def purge(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, item: AnyItemRef
) -> Response:
    events = request.app.state.events
    items.purge(session, clock, events, principal, item)
    return RedirectResponse(f"/courses/{item.course_id}/contents?msg=content.saved_flash", status_code=303)


@router.post("/contents/{content_id}/lessons")
def attach(
    request: Request,
    session: DbSession,
    principal: Writer,
    item: ItemRef,
    lesson_id: Annotated[str, Form()],
) -> Response:
    from classroom.courses.timetable import get_lesson

    def act() -> object:
        lesson = get_lesson(session, principal, access.course_of(session, principal, item), lesson_id)
        return items.attach(session, principal, item, lesson)

    return form_action(
        request, session, act, done=_back(item), again=_again(request, session, principal, item)
    )


@router.post("/contents/{content_id}/lessons/{lesson_id}/detach")
def detach(
    request: Request, session: DbSession, principal: Writer, item: ItemRef, lesson: LessonRef
) -> Response:
    items.detach(session, principal, item, lesson)
    return RedirectResponse(_back(item), status_code=303)
