"""Helpers shared by the quality pages: labels, figures as shown, form parsing, the course tabs."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core import i18n
from classroom.core.clock import SEOUL
from classroom.core.errors import ValidationFailed, request_lang
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses.models import Course
from classroom.web.forms import Refused
from classroom.web.templating import render
from quality import access
from quality.rules import employment as employment_rules
from quality.rules.scoring import shown
from quality.rules.survey import mean_text

DASH = "–"


def label(member: Any, lang: str) -> str:
    return i18n.t(member.label_key, lang)


def score_text(value: Fraction | None) -> str:
    return DASH if value is None else shown(value)


def percent(value: Fraction | None) -> str:
    return DASH if value is None else f"{employment_rules.percent_text(value)}%"


def figure(value: Any) -> str:
    """A schema `Figure` as the page shows it."""
    return DASH if value is None or value.shown is None else value.shown


def mean(value: Fraction | None) -> str:
    return DASH if value is None else mean_text(value)


def tabs(session: Session, principal: Principal, course: Course, active: str) -> list[dict[str, Any]]:
    """The course's quality pages the reader may open, for the tab bar."""
    candidates = [
        ("assessment", f"/courses/{course.id}/assessment", "quality.tab.assessment", P.ASSESSMENT_READ),
        ("completion", f"/courses/{course.id}/completion", "quality.tab.completion", P.ASSESSMENT_READ),
        ("employment", f"/courses/{course.id}/employment", "quality.tab.employment", P.EMPLOYMENT_READ),
        ("survey", f"/courses/{course.id}/survey/results", "quality.tab.survey", P.SURVEY_RESULTS),
    ]
    return [
        {"key": key, "href": href, "label_key": label_key, "active": key == active}
        for key, href, label_key, permission in candidates
        if access.may(session, principal, course, permission)
    ]


def page(
    request: Request, template: str, context: dict[str, Any], refused: Refused | None = None
) -> Response:
    if refused is not None:
        context = {**context, **refused.problems}
    return render(request, template, context, status_code=refused.status if refused else 200)


def invalid(field: str) -> ValidationFailed:
    return ValidationFailed(
        "error.validation",
        code="validation_failed",
        errors=[{"field": field, "message_key": "field.invalid"}],
    )


def parse_local(value: str, field: str) -> datetime | None:
    """A `datetime-local` input (Korean wall-clock time)."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=SEOUL)
    except ValueError:
        raise invalid(field) from None


def parse_day(value: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(field) from None


def parse_int(value: str, field: str, *, required: bool = True) -> int | None:
    value = value.strip()
    if not value and not required:
        return None
    try:
        return int(value)
    except ValueError:
        raise invalid(field) from None


def parse_uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise invalid(field) from None


def lines(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in value.splitlines() if line.strip())


def t_late(request: Request) -> str:
    return i18n.t("quality.exam.late", request_lang(request))


def lang_of(request: Request) -> str:
    return request_lang(request)


def local_input(value: datetime | None) -> str:
    """The value of a `datetime-local` input for a stored instant."""
    return value.astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M") if value else ""
