"""Flash messages: what a successful form post says on the page it redirects to.

Post → redirect → get: a page action that succeeded answers 303 to the page it belongs to, so a
reload does not post again. The message travels either in the URL (`?msg=<key>&<params>`: short
keys whose parameters are plain words and numbers) or, when it carries more than fits a URL
(the holidays a recurring series skipped), in a signed cookie set by `flash_redirect`. The cookie
is HMAC-signed with the secret key (a browser cannot make the site say something), lives for a
minute, and is read once by `render`, which deletes it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

FLASH_COOKIE = "flash"
_MAX_COOKIE = 3600  # bytes: browsers keep 4 KiB per cookie, name and attributes included


def _sign(request: Request, body: bytes) -> str:
    key = hmac.new(request.app.state.settings.secret_key.encode(), b"flash", hashlib.sha256).digest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()[:32]


def flash_redirect(
    request: Request, url: str, key: str, *, data: dict[str, Any] | None = None, **params: Any
) -> Response:
    """303 to `url`, whose page shows message `key` with `params` and hands `data` to its template
    as `flash_data` (dropped, keeping the message, if it would not fit a cookie)."""
    response = RedirectResponse(url, status_code=303)
    payload: dict[str, Any] = {"key": key, "params": params, "data": data or {}}
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False, default=str).encode())
    if len(body) > _MAX_COOKIE:
        payload["data"] = {}
        body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False, default=str).encode())
    settings = request.app.state.settings
    response.set_cookie(
        FLASH_COOKIE,
        f"{body.decode()}.{_sign(request, body)}",
        max_age=60,
        httponly=True,
        samesite="lax",
        secure=settings.cookies_secure,
        path="/",
    )
    return response


def take_flash(request: Request) -> dict[str, Any] | None:
    """The flash cookie's message, if it is there and signed by this site."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw or "." not in raw:
        return None
    body, _, signature = raw.rpartition(".")
    if not hmac.compare_digest(signature, _sign(request, body.encode())):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(body.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("key"), str):
        return None
    return payload


def clear_flash(request: Request, response: Response) -> None:
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/")
