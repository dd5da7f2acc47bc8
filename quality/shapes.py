"""The typed answers of the quality services, shaped once for the API and the pages alike (the
pages render the same objects the JSON carries, so both show one figure the same way)."""

from __future__ import annotations

import uuid
from fractions import Fraction

from sqlmodel import Session, col, select

from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course
from quality import access, attempts, employment, grading, results
from quality.completion import CompletionList
from quality.exports import reason_text
from quality.inspections import Detail
from quality.models import Answer, Assessment, Attempt, AttemptEvent
from quality.priorities import Entry
from quality.rates import CourseRates, Group
from quality.rules import employment as employment_rules
from quality.rules import timing
from quality.rules.kinds import AttemptStatus
from quality.rules.survey import MIN_ANSWERS, Aggregate
from quality.schemas import (
    AssessmentOut,
    AttemptDetailOut,
    AttemptOut,
    CompletionLineOut,
    CompletionOut,
    CourseRatesOut,
    EmploymentOut,
    EvidenceOut,
    Figure,
    GradedItemOut,
    ItemOut,
    QuestionSummaryOut,
    RateOut,
    ReasonOut,
    ResultOut,
    ResultsOut,
    SurveyOut,
)
from quality.schemas_inspections import (
    FindingOut,
    InspectionDetailOut,
    MessageOut,
    NoteOut,
    PriorityOut,
    PriorityReasonOut,
)
from quality.surveys import CourseSurvey


def _item(
    item: dict[str, object], answer: Answer | None, cls: type[ItemOut] = ItemOut, **extra: object
) -> ItemOut:
    return cls(
        question_id=str(item["question_id"]),
        kind=item["kind"],
        text=str(item["text"]),
        points=int(item["points"]),  # type: ignore[call-overload]
        choices=list(item.get("choices") or []),  # type: ignore[call-overload]
        response_choices=list(answer.choices) if answer else [],
        response_text=answer.text if answer else "",
        points_awarded=answer.points if answer else None,
        comment=answer.comment if answer else "",
        **extra,
    )


def attempt_out(
    session: Session, clock: Clock, principal: Principal, course: Course, attempt: Attempt
) -> AttemptOut:
    """The trainee's view: points and comments only once the results are published."""
    answers = attempts.answers_for(session, principal, attempt)
    published = results.own_result(session, principal, course) is not None
    items = []
    for item in attempt.items:
        out = _item(item, answers.get(str(item["question_id"])))
        if not published:
            out.points_awarded, out.comment = None, ""
        items.append(out)
    status = attempts.effective_status(attempt, clock)
    return AttemptOut(
        id=attempt.id,
        number=attempt.number,
        status=status,
        started_at=attempt.started_at,
        deadline_at=attempt.deadline_at,
        remaining_seconds=timing.remaining_seconds(attempt.deadline_at, clock.now())
        if status is AttemptStatus.IN_PROGRESS
        else 0,
        submitted_at=attempt.submitted_at
        or (attempt.deadline_at if status is not AttemptStatus.IN_PROGRESS else None),
        closed_by=attempt.closed_by,
        items=items,
        score=Figure.score(attempt.score) if published and attempt.score is not None else None,
    )


def attempt_detail(session: Session, principal: Principal, attempt: Attempt) -> AttemptDetailOut:
    answers = grading.answers_of(session, principal, attempt)
    events = scoped(select(AttemptEvent), principal).where(AttemptEvent.attempt_id == attempt.id)
    name = access.names(session, principal, {attempt.trainee_id}).get(attempt.trainee_id, "")
    items = []
    for item in attempt.items:
        answer = answers.get(str(item["question_id"]))
        items.append(
            _item(
                item,
                answer,
                GradedItemOut,
                correct=list(item.get("correct") or []),
                accepted=list(item.get("accepted") or []),
                auto_points=answer.auto_points if answer else None,
            )
        )
    return AttemptDetailOut(
        id=attempt.id,
        trainee_id=attempt.trainee_id,
        trainee_name=name,
        number=attempt.number,
        status=attempt.status,
        started_at=attempt.started_at,
        deadline_at=attempt.deadline_at,
        submitted_at=attempt.submitted_at,
        closed_by=attempt.closed_by,
        earned=attempt.earned,
        possible=attempt.possible,
        score=Figure.score(attempt.score),
        items=items,
        evidence=[EvidenceOut.model_validate(e) for e in session.exec(events.order_by(col(AttemptEvent.at)))],
    )


def course_attempts(session: Session, principal: Principal, assessment: Assessment) -> list[Attempt]:
    statement = scoped(select(Attempt), principal).where(Attempt.assessment_id == assessment.id)
    return list(session.exec(statement.order_by(col(Attempt.started_at))))


def results_out(
    session: Session, principal: Principal, course: Course, assessment: Assessment | None
) -> ResultsOut:
    scores = results.course_results(session, principal, course)
    made: dict[uuid.UUID, int] = {}
    if assessment is not None:
        for attempt in course_attempts(session, principal, assessment):
            made[attempt.trainee_id] = made.get(attempt.trainee_id, 0) + 1
    rows = []
    for member in access.roster(session, principal, course):
        result = scores.get(member.trainee_id)
        rows.append(
            ResultOut(
                trainee_id=member.trainee_id,
                name=member.name,
                email=member.email,
                enrolled=member.enrolled,
                score=Figure.score(result.score if result else None),
                passed=None if result is None else result.score >= course.pass_mark,
                source=result.source if result else None,
                graded_at=result.graded_at if result else None,
                attempts=made.get(member.trainee_id, 0),
            )
        )
    return ResultsOut(
        pass_mark=course.pass_mark,
        published_at=assessment.results_published_at if assessment else None,
        results=rows,
    )


