"""Why a rule refuses, as data: a message key, the numbers it names and the field it is about.

Rules never write a sentence: `classroom/leases/messages.py` renders the key in Korean or
English with the params (money as integer won, rendered "₩{amount:,}"; days as ISO dates), and
the service turns a reason into the HTTP error (`leases.refusals`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

Param = int | float | str


@dataclasses.dataclass(frozen=True)
class Reason:
    key: str  # a message key (leases/messages.py, or a shared one such as "field.required")
    params: Mapping[str, Param] = dataclasses.field(default_factory=dict)
    field: str | None = None  # the input it is about; None for the request as a whole
