"""Jinja2 environment and the one `render` used by every page."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.responses import Response

from classroom.core import i18n
from classroom.core.clock import to_seoul
from classroom.core.csrf import csrf_token
from classroom.core.errors import ClassroomError, request_lang
from classroom.core.money import format_rate, format_won
from classroom.core.tenancy import Role
from classroom.web.flash import clear_flash, take_flash

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def _seoul(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return to_seoul(value).strftime(fmt) if value else ""


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _grouped(value: int | str | None) -> str:
    """A whole number with digit grouping for an input's value ("3,000,000"); text (what was
    typed into a refused form) is shown as it was."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value or "")


def _rate_input(rate: Fraction) -> str:
    """A rate for an input: "50%" when that is exact (it is read back as the same rate), else
    the fraction ("1/3"), so saving an unchanged form never changes the rate."""
    if (rate * 10_000).denominator == 1:
        return format_rate(rate)
    return f"{rate.numerator}/{rate.denominator}"


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters["seoul"] = _seoul
    env.filters["day"] = _day
    env.filters["won"] = pass_context(lambda context, amount: format_won(amount, context.get("lang", "ko")))
    env.filters["grouped"] = _grouped
    env.filters["rate_input"] = _rate_input
    env.globals["role_label"] = lambda role, lang: (
        i18n.t(Role(role).label_key, lang) if role in set(Role) else role
    )
    env.globals["ROLES"] = list(Role)
    env.globals["field_label"] = field_label
    env.globals["LANGUAGES"] = i18n.SUPPORTED
    return templates


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> Response:
    lang = request_lang(request)
    principal = getattr(request.state, "principal", None)
    message_key = request.query_params.get("msg")
    # A flash cookie (web/flash.py) wins over ?msg=: it is read once, then deleted below.
    flashed = take_flash(request)
    flash = None
    if flashed is not None and i18n.has(flashed["key"]):
        flash = i18n.t(flashed["key"], lang, **(flashed.get("params") or {}))
    elif message_key and i18n.has(message_key):
        flash = i18n.t(message_key, lang, **dict(request.query_params))
    base = {
        "lang": lang,
        "t": lambda key, **params: i18n.t(key, lang, **params),
        "principal": principal,
        "nav": request.app.state.navigation.nav_for(principal),
        "csrf_token": csrf_token(request),
        "flash": flash,
        "flash_data": (flashed or {}).get("data") or {},
        "path": request.url.path,
    }
    base.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, base, status_code=status_code)
    clear_flash(request, response)
    return response


def field_label(field: str, lang: str) -> str:
    """The reader's name of a form field ("label.<field>" in a catalogue), or "" when none is
    declared: an internal field name ("title", "budget") is never shown to people."""
    key = f"label.{field}"
    return i18n.t(key, lang) if i18n.has(key) else ""


def form_errors(exc: ClassroomError, lang: str) -> dict[str, Any]:
    """Shape a service error for re-rendering the form it came from: `error` (the headline),
    `field_errors` (field → message, shown beside the field), `row_errors` (roster lines) and
    `summary` — every message once, a field's prefixed by its label, repeats counted — for the
    one list at the top (templates/_form.html)."""
    fields: dict[str, str] = {}
    rows: list[str] = []
    lines: list[str] = []
    for err in exc.errors:
        message = (
            i18n.t(err["message_key"], lang, **err.get("params", {}))
            if "message_key" in err
            else err.get("message", "")
        )
        field = str(err.get("field") or "")
        label = field_label(field, lang) if field else ""
        if "row" in err:
            rows.append(
                i18n.t("roster.row_error", lang, row=err["row"], field=label or field, message=message)
            )
            continue
        if field and field not in fields:
            fields[field] = message
        lines.append(f"{label}: {message}" if label else message)
    headline = exc.message(lang)
    if len(lines) == 1 and lines[0].endswith(headline):
        # One problem that is the headline itself: say it once, with its field's label.
        headline, lines = lines[0], []
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    summary = [
        line if n == 1 else i18n.t("common.repeated", lang, line=line, count=n) for line, n in counts.items()
    ]
    return {
        "error": headline,
        "field_errors": fields,
        "row_errors": rows,
        "summary": [line for line in summary if line != headline],
    }
