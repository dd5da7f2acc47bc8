"""Demo: earlier cohorts that have finished, so completion, employment rates (by end month) and
satisfaction have something true to show.

- 한빛 1기 ended about eight months ago (both horizons final), 2기 about four months ago (the
  3-month rate final, the 6-month one still counting); 미래 0기 about six months ago.
- Each ran on a lease of its own, requested and approved the week before it started; its
  offline assessment's scores were entered and published after the last day.
- These courses ran before this classroom kept attendance (issue 12), so their completion was
  confirmed from the institution's own attendance register: the decisions are stored through
  `completion.store` with the rates recorded then (one trainee under 80%, one under the pass mark).
- Employment outcomes are recorded for completers (insured and uninsured, one already employed
  before the course ended, one not employed), one with a contract as evidence; trainees
  answered the survey in its window (≥ 5 at 한빛, 3 at 미래: shown only as a count).
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction

from sqlmodel import Session

from classroom.accounts.auth import principal_for
from classroom.accounts.models import User
from classroom.accounts.service import insert_user
from classroom.audit import service as audit
from classroom.core.clock import SEOUL, Clock, FrozenClock, seoul_date
from classroom.core.events import EventBus
from classroom.core.security import Passwords
from classroom.core.tenancy import Principal, Role
from classroom.courses import enrolment, recurring, service
from classroom.courses.models import Course
from classroom.courses.schemas import CourseCreate, RecurringCreate
from classroom.leases import service as leases
from classroom.leases.programmes import find_programme, put_programme
from classroom.leases.schemas import ProgrammeSettings
from quality import assessments, completion, employment, evidence_files, results, surveys
from quality.rules.completion import AttendancePart, decide
from quality.rules.kinds import AssessmentKind

DEMO_PASSWORD = "demo-pass-2026"


def on(day: date, hour: int = 9) -> FrozenClock:
    return FrozenClock(datetime.combine(day, time(hour), tzinfo=SEOUL))


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    attendance: Fraction  # from the institution's register when the course ended
    score: str
    employed: tuple[int, str, bool] | None = None  # (days after the end, employer, insured)
    ratings: tuple[int, int, int, int, int] | None = None
    comment: str = ""


@dataclass(frozen=True)
class Cohort:
    code: str
    title: str
    category: str
    ends_days_ago: int
    people: tuple[Person, ...]


HANBIT_FIRST = Cohort(
    "hanbit",
    "스마트 제조 데이터 분석 실무 1기",
    "new_tech",
    245,
    (
        Person(
            "김도현",
            "dohyun.kim@hanbit.example",
            Fraction(47, 50),
            "88",
            (21, "(주)대성정밀", True),
            (5, 5, 4, 5, 5),
            "현장실습이 가장 도움이 됐습니다.",
        ),
        Person(
            "이하린",
            "harin.lee@hanbit.example",
            Fraction(23, 25),
            "91.5",
            (-30, "(주)한빛오토메이션", True),
            (4, 5, 4, 4, 4),
        ),
        Person(
            "박서진",
            "seojin.park@hanbit.example",
            Fraction(9, 10),
            "76",
            (75, "스마트팩토리솔루션(주)", True),
            (4, 4, 3, 4, 4),
            "실습 PC 사양이 아쉬웠습니다.",
        ),
        Person(
            "정민호",
            "minho.jung@hanbit.example",
            Fraction(43, 50),
            "67.25",
            (150, "(주)그린테크", False),
            (3, 4, 3, 3, 3),
        ),
        Person("최유나", "yuna.choi@hanbit.example", Fraction(41, 50), "82", None, (5, 4, 5, 4, 4)),
        Person("강지훈", "jihoon.kang@hanbit.example", Fraction(3, 4), "85", (40, "(주)대성정밀", True)),
        Person("윤채은", "chaeeun.yoon@hanbit.example", Fraction(22, 25), "54.5"),
    ),
)
HANBIT_SECOND = Cohort(
    "hanbit",
    "스마트 제조 데이터 분석 실무 2기",
    "new_tech",
    122,
    (
        Person(
            "장태윤",
            "taeyun.jang@hanbit.example",
            Fraction(24, 25),
            "93",
            (14, "(주)한빛오토메이션", True),
            (5, 5, 5, 5, 5),
        ),
        Person(
            "송예진",
            "yejin.song@hanbit.example",
            Fraction(9, 10),
            "79.5",
            (60, "(주)대성정밀", True),
            (4, 4, 4, 5, 4),
            "프로젝트 주제를 더 다양하게 해 주세요.",
        ),
        Person(
            "한지민",
            "jimin.han@hanbit.example",
            Fraction(22, 25),
            "71",
            (110, "데이터웍스(주)", False),
            (4, 3, 4, 4, 4),
        ),
        Person("오세훈", "sehoon.oh@hanbit.example", Fraction(43, 50), "64", None, (3, 4, 4, 3, 3)),
        Person("서다인", "dain.seo@hanbit.example", Fraction(21, 25), "88.5", None, (5, 4, 4, 5, 5)),
        Person(
            "문준혁",
            "junhyuk.moon@hanbit.example",
            Fraction(4, 5),
            "60",
            (30, "(주)그린테크", True),
            (4, 4, 3, 4, 4),
        ),
    ),
)
MIRAE_ZERO = Cohort(
    "mirae",
    "클라우드 네이티브 개발자 양성 0기",
    "ict",
    183,
    (
        Person(
            "배유진",
            "yujin.bae@mirae.example",
            Fraction(23, 25),
            "84",
            (35, "(주)클라우드원", True),
            (4, 4, 4, 4, 5),
        ),
        Person(
            "임성민",
            "sungmin.lim@mirae.example",
            Fraction(21, 25),
            "77",
            (95, "넥스트소프트(주)", True),
            (5, 4, 4, 4, 4),
        ),
        Person("조하늘", "haneul.jo@mirae.example", Fraction(22, 25), "69.5", None, (3, 3, 4, 3, 3)),
        Person("노은서", "eunseo.noh@mirae.example", Fraction(9, 10), "90", (200, "(주)클라우드원", False)),
    ),
)
COHORTS = (HANBIT_FIRST, HANBIT_SECOND, MIRAE_ZERO)
WEEKS = 12


def _last_friday(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 4) % 7)


def _lease(session: Session, admin: Principal, operator: Principal, first: date, last: date) -> None:
    """One approved one-classroom lease per programme year of the course, asked a week before."""
    for year in range(first.year, last.year + 1):
        start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
        asked = on(start - timedelta(days=7))
        if find_programme(session, year) is None:
            put_programme(
                session,
                on(min(date(year, 1, 1), start - timedelta(days=8))),
                operator,
                year,
                ProgrammeSettings().model_dump(),
            )
        lease = leases.request_lease(
            session, asked, admin, classrooms=1, starts_on=start, ends_on=end, note="지난 기수 과정 운영"
        )
        leases.approve_lease(session, asked, operator, lease)


def _schedule(session: Session, clock: Clock, admin: Principal, course: Course, teacher: uuid.UUID) -> None:
    first, last = course.starts_on, course.ends_on
    for mode, weekdays, start, end, room, title in (
        ("live", [0], time(9), time(12), None, "실시간 강의: 제조 데이터 분석"),
        ("classroom", [1, 2, 3], time(9), time(13), "B동 302호", "데이터 처리 실습"),
        ("vod", [4], time(19), time(21), None, "이러닝: 머신러닝 기초"),
    ):
        recurring.generate(
            session,
            clock,
            admin,
            course,
            RecurringCreate(
                mode=mode,
                weekdays=weekdays,
                start=start,
                end=end,
                first_day=first,
                last_day=last,
                room=room,
                title=title,
                instructor_id=teacher if mode != "vod" else None,
            ),
        )


def _people(
    session: Session, clock: Clock, passwords: Passwords, institution_id: uuid.UUID, cohort: Cohort
) -> list[User]:
    return [
        insert_user(
            session,
            clock,
            passwords,
            institution_id=institution_id,
            email=p.email,
            name=p.name,
            role=Role.TRAINEE,
            password=DEMO_PASSWORD,
        ).user
        for p in cohort.people
    ]


def _evidence_pdf(name: str, employer: str) -> bytes:
    """A one-page PDF standing for a scanned employment contract."""
    text = f"Employment contract (demo) - {name} / {employer}".encode("ascii", "replace")
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def seed_cohort(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    users: dict[str, User],
    institution_id: uuid.UUID,
    cohort: Cohort,
) -> Course:
    today = seoul_date(clock.now())
    ends_on = _last_friday(today - timedelta(days=cohort.ends_days_ago))
    starts_on = ends_on - timedelta(weeks=WEEKS, days=-3)  # a Monday
    admin = principal_for(users[f"{cohort.code}:{Role.INSTITUTION_ADMIN}"])
    teacher = users[f"{cohort.code}:{Role.INSTRUCTOR}"]
    operator = principal_for(users[f"platform:{Role.OPERATOR}"])
    _lease(session, admin, operator, starts_on, ends_on)
    before = on(starts_on - timedelta(days=7))
    people = _people(session, before, passwords, institution_id, cohort)
    course = service.create_course(
        session,
        before,
        admin,
        CourseCreate(
            title=cohort.title,
            category=cohort.category,
            capacity=20,
            starts_on=starts_on,
            ends_on=ends_on,
            instructor_ids=[teacher.id],
        ),
    )
    _schedule(session, before, admin, course, teacher.id)
    service.publish_course(session, before, admin, course)
    enrolment.enrol(session, before, admin, course, user_ids=[u.id for u in people])
    teacher_p = principal_for(teacher)
    assessments.put(
        session,
        on(ends_on - timedelta(days=14)),
        teacher_p,
        course,
        assessments.Settings(AssessmentKind.OFFLINE, "이수자평가(실기 과제 평가)"),
    )
    graded = on(ends_on, 17)
    for user, person in zip(people, cohort.people, strict=True):
        results.set_offline(session, graded, teacher_p, course, user.id, person.score, note="실기 과제 채점")
    results.publish(session, on(ends_on + timedelta(days=3)), teacher_p, course)
    for user, person in zip(people, cohort.people, strict=True):
        if person.ratings is not None:
            surveys.answer(
                session, on(ends_on, 15), principal_for(user), course, list(person.ratings), person.comment
            )
    _confirm(session, admin, course, people, cohort, on(ends_on + timedelta(days=7)))
    _employment(session, clock, admin, course, people, cohort, ends_on)
    return course


def _confirm(
    session: Session, admin: Principal, course: Course, people: list[User], cohort: Cohort, when: FrozenClock
) -> None:
    now = when.now()
    for user, person in zip(people, cohort.people, strict=True):
        score = Fraction(person.score)
        decision = decide(
            enrolled=True,
            attendance=AttendancePart(person.attendance >= Fraction(4, 5), person.attendance),
            score=score,
            pass_mark=course.pass_mark,
        )
        completion.store(session, course, user.id, decision, person.attendance, score, admin, now)
    audit.record(
        session,
        when,
        admin,
        "quality.completion.confirm",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={"attendance": "institution register (before this classroom)"},
    )


def _employment(
    session: Session,
    clock: Clock,
    admin: Principal,
    course: Course,
    people: list[User],
    cohort: Cohort,
    ends_on: date,
) -> None:
    today = seoul_date(clock.now())
    completers = {r.trainee_id for r in completion.confirmed_completers(session, admin, course)}
    first_evidence = True
    for user, person in zip(people, cohort.people, strict=True):
        if user.id not in completers:
            continue
        if person.employed is None:
            data = employment.OutcomeData(False)
        else:
            days, employer, insured = person.employed
            data = employment.OutcomeData(True, min(ends_on + timedelta(days=days), today), employer, insured)
        employment.put(session, clock, admin, course, user.id, data)
        if data.employed and first_evidence:
            first_evidence = False
            stored = evidence_files.store_evidence(
                evidence_files.store_for(session),
                institution_id=course.institution_id,
                purpose="employment",
                filename=f"근로계약서_{person.name}.pdf",
                stream=io.BytesIO(_evidence_pdf(person.email, "contract")),
            )
            employment.attach_evidence(session, clock, admin, EventBus(), course, user.id, stored)
