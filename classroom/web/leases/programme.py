"""Programme dashboard for platform staff: cap and budget, monthly burn, institutions,
settings, excellent-institution designations and the month close."""

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.money import format_rate
from classroom.core.paging import YearPath, YearQuery
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses.policy import policy_of
from classroom.courses.texts import describe_policy
from classroom.institutions import service as institutions
from classroom.leases import billing, designations, ledger, programmes
from classroom.leases import service as lease_service
from classroom.leases.auth import DashboardReader, DesignationForUpdate, DesignationWriter, ProgrammeWriter
from classroom.leases.models import GIB, ProgrammeYear
from classroom.leases.rules.settings import POLICY_SETTINGS, share_input
from classroom.web.forms import FormReader, Refused, form_action
from classroom.web.leases.charts import burn_chart
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

DashboardPage = DashboardReader
SettingsPage = ProgrammeWriter
DesignationsPage = DesignationWriter


def _dashboard(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    year: int | None = None,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    today = lease_service.today(clock)
    year = year or today.year
    lang = request_lang(request)
    programme = programmes.find_programme(session, year)
    context: dict[str, Any] = {
        "year": year,
        "today": today,
        "programme": programme,
        "years": programmes.list_programmes(session),
        "institutions": institutions.list_institutions(session),
        "gib": GIB,
        "form": {},
        "designations": designations.list_designations(session, principal),
        "can_write": principal.can(P.PROGRAMMES_WRITE),
        "can_designate": principal.can(P.DESIGNATIONS_WRITE),
        "can_close": principal.can(P.BILLING_CLOSE),
        "last_month": date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1),
    }
    if programme is not None:
        burn = programmes.monthly_burn(session, programme)
        context.update(
            cap_used=programmes.cap_used(session, programme.id),
            pending=programmes.pending_classrooms(session, programme.id),
            rate=format_rate(programme.subsidy_rate),
            burn=burn,
            chart=burn_chart(burn, programme.budget, i18n.t("programme.burn", lang), lang),
            per_institution=programmes.per_institution(session, programme),
            closed=billing.closed_months(session, programme),
            problems=ledger.verify(session, programme),
            policy_text=describe_policy(policy_of(programme), lang),
        )
    # A year not opened yet shows the defaults the new row would get.
    shown = programme or ProgrammeYear(year=year, created_at=clock.now(), updated_at=clock.now())
    context["policy_form"] = {
        "min_total_hours": shown.min_total_hours,
        "min_online_hours": shown.min_online_hours,
        "max_daily_hours": shown.max_daily_hours,
        "online_share_min": share_input(shown.online_share_min),
        "online_share_max": share_input(shown.online_share_max),
    }
    context.update(extra or {})
    return render(request, "leases/programme.html", context, status_code=status_code)


@router.get("/programme")
def programme_page(
    request: Request, session: DbSession, clock: ClockDep, principal: DashboardPage, year: YearQuery = None
) -> Response:
    return _dashboard(request, session, clock, principal, year)


@router.post("/programme/{year}")
def programme_save(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: SettingsPage,
    year: YearPath,
    lease_cap: Annotated[str, Form(max_length=20)] = "300",
    subsidy_rate: Annotated[str, Form(max_length=20)] = "1/2",
    budget: Annotated[str, Form(max_length=40)] = "5200000000",
    monthly_fee: Annotated[str, Form(max_length=40)] = "300000",
    storage_gb: Annotated[str, Form(max_length=20)] = "50",
    live_seats_per_classroom: Annotated[str, Form(max_length=20)] = "30",
    min_total_hours: Annotated[str, Form(max_length=20)] = "140",
    online_share_min: Annotated[str, Form(max_length=20)] = "1/10",
    online_share_max: Annotated[str, Form(max_length=20)] = "1/2",
    min_online_hours: Annotated[str, Form(max_length=20)] = "20",
    max_daily_hours: Annotated[str, Form(max_length=20)] = "8",
) -> Response:
    # Every field is text here: a bad value comes back beside its field (numbers and amounts
    # are read below, the policy's fractions and hours by the service).
    settings: dict[str, object] = {
        "subsidy_rate": subsidy_rate,
        "min_total_hours": min_total_hours,
        "online_share_min": online_share_min,
        "online_share_max": online_share_max,
        "min_online_hours": min_online_hours,
        "max_daily_hours": max_daily_hours,
    }

    def again(refused: Refused) -> Response:
        shown_year = year if programmes.MIN_YEAR <= year <= programmes.MAX_YEAR else None
        submitted = {k: settings[k] for k in POLICY_SETTINGS}
        typed = {
            "lease_cap": lease_cap,
            "subsidy_rate": subsidy_rate,
            "budget": budget,
            "monthly_fee": monthly_fee,
            "storage_gb": storage_gb,
            "live_seats_per_classroom": live_seats_per_classroom,
        }
        extra = refused.problems | {"policy_form": submitted, "settings_form": typed}
        return _dashboard(request, session, clock, principal, shown_year, extra, refused.status)

    def save() -> tuple[ProgrammeYear, bool]:
        # Amounts as people type them ("3,000,000", "₩300,000", "52억"): one parser, each
        # refusal beside its field.
        read = FormReader()
        storage = read.integer("storage_gb", storage_gb, minimum=0, maximum=10**6)
        settings.update(
            lease_cap=read.integer("lease_cap", lease_cap, minimum=0, maximum=1_000_000),
            live_seats_per_classroom=read.integer(
                "live_seats_per_classroom", live_seats_per_classroom, minimum=1, maximum=10_000
            ),
            budget=read.amount("budget", budget),
            monthly_fee=read.amount("monthly_fee", monthly_fee),
            storage_bytes_per_classroom=storage * GIB if storage is not None else None,
        )
        read.done()
        return programmes.put_programme(session, clock, principal, year, settings)

    return form_action(
        request,
        session,
        save,
        done=f"/programme?year={year}&msg=programme.saved",
        again=again,
    )


@router.post("/designations")
def designation_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: DesignationsPage,
    institution_id: Annotated[uuid.UUID, Form()],
    valid_from: Annotated[str, Form(max_length=20)] = "",
    valid_to: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    # Dates as text: a wrong one comes back as the dashboard with the message by its field.
    read = FormReader()
    first = read.day("valid_from", valid_from)
    last = read.day("valid_to", valid_to)
    year = first.year if first is not None else None

    def designate() -> object:
        read.done()
        assert first is not None and last is not None
        return designations.create_designation(
            session,
            clock,
            principal,
            institution_id=institution_id,
            valid_from=first,
            valid_to=last,
            note=note,
        )

    return form_action(
        request,
        session,
        designate,
        done=f"/programme?year={year}&msg=designation.saved",
        again=lambda refused: _dashboard(
            request, session, clock, principal, year, refused.problems, refused.status
        ),
    )


@router.post("/designations/{designation_id}/revoke")
def designation_revoke(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: DesignationsPage,
    designation: DesignationForUpdate,
) -> Response:
    return form_action(
        request,
        session,
        lambda: designations.revoke_designation(session, clock, principal, designation),
        done="/programme?msg=designation.saved",
        again=lambda refused: _dashboard(
            request, session, clock, principal, None, refused.problems, refused.status
        ),
    )
