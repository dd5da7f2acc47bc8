from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from classroom.core.settings import DEV_SECRET, Settings


def test_healthz_reports_database_and_storage(app: FastAPI, client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "storage": True}


def test_healthz_degrades_when_storage_is_unreachable(
    app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.store, "ping", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["storage"] is False


def test_unknown_api_route_is_problem_json_in_korean(app: FastAPI, client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "없는 주소입니다."


def test_validation_error_lists_fields_in_english(app: FastAPI, client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", data={}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"username", "password"} <= fields
    assert response.json()["detail"] == "Please check the input."


@pytest.mark.parametrize("environment", ["production", "test"])
def test_default_secret_refused_outside_development(environment: str) -> None:
    with pytest.raises(ValidationError, match=f"must be set to a private value in {environment}"):
        Settings(environment=environment, secret_key=DEV_SECRET)
    assert Settings(environment="development").secret_key == DEV_SECRET
    assert Settings(environment="production", secret_key="a-real-secret-value-123").secret_key


def test_short_secret_refused() -> None:
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(secret_key="short")
