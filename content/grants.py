"""nginx grants: with X-Accel delivery from the local store, the app's answer also sets a short
cookie that lets nginx send the same viewer's next ranges of that video itself, checked with
nginx's stock `secure_link` module, without asking the app again.

A player asks for a range every few seconds; each X-Accel answer costs a proxy hop and the app's
work, more than nginx spends sending the megabyte (bench/streaming.py measures it). The grant
does not widen what the app allowed, nor for longer:
- it is issued only by an answer that passed the stream route's checks (or the fast path's
  cached grant of them), and lives no longer than that check is trusted (`grant_cache_seconds`,
  counted from the check), the same bound as the fast path's cache: a sign-out, an enrolment
  ending or a new version reach nginx within it;
- it names one content id (from the URL nginx matched), one stored object and the very
  credential that asked (the raw Authorization header and session cookie, as nginx sees them):
  a copied cookie is worthless without the credential, which already grants what it grants;
- it is an MD5 over those fields and a secret shared with nginx only
  (`CLASSROOM_CONTENT_ACCEL_GRANT_SECRET`; unset means no grants), which is what `secure_link`
  checks — the secret ends the text, so the signature cannot be extended;
- nginx uses it only for ranged GET/HEAD (a player's requests): a plain GET, a download,
  still goes through the app and gets its file name.
deploy/nginx/classroom.conf holds nginx's side; tests/content/test_nginx_grants.py runs both.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import Scope

from classroom.core.security import SESSION_COOKIE
from content.rules.magic import EXTENSIONS

COOKIE = "classroom_grant"
# Only objects of the local store's own key shape ({institution}/{content}/{version}) get one:
# nginx's map accepts exactly this shape, so no signed value can name another path.
_KEY = re.compile(r"^[0-9a-f-]{36}/[0-9a-f-]{36}/[0-9a-f-]{36}$")


def signature(
    expires: int, target: str, content_id: str, authorization: str, session: str, secret: str
) -> str:
    """What nginx's `secure_link_md5` computes over the same fields (base64url, unpadded)."""
    text = f"{expires}|{target}|{content_id}|{authorization}|{session}|{secret}"
    digest = hashlib.md5(text.encode("latin-1")).digest()  # secure_link knows no other hash
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def target(storage_key: str, media_type: str) -> str | None:
    """The object as the grant names it: its key and an extension nginx's `types` map to the
    media type (the stored object has no extension of its own)."""
    extension = EXTENSIONS.get(media_type)
    if extension is None or not _KEY.match(storage_key):
        return None
    return f"{storage_key}.{extension}"


def credentials(scope: Scope) -> tuple[str, str]:
    """The Authorization header and the session cookie as nginx's `$http_authorization` and
    `$cookie_classroom_session` read them: the first header, the first cookie of that name."""
    authorization = session = None
    for name, value in scope["headers"]:
        if name == b"authorization" and authorization is None:
            authorization = value.decode("latin-1")
        elif name == b"cookie" and session is None:
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                if key == SESSION_COOKIE:
                    session = val
                    break
    return authorization or "", session or ""


def cookie(
    scope: Scope,
    content_id: str,
    storage_key: str,
    media_type: str,
    *,
    expires: int,
    now: float,
    secret: str,
    secure: bool,
) -> bytes | None:
    """The Set-Cookie value for this request's grant, or None when none can be given (an
    object nginx cannot name, a grant about to lapse, or no credential at all)."""
    named = target(storage_key, media_type)
    authorization, session = credentials(scope)
    seconds = int(expires - now)
    if named is None or seconds < 2 or not (authorization or session):
        return None
    signed = signature(expires, named, content_id, authorization, session, secret)
    attributes = f"Max-Age={seconds}; Path=/api/v1/contents/{content_id}/stream; HttpOnly; SameSite=Strict"
    return f"{COOKIE}={expires}.{signed}.{named}; {attributes}{'; Secure' if secure else ''}".encode()
