"""Lease pages: institutions request, renew and end leases and watch quota usage; the
operator decides pending requests. Home panels for both sides live here too."""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.csrf import verify_form_csrf
from classroom.core.dates import in_window
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.money import format_rate, format_won
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.institutions import service as institutions
from classroom.leases import designations, lease_pages, programmes, quotas, service
from classroom.leases.auth import Decider, LeaseForUpdate, LeaseReader, Requester, Terminator
from classroom.leases.invoices import latest_invoice
from classroom.leases.models import GIB, Lease, LeaseState, LeaseStatus, ProgrammeYear
from classroom.leases.refusals import invalid
from classroom.leases.rules.reasons import Reason
from classroom.web.forms import FormReader, Refused, form_action
from classroom.web.listing import ListView, back_to_list, filter_value, page_request
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
FILTERS = ("status", "year", "institution_id")

LeasesPage = LeaseReader
RequestPage = Requester
DecidePage = Decider
TerminatePage = Terminator


def _bar(used: int | None, limit: int) -> dict[str, Any]:
    percent = min(100, round(100 * used / limit)) if used is not None and limit else (100 if used else 0)
    tone = "#c0362c" if percent >= 100 else "#b7791f" if percent >= 80 else "#1f5eff"
    return {"used": used, "limit": limit, "percent": percent, "tone": tone}


def quota_bars(request: Request, session: Session, institution_id: uuid.UUID, today: date) -> dict[str, Any]:
    quota = quotas.institution_quota(session, institution_id, today)
    use = quotas.usage(session, institution_id, today, request.app.state.usage)
    return {
        "quota": quota,
        "classrooms": _bar(use["classrooms"], quota.classrooms),
        "storage": _bar(use["storage_bytes"], quota.storage_bytes),
        "seats": _bar(use["live_seats"], quota.live_seats),
        "gib": GIB,
    }


def _price_note(programme: ProgrammeYear, lang: str) -> str:
    return i18n.t(
        "lease.price_note",
        lang,
        fee=format_won(programme.monthly_fee, lang),
        storage=f"{programme.storage_bytes_per_classroom / GIB:,.0f} GB",
        seats=programme.live_seats_per_classroom,
        rate=format_rate(programme.subsidy_rate),
    )


def _leases_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    today = service.today(clock)
    lang = request_lang(request)
    years = {p.id: p for p in programmes.list_programmes(session)}
    programme = programmes.find_programme(session, today.year)
    institution_list = institutions.list_institutions(session) if principal.cross_tenant else []
    values = {
        "status": filter_value(request, "status", lease_pages.STATUSES),
        "year": filter_value(request, "year", [str(p.year) for p in years.values()]),
        "institution_id": filter_value(request, "institution_id", [str(i.id) for i in institution_list]),
    }
    wanted = lease_pages.LeaseFilter(
        status=LeaseStatus(values["status"]) if values["status"] else None,
        year=int(values["year"]) if values["year"] else None,
        institution_id=uuid.UUID(values["institution_id"]) if values["institution_id"] else None,
    )
    page = lease_pages.page_leases(session, principal, wanted, page_request(request))
    rows = page.items
    context: dict[str, Any] = {
        "today": today,
        "view": ListView(page, "/leases", values, unit="common.list.rows"),
        "leases": rows,
        "years": years,
        "programme": programme,
        "price_note": _price_note(programme, lang) if programme else None,
        # Requests wait for the operator's decision: all of them, whatever page the list shows.
        "pending": service.list_leases(session, principal, status=LeaseStatus.REQUESTED),
        "institution_list": institution_list,
        "statuses": lease_pages.STATUSES,
        "filters": values,
        "names": {i.id: i.name for i in institution_list},
        "can_request": principal.can(P.LEASES_REQUEST),
        "can_decide": principal.can(P.LEASES_DECIDE),
        "can_terminate": principal.can(P.LEASES_TERMINATE),
        "form": {},
        "renewed": lease_pages.renewed(session, principal, [lease.id for lease in rows]),
    }
    if principal.institution_id is not None:
        context["bars"] = quota_bars(request, session, principal.institution_id, today)
        context["excellent"] = designations.is_excellent(session, principal, principal.institution_id, today)
    if programme is not None:
        context["cap_used"] = programmes.cap_used(session, programme.id)
    context.update(extra or {})
    return render(request, "leases/leases.html", context, status_code=status_code)


def _again(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    form: dict[str, Any] | None = None,
) -> Callable[[Refused], Response]:
    """The leases page shown again with the refusal's reasons (and what was typed)."""

    def again(refused: Refused) -> Response:
        extra = {**refused.problems, "form": form or {}}
        return _leases_page(request, session, clock, principal, extra, refused.status)

    return again


@router.get("/leases")
def leases_page(request: Request, session: DbSession, clock: ClockDep, principal: LeasesPage) -> Response:
    return _leases_page(request, session, clock, principal)


