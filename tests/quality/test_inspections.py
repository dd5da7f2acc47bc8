"""Inspections: opened by an inspector, findings with evidence, answered by the institution,
closed by the inspector; the inspector's notes never reach the institution; another
institution's inspection is a 404; every step is audited."""

from __future__ import annotations

from sqlmodel import col, select

from classroom.audit.models import AuditEvent
from classroom.core.tenancy import Role
from classroom.courses.models import Lesson
from tests.factories.accounts import signed_in_browser
from tests.factories.quality import course_with_trainees, online_exam
from tests.quality.conftest import staff

NOTE = "비공개 메모: 3주차 원격 접속 로그 원본 대조 필요"


def _inspection(app, session, client, world, as_user):  # type: ignore[no-untyped-def]
    course, [trainee] = course_with_trainees(session, app, world.a, 1)
    lesson = session.exec(
        select(Lesson).where(Lesson.course_id == course.id).order_by(col(Lesson.starts_at))
    ).first()
    opened = client.post(
        "/api/v1/inspections",
        json={
            "scope": "course",
            "mode": "remote",
            "title": "원격훈련 운영 점검",
            "course_id": str(course.id),
            "due_on": "2026-04-20",
            "summary": "출결 및 평가 운영 확인",
        },
        headers=as_user(world.inspector),
    )
    assert opened.status_code == 201, opened.text
    inspection = opened.json()
    finding = client.post(
        f"/api/v1/inspections/{inspection['id']}/findings",
        json={
            "severity": "high",
            "title": "출결 증빙 미흡",
            "description": "실시간 원격 차시의 접속 기록이 출석 인정 시간보다 짧습니다.",
            "evidence": [
                {"kind": "lesson", "id": str(lesson.id)},
                {"kind": "attendance", "course_id": str(course.id), "trainee_id": str(trainee.id)},
            ],
        },
        headers=as_user(world.inspector),
    )
    assert finding.status_code == 201, finding.text
    note = client.post(
        f"/api/v1/inspections/{inspection['id']}/notes", json={"body": NOTE}, headers=as_user(world.inspector)
    )
    assert note.status_code == 201
    return course, trainee, inspection, finding.json()["findings"][0]


def test_from_opening_to_closing(app, session, client, world, as_user):
    admin, _ = staff(world)
    _, trainee, inspection, finding = _inspection(app, session, client, world, as_user)
    assert [link["kind"] for link in finding["evidence"]] == ["lesson", "attendance"]
    assert finding["evidence"][1]["label"] == trainee.name
    answer = client.post(
        f"/api/v1/findings/{finding['id']}/answers",
        json={"body": "접속 로그와 출석부 사본을 제출합니다."},
        headers=as_user(admin),
    )
    assert answer.status_code == 201
    early = client.post(
        f"/api/v1/inspections/{inspection['id']}/close",
        json={"conclusion": "종결"},
        headers=as_user(world.inspector),
    )
    assert early.status_code == 409 and early.json()["code"] == "findings_open"
    back = client.post(
        f"/api/v1/findings/{finding['id']}/reopen",
        json={"body": "3주차 로그가 빠져 있습니다."},
        headers=as_user(world.inspector),
    )
    assert back.status_code == 200
    client.post(
        f"/api/v1/findings/{finding['id']}/answers",
        json={"body": "3주차 로그를 추가합니다."},
        headers=as_user(admin),
    )
    closed = client.post(
        f"/api/v1/findings/{finding['id']}/close",
        json={"body": "확인 완료"},
        headers=as_user(world.inspector),
    )
    assert closed.status_code == 200
    done = client.post(
        f"/api/v1/inspections/{inspection['id']}/close",
        json={"conclusion": "시정 완료"},
        headers=as_user(world.inspector),
    )
    assert done.status_code == 200 and done.json()["status"] == "closed"
    view = client.get(f"/api/v1/inspections/{inspection['id']}", headers=as_user(admin)).json()
    [f] = view["findings"]
    assert f["status"] == "closed" and [m["action"] for m in f["messages"]] == [
        "answer",
        "reopen",
        "answer",
        "close",
    ]
    actions = [
        e.action
        for e in session.exec(select(AuditEvent).where(col(AuditEvent.action).startswith("quality.")))
    ]
    assert {
        "quality.inspection.open",
        "quality.finding.add",
        "quality.inspection.note",
        "quality.finding.answer",
        "quality.finding.reopen",
        "quality.finding.close",
        "quality.inspection.close",
    } <= set(actions)
    late = client.post(
        f"/api/v1/findings/{finding['id']}/answers", json={"body": "추가"}, headers=as_user(admin)
    )
    assert late.status_code == 409


