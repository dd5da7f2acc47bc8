"""Roster headers as institutions write them; columns that are not imported are reported, and a
sample file (CSV and XLSX) is offered that imports as it is."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.roster import check_rows
from classroom.core.tenancy import Role
from tests.factories.accounts import make_institution, make_user, signed_in_browser


def _rows(lines: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [(number, cells) for number, cells in enumerate(lines, start=1)]


@pytest.mark.parametrize(
    "title",
    [
        "휴대폰번호",
        "휴대폰 번호",
        "휴대전화",
        "휴대전화번호",
        "전화번호",
        "연락처",
        "핸드폰",
        "Phone",
        "Mobile Phone",
    ],
)
def test_common_phone_headers_keep_the_number(title: str) -> None:
    checked = check_rows(
        "r.csv", _rows([["이름", "이메일", title], ["가", "ga@x.example", "010-1234-5678"]]), max_rows=10
    )
    assert checked.ok and checked.rows[0].phone == "010-1234-5678"
    assert checked.ignored == {}


def test_columns_that_are_not_imported_are_counted_for_the_uploader() -> None:
    checked = check_rows(
        "r.csv",
        _rows(
            [
                ["이름", "이메일", "주소", "생년월일", ""],
                ["가", "ga@x.example", "서울", "", ""],
                ["나", "na@x.example", "부산", "1999-01-01", "메모"],
            ]
        ),
        max_rows=10,
    )
    assert checked.ok and len(checked.rows) == 2
    assert checked.ignored == {"주소": 2, "생년월일": 1, "#5": 1}


def test_a_second_column_of_the_same_kind_is_reported_not_silently_dropped() -> None:
    checked = check_rows(
        "r.csv",
        _rows(
            [["이름", "이메일", "휴대폰", "전화번호"], ["가", "ga@x.example", "010-1111-2222", "02-123-4567"]]
        ),
        max_rows=10,
    )
    assert checked.rows[0].phone == "010-1111-2222" and checked.ignored == {"전화번호": 1}


def test_the_sample_files_import_as_they_are_and_ignored_columns_show_on_the_preview(
    app: FastAPI, session: Session
) -> None:
    institution, admin = make_institution(session, app)
    browser, token = signed_in_browser(app, session, admin)
    page = browser.get("/users")
    assert 'href="/users/import/sample.xlsx"' in page.text and 'href="/users/import/sample.csv"' in page.text
    for name, kind in (("sample.csv", "text/csv"), ("sample.xlsx", "spreadsheetml")):
        sample = browser.get(f"/users/import/{name}")
        assert sample.status_code == 200 and kind in sample.headers["content-type"]
        preview = browser.post(
            "/users/import",
            data={"csrf_token": token},
            files={"file": (name, sample.content, "application/octet-stream")},
        )
        assert preview.status_code == 200, preview.text
        assert "gildong@example.com" in preview.text and "010-1234-5678" in preview.text
        assert 'id="import-ignored"' not in preview.text
    extra = "이름,이메일,휴대폰번호,주소\n가,ga@x.example,010-1234-5678,서울\n".encode()
    shown = browser.post(
        "/users/import", data={"csrf_token": token}, files={"file": ("r.csv", extra, "text/csv")}
    )
    assert shown.status_code == 200 and 'id="import-ignored"' in shown.text and "주소 (값 1개)" in shown.text
    trainee = make_user(session, app, institution, Role.TRAINEE)
    other, _ = signed_in_browser(app, session, trainee)
    assert other.get("/users/import/sample.csv", follow_redirects=False).status_code in (403, 404)
