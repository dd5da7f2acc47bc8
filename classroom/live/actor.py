"""Who is acting in a room, as the commands and the sweeper see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from classroom.core.errors import Forbidden
from classroom.core.events import EventBus
from classroom.core.tenancy import Principal
from classroom.courses.models import Lesson
from classroom.live.models import LiveRoom
from classroom.live.settings import LiveSettings


@dataclass
class Actor:
    session: Session
    bus: EventBus
    settings: LiveSettings
    principal: Principal
    lesson: Lesson
    room: LiveRoom  # locked for the transaction
    instructor: bool
    observer: bool
    now: datetime

    @property
    def over(self) -> bool:
        return self.room.ended_at is not None or self.now >= self.lesson.ends_at

    @property
    def grace(self) -> timedelta:
        return timedelta(seconds=self.settings.grace_seconds)

    @property
    def check_window(self) -> timedelta:
        return timedelta(seconds=self.settings.check_seconds)

    def must_take_part(self) -> None:
        """Writing in the room: not an observer, and not after the end."""
        if self.observer:
            raise Forbidden("live.observer", code="live_observer")
        if self.over:
            raise Forbidden("live.over", code="live_over")

    def must_teach(self) -> None:
        self.must_take_part()
        if not self.instructor:
            raise Forbidden("live.instructor_only", code="live_instructor_only")
