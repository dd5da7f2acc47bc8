"""Layers in front of the framework: ASGI callables that see a request before FastAPI's own
middleware (error pages, telemetry, body limits) and ours (security headers, CSRF, unit of work).

For hot paths only — a video player's range requests, answered from a cache many times a
second — where every layer costs more than the answer itself (bench/streaming.py). A front
layer owns what the framework would have done for it: it sends complete answers, security
headers included, and hands anything it cannot answer, or fails on before answering, to the app
behind it, which answers as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from starlette.types import ASGIApp

FrontLayer = Callable[[ASGIApp], ASGIApp]


class FrontedApp(FastAPI):
    """FastAPI with an outermost list of front layers (first added = outermost)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.front: list[FrontLayer] = []

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        for layer in reversed(self.front):
            stack = layer(stack)
        return stack


def add_front(app: FastAPI, layer: FrontLayer) -> None:
    """Put `layer` in front of the framework. Before the app serves its first request: the
    stack is built once."""
    if not isinstance(app, FrontedApp):
        raise TypeError("front layers need the app made by classroom.app.create_app")
    if app.middleware_stack is not None:
        raise RuntimeError("the app is already serving: add front layers while wiring it")
    app.front.append(layer)
