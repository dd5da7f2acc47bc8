"""Rotating QR check-in codes and the short-lived scan tickets that follow them (pure: HMAC only).

A code names one lesson and one time window of `rotate` seconds (window = ⌊epoch / rotate⌋); it
is signed, so it cannot be made up or moved to another lesson. It is accepted during its own
window and for `grace` seconds after (a phone that scanned just before the code changed).
A code of a later window than now is refused like a forged one: the display page never shows
one. Opening the code's address gives the trainee a ticket (signed: user, lesson, window, the
moment of scanning, a nonce) that the confirming tap sends back within `TICKET_SECONDS`; the
nonce is the idempotency key of the tap, so a retried request records once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from enum import StrEnum

TICKET_SECONDS = 120
_MAC_BYTES = 10


class CodeProblem(StrEnum):
    MALFORMED = "malformed"  # not a code of ours (bad signature or shape)
    EXPIRED = "expired"
    FUTURE = "future"


def _mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def window_of(epoch_seconds: float, rotate: int) -> int:
    return int(epoch_seconds // rotate)


def make_code(key: bytes, lesson_id: uuid.UUID, window: int) -> str:
    body = b"Q" + lesson_id.bytes + window.to_bytes(6, "big")
    return _b64(body + _mac(key, body))


@dataclass(frozen=True)
class Code:
    lesson_id: uuid.UUID
    window: int

    def expires_at(self, rotate: int) -> int:
        """Epoch second at which the code stops being the current one (grace not included)."""
        return (self.window + 1) * rotate


def read_code(key: bytes, text: str) -> Code | None:
    try:
        raw = _unb64(text)
    except (ValueError, TypeError):
        return None
    if len(raw) != 1 + 16 + 6 + _MAC_BYTES or raw[:1] != b"Q":
        return None
    body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(key, body)):
        return None
    return Code(uuid.UUID(bytes=body[1:17]), int.from_bytes(body[17:23], "big"))


def check_code(code: Code, epoch_seconds: float, rotate: int, grace: int) -> CodeProblem | None:
    now_window = window_of(epoch_seconds, rotate)
    if code.window > now_window:
        return CodeProblem.FUTURE
    if epoch_seconds > code.expires_at(rotate) + grace:
        return CodeProblem.EXPIRED
    return None


def seconds_late(code: Code, epoch_seconds: float, rotate: int) -> float:
    """How long after the code stopped being current it was used (0 while current)."""
    return max(0.0, epoch_seconds - code.expires_at(rotate))


@dataclass(frozen=True)
class Ticket:
    user_id: uuid.UUID
    lesson_id: uuid.UUID
    window: int
    scanned_at: int  # epoch seconds
    nonce: str


def make_ticket(key: bytes, ticket: Ticket) -> str:
    body = b"T" + ticket.user_id.bytes + ticket.lesson_id.bytes
    body += ticket.window.to_bytes(6, "big") + ticket.scanned_at.to_bytes(6, "big")
    body += ticket.nonce.encode()
    return _b64(body + _mac(key, body))


def read_ticket(key: bytes, text: str, epoch_seconds: float) -> Ticket | None:
    """The ticket if it is ours and at most TICKET_SECONDS old; None otherwise."""
    try:
        raw = _unb64(text)
    except (ValueError, TypeError):
        return None
    if len(raw) <= 1 + 32 + 12 + _MAC_BYTES or raw[:1] != b"T":
        return None
    body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if not hmac.compare_digest(mac, _mac(key, body)):
        return None
    scanned = int.from_bytes(body[39:45], "big")
    if not 0 <= epoch_seconds - scanned <= TICKET_SECONDS:
        return None
    try:
        nonce = body[45:].decode()
    except UnicodeDecodeError:
        return None
    return Ticket(
        uuid.UUID(bytes=body[1:17]),
        uuid.UUID(bytes=body[17:33]),
        int.from_bytes(body[33:39], "big"),
        scanned,
        nonce,
    )
