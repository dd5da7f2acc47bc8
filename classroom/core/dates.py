"""The window every date and time from outside must fall in: 2000-01-01 … 2100-12-31.

Dates outside it mean nothing to a training programme, and near the ends of Python's range
(0001, 9999) the service's arithmetic overflows (week grids, time-zone conversions, month
steps) — which used to answer 500. Every date, datetime and month that arrives in a request
goes through one of these types; the OpenAPI schema states the window (`description`,
`x-earliest`/`x-latest`). Programme years use the same bounds (`classroom.core.paging`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PlainSerializer, WithJsonSchema

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
WINDOW_NOTE = f"between {EARLIEST.isoformat()} and {LATEST.isoformat()}"
_SCHEMA: dict[str, Any] = {"x-earliest": EARLIEST.isoformat(), "x-latest": LATEST.isoformat()}


def in_window(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def _day(value: date) -> date:
    if not in_window(value):
        raise ValueError(f"date must be {WINDOW_NOTE}")
    return value


def _moment(value: datetime) -> datetime:
    if not in_window(value.date()):
        raise ValueError(f"time must be {WINDOW_NOTE}")
    return value


# In JSON bodies.
Day = Annotated[
    date, AfterValidator(_day), Field(description=f"a date {WINDOW_NOTE}", json_schema_extra=_SCHEMA)
]
Moment = Annotated[
    datetime,
    AfterValidator(_moment),
    Field(description=f"a date and time {WINDOW_NOTE}", json_schema_extra=_SCHEMA),
]
# For query parameters, beside `Query(...)`: `Annotated[date | None, InWindow, Query(...)]`.
# FastAPI parses the date first, so an impossible one such as 2026-02-30 is a 422 too.
InWindow = AfterValidator(lambda value: None if value is None else _day(value))
QUERY_NOTE = f"a date {WINDOW_NOTE}"


def month_in_window(month: date | None) -> date | None:
    """A parsed billing month (its first day) inside the window, else None."""
    return month if month is not None and in_window(month) else None


# A Seoul wall-clock time in answers: "09:00". (OpenAPI's `format: time` is RFC 3339's full-time,
# which requires an offset; these are local times of the schedule, so they are declared as what
# they are: a string HH:MM.)
WallClock = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
            "description": "wall-clock time in Asia/Seoul, HH:MM",
            "examples": ["09:00"],
        },
        mode="serialization",
    ),
]
