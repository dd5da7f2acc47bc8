"""The recurring generator on the builder: nothing ticked, preview → save, Saturday only,
grouped reasons, and a series moved or deleted as a whole (held lessons kept)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlmodel import select

from classroom.audit.models import AuditEvent
from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.courses.models import Lesson, LessonSeries
from tests.factories.accounts import build_world, principal_of, signed_in_browser
from tests.factories.courses import make_course

SAT = "5"


@pytest.fixture
def setup(app, session):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    teacher = w.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher])
    return w, admin, teacher, course


def _form(csrf, **extra):
    return {
        "csrf_token": csrf,
        "mode": "classroom",
        "room": "B동 301호",
        "start": "09:00",
        "end": "13:00",
        "first_day": "2026-04-06",
        "last_day": "2026-05-10",
        "skip_holidays": "1",
        **extra,
    }


def _lessons(session, course):
    return list(session.exec(select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.starts_at)))


def test_nothing_is_ticked_and_only_saturday_makes_only_saturdays(app, session, setup):
    _w, _admin, teacher, course = setup
    client, csrf = signed_in_browser(app, session, teacher)
    page = client.get(f"/courses/{course.id}").text
    boxes = re.findall(r'<input type="checkbox" name="weekdays"[^>]*>', page)
    assert len(boxes) == 7 and not any("checked" in b for b in boxes)
    # The generator's button previews; only the preview's own form saves.
    assert (
        f'action="/courses/{course.id}/lessons/recurring/preview" class="stack lesson-form" id="recurring-form"'
        in page
    )
    # The preview writes nothing and shows Saturdays only.
    preview = client.post(f"/courses/{course.id}/lessons/recurring/preview", data=_form(csrf, weekdays=[SAT]))
    assert preview.status_code == 200
    days = re.findall(r'<li data-weekday="(\d)">', preview.text)
    assert days and set(days) == {SAT} and len(days) == 5  # 11, 18, 25 Apr, 2, 9 May
    assert not _lessons(session, course)
    # The save form carries exactly the ticked day.
    save = preview.text[preview.text.index('id="recurring-save-form"') :]
    save = save[: save.index("</form>")]
    assert re.findall(r'name="weekdays" value="(\d)"', save) == [SAT]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', save))
    saved = client.post(
        f"/courses/{course.id}/lessons/recurring",
        data={**fields, "weekdays": re.findall(r'name="weekdays" value="(\d)"', save)},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "msg=series.created&count=5" in saved.headers["location"]
    rows = _lessons(session, course)
    assert len(rows) == 5 and {r.local_day.weekday() for r in rows} == {5}
    assert len({r.series_id for r in rows}) == 1
    assert session.exec(select(LessonSeries).where(LessonSeries.id == rows[0].series_id)).first() is not None
    page = client.get(saved.headers["location"])
    assert (
        "반복 일정으로 차시 5개를 만들었습니다" in page.text
        and f'id="series-{rows[0].series_id}"' in page.text
    )


def test_preview_lists_skipped_holidays_and_grouped_clashes(app, session, setup):
    _w, admin, _teacher, course = setup
    client, csrf = signed_in_browser(app, session, admin)
    # Tuesdays 5 May (어린이날) skipped; on-site days with no supervisor are one group, not nine lines.
    preview = client.post(
        f"/courses/{course.id}/lessons/recurring/preview",
        data=_form(csrf, weekdays=["1"], mode="onsite", host_company="(주)대성정밀", room=""),
    )
    assert preview.status_code == 200
    assert "어린이날" in preview.text
    clash = preview.text[preview.text.index('id="preview-clashes"') :]
    clash = clash[: clash.index("</div>")]
    assert "현장교사 미지정 4건" in clash and "4/7(화)" in clash
    assert "schedule" not in clash and "일정이 겹쳐" not in clash
    assert 'id="recurring-save-form"' not in preview.text
    # Saving anyway is refused with the same grouping at the top.
    refused = client.post(
        f"/courses/{course.id}/lessons/recurring",
        data=_form(csrf, weekdays=["1"], mode="onsite", host_company="(주)대성정밀", room=""),
    )
    assert refused.status_code == 409
    top = refused.text[refused.text.index('id="form-error"') :]
    top = top[: top.index("</div>")]
    assert "현장교사가 지정되지 않은" in top and "현장교사 미지정 4건" in top
    assert top.count("현장실습 차시에는 현장교사를 지정해야 합니다") == 0
    assert not _lessons(session, course)


def _generate(client, csrf, course, weekdays):
    saved = client.post(
        f"/courses/{course.id}/lessons/recurring", data=_form(csrf, weekdays=weekdays), follow_redirects=False
    )
    assert saved.status_code == 303, saved.text


def test_moving_a_series_keeps_held_lessons_and_tells_how_many(app, session, clock, setup):
    _w, _admin, teacher, course = setup
    client, csrf = signed_in_browser(app, session, teacher)
    _generate(client, csrf, course, ["1"])  # Tuesdays 7, 14, 21, 28 Apr (5 May is 어린이날)
    rows = _lessons(session, course)
    series_id = rows[0].series_id
    assert [r.local_day.day for r in rows] == [7, 14, 21, 28]
    clock.set(datetime(2026, 4, 15, 9, 0, tzinfo=SEOUL))  # 7 and 14 Apr are held
    client, csrf = signed_in_browser(app, session, teacher)  # a new day, a new sign-in
    moved = client.post(
        f"/courses/{course.id}/series/{series_id}/move",
        data={"csrf_token": csrf, "shift_days": "1", "start": "10:00"},
        follow_redirects=False,
    )
    assert moved.status_code == 303, moved.text
    assert "msg=series.moved_kept&count=2&kept=2" in moved.headers["location"]
    session.expire_all()
    rows = _lessons(session, course)
    assert [(r.local_day.day, f"{r.local_start:%H:%M}") for r in rows] == [
        (7, "09:00"),
        (14, "09:00"),
        (22, "10:00"),
        (29, "10:00"),
    ]
    assert "이미 진행된 2개는 그대로 두었습니다" in client.get(moved.headers["location"]).text
    updates = session.exec(select(AuditEvent).where(AuditEvent.action == "course.lesson_update")).all()
    assert len(updates) == 2 and all(u.detail["series_id"] == str(series_id) for u in updates)
    assert {u.detail["changes"]["starts_at"]["old"][:10] for u in updates} == {"2026-04-21", "2026-04-28"}
    # Moving into the past is refused, whole.
    back = client.post(
        f"/courses/{course.id}/series/{series_id}/move",
        data={"csrf_token": csrf, "shift_days": "-8"},
    )
    assert back.status_code == 422 and "지난 시각" in back.text


def test_deleting_a_series_keeps_held_lessons(app, session, clock, setup):
    w, admin, _teacher, course = setup
    client, csrf = signed_in_browser(app, session, admin)
    _generate(client, csrf, course, ["1"])
    series_id = _lessons(session, course)[0].series_id
    clock.set(datetime(2026, 4, 15, 9, 0, tzinfo=SEOUL))
    client, csrf = signed_in_browser(app, session, admin)
    # Another institution's admin cannot even see it.
    other, other_csrf = signed_in_browser(app, session, w.user(Role.INSTITUTION_ADMIN, "b"))
    foreign = other.post(f"/courses/{course.id}/series/{series_id}/delete", data={"csrf_token": other_csrf})
    assert foreign.status_code == 404
    gone = client.post(
        f"/courses/{course.id}/series/{series_id}/delete", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert gone.status_code == 303 and "msg=series.deleted_kept&count=2&kept=2" in gone.headers["location"]
    session.expire_all()
    assert [r.local_day for r in _lessons(session, course)] == [date(2026, 4, 7), date(2026, 4, 14)]
    assert session.exec(select(LessonSeries).where(LessonSeries.id == series_id)).first() is not None
    clock.set(datetime(2026, 4, 1, 9, 0, tzinfo=SEOUL))  # back before any was held: all go, series too
    client, csrf = signed_in_browser(app, session, admin)
    again = client.post(
        f"/courses/{course.id}/series/{series_id}/delete", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert "msg=series.deleted&count=2&kept=0" in again.headers["location"]
    assert session.exec(select(LessonSeries).where(LessonSeries.id == series_id)).first() is None
    assert principal_of(admin)  # the admin acted as an admin throughout
