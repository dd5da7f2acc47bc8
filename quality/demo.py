"""Demo step of the quality package (after courses: it builds on the demo courses).

- The running 한빛 course gets its completion assessment: an online exam open from three days ago
  for two weeks (40 minutes, five questions). Four trainees took it two days ago — three graded,
  essays with comments, one essay still waiting for the instructor; two of them from one
  address at the same time, which the exam signals show. The demo trainee (최지우) has not
  taken it yet: she can, on her phone.
- Its completion list reads the demo's real attendance (attendance's demo step runs first):
  provisional while the course runs, the trainee who misses days below the rate, the graded
  trainees who attend and pass completing so far; its fraud signals rank it for the inspector.
- Finished cohorts (demo_cohorts.py) give confirmed completion, employment rates and satisfaction.
- The inspector has an open remote inspection of the running course: one finding answered by
  the institution, one waiting, and private notes; and a closed on-site inspection of 1기.
Everything goes through the services, at the time it would have happened.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from classroom.accounts.auth import principal_for
from classroom.accounts.demo import DemoResult
from classroom.core.clock import SEOUL, Clock, FrozenClock, seoul_date
from classroom.core.security import Passwords
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses.lifecycle import advance
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import LessonMode
from quality import assessments, attempts, grading, inspections
from quality.demo_cohorts import HANBIT_FIRST, HANBIT_SECOND, MIRAE_ZERO, seed_cohort
from quality.models import Attempt
from quality.rules.kinds import (
    AssessmentKind,
    DrawMode,
    InspectionMode,
    InspectionScope,
    QuestionKind,
    Severity,
)

COURSE_TITLE = "AI 기반 스마트팩토리 데이터 분석 실무"
BANK = (
    (
        QuestionKind.SINGLE,
        "스마트공장에서 설비의 상태 데이터를 실시간으로 수집해 상위 시스템에 보내는 장치는?",
        5,
        ("PLC·IoT 게이트웨이", "ERP", "그룹웨어", "MES 보고서"),
        (0,),
        (),
    ),
    (
        QuestionKind.SINGLE,
        "불량 여부(양품/불량)를 예측하는 문제는 어떤 유형인가?",
        5,
        ("회귀", "분류", "군집", "차원 축소"),
        (1,),
        (),
    ),
    (
        QuestionKind.MULTIPLE,
        "센서 데이터 전처리에 해당하는 것을 모두 고르시오.",
        10,
        ("결측치 보간", "이상치 제거", "모델 배포", "스케일링"),
        (0, 1, 3),
        (),
    ),
    (
        QuestionKind.SHORT,
        "상자 그림에서 이상치를 판단할 때 쓰는 사분위 범위의 영문 약어는?",
        10,
        (),
        (),
        ("IQR",),
    ),
    (
        QuestionKind.ESSAY,
        "설비 진동 데이터로 고장을 예측하는 모델을 만들 때의 절차와 평가 지표를 서술하시오.",
        20,
        (),
        (),
        (),
    ),
)
# (trainee index, answers by question, essay text, essay points or None, ip)
TAKERS = (
    (
        1,
        ([0], [1], [0, 1, 3], "IQR"),
        "데이터 수집 → 결측치 보간 → 특징 추출(RMS, 첨도) → 랜덤 포레스트 학습 → 재현율과 F1으로 평가합니다.",
        (18, "절차와 지표 선택 근거가 명확합니다."),
        "203.246.85.11",
    ),
    (
        2,
        ([0], [1], [0, 3], "iqr"),
        "진동 데이터를 모아서 딥러닝으로 학습하고 정확도로 평가합니다.",
        (10, "불균형 데이터에서 정확도만 보면 안 되는 이유를 보완하세요."),
        "211.36.142.20",
    ),
    (
        3,
        ([0], [0], [0, 1, 3], "사분위"),
        "이동 평균으로 잡음을 줄이고 이상치 탐지 후 분류 모델을 만든 뒤 혼동 행렬로 평가합니다.",
        (14, "평가 지표를 구체적으로 쓰면 좋겠습니다."),
        "211.36.142.20",
    ),
    (
        4,
        ([0], [1], [0, 1, 3], "IQR"),
        "FFT로 주파수 특징을 뽑고 LSTM으로 잔여 수명을 예측, RMSE로 평가합니다.",
        None,
        "175.223.10.7",
    ),
)


def _at(day: date, hour: int, minute: int = 0) -> FrozenClock:
    return FrozenClock(datetime.combine(day, time(hour, minute), tzinfo=SEOUL))


def _course(session: Session, admin: Principal, title: str) -> Course:
    found = session.exec(scoped(select(Course), admin).where(Course.title == title)).first()
    assert found is not None, f"the courses demo makes {title}"
    return found


def _exam(session: Session, clock: Clock, result: DemoResult, course: Course) -> list[Attempt]:
    today = seoul_date(clock.now())
    teacher = principal_for(result.users[f"hanbit:{Role.INSTRUCTOR}"])
    opened = _at(today - timedelta(days=3), 9)
    settings = assessments.Settings(
        AssessmentKind.ONLINE,
        "이수자평가: 제조 데이터 분석",
        "휴대폰으로도 응시할 수 있습니다. 40분 안에 5문항을 풀고 제출하세요.",
        opened.now(),
        datetime.combine(today + timedelta(days=14), time(18), tzinfo=SEOUL),
        40,
        DrawMode.FIXED,
    )
    assessments.put(session, opened, teacher, course, settings)
    for kind, text, points, choices, correct, accepted in BANK:
        assessments.add_question(
            session,
            opened,
            teacher,
            course,
            assessments.QuestionData(kind, text, points, choices, correct, accepted),
        )
    made = []
    sitting = today - timedelta(days=2)
    for index, (who, picks, essay, grade, ip) in enumerate(TAKERS):
        trainee = result.trainees["hanbit"][who]
        principal = principal_for(trainee)
        start = _at(sitting, 14, index)
        where = attempts.Where(ip, f"demo-{trainee.email.split('@')[0]}")
        attempt = attempts.start(session, start, principal, course, where)
        items = attempt.items
        for item, pick in zip(items[:4], picks, strict=True):
            if isinstance(pick, list):
                attempts.save(
                    session,
                    start,
                    principal,
                    attempt,
                    item["question_id"],
                    choices=pick,
                    text="",
                    where=where,
                )
            else:
                attempts.save(
                    session,
                    start,
                    principal,
                    attempt,
                    item["question_id"],
                    choices=[],
                    text=str(pick),
                    where=where,
                )
        attempts.save(
            session,
            _at(sitting, 14, 20 + index),
            principal,
            attempt,
            items[4]["question_id"],
            choices=[],
            text=essay,
            where=where,
        )
        attempts.submit(session, _at(sitting, 14, 31 + index), principal, attempt, where)
        if grade is not None:
            points, comment = grade
            grading.grade_item(
                session,
                _at(sitting + timedelta(days=1), 10),
                teacher,
                course,
                attempt,
                items[4]["question_id"],
                points,
                comment,
            )
        made.append(attempt)
    return made


def _inspections(
    session: Session, clock: Clock, result: DemoResult, course: Course, first: Course, taken: list[Attempt]
) -> None:
    inspector = principal_for(result.users[f"platform:{Role.INSPECTOR}"])
    admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    today = seoul_date(clock.now())
    opened = _at(today - timedelta(days=5), 10)
    live = session.exec(
        scoped(select(Lesson), admin)
        .where(Lesson.course_id == course.id, Lesson.mode == LessonMode.LIVE)
        .order_by(col(Lesson.starts_at))
    ).first()
    inspection = inspections.open_inspection(
        session,
        opened,
        inspector,
        inspections.Opening(
            InspectionScope.COURSE,
            InspectionMode.REMOTE,
            f"{today.year}년 스마트훈련 원격 운영 점검",
            course_id=course.id,
            summary="실시간 원격 차시의 출결 증빙과 이수자평가 운영을 확인합니다.",
            due_on=today + timedelta(days=10),
        ),
    )
    links = [{"kind": "exam_attempt", "id": str(taken[1].id)}]
    if live is not None:
        links.insert(0, {"kind": "lesson", "id": str(live.id)})
    answered = inspections.add_finding(
        session,
        opened,
        inspector,
        inspection,
        inspections.FindingData(
            Severity.MEDIUM,
            "실시간 차시 출결 증빙 보완",
            "1주차 실시간 강의의 접속 기록과 출석 처리 결과가 일치하는지 증빙이 필요합니다.",
            links,
        ),
    )
    inspections.add_finding(
        session,
        opened,
        inspector,
        inspection,
        inspections.FindingData(
            Severity.LOW,
            "서술형 채점 기준 공개",
            "이수자평가 서술형 문항의 채점 기준을 훈련생에게 미리 안내했는지 자료를 제출해 주십시오.",
        ),
    )
    inspections.answer(
        session,
        _at(today - timedelta(days=3), 16),
        admin,
        answered,
        "LMS 접속 로그와 출석부를 대조한 자료를 첨부합니다. 접속이 끊긴 2명은 60초 안에 재접속하여 출석으로 인정되었습니다.",
    )
    inspections.add_note(
        session,
        _at(today - timedelta(days=2), 11),
        inspector,
        inspection,
        "같은 IP에서 동시에 응시한 2명: 기관 실습실 PC인지 현장 점검 때 확인할 것.",
    )
    closed = inspections.open_inspection(
        session,
        _at(first.ends_on + timedelta(days=20), 10),
        inspector,
        inspections.Opening(
            InspectionScope.COURSE, InspectionMode.ONSITE, "1기 수료 후 현장 점검", course_id=first.id
        ),
    )
    finding = inspections.add_finding(
        session,
        _at(first.ends_on + timedelta(days=20), 11),
        inspector,
        closed,
        inspections.FindingData(
            Severity.LOW, "수료 확정 근거 보관", "수료 판정에 쓴 출석부 원본을 보관해 주십시오."
        ),
    )
    inspections.answer(
        session,
        _at(first.ends_on + timedelta(days=22), 9),
        admin,
        finding,
        "원본을 문서고에 보관하고 사본을 첨부합니다.",
    )
    inspections.close_finding(
        session, _at(first.ends_on + timedelta(days=25), 9), inspector, finding, "확인했습니다."
    )
    inspections.close_inspection(
        session, _at(first.ends_on + timedelta(days=25), 10), inspector, closed, "지적 사항 시정 완료"
    )


def seed_quality(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    course = _course(session, admin, COURSE_TITLE)
    taken = _exam(session, clock, result, course)
    first = seed_cohort(
        session, clock, passwords, result.users, result.institutions["hanbit"].id, HANBIT_FIRST
    )
    seed_cohort(session, clock, passwords, result.users, result.institutions["hanbit"].id, HANBIT_SECOND)
    seed_cohort(session, clock, passwords, result.users, result.institutions["mirae"].id, MIRAE_ZERO)
    advance(session, clock)  # the cohorts' courses are over: the calendar moves them to finished
    _inspections(session, clock, result, course, first, taken)
    session.flush()
    result.notes.append(
        f"성과평가: '{COURSE_TITLE}' 온라인 이수자평가(응시 {len(taken)}명, 채점 대기 1명)와 출결 기반 수료 현황, "
        "지난 기수 3개 과정의 수료·취업률·만족도, 원격 점검 1건(진행 중)·현장 점검 1건(종결)"
    )
