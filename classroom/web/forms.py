"""Page actions: run a service call for a form; on a refusal, show the form again with the reasons.

Pages never commit or roll back by hand. `attempt` runs the action inside a savepoint of the
request's unit of work: a refusal (`ClassroomError`) rolls back exactly what the action wrote,
the page is rendered from a clean session, and the request's commit then stores nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core.errors import ClassroomError, request_lang
from classroom.web.templating import form_errors

T = TypeVar("T")


@dataclass(frozen=True)
class Refused:
    """A service refused the action; `problems` is the context a form template shows."""

    error: ClassroomError
    problems: dict[str, Any]

    @property
    def status(self) -> int:
        return self.error.status


@dataclass(frozen=True)
class Done(Generic[T]):
    value: T


def refusal_of(request: Request, exc: ClassroomError) -> Refused:
    """A refusal raised before the action (e.g. by work that must happen outside its savepoint)."""
    return Refused(exc, form_errors(exc, request_lang(request)))


def attempt(request: Request, session: Session, action: Callable[[], T]) -> Done[T] | Refused:
    savepoint = session.begin_nested()
    try:
        value = action()
        session.flush()
    except ClassroomError as exc:
        savepoint.rollback()
        return Refused(exc, form_errors(exc, request_lang(request)))
    savepoint.commit()
    return Done(value)


def form_action(
    request: Request,
    session: Session,
    action: Callable[[], T],
    *,
    done: Callable[[T], Response] | str,
    again: Callable[[Refused], Response],
) -> Response:
    """Run `action`; on success redirect (`done` as a URL, post → redirect → get) or answer
    `done(value)`; on a refusal answer `again(refused)`, the form rendered with the reasons."""
    outcome = attempt(request, session, action)
    if isinstance(outcome, Refused):
        return again(outcome)
    if isinstance(done, str):
        return RedirectResponse(done, status_code=303)
    return done(outcome.value)
