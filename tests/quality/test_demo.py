"""The quality demo, on several calendar days: an exam the demo trainee can take with graded
results beside it, finished cohorts with completion, rates by end month and satisfaction, and
an inspection from finding to answer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from classroom.accounts.auth import principal_for
from classroom.core.tenancy import Role
from classroom.courses import queries
from classroom.demo import seed
from quality import attempts, completion, inspections, priorities, rates, shapes, signals, surveys
from quality.rules.kinds import AttemptStatus, FindingStatus, InspectionStatus

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 12, 1, 14, tzinfo=SEOUL),
        datetime(2026, 1, 5, 9, tzinfo=SEOUL),  # the cohorts ran last year, across New Year
        datetime(2026, 12, 31, 23, tzinfo=SEOUL),
    ],
)
def test_demo_quality(app, session, clock, when):
    clock.set(when)
    result = seed(session, clock, app.state.passwords)
    session.commit()
    admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    courses = {c.title: c for c in queries.list_courses(session, admin)}
    running = courses["AI 기반 스마트팩토리 데이터 분석 실무"]

    jiwoo = principal_for(result.trainees["hanbit"][0])
    state = attempts.state(session, clock, jiwoo, running)
    assert state.can_start and not state.attempts  # the demo trainee takes it herself
    teacher = principal_for(result.users[f"hanbit:{Role.INSTRUCTOR}"])
    taken = shapes.results_out(session, teacher, running, state.assessment)
    graded = [r for r in taken.results if r.score.shown is not None]
    assert len(graded) == 3 and all(r.passed is not None for r in graded)
    exam = [a.status for a in shapes.course_attempts(session, teacher, state.assessment)]
    assert sorted(exam) == sorted([AttemptStatus.GRADED] * 3 + [AttemptStatus.SUBMITTED])
    assert [s.kind.value for s in signals.of_course(session, teacher, running.id)] == ["shared_ip"]

    # Completion of the running course on the demo's real attendance (so far: provisional).
    listing = completion.build(session, clock, admin, running)
    assert listing.attendance_recorded and listing.provisional
    by_email = {line.email: line for line in listing.lines}
    assert all(line.attendance.rate is not None for line in listing.lines)
    at_risk = by_email["sua@hanbit.example"]
    assert at_risk.attendance.rate < listing.threshold and "attendance_low" in {
        r.code for r in at_risk.decision.reasons
    }
    assert any(line.decision.completed for line in listing.lines)  # graded, attending, passing

    operator = principal_for(result.users[f"platform:{Role.OPERATOR}"])
    inspector = principal_for(result.users[f"platform:{Role.INSPECTOR}"])
    ranked = {e.course.id: e for e in priorities.ranked(session, clock, inspector)}
    assert "fraud_signals" in {r.code for r in ranked[running.id].reasons}  # attendance's signals
    items = rates.compute(session, clock, operator)
    assert {i.title for i in items} == {
        "스마트 제조 데이터 분석 실무 1기",
        "스마트 제조 데이터 분석 실무 2기",
        "클라우드 네이티브 개발자 양성 0기",
    }
    first = next(i for i in items if i.title.endswith("1기"))
    assert first.confirmed and first.counts.completers == 5 and first.final(6)
    assert first.counts.rate(6, insured_only=False) is not None
    assert len(rates.by_end_month(items)) == 3 and {g.label for g in rates.by_institution(items)} == {
        "한빛직업전문학교",
        "미래IT아카데미",
    }
    overview = {s.title: s.aggregate for s in surveys.overview(session, operator)}
    assert (
        overview["스마트 제조 데이터 분석 실무 2기"].shown
        and overview["스마트 제조 데이터 분석 실무 2기"].answers == 6
    )
    assert not overview["클라우드 네이티브 개발자 양성 0기"].shown  # 3 answers: a count only

    found = inspections.listing(session, admin)
    open_one = next(i for i in found if i.status is InspectionStatus.OPEN)
    statuses = sorted(f.status.value for f in inspections.findings(session, admin, open_one))
    assert statuses == sorted([FindingStatus.ANSWERED.value, FindingStatus.OPEN.value])
    assert inspections.notes(session, admin, open_one) == []  # private to the inspector
    assert inspections.notes(session, operator, open_one)
    assert any(i.status is InspectionStatus.CLOSED for i in found)
