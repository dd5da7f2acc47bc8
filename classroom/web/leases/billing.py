"""Invoices, printable statements, CSV/XLSX exports, the month close and payments."""

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, EventsDep
from classroom.core.errors import request_lang
from classroom.core.money import format_rate, format_won, parse_won
from classroom.core.paging import YearQuery
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.institutions import service as institutions
from classroom.jobs.models import Job
from classroom.leases import closing, exports, invoice_pages, ledger
from classroom.leases.auth import (
    Closer,
    EntryForUpdate,
    InvoiceForUpdate,
    InvoiceReader,
    InvoiceRef,
    PaymentWriter,
)
from classroom.leases.invoices import get_invoice, list_invoices
from classroom.leases.models import Invoice, LedgerEntry
from classroom.leases.refusals import invalid
from classroom.leases.rules.months import parse_month
from classroom.leases.rules.reasons import Reason
from classroom.web.forms import form_action
from classroom.web.listing import ListView, filter_value, page_request
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

InvoicesPage = InvoiceReader
ClosePage = Closer
PaymentsPage = PaymentWriter
MonthQuery = Annotated[str | None, Query(max_length=7)]


def _filters(month: str | None, year: int | None) -> dict[str, Any]:
    """Lenient on pages: a malformed filter shows everything rather than an error page."""
    return {"month": parse_month(month), "year": year if year and 2000 <= year <= 2100 else None}


def _listing(session: Session, principal: Principal, month: str | None, year: int | None) -> list[Invoice]:
    return list_invoices(session, principal, **_filters(month, year), limit=5000)


def _billing_page(
    request: Request,
    session: Session,
    principal: Principal,
    month: str | None = None,
    year: int | None = None,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    # One page of the invoices the filters match; the sums cover all of them (in the database).
    institution_list = institutions.list_institutions(session) if principal.cross_tenant else []
    chosen = filter_value(request, "institution_id", [str(i.id) for i in institution_list])
    paid_state = filter_value(request, "paid", invoice_pages.PAID_STATES)
    wanted = invoice_pages.InvoiceFilter(
        **_filters(month, year), institution_id=uuid.UUID(chosen) if chosen else None, paid=paid_state
    )
    page = invoice_pages.page_invoices(session, principal, wanted, page_request(request))
    rows = page.items
    paid = ledger.paid_by_invoice(session, principal, [i.id for i in rows])
    totals = invoice_pages.sums(session, principal, wanted)
    values = {"month": month or "", "year": str(year or ""), "institution_id": chosen, "paid": paid_state}
    query = urlencode({k: v for k, v in (("month", month), ("year", year)) if v})
    context: dict[str, Any] = {
        "view": ListView(page, "/billing", values, unit="common.list.rows"),
        "invoices": rows,
        "paid": paid,
        "month": month or "",
        "year": year or "",
        "institution_id": chosen,
        "paid_state": paid_state,
        "institution_list": institution_list,
        "query": query,
        "names": {i.id: i.name for i in institution_list},
        "sums": {
            "total": totals.total,
            "subsidy": totals.subsidy,
            "institution_share": totals.institution_share,
        },
        "paid_sum": totals.paid,
        "can_close": principal.can(P.BILLING_CLOSE),
        "can_pay": principal.can(P.PAYMENTS_WRITE),
    }
    context.update(extra or {})
    return render(request, "leases/billing.html", context, status_code=status_code)


@router.get("/billing")
def billing_page(
    request: Request,
    session: DbSession,
    principal: InvoicesPage,
    month: MonthQuery = None,
    year: YearQuery = None,
) -> Response:
    return _billing_page(request, session, principal, month, year)


def _download(data: bytes, media_type: str, name: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}",
            "Cache-Control": "no-store",
        },
    )


def _export_name(month: str | None, year: int | None, ext: str) -> str:
    filters = _filters(month, year)
    suffix = f"{filters['month']:%Y-%m}" if filters["month"] else str(filters["year"] or "all")
    return f"invoices-{suffix}.{ext}"


@router.get("/billing/export.csv")
def export_csv(
    session: DbSession, principal: InvoicesPage, month: MonthQuery = None, year: YearQuery = None
) -> Response:
    data = exports.rows(session, principal, _listing(session, principal, month, year))
    return _download(exports.to_csv(data), "text/csv; charset=utf-8", _export_name(month, year, "csv"))


@router.get("/billing/export.xlsx")
def export_xlsx(
    session: DbSession, principal: InvoicesPage, month: MonthQuery = None, year: YearQuery = None
) -> Response:
    data = exports.rows(session, principal, _listing(session, principal, month, year))
    return _download(
        exports.to_xlsx(data),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _export_name(month, year, "xlsx"),
    )


def _statement(
    request: Request,
    session: Session,
    principal: Principal,
    invoice: Invoice,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    institution = institutions.get_institution(session, invoice.institution_id)
    entries = ledger.entries_for(session, principal, invoice.id)
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    context = {
        "invoice": invoice,
        "institution": institution,
        "entries": entries,
        "reversed_ids": reversed_ids,
        "balance": ledger.balance(session, principal, invoice),
        "rate": format_rate(invoice.subsidy_rate),
        "fee": format_won(invoice.monthly_fee, request_lang(request)),
        "can_pay": principal.can(P.PAYMENTS_WRITE),
    }
    context.update(extra or {})
    return render(request, "leases/statement.html", context, status_code=status_code)


@router.get("/billing/invoices/{invoice_id}")
def statement_page(
    request: Request, session: DbSession, principal: InvoicesPage, invoice: InvoiceRef
) -> Response:
    return _statement(request, session, principal, invoice)


@router.post("/billing/close")
def close_month(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    events: EventsDep,
    principal: ClosePage,
    month: Annotated[str, Form(max_length=7)] = "",
) -> Response:
    """Checked at once, closed by a job: the operator follows it on the job's page."""

    def queued(job: Job) -> Response:
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    return form_action(
        request,
        session,
        lambda: closing.request_close(session, clock, events, principal, month),
        done=queued,
        again=lambda refused: _billing_page(
            request, session, principal, extra=refused.problems, status_code=refused.status
        ),
    )


@router.post("/billing/invoices/{invoice_id}/payments")
def record_payment(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: PaymentsPage,
    invoice: InvoiceForUpdate,
    amount: Annotated[str, Form(max_length=20)] = "",
    reference: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    def pay() -> LedgerEntry:
        try:
            value = parse_won(amount) if amount.strip() else None
        except ValueError:
            raise invalid(Reason("field.amount", field="amount")) from None
        return ledger.record_payment(session, clock, principal, invoice, amount=value, reference=reference)

    return form_action(
        request,
        session,
        pay,
        done=f"/billing/invoices/{invoice.id}?msg=billing.payment_recorded",
        again=lambda refused: _statement(
            request, session, principal, invoice, {**refused.problems, "amount_typed": amount}, refused.status
        ),
    )


@router.post("/billing/ledger/{entry_id}/reverse")
def reverse_entry(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: PaymentsPage,
    entry: EntryForUpdate,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    invoice = get_invoice(session, principal, entry.invoice_id)
    return form_action(
        request,
        session,
        lambda: ledger.reverse_entry(session, clock, principal, entry, reason),
        done=f"/billing/invoices/{invoice.id}?msg=billing.reversed",
        again=lambda refused: _statement(
            request, session, principal, invoice, refused.problems, refused.status
        ),
    )
