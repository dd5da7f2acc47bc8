"""Media presence from Janus's events, as a pure state machine per Janus handle.

A handle is a publisher (its feed is the participant's camera or screen) or a subscriber
(receives others' feeds). Evidence kinds (CONTRACTS.md `media.presence`): `publisher_up` /
`publisher_down`, `camera_on` / `camera_off` (Janus receives the camera's video, or has
received none for its no-media timer), `receiving_up` / `receiving_down` (Janus sends the
subscriber media, by its periodic statistics). Only changes are evidence."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Signal(StrEnum):
    PUBLISHED = "published"  # the VideoRoom feed is up (media flows)
    UNPUBLISHED = "unpublished"
    VIDEO_IN = "video_in"  # Janus receives video from this handle
    VIDEO_GONE = "video_gone"  # no video for the no-media timer
    SENDING = "sending"  # statistics: bytes sent to this subscriber in the last second
    IDLE = "idle"  # statistics: nothing sent in the last second
    SUBSCRIBED = "subscribed"
    GONE = "gone"  # hangup, detach, kick: everything of the handle stops


@dataclass(frozen=True)
class HandleState:
    publisher: bool = False
    publishing: bool = False
    camera: bool = False
    receiving: bool = False


def step(state: HandleState, signal: Signal) -> tuple[HandleState, list[str]]:
    """The next state and the evidence kinds the change produces (in order)."""
    kinds: list[str] = []
    if signal is Signal.GONE or signal is Signal.UNPUBLISHED:
        if state.camera:
            kinds.append("camera_off")
        if state.publishing:
            kinds.append("publisher_down")
        if state.receiving and signal is Signal.GONE:
            kinds.append("receiving_down")
        receiving = state.receiving and signal is not Signal.GONE
        return replace(state, publishing=False, camera=False, receiving=receiving), kinds
    if signal is Signal.PUBLISHED:
        if state.publishing:
            return state, []
        return replace(state, publisher=True, publishing=True), ["publisher_up"]
    if signal is Signal.VIDEO_IN:
        if not state.publisher or state.camera:
            return state, []
        up = [] if state.publishing else ["publisher_up"]
        return replace(state, publishing=True, camera=True), [*up, "camera_on"]
    if signal is Signal.VIDEO_GONE:
        if not state.camera:
            return state, []
        return replace(state, camera=False), ["camera_off"]
    if signal is Signal.SUBSCRIBED:
        return state, []
    if signal is Signal.SENDING:
        if state.publisher or state.receiving:
            return state, []
        return replace(state, receiving=True), ["receiving_up"]
    if signal is Signal.IDLE:
        if state.publisher or not state.receiving:
            return state, []
        return replace(state, receiving=False), ["receiving_down"]
    raise ValueError(signal)  # pragma: no cover - exhaustive


def publishers_limit(capacity: int, live_seats: int, instructors: int) -> int:
    """Publishers a lesson's VideoRoom admits: every trainee who can hold a seat (the course's
    capacity, at most the lease's live seats) plus a camera and a screen per instructor."""
    trainees = max(0, min(capacity, live_seats))
    return trainees + 2 * max(1, instructors)
