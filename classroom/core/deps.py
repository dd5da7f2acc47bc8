"""Request-time access to what create_app wired: clock, settings, password hasher."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from classroom.core.clock import Clock
from classroom.core.events import EventBus
from classroom.core.security import Passwords
from classroom.core.settings import Settings

# These only read what create_app wired: `async def` keeps them on the event loop (a plain
# `def` dependency costs a thread-pool hop per request for nothing).


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PasswordsDep = Annotated[Passwords, Depends(get_passwords)]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def get_events(request: Request) -> EventBus:
    events: EventBus = request.app.state.events
    return events


EventsDep = Annotated[EventBus, Depends(get_events)]
