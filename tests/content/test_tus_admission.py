"""A tus PATCH whose body arrives slowly holds no admission slot while it waits for the bytes
(classroom.core.unit_of_work.stepped_aside): on a server admitting one request at a time, other
requests are answered during the upload instead of queueing behind it until 503."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator

import httpx
import pytest

from classroom.core.admission import Admission, Capacity
from tests.factories.accounts import build_world, token_for
from tests.factories.content import mp4_bytes, published_course
from tests.support.aio import run_async

pytestmark = [pytest.mark.real_commits, pytest.mark.sqlite_only]

SIZE = 256 * 1024


def _metadata(**fields: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in fields.items())


def test_a_slow_upload_body_keeps_nobody_else_waiting(served, session, app) -> None:  # type: ignore[no-untyped-def]
    room = published_course(session, app, build_world(session, app).a)
    session.commit()
    auth = {"Authorization": f"Bearer {token_for(session, app, room.teacher)}"}
    tus = {**auth, "Tus-Resumable": "1.0.0"}
    data = mp4_bytes(SIZE, seed=5)
    saved = app.state.admission
    # One request inside at a time, a queue wait of one second: a PATCH that kept its slot
    # while its client paused would turn the request below into a 503.
    app.state.admission = Admission(Capacity.plan(1, 4, 1.0, 15))
    try:

        async def scenario() -> tuple[int, int, int, str]:
            paused, resume = asyncio.Event(), asyncio.Event()

            async def body() -> AsyncIterator[bytes]:
                yield data[: SIZE // 2]
                paused.set()
                await resume.wait()
                yield data[SIZE // 2 :]

            async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
                created = await client.post(
                    "/api/v1/uploads",
                    headers={
                        **tus,
                        "Upload-Length": str(SIZE),
                        "Upload-Metadata": _metadata(
                            filename="느린 업로드.mp4", course_id=str(room.course.id)
                        ),
                    },
                )
                assert created.status_code == 201, created.text
                location = created.headers["Location"]
                patch = asyncio.create_task(
                    client.patch(
                        location,
                        content=body(),
                        headers={
                            **tus,
                            "Upload-Offset": "0",
                            "Content-Type": "application/offset+octet-stream",
                        },
                    )
                )
                await asyncio.wait_for(paused.wait(), 10)
                await asyncio.sleep(0.5)  # the server has the first half and waits for more
                meanwhile = await client.get("/api/v1/me", headers=auth)
                resume.set()
                finished = await patch
                offset = await client.head(location, headers=tus)
                return (
                    meanwhile.status_code,
                    finished.status_code,
                    offset.status_code,
                    offset.headers.get("Upload-Offset", ""),
                )

        me, patched, head, offset = run_async(scenario())
    finally:
        app.state.admission = saved
    assert me == 200
    assert patched == 204
    assert head == 200 and offset == str(SIZE)
