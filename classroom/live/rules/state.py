"""The room as one viewer sees it, and how each event changes it (pure).

A snapshot is this state as built from the database; the client keeps it current by applying
events in id order. The contract (tested): a snapshot taken at event S, with every event after
S that the viewer received applied by `apply`, equals a fresh snapshot taken later. The page's
script (static/live-room.js) implements the same reducer.

Viewers are "staff" (the lesson's instructors and observers: they see tallies, who answered,
the random-check setting and the class list) or "trainee".
"""

from __future__ import annotations

from typing import Any, Literal

Viewer = Literal["staff", "trainee"]
State = dict[str, Any]
RECENT_CHAT = 50

KINDS = (
    "presence",
    "presence.batch",
    "removed",
    "chat",
    "hand",
    "mute",
    "ended",
    "poll",
    "poll.vote",
    "poll.tally",
    "check",
    "check.answer",
    "check.status",
    "random_checks",
)


def empty(viewer: Viewer) -> State:
    return {
        "ended_at": None,
        "chat_muted": False,
        "muted": [],
        "participants": {},
        "chat": [],
        "hands": [],
        "poll": None,
        "check": None,
        "random_checks": {"enabled": False, "min": 10, "max": 20} if viewer == "staff" else None,
    }


def _drop_person(state: State, user_id: str) -> None:
    state["participants"].pop(user_id, None)
    if user_id in state["hands"]:
        state["hands"].remove(user_id)


def _presence(state: State, person: dict[str, Any]) -> None:
    if person["state"] == "gone":
        _drop_person(state, person["user_id"])
    else:
        state["participants"][person["user_id"]] = {
            "name": person["name"],
            "role": person["role"],
            "state": person["state"],
        }


def poll_view(data: dict[str, Any], viewer: Viewer, my_vote: int | None) -> dict[str, Any]:
    counts = data.get("counts")
    if counts is None and viewer == "staff":
        counts = [0] * len(data["options"])
    return {
        "id": data["id"],
        "question": data["question"],
        "options": list(data["options"]),
        "open": data["open"],
        "opened_at": data["opened_at"],
        "closed_at": data.get("closed_at"),
        "counts": None if counts is None else list(counts),
        "my_vote": my_vote,
    }


def check_view(data: dict[str, Any], viewer: Viewer, answered: bool | None = None) -> dict[str, Any]:
    staff = viewer == "staff"
    return {
        "id": data["id"],
        "opened_at": data["opened_at"],
        "deadline_at": data["deadline_at"],
        "open": data["open"],
        "by": data["by"],
        "answered": None if staff else bool(answered),
        "answered_ids": [] if staff else None,
        "missed_ids": [] if staff else None,
    }


def apply(state: State, kind: str, data: dict[str, Any], viewer: Viewer) -> State:
    """Apply one event the viewer received; returns the same (mutated) state."""
    if kind == "presence":
        _presence(state, data)
    elif kind == "presence.batch":
        for person in data["people"]:
            _presence(state, person)
    elif kind == "removed":
        _drop_person(state, data["user_id"])
    elif kind == "chat":
        state["chat"].append(dict(data))
        del state["chat"][:-RECENT_CHAT]
    elif kind == "hand":
        hands: list[str] = state["hands"]
        if data["raised"] and data["user_id"] not in hands:
            hands.append(data["user_id"])
        elif not data["raised"] and data["user_id"] in hands:
            hands.remove(data["user_id"])
    elif kind == "mute":
        if data["user_id"] is None:
            state["chat_muted"] = bool(data["muted"])
        else:
            muted = set(state["muted"])
            (muted.add if data["muted"] else muted.discard)(data["user_id"])
            state["muted"] = sorted(muted)
    elif kind == "ended":
        state["ended_at"] = data["at"]
        state["participants"] = {}
        state["hands"] = []
    elif kind == "poll":
        current = state["poll"]
        if current is not None and current["id"] == data["id"]:
            current["open"] = data["open"]
            current["closed_at"] = data.get("closed_at")
            if data.get("counts") is not None:
                current["counts"] = list(data["counts"])
        else:
            state["poll"] = poll_view(data, viewer, None)
    elif kind == "poll.vote":
        if state["poll"] is not None and state["poll"]["id"] == data["poll_id"]:
            state["poll"]["my_vote"] = data["option"]
    elif kind == "poll.tally":
        if state["poll"] is not None and state["poll"]["id"] == data["poll_id"]:
            state["poll"]["counts"] = list(data["counts"])
    elif kind == "check":
        current = state["check"]
        if current is not None and current["id"] == data["id"]:
            current["open"] = data["open"]
        else:
            state["check"] = check_view(data, viewer)
    elif kind == "check.answer":
        if state["check"] is not None and state["check"]["id"] == data["check_id"]:
            state["check"]["answered"] = True
    elif kind == "check.status":
        if state["check"] is not None and state["check"]["id"] == data["check_id"]:
            state["check"]["answered_ids"] = list(data["answered_ids"])
            state["check"]["missed_ids"] = list(data["missed_ids"])
    elif kind == "random_checks":
        state["random_checks"] = {"enabled": data["enabled"], "min": data["min"], "max": data["max"]}
    return state
