"""Trainee roster files: read, validate and preview — without hashing and without saving.

A roster is checked row by row as it streams from the file (`roster_files`): every problem is
reported with its row number, and a file with any problem imports nothing. Accounts are created
later by the import job (`roster_import`), which is where passwords are hashed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.accounts.roster_files import Row, read_rows
from classroom.accounts.rules.passwords import has_control_characters, password_problem
from classroom.accounts.validation import (
    card_ok,
    email_ok,
    normalize_card,
    normalize_email,
    normalize_phone,
    phone_ok,
)
from classroom.core.errors import ValidationFailed
from classroom.core.tenancy import Principal

# Header spellings seen in institutions' rosters (Korean first), mapped to our fields.
# Spaces and case do not matter ("휴대폰 번호" = "휴대폰번호", "E-mail" = "e-mail").
HEADERS = {
    "name": ("이름", "성명", "훈련생명", "훈련생 이름", "name"),
    "email": ("이메일", "이메일 주소", "전자우편", "메일", "e-mail", "email address", "email"),
    "phone": (
        "휴대폰",
        "휴대폰번호",
        "휴대전화",
        "휴대전화번호",
        "핸드폰",
        "핸드폰번호",
        "전화번호",
        "전화",
        "연락처",
        "mobile",
        "mobile phone",
        "cell phone",
        "phone number",
        "tel",
        "phone",
    ),
    "learning_card_no": ("내일배움카드", "내일배움카드번호", "카드번호", "learning card", "learning_card_no"),
    "password": ("초기비밀번호", "비밀번호", "password"),
}
REQUIRED = ("name", "email")
# Enough to fix a file from; the total is always counted.
MAX_REPORTED_ERRORS = 500
NAME_MAX = 100


def _header_names(field: str) -> str:
    """How a missing column is named back to the uploader: its first Korean and English header."""
    return f"{HEADERS[field][0]}/{HEADERS[field][-1]}"


@dataclass(frozen=True)
class RosterRow:
    row: int  # as the user sees it in the spreadsheet (header is row 1)
    name: str
    email: str
    phone: str | None
    learning_card_no: str | None
    password: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "learning_card_no": self.learning_card_no,
            "password": self.password,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RosterRow:
        return cls(
            int(data["row"]),
            str(data["name"]),
            str(data["email"]),
            data.get("phone"),
            data.get("learning_card_no"),
            data.get("password"),
        )


@dataclass
class Preview:
    """What importing the file would do: the valid rows, or every problem found."""

    filename: str
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    # Columns of the file that are not imported (title → how many rows had a value there), so the
    # uploader is told what would be dropped instead of losing it silently.
    ignored: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def supplied_passwords(self) -> int:
        return sum(1 for row in self.rows if row.password)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int, field_name: str, key: str, value: object = "", **extra: object) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(
                {"row": row, "field": field_name, "message_key": key, "params": {"value": value, **extra}}
            )

    def refusal(self) -> ValidationFailed:
        self.errors.sort(key=lambda e: (e["row"], str(e["field"])))
        return ValidationFailed(
            "roster.rejected",
            code="roster_rejected",
            params={"count": self.error_count},
            errors=self.errors,
        )


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower().replace(" ", "")
        for name, spellings in HEADERS.items():
            if name not in found and key in {n.replace(" ", "") for n in spellings}:
                found[name] = index
    return found


def _check_row(preview: Preview, number: int, get: Any, seen: dict[str, int]) -> None:
    raw_name, raw_email = get("name"), get("email")
    name, email = raw_name, normalize_email(raw_email)
    phone = normalize_phone(get("phone") or None)
    card = normalize_card(get("learning_card_no") or None)
    password = get("password") or None
    texts = (raw_name, raw_email, get("phone"), get("learning_card_no"))
    if any(has_control_characters(text) for text in texts):
        preview.add_error(number, "row", "roster.control_character")
        return
    if not name:
        preview.add_error(number, "name", "user.name_required")
    elif len(name) > NAME_MAX:
        preview.add_error(number, "name", "user.name_too_long", limit=NAME_MAX)
    if not email_ok(email):
        preview.add_error(number, "email", "user.email_invalid", email)
    elif email in seen:
        preview.add_error(number, "email", "roster.duplicate_in_file", email, other=seen[email])
    else:
        seen[email] = number
    if not card_ok(card):
        preview.add_error(number, "learning_card_no", "user.card_invalid", get("learning_card_no"))
    if not phone_ok(phone):
        preview.add_error(number, "phone", "user.phone_invalid", get("phone"))
    if password and (problem := password_problem(password, email=email, name=name)):
        preview.add_error(number, "password", problem)
    preview.rows.append(RosterRow(number, name, email, phone, card, password))


def check_rows(filename: str, rows: Iterable[Row], *, max_rows: int) -> Preview:
    """Validate streamed rows (header first); structural problems raise, row problems collect."""
    preview = Preview(filename)
    iterator = iter(rows)
    header = next((cells for _, cells in iterator if any(cells)), None)
    if header is None:
        raise ValidationFailed("roster.empty", code="roster_empty")
    columns = _columns(header)
    missing = [_header_names(f) for f in REQUIRED if f not in columns]
    if missing:
        raise ValidationFailed(
            "roster.missing_columns", code="roster_missing_columns", params={"columns": ", ".join(missing)}
        )
    used = set(columns.values())
    unused = {
        index: (title.strip() or f"#{index + 1}")
        for index, title in enumerate(header)
        if index not in used and title.strip()
    }
    for title in unused.values():
        preview.ignored.setdefault(title, 0)
    seen: dict[str, int] = {}
    for number, cells in iterator:
        if not any(cells):
            continue
        for index, cell in enumerate(cells):
            if cell.strip() and index not in used:
                title = unused.get(index) or f"#{index + 1}"  # a value under no header at all
                preview.ignored[title] = preview.ignored.get(title, 0) + 1
        if len(preview.rows) >= max_rows:
            raise ValidationFailed(
                "roster.too_many_rows", code="roster_too_many_rows", params={"limit": max_rows}
            )

        def get(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        _check_row(preview, number, get, seen)
    if not preview.rows and preview.ok:
        raise ValidationFailed("roster.empty", code="roster_empty")
    return preview


def taken_emails(session: Session, principal: Principal, emails: list[str]) -> set[str]:
    institution_id = principal.require_institution()
    taken: set[str] = set()
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        # tenancy: e-mail uniqueness inside the importing admin's own institution (filtered by id)
        taken |= set(
            session.exec(
                select(User.email).where(User.institution_id == institution_id, col(User.email).in_(chunk))
            )
        )
    return taken


def preview(session: Session, principal: Principal, *, filename: str, data: bytes, max_rows: int) -> Preview:
    """Read and check the file; nothing is written. Raises on a file that cannot be a roster."""
    principal.require_institution()
    checked = check_rows(filename, read_rows(filename, data, max_rows=max_rows), max_rows=max_rows)
    taken = taken_emails(session, principal, [r.email for r in checked.rows if email_ok(r.email)])
    for row in checked.rows:
        if row.email in taken:
            checked.add_error(row.row, "email", "user.email_taken", row.email)
    return checked


def require_valid(checked: Preview) -> Preview:
    if not checked.ok:
        raise checked.refusal()
    return checked
