"""The typed gates of the attendance routes and their path-object loaders."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from attendance import access
from classroom.accounts.auth import path_loader, require
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses.auth import load_course
from classroom.courses.models import Course, Lesson

Reader = Annotated[Principal, Depends(require(P.ATTENDANCE_READ))]
Taker = Annotated[Principal, Depends(require(P.ATTENDANCE_TAKE))]
CheckingIn = Annotated[Principal, Depends(require(P.ATTENDANCE_CHECKIN))]
Confirmer = Annotated[Principal, Depends(require(P.ATTENDANCE_CONFIRM))]
Corrector = Annotated[Principal, Depends(require(P.ATTENDANCE_CORRECT))]
Manager = Annotated[Principal, Depends(require(P.ATTENDANCE_MANAGE))]
SignalReader = Annotated[Principal, Depends(require(P.ATTENDANCE_SIGNALS))]

CourseRef = Annotated[Course, Depends(load_course)]
LessonRef = Annotated[Lesson, Depends(path_loader(Lesson, "lesson_id", access.get_lesson))]
