"""Users of an institution (and platform staff): create, list, update, passwords, language."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, func, select

from classroom.accounts import passwords as password_work
from classroom.accounts.models import User
from classroom.accounts.rules.passwords import password_problem
from classroom.accounts.schemas import MeUpdate, UserCreate, UserUpdate
from classroom.accounts.validation import (
    card_ok,
    email_ok,
    normalize_card,
    normalize_email,
    normalize_phone,
    phone_ok,
)
from classroom.audit import service as audit
from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.errors import Conflict, ValidationFailed
from classroom.core.permissions import ROLE_PERMISSIONS
from classroom.core.security import Passwords
from classroom.core.tenancy import INSTITUTION_ROLES, Principal, Role, get_scoped_or_404, scoped
from classroom.institutions.models import Institution

if TYPE_CHECKING:
    from classroom.accounts.auth import SignedInRow


@dataclass(frozen=True)
class NewUser:
    user: User
    temporary_password: str | None


def creatable_roles(principal: Principal) -> tuple[Role, ...]:
    if principal.role is Role.OPERATOR:
        return (Role.OPERATOR, Role.INSPECTOR)
    if principal.role is Role.INSTITUTION_ADMIN:
        return INSTITUTION_ROLES
    return ()


def email_taken(session: Session, institution_id: uuid.UUID | None, email: str) -> bool:
    statement = select(User.id).where(User.email == email)  # tenancy: uniqueness within one named tenant
    if institution_id is None:
        statement = statement.where(col(User.institution_id).is_(None))
    else:
        statement = statement.where(User.institution_id == institution_id)
    return session.exec(statement).first() is not None


def field_error(field: str, key: str, value: object = "") -> ValidationFailed:
    return ValidationFailed(
        key,
        code="invalid_field",
        params={"value": value},
        errors=[{"field": field, "message_key": key, "params": {"value": value}}],
    )


def prepare_password(
    session: Session, passwords: Passwords, password: str | None, *, email: str, name: str
) -> password_work.Credential:
    """Check `password` against the policy and hash it (or generate a temporary one) — before
    any write, with the request's read-only transaction ended first (`passwords.release`).
    Page actions call this before their savepoint opens; see `accounts.passwords`."""
    email, name = normalize_email(email), name.strip()
    if password is not None and (problem := password_problem(password, email=email, name=name)):
        raise field_error("password", problem)
    password_work.release(session)
    return password_work.credential(passwords, password, email=email, name=name)


def insert_user(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    *,
    institution_id: uuid.UUID | None,
    email: str,
    name: str,
    role: Role,
    password: str | None = None,
    phone: str | None = None,
    learning_card_no: str | None = None,
    locale: str | None = None,
    must_change_password: bool | None = None,
    credential: password_work.Credential | None = None,
) -> NewUser:
    """Validated insert used by every path that creates accounts (API, pages, CLI, demo).

    `must_change_password` defaults to "the password was generated"; pass True when someone
    other than the user chose it (an admin, a roster file). The password is checked against the
    policy and hashed before the first write (see `accounts.passwords`)."""
    email = normalize_email(email)
    name = name.strip()
    card = normalize_card(learning_card_no)
    phone = normalize_phone(phone)
    if not name:
        raise field_error("name", "user.name_required")
    if not email_ok(email):
        raise field_error("email", "user.email_invalid", email)
    if not card_ok(card):
        raise field_error("learning_card_no", "user.card_invalid", learning_card_no)
    if not phone_ok(phone):
        raise field_error("phone", "user.phone_invalid", phone)
    problem = password_problem(password, email=email, name=name) if password is not None else None
    if credential is None and problem:
        raise field_error("password", problem)
    if email_taken(session, institution_id, email):
        raise Conflict("user.email_taken", code="email_taken", params={"value": email})
    secret = credential or prepare_password(session, passwords, password, email=email, name=name)
    user = User(
        institution_id=institution_id,
        email=email,
        name=name,
        role=role,
        password_hash=secret.password_hash,
        phone=phone,
        learning_card_no=card,
        locale=locale,
        must_change_password=secret.temporary is not None
        if must_change_password is None
        else must_change_password,
        created_at=clock.now(),
    )
    session.add(user)
    session.flush()
    return NewUser(user=user, temporary_password=secret.temporary)


def create_user(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    principal: Principal,
    data: UserCreate,
    *,
    credential: password_work.Credential | None = None,
) -> NewUser:
    if data.role not in creatable_roles(principal):
        raise field_error("role", "user.role_not_allowed", str(data.role))
    institution_id = None if data.role.cross_tenant else principal.require_institution()
    created = insert_user(
        session,
        clock,
        passwords,
        institution_id=institution_id,
        email=data.email,
        name=data.name,
        role=data.role,
        password=data.password,
        phone=data.phone,
        learning_card_no=data.learning_card_no,
        locale=data.locale,
        must_change_password=True,  # whoever chose or saw it, it is not yet the user's own
        credential=credential,
    )
    audit.record(
        session,
        clock,
        principal,
        "user.create",
        "user",
        created.user.id,
        institution_id=institution_id,
        detail={"role": str(data.role), "email": created.user.email},
    )
    return created


def list_users(
    session: Session,
    principal: Principal,
    *,
    role: Role | None = None,
    query: str | None = None,
    institution_id: uuid.UUID | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[User]:
    statement = scoped(select(User), principal)
    if role is not None:
        statement = statement.where(User.role == role)
    if institution_id is not None:
        statement = statement.where(User.institution_id == institution_id)
    if query:
        like = f"%{query.strip().lower()}%"
        statement = statement.where(func.lower(User.name).like(like) | col(User.email).like(like))
    statement = statement.order_by(col(User.role), col(User.name)).offset(offset).limit(limit)
    return list(session.exec(statement))


def count_by_role(session: Session, principal: Principal) -> dict[str, int]:
    statement = scoped(select(User.role, func.count()), principal, User).group_by(col(User.role))
    return dict(session.exec(statement).all())


def get_user(session: Session, principal: Principal, user_id: uuid.UUID) -> User:
    return get_scoped_or_404(session, User, user_id, principal)


def update_user(session: Session, clock: Clock, principal: Principal, user: User, data: UserUpdate) -> User:
    changes = data.model_dump(exclude_unset=True)
    audited = [k for k in ("name", "phone", "locale", "is_active") if k in changes]
    before: dict[str, Any] = {k: getattr(user, k) for k in audited}
    if "name" in changes and changes["name"] is not None:
        if not changes["name"].strip():
            raise field_error("name", "user.name_required")
        user.name = changes["name"].strip()
    if "phone" in changes:
        phone = normalize_phone(changes["phone"])
        if not phone_ok(phone):
            raise field_error("phone", "user.phone_invalid", changes["phone"])
        user.phone = phone
    if "learning_card_no" in changes:
        card = normalize_card(changes["learning_card_no"])
        if not card_ok(card):
            raise field_error("learning_card_no", "user.card_invalid", changes["learning_card_no"])
        user.learning_card_no = card
    if "locale" in changes:
        user.locale = changes["locale"]
    if changes.get("is_active") is not None:
        if user.id == principal.user_id and not changes["is_active"]:
            raise ValidationFailed("user.cannot_deactivate_self", code="cannot_deactivate_self")
        if user.is_active and not changes["is_active"]:
            from classroom.accounts.login import revoke_sessions

            # Signed out everywhere at once; reactivating later does not bring these back.
            revoke_sessions(session, clock, user.id)
        user.is_active = changes["is_active"]
    session.add(user)
    audit.record(
        session,
        clock,
        principal,
        "user.update",
        "user",
        user.id,
        institution_id=user.institution_id,
        # The learning card number is personal: the row says it changed, not what it is.
        detail={
            "changes": audit.changes(before, {k: getattr(user, k) for k in audited}),
            **({"learning_card_changed": True} if "learning_card_no" in changes else {}),
        },
    )
    session.flush()
    return user


def reset_password(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    principal: Principal,
    user: User,
    *,
    credential: password_work.Credential | None = None,
) -> NewUser:
    """Issue a temporary password (shown once) and end the user's sessions, e.g. a forgotten password."""
    from classroom.accounts.login import revoke_sessions

    if user.id == principal.user_id:
        # Resetting oneself would sign out the very session asking; "change password" is for that.
        raise ValidationFailed("user.cannot_reset_self", code="cannot_reset_self")

    secret = credential or prepare_password(session, passwords, None, email=user.email, name=user.name)
    temporary = secret.temporary
    user.password_hash = secret.password_hash
    user.must_change_password = True
    session.add(user)
    revoke_sessions(session, clock, user.id)
    audit.record(
        session, clock, principal, "user.password_reset", "user", user.id, institution_id=user.institution_id
    )
    session.flush()
    return NewUser(user=user, temporary_password=temporary)


