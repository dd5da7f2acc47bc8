"""Home-page panels: the trainee's open exam and survey, the instructor's grading queue, the
inspectors' first courses to look at."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from classroom.core.clock import Clock
from classroom.core.tenancy import Principal, scoped
from classroom.courses import access as course_access
from classroom.courses import queries
from classroom.web.nav import Panel
from quality import attempts, priorities, surveys
from quality.models import Attempt
from quality.rules.kinds import AttemptStatus


def _clock(request: Any) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def trainee_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    clock = _clock(request)
    items = []
    for course in queries.list_courses(session, principal):
        exam = attempts.state(session, clock, principal, course)
        survey = surveys.trainee_state(session, clock, principal, course)
        if exam.can_start or exam.can_resume or survey.open:
            items.append({"course": course, "exam": exam, "survey": survey})
    if not items:
        return None
    return Panel("quality/panel_trainee.html", {"items": items}, order=12)


def grading_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    statement = scoped(select(Attempt), principal).where(Attempt.status == AttemptStatus.SUBMITTED)
    statement = statement.where(
        col(Attempt.course_id).in_(course_access.taught_course_ids(principal, principal.user_id))
    )
    waiting = list(session.exec(statement.order_by(col(Attempt.submitted_at))))
    if not waiting:
        return None
    return Panel("quality/panel_grading.html", {"waiting": waiting}, order=14)


def priorities_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    entries = priorities.ranked(session, _clock(request), principal)[:3]
    return Panel("quality/panel_priorities.html", {"entries": entries}, order=20)
