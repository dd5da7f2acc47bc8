"""Request authentication, permission gates and path-object loaders for every package.

A route says who may call it with one gate, `Annotated[Principal, Depends(require(P.X))]`
(each package names its gates in its own `auth.py`), and takes its path objects through a
loader made by `path_loader`. Order per request: authentication (401, or the login page for
pages) → permission (403) → path object (404 for a foreign, missing or malformed id) → body
(422). Declare the gate before the loaded objects in a route's parameters; the route walker
checks that order.
"""

# No `from __future__ import annotations`: `path_loader` builds its dependency in a closure, and
# FastAPI must see that function's annotations as objects, not strings naming closure variables.

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, TypeAlias, TypeVar

from fastapi import Depends, Path
from sqlalchemy import Row, Table, bindparam, select
from sqlmodel import Session
from starlette.requests import HTTPConnection

from classroom.accounts.models import AuthSession, RosterImport, SessionKind, User
from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.csrf import verify_header_csrf
from classroom.core.db import get_db
from classroom.core.errors import ClassroomError, Forbidden, LoginRequired, Unauthenticated, wants_html
from classroom.core.permissions import Permission
from classroom.core.security import SESSION_COOKIE, token_hash
from classroom.core.tenancy import Principal, TenantOptional, TenantOwned, get_scoped_or_404
from classroom.core.unit_of_work import end_with_gate
from classroom.institutions.models import Institution

Db = Annotated[Session, Depends(get_db, scope="function")]
# The sign-in check's row: plain values, see `_SIGNED_IN`.
SignedInRow: TypeAlias = Row[*tuple[Any, ...]]


def principal_for(user: User | SignedInRow) -> Principal:
    return Principal(
        user_id=user.id,
        role=user.role,
        institution_id=user.institution_id,
        name=user.name,
        locale=user.locale or i18n.DEFAULT,
    )


# The user's columns the sign-in check reads: what builds the principal and what /me shows
# (`schemas.UserOut`), never the password hash.
SIGNED_IN_USER_COLUMNS = (
    "id",
    "institution_id",
    "email",
    "name",
    "role",
    "locale",
    "phone",
    "learning_card_no",
    "is_active",
    "must_change_password",
    "created_at",
)
_USERS: Table = User.__table__  # type: ignore[attr-defined]
_SESSIONS: Table = AuthSession.__table__  # type: ignore[attr-defined]
_INSTITUTIONS: Table = Institution.__table__  # type: ignore[attr-defined]
_users, _sessions, _institutions = _USERS.c, _SESSIONS.c, _INSTITUTIONS.c
# Built once: the statement is the same for every request, only the token's hash changes. Plain
# columns on the session's connection (SQLAlchemy Core): no ORM objects to build for a check
# every request makes. The institution comes along (outer join), for its state and for /me.
_SIGNED_IN = (  # tenancy: the token names the user, before any principal exists
    select(
        _sessions.revoked_at,
        _sessions.expires_at,
        *(_users[name] for name in SIGNED_IN_USER_COLUMNS),
        _institutions.is_active.label("institution_active"),
        _institutions.code.label("institution_code"),
        _institutions.name.label("institution_name"),
    )
    .select_from(
        _SESSIONS.join(_USERS, _users.id == _sessions.user_id).outerjoin(
            _INSTITUTIONS, _institutions.id == _users.institution_id
        )
    )
    .where(_sessions.token_hash == bindparam("token_hash"), _sessions.kind == bindparam("kind"))
)


def _lookup(session: Session, clock: Clock, token: str, kind: SessionKind) -> SignedInRow | None:
    """The signed-in user's row (`SIGNED_IN_USER_COLUMNS` and the institution's code and name),
    or None for an unknown, revoked or expired token, an inactive user or a deactivated
    institution. Read in the request's transaction: nothing is cached between requests, so a
    sign-out or a deactivation counts from the next request on."""
    params = {"token_hash": token_hash(token), "kind": kind.value}
    row: SignedInRow | None = session.connection().execute(_SIGNED_IN, params).first()
    if row is None:
        return None
    if row.revoked_at is not None or _aware(row.expires_at) <= clock.now() or not row.is_active:
        return None
    if row.institution_active is False:
        return None  # a deactivated institution's users are out at once (None: no institution)
    return row


def _aware(moment: datetime) -> datetime:
    # Some drivers hand SQLite's naive values back as they are; the comparison needs an aware one.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class PasswordChangeRequired(ClassroomError):
    """The user signed in with a password someone else chose: nothing but changing it (pages
    are sent to the form, the API answers 403 with this code)."""

    status, code, message_key = 403, "password_change_required", "password.must_change"


E = TypeVar("E", bound=Callable[..., Any])
_OPEN_WITH_TEMPORARY_PASSWORD = "_classroom_open_with_temporary_password"


def while_changing_password(endpoint: E) -> E:
    """Marks a route that a user who must change their password may still use: seeing and
    changing their own account, signing out. Every other route refuses them."""
    setattr(endpoint, _OPEN_WITH_TEMPORARY_PASSWORD, True)
    return endpoint


