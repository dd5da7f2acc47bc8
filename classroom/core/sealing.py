"""Sealed boxes: short-lived secrets kept in the database encrypted (AES-256-GCM, pycryptodome).

Used where the service must hold something secret for a while without being able to show it
to anyone who reads the database: a roster's rows between preview and import (they may carry
initial passwords), and the temporary passwords of imported accounts until their one download.
The key is derived from `CLASSROOM_SECRET_KEY` per purpose, so a database dump or backup alone
reveals nothing; each box is bound to the row it belongs to (associated data), so a box copied
onto another row does not open. Changing the secret key makes open boxes unreadable, which the
callers treat as "gone".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from Crypto.Cipher import AES

_VERSION = b"\x01"
_NONCE = 12
_TAG = 16


class SealBroken(Exception):
    """The box was tampered with, belongs to another row, or the secret key changed."""


class Sealer:
    def __init__(self, secret_key: str, purpose: str) -> None:
        self._key = hmac.new(secret_key.encode(), f"seal:{purpose}".encode(), hashlib.sha256).digest()

    def seal(self, value: Any, *, bound_to: str) -> bytes:
        """JSON-able `value` → version | nonce | tag | ciphertext."""
        nonce = secrets.token_bytes(_NONCE)
        cipher = AES.new(self._key, AES.MODE_GCM, nonce=nonce, mac_len=_TAG)
        cipher.update(bound_to.encode())
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        ciphertext, tag = cipher.encrypt_and_digest(text)
        return _VERSION + nonce + tag + ciphertext

    def open(self, box: bytes, *, bound_to: str) -> Any:
        if len(box) < 1 + _NONCE + _TAG or box[:1] != _VERSION:
            raise SealBroken()
        nonce, tag, ciphertext = (
            box[1 : 1 + _NONCE],
            box[1 + _NONCE : 1 + _NONCE + _TAG],
            box[1 + _NONCE + _TAG :],
        )
        cipher = AES.new(self._key, AES.MODE_GCM, nonce=nonce, mac_len=_TAG)
        cipher.update(bound_to.encode())
        try:
            text = cipher.decrypt_and_verify(ciphertext, tag)
        except ValueError as exc:
            raise SealBroken() from exc
        return json.loads(text)
