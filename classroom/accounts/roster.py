"""Trainee roster import from CSV or XLSX: all rows or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import load_workbook
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.accounts.service import NewUser, insert_user
from classroom.accounts.validation import (
    card_ok,
    email_ok,
    normalize_card,
    normalize_email,
    normalize_phone,
    phone_ok,
)
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import BadRequest, ValidationFailed
from classroom.core.security import Passwords, password_problem
from classroom.core.tenancy import Principal, Role

# Header spellings seen in institutions' rosters (Korean first), mapped to our fields.
HEADERS = {
    "name": ("이름", "성명", "훈련생명", "name"),
    "email": ("이메일", "전자우편", "e-mail", "email"),
    "phone": ("휴대폰", "휴대전화", "전화번호", "연락처", "phone", "mobile"),
    "learning_card_no": ("내일배움카드", "내일배움카드번호", "카드번호", "learning card", "learning_card_no"),
    "password": ("초기비밀번호", "비밀번호", "password"),
}
REQUIRED = ("name", "email")


def _header_names(field: str) -> str:
    """How a missing column is named back to the uploader: its first Korean and English header."""
    return f"{HEADERS[field][0]}/{HEADERS[field][-1]}"


@dataclass(frozen=True)
class Imported:
    """The accounts one roster file created, with their one-time temporary passwords."""

    users: list[NewUser]

    @property
    def imported(self) -> int:
        return len(self.users)


@dataclass(frozen=True)
class RosterRow:
    row: int  # as the user sees it in the spreadsheet (header is row 1)
    name: str
    email: str
    phone: str | None
    learning_card_no: str | None
    password: str | None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn card numbers into floats
    return str(value).strip()


def _read_table(filename: str, data: bytes) -> list[list[str]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise BadRequest("roster.bad_file", code="roster_bad_file") from exc
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadRequest("roster.bad_file", code="roster_bad_file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower().replace(" ", "")
        for field, names in HEADERS.items():
            if field not in found and key in {n.replace(" ", "") for n in names}:
                found[field] = index
    return found


def _row_error(row: int, field: str, key: str, value: object = "", **extra: object) -> dict[str, object]:
    return {"row": row, "field": field, "message_key": key, "params": {"value": value, **extra}}


def parse(filename: str, data: bytes, *, max_rows: int) -> tuple[list[RosterRow], list[dict[str, object]]]:
    table = list(_read_table(filename, data))
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise ValidationFailed("roster.empty", code="roster_empty")
    columns = _columns(table[0])
    missing = [_header_names(f) for f in REQUIRED if f not in columns]
    if missing:
        raise ValidationFailed(
            "roster.missing_columns", code="roster_missing_columns", params={"columns": ", ".join(missing)}
        )
    body = table[1:]
    if len(body) > max_rows:
        raise ValidationFailed(
            "roster.too_many_rows", code="roster_too_many_rows", params={"limit": max_rows}
        )
    rows: list[RosterRow] = []
    errors: list[dict[str, object]] = []
    seen: dict[str, int] = {}

    def get(cells: list[str], field: str) -> str:
        index = columns.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for offset, cells in enumerate(body, start=2):
        if not any(cells):
            continue
        name, email = get(cells, "name"), normalize_email(get(cells, "email"))
        phone = normalize_phone(get(cells, "phone") or None)
        card = normalize_card(get(cells, "learning_card_no") or None)
        password = get(cells, "password") or None

        if not name:
            errors.append(_row_error(offset, "name", "user.name_required"))
        if not email_ok(email):
            errors.append(_row_error(offset, "email", "user.email_invalid", email))
        elif email in seen:
            errors.append(_row_error(offset, "email", "roster.duplicate_in_file", email, other=seen[email]))
        else:
            seen[email] = offset
        if not card_ok(card):
            errors.append(
                _row_error(offset, "learning_card_no", "user.card_invalid", get(cells, "learning_card_no"))
            )
        if not phone_ok(phone):
            errors.append(_row_error(offset, "phone", "user.phone_invalid", get(cells, "phone")))
        if password and (problem := password_problem(password)):
            errors.append(_row_error(offset, "password", problem))
        rows.append(RosterRow(offset, name, email, phone, card, password))
    if not rows and not errors:
        raise ValidationFailed("roster.empty", code="roster_empty")
    return rows, errors


def import_trainees(
    session: Session,
    clock: Clock,
    passwords: Passwords,
    principal: Principal,
    *,
    filename: str,
    data: bytes,
    max_rows: int,
) -> Imported:
    institution_id = principal.require_institution()
    rows, errors = parse(filename, data, max_rows=max_rows)
    emails = [r.email for r in rows if email_ok(r.email)]
    existing = set()
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        # tenancy: e-mail uniqueness inside the importing admin's own institution (filtered by id)
        existing |= set(
            session.exec(
                select(User.email).where(User.institution_id == institution_id, col(User.email).in_(chunk))
            )
        )
    for row in rows:
        if row.email in existing:
            errors.append(
                {
                    "row": row.row,
                    "field": "email",
                    "message_key": "user.email_taken",
                    "params": {"value": row.email},
                }
            )
    if errors:
        errors.sort(key=lambda e: (e["row"], str(e["field"])))
        raise ValidationFailed(
            "roster.rejected", code="roster_rejected", params={"count": len(errors)}, errors=errors
        )
    created = [
        insert_user(
            session,
            clock,
            passwords,
            institution_id=institution_id,
            email=row.email,
            name=row.name,
            role=Role.TRAINEE,
            password=row.password,
            phone=row.phone,
            learning_card_no=row.learning_card_no,
        )
        for row in rows
    ]
    audit.record(
        session, clock, principal, "user.import", "roster", filename[:64], detail={"count": len(created)}
    )
    return Imported(created)
