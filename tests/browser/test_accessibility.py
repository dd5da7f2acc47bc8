"""axe-core over every page of every demo role, at 1366×900 and 390×844: no serious or critical
violation.

Each role signs in once; its pages are found by following the links of its pages (navigation,
home panels, lists → detail pages) breadth-first from /home, one page per path shape (the first
course, the first lesson…), so a new page reachable from the navigation is checked without
editing this file. axe (vendored, `classroom/web/static/vendor/axe-core/`) is injected by the
test from the app's own origin, so the pages' content security policy holds while it runs.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from classroom.core.clock import FrozenClock
from classroom.demo import DEMO_PASSWORD
from tests.browser.helpers import fresh_live_lesson

pytestmark = pytest.mark.browser

AXE_URL = "/static/vendor/axe-core/axe.min.js"
SIZES = ((1366, 900), (390, 844))
ROLES = (
    ("operator", None, "operator@step.example"),
    ("inspector", None, "inspector@step.example"),
    ("institution_admin", "hanbit", "admin@hanbit.example"),
    ("instructor", "hanbit", "teacher@hanbit.example"),
    ("supervisor", "hanbit", "mentor@hanbit.example"),
    ("trainee", "hanbit", "jiwoo@hanbit.example"),
)
# Pages no link leads to but people open: the month view, the error page.
EXTRA = ("/calendar?view=month", "/no-such-page")
# Downloads, sign-out and the API are not pages.
NOT_A_PAGE = re.compile(
    r"(\.(csv|xlsx|ics|pdf|json|mp4|webm|png|zip)$)|/export|/download|/files?/|/logout|^/api/|^/static/"
)
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=/)\d+(?=/|$)")
# Pages reached by a form or a script rather than a link (the exam and survey forms, the QR
# display, the instructor's library): tried for the first course and live lesson found, and
# checked when the role may open them.
BESIDE = {
    re.compile(r"^/courses/[0-9a-f-]{36}$"): ("/contents", "/exam", "/survey", "/assessment"),
    re.compile(r"^/lessons/[0-9a-f-]{36}/live$"): ("/../attendance",),
}
MAX_PAGES = 60  # per role: a guard against a crawl that runs away

FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 6).map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                                       summary: (n.failureSummary || "").slice(0, 300)}))}));
}"""


def _shape(path: str) -> str:
    """One key per kind of page: ids replaced; the month calendar apart from the week."""
    bare, _, query = path.partition("?")
    return ID.sub("{id}", bare) + ("?view=month" if "view=month" in query else "")


def _check(page: Any, where: str, found: list[str]) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    for violation in page.evaluate(RUN_AXE):
        nodes = "\n".join(
            f"      {n['target']}: {n['html']}\n        {n['summary']}" for n in violation["nodes"]
        )
        found.append(f"{where}: [{violation['impact']}] {violation['id']} — {violation['help']}\n{nodes}")


def _links(page: Any, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not NOT_A_PAGE.search(parts.path):
            paths.append(path)
    return paths


def _login(page: Any, url: str, code: str | None, email: str) -> None:
    page.goto(f"{url}/login")
    if code:
        page.fill("input[name=institution]", code)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{url}/home")


def _beside(path: str) -> list[str]:
    for pattern, suffixes in BESIDE.items():
        if pattern.match(path):
            return [(path.rsplit("/", 1)[0] + s[3:]) if s.startswith("/../") else path + s for s in suffixes]
    return []


def _visit_and_check(
    page: Any, url: str, path: str, found: list[str], seen: set[str], *, menu: bool = False
) -> bool:
    """Check one page at both sizes; False when it is not an HTML page the role may open or
    when it redirected to a page already checked."""
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    try:
        response = page.goto(url + path, wait_until="load")
    except Exception as error:  # Playwright's Error
        if "Download is starting" in str(error):  # a file (evidence, export) behind a plain link
            return False
        raise
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return False
    if response.status >= 400 and path not in EXTRA:
        return False
    parts = urlsplit(page.url)
    landed = _shape(f"{parts.path}?{parts.query}")
    if landed != _shape(path) and landed in seen:
        return False
    seen.add(landed)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(FRAMES)  # the page's resize handlers have run
        _check(page, f"{path} at {width}×{height}", found)
    if menu:  # the phone's menu, opened
        page.click("#menu-button")
        _check(page, f"{path} at 390×844 with the menu open", found)
    return True


def test_the_sign_in_pages_have_no_serious_violations(browser, live_server):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    found: list[str] = []
    try:
        for path in ("/login", "/i/hanbit/login"):
            _visit_and_check(page, live_server.url, path, found, set())
    finally:
        context.close()
    assert not found, "axe found serious or critical violations:\n" + "\n".join(found)


@pytest.mark.parametrize(("role", "code", "email"), ROLES, ids=[r[0] for r in ROLES])
def test_every_page_of_the_role_has_no_serious_violations(browser, live_server, role, code, email):
    url = live_server.url
    context = browser.new_context(locale="ko-KR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    found: list[str] = []
    checked: list[str] = []
    try:
        _login(page, url, code, email)
        queue = deque(["/home", *EXTRA])
        shapes: set[str] = set()  # kinds of page checked
        refused: dict[str, int] = {}  # kinds of page this role could not open, and how often
        while queue and len(checked) < MAX_PAGES:
            path = queue.popleft()
            shape = _shape(path)
            if shape in shapes or refused.get(shape, 0) >= 3:
                # Another course, lesson…: its forms' pages may open where the first one's did
                # not (the instructor's own course, a course with an exam).
                queue.extend(p for p in _beside(path) if p not in queue)
                continue
            if not _visit_and_check(page, url, path, found, shapes, menu=path == "/home"):
                refused[shape] = refused.get(shape, 0) + 1
                continue
            shapes.add(shape)
            checked.append(path)
            queue.extend(p for p in [*_links(page, url), *_beside(path)] if p not in queue)
    finally:
        context.close()
    assert len(checked) >= 5, f"{role}: only {checked} were reachable"
    assert not found, (
        f"{role}: axe found serious or critical violations on {len(found)} page(s)/size(s) "
        f"(checked {len(checked)} pages: {', '.join(checked)}):\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("email", "mic", "mic_disabled"),
    [
        ("teacher@hanbit.example", "마이크 켜기", False),  # the instructor starts muted
        ("jiwoo@hanbit.example", "발언권을 받으면 말할 수 있습니다 (손들기)", True),  # until given the floor
    ],
    ids=["instructor", "trainee"],
)
def test_the_live_rooms_camera_and_microphone_buttons_start_with_their_state(
    browser, live_server, email, mic, mic_disabled
):
    # A live lesson of its own, with the server's clock inside it: the browser tests share one
    # server, and a test that moves its clock past the demo lesson of today lets the room end it.
    lesson = fresh_live_lesson(live_server)
    real_clock = live_server.app.state.clock
    live_server.app.state.clock = FrozenClock(lesson.starts_at + timedelta(minutes=5))
    context = browser.new_context(locale="ko-KR")
    try:
        page = context.new_page()
        _login(page, live_server.url, "hanbit", email)
        page.goto(f"{live_server.url}/lessons/{lesson.id}/live")
        camera, microphone = page.locator("#media-camera-toggle"), page.locator("#media-mic-toggle")
        assert camera.text_content() == "카메라 끄기"  # the camera starts on
        assert microphone.text_content() == mic and microphone.is_disabled() is mic_disabled
    finally:
        context.close()
        live_server.app.state.clock = real_clock
