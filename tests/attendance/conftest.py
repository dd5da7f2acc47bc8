from __future__ import annotations

import pytest

from tests.factories.accounts import build_world
from tests.factories.attendance import make_class


@pytest.fixture
def world(session, app):
    return build_world(session, app)


@pytest.fixture
def klass(session, app, world):
    return make_class(session, app, world)
