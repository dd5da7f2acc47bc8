"""Sign-in, throttling of failed attempts, sessions and tokens.

A sign-in is checked in its own short transaction (`_check_credentials`): the throttle window is
read, the account looked up and the password verified there, and a failure is stored and audited
and committed there before the refusal is raised. A counted failure therefore survives whatever
the request does with the refusal (the API rolls its unit of work back, the login page renders
the form again), and no route commits on an error. Only a success writes through the request's
session: the session row or token, the cleared failures, the audit entry.

SQLite takes its write lock when a transaction begins, so the check must run before the request's
session has touched the database: `login` is the first database work of a sign-in route.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from classroom.accounts.auth import principal_for
from classroom.accounts.models import AuthSession, LoginFailure, SessionKind, User
from classroom.accounts.validation import normalize_code, normalize_email
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import ClassroomError, TooManyRequests
from classroom.core.security import Passwords, new_token, token_hash
from classroom.core.settings import Settings
from classroom.institutions.models import Institution


class InvalidCredentials(ClassroomError):
    status, code, message_key = 401, "invalid_credentials", "login.invalid"


@dataclass(frozen=True)
class Issued:
    user: User
    token: str
    max_age: int


def account_key(institution_code: str, email: str) -> str:
    return f"{normalize_code(institution_code) or '-'}:{normalize_email(email)}"


def _check_throttle(session: Session, clock: Clock, settings: Settings, key: str) -> None:
    now = clock.now()
    window = timedelta(seconds=settings.login_failure_window_seconds)
    failures = list(
        session.exec(
            select(LoginFailure.at)
            .where(LoginFailure.account_key == key, LoginFailure.at > now - window)
            .order_by(col(LoginFailure.at))
        )
    )
    limit = settings.login_max_failures
    if len(failures) >= limit:
        # Allowed again once the limit-th most recent failure leaves the window.
        free_at = failures[-limit] + window
        seconds = max(1, math.ceil((free_at - now).total_seconds()))
        raise TooManyRequests(
            "login.throttled",
            code="login_throttled",
            params={"minutes": math.ceil(seconds / 60)},
            headers={"Retry-After": str(seconds)},
        )


def find_login_user(session: Session, institution_code: str, email: str) -> User | None:
    code = normalize_code(institution_code)
    # tenancy: finding the account being signed into, before any principal exists
    statement = select(User).where(User.email == normalize_email(email))
    if code:
        institution = session.exec(select(Institution).where(Institution.code == code)).first()
        if institution is None or not institution.is_active:
            return None
        statement = statement.where(User.institution_id == institution.id)
    else:
        statement = statement.where(col(User.institution_id).is_(None))
    return session.exec(statement).first()


def _check_credentials(
    session: Session,
    clock: Clock,
    settings: Settings,
    passwords: Passwords,
    *,
    key: str,
    institution_code: str,
    email: str,
    password: str,
    ip: str | None,
) -> uuid.UUID:
    """The signed-in user's id, or a refusal; a failure is committed in this own short transaction.

    The second session shares the request session's bind; on a connection that is already in a
    transaction (a test's outer transaction) it works in a savepoint of its own."""
    with Session(session.get_bind(), expire_on_commit=False, join_transaction_mode="create_savepoint") as own:
        _check_throttle(own, clock, settings, key)
        user = find_login_user(own, institution_code, email)
        valid = passwords.verify(user.password_hash if user else None, password)
        if user is not None and valid and user.is_active:
            return user.id
        own.add(LoginFailure(account_key=key, at=clock.now(), ip=ip))
        audit.record(
            own,
            clock,
            None,
            "login.failed",
            "account",
            key[:64],
            institution_id=user.institution_id if user else None,
            detail={"ip": ip},
        )
        own.commit()
    raise InvalidCredentials()


def login(
    session: Session,
    clock: Clock,
    settings: Settings,
    passwords: Passwords,
    *,
    institution_code: str,
    email: str,
    password: str,
    kind: SessionKind,
    ip: str | None = None,
    user_agent: str | None = None,
) -> Issued:
    key = account_key(institution_code, email)
    user_id = _check_credentials(
        session,
        clock,
        settings,
        passwords,
        key=key,
        institution_code=institution_code,
        email=email,
        password=password,
        ip=ip,
    )
    user = session.get(User, user_id)  # tenancy: the account whose password was just verified
    assert user is not None  # read a moment ago; users are deactivated, never deleted
    session.execute(delete(LoginFailure).where(col(LoginFailure.account_key) == key))
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
    max_age = (
        settings.session_max_age_seconds if kind is SessionKind.WEB else settings.api_token_max_age_seconds
    )
    token = new_token()
    now = clock.now()
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id,
            kind=kind,
            created_at=now,
            expires_at=now + timedelta(seconds=max_age),
            ip=ip,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    audit.record(
        session, clock, principal_for(user), "login", "user", user.id, detail={"kind": kind.value, "ip": ip}
    )
    session.flush()
    return Issued(user=user, token=token, max_age=max_age)


def logout(session: Session, clock: Clock, token: str | None) -> None:
    if not token:
        return
    auth = session.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).first()
    if auth is not None and auth.revoked_at is None:
        auth.revoked_at = clock.now()
        session.add(auth)


def revoke_sessions(
    session: Session, clock: Clock, user_id: uuid.UUID, *, keep_token: str | None = None
) -> int:
    """End the user's browser sessions and API tokens, except the one presenting `keep_token`."""
    keep = token_hash(keep_token) if keep_token else None
    count = 0
    for auth in session.exec(
        select(AuthSession).where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
    ):
        if auth.token_hash != keep:
            auth.revoked_at = clock.now()
            session.add(auth)
            count += 1
    return count
