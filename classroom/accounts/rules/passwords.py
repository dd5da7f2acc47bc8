"""Password policy (pure): what a new password must not be.

Following NIST SP 800-63B rather than composition rules: long enough, not on a list of
passwords people commonly choose, not derived from the account's own e-mail or name, and no
control characters (they cannot be typed back reliably and break storage and logs). Checked
for every password a person or a roster file chooses; generated passwords pass it too.

The list (`common_passwords.txt`, ~6,000 entries, lower case) is the first 5,000 entries of at
least four characters, plus every entry of ten or more characters among the first 30,000, of
the "passwords" frequency list shipped with zxcvbn 4.5.0 (MIT licence, © 2016 Daniel Wolf;
the list itself derives from Mark Burnett's 10 million password corpus, which he released into
the public domain). Only printable ASCII entries were kept.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

MIN_LENGTH = 10
MAX_LENGTH = 200
# Parts shorter than this are too likely to appear by chance in an unrelated password.
MIN_PERSONAL_PART = 3
_EDGE = "0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ "

TOO_SHORT = "password.too_short"
TOO_LONG = "password.too_long"
CONTROL = "password.control_character"
TOO_SIMPLE = "password.too_simple"
PERSONAL = "password.personal"
COMMON = "password.common"


@functools.cache
def common_passwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _core(folded: str) -> str:
    """The word inside decorations people add to meet rules: "Password2026!" → "password"."""
    return folded.strip(_EDGE)


def _personal_parts(email: str | None, name: str | None) -> list[str]:
    parts = []
    if email:
        local = _fold(email).split("@", 1)[0]
        parts.append(local)
        parts.extend(piece for piece in local.replace("_", ".").replace("-", ".").split(".") if piece)
    if name:
        folded = _fold(name)
        parts.append("".join(folded.split()))
        parts.extend(folded.split())
    return [p for p in dict.fromkeys(parts) if len(p) >= MIN_PERSONAL_PART]


def has_control_characters(text: str) -> bool:
    """Control (Cc), format (Cf: zero-width, direction marks) and surrogate (Cs) characters."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in text)


def password_problem(password: str, *, email: str | None = None, name: str | None = None) -> str | None:
    """The message key of the first rule `password` breaks, or None when it may be used."""
    if has_control_characters(password):
        return CONTROL
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    folded = _fold(password)
    if folded.isdigit() or len(set(folded)) < 4:
        return TOO_SIMPLE  # a phone number or a date; "aaaaaaaaaa", "abababab12"
    if any(part in folded for part in _personal_parts(email, name)):
        return PERSONAL
    common = common_passwords()
    core = _core(folded)
    if folded in common or (len(core) >= 4 and core in common):
        return COMMON
    return None
