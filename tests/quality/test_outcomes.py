"""Completion where no attendance is recorded, its exports, employment outcomes, imports,
evidence files and rates per course, institution and programme (completion on real attendance:
test_attendance_link.py)."""

from __future__ import annotations

import io
from fractions import Fraction

from openpyxl import Workbook, load_workbook
from sqlmodel import select

from classroom.core.tenancy import Role
from quality.outcome_models import EmploymentOutcome
from tests.factories.accounts import make_user, principal_of
from tests.factories.quality import (
    confirm_as_completed,
    course_with_trainees,
    finished_course,
    offline_assessment,
)
from tests.quality.conftest import staff


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_completion_without_attendance_recorded_shows_the_assessment_side(
    app, session, client, world, as_user
):
    admin, teacher = staff(world)
    course, people = course_with_trainees(session, app, world.a, 3)
    offline_assessment(session, app, course, teacher)
    client.put(
        f"/api/v1/courses/{course.id}/results/{people[0].id}",
        json={"score": "72.5"},
        headers=as_user(teacher),
    )
    client.put(
        f"/api/v1/courses/{course.id}/results/{people[1].id}", json={"score": "41"}, headers=as_user(teacher)
    )
    listing = client.get(f"/api/v1/courses/{course.id}/completion", headers=as_user(admin))
    assert listing.status_code == 200, listing.text
    body = listing.json()
    assert body["attendance_recorded"] is False and body["provisional"] is True
    assert body["attendance_threshold"] == {"exact": "4/5", "shown": "80.0"}
    states = {
        line["trainee_id"]: (line["state"], [r["code"] for r in line["reasons"]]) for line in body["lines"]
    }
    assert states[str(people[0].id)] == ("pending", ["attendance_pending"])
    assert states[str(people[1].id)] == ("not_completed", ["attendance_pending", "score_low"])
    assert states[str(people[2].id)] == ("not_completed", ["attendance_pending", "no_score"])
    low = next(line for line in body["lines"] if line["trainee_id"] == str(people[1].id))
    assert low["reasons"][1]["text"] == "score 41 < pass mark 60"
    refused = client.post(f"/api/v1/courses/{course.id}/completion/confirm", headers=as_user(admin))
    assert refused.status_code == 409 and refused.json()["code"] == "course_not_ended"


def test_a_finished_course_cannot_be_confirmed_without_its_assessment_or_attendance(
    app, session, client, world, as_user
):
    admin, teacher = staff(world)
    course, _ = finished_course(session, app, world.a, 2)
    url = f"/api/v1/courses/{course.id}/completion/confirm"
    assert client.post(url, headers=as_user(admin)).json()["code"] == "assessment_missing"
    offline_assessment(session, app, course, teacher)
    assert client.post(url, headers=as_user(admin)).json()["code"] == "results_unpublished"
    client.post(f"/api/v1/courses/{course.id}/results/publish", headers=as_user(teacher))
    assert client.post(url, headers=as_user(admin)).json()["code"] == "attendance_not_recorded"
    assert client.post(url, headers=as_user(teacher)).status_code == 403  # admins confirm


def test_completion_exports_have_korean_headers_and_stay_inert(app, session, client, world, as_user):
    admin, teacher = staff(world)
    course, _ = course_with_trainees(session, app, world.a)
    sly = make_user(
        session, app, world.a.institution, Role.TRAINEE, name='=HYPERLINK("http://x.example","눌러")'
    )
    from classroom.courses.enrolment import enrol

    enrol(session, app.state.clock, principal_of(admin), course, user_ids=[sly.id])
    session.commit()
    csv = client.get(f"/api/v1/courses/{course.id}/completion.csv", headers=as_user(admin))
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("이름,이메일,수강 중,출석률(%),평가 점수")
    assert "'=HYPERLINK" in text
    xlsx = client.get(f"/api/v1/courses/{course.id}/completion.xlsx", headers=as_user(teacher))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x.example","눌러")' in names


