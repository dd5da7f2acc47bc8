"""Roster import: checked at once (row errors, nothing saved), accounts created by a job,
temporary passwords downloadable once by the admin who ran it."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from classroom.accounts import roster_import
from classroom.accounts.models import ImportStatus, RosterImport
from classroom.core.tenancy import Role
from classroom.jobs.models import JobStatus
from tests.accounts.roster_support import job_row, read_xlsx, run_jobs, trainees, xlsx
from tests.factories.accounts import bearer, make_institution, make_user

CSV = (
    "이름,이메일,휴대폰,내일배움카드번호\n"
    "최지우,jiwoo@mail.example,010-1234-5678,9410-1234-5678-9012\n"
    "한예린,yerin@mail.example,01098765432,\n"
)


def _upload(client: TestClient, headers: dict[str, str], name: str, data: bytes, **params: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/users/import", headers=headers, params=params, files={"file": (name, data, "text/csv")}
    )


@pytest.fixture
def queue(app: FastAPI):  # type: ignore[no-untyped-def]
    app.state.queue.huey.flush()
    yield app.state.queue
    app.state.queue.huey.flush()


def test_an_accepted_roster_is_imported_by_a_job_and_its_passwords_given_once(
    app: FastAPI, session: Session, client: TestClient, queue: object
) -> None:
    institution, admin = make_institution(session, app)
    headers = bearer(session, app, admin)
    response = _upload(client, headers, "명단.csv", CSV.encode("utf-8-sig"))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["rows"] == 2 and body["status"] == "queued" and body["job"]["status"] == "queued"
    assert response.headers["location"] == f"/api/v1/jobs/{body['job']['id']}"
    assert trainees(session, institution) == []  # nothing before the job runs
    assert run_jobs(app) == 1
    job = client.get(f"/api/v1/jobs/{body['job']['id']}", headers=headers).json()
    assert job["status"] == "done" and job["percent"] == 100
    assert job["result"]["imported"] == 2 and job["result"]["generated_passwords"] == 2
    stored = {u.email: u for u in trainees(session, institution)}
    assert stored["jiwoo@mail.example"].learning_card_no == "9410123456789012"
    assert all(u.must_change_password for u in stored.values())
    status = client.get(f"/api/v1/users/imports/{body['id']}", headers=headers).json()
    assert status["status"] == "done" and status["passwords_url"]
    # Only the admin who ran it; another admin of the same institution gets 404.
    other_admin = make_user(session, app, institution, Role.INSTITUTION_ADMIN)
    url = status["passwords_url"]
    assert client.post(url, headers=bearer(session, app, other_admin)).status_code == 404
    sheet = client.post(url, headers=headers)
    assert sheet.status_code == 200 and sheet.headers["cache-control"] == "no-store"
    rows = read_xlsx(sheet.content)
    assert rows[0] == ["행", "이름", "이메일", "임시 비밀번호"]
    passwords = {row[2]: row[3] for row in rows[1:]}
    assert set(passwords) == {"jiwoo@mail.example", "yerin@mail.example"}
    login = client.post(
        "/api/v1/auth/token",
        data={
            "username": "jiwoo@mail.example",
            "password": passwords["jiwoo@mail.example"],
            "institution": "hanbit",
        },
    )
    assert login.status_code == 200, login.text
    again = client.post(url, headers=headers)
    assert again.status_code == 410 and again.json()["code"] == "roster_passwords_gone"
    session.expire_all()
    kept = session.exec(select(RosterImport)).one()
    assert kept.passwords is None and kept.rows is None and kept.passwords_taken_at is not None


def test_preview_saves_nothing(app: FastAPI, session: Session, client: TestClient, queue: object) -> None:
    institution, admin = make_institution(session, app)
    response = _upload(client, bearer(session, app, admin), "r.csv", CSV.encode(), preview="true")
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == 2
    assert [row["email"] for row in response.json()["sample"]] == ["jiwoo@mail.example", "yerin@mail.example"]
    assert session.exec(select(RosterImport)).all() == [] and trainees(session, institution) == []
    assert app.state.queue.waiting() == set()


def test_cp949_csv_and_xlsx(app: FastAPI, session: Session, client: TestClient, queue: object) -> None:
    institution, admin = make_institution(session, app)
    headers = bearer(session, app, admin)
    assert (
        _upload(
            client, headers, "r.csv", "성명,이메일\n오승현,seung@mail.example\n".encode("cp949")
        ).status_code
        == 202
    )
    data = xlsx([["이름", "이메일", "내일배움카드"], ["임수아", "sua@mail.example", 9410123456780004]])
    assert _upload(client, headers, "명단.xlsx", data).status_code == 202
    assert run_jobs(app) == 2
    cards = {u.email: u.learning_card_no for u in trainees(session, institution)}
    assert cards == {"seung@mail.example": None, "sua@mail.example": "9410123456780004"}


def test_bad_rows_reject_the_whole_file_with_row_numbers(
    app: FastAPI, session: Session, client: TestClient, queue: object
) -> None:
    institution, admin = make_institution(session, app)
    make_user(session, app, institution, Role.TRAINEE, email="taken@mail.example")
    csv_text = (
        "이름,이메일,내일배움카드번호,초기비밀번호\n"
        "가나다,ok1@mail.example,,\n"
        ",noname@mail.example,,\n"  # row 3: name missing
        "라마바,not-an-email,,\n"  # row 4: e-mail invalid
        "사아자,ok1@mail.example,,\n"  # row 5: repeated in file
        "차카타,taken@mail.example,,\n"  # row 6: already registered
        "파하,ok2@mail.example,12345,\n"  # row 7: card not 16 digits
        "거너,ok3@mail.example,,password123\n"  # row 8: a common password
    )
    response = _upload(client, bearer(session, app, admin), "roster.csv", csv_text.encode())
    assert response.status_code == 422
    body = response.json()
    assert "아무것도 등록하지 않았습니다" in body["detail"]
    rows = sorted((e["row"], e["field"]) for e in body["errors"])
    assert rows == [
        (3, "name"),
        (4, "email"),
        (5, "email"),
        (6, "email"),
        (7, "learning_card_no"),
        (8, "password"),
    ]
    assert [u.email for u in trainees(session, institution)] == ["taken@mail.example"]
    assert session.exec(select(RosterImport)).all() == [] and app.state.queue.waiting() == set()


def test_missing_columns_and_unreadable_file(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    headers = {**bearer(session, app, admin), "Accept-Language": "en"}
    no_email = _upload(client, headers, "r.csv", "이름\n홍길동\n".encode())
    assert no_email.status_code == 422
    assert no_email.json()["detail"] == "Required columns are missing: 이메일/email"
    broken = _upload(client, headers, "r.xlsx", b"PK\x03\x04 not really a zip")
    assert broken.status_code == 400 and "could not be read" in broken.json()["detail"]


def test_only_institution_admin_imports(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    instructor = make_user(session, app, institution, Role.INSTRUCTOR)
    response = _upload(
        client, bearer(session, app, instructor), "r.csv", "이름,이메일\n가,a@b.example\n".encode()
    )
    assert response.status_code == 403


def test_a_crash_before_the_commit_is_retried_from_scratch_and_after_it_changes_nothing(
    app: FastAPI, session: Session, client: TestClient, queue: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing per import: the hashing fails on the first attempt (nothing is stored),
    the retry imports every row once; running the job again afterwards adds nobody."""
    institution, admin = make_institution(session, app)
    passwords = app.state.passwords
    real_hash, calls = passwords.hash, []

    def flaky(password: str) -> str:
        calls.append(password)
        if len(calls) == 2:
            raise RuntimeError("worker lost mid-import")
        return real_hash(password)

    monkeypatch.setattr(passwords, "hash", flaky)
    body = _upload(client, bearer(session, app, admin), "r.csv", CSV.encode()).json()
    run_jobs(app)
    job = job_row(session, body["job"]["id"])
    assert job.status is JobStatus.QUEUED and "worker lost" in (job.error or "")
    assert trainees(session, institution) == []  # the first attempt left nothing behind
    run_jobs(app, include_scheduled=True)
    job = job_row(session, body["job"]["id"])
    assert job.status is JobStatus.DONE and job.attempts == 2
    assert sorted(u.email for u in trainees(session, institution)) == [
        "jiwoo@mail.example",
        "yerin@mail.example",
    ]
    # A duplicate delivery after the commit (the worker died before recording "done").
    job.status = JobStatus.QUEUED
    session.add(job)
    session.commit()
    app.state.queue.enqueue(job.id)
    run_jobs(app)
    assert len(trainees(session, institution)) == 2
    assert job_row(session, job.id).result == {**(job.result or {})}


