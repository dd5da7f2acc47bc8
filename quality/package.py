"""Quality management: completion assessment, completion, employment, satisfaction, inspections."""

from classroom.core.package import Package
from classroom.core.permissions import Permission as P
from quality.demo import seed_quality
from quality.inspection_models import Finding, FindingMessage, Inspection, InspectorNote
from quality.jobs import JOBS, PERIODIC, wire
from quality.messages import MESSAGES
from quality.models import (
    Answer,
    Assessment,
    AssessmentResult,
    Attempt,
    AttemptEvent,
    ExamSignal,
    Question,
    ResultChange,
    Retake,
)
from quality.outcome_models import CompletionRecord, EmploymentOutcome, SurveyReceipt, SurveyResponse
from quality.routes_exam import router as exam_router
from quality.routes_inspections import router as inspection_router
from quality.routes_outcomes import router as outcome_router

PACKAGE = Package(
    name="quality",
    models=(
        Assessment,
        Question,
        Attempt,
        Answer,
        AttemptEvent,
        Retake,
        ExamSignal,
        AssessmentResult,
        ResultChange,
        CompletionRecord,
        EmploymentOutcome,
        SurveyResponse,
        SurveyReceipt,
        Inspection,
        Finding,
        FindingMessage,
        InspectorNote,
    ),
    messages=MESSAGES,
    permissions=frozenset(
        {
            P.ASSESSMENT_TAKE,
            P.ASSESSMENT_READ,
            P.ASSESSMENT_MANAGE,
            P.COMPLETION_CONFIRM,
            P.EMPLOYMENT_READ,
            P.EMPLOYMENT_WRITE,
            P.SURVEY_ANSWER,
            P.SURVEY_RESULTS,
            P.INSPECTIONS_READ,
            P.INSPECTIONS_CONDUCT,
            P.INSPECTIONS_ANSWER,
            P.QUALITY_PRIORITIES,
        }
    ),
    api_routers=(exam_router, outcome_router, inspection_router),
    demo=seed_quality,
    periodic=PERIODIC,
    jobs=JOBS,
    wire=wire,
)