def test_offline_scores_import_all_or_nothing_with_row_numbers(app, session, client, world, as_user):
    _, teacher = staff(world)
    course, people = course_with_trainees(session, app, world.a, 3)
    offline_assessment(session, app, course, teacher)
    url = f"/api/v1/courses/{course.id}/results/import"
    bad = _xlsx(
        [
            ["이름", "이메일", "점수", "비고"],
            [people[0].name, people[0].email, 88, "실기"],
            ["다른 이름", people[1].email, "77.5", ""],
            [people[2].name, "nobody@x.example", "101", ""],
            [people[0].name, people[0].email.upper(), "90", ""],
        ]
    )
    refused = client.post(
        url, files={"file": ("점수.xlsx", bad, "application/octet-stream")}, headers=as_user(teacher)
    )
    assert refused.status_code == 422, refused.text
    errors = refused.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "이름"), (4, "점수"), (5, "이메일")]
    listed = client.get(f"/api/v1/courses/{course.id}/results", headers=as_user(teacher)).json()
    assert all(r["score"]["exact"] is None for r in listed["results"])  # nothing stored
    good = f'이메일,점수\n{people[0].email},88\n{people[1].email},"77,5"\n\n{people[2].email},59.99\n'.encode(
        "cp949"
    )
    done = client.post(url, files={"file": ("점수.csv", good, "text/csv")}, headers=as_user(teacher))
    assert done.status_code == 200 and done.json() == {"imported": 3}
    scores = {
        r["email"]: r["score"]["shown"]
        for r in client.get(f"/api/v1/courses/{course.id}/results", headers=as_user(teacher)).json()[
            "results"
        ]
    }
    assert scores == {people[0].email: "88", people[1].email: "77.5", people[2].email: "59.99"}
    missing = client.post(
        url, files={"file": ("a.csv", "이름,점수\n가,1\n".encode(), "text/csv")}, headers=as_user(teacher)
    )
    assert missing.status_code == 422 and missing.json()["code"] == "sheet_missing_columns"
    junk = client.post(
        url, files={"file": ("a.xlsx", b"PK\x03\x04not a zip", "text/csv")}, headers=as_user(teacher)
    )
    assert junk.status_code == 400 and junk.json()["code"] == "file_unreadable"


def _completers(app, session, world):  # type: ignore[no-untyped-def]
    admin, _ = staff(world)
    course, people = finished_course(session, app, world.a, 4)
    confirm_as_completed(session, app, course, admin, people[:3], {people[2].id: Fraction(3, 4)})
    return admin, course, people


def test_employment_is_recorded_for_completers_only_and_checked(app, session, client, world, as_user):
    admin, course, people = _completers(app, session, world)
    url = f"/api/v1/courses/{course.id}/employment"
    listed = client.get(url, headers=as_user(admin)).json()
    assert [r["trainee_id"] for r in listed] == sorted(
        [str(p.id) for p in people[:2]], key=lambda i: next(p.name for p in people if str(p.id) == i)
    )  # the third did not complete (attendance 75%), the fourth was never confirmed
    outsider = client.put(f"{url}/{people[3].id}", json={"employed": False}, headers=as_user(admin))
    assert outsider.status_code == 409 and outsider.json()["code"] == "not_a_completer"
    no_start = client.put(
        f"{url}/{people[0].id}", json={"employed": True, "employer": "(주)대성정밀"}, headers=as_user(admin)
    )
    assert no_start.status_code == 422 and no_start.json()["errors"][0]["field"] == "starts_on"
    future = client.put(
        f"{url}/{people[0].id}",
        json={"employed": True, "starts_on": "2026-05-01", "employer": "(주)대성정밀", "insured": True},
        headers=as_user(admin),
    )
    assert future.status_code == 422
    ok = client.put(
        f"{url}/{people[0].id}",
        json={"employed": True, "starts_on": "2026-02-23", "employer": "(주)대성정밀", "insured": True},
        headers=as_user(admin),
    )
    assert ok.status_code == 200 and ok.json()["employed"] is True
    foreign = world.user(Role.INSTITUTION_ADMIN, "b")
    assert (
        client.put(f"{url}/{people[0].id}", json={"employed": False}, headers=as_user(foreign)).status_code
        == 404
    )
    assert (
        client.put(
            f"{url}/{people[0].id}", json={"employed": False}, headers=as_user(staff(world)[1])
        ).status_code
        == 403
    )


