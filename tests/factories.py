"""Build real objects through the services (never raw SQL) for tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import AuthSession, User
from classroom.accounts.service import insert_user
from classroom.core.security import new_token, token_hash
from classroom.core.tenancy import INSTITUTION_ROLES, Role
from classroom.institutions.models import Institution
from classroom.institutions.schemas import InstitutionCreate
from classroom.institutions.service import create_institution

PASSWORD = "test-pass-123"
_counter = itertools.count(1)


def make_institution(
    session: Session,
    app: FastAPI,
    code: str = "hanbit",
    name: str = "한빛직업전문학교",
    admin_email: str | None = None,
) -> tuple[Institution, User]:
    created = create_institution(
        session,
        app.state.clock,
        app.state.passwords,
        None,
        InstitutionCreate(
            code=code,
            name=name,
            admin_email=admin_email or f"admin@{code}.example",
            admin_name="김관리",
            admin_password=PASSWORD,
        ),
    )
    session.commit()
    return created.institution, created.admin.user


def make_user(
    session: Session,
    app: FastAPI,
    institution: Institution | None,
    role: Role,
    email: str | None = None,
    name: str | None = None,
    **extra: object,
) -> User:
    n = next(_counter)
    user = insert_user(
        session,
        app.state.clock,
        app.state.passwords,
        institution_id=institution.id if institution else None,
        email=email or f"{role.value}{n}@{institution.code if institution else 'step'}.example",
        name=name or f"사용자{n}",
        role=role,
        password=PASSWORD,
        **extra,
    ).user  # type: ignore[arg-type]
    session.commit()
    return user


def token_for(session: Session, app: FastAPI, user: User, kind: str = "api") -> str:
    token = new_token()
    now = app.state.clock.now()
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id,
            kind=kind,
            created_at=now,
            expires_at=now + timedelta(hours=12),
        )
    )
    session.commit()
    return token


def signed_in_browser(app: FastAPI, session: Session, user: User):  # type: ignore[no-untyped-def]
    """A TestClient carrying `user`'s web session and a CSRF cookie, plus the matching form token."""
    from fastapi.testclient import TestClient

    from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for

    client = TestClient(app, base_url="http://testserver")
    client.cookies.set(SESSION_COOKIE, token_for(session, app, user, kind="web"))
    client.cookies.set(CSRF_COOKIE, "page-test-cookie")
    return client, csrf_token_for(app.state.settings.secret_key, "page-test-cookie")


def bearer(session: Session, app: FastAPI, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(session, app, user)}"}


@dataclass
class Tenant:
    institution: Institution
    users: dict[Role, User] = field(default_factory=dict)


@dataclass
class World:
    """Two institutions with one user of every role, plus platform operator and inspector."""

    a: Tenant
    b: Tenant
    operator: User
    inspector: User

    def user(self, role: Role, tenant: str = "a") -> User:
        if role is Role.OPERATOR:
            return self.operator
        if role is Role.INSPECTOR:
            return self.inspector
        return getattr(self, tenant).users[role]


def build_world(session: Session, app: FastAPI) -> World:
    tenants = []
    for code, name in (("hanbit", "한빛직업전문학교"), ("mirae", "미래IT아카데미")):
        institution, admin = make_institution(session, app, code, name)
        tenant = Tenant(institution, {Role.INSTITUTION_ADMIN: admin})
        for role in INSTITUTION_ROLES:
            if role is not Role.INSTITUTION_ADMIN:
                tenant.users[role] = make_user(session, app, institution, role)
        tenants.append(tenant)
    operator = make_user(session, app, None, Role.OPERATOR, email="operator@step.example", name="정운영")
    inspector = make_user(session, app, None, Role.INSPECTOR, email="inspector@step.example", name="윤점검")
    return World(tenants[0], tenants[1], operator, inspector)


# --- leases (ASP leases, invoices, subsidy) -------------------------------------------------


def principal_of(user: User):  # type: ignore[no-untyped-def]
    from classroom.accounts.auth import principal_for

    return principal_for(user)


def make_programme(session: Session, app: FastAPI, year: int = 2026, **settings: object):  # type: ignore[no-untyped-def]
    """Open a programme year through the service (defaults: cap 300, 1/2, ₩5.2bn, ₩300,000/classroom)."""
    from classroom.leases.programmes import put_programme
    from classroom.leases.schemas import ProgrammeSettings

    programme, _ = put_programme(
        session, app.state.clock, None, year, ProgrammeSettings(**settings).model_dump()
    )  # type: ignore[arg-type]
    session.commit()
    return programme


def make_lease(
    session: Session,
    app: FastAPI,
    admin: User,
    *,
    classrooms: int = 1,
    starts_on=None,  # type: ignore[no-untyped-def]
    ends_on=None,
    approve_by: User | None = None,
):
    """Request a lease as `admin` (default: from today to the end of the year); approve it
    when `approve_by` (an operator) is given."""
    from datetime import date

    from classroom.leases import leases as service

    clock = app.state.clock
    starts_on = starts_on or service.today(clock)
    ends_on = ends_on or date(starts_on.year, 12, 31)
    lease = service.request_lease(
        session, clock, principal_of(admin), classrooms=classrooms, starts_on=starts_on, ends_on=ends_on
    )
    if approve_by is not None:
        service.approve_lease(session, clock, principal_of(approve_by), lease)
    session.commit()
    return lease


