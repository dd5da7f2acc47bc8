"""The content routes' typed gates and path-object loaders."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from sqlmodel import Session

from classroom.accounts.auth import Db, Signed, path_loader, require
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses.models import Lesson
from classroom.courses.timetable import get_lesson
from content import access, uploads
from content.models import ContentItem, Upload

Reader = Annotated[Principal, Depends(require(P.CONTENT_READ))]
Writer = Annotated[Principal, Depends(require(P.CONTENT_WRITE))]
Watcher = Annotated[Principal, Depends(require(P.CONTENT_PROGRESS))]

load_item = path_loader(ContentItem, "content_id", access.get_item)
ItemRef = Annotated[ContentItem, Depends(load_item)]


def _any_item(session: Session, principal: Principal, content_id: str) -> ContentItem:
    """Deleted items too (their page offers restore and purge to the course's writers)."""
    return access.get_item(session, principal, content_id, include_deleted=True)


load_any_item = path_loader(ContentItem, "content_id", _any_item)
AnyItemRef = Annotated[ContentItem, Depends(load_any_item)]

load_upload = path_loader(Upload, "upload_id", uploads.get_upload)
UploadRef = Annotated[Upload, Depends(load_upload)]


def load_lesson(
    session: Db,
    principal: Signed,
    item: ItemRef,
    lesson_id: Annotated[str, Path(description="Lesson id (UUID) of the item's course")],
) -> Lesson:
    return get_lesson(session, principal, access.course_of(session, principal, item), lesson_id)


LessonRef = Annotated[Lesson, Depends(load_lesson)]
