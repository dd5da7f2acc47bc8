"""Page actions: run a service call for a form; on a refusal, show the form again with the reasons.

Pages never commit or roll back by hand. `attempt` runs the action inside a savepoint of the
request's unit of work: a refusal (`ClassroomError`) rolls back exactly what the action wrote,
the page is rendered from a clean session, and the request's commit then stores nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Generic, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from sqlmodel import Session

from classroom.core.dates import in_window
from classroom.core.errors import ClassroomError, ValidationFailed, request_lang
from classroom.core.money import parse_won
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


def build(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate a form into an API schema; schema errors become field errors on the form."""
    try:
        return model.model_validate(data)
    except PydanticError as exc:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"]) or "form",
                "message_key": "field.required" if err["type"] == "missing" else "field.invalid",
            }
            for err in exc.errors()
        ]
        raise ValidationFailed("error.validation", code="validation_failed", errors=errors) from None


class FormReader:
    """Read a page form's typed fields from text, collecting every problem at once.

    Page forms take their fields as text (never `Form(int)`): a wrong value then comes back as
    the same form with what was typed, each message beside its field, instead of a bare 422
    page naming internal field names. `done()` raises one `ValidationFailed` with them all.
    """

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def _fail(self, field: str, key: str, **params: Any) -> None:
        self.errors.append({"field": field, "message_key": key, "params": params})

    def text(self, field: str, value: str, *, required: bool = False) -> str:
        value = value.strip()
        if required and not value:
            self._fail(field, "field.required")
        return value

    def integer(self, field: str, value: str, *, minimum: int, maximum: int) -> int | None:
        cleaned = value.strip().replace(",", "")
        if not cleaned:
            self._fail(field, "field.required")
            return None
        if not cleaned.lstrip("-").isascii() or not cleaned.lstrip("-").isdigit():
            self._fail(field, "field.integer", minimum=minimum, maximum=maximum)
            return None
        number = int(cleaned)
        if not minimum <= number <= maximum:
            self._fail(field, "field.integer", minimum=minimum, maximum=maximum)
            return None
        return number

    def day(self, field: str, value: str, *, required: bool = True) -> date | None:
        cleaned = value.strip()
        if not cleaned:
            if required:
                self._fail(field, "field.required")
            return None
        try:
            parsed = date.fromisoformat(cleaned)
        except ValueError:
            self._fail(field, "field.date")
            return None
        if not in_window(parsed):
            self._fail(field, "field.date")
            return None
        return parsed

    def clock_time(self, field: str, value: str, *, required: bool = False) -> time | None:
        """A wall-clock time typed as H:MM or HH:MM (what `<input type="time">` sends)."""
        cleaned = value.strip()
        if not cleaned:
            if required:
                self._fail(field, "field.required")
            return None
        hours, _, minutes = cleaned.partition(":")
        if not (hours.isascii() and hours.isdigit() and len(hours) <= 2) or not (
            minutes.isascii() and minutes.isdigit() and len(minutes) == 2
        ):
            self._fail(field, "field.time")
            return None
        if int(hours) > 23 or int(minutes) > 59:
            self._fail(field, "field.time")
            return None
        return time(int(hours), int(minutes))

    def amount(self, field: str, value: str) -> int | None:
        if not value.strip():
            self._fail(field, "field.required")
            return None
        try:
            return parse_won(value)
        except ValueError:
            self._fail(field, "field.amount")
            return None

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed("error.validation", errors=self.errors)
