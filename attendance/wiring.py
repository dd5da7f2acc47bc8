"""What attendance subscribes to when the app is built (`Package.wire`)."""

from __future__ import annotations

from fastapi import FastAPI

from attendance.subscribers import subscribe


def wire(app: FastAPI) -> None:
    subscribe(app)
