"""Business registration numbers: ten digits with the official check digit."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from classroom.core.tenancy import Role
from classroom.institutions.business_number import check_digit, normalize_business_number
from tests.factories.accounts import bearer, make_user, signed_in_browser

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("1248100998", "124-81-00998"),  # a published example (Samsung Electronics)
        ("124-81-00998", "124-81-00998"),
        ("220-81-62517", "220-81-62517"),  # a published example (Naver)
        (" 220 81 62517 ", "220-81-62517"),
    ],
)
def test_real_numbers_are_accepted_and_stored_3_2_5(text: str, stored: str) -> None:
    assert normalize_business_number(text) == stored


@pytest.mark.parametrize(
    "text", ["123", "", "124-81-00997", "12481009981", "124-81-0099a", "１２４８１００９９８"]
)
def test_wrong_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="digit"):
        normalize_business_number(text)


@given(nine_digits)
def test_exactly_one_last_digit_fits_any_first_nine(first: str) -> None:
    fitting = [d for d in "0123456789" if _accepted(first + d)]
    assert fitting == [str(check_digit(first))]


def _accepted(text: str) -> bool:
    try:
        normalize_business_number(text)
    except ValueError:
        return False
    return True


@given(nine_digits, st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=9))
def test_a_single_mistyped_digit_in_the_first_eight_is_caught(first: str, position: int, delta: int) -> None:
    # Weights 1, 3 and 7 are prime to 10: any single-digit slip there changes the sum mod 10.
    number = first + str(check_digit(first))
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not _accepted(wrong)


def test_the_api_and_the_page_refuse_a_wrong_number_naming_the_field(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    operator = make_user(session, app, None, Role.OPERATOR)
    api = client.post(
        "/api/v1/institutions",
        headers=bearer(session, app, operator),
        json={
            "code": "daehan",
            "name": "대한",
            "admin_email": "a@b.example",
            "admin_name": "가",
            "business_number": "123",
        },
    )
    assert api.status_code == 422 and api.json()["errors"][0]["field"] == "business_number"
    browser, token = signed_in_browser(app, session, operator)
    page = browser.post(
        "/institutions",
        data={
            "csrf_token": token,
            "name": "대한IT교육원",
            "code": "daehan",
            "admin_name": "장관리",
            "admin_email": "boss@daehan.example",
            "business_number": "124-81-00997",
        },
    )
    assert page.status_code == 422
    assert 'id="error-business_number"' in page.text and "검증번호" in page.text
    assert 'value="124-81-00997"' in page.text and 'value="대한IT교육원"' in page.text
    made = browser.post(
        "/institutions",
        data={
            "csrf_token": token,
            "name": "대한IT교육원",
            "code": "daehan",
            "admin_name": "장관리",
            "admin_email": "boss@daehan.example",
            "business_number": "1248100998",
        },
    )
    assert made.status_code == 201 and "124-81-00998" in made.text
