"""The quality routes' typed gates and path-object loaders (see classroom/accounts/auth.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from sqlmodel import Session

from classroom.accounts.auth import Db, Signed, path_loader, require
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, get_scoped_or_404
from classroom.courses.auth import CourseRef
from quality import assessments
from quality.inspection_models import Finding, Inspection
from quality.models import Attempt, Question

Taker = Annotated[Principal, Depends(require(P.ASSESSMENT_TAKE))]
Reader = Annotated[Principal, Depends(require(P.ASSESSMENT_READ))]
Manager = Annotated[Principal, Depends(require(P.ASSESSMENT_MANAGE))]
Confirmer = Annotated[Principal, Depends(require(P.COMPLETION_CONFIRM))]
EmploymentReader = Annotated[Principal, Depends(require(P.EMPLOYMENT_READ))]
EmploymentWriter = Annotated[Principal, Depends(require(P.EMPLOYMENT_WRITE))]
SurveyTaker = Annotated[Principal, Depends(require(P.SURVEY_ANSWER))]
SurveyReader = Annotated[Principal, Depends(require(P.SURVEY_RESULTS))]
InspectionReader = Annotated[Principal, Depends(require(P.INSPECTIONS_READ))]
Conductor = Annotated[Principal, Depends(require(P.INSPECTIONS_CONDUCT))]
Answerer = Annotated[Principal, Depends(require(P.INSPECTIONS_ANSWER))]
PriorityReader = Annotated[Principal, Depends(require(P.QUALITY_PRIORITIES))]


def _attempt(session: Session, principal: Principal, attempt_id: str) -> Attempt:
    """A trainee reaches only their own attempts; staff any of their institution's (their
    rights to the course are the services' check)."""
    attempt = get_scoped_or_404(session, Attempt, attempt_id, principal)
    if principal.role is Role.TRAINEE and attempt.trainee_id != principal.user_id:
        raise NotFound()
    return attempt


AttemptRef = Annotated[Attempt, Depends(path_loader(Attempt, "attempt_id", _attempt))]
InspectionRef = Annotated[Inspection, Depends(path_loader(Inspection, "inspection_id"))]
FindingRef = Annotated[Finding, Depends(path_loader(Finding, "finding_id"))]


def load_question(
    session: Db,
    principal: Signed,
    course: CourseRef,
    question_id: Annotated[str, Path(description="Question id (UUID)")],
) -> Question:
    return assessments.get_question(session, principal, course, question_id)


QuestionRef = Annotated[Question, Depends(load_question)]
