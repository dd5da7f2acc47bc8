"""Properties of the attendance rules: recomputing gives the same result, the order evidence
arrived in does not matter, and adding an excused day or excusing one never lowers a rate."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from attendance.rules import qr
from attendance.rules.day import Evidence, Slot, evaluate_day
from attendance.rules.kinds import DayStatus, EventKind
from attendance.rules.periods import DayLine, outcome
from attendance.rules.policy import DEFAULT_POLICY

SEOUL = ZoneInfo("Asia/Seoul")
BASE = datetime(2026, 4, 7, 8, tzinfo=SEOUL)
SLOTS = [
    Slot("L1", "classroom", BASE + timedelta(hours=1), BASE + timedelta(hours=5)),
    Slot("L2", "live", BASE + timedelta(hours=6), BASE + timedelta(hours=8)),
    Slot("L3", "vod", BASE + timedelta(hours=11), BASE + timedelta(hours=12)),
]
KINDS = [
    EventKind.CHECK_IN,
    EventKind.CHECK_OUT,
    EventKind.LIVE_JOIN,
    EventKind.LIVE_LEAVE,
    EventKind.CHECK_MISSED,
    EventKind.VOD_PROGRESS,
]

evidence_item = st.builds(
    lambda n, kind, minute, ref, secs: Evidence(
        id=f"e{n}",
        kind=kind,
        at=BASE + timedelta(minutes=minute),
        lesson_id="L3" if kind is EventKind.VOD_PROGRESS else None,
        ref=ref,
        seconds=secs,
        required_seconds=3600,
    ),
    st.integers(0, 10_000),
    st.sampled_from(KINDS),
    st.integers(0, 16 * 60),
    st.sampled_from(["a", "b"]),
    st.integers(0, 3600),
)
evidence_lists = st.lists(evidence_item, max_size=25, unique_by=lambda e: e.id)
as_of = st.integers(0, 20 * 60).map(lambda m: BASE + timedelta(minutes=m))


@given(evidence_lists, as_of)
def test_recompute_twice_gives_the_same_day(evidence, when):
    assert evaluate_day(SLOTS, evidence, DEFAULT_POLICY, when) == evaluate_day(
        SLOTS, evidence, DEFAULT_POLICY, when
    )


@given(evidence_lists, as_of, st.randoms())
def test_shuffled_evidence_gives_the_same_day(evidence, when, rnd):
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    assert evaluate_day(SLOTS, shuffled, DEFAULT_POLICY, when) == evaluate_day(
        SLOTS, evidence, DEFAULT_POLICY, when
    )


@given(evidence_lists)
def test_a_duplicate_delivery_changes_nothing(evidence):
    # at-least-once delivery stores each evidence once (idempotency key); the rule is a set rule
    assert evaluate_day(SLOTS, evidence + evidence, DEFAULT_POLICY, BASE + timedelta(days=1)) == evaluate_day(
        SLOTS, evidence, DEFAULT_POLICY, BASE + timedelta(days=1)
    )


@given(evidence_lists)
def test_attended_never_exceeds_scheduled(evidence):
    r = evaluate_day(SLOTS, evidence, DEFAULT_POLICY, BASE + timedelta(days=1))
    assert 0 <= r.attended_minutes <= r.scheduled_minutes


STATUS = st.sampled_from([s for s in DayStatus if s is not DayStatus.PENDING])
day_lists = st.lists(st.tuples(STATUS, st.integers(60, 480)), min_size=0, max_size=70)


def _lines(
    items: list[tuple[DayStatus, int]], *, spacing: int = 1, excused_at: int | None = None
) -> list[DayLine]:
    """Training days from 2026-03-02, one every `spacing` days; with `excused_at`, an excused
    day of 90 minutes on that day offset too (a date none of the others has)."""
    start = date(2026, 3, 2)
    lines = [
        DayLine(
            start + timedelta(days=i * spacing),
            s,
            m,
            1 if s in (DayStatus.LATE, DayStatus.EARLY_LEAVE, DayStatus.GOING_OUT) else 0,
        )
        for i, (s, m) in enumerate(items)
    ]
    if excused_at is not None:
        lines.append(DayLine(start + timedelta(days=excused_at), DayStatus.EXCUSED, 90, 0))
    return sorted(lines, key=lambda line: line.day)


# Every existing day keeps its date: lates counted per unit period (three make an absence)
# stay in their period. Inserting a day and re-dating the ones after it would move lates
# across a period boundary, which is a different calendar, not an excused day added.
@given(day_lists, st.integers(0, 69))
def test_adding_an_excused_day_never_lowers_the_rate(items, gap):
    end = date(2026, 3, 2) + timedelta(days=160)
    a = outcome(date(2026, 3, 2), end, _lines(items, spacing=2), DEFAULT_POLICY, 140 * 60)
    b = outcome(
        date(2026, 3, 2), end, _lines(items, spacing=2, excused_at=2 * gap + 1), DEFAULT_POLICY, 140 * 60
    )
    if a.rate is not None:
        assert b.rate is not None and b.rate >= a.rate


@given(day_lists, st.integers(0, 69))
def test_excusing_a_day_never_lowers_the_rate(items, position):
    if not items:
        return
    excused = list(items)
    index = position % len(items)
    excused[index] = (DayStatus.EXCUSED, items[index][1])
    end = date(2026, 3, 2) + timedelta(days=80)
    a = outcome(date(2026, 3, 2), end, _lines(items), DEFAULT_POLICY, 140 * 60)
    b = outcome(date(2026, 3, 2), end, _lines(excused), DEFAULT_POLICY, 140 * 60)
    if a.rate is not None:
        assert b.rate is not None and b.rate >= a.rate


@given(day_lists, st.randoms())
def test_outcome_does_not_depend_on_the_order_days_are_listed(items, rnd):
    days = _lines(items)
    shuffled = list(days)
    rnd.shuffle(shuffled)
    end = date(2026, 6, 30)
    assert outcome(date(2026, 3, 2), end, shuffled, DEFAULT_POLICY, 9000) == outcome(
        date(2026, 3, 2), end, days, DEFAULT_POLICY, 9000
    )


@given(st.integers(0, 2**40), st.uuids())
def test_a_code_reads_back_and_any_changed_character_is_refused(epoch, lesson):
    key = b"k" * 32
    window = qr.window_of(epoch, 15)
    code = qr.make_code(key, lesson, window)
    assert qr.read_code(key, code) == qr.Code(lesson, window)
    assert qr.read_code(b"x" * 32, code) is None
    for i in range(0, len(code), 7):
        changed = code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1 :]
        assert qr.read_code(key, changed) is None or qr.read_code(key, changed) == qr.Code(lesson, window)


def test_code_windows_rotation_and_grace():
    lesson = uuid.uuid4()
    code = qr.Code(lesson, 1000)  # current during [15000, 15015)
    assert qr.check_code(code, 15000, 15, 2) is None
    assert qr.check_code(code, 15014.9, 15, 2) is None
    assert qr.check_code(code, 15017, 15, 2) is None  # grace: 2 s after it rotated
    assert qr.check_code(code, 15017.01, 15, 2) is qr.CodeProblem.EXPIRED
    assert qr.check_code(code, 14999.9, 15, 2) is qr.CodeProblem.FUTURE
    assert qr.seconds_late(code, 15077, 15) == 62


def test_tickets_expire_and_cannot_be_forged():
    key = b"k" * 32
    t = qr.Ticket(uuid.uuid4(), uuid.uuid4(), 1000, 15003, "n0nce")
    text = qr.make_ticket(key, t)
    assert qr.read_ticket(key, text, 15003 + qr.TICKET_SECONDS) == t
    assert qr.read_ticket(key, text, 15004 + qr.TICKET_SECONDS) is None
    assert qr.read_ticket(b"z" * 32, text, 15004) is None
