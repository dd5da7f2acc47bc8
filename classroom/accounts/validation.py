"""Field rules shared by the user form, the API and the roster import (pure)."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$")


def normalize_email(value: str) -> str:
    return value.strip().lower()


def email_ok(value: str) -> bool:
    return len(value) <= 254 and bool(_EMAIL.match(value))


def normalize_card(value: str | None) -> str | None:
    """Cards are printed in groups ("1234-5678-..."), stored as 16 bare digits."""
    if value is None:
        return None
    digits = re.sub(r"[\s-]", "", str(value))
    return digits or None


def card_ok(value: str | None) -> bool:
    return value is None or (len(value) == 16 and value.isdigit())


def normalize_phone(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = re.sub(r"[\s.]", "", str(value))
    return cleaned or None


def phone_ok(value: str | None) -> bool:
    return value is None or bool(_PHONE.match(value))


def normalize_code(value: str | None) -> str:
    return (value or "").strip().lower()


def code_ok(value: str) -> bool:
    return bool(_CODE.match(value))
