"""Taking the online exam, on the server's clock (`rules.timing`).

A trainee starts an attempt inside the window; the questions are drawn and frozen into the
attempt; each answer is saved as it changes (autosave) with the time, address and device; a
dropped connection resumes the same attempt with the time left; a save or a submission after
the deadline is refused (`Late`) and recorded, and the attempt is closed at its deadline with
the answers saved in time. Evidence (start, resume, focus lost and back, saves, submission,
late refusals) is append-only and feeds the exam signals.

Reads never write (a GET is a read-only unit of work): an attempt whose time ran out is shown
as closed at once and stored as closed by the next write (a save, a submission, a grading) or
by the periodic sweep.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from attendance import checkin
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import NotFound
from classroom.core.tenancy import Principal, Role, get_scoped_or_404, scoped, tenant_system_principal
from classroom.courses.models import Course
from quality import access, assessments, grading
from quality.errors import conflict, invalid
from quality.models import Answer, Assessment, Attempt, AttemptEvent
from quality.rules import timing
from quality.rules.kinds import AttemptStatus, ClosedBy, DrawMode, EvidenceKind, QuestionKind

# The browser id attendance's check-in pages set: an exam taken on a phone carries the same
# device id its check-ins did, so evidence of one person's phone lines up across both.
DEVICE_COOKIE = checkin.DEVICE_COOKIE
MAX_TEXT = 10_000
CLIENT_EVENTS = {EvidenceKind.FOCUS_LOST, EvidenceKind.FOCUS_BACK, EvidenceKind.OFFLINE, EvidenceKind.RESUME}


@dataclass(frozen=True)
class Where:
    """Where a request came from: its address and the browser's device id."""

    ip: str | None = None
    device: str | None = None


@dataclass(frozen=True)
class Late:
    """A save or submission that arrived after the deadline: refused, recorded, attempt closed."""

    attempt: Attempt


@dataclass
class ExamState:
    assessment: Assessment | None
    attempts: list[Attempt] = field(default_factory=list)
    retake_granted: bool = False
    refusal: str | None = None  # why no attempt can start now
    current: Attempt | None = None  # an attempt still running

    @property
    def can_start(self) -> bool:
        return self.refusal is None and self.current is None

    @property
    def can_resume(self) -> bool:
        return self.current is not None


def effective_status(attempt: Attempt, clock: Clock) -> AttemptStatus:
    if attempt.status is AttemptStatus.IN_PROGRESS and not timing.in_time(attempt.deadline_at, clock.now()):
        return AttemptStatus.SUBMITTED
    return attempt.status


def own_attempts(
    session: Session, principal: Principal, assessment: Assessment, trainee_id: uuid.UUID
) -> list[Attempt]:
    statement = scoped(select(Attempt), principal).where(
        Attempt.assessment_id == assessment.id, Attempt.trainee_id == trainee_id
    )
    return sorted(session.exec(statement), key=lambda a: a.number)


def state(session: Session, clock: Clock, principal: Principal, course: Course) -> ExamState:
    """What the trainee may do about the course's exam now (a read: nothing is stored)."""
    assessment = assessments.find(session, principal, course)
    if assessment is None or assessments.window_of(assessment) is None:
        return ExamState(assessment, refusal="no_exam")
    window = assessments.window_of(assessment)
    assert window is not None
    made = own_attempts(session, principal, assessment, principal.user_id)
    granted = bool(grading.retakes(session, principal, assessment).get(principal.user_id))
    current = next((a for a in made if effective_status(a, clock) is AttemptStatus.IN_PROGRESS), None)
    refusal = timing.start_refusal(window, clock.now())
    if refusal is None and timing.start_blocked_by_attempts(len(made), int(granted)):
        refusal = "no_attempts_left"
    if refusal is None and not access.is_enrolled_trainee(session, principal, course):
        refusal = "not_enrolled"
    return ExamState(assessment, made, granted, refusal, current)


def _evidence(
    session: Session, clock: Clock, attempt: Attempt, kind: EvidenceKind, where: Where, **detail: Any
) -> None:
    session.add(
        AttemptEvent(
            institution_id=attempt.institution_id,
            attempt_id=attempt.id,
            kind=kind,
            at=clock.now(),
            ip=(where.ip or None) and where.ip[:64],
            device_id=(where.device or None) and where.device[:64],
            detail=detail,
        )
    )


