"""Races on PostgreSQL: the cap and the budget hold under parallel approvals and closes.

SQLite serialises every write transaction (BEGIN IMMEDIATE), so only PostgreSQL, where
transactions really run side by side, proves the row lock. Each thread has its own client or
session, so each holds its own connection and transaction.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.jobs.models import Job, JobStatus
from classroom.leases import billing, ledger
from classroom.leases.models import Invoice
from classroom.leases.programmes import cap_used, get_programme
from tests.factories.accounts import bearer, build_world, make_institution
from tests.factories.leases import designate, make_lease, make_programme

pytestmark = pytest.mark.postgres_only

THREADS = 50


@pytest.fixture
def pg(app):
    assert app.state.db.dialect == "postgresql"  # the postgres_only marker keeps SQLite out
    return app


def _parallel(count: int, work):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)

    def run(index: int):  # type: ignore[no-untyped-def]
        barrier.wait()  # start together to maximise overlap
        return work(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_parallel_approvals_never_exceed_the_cap(pg, session, clock):
    world = build_world(session, pg)
    make_programme(session, pg, 2026, lease_cap=20)
    admins = [world.a.users[Role.INSTITUTION_ADMIN], world.b.users[Role.INSTITUTION_ADMIN]]
    leases = [make_lease(session, pg, admins[i % 2], classrooms=1) for i in range(THREADS)]
    headers = bearer(session, pg, world.operator)

    def approve(index: int) -> int:
        client = TestClient(pg, base_url="http://testserver")
        return client.post(f"/api/v1/leases/{leases[index].id}/approve", headers=headers).status_code

    codes = Counter(_parallel(THREADS, approve))
    assert codes == {200: 20, 409: 30}
    session.expire_all()
    assert cap_used(session, get_programme(session, 2026).id) == 20


def test_multi_classroom_approvals_fill_the_cap_exactly(pg, session, clock):
    world = build_world(session, pg)
    make_programme(session, pg, 2026, lease_cap=25)
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    leases = [make_lease(session, pg, admin, classrooms=1 + i % 3) for i in range(30)]
    headers = bearer(session, pg, world.operator)

    def approve(index: int) -> int:
        client = TestClient(pg, base_url="http://testserver")
        return client.post(f"/api/v1/leases/{leases[index].id}/approve", headers=headers).status_code

    codes = _parallel(len(leases), approve)
    session.expire_all()
    used = cap_used(session, get_programme(session, 2026).id)
    approved = sum(lease.classrooms for lease, code in zip(leases, codes, strict=True) if code == 200)
    assert used == approved <= 25
    assert used >= 23  # refusals only when the next request no longer fits


def test_parallel_month_closes_bill_once_and_stay_within_budget(pg, session, clock):
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    operator = build_world(session, pg).operator
    # Ten institutions, each excellent with a 1-classroom lease: 150,000 subsidy each per month.
    make_programme(session, pg, 2026, budget=1_000_000)
    for n in range(10):
        institution, admin = make_institution(session, pg, f"inst{n:02d}", f"기관{n}")
        make_lease(
            session,
            pg,
            admin,
            classrooms=1,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 12, 31),
            approve_by=operator,
        )
        designate(session, pg, operator, institution, date(2026, 1, 1), date(2026, 12, 31))
    clock.set(datetime(2026, 6, 2, 9, tzinfo=SEOUL))
    months = [date(2026, 4, 1), date(2026, 5, 1)]

    def close(index: int) -> int:
        with pg.state.db.session() as own:
            result = billing.close_month(own, clock, None, months[index % 2])
            own.commit()
            return len(result.created)

    created = _parallel(16, close)
    assert sum(created) == 20  # 10 leases × 2 months, each exactly once
    session.expire_all()
    invoices = session.exec(select(Invoice)).all()
    assert len(invoices) == 20
    assert sum(i.subsidy for i in invoices) == 1_000_000 == get_programme(session, 2026).subsidy_committed
    assert sum(i.budget_limited for i in invoices) >= 1
    assert ledger.verify(session) == []


def test_parallel_api_closes_of_one_month(pg, session, clock):
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    world = build_world(session, pg)
    make_programme(session, pg, 2026)
    for tenant in ("a", "b"):
        make_lease(
            session,
            pg,
            world.user(Role.INSTITUTION_ADMIN, tenant),
            classrooms=2,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 12, 31),
            approve_by=world.operator,
        )
    clock.set(datetime(2026, 5, 1, 9, tzinfo=SEOUL))
    headers = bearer(session, pg, world.operator)

    def close(index: int) -> tuple[int, str]:
        client = TestClient(pg, base_url="http://testserver")
        response = client.post("/api/v1/billing/close", json={"month": "2026-04"}, headers=headers)
        return response.status_code, response.json()["id"]

    accepted = _parallel(10, close)
    assert all(code == 202 for code, _ in accepted)
    # Ten workers run the ten close jobs at once (as ten consumer threads would).
    job_ids = [uuid.UUID(job_id) for _, job_id in accepted]
    _parallel(10, lambda index: pg.state.jobs.execute(job_ids[index]))
    results = [session.get(Job, job_id) for job_id in job_ids]
    assert all(job is not None and job.status is JobStatus.DONE for job in results)
    assert sum(job.result["invoices_created"] for job in results if job and job.result) == 2
    pg.state.queue.huey.flush()
    session.expire_all()
    assert len(session.exec(select(Invoice)).all()) == 2


def test_opening_a_year_twice_at_once_creates_it_once(pg, session, clock):
    world = build_world(session, pg)
    headers = bearer(session, pg, world.operator)

    def put(index: int) -> int:
        client = TestClient(pg, base_url="http://testserver")
        return client.put(
            "/api/v1/programmes/2027", json={"lease_cap": 100 + index}, headers=headers
        ).status_code

    codes = Counter(_parallel(8, put))
    assert codes == {201: 1, 200: 7}


def test_parallel_publishes_never_use_more_classrooms_than_leased(pg, session, clock):
    """Capacity is checked under the institution lock: N parallel publishes of overlapping
    courses against K leased classrooms give exactly K successes (it was 3–4 of 4 for K=1)."""
    from tests.factories.accounts import make_user
    from tests.factories.courses import make_course, make_valid_plan
    from tests.factories.leases import lease_classrooms

    world = build_world(session, pg)
    make_programme(session, pg, 2026)
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    teachers = [make_user(session, pg, world.a.institution, Role.INSTRUCTOR) for _ in range(6)]
    courses = [
        make_course(session, pg, admin, title=f"병행 과정 {n}", instructors=[teachers[n]], leased=False)
        for n in range(6)
    ]
    for n, course in enumerate(courses):
        make_valid_plan(session, pg, admin, course, room=f"B동 30{n}호")
    lease_classrooms(
        session, pg, world.a.institution.id, courses[0].starts_on, courses[0].ends_on, classrooms=2
    )
    headers = bearer(session, pg, admin)

    def publish(index: int) -> int:
        client = TestClient(pg, base_url="http://testserver")
        return client.post(f"/api/v1/courses/{courses[index].id}/publish", headers=headers).status_code

    assert Counter(_parallel(len(courses), publish)) == {200: 2, 409: 4}
