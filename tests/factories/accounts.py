"""Test factories for institutions, users, sign-in tokens and the two-institution world.

Factories build real objects through the services (never raw SQL)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.accounts.auth import principal_for
from classroom.accounts.models import AuthSession, SessionKind, User
from classroom.accounts.service import insert_user
from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for, new_token, token_hash
from classroom.core.tenancy import INSTITUTION_ROLES, Principal, Role
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
    phone: str | None = None,
    learning_card_no: str | None = None,
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
        phone=phone,
        learning_card_no=learning_card_no,
    ).user
    session.commit()
    return user


def token_for(session: Session, app: FastAPI, user: User, kind: SessionKind | str = SessionKind.API) -> str:
    token = new_token()
    now = app.state.clock.now()
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id,
            kind=SessionKind(kind),
            created_at=now,
            expires_at=now + timedelta(hours=12),
        )
    )
    session.commit()
    return token


def signed_in_browser(app: FastAPI, session: Session, user: User) -> tuple[TestClient, str]:
    """A TestClient carrying `user`'s web session and a CSRF cookie, plus the matching form token."""

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
        return (self.a if tenant == "a" else self.b).users[role]


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


def principal_of(user: User) -> Principal:
    return principal_for(user)