def designate(session: Session, app: FastAPI, operator: User, institution: Institution, valid_from, valid_to):  # type: ignore[no-untyped-def]
    from classroom.leases.designations import create_designation

    designation = create_designation(
        session,
        app.state.clock,
        principal_of(operator),
        institution_id=institution.id,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    session.commit()
    return designation


# --- courses -------------------------------------------------------------------------------


def lease_classrooms(
    session: Session, app: FastAPI, institution_id, first, last, classrooms: int = 1
) -> None:  # type: ignore[no-untyped-def]
    """Approved leases covering first..last (one per programme year), requested and approved
    through the services on the day before `first`, as an institution would have done."""
    from datetime import date, datetime, time, timedelta

    from sqlmodel import select

    from classroom.core.clock import SEOUL
    from classroom.leases.programmes import find_programme

    clock = app.state.clock
    saved = clock.now()
    admin = session.exec(
        select(User).where(User.institution_id == institution_id, User.role == Role.INSTITUTION_ADMIN.value)
    ).first()
    operator = session.exec(select(User).where(User.role == Role.OPERATOR.value)).first()
    if operator is None:
        operator = make_user(
            session, app, None, Role.OPERATOR, email="lease-desk@step.example", name="임대담당"
        )
    try:
        for year in range(first.year, last.year + 1):
            start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
            clock.set(datetime.combine(start - timedelta(days=1), time(9), tzinfo=SEOUL))
            if find_programme(session, year) is None:
                make_programme(session, app, year)
            make_lease(
                session, app, admin, classrooms=classrooms, starts_on=start, ends_on=end, approve_by=operator
            )
    finally:
        clock.set(saved)


def make_course(
    session: Session,
    app: FastAPI,
    author: User,
    *,
    title: str = "AI 기반 스마트팩토리 데이터 분석 실무",
    instructors: list[User] | None = None,
    capacity: int = 20,
    starts_on=None,
    ends_on=None,
    category: str = "new_tech",
    leased: bool = True,
):  # type: ignore[no-untyped-def]
    """A draft course made by `author` (an institution admin or instructor) through the service.

    With `leased`, the institution also gets an approved one-classroom lease for the course's
    period, so publishing it passes the lease quota as it would for a real institution."""
    from datetime import date

    from classroom.courses.schemas import CourseCreate
    from classroom.courses.service import create_course

    course = create_course(
        session,
        app.state.clock,
        principal_of(author),
        CourseCreate(
            title=title,
            category=category,
            starts_on=starts_on or date(2026, 4, 1),
            ends_on=ends_on or date(2026, 9, 30),
            capacity=capacity,
            instructor_ids=[u.id for u in (instructors or [])],
        ),
    )
    session.commit()
    if leased:
        lease_classrooms(session, app, course.institution_id, course.starts_on, course.ends_on)
    return course


def add_course_session(
    session: Session,
    app: FastAPI,
    author: User,
    course,
    mode: str,
    day,
    start: str,
    end: str,
    **fields: object,
):  # type: ignore[no-untyped-def]
    """One session on a Korean calendar day, times as 'HH:MM' wall-clock."""
    from datetime import datetime, time

    from classroom.core.clock import SEOUL
    from classroom.courses.schemas import SessionCreate
    from classroom.courses.sessions import add_session

    starts = datetime.combine(day, time.fromisoformat(start), tzinfo=SEOUL)
    ends = datetime.combine(day, time.fromisoformat(end), tzinfo=SEOUL)
    row = add_session(
        session,
        app.state.clock,
        principal_of(author),
        course,
        SessionCreate(mode=mode, starts_at=starts, ends_at=ends, **fields),
    )  # type: ignore[arg-type]
    session.commit()
    return row


def make_valid_plan(
    session: Session,
    app: FastAPI,
    author: User,
    course,
    *,
    supervisor: User | None = None,
    room: str = "B동 301호",
):  # type: ignore[no-untyped-def]
    """A 144 h blended plan on April–May 2026 weekdays: 24 h live + 8 h VOD (22.2% online), 64 h classroom,
    48 h on-site (when a supervisor is given; otherwise classroom)."""
    from datetime import date, timedelta

    day = date(2026, 4, 6)  # Monday
    made = 0
    plan = (
        ["live"] * 6
        + ["vod"] * 2
        + ["classroom"] * 16
        + (["onsite"] * 12 if supervisor else ["classroom"] * 12)
    )
    for mode in plan:
        while day.weekday() >= 5 or day in (date(2026, 5, 1), date(2026, 5, 5), date(2026, 5, 25)):
            day += timedelta(days=1)
        extra: dict[str, object] = {}
        if mode == "classroom":
            extra["room"] = room
        if mode == "onsite":
            extra.update(host_company="(주)대성정밀", supervisor_id=supervisor.id)  # type: ignore[union-attr]
        add_course_session(session, app, author, course, mode, day, "09:00", "13:00", **extra)
        made += 1
        day += timedelta(days=1)
    return made
