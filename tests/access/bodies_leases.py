"""Access-walker example bodies for the leases domain (see bodies.py).

The walker's lease (`{lease_id}`) is approved from today to the end of the year; a new request
needs the programme year open, a renewal the next one."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.access.bodies import register_body, register_query
from tests.access.params import register_for
from tests.factories.accounts import World
from tests.factories.leases import make_lease, make_programme

YEAR = 2026  # the year of the tests' clock (tests.conftest.START)


def _open(session: Session, app: FastAPI, year: int) -> None:
    from classroom.leases.programmes import find_programme

    if find_programme(session, year) is None:
        make_programme(session, app, year)


def _request(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _open(session, app, YEAR)
    return {"classrooms": 1, "starts_on": "2026-05-01", "ends_on": "2026-12-31", "note": "접근 점검"}


def _renewal(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _open(session, app, YEAR + 1)
    return {"ends_on": "2027-06-30"}


def _designation(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    institution = world.a.institution.id
    return {"institution_id": str(institution), "valid_from": "2026-01-01", "valid_to": "2026-12-31"}


def _reason(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"reason": "접근 점검"}


def _last_month(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    _open(session, app, YEAR)
    return {"month": "2026-03"}


def _requested_lease(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    """A lease still waiting for the operator's decision (approve, reject and cancel act on those)."""
    _open(session, app, YEAR)
    return make_lease(session, app, getattr(world, tenant).users[Role.INSTITUTION_ADMIN]).id


for _route in ("/api/v1/leases/{lease_id}", "/leases/{lease_id}"):
    for _action in ("approve", "reject", "cancel"):
        register_for(f"POST {_route}/{_action}", "lease_id", _requested_lease)

register_body("POST /api/v1/leases", _request)
register_body("POST /leases", _request)
register_body("POST /api/v1/leases/{lease_id}/renew", _renewal)
register_body("POST /leases/{lease_id}/renew", _renewal)
register_body("POST /api/v1/designations", _designation)
register_body("POST /designations", _designation)
register_body("POST /api/v1/leases/{lease_id}/reject", _reason)
register_body("POST /leases/{lease_id}/reject", _reason)
register_body("POST /api/v1/leases/{lease_id}/terminate", _reason)
register_body("POST /leases/{lease_id}/terminate", _reason)
register_body("POST /api/v1/ledger/{entry_id}/reverse", _reason)
register_body("POST /billing/ledger/{entry_id}/reverse", _reason)
register_body("POST /api/v1/billing/close", _last_month)
register_body("POST /billing/close", _last_month)
register_body(
    "POST /billing/invoices/{invoice_id}/payments", lambda s, app, w: {"amount": "1", "reference": "walker"}
)
register_query("GET /api/v1/quota", lambda s, app, w: {"institution_id": str(w.a.institution.id)})
register_body("PATCH /api/v1/programmes/{year}", lambda s, app, w: {"lease_cap": 250})
