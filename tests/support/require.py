"""One place that decides whether a missing test service skips or fails.

Developers without PostgreSQL/Redis/Chromium get skips; CI sets
CLASSROOM_TEST_REQUIRE_SERVICES=1 so a broken image cannot pass by
silently skipping everything.
"""

from __future__ import annotations

import os

import pytest

ENV_VAR = "CLASSROOM_TEST_REQUIRE_SERVICES"


def services_required() -> bool:
    return os.environ.get(ENV_VAR, "").strip().lower() in {"1", "true", "yes", "on"}


def need(reason: str | None) -> None:
    """No-op when reason is None; otherwise skip, or fail under CI."""
    # Report the skip/failure at the calling test, not at this helper.
    __tracebackhide__ = True
    if reason is None:
        return
    if services_required():
        pytest.fail(f"required test service unavailable ({ENV_VAR}=1): {reason}", pytrace=False)
    pytest.skip(reason)