@router.post("/leases")
def leases_request(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: RequestPage,
    classrooms: Annotated[str, Form(max_length=20)] = "",
    starts_on: Annotated[str, Form(max_length=20)] = "",
    ends_on: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    # Typed fields arrive as text: a wrong value comes back as this form with what was typed.
    form = {"classrooms": classrooms, "starts_on": starts_on, "ends_on": ends_on, "note": note}

    def lease_request() -> Lease:
        read = FormReader()
        count = read.integer("classrooms", classrooms, minimum=1, maximum=1000)
        first = read.day("starts_on", starts_on)
        last = read.day("ends_on", ends_on)
        read.done()
        assert count is not None and first is not None and last is not None
        return service.request_lease(
            session, clock, principal, classrooms=count, starts_on=first, ends_on=last, note=note
        )

    return form_action(
        request,
        session,
        lease_request,
        done=back_to_list(request, "/leases", FILTERS, msg="lease.requested"),
        again=_again(request, session, clock, principal, form),
    )


@router.post("/leases/{lease_id}/approve")
def leases_approve(
    request: Request, session: DbSession, clock: ClockDep, principal: DecidePage, lease: LeaseForUpdate
) -> Response:
    return form_action(
        request,
        session,
        lambda: service.approve_lease(session, clock, principal, lease),
        done=back_to_list(request, "/leases", FILTERS, msg="lease.approved"),
        again=_again(request, session, clock, principal),
    )


@router.post("/leases/{lease_id}/reject")
def leases_reject(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: DecidePage,
    lease: LeaseForUpdate,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    return form_action(
        request,
        session,
        lambda: service.reject_lease(session, clock, principal, lease, reason),
        done=back_to_list(request, "/leases", FILTERS, msg="lease.rejected"),
        again=_again(request, session, clock, principal),
    )


@router.post("/leases/{lease_id}/cancel")
def leases_cancel(
    request: Request, session: DbSession, clock: ClockDep, principal: RequestPage, lease: LeaseForUpdate
) -> Response:
    return form_action(
        request,
        session,
        lambda: service.cancel_lease(session, clock, principal, lease),
        done=back_to_list(request, "/leases", FILTERS, msg="lease.cancelled"),
        again=_again(request, session, clock, principal),
    )


@router.post("/leases/{lease_id}/terminate")
def leases_terminate(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: TerminatePage,
    lease: LeaseForUpdate,
    reason: Annotated[str, Form(max_length=500)] = "",
    last_day: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    def terminate() -> Lease:
        try:
            day = date.fromisoformat(last_day) if last_day else None
            if day is not None and not in_window(day):
                raise ValueError(last_day)
        except ValueError:
            # A garbled date must not silently become "terminate today".
            raise invalid(Reason("field.invalid", field="last_day")) from None
        return service.terminate_lease(session, clock, principal, lease, reason=reason, last_day=day)

    return form_action(
        request,
        session,
        terminate,
        done=back_to_list(request, "/leases", FILTERS, msg="lease.terminated"),
        again=_again(request, session, clock, principal),
    )


@router.post("/leases/{lease_id}/renew")
def leases_renew(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: RequestPage,
    lease: LeaseForUpdate,
    ends_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    def renew() -> Lease:
        read = FormReader()
        until = read.day("ends_on", ends_on)
        read.done()
        assert until is not None
        return service.renew_lease(session, clock, principal, lease, ends_on=until)

    return form_action(
        request,
        session,
        renew,
        done=back_to_list(request, "/leases", FILTERS, msg="lease.renewal_requested"),
        again=_again(request, session, clock, principal),
    )


# --- home panels ------------------------------------------------------------------------------


def institution_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    if principal.institution_id is None:
        return None
    today = service.today(request.app.state.clock)
    active = [
        lease
        for lease in service.list_leases(session, principal)
        if lease.state(today) in (LeaseState.ACTIVE, LeaseState.SCHEDULED, LeaseState.REQUESTED)
    ]
    return Panel(
        "leases/panel_institution.html",
        {
            "leases": active,
            "today": today,
            "bars": quota_bars(request, session, principal.institution_id, today),
            "invoice": latest_invoice(session, principal),
        },
        order=15,
    )


def operator_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    today = service.today(request.app.state.clock)
    programme = programmes.find_programme(session, today.year)
    pending = service.list_leases(session, principal, status=LeaseStatus.REQUESTED)
    context: dict[str, Any] = {
        "pending": pending,
        "programme": programme,
        "can_decide": principal.can(P.LEASES_DECIDE),
        "names": {i.id: i.name for i in institutions.list_institutions(session)},
    }
    if programme is not None:
        context["cap_used"] = programmes.cap_used(session, programme.id)
    return Panel("leases/panel_operator.html", context, order=15)
