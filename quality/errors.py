"""Refusals of the quality services, in one shape: a field error (422) or a conflict (409),
worded by the catalogue (quality/messages.py)."""

from __future__ import annotations

from classroom.core.errors import Conflict, ValidationFailed


def invalid(field: str, key: str, **params: object) -> ValidationFailed:
    return ValidationFailed(
        key,
        code="invalid_" + field.replace(".", "_"),
        params=dict(params),
        errors=[{"field": field, "message_key": key, "params": dict(params)}],
    )


def conflict(key: str, code: str, **params: object) -> Conflict:
    return Conflict(key, code=code, params=dict(params))