def _open_with_temporary_password(request: HTTPConnection) -> bool:
    return bool(getattr(request.scope.get("endpoint"), _OPEN_WITH_TEMPORARY_PASSWORD, False))


def bearer_token(request: HTTPConnection) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def resolve_principal(request: HTTPConnection, session: Session) -> Principal | None:
    """Bearer token first (API clients), then the browser session cookie."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        if getattr(request.state, "must_change_password", False) and not _open_with_temporary_password(
            request
        ):
            raise PasswordChangeRequired()
        return cached
    clock: Clock = request.app.state.clock
    token = bearer_token(request)
    found: SignedInRow | None = None
    if token is not None:
        found = _lookup(session, clock, token, SessionKind.API)
        if found is None:
            raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            found = _lookup(session, clock, cookie, SessionKind.WEB)
            if found is not None and request.url.path.startswith("/api/"):
                verify_header_csrf(request)
    if found is None:
        return None
    principal = principal_for(found)
    request.state.principal = principal
    request.state.must_change_password = found.must_change_password
    request.state.signed_in = found
    request.state.lang = i18n.choose(
        found.locale, request.cookies.get("lang"), request.headers.get("accept-language")
    )
    if found.must_change_password and not _open_with_temporary_password(request):
        raise PasswordChangeRequired()
    return principal


def signed_in_row(request: HTTPConnection) -> SignedInRow:
    """The caller's row as the sign-in check read it in this request's transaction (only after
    a gate has passed): `SIGNED_IN_USER_COLUMNS`, `institution_code`, `institution_name`. Plain
    values, no ORM object: an `async def` route may read it on the event loop."""
    row: SignedInRow = request.state.signed_in
    return row


def _not_signed_in(request: HTTPConnection) -> Exception:
    # People are sent to the login page; API clients get a 401 with the scheme to use.
    if wants_html(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return LoginRequired(target)
    return Unauthenticated(headers={"WWW-Authenticate": "Bearer"})


def current_principal(request: HTTPConnection, session: Db) -> Principal:
    """Any signed-in user; the path loaders depend on this, the route on its permission gate."""
    principal = resolve_principal(request, session)
    if principal is None:
        raise _not_signed_in(request)
    return principal


class Gate:
    """The permission check of one route (built by `require`; the route walker reads it)."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    def __call__(self, request: HTTPConnection, session: Db) -> Principal:
        principal = current_principal(request, session)
        if not principal.can(self.permission):
            raise Forbidden()
        end_with_gate(request)  # a route marked `ends_with_gate`: its read unit ends here
        return principal

    def __repr__(self) -> str:
        return f"require({self.permission!s})"


@functools.cache
def require(permission: Permission) -> Gate:
    """One gate object per permission, so a route and its dependencies share one cached check."""
    return Gate(permission)


async def public_route() -> None:
    """Marks a route as deliberately open to anonymous callers (the access test reads this)."""


def optional_principal(request: HTTPConnection, session: Db) -> Principal | None:
    return resolve_principal(request, session)


Signed = Annotated[Principal, Depends(current_principal)]
T = TypeVar("T", bound=TenantOwned | TenantOptional)


def path_loader(
    model: type[T],
    param: str,
    load: Callable[[Session, Principal, str], T] | None = None,
    *,
    for_update: bool = False,
) -> Callable[..., T]:
    """A dependency loading `model` named by the path parameter `param`, within the caller's reach.

    `load` narrows further than the tenant (e.g. a trainee sees only enrolled courses); without
    it the object is read through the tenant filter. Loading as a dependency means another
    institution's id answers 404 before FastAPI would answer 422 for the body, so the two cases
    cannot be told apart. Use as `Annotated[Course, Depends(load_course)]`.
    """

    def default(session: Session, principal: Principal, object_id: str) -> T:
        return get_scoped_or_404(session, model, object_id, principal, for_update=for_update)

    loader = load or default

    def load_path_object(
        session: Db,
        principal: Signed,
        object_id: Annotated[str, Path(alias=param, description=f"{model.__name__} id (UUID)")],
    ) -> T:
        return loader(session, principal, object_id)

    load_path_object.__name__ = f"load_{param}"
    return load_path_object


def gate_of(dependency: Any) -> Permission | None:
    """The permission a dependency callable checks, if it is a gate (used by the route walker)."""
    return dependency.permission if isinstance(dependency, Gate) else None


# --- the accounts package's own gates and path objects --------------------------------------

SelfUser = Annotated[Principal, Depends(require(Permission.SELF))]
UsersReader = Annotated[Principal, Depends(require(Permission.USERS_READ))]
UsersWriter = Annotated[Principal, Depends(require(Permission.USERS_WRITE))]
load_user = path_loader(User, "user_id")
UserRef = Annotated[User, Depends(load_user)]


def _load_import(session: Session, principal: Principal, import_id: str) -> "RosterImport":
    from classroom.accounts.roster_import import get_import

    return get_import(session, principal, import_id)


ImportRef = Annotated[RosterImport, Depends(path_loader(RosterImport, "import_id", _load_import))]
