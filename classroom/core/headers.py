"""Security headers on every response (pure ASGI middleware).

- Content-Security-Policy: scripts, styles, images, media and connections from this origin only;
  no inline script (templates pass data in data- attributes, behaviour lives in /static files);
  inline style *attributes* stay allowed (`style-src-attr`) for the bars and colour dots drawn
  from data, while `<style>` elements must come from /static; no framing (`frame-ancestors
  'none'`), no plugins, forms post only here.
- X-Content-Type-Options: nosniff; Referrer-Policy: same-origin (a secret address — an iCal
  feed, a check-in link — never leaves in a Referer); X-Frame-Options for older browsers.
- Cache-Control: no-store on everything but /static, unless the route chose its own policy
  (e.g. the iCal feed): signed-in pages and API answers never sit in a shared or back-button
  cache.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

ALWAYS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
NO_STORE = (b"cache-control", b"no-store")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith("/static/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(header for header in ALWAYS if header[0] not in present)
                if not cacheable and b"cache-control" not in present:
                    headers.append(NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
