"""Control characters are refused in text input, everywhere, in one place.

NUL cannot be stored in PostgreSQL text (it answered 500, even at sign-in) and SQLite stored it;
the other C0 controls, DEL and the C1 controls (U+0080–U+009F) have no business in a name, a
title or a search either, and lone surrogates cannot be encoded at all. One app-wide dependency
(`refuse_control_characters`, installed by `create_app`) checks, before anything else runs:
- path parameters: a value holding a control character names nothing → 404, as any unknown id;
- query parameters (names and values) → 422 naming the parameter;
- the parsed body — JSON (every string, keys included, at any depth) and forms (every text
  field, and file names) → 422 naming the field.

Line breaks and tabs: accepted only in the multi-line fields named in MULTILINE_FIELDS (course
descriptions, notes, reasons — browsers send a textarea's line breaks as CR LF); everywhere else
(names, titles, e-mails, codes, passwords, queries) they are refused like any other control
character. WebSocket messages are text input too: live code checks them with `problem_in`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import HTTPConnection, Request

from classroom.core.errors import NotFound, ValidationFailed

# Fields whose values are paragraphs (or one item per line, like a question's choices typed in a
# textarea): they may hold line breaks (LF, CR LF) and tabs. Plus the exam page's answer fields,
# one textarea per question named `q-<question id>` (MULTILINE_PREFIXES).
MULTILINE_FIELDS = frozenset(
    {
        "description",
        "note",
        "reason",
        "comment",
        "message",
        "body",
        "text",
        "instructions",
        "summary",
        "conclusion",
        "choices",
        "accepted",
    }
)
MULTILINE_PREFIXES = ("q-",)

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_ANY_CONTROL = re.compile(f"[{_CONTROL}\t\n\r]")
_CONTROL_BUT_LINES = re.compile(f"[{_CONTROL}]")


def problem_in(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a character this service refuses (see the module docstring)."""
    return (_CONTROL_BUT_LINES if multiline else _ANY_CONTROL).search(text) is not None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) for every string in a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str):
                yield child, key
            yield from _strings(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def _multiline(path: str) -> bool:
    name = path.rsplit(".", 1)[-1]
    return name in MULTILINE_FIELDS or name.startswith(MULTILINE_PREFIXES)


def _refuse(fields: list[str]) -> ValidationFailed:
    return ValidationFailed(
        "error.control_characters",
        errors=[{"field": field, "message_key": "field.control_characters"} for field in fields],
    )


async def refuse_control_characters(connection: HTTPConnection) -> None:
    if any(problem_in(value) for value in connection.path_params.values() if isinstance(value, str)):
        raise NotFound()
    bad = [
        key for key, value in connection.query_params.multi_items() if problem_in(key) or problem_in(value)
    ]
    if isinstance(connection, Request):
        bad.extend(await _body_fields(connection))
    if bad:
        raise _refuse(sorted(set(bad)))


async def _body_fields(request: Request) -> list[str]:
    bad: list[str] = []
    parsed_json = getattr(request, "_json", None)  # FastAPI parsed it for the route's body
    if parsed_json is not None:
        bad.extend(
            path or "body"
            for path, text in _strings(parsed_json, "")
            if problem_in(text, multiline=_multiline(path))
        )
    content_type = request.headers.get("content-type", "")
    form = getattr(request, "_form", None)
    if form is None and content_type.startswith("application/x-www-form-urlencoded"):
        form = await request.form()  # small, and parsed once: later reads get this one
    if form is not None:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if value.filename and problem_in(value.filename):
                    bad.append(key)
            elif problem_in(key) or problem_in(value, multiline=_multiline(key)):
                bad.append(key)
    return bad
