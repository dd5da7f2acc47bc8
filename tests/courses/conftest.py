"""Pure rule tests render their texts through the registered message catalogues."""

from __future__ import annotations

import pytest

from classroom.registry import registry


@pytest.fixture(autouse=True, scope="session")
def _catalogues() -> None:
    registry()
