"""The activity log in words: names for every recorded code, values formatted as pages do."""

from __future__ import annotations

import ast
import uuid
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path

import pytest

from classroom.audit import describe
from classroom.audit.messages import MESSAGES
from classroom.registry import registry

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "classroom", ROOT / "content", ROOT / "attendance", ROOT / "quality"]


@pytest.fixture(autouse=True, scope="module")
def _catalogue() -> None:
    registry()  # installs every package's messages


def _recorded() -> set[tuple[str, str]]:
    """(action, target kind) of every `…record(session, clock, principal, "action", "kind", …)`
    and every helper call passing a literal "quality.…" action."""
    found: set[tuple[str, str]] = set()
    for root in SOURCES:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                literals = [
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if name == "record" and len(node.args) >= 5:
                    action, kind = node.args[3], node.args[4]
                    if isinstance(action, ast.Constant) and isinstance(kind, ast.Constant):
                        found.add((action.value, kind.value))
                elif name == "_audit":
                    codes = [s for s in literals if s.startswith("quality.")]
                    kinds = [s for s in literals if not s.startswith("quality.")]
                    for code in codes:
                        found.add((code, kinds[0] if kinds else ""))
    return found


def test_every_recorded_event_and_kind_has_a_name_in_both_languages() -> None:
    recorded = _recorded()
    assert len(recorded) > 40  # the scan sees the packages' calls
    # f-string codes: quality.finding.{action} with the moves of rules.inspections
    recorded |= {(f"quality.finding.{move}", "finding") for move in ("answer", "close", "reopen")}
    missing = sorted(code for code, _ in recorded if f"audit.event.{code}" not in MESSAGES) + sorted(
        kind for _, kind in recorded if kind and f"audit.kind.{kind}" not in MESSAGES
    )
    assert missing == []
    assert all(set(texts) == {"ko", "en"} and all(texts.values()) for texts in MESSAGES.values())


def test_names_fall_back_to_the_code() -> None:
    assert describe.event_name("lease.approve", "ko") == "임대 승인"
    assert describe.event_name("lease.approve", "en") == "Lease approved"
    assert describe.kind_name("course_session", "ko") == "수업"
    assert describe.kind_name("course_session", "en") == "lesson"
    assert describe.event_name("something.new", "ko") == "something.new"


@pytest.mark.parametrize(
    ("field", "value", "lang", "shown"),
    [
        ("subsidy_rate", "1/2", "ko", "50%"),
        ("subsidy_rate", "1/3", "en", "33.3%"),
        ("online_share_min", "1/10", "ko", "10%"),
        ("storage_bytes_per_classroom", 53_687_091_200, "ko", "50 GB"),
        ("size", 1_572_864, "en", "1.5 MB"),
        ("monthly_fee", 3_000_000, "ko", "3,000,000원"),
        ("amount", 450_000, "en", "₩450,000"),
        ("budget", 5_200_000_000, "ko", "5,200,000,000원"),
        ("starts_at", "2026-04-06T00:30:00+00:00", "ko", "2026-04-06 09:30"),
        ("deadline", "2026-04-06T15:00:00", "en", "2026-04-07 00:00"),  # naive = UTC
        ("starts_on", "2026-04-06", "ko", "2026-04-06"),
        ("is_active", False, "ko", "아니요"),
        ("is_active", True, "en", "yes"),
        ("role", "institution_admin", "ko", "훈련기관 관리자"),
        ("mode", "live", "ko", "실시간 원격"),
        ("from", "draft", "ko", "작성 중"),
        ("lease_cap", 3000, "ko", "3,000"),
        ("year", 2026, "ko", "2026"),
        ("fields", ["starts_at", "title"], "ko", "시작, 제목"),
        ("reason", None, "ko", "—"),
        ("kind", "web", "ko", "웹 브라우저"),
        ("by", "calendar", "en", "automatically, by the calendar"),
    ],
)
def test_values_read_as_pages_show_them(field: str, value: object, lang: str, shown: str) -> None:
    assert describe.value_text(field, value, lang) == shown


def test_old_and_new_in_every_recorded_shape() -> None:
    lines = describe.lines(
        {
            "year": 2027,
            "changes": {
                "subsidy_rate": {"old": "1/2", "new": "2/5"},
                "storage_bytes_per_classroom": [53_687_091_200, 107_374_182_400],
            },
        },
        "ko",
    )
    texts = [line.text() for line in lines]
    assert texts[:2] == ["지원율: 50% → 40%", "강의실당 저장 용량: 50 GB → 100 GB"]
    assert "사업연도: 2027" in texts
    status = describe.lines({"from": "draft", "to": "published"}, "en")
    assert status[0].changed and status[0].label == "status"
    score = describe.lines({"old": "70", "new": "85", "reason": "재채점"}, "ko")
    assert score[0].text() == "70 → 85" and score[1].text() == "사유: 재채점"
    nested = describe.lines({"monthly_fee": {"old": 300_000, "new": 3_000_000}}, "en")
    assert nested[0].text() == "monthly fee per classroom: ₩300,000 → ₩3,000,000"


def test_ids_become_references_and_internal_links_are_hidden() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    lines = describe.lines(
        {"trainees": [str(a), str(b)], "series_id": str(uuid.uuid4()), "course_id": str(a)}, "ko"
    )
    assert [line.label for line in lines] == ["훈련생", "과정"]
    assert lines[0].refs == (("user", str(a)), ("user", str(b))) and lines[0].value == "2명"
    assert lines[1].refs == (("course", str(a)),) and lines[1].value == ""


def test_changes_helper_records_only_what_changed_as_json() -> None:
    before = {"name": "한빛", "rate": Fraction(1, 2), "day": date(2026, 4, 1), "active": True}
    after = {"name": "한빛", "rate": Fraction(2, 5), "day": date(2026, 5, 1), "active": True}
    assert describe.changes(before, after) == {
        "rate": {"old": "1/2", "new": "2/5"},
        "day": {"old": "2026-04-01", "new": "2026-05-01"},
    }
    moment = datetime(2026, 4, 6, 0, 30, tzinfo=UTC)
    assert describe.changes({"starts_at": None}, {"starts_at": moment}) == {
        "starts_at": {"old": None, "new": "2026-04-06T00:30:00+00:00"}
    }
