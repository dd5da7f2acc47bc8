"""Pages for the supervisor's on-site confirmations and the institution's correction decisions
(the inspector's fraud signals are `signals.py`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from attendance import corrections, onsite
from attendance.auth import Confirmer, Corrector, CourseRef, Manager
from attendance.corrections import CorrectionIn, Decision
from classroom.core.clock import Clock
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.tenancy import Principal
from classroom.web.forms import FormReader, Refused, build, form_action
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def _onsite_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    problems: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    lessons = onsite.today(session, clock, principal)
    return render(
        request, "attendance/onsite.html", {"lessons": lessons, **(problems or {})}, status_code=status_code
    )


@router.get("/attendance/onsite")
def onsite_page(request: Request, session: DbSession, clock: ClockDep, principal: Confirmer) -> Response:
    return _onsite_page(request, session, clock, principal)


@router.post("/attendance/onsite/{lesson_id}")
def onsite_confirm(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Confirmer,
    lesson_id: str,
    trainee_id: Annotated[uuid.UUID, Form()],
    present: Annotated[bool, Form()],
    check_in: Annotated[str, Form(max_length=16)] = "",
    check_out: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    def act() -> object:
        lesson = onsite.supervised_lesson(session, principal, lesson_id)
        reader = FormReader()
        times = reader.clock_time("check_in", check_in), reader.clock_time("check_out", check_out)
        reader.done()
        return onsite.confirm(
            session,
            clock,
            principal,
            lesson,
            trainee_id,
            present=present,
            check_in=times[0],
            check_out=times[1],
        )

    def again(refused: Refused) -> Response:
        return _onsite_page(request, session, clock, principal, refused.problems, refused.status)

    return form_action(request, session, act, done="/attendance/onsite?msg=onsite.saved", again=again)


@router.get("/attendance/corrections")
def corrections_page(request: Request, session: DbSession, principal: Manager) -> Response:
    return render(request, "attendance/corrections.html", {"rows": corrections.pending(session, principal)})


@router.post("/attendance/corrections/{correction_id}")
def corrections_decide(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    correction_id: str,
    approve: Annotated[bool, Form()],
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    def act() -> object:
        row = corrections.get(session, principal, correction_id)
        return corrections.decide(session, clock, principal, row, Decision(approve=approve, note=note))

    def again(refused: Refused) -> Response:
        rows = corrections.pending(session, principal)
        return render(
            request,
            "attendance/corrections.html",
            {"rows": rows, **refused.problems},
            status_code=refused.status,
        )

    return form_action(
        request, session, act, done="/attendance/corrections?msg=correction.saved", again=again
    )


@router.post("/courses/{course_id}/attendance/corrections")
def corrections_file(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Corrector,
    course: CourseRef,
    trainee_id: Annotated[uuid.UUID, Form()],
    day: Annotated[str, Form(max_length=32)],
    reason: Annotated[str, Form(max_length=1000)],
    evidence: Annotated[str, Form(max_length=1000)],
    check_in: Annotated[str, Form(max_length=16)] = "",
    check_out: Annotated[str, Form(max_length=16)] = "",
    excused: Annotated[bool, Form()] = False,
) -> Response:
    target = f"/courses/{course.id}/attendance/{trainee_id}"

    def act() -> object:
        reader = FormReader()
        on = reader.day("day", day)
        times = {
            "check_in": reader.clock_time("check_in", check_in),
            "check_out": reader.clock_time("check_out", check_out),
        }
        reader.done()
        at = {k: datetime.combine(on, v) if on and v else None for k, v in times.items()}
        data = build(
            CorrectionIn,
            {
                "trainee_id": trainee_id,
                "day": on,
                "reason": reason,
                "evidence": evidence,
                "excused": excused,
                **at,
            },
        )
        return corrections.file(session, clock, principal, course, data)

    def again(refused: Refused) -> Response:
        return render(
            request,
            "error.html",
            {
                "status": refused.status,
                "message": refused.problems["error"],
                "errors": [{"message": line} for line in refused.problems.get("summary", [])],
            },
            status_code=refused.status,
        )

    return form_action(request, session, act, done=f"{target}?msg=correction.filed", again=again)