def test_the_institution_never_sees_the_inspectors_notes(app, session, client, world, as_user):
    admin, _ = staff(world)
    _, _, inspection, _ = _inspection(app, session, client, world, as_user)
    mine = client.get(f"/api/v1/inspections/{inspection['id']}", headers=as_user(admin))
    assert mine.status_code == 200 and mine.json()["notes"] is None and NOTE not in mine.text
    theirs = client.get(f"/api/v1/inspections/{inspection['id']}", headers=as_user(world.inspector))
    assert [n["body"] for n in theirs.json()["notes"]] == [NOTE]
    browser, _ = signed_in_browser(app, session, admin)
    page = browser.get(f"/inspections/{inspection['id']}")
    assert page.status_code == 200 and "원격훈련 운영 점검" in page.text and NOTE not in page.text
    inspector_page, _ = signed_in_browser(app, session, world.inspector)
    assert NOTE in inspector_page.get(f"/inspections/{inspection['id']}").text


def test_another_institutions_inspection_is_not_found(app, session, client, world, as_user):
    _, _, inspection, finding = _inspection(app, session, client, world, as_user)
    other = world.user(Role.INSTITUTION_ADMIN, "b")
    assert client.get(f"/api/v1/inspections/{inspection['id']}", headers=as_user(other)).status_code == 404
    assert (
        client.post(
            f"/api/v1/findings/{finding['id']}/answers", json={"body": "x"}, headers=as_user(other)
        ).status_code
        == 404
    )
    assert client.get("/api/v1/inspections", headers=as_user(other)).json() == []
    browser, _ = signed_in_browser(app, session, other)
    assert browser.get(f"/inspections/{inspection['id']}").status_code == 404


def test_evidence_must_belong_to_the_inspected_scope(app, session, client, world, as_user):
    course, _, inspection, _ = _inspection(app, session, client, world, as_user)
    other_course, _ = course_with_trainees(session, app, world.b, 1, title="다른 기관 과정")
    foreign_lesson = session.exec(select(Lesson).where(Lesson.course_id == other_course.id)).first()
    refused = client.post(
        f"/api/v1/inspections/{inspection['id']}/findings",
        json={
            "severity": "low",
            "title": "x",
            "description": "y",
            "evidence": [{"kind": "lesson", "id": str(foreign_lesson.id)}],
        },
        headers=as_user(world.inspector),
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "evidence"
    signal = client.post(
        f"/api/v1/inspections/{inspection['id']}/findings",
        json={
            "severity": "low",
            "title": "x",
            "description": "y",
            "evidence": [{"kind": "exam_signal", "id": str(course.id)}],
        },
        headers=as_user(world.inspector),
    )
    assert signal.status_code == 422


def test_only_the_inspector_conducts(app, session, client, world, as_user):
    admin, _ = staff(world)
    body = {
        "scope": "institution",
        "mode": "onsite",
        "title": "기관 현장 점검",
        "institution_id": str(world.a.institution.id),
    }
    assert client.post("/api/v1/inspections", json=body, headers=as_user(admin)).status_code == 403
    assert client.post("/api/v1/inspections", json=body, headers=as_user(world.operator)).status_code == 403
    opened = client.post("/api/v1/inspections", json=body, headers=as_user(world.inspector))
    assert opened.status_code == 201 and opened.json()["institution_id"] == str(world.a.institution.id)


def test_the_ranked_list_shows_why(app, session, client, clock, world, as_user):
    admin, _ = staff(world)
    course, _ = course_with_trainees(session, app, world.a, 2)
    quiet, _ = course_with_trainees(session, app, world.b, 1, title="클라우드 네이티브 개발자")
    online_exam(session, app, quiet, world.user(Role.INSTRUCTOR, "b"))
    clock.advance(days=1)
    ranked = client.get("/api/v1/quality/priorities", headers=as_user(world.inspector)).json()
    first = ranked[0]
    assert first["course_id"] == str(course.id)  # no assessment, attendance missing
    codes = [r["code"] for r in first["reasons"]]
    assert "no_assessment" in codes and first["score"] == sum(r["points"] for r in first["reasons"])
    assert any("이수자평가" in r["text"] or "assessment" in r["text"] for r in first["reasons"])
    assert client.get("/api/v1/quality/priorities", headers=as_user(admin)).status_code == 403
