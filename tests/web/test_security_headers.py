"""Security headers on every response, and templates that a strict CSP does not break."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.headers import CONTENT_SECURITY_POLICY
from classroom.core.tenancy import Role
from classroom.web.templating import STATIC_DIR
from tests.factories.accounts import bearer, make_institution, make_user, signed_in_browser

TEMPLATES = Path(STATIC_DIR).parent / "templates"


def _assert_hardened(response) -> None:  # type: ignore[no-untyped-def]
    csp = response.headers["content-security-policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_pages_api_errors_and_static_files_all_carry_the_headers(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    browser, _ = signed_in_browser(app, session, admin)
    signed_in_page = browser.get("/")
    api = client.get("/api/v1/me", headers=bearer(session, app, admin))
    for response in (
        client.get("/login"),
        signed_in_page,
        api,
        client.get("/api/v1/me"),  # 401
        client.get("/no-such-page"),  # 404 page
        client.get("/static/app.css"),
        client.get("/openapi.json"),
        client.get("/healthz"),
    ):
        _assert_hardened(response)
    assert signed_in_page.status_code == 200 and signed_in_page.headers["cache-control"] == "no-store"
    assert api.status_code == 200 and api.headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")


def test_a_route_keeps_its_own_cache_policy(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    feed = client.post("/api/v1/calendar/feed", headers=bearer(session, app, trainee))
    assert feed.status_code == 200
    ics = client.get(feed.json()["url"].replace(app.state.settings.base_url, ""))
    assert ics.status_code == 200
    assert ics.headers["cache-control"] == "private, max-age=300"
    _assert_hardened(ics)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_have_no_inline_script_handlers_or_style_elements(template: Path) -> None:
    """The CSP refuses them: behaviour goes in /static files, data in data- attributes."""
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script> (give it a src under /static)"
    assert not EVENT_HANDLER.search(text), "an on* handler attribute (bind it in a /static script)"
    assert not JAVASCRIPT_URL.search(text), "a javascript: URL"
    assert not STYLE_ELEMENT.search(text), "a <style> element (put the rules in a /static stylesheet)"
