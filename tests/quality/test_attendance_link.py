"""Completion and the inspectors' list on real attendance, built through attendance's own paths
(ingestion, the content contract's evidence, its fraud detection): completion is attendance ≥
the course policy's completion rate (80%) and a score ≥ the pass mark, exactly at both edges."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from attendance.detection import detect_course
from attendance.policy import set_policy
from classroom.core.clock import SEOUL
from tests.factories.accounts import principal_of
from tests.factories.attendance import attend, lesson_days
from tests.factories.quality import course_with_trainees, finished_course, offline_assessment
from tests.quality.conftest import staff


def _exact(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def test_completion_is_attendance_at_the_rate_and_a_passing_score(app, session, client, world, as_user):
    admin, teacher = staff(world)
    course, people = finished_course(session, app, world.a, 5)
    held = len(lesson_days(session, course, app.state.clock.now()))
    assert held % 5 == 0  # 55 days (Chuseok and Hangul Day skipped): 80% is a whole number of days
    at_rate = held * 4 // 5
    exact, short, low, all_days, absent = people
    attend(
        session,
        app,
        course,
        admin,
        [exact, short, low, all_days],
        days={exact.id: at_rate, short.id: at_rate, low.id: at_rate - 1},
    )
    offline_assessment(session, app, course, teacher)
    for person, score in ((exact, "60"), (short, "59.99"), (low, "100"), (absent, "95")):
        saved = client.put(
            f"/api/v1/courses/{course.id}/results/{person.id}",
            json={"score": score},
            headers=as_user(teacher),
        )
        assert saved.status_code == 200, saved.text
    assert (
        client.post(f"/api/v1/courses/{course.id}/results/publish", headers=as_user(teacher)).status_code
        == 200
    )

    body = client.get(f"/api/v1/courses/{course.id}/completion", headers=as_user(admin)).json()
    assert body["attendance_recorded"] is True and body["provisional"] is False
    lines = {line["trainee_id"]: line for line in body["lines"]}

    def seen(person):  # type: ignore[no-untyped-def]
        line = lines[str(person.id)]
        return line["state"], [r["code"] for r in line["reasons"]], line["attendance_rate"]["exact"]

    assert seen(exact) == ("completed", [], "4/5")  # exactly 80% and exactly the pass mark
    assert seen(short) == ("not_completed", ["score_low"], "4/5")
    assert seen(low) == ("not_completed", ["attendance_low"], _exact(Fraction(at_rate - 1, held)))
    assert seen(all_days) == ("not_completed", ["no_score"], "1/1")
    assert seen(absent) == ("not_completed", ["attendance_low"], "0/1")  # recorded course: absent
    assert lines[str(low.id)]["absent_days"] == held - at_rate + 1
    assert lines[str(low.id)]["reasons"][0]["text"] == "attendance 78.1% < 80.0%"

    confirmed = client.post(f"/api/v1/courses/{course.id}/completion/confirm", headers=as_user(admin))
    assert confirmed.status_code == 200, confirmed.text
    done = {line["trainee_id"]: line["confirmed_completed"] for line in confirmed.json()["lines"]}
    assert done == {str(p.id): p is exact for p in people}
    employment = client.get(f"/api/v1/courses/{course.id}/employment", headers=as_user(admin)).json()
    assert [row["trainee_id"] for row in employment] == [str(exact.id)]  # rates count her alone

    # The course policy decides the rate: at 3/4, one day under 80% completes.
    set_policy(session, app.state.clock, principal_of(admin), course, {"completion_rate": "3/4"})
    session.commit()
    again = client.get(f"/api/v1/courses/{course.id}/completion", headers=as_user(admin)).json()
    assert again["attendance_threshold"]["exact"] == "3/4"
    assert {line["trainee_id"]: line["state"] for line in again["lines"]}[str(low.id)] == "completed"


def test_a_running_course_is_provisional_on_attendance_so_far(app, session, client, clock, world, as_user):
    admin, teacher = staff(world)
    course, [steady, missing] = course_with_trainees(session, app, world.a, 2)
    clock.set(datetime(2026, 4, 17, 18, tzinfo=SEOUL))  # two weeks held: 10 training days
    attend(session, app, course, admin, [steady, missing], days={missing.id: 7})
    offline_assessment(session, app, course, teacher)
    for person in (steady, missing):
        client.put(
            f"/api/v1/courses/{course.id}/results/{person.id}", json={"score": "90"}, headers=as_user(teacher)
        )
    body = client.get(f"/api/v1/courses/{course.id}/completion", headers=as_user(admin)).json()
    assert body["provisional"] is True and body["attendance_recorded"] is True
    lines = {line["trainee_id"]: line for line in body["lines"]}
    assert lines[str(steady.id)]["state"] == "completed"
    assert lines[str(steady.id)]["training_days"] == 10
    assert lines[str(missing.id)]["attendance_rate"]["exact"] == "7/10"
    assert [r["code"] for r in lines[str(missing.id)]["reasons"]] == ["attendance_low"]
    refused = client.post(f"/api/v1/courses/{course.id}/completion/confirm", headers=as_user(admin))
    assert refused.status_code == 409 and refused.json()["code"] == "course_not_ended"
    page = client.get(f"/courses/{course.id}/completion", headers=as_user(admin, "ko"))
    assert page.status_code == 200 and 'id="completion-provisional"' in page.text
    assert "70.0%" in page.text


def test_a_fraud_signal_raises_a_course_in_the_inspectors_list(app, session, client, clock, world, as_user):
    admin, _ = staff(world)
    shared, [one, two] = course_with_trainees(session, app, world.a, 2)
    quiet, others = course_with_trainees(session, app, world.a, 2, title="스마트 물류 자동화 실무", hour=14)
    clock.set(datetime(2026, 4, 8, 19, tzinfo=SEOUL))  # Monday to Wednesday held
    attend(session, app, quiet, admin, others)
    attend(session, app, shared, admin, [one])
    # The second trainee checks in on the first one's phone, minutes after her.
    attend(session, app, shared, admin, [two], device=f"phone-{one.id.hex[:8]}")
    url = "/api/v1/quality/priorities"

    def listed():  # type: ignore[no-untyped-def]
        entries = client.get(url, headers=as_user(world.inspector)).json()
        return {e["course_id"]: e for e in entries}, [e["course_id"] for e in entries]

    before, _ = listed()  # full attendance, no assessment: alike until detection runs
    assert before[str(shared.id)]["score"] == before[str(quiet.id)]["score"]
    assert detect_course(session, clock, shared) > 0
    session.commit()
    after, order = listed()
    assert order.index(str(shared.id)) < order.index(str(quiet.id))
    reason = next(r for r in after[str(shared.id)]["reasons"] if r["code"] == "fraud_signals")
    assert after[str(shared.id)]["score"] == before[str(shared.id)]["score"] + reason["points"]
    assert "Another account on the same device" in reason["text"]
    page = client.get("/quality/priorities", headers=as_user(world.inspector, "ko"))
    assert page.status_code == 200 and "한 기기에서 다른 계정" in page.text
