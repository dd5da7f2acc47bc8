"""The password policy (accounts/rules/passwords.py): boundaries, the list, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.accounts.passwords import temporary_password
from classroom.accounts.rules.passwords import (
    COMMON,
    CONTROL,
    MAX_LENGTH,
    MIN_LENGTH,
    PERSONAL,
    TOO_LONG,
    TOO_SHORT,
    TOO_SIMPLE,
    common_passwords,
    password_problem,
)
from classroom.demo import DEMO_PASSWORD
from tests.factories.accounts import PASSWORD


def test_length_boundaries() -> None:
    assert password_problem("k" * 3 + "x7-q" + "z" * (MIN_LENGTH - 8)) == TOO_SHORT  # 9 characters
    assert password_problem("kx7-qz" + "w" * (MIN_LENGTH - 6)) is None  # exactly 10
    assert password_problem("kx7-q" * (MAX_LENGTH // 5)) is None  # exactly 200
    assert password_problem("kx7-q" * (MAX_LENGTH // 5) + "z") == TOO_LONG


@pytest.mark.parametrize("char", ["\x00", "\n", "\t", "\x7f", "\u200b", "\u202e"])
def test_control_and_invisible_characters_are_refused(char: str) -> None:
    assert password_problem(f"river{char}stone-84") == CONTROL


@pytest.mark.parametrize(
    "password", ["01012345678", "2026040612", "aaaaaaaaaaaa", "abababababab", "abcabcabcabc"]
)
def test_digits_only_or_few_characters_are_too_simple(password: str) -> None:
    assert password_problem(password) == TOO_SIMPLE


@pytest.mark.parametrize(
    "password", ["password123", "Password2026!", "qwerty123456", "!!Iloveyou!!", "1q2w3e4r5t", "Dragon-2026"]
)
def test_common_passwords_and_their_decorations_are_refused(password: str) -> None:
    assert password_problem(password) == COMMON


def test_the_list_is_bundled_small_and_lower_case() -> None:
    words = common_passwords()
    assert 5000 <= len(words) <= 7000
    assert all(word == word.lower() and len(word) >= 4 for word in words)


@pytest.mark.parametrize(
    ("password", "email", "name"),
    [
        ("jiwoo-spring-26", "jiwoo@hanbit.example", None),
        ("my.choi.secret", "jiwoo.choi@hanbit.example", None),
        ("최지우사랑해2026", None, "최지우"),
        ("Kim Minjae 2026!", None, "Kim Minjae"),
    ],
)
def test_passwords_derived_from_the_account_are_refused(
    password: str, email: str | None, name: str | None
) -> None:
    assert password_problem(password, email=email, name=name) == PERSONAL


def test_short_parts_of_an_address_do_not_count() -> None:
    """ "op@step.example" must not forbid every password containing "op"."""
    assert password_problem("op-pass-2026", email="op@step.example", name="정운영") is None


def test_the_demo_and_test_passwords_pass() -> None:
    for email in ("admin@hanbit.example", "jiwoo@hanbit.example", "operator@step.example"):
        assert password_problem(DEMO_PASSWORD, email=email, name="김관리") is None
        assert password_problem(PASSWORD, email=email, name="김관리") is None


@given(st.emails(), st.text(min_size=1, max_size=20))
def test_generated_temporary_passwords_always_pass(email: str, name: str) -> None:
    password = temporary_password(email=email, name=name)
    assert len(password) == 12 and password_problem(password, email=email, name=name) is None


@given(st.text(max_size=MIN_LENGTH - 1))
def test_anything_shorter_than_the_minimum_is_refused(password: str) -> None:
    assert password_problem(password) in (TOO_SHORT, CONTROL)


@given(st.text(min_size=MIN_LENGTH, max_size=40))
def test_a_password_with_a_control_character_is_always_refused(prefix: str) -> None:
    assert password_problem(prefix + "\x01") == CONTROL
