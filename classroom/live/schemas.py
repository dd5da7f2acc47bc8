"""Messages a client sends (protocol v1, PROTOCOL.md), validated before anything is done."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: str | None = Field(default=None, max_length=40)  # echoed in the reply


class Chat(_Message):
    type: Literal["chat"]
    text: str = Field(max_length=4000)


class Hand(_Message):
    type: Literal["hand"]
    raised: bool
    user_id: uuid.UUID | None = None  # an instructor lowering someone's hand


class Mute(_Message):
    type: Literal["mute"]
    user_id: uuid.UUID | None = None  # None: everyone's chat
    muted: bool


class Remove(_Message):
    type: Literal["remove", "readmit"]
    user_id: uuid.UUID


class End(_Message):
    type: Literal["end"]


class Leave(_Message):
    type: Literal["leave"]


class PollOpen(_Message):
    type: Literal["poll.open"]
    question: str = Field(max_length=1000)
    options: list[str] = Field(max_length=20)


class PollVote(_Message):
    type: Literal["poll.vote"]
    poll_id: uuid.UUID
    option: int


class PollClose(_Message):
    type: Literal["poll.close"]
    poll_id: uuid.UUID


class CheckOpen(_Message):
    type: Literal["check.open"]


class CheckAnswer(_Message):
    type: Literal["check.answer"]
    check_id: uuid.UUID


class RandomChecks(_Message):
    type: Literal["checks.random"]
    enabled: bool
    min_minutes: int = 10
    max_minutes: int = 20


ClientMessage = Annotated[
    Chat
    | Hand
    | Mute
    | Remove
    | End
    | Leave
    | PollOpen
    | PollVote
    | PollClose
    | CheckOpen
    | CheckAnswer
    | RandomChecks,
    Field(discriminator="type"),
]
CLIENT_MESSAGE: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
