"""The OpenAPI document tells the truth about errors and formats (core.openapi)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.courses.test_calendar import scene  # noqa: F401  (a fixture: a week with three lessons)
from tests.factories.accounts import bearer

PROBLEM = {"$ref": "#/components/schemas/Problem"}


# Protocol answers without a body: a range beyond the end is 416 with only Content-Range.
BODILESS = {("/api/v1/contents/{content_id}/stream", "416")}


def test_every_operation_documents_its_error_statuses_as_problem_json(
    app: FastAPI, client: TestClient
) -> None:
    schema = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    assert "Problem" in schema["components"]["schemas"]
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) > 40
    for path, method, operation in operations:
        responses = operation["responses"]
        assert (
            "503" in responses and "Retry-After" in responses["503"].get("headers", {})
        ) or path == "/healthz"
        for status, response in responses.items():
            if (path, status) in BODILESS:
                assert response["content"] == {}, (path, status)
                continue
            if status.startswith(("4", "5")) and path != "/healthz":
                assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, (
                    path,
                    status,
                )
        if "{" in path:
            assert {"404", "422"} <= responses.keys(), (method, path)
        if path not in ("/healthz", "/api/v1/auth/token") and not path.startswith("/calendar/"):
            assert {"401", "403"} <= responses.keys(), (method, path)
        if method in ("post", "put", "patch", "delete"):
            assert "409" in responses, (method, path)
    token = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"401", "429"} <= token.keys() and "403" not in token


def test_local_times_match_their_declared_format(
    app: FastAPI,
    session: Session,
    client: TestClient,
    scene: tuple,  # type: ignore[type-arg]  # noqa: F811
) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    declared = schema["CalendarEntryOut"]["properties"]["local_start"]
    assert declared["type"] == "string" and "format" not in declared
    pattern = re.compile(declared["pattern"])
    trainee = scene[3]
    body = client.get("/api/v1/calendar", headers=bearer(session, app, trainee)).json()
    assert len(body["entries"]) == 3
    for entry in body["entries"]:
        assert pattern.fullmatch(entry["local_start"]) and pattern.fullmatch(entry["local_end"])


SUFFIX_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ics": "text/calendar",
}


def test_file_downloads_document_the_type_they_send(client: TestClient) -> None:
    # A download documented as JSON makes generated clients parse a spreadsheet as JSON.
    schema = client.get("/openapi.json").json()
    downloads = [
        (path, operation)
        for path, ops in schema["paths"].items()
        if path.endswith(tuple(SUFFIX_TYPES))
        for operation in ops.values()
    ]
    assert len(downloads) >= 6
    for path, operation in downloads:
        suffix = path[path.rindex(".") :]
        ok = next(status for status in operation["responses"] if status.startswith("2"))
        assert list(operation["responses"][ok]["content"]) == [SUFFIX_TYPES[suffix]], path
