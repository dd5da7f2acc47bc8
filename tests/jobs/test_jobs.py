"""The job queue: accepted jobs run, report progress, retry, survive a restart and stay private."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from classroom.core.events import flush_after_commit
from classroom.core.package import JobSpec
from classroom.core.tenancy import Role
from classroom.jobs import service
from classroom.jobs.models import Job, JobStatus
from classroom.jobs.queue import JobQueue
from classroom.jobs.runner import STALE_AFTER, JobRunner
from tests.factories.accounts import bearer, build_world, principal_of
from tests.support.redisserver import RedisServer
from tests.support.require import need

CALLS: list[tuple[str, int]] = []


def _count(ctx) -> dict:  # type: ignore[no-untyped-def]
    rows = int(ctx.params["rows"])
    for done in range(1, rows + 1):
        ctx.progress(done, rows, force=True)
    CALLS.append((str(ctx.job_id), ctx.attempt))
    return {"counted": rows}


def _flaky(ctx) -> dict:  # type: ignore[no-untyped-def]
    CALLS.append((str(ctx.job_id), ctx.attempt))
    if ctx.attempt < int(ctx.params["succeed_on"]):
        raise RuntimeError(f"attempt {ctx.attempt} failed")
    return {"ok": ctx.attempt}


SPECS = {
    "test.count": JobSpec("test.count", _count),
    "test.flaky": JobSpec("test.flaky", _flaky, retries=2, retry_delay_seconds=60),
}


@pytest.fixture
def jobs(app):
    """The app's queue and runner with two test job kinds; the queue is emptied afterwards."""
    saved = dict(app.state.jobs.specs)
    app.state.jobs.specs.update(SPECS)
    app.state.queue.huey.flush()
    CALLS.clear()
    yield app.state.queue
    app.state.queue.stop()
    app.state.queue.huey.flush()
    app.state.jobs.specs.clear()
    app.state.jobs.specs.update(saved)


def _submit(app, session, user, kind: str, **params) -> uuid.UUID:  # type: ignore[no-untyped-def]
    job = service.submit(session, app.state.clock, app.state.events, principal_of(user), kind, params)
    session.commit()
    flush_after_commit(session)  # what the request's unit of work does after its commit
    return job.id


def _load(session, job_id: uuid.UUID) -> Job:  # type: ignore[no-untyped-def]
    """A fresh, detached snapshot. The read's transaction ends here, and nothing else in the
    session is expired, so later attribute reads don't open a transaction that would hold
    SQLite's write lock while the worker runs."""
    job = session.exec(select(Job).where(Job.id == job_id).execution_options(populate_existing=True)).one()
    session.expunge(job)
    session.commit()
    return job


def test_a_job_runs_once_reports_progress_and_keeps_its_result(app, session, jobs):
    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    job_id = _submit(app, session, admin, "test.count", rows=3)
    assert _load(session, job_id).status is JobStatus.QUEUED
    assert jobs.waiting() == {job_id}
    assert jobs.drain() == 1
    job = _load(session, job_id)
    assert job.status is JobStatus.DONE and job.result == {"counted": 3}
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    assert job.institution_id == world.a.institution.id and job.requested_by == admin.id
    # A second delivery of the same id (a duplicate in the queue) does nothing.
    jobs.enqueue(job_id)
    assert jobs.drain() == 1 and [(str(job_id), 1)] == CALLS


def test_only_the_requester_sees_a_job(app, session, client, jobs):
    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    job_id = _submit(app, session, admin, "test.count", rows=2)
    jobs.drain()
    mine = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(session, app, admin))
    assert mine.status_code == 200
    assert mine.json()["status"] == "done" and mine.json()["percent"] == 100
    assert mine.json()["result"] == {"counted": 2}
    assert [j["id"] for j in client.get("/api/v1/jobs", headers=bearer(session, app, admin)).json()] == [
        str(job_id)
    ]
    for other in (world.user(Role.INSTRUCTOR), world.user(Role.INSTITUTION_ADMIN, "b"), world.operator):
        response = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(session, app, other))
        assert response.status_code == 404, other.role
    assert client.get("/api/v1/jobs/not-a-uuid", headers=bearer(session, app, admin)).status_code == 404


def test_a_failing_job_is_retried_after_its_delay_then_given_up(app, session, jobs):
    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    recovers = _submit(app, session, admin, "test.flaky", succeed_on=2)
    gives_up = _submit(app, session, admin, "test.flaky", succeed_on=9)
    assert jobs.drain() == 2
    first = _load(session, recovers)
    assert first.status is JobStatus.QUEUED and first.error == "RuntimeError: attempt 1 failed"
    assert jobs.drain() == 0  # the retry waits for its delay (60 s)
    assert jobs.waiting() == {recovers, gives_up}
    jobs.drain(include_scheduled=True)
    assert _load(session, recovers).status is JobStatus.DONE and _load(session, recovers).result == {"ok": 2}
    jobs.drain(include_scheduled=True)
    failed = _load(session, gives_up)
    assert failed.status is JobStatus.FAILED and failed.attempts == 3  # 1 + 2 retries
    assert failed.error == "RuntimeError: attempt 3 failed" and failed.finished_at is not None


