"""Gates and loaders of the live room."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends
from starlette.requests import HTTPConnection

from classroom.accounts.auth import bearer_token, path_loader, require
from classroom.core.errors import Forbidden
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses.models import Lesson
from classroom.live.admission import load_live_lesson

Attendee = Annotated[Principal, Depends(require(P.LIVE_ATTEND))]
EvidenceReader = Annotated[Principal, Depends(require(P.LIVE_EVIDENCE))]

load_lesson = path_loader(Lesson, "lesson_id", load_live_lesson)
LiveLessonRef = Annotated[Lesson, Depends(load_lesson)]


def same_origin(connection: HTTPConnection) -> None:
    """A browser's socket authenticated by the login cookie must come from our own pages:
    another site's page could otherwise open it with the visitor's cookie (cross-site
    WebSocket hijacking). Bearer-token clients and clients that send no Origin are not
    browsers riding on a cookie."""
    origin = connection.headers.get("origin")
    if origin is None or bearer_token(connection) is not None:
        return
    ours = {urlsplit(connection.app.state.settings.base_url).netloc, connection.headers.get("host", "")}
    if urlsplit(origin).netloc not in ours:
        raise Forbidden("live.origin", code="live_origin")
