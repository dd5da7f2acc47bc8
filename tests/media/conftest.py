"""One namespace, one Janus and one app server per test session (per xdist worker) (they are expensive)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live.support import Seeded, seed
from tests.media.support import MediaWorld, start_world, stop_world
from tests.support import janusserver, netns
from tests.support.require import need


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    built = seed(tmp_path_factory.mktemp("media"))
    yield built
    built.app.state.db.dispose()


@pytest.fixture(scope="session")
def world(seeded: Seeded) -> Iterator[MediaWorld]:
    need(netns.available())
    need(janusserver.available())
    built = start_world(seeded)
    yield built
    stop_world(built)
