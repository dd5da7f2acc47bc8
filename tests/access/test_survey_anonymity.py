"""No route an instructor or an institution admin can call reveals what one trainee answered.

Six trainees answer the walker course's survey, each with a free comment carrying a marker of
its own. Then every HTTP route of the app that the role may call (the route walker's paths and
example bodies, each call undone) is called as that role on its own institution's objects, and
no answer contains any marker — spreadsheets are opened to look inside. The operator, who reads
comments once 5 trainees answered, finds them through the same machinery: the markers are
findable, so their absence means something.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time

import pytest

from classroom.core.clock import SEOUL
from classroom.core.permissions import ROLE_PERMISSIONS
from classroom.core.tenancy import Role
from tests.access.params_quality import _exam_course
from tests.access.routes import RouteInfo, app_routes
from tests.access.walk import Walk
from tests.access.walk import _call as call
from tests.factories.accounts import make_user, principal_of

pytestmark = pytest.mark.sqlite_only

MARKER = "익명표식"
ROUTES = [r for r in app_routes() if not r.websocket and not r.public]


def _answer_survey(app, session, world) -> None:  # type: ignore[no-untyped-def]
    from classroom.courses.enrolment import enrol
    from quality import surveys

    course = _exam_course(session, app, world, "a")
    admin = principal_of(world.a.users[Role.INSTITUTION_ADMIN])
    people = [world.a.users[Role.TRAINEE]] + [
        make_user(session, app, world.a.institution, Role.TRAINEE) for _ in range(5)
    ]
    enrol(session, app.state.clock, admin, course, user_ids=[p.id for p in people[1:]])
    clock = app.state.clock
    saved = clock.now()
    clock.set(datetime.combine(course.ends_on, time(18), tzinfo=SEOUL))
    try:
        for n, person in enumerate(people):
            ratings = [1 + (n + q) % 5 for q in range(5)]
            surveys.answer(session, clock, principal_of(person), course, ratings, f"{MARKER}-{n}: 건의합니다")
    finally:
        clock.set(saved)
    session.commit()


def _text(response) -> str:  # type: ignore[no-untyped-def]
    content = response.content
    if content[:4] == b"PK\x03\x04":  # a spreadsheet: look at every part of it
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


# Routes whose example objects cannot be built while the walker's course exists (the courses
# walker publishes a fresh draft whose lessons would double-book the course's instructor); they
# act on a new draft course, where there is no survey to show.
CANNOT_BUILD = {"POST /api/v1/courses/{course_id}/publish", "POST /courses/{course_id}/publish"}


def _calls(app, session, transaction, world, role: Role, routes: list[RouteInfo]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    seen = {}
    for route in routes:
        if route.key in CANNOT_BUILD:
            continue
        # The route's example objects and what the call did go again (a session of the block's own).
        with transaction.undone(), app.state.db.session() as inner:
            walk = Walk(app, inner, transaction, world, route)
            response = call(app, inner, route, walk.own_for(role), world.user(role), walk.body)
            inner.commit()
        seen[route.key] = _text(response)
    return seen


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.INSTITUTION_ADMIN])
def test_no_route_reveals_an_individual_answer(app, session, transaction, walker_world, role):
    _answer_survey(app, session, walker_world)
    allowed = [r for r in ROUTES if r.permission in ROLE_PERMISSIONS[role]]
    assert any("/survey/results" in r.path for r in allowed)  # the aggregate is among them
    seen = _calls(app, session, transaction, walker_world, role, allowed)
    leaking = sorted(key for key, text in seen.items() if MARKER in text)
    assert not leaking, f"routes showing individual answers to {role}: {leaking}"
    results = seen["GET /api/v1/courses/{course_id}/survey/results"]
    assert '"answers":6' in results and '"shown":true' in results  # they do see the aggregate


def test_the_markers_are_findable_where_they_may_be_read(app, session, transaction, walker_world):
    _answer_survey(app, session, walker_world)
    route = next(r for r in ROUTES if r.key == "GET /api/v1/courses/{course_id}/survey/results")
    seen = _calls(app, session, transaction, walker_world, Role.OPERATOR, [route])
    assert seen[route.key].count(MARKER) == 6
