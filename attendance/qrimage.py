"""The QR image of a check-in address, drawn by `segno` as inline SVG (no image request, no script)."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, *, scale: int = 8) -> str:
    buffer = io.BytesIO()
    # Error correction M: readable from the back of a room on a projector, still a small code.
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, title="QR"
    )
    return buffer.getvalue().decode()