def _draw(attempt_id: uuid.UUID, assessment: Assessment, bank: list[Any]) -> list[dict[str, Any]]:
    chosen = list(bank)
    if assessment.draw is DrawMode.SHUFFLED:
        # Seeded by the attempt: the same attempt always has the same order (a retry of the
        # start request cannot reshuffle), different attempts differ.
        random.Random(attempt_id.int).shuffle(chosen)
        if assessment.question_count:
            chosen = chosen[: assessment.question_count]
    return [
        {
            "question_id": str(q.id),
            "kind": q.kind.value,
            "text": q.text,
            "choices": list(q.choices),
            "correct": list(q.correct),
            "accepted": list(q.accepted),
            "points": q.points,
        }
        for q in chosen
    ]


def start(session: Session, clock: Clock, principal: Principal, course: Course, where: Where) -> Attempt:
    """Start an attempt, or resume the one still running (idempotent for a double tap)."""
    if principal.role is not Role.TRAINEE:
        raise conflict("quality.exam.trainees_only", "trainees_only")
    assessment = assessments.find(session, principal, course)
    window = assessments.window_of(assessment) if assessment is not None else None
    if assessment is None or window is None:
        raise conflict("quality.exam.none", "no_exam")
    made = own_attempts(session, principal, assessment, principal.user_id)
    for attempt in made:
        if attempt.status is AttemptStatus.IN_PROGRESS:
            if grading.finalise_if_expired(session, clock, course, assessment, attempt):
                continue
            _evidence(session, clock, attempt, EvidenceKind.RESUME, where)
            session.flush()
            return attempt
    current = state(session, clock, principal, course)
    if current.refusal is not None:
        raise conflict(f"quality.exam.refused.{current.refusal}", f"exam_{current.refusal}")
    bank = assessments.questions(session, principal, course)
    if not bank:
        raise conflict("quality.exam.empty_bank", "empty_bank")
    now = clock.now()
    attempt_id = uuid.uuid4()
    items = _draw(attempt_id, assessment, bank)
    attempt = Attempt(
        id=attempt_id,
        institution_id=course.institution_id,
        assessment_id=assessment.id,
        course_id=course.id,
        trainee_id=principal.user_id,
        number=len(made) + 1,
        started_at=now,
        deadline_at=timing.deadline(window, now),
        items=items,
        possible=sum(int(i["points"]) for i in items),
    )
    savepoint = session.begin_nested()
    try:
        session.add(attempt)
        session.flush()
    except IntegrityError:  # the same start arrived twice at once: the other one made it
        savepoint.rollback()
        existing = own_attempts(session, principal, assessment, principal.user_id)
        if existing:
            return existing[-1]
        raise
    savepoint.commit()
    _evidence(session, clock, attempt, EvidenceKind.START, where)
    audit.record(
        session,
        clock,
        principal,
        "quality.attempt.start",
        "attempt",
        attempt.id,
        institution_id=course.institution_id,
        detail={"number": attempt.number, "deadline": attempt.deadline_at.isoformat()},
    )
    session.flush()
    return attempt


def load_own(session: Session, principal: Principal, attempt_id: object) -> Attempt:
    """A trainee's own attempt; anyone else's is a NotFound."""
    attempt = get_scoped_or_404(session, Attempt, attempt_id, principal)
    if attempt.trainee_id != principal.user_id:
        raise NotFound()
    return attempt


def _context(session: Session, attempt: Attempt) -> tuple[Course, Assessment]:
    reader = tenant_system_principal(attempt.institution_id)
    course = session.exec(scoped(select(Course), reader).where(Course.id == attempt.course_id)).one()
    assessment = session.exec(
        scoped(select(Assessment), reader).where(Assessment.id == attempt.assessment_id)
    ).one()
    return course, assessment


def _late(session: Session, clock: Clock, attempt: Attempt, where: Where, what: str) -> Late:
    course, assessment = _context(session, attempt)
    _evidence(
        session,
        clock,
        attempt,
        EvidenceKind.LATE_REFUSED,
        where,
        what=what,
        deadline=attempt.deadline_at.isoformat(),
    )
    grading.finalise_if_expired(session, clock, course, assessment, attempt)
    session.flush()
    return Late(attempt)


