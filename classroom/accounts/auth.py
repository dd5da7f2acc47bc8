"""Request authentication and role gates: `Annotated[Principal, Depends(require(...))]`."""

from __future__ import annotations

import inspect
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlmodel import Session, select

from classroom.accounts.models import AuthSession, User
from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.csrf import verify_header_csrf
from classroom.core.db import get_db
from classroom.core.errors import Forbidden, LoginRequired, Unauthenticated
from classroom.core.security import SESSION_COOKIE, token_hash
from classroom.core.tenancy import Principal, Role


def principal_for(user: User) -> Principal:
    return Principal(user_id=user.id, role=Role(user.role), institution_id=user.institution_id,
                     name=user.name, locale=user.locale or "ko")


def _lookup(session: Session, clock: Clock, token: str, kind: str) -> User | None:
    row = session.exec(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)  # type: ignore[arg-type]
        .where(AuthSession.token_hash == token_hash(token), AuthSession.kind == kind)
    ).first()
    if row is None:
        return None
    auth, user = row
    if auth.revoked_at is not None or auth.expires_at <= clock.now() or not user.is_active:
        return None
    return user


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def resolve_principal(request: Request, session: Session) -> Principal | None:
    """Bearer token first (API clients), then the browser session cookie."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    clock: Clock = request.app.state.clock
    token = bearer_token(request)
    user: User | None = None
    if token is not None:
        user = _lookup(session, clock, token, "api")
        if user is None:
            raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            user = _lookup(session, clock, cookie, "web")
            if user is not None and request.url.path.startswith("/api/"):
                verify_header_csrf(request)
    if user is None:
        return None
    principal = principal_for(user)
    request.state.principal = principal
    request.state.lang = i18n.choose(user.locale, request.cookies.get("lang"),
                                     request.headers.get("accept-language"))
    return principal


class require:  # noqa: N801 - reads as a declaration: Depends(require(Permission.X))
    """Role gate. API routes answer 401/403; page routes send people to the login page."""

    def __init__(self, permission: str, *, page: bool = False) -> None:
        self.permission = permission
        self.page = page

    def __call__(self, request: Request, session: Annotated[Session, Depends(get_db, scope="function")]) -> Principal:
        principal = resolve_principal(request, session)
        if principal is None:
            if self.page:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                raise LoginRequired(target)
            raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
        if not principal.can(self.permission):
            raise Forbidden()
        return principal


def public_route() -> None:
    """Marks a route as deliberately open to anonymous callers (the access test reads this)."""


def optional_principal(request: Request, session: Annotated[Session, Depends(get_db, scope="function")]) -> Principal | None:
    return resolve_principal(request, session)


def scoped_path(model: type, param: str, permission: str, *, page: bool = False, for_update: bool = False):  # type: ignore[no-untyped-def]
    """Dependency loading `model` by the path parameter `param` within the caller's tenant.

    Resolving the object as a dependency means another institution's id answers 404 before
    FastAPI would answer 422 for the body, so the two cases cannot be told apart.
    """
    from classroom.core.tenancy import get_scoped_or_404

    gate = require(permission, page=page)

    def load(session: Session, principal: Principal, **path: str):  # type: ignore[no-untyped-def]
        # A malformed id is the same 404 as a missing or foreign one (get_scoped_or_404 parses it).
        return get_scoped_or_404(session, model, path[param], principal, for_update=for_update)

    # Postponed annotations cannot see the local `gate`, so the signature is given as objects;
    # declaring the path parameter here also documents it in the OpenAPI schema.
    keyword = inspect.Parameter.KEYWORD_ONLY
    load.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("session", keyword, annotation=Annotated[Session, Depends(get_db, scope="function")]),
        inspect.Parameter("principal", keyword, annotation=Annotated[Principal, Depends(gate)]),
        inspect.Parameter(param, keyword, annotation=Annotated[str, Path(description=f"{model.__name__} id (UUID)")]),
    ])
    return load
