"""A form on a staff list (a row's button, the add form) lands on the list as the user left it:
its filters, sort and page carried in the form's action and kept by the answer."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.factories.accounts import build_world, signed_in_browser
from tests.factories.courses import make_course
from tests.web.bulk import bulk_trainees


def test_users_page_actions_land_on_the_list_the_admin_was_looking_at(app: FastAPI, session: Session) -> None:
    world = build_world(session, app)
    bulk_trainees(session, world.a.institution.id, "hanbit", 120)
    admin, token = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    listed = admin.get("/users", params={"role": "trainee", "q": "훈련", "sort": "-name", "page": 2})
    assert "51–100 / <strong>120명</strong>" in listed.text
    actions = [html.unescape(a) for a in re.findall(r'<form method="post" action="([^"]+)"', listed.text)]
    suspend = next(a for a in actions if a.endswith("page=2") and "/active?" in a)
    assert suspend.startswith("/users/") and "role=trainee" in suspend and "sort=-name" in suspend
    done = admin.post(suspend, data={"csrf_token": token, "active": "0"}, follow_redirects=False)
    assert done.status_code == 303
    back = urlsplit(done.headers["location"])
    assert back.path == "/users"
    assert parse_qs(back.query) == {
        "q": ["훈련"], "role": ["trainee"], "sort": ["-name"], "page": ["2"], "msg": ["user.updated"]
    }  # fmt: skip
    landed = admin.get(done.headers["location"])
    assert "51–100 / <strong>120명</strong>" in landed.text and 'role="status"' in landed.text
    # A re-drawn page (a new temporary password) shows the same list too.
    reset = next(a for a in actions if "/reset-password?" in a)
    issued = admin.post(reset, data={"csrf_token": token})
    assert issued.status_code == 200
    assert "51–100 / <strong>120명</strong>" in issued.text and 'value="trainee" selected' in issued.text
    # The way back is always the list itself, whatever else the action's address carries.
    user_id = suspend.split("/")[2]
    odd = admin.post(
        f"/users/{user_id}/active?next=https://evil.example/&role=trainee&msg=x",
        data={"csrf_token": token, "active": "1"},
        follow_redirects=False,
    )
    assert odd.headers["location"] == "/users?role=trainee&msg=user.updated"


def test_a_lease_decision_lands_on_the_operators_filtered_list(app: FastAPI, session: Session) -> None:
    from tests.factories.leases import make_lease, make_programme

    world = build_world(session, app)
    make_programme(session, app, app.state.clock.now().year)
    lease = make_lease(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    operator, token = signed_in_browser(app, session, world.operator)
    listed = operator.get(
        "/leases", params={"status": "requested", "institution_id": str(world.a.institution.id)}
    )
    actions = [html.unescape(a) for a in re.findall(r'<form method="post" action="([^"]+)"', listed.text)]
    approve = next(a for a in actions if a.startswith(f"/leases/{lease.id}/approve?"))
    assert "status=requested" in approve and f"institution_id={world.a.institution.id}" in approve
    done = operator.post(approve, data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    back = urlsplit(done.headers["location"])
    assert back.path == "/leases"
    assert parse_qs(back.query)["status"] == ["requested"] and parse_qs(back.query)["msg"] == [
        "lease.approved"
    ]


def test_enrolment_forms_land_on_the_roster_and_picker_as_they_were(app: FastAPI, session: Session) -> None:
    world = build_world(session, app)
    bulk_trainees(session, world.a.institution.id, "hanbit", 130)
    admin_user = world.a.users[Role.INSTITUTION_ADMIN]
    course = make_course(session, app, admin_user, capacity=1000)
    admin, csrf = signed_in_browser(app, session, admin_user)
    path = f"/courses/{course.id}/enrollments"
    state = {"cq": "이훈련", "cpage": "2", "q": "김훈련"}
    picker = admin.get(path, params=state)
    assert "51–100 / <strong>" in picker.text  # the picker's second page
    actions = [html.unescape(a) for a in re.findall(r'<form method="post" action="([^"]+)"', picker.text)]
    enrol = next(a for a in actions if a.startswith(f"{path}?"))
    ticked = re.findall(r'name="user_ids" value="([^"]+)"', picker.text)[:2]
    done = admin.post(enrol, data={"csrf_token": csrf, "user_ids": ticked}, follow_redirects=False)
    assert done.status_code == 303
    query = parse_qs(urlsplit(done.headers["location"]).query)
    assert query["cq"] == ["이훈련"] and query["cpage"] == ["2"] and query["q"] == ["김훈련"]
    assert query["msg"] == ["enrolment.done"] and query["count"] == ["2"]
    # A drop from the roster keeps both lists too.
    roster = admin.get(path, params={"q": "이훈련", "cq": "김"})
    drops = [
        html.unescape(a) for a in re.findall(r'<form method="post" action="([^"]+/drop[^"]*)"', roster.text)
    ]
    assert drops and all("q=%EC%9D%B4" in a and "cq=%EA%B9%80" in a for a in drops)
    dropped = admin.post(drops[0], data={"csrf_token": csrf, "reason": "개인 사정"}, follow_redirects=False)
    query = parse_qs(urlsplit(dropped.headers["location"]).query)
    assert query["q"] == ["이훈련"] and query["cq"] == ["김"] and query["msg"] == ["enrolment.dropped"]
    assert set(query) <= {"q", "cq", "sort", "msg"}  # the list's state, nothing of the form's
