from __future__ import annotations

import io

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core.tenancy import Role
from classroom.institutions.models import Institution
from tests.factories.accounts import bearer, make_institution, make_user


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _trainees(session: Session, institution: Institution) -> list[User]:
    return list(
        session.exec(
            select(User).where(User.institution_id == institution.id, User.role == Role.TRAINEE.value)
        )
    )


def test_csv_roster_with_korean_headers(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, admin = make_institution(session, app)
    csv_text = (
        "이름,이메일,휴대폰,내일배움카드번호\n"
        "최지우,jiwoo@mail.example,010-1234-5678,9410-1234-5678-9012\n"
        "한예린,yerin@mail.example,01098765432,\n"
    )
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        files={"file": ("명단.csv", csv_text.encode("utf-8-sig"), "text/csv")},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["imported"] == 2
    assert all(len(u["temporary_password"]) >= 8 for u in body["users"])
    session.expire_all()
    stored = {u.email: u for u in _trainees(session, institution)}
    assert stored["jiwoo@mail.example"].learning_card_no == "9410123456789012"
    assert stored["yerin@mail.example"].must_change_password


def test_cp949_csv_from_korean_excel(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, admin = make_institution(session, app)
    data = "성명,이메일\n오승현,seung@mail.example\n".encode("cp949")
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        files={"file": ("roster.csv", data, "text/csv")},
    )
    assert response.status_code == 201, response.text
    assert [u.name for u in _trainees(session, institution)] == ["오승현"]


def test_xlsx_roster(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, admin = make_institution(session, app)
    data = _xlsx(
        [
            ["이름", "이메일", "내일배움카드"],
            ["임수아", "sua@mail.example", 9410123456780004],
            ["조민재", "minjae@mail.example", None],
        ]
    )
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        files={"file": ("명단.xlsx", data, "application/octet-stream")},
    )
    assert response.status_code == 201, response.text
    cards = {u.email: u.learning_card_no for u in _trainees(session, institution)}
    assert cards == {"sua@mail.example": "9410123456780004", "minjae@mail.example": None}


def test_bad_row_rejects_whole_file_with_row_numbers(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    institution, admin = make_institution(session, app)
    make_user(session, app, institution, Role.TRAINEE, email="taken@mail.example")
    csv_text = (
        "이름,이메일,내일배움카드번호\n"
        "가나다,ok1@mail.example,\n"
        ",noname@mail.example,\n"  # row 3: name missing
        "라마바,not-an-email,\n"  # row 4: e-mail invalid
        "사아자,ok1@mail.example,\n"  # row 5: repeated in file
        "차카타,taken@mail.example,\n"  # row 6: already registered
        "파하,ok2@mail.example,12345\n"
    )  # row 7: card not 16 digits
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        files={"file": ("roster.csv", csv_text.encode(), "text/csv")},
    )
    assert response.status_code == 422
    body = response.json()
    assert "아무것도 등록하지 않았습니다" in body["detail"]
    rows = sorted((e["row"], e["field"]) for e in body["errors"])
    assert rows == [(3, "name"), (4, "email"), (5, "email"), (6, "email"), (7, "learning_card_no")]
    assert [u.email for u in _trainees(session, institution)] == ["taken@mail.example"]


def test_missing_columns_and_unreadable_file(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    headers = {**bearer(session, app, admin), "Accept-Language": "en"}
    no_email = client.post(
        "/api/v1/users/import",
        headers=headers,
        files={"file": ("r.csv", "이름\n홍길동\n".encode(), "text/csv")},
    )
    assert no_email.status_code == 422
    assert no_email.json()["detail"] == "Required columns are missing: 이메일/email"
    broken = client.post(
        "/api/v1/users/import",
        headers=headers,
        files={"file": ("r.xlsx", b"PK\x03\x04 not really a zip", "application/octet-stream")},
    )
    assert broken.status_code == 400
    assert "could not be read" in broken.json()["detail"]


def test_only_institution_admin_imports(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    instructor = make_user(session, app, institution, Role.INSTRUCTOR)
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, instructor),
        files={"file": ("r.csv", "이름,이메일\n가,a@b.example\n".encode(), "text/csv")},
    )
    assert response.status_code == 403