def test_an_accepted_job_survives_a_restart(app, session, jobs, tmp_path):
    """Queued with no worker running, then a new queue on the same file (a restarted process)
    runs it: the embedded queue is durable."""
    world = build_world(session, app)
    job_id = _submit(app, session, world.user(Role.INSTITUTION_ADMIN), "test.count", rows=1)
    settings = app.state.settings
    restarted = JobQueue(settings.jobs_url, settings.jobs_file)
    restarted.bind(JobRunner(app, SPECS, restarted).execute)
    assert restarted.waiting() == {job_id}
    assert restarted.drain() == 1
    assert _load(session, job_id).status is JobStatus.DONE


def test_recovery_requeues_what_a_dead_worker_left(app, session, jobs, clock):
    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    lost = _submit(app, session, admin, "test.count", rows=1)
    orphan = _submit(app, session, admin, "test.count", rows=1)
    busy = _submit(app, session, admin, "test.count", rows=1)
    jobs.huey.flush()  # the queue's copies are gone (e.g. Redis restarted without persistence)
    for job_id, age in ((orphan, STALE_AFTER + timedelta(seconds=5)), (busy, timedelta(seconds=5))):
        row = session.exec(select(Job).where(Job.id == job_id)).one()
        row.status, row.attempts = JobStatus.RUNNING, 1
        row.started_at = row.heartbeat_at = clock.now() - age
        session.add(row)
    session.commit()
    assert set(app.state.jobs.recover()) == {lost, orphan}  # busy's worker is still alive
    jobs.drain()
    assert _load(session, lost).status is JobStatus.DONE
    assert _load(session, orphan).status is JobStatus.DONE and _load(session, orphan).attempts == 2
    assert _load(session, busy).status is JobStatus.RUNNING


def test_the_job_page_refreshes_until_done(app, session, jobs):
    from tests.factories.accounts import signed_in_browser

    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    job_id = _submit(app, session, admin, "test.count", rows=4)
    browser, _ = signed_in_browser(app, session, admin)
    waiting = browser.get(f"/jobs/{job_id}")
    assert waiting.status_code == 200 and 'http-equiv="refresh"' in waiting.text and "대기 중" in waiting.text
    jobs.drain()
    done = browser.get(f"/jobs/{job_id}", headers={"Accept-Language": "en"})
    assert done.status_code == 200 and 'http-equiv="refresh"' not in done.text
    other, _ = signed_in_browser(app, session, world.user(Role.INSTRUCTOR))
    assert other.get(f"/jobs/{job_id}").status_code == 404


@pytest.mark.real_commits  # the consumer threads read and write on connections of their own
def test_consumer_threads_run_jobs_in_the_background(app, session, jobs):
    world = build_world(session, app)
    job_id = _submit(app, session, world.user(Role.INSTITUTION_ADMIN), "test.count", rows=2)
    jobs.start(2)
    deadline = time.monotonic() + 20
    while _load(session, job_id).status is not JobStatus.DONE:
        assert time.monotonic() < deadline, "the consumer did not run the job"
        time.sleep(0.1)
    jobs.stop()


def test_redis_carries_jobs_between_processes(app, session, jobs):
    """Two queue objects on one Redis server (an app process and a worker): what one enqueues,
    the other runs."""
    need(RedisServer.available())
    server = RedisServer()
    url = server.start()
    try:
        web, worker = JobQueue(url, app.state.settings.jobs_file), JobQueue(url, app.state.settings.jobs_file)
        assert web.backend == worker.backend == "redis"
        worker.bind(JobRunner(app, SPECS, worker).execute)
        world = build_world(session, app)
        job = service.submit(
            session,
            app.state.clock,
            app.state.events,
            principal_of(world.user(Role.INSTITUTION_ADMIN)),
            "test.count",
            {"rows": 2},
        )
        session.commit()
        web.enqueue(job.id)
        assert worker.waiting() == {job.id}
        assert worker.drain() == 1
        assert _load(session, job.id).status is JobStatus.DONE
    finally:
        server.stop()


def test_periodic_work_is_submitted_as_one_system_job_at_a_time(app, session, jobs):
    """The server's periodic loop enqueues (never runs) the courses' date tick; a tick that has
    not run yet is not submitted twice."""
    first = service.submit_periodic(app, "courses.advance")
    assert first is not None and first.requested_by is None
    assert service.submit_periodic(app, "courses.advance") is None  # one is already waiting
    assert jobs.waiting() == {first.id}
    assert jobs.drain() == 1
    done = _load(session, first.id)
    assert done.status is JobStatus.DONE and done.result == {"moved": 0}
    assert service.submit_periodic(app, "courses.advance") is not None  # the next tick
