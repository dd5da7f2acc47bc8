"""The satisfaction survey: once per trainee, in its window, aggregates only from 5 answers."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from classroom.core.tenancy import Role
from quality.outcome_models import SurveyReceipt, SurveyResponse
from tests.factories.quality import at, course_with_trainees
from tests.quality.conftest import staff

RATINGS = [
    {"content": 5, "instructor": 4, "environment": 3, "usefulness": 5, "overall": 4},
    {"content": 4, "instructor": 4, "environment": 4, "usefulness": 4, "overall": 4},
    {"content": 3, "instructor": 5, "environment": 2, "usefulness": 3, "overall": 3},
    {"content": 5, "instructor": 5, "environment": 5, "usefulness": 5, "overall": 5},
    {"content": 2, "instructor": 3, "environment": 4, "usefulness": 3, "overall": 3},
]


def test_answers_are_counted_but_shown_only_from_five(app, session, client, clock, world, as_user):
    admin, teacher = staff(world)
    course, people = course_with_trainees(session, app, world.a, 6)
    url = f"/api/v1/courses/{course.id}/survey"
    early = client.post(url, json=RATINGS[0], headers=as_user(people[0]))
    assert early.status_code == 409 and early.json()["code"] == "survey_not_open"
    clock.set(at(course.ends_on - timedelta(days=3)))
    form = client.get(f"{url}/form", headers=as_user(people[0])).json()
    assert form["open"] and form["opens_on"] == (course.ends_on - timedelta(days=6)).isoformat()
    for person, ratings in zip(people[:4], RATINGS, strict=False):
        assert (
            client.post(
                url, json={**ratings, "comment": "실습 장비가 부족했습니다"}, headers=as_user(person)
            ).status_code
            == 204
        )
    twice = client.post(url, json=RATINGS[0], headers=as_user(people[0]))
    assert twice.status_code == 409 and twice.json()["code"] == "survey_answered"
    for reader in (teacher, admin, world.operator):
        hidden = client.get(f"{url}/results", headers=as_user(reader)).json()
        assert hidden["answers"] == 4 and hidden["shown"] is False
        assert hidden["questions"] == [] and hidden["overall"] is None and hidden["comments"] == []
    client.post(url, json=RATINGS[4], headers=as_user(people[4]))
    shown = client.get(f"{url}/results", headers=as_user(teacher)).json()
    assert shown["shown"] and shown["answers"] == 5
    content = next(q for q in shown["questions"] if q["question"] == "content")
    assert content["mean"] == {"exact": "19/5", "shown": "3.80"} and content["distribution"] == [
        0,
        1,
        1,
        1,
        2,
    ]
    assert shown["comments"] == []  # free comments are for the platform side only
    operator = client.get(f"{url}/results", headers=as_user(world.operator)).json()
    assert operator["comments"] == ["실습 장비가 부족했습니다"] * 4
    bad = client.post(url, json={**RATINGS[0], "overall": 6}, headers=as_user(people[5]))
    assert bad.status_code == 422
    stranger = world.user(Role.TRAINEE, "b")
    assert client.post(url, json=RATINGS[0], headers=as_user(stranger)).status_code == 404


def test_responses_carry_no_trainee_and_no_time(app, session, client, clock, world, as_user):
    course, people = course_with_trainees(session, app, world.a, 1)
    clock.set(at(course.ends_on))
    client.post(f"/api/v1/courses/{course.id}/survey", json=RATINGS[0], headers=as_user(people[0]))
    columns = set(SurveyResponse.model_fields)
    assert not {"trainee_id", "user_id", "at", "created_at", "answered_at", "submitted_at"} & columns
    assert set(SurveyReceipt.model_fields) == {"institution_id", "course_id", "trainee_id"}
    assert len(session.exec(select(SurveyResponse)).all()) == 1


def test_the_survey_closes_thirty_days_after_the_end(app, session, client, clock, world, as_user):
    course, [trainee] = course_with_trainees(session, app, world.a, 1)
    clock.set(at(course.ends_on + timedelta(days=31)))
    late = client.post(f"/api/v1/courses/{course.id}/survey", json=RATINGS[0], headers=as_user(trainee))
    assert late.status_code == 409 and late.json()["code"] == "survey_closed"


def test_programme_wide_satisfaction_pools_only_shown_courses(app, session, client, clock, world, as_user):
    course, people = course_with_trainees(session, app, world.a, 5)
    small, few = course_with_trainees(session, app, world.b, 2, title="클라우드 네이티브 개발자")
    clock.set(at(course.ends_on))
    for person, ratings in zip(people, RATINGS, strict=True):
        client.post(f"/api/v1/courses/{course.id}/survey", json=ratings, headers=as_user(person))
    for person in few:
        client.post(f"/api/v1/courses/{small.id}/survey", json=RATINGS[3], headers=as_user(person))
    overview = client.get("/api/v1/satisfaction", headers=as_user(world.operator)).json()
    total, *courses = overview
    assert total["answers"] == 5 and total["shown"]  # the 2 answers of the small course never count
    assert {c["title"]: c["shown"] for c in courses} == {course.title: True, small.title: False}
    teacher_view = client.get(
        "/api/v1/satisfaction", headers=as_user(world.user(Role.INSTRUCTOR, "b"))
    ).json()
    assert [c["title"] for c in teacher_view[1:]] == [small.title] and teacher_view[0]["shown"] is False