def test_rates_per_course_with_the_exact_rule(app, session, client, world, as_user):
    admin, course, people = _completers(app, session, world)  # ends 2025-11-23: +3 m = 2026-02-23
    url = f"/api/v1/courses/{course.id}/employment"
    client.put(
        f"{url}/{people[0].id}",
        json={"employed": True, "starts_on": "2026-02-23", "employer": "가", "insured": True},
        headers=as_user(admin),
    )
    client.put(
        f"{url}/{people[1].id}",
        json={"employed": True, "starts_on": "2026-02-24", "employer": "나", "insured": False},
        headers=as_user(admin),
    )
    rates = client.get(f"{url}/rates", headers=as_user(admin)).json()
    assert rates["completers"] == 2 and rates["ends_on"] == "2025-11-23"
    three, six = rates["rates"]
    assert three["horizon"] == "2026-02-23" and three["final"] is True
    assert three["employed_insured"] == 1 and three["employed_all"] == 1
    assert three["all"] == {"exact": "1/2", "shown": "50.0"}
    assert six["horizon"] == "2026-05-23" and six["final"] is False  # the clock is at 2026-04-06
    assert six["all"]["exact"] == "1/1" and six["insured"]["exact"] == "1/2"
    assert rates["high_performing"] is True


def test_a_course_without_completers_has_no_rate(app, session, client, world, as_user):
    admin, _ = staff(world)
    course, _ = finished_course(session, app, world.a, 1)
    rates = client.get(f"/api/v1/courses/{course.id}/employment/rates", headers=as_user(admin)).json()
    assert rates["completers"] == 0 and rates["completion_confirmed"] is False
    assert all(r["all"]["exact"] is None and r["insured"]["shown"] is None for r in rates["rates"])
    assert rates["high_performing"] is None


def test_employment_import_all_or_nothing(app, session, client, world, as_user):
    admin, course, people = _completers(app, session, world)
    url = f"/api/v1/courses/{course.id}/employment/import"
    rows = [
        ["이메일", "이름", "취업여부", "취업일", "사업장명", "고용보험"],
        [people[0].email, people[0].name, "Y", "2026-01-05", "(주)한빛정밀", "가입"],
        [people[1].email, people[1].name, "취업", "", "", ""],
        [people[2].email, people[2].name, "N", "", "", ""],
    ]
    refused = client.post(
        url, files={"file": ("취업.xlsx", _xlsx(rows), "application/octet-stream")}, headers=as_user(admin)
    )
    assert refused.status_code == 422
    assert sorted({(e["row"], e["field"]) for e in refused.json()["errors"]}) == [
        (3, "고용보험"),
        (3, "사업장명"),
        (3, "취업일"),
        (4, "이메일"),
    ]
    assert session.exec(select(EmploymentOutcome)).all() == []
    rows[2] = [people[1].email, people[1].name, "N", "", "", ""]
    del rows[3]
    done = client.post(
        url, files={"file": ("취업.xlsx", _xlsx(rows), "application/octet-stream")}, headers=as_user(admin)
    )
    assert done.status_code == 200 and done.json() == {"imported": 2}
    stored = {o.trainee_id: o for o in session.exec(select(EmploymentOutcome))}
    assert stored[people[0].id].employer == "(주)한빛정밀" and stored[people[0].id].insured
    assert not stored[people[1].id].employed


