"""Password work (argon2id) kept out of database transactions, and temporary passwords.

Hashing or verifying costs tens of milliseconds of CPU and 64 MiB; inside a transaction that
time is spent holding the database (SQLite's write lock is taken when a transaction begins).
So: sign-in verifies with no transaction open (`login.py`); roster imports hash in the job
worker with no transaction open (`roster_import.py`); a request that hashes (create a user,
reset or change a password) first ends its read-only transaction with `release()`, when it
can — inside a page action's savepoint it cannot, and there the hash happens before the
action's first write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, SessionTransaction
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from classroom.accounts.rules.passwords import password_problem
from classroom.core.security import Passwords, generate_password

# Whether a session's transaction has written anything (flushed objects or a DML statement):
# only a transaction that merely read may be ended early.
_WROTE = "classroom.accounts.wrote"


@event.listens_for(OrmSession, "after_flush")
def _flushed(session: OrmSession, _context: Any) -> None:
    session.info[_WROTE] = True


@event.listens_for(OrmSession, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True


@event.listens_for(OrmSession, "after_transaction_end")
def _ended(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def release(session: Session) -> None:
    """End the session's transaction if it has only read so far (authentication, path
    objects). Committing a transaction that wrote nothing stores nothing, and (unlike a
    rollback) keeps the objects read usable without reading them again (the sessions do not
    expire on commit). A session that wrote anything, has pending changes or an open
    savepoint is left alone."""
    if not session.in_transaction() or session.in_nested_transaction():
        return
    if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
        return
    session.commit()


def temporary_password(*, email: str | None = None, name: str | None = None) -> str:
    """A generated password that passes the policy like any chosen one."""
    while True:
        candidate = generate_password()
        if password_problem(candidate, email=email, name=name) is None:
            return candidate


@dataclass(frozen=True)
class Credential:
    """A password ready to store: its hash, and the password itself when we generated it (to
    show once)."""

    password_hash: str
    temporary: str | None


def credential(passwords: Passwords, password: str | None, *, email: str, name: str) -> Credential:
    """Hash `password` (already checked against the policy), or a new temporary one."""
    temporary = None
    if password is None:
        temporary = password = temporary_password(email=email, name=name)
    return Credential(passwords.hash(password), temporary)
