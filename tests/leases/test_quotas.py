"""Quotas from active leases: the service other packages call, with clear 409/413 messages."""

from __future__ import annotations

from datetime import date

import pytest

from classroom.core import i18n
from classroom.core.errors import Conflict, PayloadTooLarge
from classroom.core.package import Package
from classroom.core.tenancy import Role
from classroom.leases import quotas
from classroom.leases.models import GIB
from tests.factories.accounts import build_world
from tests.factories.leases import make_lease, make_programme


@pytest.fixture
def world(app, session):
    w = build_world(session, app)
    make_programme(session, app, 2026, storage_bytes_per_classroom=50 * GIB, live_seats_per_classroom=30)
    return w


def test_quota_adds_up_over_active_leases_only(app, session, world):
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    make_lease(
        session,
        app,
        admin,
        classrooms=2,
        starts_on=date(2026, 4, 10),
        ends_on=date(2026, 6, 30),
        approve_by=world.operator,
    )
    make_lease(
        session,
        app,
        admin,
        classrooms=1,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 31),
        approve_by=world.operator,
    )
    make_lease(
        session, app, admin, classrooms=5, starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 31)
    )  # pending
    institution = world.a.institution.id
    assert quotas.institution_quota(session, institution, date(2026, 4, 9)) == quotas.Quota(0, 0, 0, 0)
    assert quotas.institution_quota(session, institution, date(2026, 4, 10)) == quotas.Quota(
        2, 100 * GIB, 60, 30
    )
    assert quotas.institution_quota(session, institution, date(2026, 5, 31)) == quotas.Quota(
        3, 150 * GIB, 90, 30
    )
    assert quotas.institution_quota(session, world.b.institution.id, date(2026, 5, 31)).classrooms == 0


def _one_day(session, institution, running: int) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 5, 1)
    quotas.ensure_course_period(session, institution, day, day, others=lambda: [(day, day)] * running)


def test_course_slot(app, session, world):
    institution = world.a.institution.id
    with pytest.raises(Conflict, match=r"^quota\.no_lease$") as none:
        _one_day(session, institution, running=0)
    assert none.value.status == 409 and "임대해 주세요" in none.value.message("ko")
    make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=2,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 31),
        approve_by=world.operator,
    )
    _one_day(session, institution, running=1)
    with pytest.raises(Conflict, match=r"^quota\.classrooms$") as full:
        _one_day(session, institution, running=2)
    assert full.value.message("ko") == (
        "2026-05-01에 임대 강의실 2실에서 이미 2개 과정이 운영 중입니다. "
        "이 기간을 포함해 강의실을 1실 더 임대해 주세요."
    )
    assert full.value.message("en") == (
        "On 2026-05-01, 2 course(s) already run in your 2 leased classroom(s). "
        "Lease 1 more classroom(s) covering that period."
    )


def test_course_period_needs_a_classroom_on_every_day(app, session, world):
    institution = world.a.institution.id
    make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 31),
        approve_by=world.operator,
    )
    quotas.ensure_course_period(session, institution, date(2026, 5, 1), date(2026, 5, 31), others=list)
    with pytest.raises(Conflict, match=r"^quota\.no_lease$") as beyond:
        quotas.ensure_course_period(session, institution, date(2026, 5, 20), date(2026, 6, 10), others=list)
    assert beyond.value.message_key == "quota.no_lease" and beyond.value.params["day"] == "2026-06-01"
    with pytest.raises(Conflict, match=r"^quota\.classrooms$") as taken:
        quotas.ensure_course_period(
            session,
            institution,
            date(2026, 5, 1),
            date(2026, 5, 31),
            others=lambda: [(date(2026, 4, 1), date(2026, 5, 10))],
        )
    assert taken.value.params == {"classrooms": 1, "running": 1, "day": "2026-05-01", "more": 1}
    # Back to back is fine: the other course ends the day before this one starts.
    quotas.ensure_course_period(
        session,
        institution,
        date(2026, 5, 11),
        date(2026, 5, 31),
        others=lambda: [(date(2026, 4, 1), date(2026, 5, 10))],
    )


def test_storage_and_live_seats(app, session, world):
    institution = world.a.institution.id
    make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 31),
        approve_by=world.operator,
    )
    day = date(2026, 5, 2)
    quotas.ensure_storage(session, institution, adding_bytes=GIB, used=lambda: 49 * GIB, on=day)
    with pytest.raises(PayloadTooLarge, match=r"^quota\.storage$") as big:
        quotas.ensure_storage(session, institution, adding_bytes=GIB + 1, used=lambda: 49 * GIB, on=day)
    assert big.value.status == 413 and "강의실당 50.0 GB" in big.value.message("ko")
    assert "Each extra leased classroom adds 50.0 GB" in big.value.message("en")
    quotas.ensure_live_seat(session, institution, day, in_room=lambda: 29)
    with pytest.raises(Conflict, match=r"^quota\.room_seats$") as room:
        quotas.ensure_live_seat(session, institution, day, in_room=lambda: 30)
    assert "30석" in room.value.message("ko")
    with pytest.raises(Conflict, match=r"^quota\.live_seats$") as everywhere:
        quotas.ensure_live_seat(session, institution, day, in_room=lambda: 0, in_institution=lambda: 30)
    assert everywhere.value.params == {"seats": 30, "present": 30}


def test_every_lease_message_has_both_languages(app):
    for key in ("lease.cap_exceeded", "quota.classrooms", "quota.storage", "billing.month_not_over"):
        assert i18n.t(key, "ko") != i18n.t(key, "en")


def test_usage_providers_feed_the_bars(app, session, world):
    got = quotas.usage(session, world.a.institution.id, date(2026, 5, 1), {"classrooms": lambda s, i, on: 1})
    assert got == {"classrooms": 1, "storage_bytes": None, "live_seats": None}
    with pytest.raises(ValueError, match="unknown quota kinds"):
        Package(name="bananas", usage={"bananas": lambda s, i, d: 0})


def test_the_registry_reports_running_courses_as_classroom_usage(app):
    assert set(app.state.usage) >= {"classrooms"}
