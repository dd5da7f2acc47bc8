"""Uploads racing for the last bytes of an institution's storage quota (PostgreSQL, where
transactions really run side by side): the reservations never add up past the quota."""

from __future__ import annotations

import base64
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from classroom.leases.programmes import put_programme
from classroom.leases.schemas import ProgrammeSettings
from content.items import stored_bytes
from tests.factories.accounts import bearer, build_world
from tests.factories.content import published_course

pytestmark = pytest.mark.postgres_only

THREADS = 12
EACH = 100_000


def test_parallel_creations_never_exceed_the_quota(app, session):
    assert app.state.db.dialect == "postgresql"
    world = build_world(session, app)
    room = published_course(session, app, world.a)
    institution = room.course.institution_id
    before = stored_bytes(session, institution)
    # Room for exactly 5 of the 12 uploads.
    put_programme(
        session,
        app.state.clock,
        None,
        2026,
        ProgrammeSettings(storage_bytes_per_classroom=before + 5 * EACH + 10).model_dump(),
    )
    session.commit()
    headers = bearer(session, app, room.teacher)
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in (("filename", "v.mp4"), ("course_id", str(room.course.id)))
    )
    barrier = threading.Barrier(THREADS)

    def create(_: int) -> int:
        client = TestClient(app, base_url="http://testserver")
        barrier.wait()
        response = client.post(
            "/api/v1/uploads",
            headers={
                **headers,
                "Tus-Resumable": "1.0.0",
                "Upload-Length": str(EACH),
                "Upload-Metadata": meta,
            },
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        codes = Counter(pool.map(create, range(THREADS)))
    assert codes == {201: 5, 413: THREADS - 5}
    session.expire_all()
    assert stored_bytes(session, institution) == before + 5 * EACH
