"""The course attendance statement as CSV and XLSX with Korean headers: one row per trainee and
unit period (rate, absences, converted lates, allowance), what institutions file and inspectors
read. Amounts stay integer won; the CSV starts with a UTF-8 BOM for Excel on Korean Windows."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from attendance.reports import TraineeOutcome
from classroom.core import i18n
from classroom.core.money import format_rate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LANG = "ko"
COLUMNS = (
    "trainee",
    "period",
    "period_first",
    "period_last",
    "training_days",
    "absent_days",
    "incidents",
    "converted",
    "rate",
    "long_days_paid",
    "short_days_paid",
    "allowance",
    "course_rate",
    "completed",
)


def headers(lang: str = EXPORT_LANG) -> list[str]:
    return [i18n.t(f"attendance.export.{key}", lang) for key in COLUMNS]


def course_table(outcomes: list[TraineeOutcome]) -> list[dict[str, Any]]:
    rows = []
    for o in outcomes:
        for p in o.periods:
            rows.append(
                {
                    "trainee": o.name,
                    "period": p.index,
                    "period_first": p.first.isoformat(),
                    "period_last": p.last.isoformat(),
                    "training_days": p.training_days,
                    "absent_days": p.absent_days,
                    "incidents": p.incidents,
                    "converted": p.converted,
                    "rate": format_rate(p.rate) if p.rate is not None else "-",
                    "long_days_paid": p.long_days_paid,
                    "short_days_paid": p.short_days_paid,
                    "allowance": p.allowance_won,
                    "course_rate": format_rate(o.attendance_rate) if o.attendance_rate is not None else "-",
                    "completed": "Y" if o.completed_attendance else "N",
                }
            )
    return rows


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([row[k] for k in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = i18n.t("attendance.export.sheet", EXPORT_LANG)[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[k] for k in COLUMNS])
    money = COLUMNS.index("allowance") + 1
    for line in sheet.iter_rows(min_row=2):
        line[money - 1].number_format = "#,##0"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
