"""A rule's reasons as the service's errors: 422 for bad input, 409 for a state that forbids it.

The rules (`leases.rules`) say why in data; this is the one place that turns that into a
`ClassroomError`, whose message the catalogue renders in the caller's language. Also the one
input check every decision and correction shares: a reason must be given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from classroom.core.errors import Conflict, ValidationFailed
from classroom.leases.rules.reasons import Reason


def _entry(reason: Reason) -> dict[str, Any]:
    entry: dict[str, Any] = {"message_key": reason.key, "params": dict(reason.params)}
    if reason.field is not None:
        entry["field"] = reason.field
    return entry


def invalid(reasons: Reason | Sequence[Reason]) -> ValidationFailed:
    """A 422 naming every refused field; its message is the first reason's."""
    listed = [reasons] if isinstance(reasons, Reason) else list(reasons)
    first = listed[0]
    return ValidationFailed(
        first.key, code="invalid_field", params=dict(first.params), errors=[_entry(r) for r in listed]
    )


def conflict(reason: Reason, code: str) -> Conflict:
    return Conflict(reason.key, code=code, params=dict(reason.params))


REASON_MAX = 500


def required_reason(reason: str | None) -> str:
    """The reason a decision or correction gives, trimmed; an empty one is refused."""
    text = (reason or "").strip()
    if not text:
        raise invalid(Reason("lease.reason_required", field="reason"))
    return text[:REASON_MAX]