def test_evidence_files_are_checked_stored_replaced_and_read_back(app, session, client, world, as_user):
    admin, course, people = _completers(app, session, world)
    base = f"/api/v1/courses/{course.id}/employment/{people[0].id}"
    pdf = b"%PDF-1.4\n" + b"0" * 2000
    first = client.post(
        f"{base}/evidence", files={"file": ("계약서.pdf", pdf, "application/pdf")}, headers=as_user(admin)
    )
    assert first.status_code == 409 and first.json()["code"] == "outcome_missing"  # record the outcome first
    client.put(
        base,
        json={"employed": True, "starts_on": "2026-01-05", "employer": "가", "insured": True},
        headers=as_user(admin),
    )
    exe = client.post(
        f"{base}/evidence",
        files={"file": ("계약서.pdf", b"MZ\x90\x00" * 10, "application/pdf")},
        headers=as_user(admin),
    )
    assert exe.status_code == 422 and exe.json()["code"] == "evidence_type"
    big = client.post(
        f"{base}/evidence",
        files={"file": ("큰.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")},
        headers=as_user(admin),
    )
    assert big.status_code == 413
    stored = client.post(
        f"{base}/evidence",
        files={"file": ("../../계약서.pdf", pdf, "application/pdf")},
        headers=as_user(admin),
    )
    assert stored.status_code == 200 and stored.json()["evidence_name"] == "계약서.pdf"
    old_key = session.exec(select(EmploymentOutcome)).one().evidence_key
    assert old_key and app.state.store.size(old_key) == len(pdf)
    png = b"\x89PNG\r\n\x1a\n" + b"1" * 100
    client.post(f"{base}/evidence", files={"file": ("보험.png", png, "image/png")}, headers=as_user(admin))
    assert app.state.store.size(old_key) is None  # the replaced file is gone after the commit
    back = client.get(f"{base}/evidence", headers=as_user(world.operator))
    assert back.status_code == 200 and back.content == png and back.headers["content-type"] == "image/png"
    assert (
        client.get(f"{base}/evidence", headers=as_user(world.user(Role.INSTITUTION_ADMIN, "b"))).status_code
        == 404
    )


def test_rates_per_institution_and_programme_wide(app, session, client, world, as_user):
    admin, course, people = _completers(app, session, world)
    url = f"/api/v1/courses/{course.id}/employment"
    client.put(
        f"{url}/{people[0].id}",
        json={"employed": True, "starts_on": "2025-12-01", "employer": "가", "insured": True},
        headers=as_user(admin),
    )
    b_admin = world.user(Role.INSTITUTION_ADMIN, "b")
    other, others = finished_course(session, app, world.b, 2, title="클라우드 네이티브 개발자")
    confirm_as_completed(session, app, other, b_admin, others)
    operator = client.get("/api/v1/employment/rates", headers=as_user(world.operator)).json()
    assert {c["title"] for c in operator["courses"]} == {course.title, other.title}
    assert operator["total"]["completers"] == 4 and operator["total"]["rates"][1]["all"]["exact"] == "1/4"
    assert {i["institution_name"] for i in operator["institutions"]} == {
        world.a.institution.name,
        world.b.institution.name,
    }
    assert [m["title"] for m in operator["end_months"]] == ["2025-11"]
    own = client.get("/api/v1/employment/rates", headers=as_user(admin)).json()
    assert [c["title"] for c in own["courses"]] == [course.title]  # an institution sees itself only
    asked = client.get(
        "/api/v1/employment/rates",
        params={"institution_id": str(world.b.institution.id)},
        headers=as_user(admin),
    )
    assert asked.json()["courses"] == []  # and asking for another one shows nothing of it
    csv = client.get("/api/v1/employment/rates.csv", headers=as_user(world.inspector))
    assert csv.status_code == 200 and "6개월 취업률(전체, %)" in csv.content.decode("utf-8-sig")
    assert (
        client.get("/api/v1/employment/rates", headers=as_user(world.user(Role.INSTRUCTOR))).status_code
        == 403
    )
