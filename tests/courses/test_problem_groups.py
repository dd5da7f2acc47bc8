"""Refusal lines grouped by kind (web/courses/problems.py): titles, days, and lines kept once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from classroom.web.courses.problems import MAX_DAYS, group


def _missing(day: int) -> dict:
    start = datetime(2026, 4, day, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    return {
        "field": "supervisor_id",
        "message_key": "conflict.onsite_without_supervisor",
        "params": {"when": f"2026-04-{day:02d} 09:00–13:00"},
        "conflict": {"kind": "onsite_without_supervisor", "starts_at": start.isoformat()},
    }


def _room(day: int) -> dict:
    start = datetime(2026, 4, day, 0, 0, tzinfo=UTC)
    return {
        "field": "room",
        "message_key": "conflict.room",
        "params": {
            "when": f"2026-04-{day:02d} 09:00–13:00",
            "room": "301호",
            "course": "다른 과정",
            "other": "x",
        },
        "conflict": {
            "kind": "room",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=4)).isoformat(),
        },
    }


def test_identical_reasons_become_one_titled_group_per_kind():
    errors = [_missing(d) for d in (6, 7, 8)] + [_room(9), _room(9), _room(10)]
    missing, room = group(errors, "ko")
    assert missing.title == "현장교사 미지정 3건" and missing.days == "4/6(월), 4/7(화), 4/8(수)"
    assert missing.lines == []  # the days are the whole story
    assert room.title == "강의실 중복 예약 3건" and room.days == "4/9(목), 4/10(금)"
    assert len(room.lines) == 2 and all("301호" in line for line in room.lines)  # each line once
    english = group(errors, "en")
    assert english[0].title == "No supervisor on an on-site day: 3" and english[0].days.startswith("Mon 4/6")


def test_many_days_are_cut_short_and_a_single_reason_is_not_grouped():
    errors = [_missing(d) for d in range(1, 31)]
    [only] = group(errors, "ko")
    assert only.days.count(",") == MAX_DAYS - 1 and only.days.endswith(f"외 {30 - MAX_DAYS}일")
    assert group([_missing(6)], "ko") == []
    assert group([{"field": "room", "message_key": "lesson.room_required"}] * 2, "ko") == []
