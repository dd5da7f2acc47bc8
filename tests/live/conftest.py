"""One seeded database and one `classroom serve` per test module (servers are expensive)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live.support import Seeded, Server, seed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    built = seed(tmp_path_factory.mktemp("live"))
    yield built
    built.app.state.db.dispose()


@pytest.fixture(scope="module")
def server(seeded: Seeded) -> Iterator[Server]:
    running = Server(seeded, env={"CLASSROOM_LIVE_SEND_BUFFER_BYTES": "16384"}).start()
    yield running
    running.stop()