def completion_out(listing: CompletionList, lang: str) -> CompletionOut:
    return CompletionOut(
        course_id=listing.course.id,
        pass_mark=listing.course.pass_mark,
        attendance_threshold=Figure.percent(listing.threshold),
        attendance_recorded=listing.attendance_recorded,
        provisional=listing.provisional,
        completed=listing.completed,
        pending=listing.pending,
        confirmed_at=listing.confirmed_at,
        lines=[
            CompletionLineOut(
                trainee_id=line.trainee_id,
                name=line.name,
                email=line.email,
                enrolled=line.enrolled,
                attendance_rate=Figure.percent(line.attendance.rate),
                attendance_pending=line.attendance.pending,
                training_days=line.attendance.training_days,
                absent_days=line.attendance.absent_days + line.attendance.converted_absences,
                score=Figure.score(line.score),
                state=line.decision.state.value,
                reasons=[ReasonOut(code=r.code, text=reason_text(r, lang)) for r in line.decision.reasons],
                confirmed_completed=None if line.confirmed is None else line.confirmed.completed,
            )
            for line in listing.lines
        ],
    )


def employment_out(rows: list[employment.Row]) -> list[EmploymentOut]:
    return [
        EmploymentOut(
            trainee_id=r.record.trainee_id,
            name=r.name,
            email=r.email,
            recorded=r.outcome is not None,
            employed=r.outcome.employed if r.outcome else None,
            starts_on=r.outcome.starts_on if r.outcome else None,
            employer=r.outcome.employer if r.outcome else "",
            insured=r.outcome.insured if r.outcome else None,
            evidence_name=r.outcome.evidence_name if r.outcome else None,
            evidence_size=r.outcome.evidence_size if r.outcome else None,
        )
        for r in rows
    ]


def _rates(counts: employment_rules.Counts, item: CourseRates | None) -> list[RateOut]:
    return [
        RateOut(
            months=m,
            horizon=item.horizon(m) if item else None,
            final=item.final(m) if item else None,
            employed_insured=counts.at(m, insured_only=True),
            employed_all=counts.at(m, insured_only=False),
            insured=Figure.percent(counts.rate(m, insured_only=True)),
            all=Figure.percent(counts.rate(m, insured_only=False)),
        )
        for m in employment_rules.HORIZONS
    ]


def course_rates_out(item: CourseRates) -> CourseRatesOut:
    return CourseRatesOut(
        course_id=item.course_id,
        title=item.title,
        institution_id=item.institution_id,
        institution_name=item.institution_name,
        ends_on=item.ends_on,
        completion_confirmed=item.confirmed,
        completers=item.counts.completers,
        rates=_rates(item.counts, item),
        high_performing=item.counts.high_performing,
    )


def group_out(group: Group) -> CourseRatesOut:
    return CourseRatesOut(
        course_id=None,
        title=group.label,
        institution_id=uuid.UUID(group.key) if _is_uuid(group.key) else None,
        institution_name=group.label if _is_uuid(group.key) else "",
        ends_on=None,
        completion_confirmed=None,
        completers=group.counts.completers,
        rates=_rates(group.counts, None),
        high_performing=group.counts.high_performing,
        courses=group.courses,
        high_performing_courses=group.high_performing,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def survey_out(item: CourseSurvey | None, aggregate: Aggregate, title: str) -> SurveyOut:
    return SurveyOut(
        course_id=item.course_id if item else None,
        title=title,
        answers=aggregate.answers,
        shown=aggregate.shown,
        minimum=MIN_ANSWERS,
        overall=Figure.mean(aggregate.overall_mean) if aggregate.shown else None,
        questions=[
            QuestionSummaryOut(
                question=q.question, mean=Figure.mean(q.mean), distribution=list(q.distribution)
            )
            for q in aggregate.questions
        ]
        if aggregate.shown
        else [],
        comments=list(item.comments) if item else [],
    )


def inspection_out(found: Detail, principal: Principal) -> InspectionDetailOut:
    base = InspectionDetailOut.model_validate(found.inspection)
    base.institution_name = found.institution_name
    base.findings = [
        FindingOut(
            id=f.id,
            severity=f.severity,
            title=f.title,
            description=f.description,
            evidence=[{k: str(v) for k, v in link.items()} for link in f.evidence],
            due_on=f.due_on,
            overdue=found.overdue[f.id],
            status=f.status,
            created_at=f.created_at,
            messages=[MessageOut.model_validate(m) for m in found.messages[f.id]],
        )
        for f in found.findings
    ]
    base.notes = [NoteOut.model_validate(n) for n in found.notes] if principal.cross_tenant else None
    return base


def priority_out(entry: Entry, lang: str) -> PriorityOut:
    return PriorityOut(
        course_id=entry.course.id,
        title=entry.course.title,
        institution_id=entry.course.institution_id,
        institution_name=entry.institution_name,
        ends_on=entry.course.ends_on,
        score=entry.score,
        reasons=[
            PriorityReasonOut(
                code=r.code,
                points=r.points,
                text=i18n.t(f"quality.priority.{r.code}", lang, **_figures(r.figures, lang)),
            )
            for r in entry.reasons
        ],
    )


def _figure(value: object, lang: str) -> object:
    if isinstance(value, Fraction):
        return employment_rules.percent_text(value)
    if isinstance(value, tuple):  # attendance's signal kinds, worded by its catalogue
        return ", ".join(i18n.t(f"signal.kind.{kind}", lang) for kind in value)
    return value


def _figures(figures: dict[str, object], lang: str) -> dict[str, object]:
    return {k: _figure(v, lang) for k, v in figures.items()}


def assessment_out(assessment: Assessment | None) -> AssessmentOut | None:
    return None if assessment is None else AssessmentOut.model_validate(assessment)
