"""The online exam on the server's clock: start, resume with the time left, autosave, late
refusals, window edges, one attempt and a granted retake, grading (automatic and essay), exact
scores, publication and audited changes, evidence and signals."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from sqlmodel import select

from classroom.audit.models import AuditEvent
from classroom.core.tenancy import Role
from quality import signals as detection
from quality.assessments import find
from quality.attempts import sweep
from quality.models import Answer, Attempt, AttemptEvent, ExamSignal
from tests.factories.accounts import principal_of
from tests.factories.quality import course_with_trainees, online_exam
from tests.quality.conftest import staff


def _setup(app, session, world, trainees=1, **exam):  # type: ignore[no-untyped-def]
    _, teacher = staff(world)
    course, people = course_with_trainees(session, app, world.a, trainees)
    online_exam(session, app, course, teacher, **exam)
    return course, people, teacher


def _start(client, headers, course, **kw):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/courses/{course.id}/exam/attempts", headers=headers, **kw)


def _answer_all(client, headers, attempt):  # type: ignore[no-untyped-def]
    items = {i["kind"]: i["question_id"] for i in attempt["items"]}
    url = f"/api/v1/attempts/{attempt['id']}/answers"
    bodies = {
        "single": {"choices": [0]},
        "multiple": {"choices": [0, 2]},
        "short": {"text": " iqr "},
        "essay": {"text": "선형 보간과 이동 평균으로 채우고, 긴 결측 구간은 제외한다."},
    }
    for kind, body in bodies.items():
        saved = client.put(f"{url}/{items[kind]}", json=body, headers=headers)
        assert saved.status_code == 200, saved.text
    return items


def test_resume_with_the_time_left_on_the_server_clock(app, session, client, clock, world, as_user):
    course, [trainee], _ = _setup(app, session, world)
    headers = {**as_user(trainee), "X-Device-Id": "phone-1"}
    started = _start(client, headers, course)
    assert started.status_code == 201, started.text
    attempt = started.json()
    assert attempt["remaining_seconds"] == 3600 and attempt["status"] == "in_progress"
    assert "correct" not in started.text and "accepted" not in started.text  # no keys for the trainee
    items = {i["kind"]: i["question_id"] for i in attempt["items"]}
    client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{items['single']}", json={"choices": [2]}, headers=headers
    )

    clock.advance(minutes=20, seconds=30)  # the phone lost its connection for a while
    resumed = _start(client, headers, course)  # the start button again: the same attempt
    assert resumed.json()["id"] == attempt["id"]
    assert resumed.json()["remaining_seconds"] == 3600 - 20 * 60 - 30
    [single] = [i for i in resumed.json()["items"] if i["kind"] == "single"]
    assert single["response_choices"] == [2]  # what was saved before the drop is there
    got = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).json()
    assert got["remaining_seconds"] == 2370
    kinds = [
        e.kind.value
        for e in session.exec(select(AttemptEvent).where(AttemptEvent.attempt_id == UUID(got["id"])))
    ]
    assert kinds.count("start") == 1 and "resume" in kinds


def test_autosave_keeps_the_latest_answer_and_counts_saves(app, session, client, world, as_user):
    course, [trainee], _ = _setup(app, session, world)
    headers = as_user(trainee)
    attempt = _start(client, headers, course).json()
    essay = next(i["question_id"] for i in attempt["items"] if i["kind"] == "essay")
    url = f"/api/v1/attempts/{attempt['id']}/answers/{essay}"
    assert client.put(url, json={"text": "첫 문장"}, headers=headers).status_code == 200
    assert client.put(url, json={"text": "첫 문장. 두 번째 문장."}, headers=headers).status_code == 200
    session.expire_all()
    [row] = session.exec(select(Answer).where(Answer.attempt_id == UUID(attempt["id"]))).all()
    assert row.text == "첫 문장. 두 번째 문장." and row.saves == 2
    single = next(i["question_id"] for i in attempt["items"] if i["kind"] == "single")
    bad = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{single}", json={"choices": [0, 1]}, headers=headers
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "choices"
    other = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{course.id}", json={"text": "x"}, headers=headers
    )
    assert other.status_code == 404  # not a question of this attempt


def test_late_saves_and_submissions_are_refused_and_the_saved_answers_count(
    app, session, client, clock, world, as_user
):
    course, [trainee], _ = _setup(app, session, world)
    headers = as_user(trainee)
    attempt = _start(client, headers, course).json()
    items = _answer_all(client, headers, attempt)
    clock.advance(minutes=60)  # exactly the deadline: still in time
    on_time = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{items['single']}", json={"choices": [0]}, headers=headers
    )
    assert on_time.status_code == 200 and on_time.json()["remaining_seconds"] == 0
    clock.advance(seconds=1)
    late = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{items['single']}", json={"choices": [1]}, headers=headers
    )
    assert late.status_code == 409 and late.json()["code"] == "late_submission"
    assert "answers saved in time were submitted" in late.json()["detail"]
    again = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "attempt_closed"
    session.expire_all()
    row = session.get(Attempt, UUID(attempt["id"]))
    assert row is not None and row.closed_by.value == "deadline" and row.submitted_at == row.deadline_at
    assert row.objective_earned == 20  # the saves made in time, graded; the late one is not there
    events = [
        e.kind.value for e in session.exec(select(AttemptEvent).where(AttemptEvent.attempt_id == row.id))
    ]
    assert events.count("late_refused") == 1


def test_a_late_submission_is_refused_and_recorded(app, session, client, clock, world, as_user):
    course, [trainee], _ = _setup(app, session, world)
    headers = as_user(trainee)
    attempt = _start(client, headers, course).json()
    clock.advance(minutes=61)
    shown = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).json()
    assert shown["status"] == "submitted" and shown["remaining_seconds"] == 0  # a read shows it closed
    late = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    assert late.status_code == 409 and late.json()["code"] == "late_submission"
    session.expire_all()
    assert (
        session.get(Attempt, UUID(attempt["id"])).status.value == "graded"
    )  # nothing answered: 0 points, graded


def test_window_edges(app, session, client, clock, world, as_user):
    now = clock.now()
    course, [trainee], _ = _setup(
        app, session, world, opens=now + timedelta(hours=1), closes=now + timedelta(hours=3)
    )
    headers = as_user(trainee)
    early = _start(client, headers, course)
    assert early.status_code == 409 and early.json()["code"] == "exam_not_open"
    clock.set(now + timedelta(hours=1))  # the opening instant itself
    assert client.get(f"/api/v1/courses/{course.id}/exam", headers=headers).json()["can_start"]
    clock.set(now + timedelta(hours=2, minutes=50))  # ten minutes before it closes
    started = _start(client, headers, course)
    assert started.status_code == 201
    assert started.json()["remaining_seconds"] == 600  # the window ends before the 60 minutes do


def test_the_window_closes_exactly_at_its_end(app, session, client, clock, world, as_user):
    now = clock.now()
    course, [trainee], _ = _setup(app, session, world, opens=now - timedelta(hours=1), closes=now)
    refused = _start(client, as_user(trainee), course)
    assert refused.status_code == 409 and refused.json()["code"] == "exam_closed"


def test_one_attempt_then_a_granted_retake_kept_as_a_second_attempt(
    app, session, client, clock, world, as_user
):
    course, [trainee], teacher = _setup(app, session, world)
    headers = as_user(trainee)
    first = _start(client, headers, course).json()
    assert client.post(f"/api/v1/attempts/{first['id']}/submit", headers=headers).status_code == 200
    again = _start(client, headers, course)
    assert again.status_code == 409 and again.json()["code"] == "exam_no_attempts_left"
    grant = client.post(
        f"/api/v1/courses/{course.id}/retakes",
        json={"trainee_id": str(trainee.id), "reason": "통신 장애로 응시 중단(기관 확인)"},
        headers=as_user(teacher),
    )
    assert grant.status_code == 201, grant.text
    twice = client.post(
        f"/api/v1/courses/{course.id}/retakes",
        json={"trainee_id": str(trainee.id), "reason": "한 번 더"},
        headers=as_user(teacher),
    )
    assert twice.status_code == 409 and twice.json()["code"] == "retake_already_granted"
    second = _start(client, headers, course)
    assert second.status_code == 201 and second.json()["number"] == 2 and second.json()["id"] != first["id"]
    _answer_all(client, headers, second.json())
    client.post(f"/api/v1/attempts/{second.json()['id']}/submit", headers=headers)
    assert _start(client, headers, course).json().get("code") == "exam_no_attempts_left"
    attempts = client.get(f"/api/v1/courses/{course.id}/attempts", headers=as_user(teacher)).json()
    assert sorted(a["number"] for a in attempts) == [1, 2]


def test_grading_automatic_and_essay_with_an_exact_score(app, session, client, world, as_user):
    course, [trainee], teacher = _setup(app, session, world)
    headers = as_user(trainee)
    attempt = _start(client, headers, course).json()
    items = _answer_all(client, headers, attempt)
    submitted = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    assert submitted.json()["status"] == "submitted"  # the essay waits for the instructor
    assert submitted.json()["score"] is None
    url = f"/api/v1/courses/{course.id}/attempts/{attempt['id']}"
    detail = client.get(url, headers=as_user(teacher)).json()
    assert [i["points_awarded"] for i in detail["items"]] == [5, 10, 5, None]
    too_many = client.post(
        f"{url}/grades", json={"question_id": items["essay"], "points": 21}, headers=as_user(teacher)
    )
    assert too_many.status_code == 422
    graded = client.post(
        f"{url}/grades",
        json={"question_id": items["essay"], "points": 15, "comment": "긴 결측 구간 처리 근거가 부족합니다."},
        headers=as_user(teacher),
    )
    assert graded.status_code == 200, graded.text
    body = graded.json()
    assert body["status"] == "graded" and body["earned"] == 35 and body["possible"] == 40
    assert body["score"] == {"exact": "175/2", "shown": "87.5"}
    results = client.get(f"/api/v1/courses/{course.id}/results", headers=as_user(teacher)).json()
    [mine] = [r for r in results["results"] if r["trainee_id"] == str(trainee.id)]
    assert mine["score"]["shown"] == "87.5" and mine["passed"] is True and mine["source"] == "exam"
    # Not published yet: the trainee sees neither points nor comments.
    own = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).json()
    assert own["score"] is None and all(
        i["points_awarded"] is None and i["comment"] == "" for i in own["items"]
    )


def test_thirds_stay_exact_and_decide_the_pass_exactly(app, session, client, world, as_user):
    bank = tuple(
        dict(kind="single", text=f"문항 {n}", points=1, choices=("예", "아니오"), correct=(0,))
        for n in range(3)
    )
    _, teacher = staff(world)
    course, [trainee] = course_with_trainees(session, app, world.a, pass_mark=67)
    online_exam(session, app, course, teacher, bank=bank)
    headers = as_user(trainee)
    attempt = _start(client, headers, course).json()
    for index, item in enumerate(attempt["items"]):
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{item['question_id']}",
            json={"choices": [0 if index < 2 else 1]},
            headers=headers,
        )
    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    assert done.json()["status"] == "graded"
    [row] = client.get(f"/api/v1/courses/{course.id}/results", headers=as_user(teacher)).json()["results"]
    assert row["score"] == {"exact": "200/3", "shown": "66.66"} and row["passed"] is False  # 66⅔ < 67


def test_changes_after_publication_need_a_reason_and_are_kept_old_to_new(
    app, session, client, world, as_user
):
    course, [trainee], teacher = _setup(app, session, world)
    headers = as_user(trainee)
    attempt = _start(client, headers, course).json()
    items = _answer_all(client, headers, attempt)
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    url = f"/api/v1/courses/{course.id}/attempts/{attempt['id']}/grades"
    client.post(url, json={"question_id": items["essay"], "points": 10}, headers=as_user(teacher))
    published = client.post(f"/api/v1/courses/{course.id}/results/publish", headers=as_user(teacher))
    assert published.status_code == 200 and published.json()["results_published_at"]
    seen = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).json()
    assert seen["score"]["shown"] == "75"  # now the trainee sees it
    no_reason = client.post(url, json={"question_id": items["essay"], "points": 18}, headers=as_user(teacher))
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    fixed = client.post(
        url,
        json={"question_id": items["essay"], "points": 18, "reason": "채점 기준표 재검토 결과 반영"},
        headers=as_user(teacher),
    )
    assert fixed.status_code == 200
    [change] = client.get(f"/api/v1/courses/{course.id}/results/changes", headers=as_user(teacher)).json()
    assert (
        change["old"]["shown"] == "75"
        and change["new"]["shown"] == "95"
        and change["reason"] == "채점 기준표 재검토 결과 반영"
    )
    audited = session.exec(select(AuditEvent).where(AuditEvent.action == "quality.result.set")).all()
    assert any(e.detail.get("old") == "75" and e.detail.get("new") == "95" for e in audited)


def test_evidence_and_signals_never_fail_the_attempt(app, session, client, clock, world, as_user):
    course, [trainee], teacher = _setup(app, session, world)
    headers = {**as_user(trainee), "X-Device-Id": "phone-1"}
    attempt = _start(client, headers, course).json()
    for _ in range(3):
        assert (
            client.post(
                f"/api/v1/attempts/{attempt['id']}/events", json={"kind": "focus_lost"}, headers=headers
            ).status_code
            == 204
        )
        clock.advance(seconds=5)
        client.post(f"/api/v1/attempts/{attempt['id']}/events", json={"kind": "focus_back"}, headers=headers)
    bad = client.post(f"/api/v1/attempts/{attempt['id']}/events", json={"kind": "submit"}, headers=headers)
    assert bad.status_code == 422  # the page reports only what pages see
    _answer_all(client, {**headers, "X-Device-Id": "laptop-2"}, attempt)
    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    assert done.status_code == 200  # flagged, not failed
    signals = client.get(f"/api/v1/courses/{course.id}/exam-signals", headers=as_user(teacher)).json()
    # away three times; answered from a second device; every objective item right in seconds
    assert {s["kind"] for s in signals} == {"focus_away", "device_changed", "too_fast"}
    detail = client.get(
        f"/api/v1/courses/{course.id}/attempts/{attempt['id']}", headers=as_user(teacher)
    ).json()
    assert {e["device_id"] for e in detail["evidence"]} == {"phone-1", "laptop-2"}
    assert all(e["ip"] for e in detail["evidence"])
    # Detecting again finds nothing new.
    assert detection.detect(session, clock, course, find(session, principal_of(teacher), course)) == 0
    assert len(session.exec(select(ExamSignal)).all()) == 3


def test_attempts_are_personal(app, session, client, world, as_user):
    course, [first, second], _ = _setup(app, session, world, trainees=2)
    attempt = _start(client, as_user(first), course).json()
    assert client.get(f"/api/v1/attempts/{attempt['id']}", headers=as_user(second)).status_code == 404
    assert client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=as_user(second)).status_code == 404
    other_teacher = world.user(Role.INSTRUCTOR, "b")
    assert (
        client.get(
            f"/api/v1/courses/{course.id}/attempts/{attempt['id']}", headers=as_user(other_teacher)
        ).status_code
        == 404
    )


def test_the_sweep_closes_expired_attempts(app, session, client, clock, world, as_user):
    course, [trainee], _ = _setup(app, session, world)
    attempt = _start(client, as_user(trainee), course).json()
    assert sweep(session, clock) == 0
    clock.advance(minutes=61)
    assert sweep(session, clock) == 1
    session.commit()
    assert session.get(Attempt, UUID(attempt["id"])).closed_by.value == "deadline"
    assert sweep(session, clock) == 0
