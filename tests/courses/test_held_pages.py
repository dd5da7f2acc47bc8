"""A held lesson on the pages: instructors see it read-only with why; admins correct it with a reason."""

from __future__ import annotations

from datetime import date, datetime

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.factories.accounts import build_world, signed_in_browser
from tests.factories.courses import add_lesson, make_course


def _form(csrf, **extra):
    return {
        "csrf_token": csrf,
        "mode": "live",
        "day": "2026-04-07",
        "start": "10:00",
        "end": "11:00",
        **extra,
    }


def test_held_lesson_pages_by_role(app, session, clock):
    w = build_world(session, app)
    admin, teacher = w.user(Role.INSTITUTION_ADMIN), w.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher])
    row = add_lesson(session, app, admin, course, "live", date(2026, 4, 7), "10:00", "11:00", title="1차시")
    ahead = add_lesson(session, app, admin, course, "live", date(2026, 4, 9), "10:00", "11:00")
    session.commit()
    clock.set(datetime(2026, 4, 8, 9, 0, tzinfo=SEOUL))
    edit_url = f"/courses/{course.id}/lessons/{row.id}/edit"

    client, csrf = signed_in_browser(app, session, teacher)
    builder = client.get(f"/courses/{course.id}")
    assert "진행 완료 — 수정 불가" in builder.text
    assert f"/lessons/{row.id}/delete" not in builder.text and f"/lessons/{ahead.id}/delete" in builder.text
    page = client.get(edit_url)
    assert page.status_code == 200 and 'id="lesson-readonly"' in page.text
    assert "이미 진행되었습니다" in page.text and 'id="lesson-edit-form"' not in page.text
    refused = client.post(f"/courses/{course.id}/lessons/{row.id}", data=_form(csrf, title="고침"))
    assert refused.status_code == 409 and "강사가 수정할 수 없습니다" in refused.text
    gone = client.post(f"/courses/{course.id}/lessons/{row.id}/delete", data={"csrf_token": csrf})
    assert gone.status_code == 409 and "강사가 삭제할 수 없습니다" in gone.text
    english = client.get(edit_url, headers={"Accept-Language": "en"})
    assert "already been held" in english.text

    client, csrf = signed_in_browser(app, session, admin)
    page = client.get(edit_url)
    assert 'id="edit-reason"' in page.text and 'id="delete-reason"' in page.text
    missing = client.post(f"/courses/{course.id}/lessons/{row.id}", data=_form(csrf, title="고침"))
    assert missing.status_code == 422 and "사유를 입력해야" in missing.text
    assert 'value="고침"' in missing.text  # the form keeps what was typed
    saved = client.post(
        f"/courses/{course.id}/lessons/{row.id}",
        data=_form(csrf, title="고침", reason="제목 오기 정정"),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    deleted = client.post(
        f"/courses/{course.id}/lessons/{row.id}/delete",
        data={"csrf_token": csrf, "reason": "중복"},
        follow_redirects=False,
    )
    assert deleted.status_code == 303


def test_an_instructor_adding_a_past_lesson_on_the_builder_is_told_why(app, session, clock):
    w = build_world(session, app)
    admin, teacher = w.user(Role.INSTITUTION_ADMIN), w.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher])
    session.commit()
    clock.set(datetime(2026, 4, 8, 9, 0, tzinfo=SEOUL))

    client, csrf = signed_in_browser(app, session, teacher)
    refused = client.post(f"/courses/{course.id}/lessons", data=_form(csrf, title="보강"))
    assert refused.status_code == 422
    assert "2026-04-07 차시는 이미 끝난 시각입니다" in refused.text and 'value="보강"' in refused.text

    client, csrf = signed_in_browser(app, session, admin)
    entered = client.post(
        f"/courses/{course.id}/lessons", data=_form(csrf, title="보강"), follow_redirects=False
    )
    assert entered.status_code == 303
