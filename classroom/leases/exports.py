"""Invoice statements as CSV and XLSX with Korean headers (what institutions file and audit).

Amounts stay integer won in both formats (no "₩" text), so a spreadsheet can sum them. Both
are written by `core.spreadsheets`, which keeps text cells (institution names) inert.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from classroom.core import i18n, spreadsheets
from classroom.core.clock import to_seoul
from classroom.core.money import format_rate
from classroom.core.tenancy import Principal
from classroom.institutions.models import Institution
from classroom.leases import ledger
from classroom.leases.models import Invoice

# Statements are filed in Korean whatever the page language; labels come from the catalogue
# (leases/messages.py, "export.<column>").
EXPORT_LANG = "ko"
COLUMNS = (
    "month",
    "institution",
    "institution_code",
    "lease_id",
    "classrooms",
    "active_from",
    "active_to",
    "active_days",
    "days_in_month",
    "excellent_days",
    "monthly_fee",
    "total",
    "eligible",
    "rate",
    "subsidy",
    "institution_share",
    "paid",
    "outstanding",
    "budget_limited",
    "sequence",
    "closed_at",
)
MONEY = {"monthly_fee", "total", "eligible", "subsidy", "institution_share", "paid", "outstanding"}


def headers(lang: str = EXPORT_LANG) -> list[str]:
    return [i18n.t(f"export.{key}", lang) for key in COLUMNS]


def rows(session: Session, principal: Principal, invoices: Sequence[Invoice]) -> list[dict[str, Any]]:
    paid = ledger.paid_by_invoice(session, principal, [i.id for i in invoices])
    ids: set[uuid.UUID] = {i.institution_id for i in invoices}
    found = list(session.exec(select(Institution).where(col(Institution.id).in_(ids)))) if ids else []
    names = {i.id: i for i in found}
    out = []
    for invoice in invoices:
        institution = names.get(invoice.institution_id)
        got = paid.get(invoice.id, 0)
        out.append(
            {
                "month": f"{invoice.month:%Y-%m}",
                "institution": institution.name if institution else "",
                "institution_code": institution.code if institution else "",
                "lease_id": str(invoice.lease_id),
                "classrooms": invoice.classrooms,
                "active_from": invoice.active_from.isoformat(),
                "active_to": invoice.active_to.isoformat(),
                "active_days": invoice.active_days,
                "days_in_month": invoice.days_in_month,
                "excellent_days": invoice.excellent_days,
                "monthly_fee": invoice.monthly_fee,
                "total": invoice.total,
                "eligible": invoice.eligible,
                "rate": format_rate(invoice.subsidy_rate),
                "subsidy": invoice.subsidy,
                "institution_share": invoice.institution_share,
                "paid": got,
                "outstanding": invoice.institution_share - got,
                "budget_limited": "Y" if invoice.budget_limited else "N",
                "sequence": invoice.sequence,
                "closed_at": to_seoul(invoice.closed_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    return out


def to_csv(data: list[dict[str, Any]]) -> bytes:
    return spreadsheets.csv_bytes(headers(), ([row[key] for key in COLUMNS] for row in data))


def to_xlsx(data: list[dict[str, Any]]) -> bytes:
    labels = headers()
    return spreadsheets.xlsx_bytes(
        i18n.t("export.sheet", EXPORT_LANG),
        labels,
        ([row[key] for key in COLUMNS] for row in data),
        number_formats={index: "#,##0" for index, key in enumerate(COLUMNS, start=1) if key in MONEY},
        widths=[max(10, len(label) * 2 + 2) for label in labels],
    )
