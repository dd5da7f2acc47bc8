"""Sign-in, throttling of failed attempts, sessions and tokens.

A sign-in never verifies a password inside a database transaction (argon2 takes tens of
milliseconds; a flood of bogus sign-ins must not hold the database):
1. a short read, in a read-only session of its own (`reading_beside`: on SQLite it never takes
   the write gate): the throttle's counts and the account's hash;
2. the password is verified with no transaction open — for an unknown account against a dummy
   hash, so a sign-in costs the same whether or not the account exists;
3. a short write: a failure is stored and audited in its own session and committed before the
   refusal is raised (so it survives the request's rollback); a success writes the session row
   or token, the cleared failures and the audit entry through the request's session.

Throttling (`_check_throttle`), so that nobody elsewhere can lock a user out:
- per account *and* client address: `login_max_failures` failures within the window refuse
  that account from that address only (429 with Retry-After);
- per client address: `login_address_max_failures` failures within the window, whatever the
  accounts, refuse that address (password spraying);
- per account from every address: past `login_account_delay_after` failures within the
  window, each attempt must wait a delay that doubles with every further failure, up to
  `login_account_max_delay_seconds` after the last one — a distributed guesser gets one try per
  delay, the owner at worst waits that long, never a lockout.
A refusal by the throttle does no password work at all, for every account alike.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from classroom.accounts.auth import principal_for
from classroom.accounts.models import AuthSession, LoginFailure, SessionKind, User
from classroom.accounts.validation import normalize_code, normalize_email
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.db import reading_beside
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


def _retry_after(clock: Clock, free_at: datetime) -> TooManyRequests:
    seconds = max(1, math.ceil((free_at - clock.now()).total_seconds()))
    return TooManyRequests(
        "login.throttled",
        code="login_throttled",
        params={"minutes": math.ceil(seconds / 60)},
        headers={"Retry-After": str(seconds)},
    )


def _failures(session: Session, since: datetime, *conditions: Any) -> list[datetime]:
    statement = select(LoginFailure.at).where(LoginFailure.at > since, *conditions)
    return list(session.exec(statement.order_by(col(LoginFailure.at))))


def _check_throttle(session: Session, clock: Clock, settings: Settings, key: str, ip: str | None) -> None:
    now = clock.now()
    window = timedelta(seconds=settings.login_failure_window_seconds)
    since = now - window
    if ip is not None:
        limit = settings.login_address_max_failures
        from_address = _failures(session, since, LoginFailure.ip == ip)
        if len(from_address) >= limit:
            raise _retry_after(clock, from_address[-limit] + window)
        limit = settings.login_max_failures
        pair = _failures(session, since, LoginFailure.account_key == key, LoginFailure.ip == ip)
        if len(pair) >= limit:
            # Allowed again once the limit-th most recent failure leaves the window.
            raise _retry_after(clock, pair[-limit] + window)
    account = _failures(session, since, LoginFailure.account_key == key)
    beyond = len(account) - settings.login_account_delay_after
    if beyond >= 0:
        delay = min(2**beyond, settings.login_account_max_delay_seconds)
        free_at = account[-1] + timedelta(seconds=delay)
        if free_at > now:
            raise _retry_after(clock, free_at)


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


@dataclass(frozen=True)
class _Account:
    user_id: uuid.UUID
    password_hash: str
    is_active: bool
    institution_id: uuid.UUID | None


def _own_session(session: Session) -> Session:
    """A short session of its own on the request session's bind (on a connection already in a
    transaction — a test's — it works in a savepoint of its own)."""
    return Session(session.get_bind(), expire_on_commit=False, join_transaction_mode="create_savepoint")


def _look_up(
    session: Session,
    clock: Clock,
    settings: Settings,
    key: str,
    institution_code: str,
    email: str,
    ip: str | None,
) -> _Account | None:
    with reading_beside(session) as own:
        _check_throttle(own, clock, settings, key, ip)
        user = find_login_user(own, institution_code, email)
        found = (
            _Account(user.id, user.password_hash, user.is_active, user.institution_id)
            if user is not None
            else None
        )
        own.commit()  # the read ends here: nothing is held while the password is verified
    return found


def _record_failure(
    session: Session, clock: Clock, settings: Settings, key: str, account: _Account | None, ip: str | None
) -> None:
    now = clock.now()
    with _own_session(session) as own:
        # Failures older than the window count for nothing any more.
        own.execute(
            delete(LoginFailure).where(
                col(LoginFailure.at) < now - timedelta(seconds=settings.login_failure_window_seconds)
            )
        )
        own.add(LoginFailure(account_key=key, at=now, ip=ip))
        audit.record(
            own,
            clock,
            None,
            "login.failed",
            "account",
            key[:64],
            institution_id=account.institution_id if account else None,
            detail={"ip": ip},
        )
        own.commit()


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
    """The first database work of a sign-in route (see the module's docstring)."""
    key = account_key(institution_code, email)
    account = _look_up(session, clock, settings, key, institution_code, email, ip)
    valid = passwords.verify(account.password_hash if account else None, password)
    if account is None or not valid or not account.is_active:
        _record_failure(session, clock, settings, key, account, ip)
        raise InvalidCredentials()
    rehashed = passwords.hash(password) if passwords.needs_rehash(account.password_hash) else None
    user = session.get(User, account.user_id)  # tenancy: the account whose password was just verified
    assert user is not None  # read a moment ago; users are deactivated, never deleted
    session.execute(
        delete(LoginFailure).where(col(LoginFailure.account_key) == key, col(LoginFailure.ip) == ip)
    )
    if rehashed is not None:
        user.password_hash = rehashed
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


def revoke_institution_sessions(session: Session, clock: Clock, institution_id: uuid.UUID) -> int:
    """End every browser session and API token of an institution's users (it was deactivated)."""
    users = select(User.id).where(User.institution_id == institution_id)  # tenancy: the named institution
    statement = select(AuthSession).where(
        col(AuthSession.user_id).in_(users), col(AuthSession.revoked_at).is_(None)
    )
    count = 0
    for auth in session.exec(statement):
        auth.revoked_at = clock.now()
        session.add(auth)
        count += 1
    return count


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