def load_self(session: Session, principal: Principal) -> User:
    user = session.get(User, principal.user_id)  # tenancy: the caller's own row
    assert user is not None  # the principal was built from this row in the same request
    return user


@dataclass(frozen=True)
class Profile:
    """The signed-in user as they see themselves: their row, institution and permissions."""

    user: User | SignedInRow  # the entity, or the sign-in check's row (`auth.SIGNED_IN_USER_COLUMNS`)
    institution_code: str | None
    institution_name: str | None
    permissions: list[str]


def profile(session: Session, principal: Principal) -> Profile:
    user = load_self(session, principal)
    institution = session.get(Institution, user.institution_id) if user.institution_id else None
    return Profile(
        user,
        institution.code if institution else None,
        institution.name if institution else None,
        sorted(ROLE_PERMISSIONS[user.role]),
    )


def signed_in_profile(row: SignedInRow) -> Profile:
    """The profile from the row the sign-in check read (`auth.signed_in_row`): no query."""
    return Profile(row, row.institution_code, row.institution_name, sorted(ROLE_PERMISSIONS[row.role]))


def update_self(session: Session, principal: Principal, data: MeUpdate) -> User:
    """One's own name and language; a locale left out stays as it is, an explicit null clears it."""
    user = load_self(session, principal)
    if "locale" in data.model_fields_set:
        set_locale(session, principal, data.locale)
    if data.name:
        user.name = data.name.strip()
        session.add(user)
    session.flush()
    return user


