"""Shared set-up of the quality tests: the two-institution world and a course with an exam."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world


@pytest.fixture
def world(app, session):  # type: ignore[no-untyped-def]
    return build_world(session, app)


@pytest.fixture
def as_user(app, session) -> Callable[..., dict[str, str]]:  # type: ignore[no-untyped-def]
    def headers(user: Any, lang: str = "en") -> dict[str, str]:
        return {**bearer(session, app, user), "Accept-Language": lang}

    return headers


def staff(world: Any, tenant: str = "a") -> tuple[Any, Any]:
    return world.user(Role.INSTITUTION_ADMIN, tenant), world.user(Role.INSTRUCTOR, tenant)