def test_an_email_taken_between_preview_and_import_refuses_the_whole_import(
    app: FastAPI, session: Session, client: TestClient, queue: object
) -> None:
    institution, admin = make_institution(session, app)
    body = _upload(client, bearer(session, app, admin), "r.csv", CSV.encode()).json()
    make_user(session, app, institution, Role.TRAINEE, email="yerin@mail.example")
    run_jobs(app)
    job = job_row(session, body["job"]["id"])
    assert job.status is JobStatus.FAILED and job.attempts == 1  # a refusal is not retried
    assert job.result == {
        "refusal": {
            "code": "roster_emails_taken",
            "message_key": "roster.taken_meanwhile",
            "params": {"rows": "3"},
        }
    }
    assert [u.email for u in trainees(session, institution)] == ["yerin@mail.example"]
    staged = session.get(RosterImport, uuid.UUID(body["id"]))
    assert staged is not None and staged.status is ImportStatus.FAILED and staged.rows is None


def test_staged_rows_are_sealed(app: FastAPI, session: Session, client: TestClient, queue: object) -> None:
    """Initial passwords and card numbers in a staged roster are not readable in the database."""
    _, admin = make_institution(session, app)
    text = "이름,이메일,내일배움카드번호,초기비밀번호\n최지우,jiwoo@mail.example,9410123456789012,blue-river-2026\n"
    body = _upload(client, bearer(session, app, admin), "r.csv", text.encode()).json()
    staged = session.get(RosterImport, uuid.UUID(body["id"]))
    assert staged is not None and staged.rows is not None
    for secret in (b"blue-river-2026", b"9410123456789012", "최지우".encode()):
        assert secret not in staged.rows
    rows = roster_import.sealer(app.state.settings.secret_key).open(staged.rows, bound_to=str(staged.id))
    assert rows[0]["password"] == "blue-river-2026"