def prepare_password_change(
    session: Session,
    passwords: Passwords,
    principal: Principal,
    *,
    current: str,
    new: str,
    confirm: str | None = None,
) -> str:
    """Check the change and hash the new password, with no transaction held while verifying
    and hashing; answers the new hash for `store_password_change`."""
    user = load_self(session, principal)
    stored, email, name = user.password_hash, user.email, user.name
    password_work.release(session)
    if not passwords.verify(stored, current):
        raise field_error("current_password", "password.wrong_current")
    if confirm is not None and confirm != new:
        raise field_error("new_password_confirm", "password.mismatch")
    problem = password_problem(new, email=email, name=name)
    if problem:
        raise field_error("new_password", problem)
    if passwords.verify(stored, new):
        raise field_error("new_password", "password.same_as_current")
    return passwords.hash(new)


def store_password_change(session: Session, clock: Clock, principal: Principal, new_hash: str) -> User:
    user = load_self(session, principal)
    user.password_hash = new_hash
    user.must_change_password = False
    session.add(user)
    audit.record(session, clock, principal, "user.password_change", "user", user.id)
    session.flush()
    return user


def change_password(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    principal: Principal,
    *,
    current: str,
    new: str,
    confirm: str | None = None,
) -> User:
    new_hash = prepare_password_change(
        session, passwords, principal, current=current, new=new, confirm=confirm
    )
    return store_password_change(session, clock, principal, new_hash)


def set_locale(session: Session, principal: Principal, locale: str | None) -> User:
    user = load_self(session, principal)
    user.locale = locale if locale in i18n.SUPPORTED else None
    session.add(user)
    session.flush()
    return user
