"""Invoice statements as CSV and XLSX with Korean headers (what institutions file and audit).

Amounts stay integer won in both formats (no "₩" text), so a spreadsheet can sum them; the
CSV starts with a UTF-8 BOM because Excel on Korean Windows otherwise reads it as CP949.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, select

from classroom.core.clock import to_seoul
from classroom.core.money import format_rate
from classroom.core.tenancy import Principal
from classroom.institutions.models import Institution
from classroom.leases import ledger
from classroom.leases.models import Invoice

COLUMNS: list[tuple[str, str]] = [
    ("month", "청구월"),
    ("institution", "훈련기관"),
    ("institution_code", "기관코드"),
    ("lease_id", "임대번호"),
    ("classrooms", "강의실 수"),
    ("active_from", "이용 시작일"),
    ("active_to", "이용 종료일"),
    ("active_days", "이용일수"),
    ("days_in_month", "해당 월 일수"),
    ("excellent_days", "우수기관 지정일수"),
    ("monthly_fee", "강의실당 월 이용료"),
    ("total", "청구액"),
    ("eligible", "지원 대상액"),
    ("rate", "지원율"),
    ("subsidy", "지원금"),
    ("institution_share", "기관 부담액"),
    ("paid", "납부액"),
    ("outstanding", "미납액"),
    ("budget_limited", "예산 소진으로 감액"),
    ("sequence", "마감 순번"),
    ("closed_at", "마감 일시"),
]
MONEY = {"monthly_fee", "total", "eligible", "subsidy", "institution_share", "paid", "outstanding"}
HEADERS = [label for _, label in COLUMNS]


def rows(session: Session, principal: Principal, invoices: Sequence[Invoice]) -> list[dict[str, Any]]:
    paid = ledger.paid_by_invoice(session, principal, [i.id for i in invoices])
    ids: set[uuid.UUID] = {i.institution_id for i in invoices}
    names = {i.id: i for i in session.exec(select(Institution).where(Institution.id.in_(ids)))} if ids else {}  # type: ignore[attr-defined]
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
                "rate": format_rate(invoice.rate),
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in data:
        writer.writerow([row[key] for key, _ in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data: list[dict[str, Any]], title: str = "청구내역") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append([row[key] for key, _ in COLUMNS])
    money_columns = [index for index, (key, _) in enumerate(COLUMNS, start=1) if key in MONEY]
    for line in sheet.iter_rows(min_row=2):
        for index in money_columns:
            line[index - 1].number_format = "#,##0"
    for index, (_, label) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            10, len(label) * 2 + 2
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