def _item(attempt: Attempt, question_id: object) -> dict[str, Any]:
    key = str(question_id)
    for item in attempt.items:
        if item["question_id"] == key:
            return item
    raise NotFound()


def save(
    session: Session,
    clock: Clock,
    principal: Principal,
    attempt: Attempt,
    question_id: object,
    *,
    choices: list[int],
    text: str,
    where: Where,
) -> Answer | Late:
    item = _item(attempt, question_id)
    if attempt.status is not AttemptStatus.IN_PROGRESS:
        raise conflict("quality.exam.closed", "attempt_closed")
    if not timing.in_time(attempt.deadline_at, clock.now()):
        return _late(session, clock, attempt, where, "save")
    kind = QuestionKind(item["kind"])
    picked = sorted(set(choices))
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if any(not 0 <= c < len(item["choices"]) for c in picked):
            raise invalid("choices", "quality.exam.bad_choice")
        if kind is QuestionKind.SINGLE and len(picked) > 1:
            raise invalid("choices", "quality.exam.one_choice")
        text = ""
    else:
        picked = []
        if len(text) > MAX_TEXT:
            raise invalid("text", "quality.exam.text_long", limit=MAX_TEXT)
    now = clock.now()
    statement = scoped(select(Answer), principal).where(
        Answer.attempt_id == attempt.id, Answer.question_id == uuid.UUID(item["question_id"])
    )
    answer = session.exec(statement).first() or Answer(
        institution_id=attempt.institution_id,
        attempt_id=attempt.id,
        question_id=uuid.UUID(item["question_id"]),
        saved_at=now,
    )
    answer.choices, answer.text = picked, text
    answer.saves += 1
    answer.saved_at = now
    session.add(answer)
    _evidence(session, clock, attempt, EvidenceKind.SAVE, where, question_id=item["question_id"])
    session.flush()
    return answer


def record_event(
    session: Session,
    clock: Clock,
    principal: Principal,
    attempt: Attempt,
    kind: EvidenceKind,
    where: Where,
    seconds: int | None = None,
) -> None:
    """Evidence the exam page reports: focus lost or back, a connection drop, a reload."""
    if kind not in CLIENT_EVENTS:
        raise invalid("kind", "quality.exam.bad_event")
    if attempt.status is not AttemptStatus.IN_PROGRESS or not timing.in_time(
        attempt.deadline_at, clock.now()
    ):
        raise conflict("quality.exam.closed", "attempt_closed")
    detail = {"seconds": max(0, min(int(seconds), 86_400))} if seconds is not None else {}
    _evidence(session, clock, attempt, kind, where, **detail)
    session.flush()


def submit(
    session: Session, clock: Clock, principal: Principal, attempt: Attempt, where: Where
) -> Attempt | Late:
    if attempt.status is not AttemptStatus.IN_PROGRESS:
        raise conflict("quality.exam.closed", "attempt_closed")
    if not timing.in_time(attempt.deadline_at, clock.now()):
        return _late(session, clock, attempt, where, "submit")
    course, assessment = _context(session, attempt)
    _evidence(session, clock, attempt, EvidenceKind.SUBMIT, where)
    session.flush()
    grading.close(session, clock, course, assessment, attempt, ClosedBy.TRAINEE)
    audit.record(
        session,
        clock,
        principal,
        "quality.attempt.submit",
        "attempt",
        attempt.id,
        institution_id=attempt.institution_id,
        detail={"number": attempt.number},
    )
    return attempt


def answers_for(session: Session, principal: Principal, attempt: Attempt) -> dict[str, Answer]:
    return grading.answers_of(session, principal, attempt)


def sweep(session: Session, clock: Clock) -> int:
    """Close every attempt whose time ran out (a platform job over all institutions). Rows
    another worker holds are skipped; the next sweep gets them."""
    statement = (
        select(Attempt)  # tenancy: the platform's sweep closes expired attempts of every institution
        .where(Attempt.status == AttemptStatus.IN_PROGRESS, col(Attempt.deadline_at) < clock.now())
        .with_for_update(skip_locked=True)
    )
    closed = 0
    for attempt in list(session.exec(statement)):
        course, assessment = _context(session, attempt)
        if grading.finalise_if_expired(session, clock, course, assessment, attempt):
            closed += 1
    session.flush()
    return closed
