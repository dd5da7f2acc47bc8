"""Access-walker path parameters and example bodies for the quality package (see params.py and
bodies.py).

The walker's course (params_courses.py: published, 1 April – 30 June 2026, the tenant's trainee
enrolled, the clock at 6 April 09:00) gets an online exam open until 30 April with the
factories' four-question bank, and the tenant's trainee an attempt started at the clock (in
progress for an hour). Routes that act on objects in another state use courses of their own,
found again by title, each with a trainee of its own so nobody's day is double-booked:
- a grading course (evenings) whose trainee submitted (an essay waits for the instructor);
- a survey course (2 February – 5 April, afternoons) with the tenant's trainee: its survey is
  open at the walker's clock, and its afternoons never double-book anyone;
- a finished course (autumn 2025) with an offline assessment, published results, confirmed
  completion and an employment outcome with an evidence file;
- inspections of the walker's course: one with an open finding, one with an answered finding,
  one with nothing left open (to close).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, col, select

from classroom.core.tenancy import Role
from tests.access.bodies import register_body
from tests.access.params import register, register_for
from tests.access.params_courses import _course
from tests.factories.accounts import World, make_user, principal_of
from tests.factories.quality import (
    BANK,
    course_with_trainees,
    finished_course,
    offline_assessment,
    online_exam,
)

GRADING = "접근 점검용 채점 과정"
SURVEY = "접근 점검용 설문 과정"
FINISHED = "접근 점검용 종료 과정"


def _tenant(world: World, tenant: str) -> Any:
    return getattr(world, tenant)


def _named(session: Session, tenant: Any, title: str) -> Any:
    from classroom.courses.models import Course

    return session.exec(
        select(Course).where(Course.institution_id == tenant.institution.id, Course.title == title)
    ).first()


def _person(session: Session, app: FastAPI, tenant: Any, tag: str) -> Any:
    from classroom.accounts.models import User

    email = f"{tag}@{tenant.institution.code}.example"
    found = session.exec(select(User).where(User.email == email)).first()
    return found or make_user(
        session, app, tenant.institution, Role.TRAINEE, email=email, name=f"{tag} 훈련생"
    )


def _exam_course(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    """The walker's course with its online exam and the tenant trainee's running attempt."""
    from quality import assessments, attempts

    course = _course(session, app, world, tenant)
    users = _tenant(world, tenant).users
    if assessments.find(session, principal_of(users[Role.INSTRUCTOR]), course) is None:
        now = app.state.clock.now()
        online_exam(
            session, app, course, users[Role.INSTRUCTOR], opens=now, closes=now.replace(month=4, day=30)
        )
        attempts.start(
            session,
            app.state.clock,
            principal_of(users[Role.TRAINEE]),
            course,
            attempts.Where("10.0.0.1", "walker"),
        )
        session.commit()
    return course


def _question_id(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from quality import assessments

    course = _exam_course(session, app, world, tenant)
    return assessments.questions(
        session, principal_of(_tenant(world, tenant).users[Role.INSTRUCTOR]), course
    )[0].id


def _attempt_id(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from quality.models import Attempt

    course = _exam_course(session, app, world, tenant)
    trainee = _tenant(world, tenant).users[Role.TRAINEE]
    return (
        session.exec(select(Attempt).where(Attempt.course_id == course.id, Attempt.trainee_id == trainee.id))
        .one()
        .id
    )


def _grading(session: Session, app: FastAPI, world: World, tenant: str) -> tuple[Any, Any, Any]:
    """(course, trainee, submitted attempt) of the grading course."""
    from quality import attempts
    from quality.models import Attempt

    users = _tenant(world, tenant).users
    person = _person(session, app, _tenant(world, tenant), "grading")
    course = _named(session, _tenant(world, tenant), GRADING)
    if course is None:
        course, _ = course_with_trainees(
            session, app, _tenant(world, tenant), 1, title=GRADING, hour=18, people=[person]
        )
        online_exam(session, app, course, users[Role.INSTRUCTOR])
        principal = principal_of(person)
        made = attempts.start(
            session, app.state.clock, principal, course, attempts.Where("10.0.0.2", "walker-2")
        )
        attempts.submit(session, app.state.clock, principal, made, attempts.Where("10.0.0.2", "walker-2"))
        session.commit()
    attempt = session.exec(select(Attempt).where(Attempt.course_id == course.id)).one()
    return course, person, attempt


def _survey_course(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from datetime import datetime, time

    from classroom.core.clock import SEOUL

    course = _named(session, _tenant(world, tenant), SURVEY)
    if course is None:
        clock = app.state.clock
        saved = clock.now()
        try:
            clock.set(datetime.combine(date(2026, 1, 26), time(9), tzinfo=SEOUL))
            course, _ = course_with_trainees(
                session,
                app,
                _tenant(world, tenant),
                1,
                title=SURVEY,
                starts_on=date(2026, 2, 2),
                weeks=9,
                hour=14,
            )
        finally:
            clock.set(saved)
    return course


def _finished(session: Session, app: FastAPI, world: World, tenant: str) -> tuple[Any, Any]:
    """(course, trainee) of the finished course: attended (90% of its days), scored, its completion
    confirmed on that attendance and the outcome recorded."""
    from quality import employment, evidence_files, results
    from tests.factories.quality import confirm_as_completed

    t = _tenant(world, tenant)
    person = _person(session, app, t, "finished")
    course = _named(session, t, FINISHED)
    if course is None:
        admin, teacher = t.users[Role.INSTITUTION_ADMIN], t.users[Role.INSTRUCTOR]
        course, _ = finished_course(session, app, t, 1, title=FINISHED, people=[person])
        offline_assessment(session, app, course, teacher)
        clock = app.state.clock
        results.set_offline(session, clock, principal_of(teacher), course, person.id, "80")
        results.publish(session, clock, principal_of(teacher), course)
        confirm_as_completed(session, app, course, admin, [person], {person.id: Fraction(9, 10)})
        outcome = employment.OutcomeData(True, date(2026, 1, 5), "(주)접근정밀", True)
        employment.put(session, clock, principal_of(admin), course, person.id, outcome)
        import io

        stored = evidence_files.store_evidence(
            app.state.store,
            institution_id=t.institution.id,
            purpose="employment",
            filename="계약서.pdf",
            stream=io.BytesIO(b"%PDF-1.4 walker"),
        )
        employment.attach_evidence(
            session, clock, principal_of(admin), app.state.events, course, person.id, stored
        )
        session.commit()
    return course, person


def _inspection(session: Session, app: FastAPI, world: World, tenant: str, title: str, state: str) -> Any:
    from quality import inspections
    from quality.inspection_models import Finding, Inspection
    from quality.rules.kinds import InspectionMode, InspectionScope, Severity

    t = _tenant(world, tenant)
    found = session.exec(
        select(Inspection).where(Inspection.institution_id == t.institution.id, Inspection.title == title)
    ).first()
    if found is None:
        course = _course(session, app, world, tenant)
        inspector = principal_of(world.inspector)
        clock = app.state.clock
        found = inspections.open_inspection(
            session,
            clock,
            inspector,
            inspections.Opening(InspectionScope.COURSE, InspectionMode.REMOTE, title, course_id=course.id),
        )
        if state != "closable":
            finding = inspections.add_finding(
                session,
                clock,
                inspector,
                found,
                inspections.FindingData(Severity.MEDIUM, "출결 증빙 확인", "접근 점검용 지적 사항"),
            )
            if state == "answered":
                inspections.answer(
                    session, clock, principal_of(t.users[Role.INSTITUTION_ADMIN]), finding, "답변"
                )
        session.commit()
    first = session.exec(
        select(Finding).where(Finding.inspection_id == found.id).order_by(col(Finding.created_at))
    ).first()
    return found, first


register("question_id", _question_id)
register("attempt_id", _attempt_id)
register(
    "trainee_id", lambda s, app, w, t: (_exam_course(s, app, w, t), _tenant(w, t).users[Role.TRAINEE].id)[1]
)
register("inspection_id", lambda s, app, w, t: _inspection(s, app, w, t, "접근 점검용 점검", "open")[0].id)
register("finding_id", lambda s, app, w, t: _inspection(s, app, w, t, "접근 점검용 점검", "open")[1].id)

for _route in (
    "POST /api/v1/courses/{course_id}/attempts/{attempt_id}/grades",
    "POST /courses/{course_id}/attempts/{attempt_id}/grade",
):
    register_for(_route, "course_id", lambda s, app, w, t: _grading(s, app, w, t)[0].id)
    register_for(_route, "attempt_id", lambda s, app, w, t: _grading(s, app, w, t)[2].id)
EXAM_ROUTES = (
    "POST /api/v1/courses/{course_id}/exam/attempts",
    "POST /courses/{course_id}/exam/start",
    "POST /api/v1/courses/{course_id}/results/publish",
    "POST /courses/{course_id}/results-publish",
)
for _route in EXAM_ROUTES:
    register_for(_route, "course_id", lambda s, app, w, t: _exam_course(s, app, w, t).id)
for _route in ("POST /api/v1/courses/{course_id}/retakes", "POST /courses/{course_id}/retakes"):
    register_for(_route, "course_id", lambda s, app, w, t: _grading(s, app, w, t)[0].id)
for _route in ("POST /api/v1/courses/{course_id}/survey", "POST /courses/{course_id}/survey"):
    register_for(_route, "course_id", lambda s, app, w, t: _survey_course(s, app, w, t).id)
FINISHED_ROUTES = (
    "PUT /api/v1/courses/{course_id}/results/{trainee_id}",
    "POST /courses/{course_id}/results/{trainee_id}",
    "POST /api/v1/courses/{course_id}/results/import",
    "POST /courses/{course_id}/results-import",
    "POST /api/v1/courses/{course_id}/completion/confirm",
    "POST /courses/{course_id}/completion/confirm",
    "PUT /api/v1/courses/{course_id}/employment/{trainee_id}",
    "POST /courses/{course_id}/employment/{trainee_id}",
    "POST /api/v1/courses/{course_id}/employment/import",
    "POST /courses/{course_id}/employment-import",
    "POST /api/v1/courses/{course_id}/employment/{trainee_id}/evidence",
    "POST /courses/{course_id}/employment/{trainee_id}/evidence",
    "GET /api/v1/courses/{course_id}/employment/{trainee_id}/evidence",
    "GET /courses/{course_id}/employment/{trainee_id}/evidence",
)
for _route in FINISHED_ROUTES:
    register_for(_route, "course_id", lambda s, app, w, t: _finished(s, app, w, t)[0].id)
    if "{trainee_id}" in _route:
        register_for(_route, "trainee_id", lambda s, app, w, t: _finished(s, app, w, t)[1].id)
for _route in ("POST /api/v1/inspections/{inspection_id}/close", "POST /inspections/{inspection_id}/close"):
    register_for(
        _route,
        "inspection_id",
        lambda s, app, w, t: _inspection(s, app, w, t, "접근 점검용 종결 점검", "closable")[0].id,
    )
for _route in ("POST /api/v1/findings/{finding_id}/reopen", "POST /findings/{finding_id}/reopen"):
    register_for(
        _route,
        "finding_id",
        lambda s, app, w, t: _inspection(s, app, w, t, "접근 점검용 답변 점검", "answered")[1].id,
    )


def _single(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    item = BANK[0]
    return {
        "kind": "single",
        "text": item["text"],
        "points": 5,
        "choices": list(item["choices"]),
        "correct": [0],
    }


def _grade(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _, _, attempt = _grading(session, app, world, "a")
    essay = next(i for i in attempt.items if i["kind"] == "essay")
    return {"question_id": essay["question_id"], "points": 12, "comment": "접근 점검"}


def _retake(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _, person, _ = _grading(session, app, world, "a")
    return {"trainee_id": str(person.id), "reason": "접근 점검"}


def _score(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _finished(session, app, world, "a")
    return {"score": "87.5", "reason": "접근 점검"}


def _scores_file(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _, person = _finished(session, app, world, "a")
    return {
        "file": ("점수.csv", f"이메일,점수\n{person.email},90\n".encode(), "text/csv"),
        "reason": "접근 점검",
    }


def _employment_file(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _, person = _finished(session, app, world, "a")
    data = f"이메일,취업여부,취업일,사업장명,고용보험\n{person.email},Y,2026-01-05,(주)접근정밀,Y\n".encode()
    return {"file": ("취업.csv", data, "text/csv")}


def _evidence_file(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"file": ("계약서.pdf", b"%PDF-1.4 walker evidence", "application/pdf")}


def _outcome(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"employed": True, "starts_on": "2026-01-05", "employer": "(주)접근정밀", "insured": True}


def _outcome_form(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"employed": "yes", "starts_on": "2026-01-05", "employer": "(주)접근정밀", "insured": "yes"}


def _ratings(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"content": 4, "instructor": 5, "environment": 4, "usefulness": 4, "overall": 4}


def _open_inspection(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    course = _course(session, app, world, "a")
    return {"scope": "course", "mode": "remote", "title": "접근 점검", "course_id": str(course.id)}


def _assessment_form(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {
        "kind": "online",
        "title": "이수자평가",
        "opens_at": "2026-04-06T09:00",
        "closes_at": "2026-04-30T18:00",
        "time_limit_minutes": "60",
        "draw": "fixed",
    }


register_body("POST /api/v1/courses/{course_id}/questions", _single)
register_body("PUT /api/v1/courses/{course_id}/questions/{question_id}", _single)
register_body(
    "POST /courses/{course_id}/questions",
    lambda s, app, w: {**_single(s, app, w), "choices": "PLC\n복사기", "correct": "1"},
)
register_body("POST /courses/{course_id}/assessment", _assessment_form)
register_body("POST /api/v1/courses/{course_id}/attempts/{attempt_id}/grades", _grade)
register_body("POST /courses/{course_id}/attempts/{attempt_id}/grade", _grade)
register_body("POST /api/v1/courses/{course_id}/retakes", _retake)
register_body("POST /courses/{course_id}/retakes", _retake)
register_body("PUT /api/v1/courses/{course_id}/results/{trainee_id}", _score)
register_body("POST /courses/{course_id}/results/{trainee_id}", _score)
register_body("POST /api/v1/courses/{course_id}/results/import", _scores_file)
register_body("POST /courses/{course_id}/results-import", _scores_file)
register_body("PUT /api/v1/courses/{course_id}/employment/{trainee_id}", _outcome)
register_body("POST /courses/{course_id}/employment/{trainee_id}", _outcome_form)
register_body("POST /api/v1/courses/{course_id}/employment/import", _employment_file)
register_body("POST /courses/{course_id}/employment-import", _employment_file)
register_body("POST /api/v1/courses/{course_id}/employment/{trainee_id}/evidence", _evidence_file)
register_body("POST /courses/{course_id}/employment/{trainee_id}/evidence", _evidence_file)
register_body("POST /api/v1/courses/{course_id}/survey", _ratings)
register_body("POST /courses/{course_id}/survey", _ratings)
register_body("POST /inspections", _open_inspection)
register_body("POST /api/v1/inspections", _open_inspection)
register_body(
    "POST /inspections/{inspection_id}/findings",
    lambda s, app, w: {"severity": "low", "title": "접근 점검", "description": "접근 점검"},
)
register_body("POST /inspections/{inspection_id}/notes", lambda s, app, w: {"body": "접근 점검 메모"})
register_body("POST /inspections/{inspection_id}/close", lambda s, app, w: {"conclusion": "접근 점검 종결"})
for _route in (
    "POST /findings/{finding_id}/answer",
    "POST /findings/{finding_id}/close",
    "POST /findings/{finding_id}/reopen",
):
    register_body(_route, lambda s, app, w: {"body": "접근 점검"})
