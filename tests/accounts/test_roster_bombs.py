"""Hostile roster files neither grow memory nor freeze the server, and answer a clear 4xx.

Memory is measured with tracemalloc around the parse (the part of a request that reads the
file); the bound is far below what the old reader took (2.4 GB for the dimension bomb)."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.accounts.roster import check_rows
from classroom.accounts.roster_files import read_rows
from classroom.core.errors import ClassroomError
from tests.accounts.bombs import dimension_bomb, empty_rows, zip_bomb
from tests.factories.accounts import bearer, make_institution

MAX_ROWS = 5000
PEAK_LIMIT = 40 * 1024 * 1024


def _parse(name: str, data: bytes) -> tuple[object, int, float]:
    """(the preview or the refusal, peak bytes, seconds)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome: object = check_rows(name, read_rows(name, data, max_rows=MAX_ROWS), max_rows=MAX_ROWS)
    except ClassroomError as exc:
        outcome = exc
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return outcome, peak, elapsed


def test_the_dimension_bomb_is_refused_after_a_bounded_read() -> None:
    """The sheet claims A1:XFD1048576 and has a row at the bottom: the reader neither pads to
    the claimed width nor walks to the last row."""
    data = dimension_bomb()
    assert len(data) < 10_000
    outcome, peak, elapsed = _parse("bomb.xlsx", data)
    assert isinstance(outcome, ClassroomError) and outcome.code == "roster_too_many_rows"
    assert peak < PEAK_LIMIT and elapsed < 10


def test_a_dimension_that_lies_is_ignored() -> None:
    """The same claim with only two real rows: the one trainee is read, nothing is padded."""
    outcome, peak, elapsed = _parse("bomb.xlsx", dimension_bomb(last_row=False))
    assert not isinstance(outcome, ClassroomError), outcome
    assert [r.email for r in outcome.rows] == ["jiwoo@mail.example"]  # type: ignore[attr-defined]
    assert peak < PEAK_LIMIT and elapsed < 10


def test_a_million_empty_rows_are_refused_without_reading_them() -> None:
    """~6 MB of XML packed into a few KB: the archive check refuses it before parsing."""
    data = empty_rows()
    assert len(data) < 100_000
    outcome, peak, elapsed = _parse("rows.xlsx", data)
    assert isinstance(outcome, ClassroomError) and outcome.code == "roster_too_large_inflated"
    assert peak < PEAK_LIMIT and elapsed < 5


def test_empty_rows_that_pass_the_archive_check_stop_at_the_row_limit() -> None:
    """100,000 empty rows (600 KB of XML, too small for the ratio check) are streamed and the
    reading stops after the header, 5,000 trainees' worth and as many blank lines."""
    outcome, peak, elapsed = _parse("rows.xlsx", empty_rows(100_000))
    assert isinstance(outcome, ClassroomError) and outcome.code == "roster_too_many_rows"
    assert peak < PEAK_LIMIT and elapsed < 10


def test_a_zip_bomb_is_refused_before_anything_is_inflated() -> None:
    data = zip_bomb()
    outcome, peak, elapsed = _parse("bomb.xlsx", data)
    assert isinstance(outcome, ClassroomError) and outcome.code == "roster_too_large_inflated"
    assert peak < 5 * 1024 * 1024 and elapsed < 2


@pytest.mark.parametrize(
    ("name", "build", "status", "code"),
    [
        ("dimension.xlsx", dimension_bomb, 422, "roster_too_many_rows"),
        ("lying.xlsx", lambda: dimension_bomb(last_row=False), 202, None),
        ("rows.xlsx", lambda: empty_rows(), 422, "roster_too_large_inflated"),
        ("rows100k.xlsx", lambda: empty_rows(100_000), 422, "roster_too_many_rows"),
        ("zip.xlsx", zip_bomb, 422, "roster_too_large_inflated"),
        ("nul.csv", lambda: "이름,이메일\n최지우,ji\x00woo@mail.example\n".encode(), 422, "roster_bad_csv"),
        ("quote.csv", lambda: '이름,이메일\n"최지우,jiwoo@mail.example\n'.encode(), 422, "roster_bad_csv"),
        (
            "long.csv",
            lambda: ("이름,이메일\n" + "가" * 20_000 + ",a@b.example\n").encode(),
            422,
            "roster_bad_csv",
        ),
        ("huge.csv", lambda: b"a" * (3 * 1024 * 1024), 413, "too_large"),
    ],
)
def test_hostile_uploads_answer_a_clear_refusal(
    app: FastAPI,
    session: Session,
    client: TestClient,
    name: str,
    build: Callable[[], bytes],
    status: int,
    code: str | None,
) -> None:
    _, admin = make_institution(session, app)
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        files={"file": (name, build(), "application/octet-stream")},
    )
    assert response.status_code == status, response.text
    if code:
        assert response.json()["code"] == code
    app.state.queue.huey.flush()


def test_a_bare_carriage_return_is_a_line_break(app: FastAPI, session: Session, client: TestClient) -> None:
    """Old Mac Excel ends lines with a bare CR: read as lines, not a 500."""
    _, admin = make_institution(session, app)
    data = "이름,이메일\r최지우,jiwoo@mail.example\r한예린,yerin@mail.example\r".encode()
    response = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        params={"preview": "true"},
        files={"file": ("mac.csv", data, "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == 2
    inside = '이름,이메일\n"최\r지우",jiwoo@mail.example\n'.encode()
    refused = client.post(
        "/api/v1/users/import",
        headers=bearer(session, app, admin),
        files={"file": ("cr.csv", inside, "text/csv")},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["row"] == 2  # a control character in a name
