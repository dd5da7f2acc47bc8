"""Completion, survey, exam signals, priorities, inspections and sheet rows (pure rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from quality.rules import exam_signals, priority, sheets, survey
from quality.rules import inspections as inspection_rules
from quality.rules.completion import AttendancePart, CompletionState, decide
from quality.rules.kinds import EvidenceKind, ExamSignalKind, FindingStatus

OK = AttendancePart(True, Fraction(9, 10))
LOW = AttendancePart(False, Fraction(3, 4))
PENDING = AttendancePart(None)


def test_completion_needs_attendance_and_a_passing_score():
    assert (
        decide(enrolled=True, attendance=OK, score=Fraction(60), pass_mark=60).state
        is CompletionState.COMPLETED
    )
    low = decide(enrolled=True, attendance=LOW, score=Fraction(90), pass_mark=60)
    assert low.state is CompletionState.NOT_COMPLETED and [r.code for r in low.reasons] == ["attendance_low"]
    failed = decide(enrolled=True, attendance=OK, score=Fraction(5999, 100), pass_mark=60)
    assert [r.code for r in failed.reasons] == ["score_low"]


def test_a_trainee_without_a_score_has_not_completed_even_while_attendance_is_pending():
    none = decide(enrolled=True, attendance=PENDING, score=None, pass_mark=60)
    assert none.state is CompletionState.NOT_COMPLETED
    assert [r.code for r in none.reasons] == ["attendance_pending", "no_score"]


def test_a_passing_score_with_attendance_pending_is_pending():
    waiting = decide(enrolled=True, attendance=PENDING, score=Fraction(80), pass_mark=60)
    assert waiting.state is CompletionState.PENDING and not waiting.completed


def test_dropped_trainees_have_not_completed():
    assert (
        decide(enrolled=False, attendance=OK, score=Fraction(100), pass_mark=60).state
        is CompletionState.NOT_COMPLETED
    )


@given(
    st.booleans(),
    st.sampled_from([OK, LOW, PENDING]),
    st.one_of(st.none(), st.fractions(min_value=0, max_value=100)),
    st.integers(min_value=0, max_value=100),
)
def test_completed_exactly_when_every_part_holds(enrolled, attendance, score, pass_mark):
    decision = decide(enrolled=enrolled, attendance=attendance, score=score, pass_mark=pass_mark)
    holds = enrolled and attendance.completed is True and score is not None and score >= pass_mark
    assert decision.completed is holds
    assert (decision.reasons == ()) is holds


def test_survey_threshold_is_five_answers():
    four = survey.aggregate([(5, 5, 5, 5, 5)] * 4)
    assert not four.shown and four.answers == 4 and four.questions == () and four.overall_mean is None
    five = survey.aggregate([(5, 4, 3, 2, 1)] * 4 + [(1, 1, 1, 1, 1)])
    assert five.shown and five.answers == 5
    assert five.questions[0].mean == Fraction(21, 5)
    assert five.questions[0].distribution == (1, 0, 0, 0, 4)
    assert survey.mean_text(Fraction(21, 5)) == "4.20"


def test_survey_window_and_ratings():
    ends = date(2026, 6, 30)
    assert survey.refusal(ends, date(2026, 6, 23)) == "not_open"
    assert survey.refusal(ends, date(2026, 6, 24)) is None
    assert survey.refusal(ends, date(2026, 7, 30)) is None
    assert survey.refusal(ends, date(2026, 7, 31)) == "closed"
    assert survey.valid([1, 2, 3, 4, 5])
    assert (
        not survey.valid([1, 2, 3, 4])
        and not survey.valid([0, 2, 3, 4, 5])
        and not survey.valid([True, 2, 3, 4, 5])
    )


T0 = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)


def _trace(
    attempt: str, trainee: str, *events: exam_signals.Evidence, minutes: int = 30, **kw: object
) -> exam_signals.AttemptTrace:
    return exam_signals.AttemptTrace(
        attempt,
        trainee,
        T0,
        T0 + timedelta(minutes=minutes),
        timedelta(minutes=60),
        tuple(events),
        **kw,  # type: ignore[arg-type]
    )


def ev(
    kind: EvidenceKind, minute: float, ip: str | None = "10.0.0.1", device: str | None = "d1"
) -> exam_signals.Evidence:
    return exam_signals.Evidence(kind, T0 + timedelta(minutes=minute), ip, device)


def test_focus_away_by_count_or_by_time():
    twice = _trace(
        "a",
        "t",
        ev(EvidenceKind.FOCUS_LOST, 1),
        ev(EvidenceKind.FOCUS_BACK, 1.1),
        ev(EvidenceKind.FOCUS_LOST, 2),
        ev(EvidenceKind.FOCUS_BACK, 2.1),
    )
    assert exam_signals.away(twice) == (2, 12)
    assert not exam_signals.of_attempt(twice)
    long = _trace("a", "t", ev(EvidenceKind.FOCUS_LOST, 1), ev(EvidenceKind.FOCUS_BACK, 2))
    assert [f.kind for f in exam_signals.of_attempt(long)] == [ExamSignalKind.FOCUS_AWAY]
    never_back = _trace("a", "t", ev(EvidenceKind.FOCUS_LOST, 29.5))
    assert exam_signals.away(never_back) == (1, 30)


def test_address_and_device_changes_within_an_attempt():
    moved = _trace("a", "t", ev(EvidenceKind.START, 0), ev(EvidenceKind.SAVE, 5, ip="10.0.0.2", device="d2"))
    kinds = {f.kind for f in exam_signals.of_attempt(moved)}
    assert kinds == {ExamSignalKind.IP_CHANGED, ExamSignalKind.DEVICE_CHANGED}


def test_shared_address_needs_overlap_and_shared_device_does_not():
    a = _trace("a", "t1", ev(EvidenceKind.START, 0, device="d1"))
    b = _trace("b", "t2", ev(EvidenceKind.START, 5, device="d2"))
    found = exam_signals.across([a, b])
    assert [f.kind for f in found] == [ExamSignalKind.SHARED_IP]
    later = exam_signals.AttemptTrace(
        "c",
        "t3",
        T0 + timedelta(hours=2),
        T0 + timedelta(hours=3),
        timedelta(minutes=60),
        (ev(EvidenceKind.START, 120, ip="10.0.0.1", device="d1"),),
    )
    assert [f.kind for f in exam_signals.across([a, later])] == [ExamSignalKind.SHARED_DEVICE]
    same_trainee = _trace("d", "t1", ev(EvidenceKind.START, 0))
    assert exam_signals.across([a, same_trainee]) == []


def test_too_fast_is_a_high_objective_score_in_under_a_fifth_of_the_time():
    fast = _trace("a", "t", minutes=11, objective_earned=9, objective_possible=10, closed=True)
    assert [f.kind for f in exam_signals.of_attempt(fast)] == [ExamSignalKind.TOO_FAST]
    slow = _trace("a", "t", minutes=12, objective_earned=10, objective_possible=10, closed=True)
    assert exam_signals.of_attempt(slow) == []


def test_signal_keys_are_stable():
    a = _trace("a", "t1", ev(EvidenceKind.START, 0))
    b = _trace("b", "t2", ev(EvidenceKind.START, 0))
    assert [f.key for f in exam_signals.across([b, a])] == [f.key for f in exam_signals.across([a, b])]


def test_priority_ranks_by_points_and_says_why():
    quiet = priority.CourseSignals("q", date(2026, 6, 30), True, False, 0, 0, 10, 0, Fraction(95, 100))
    noisy = priority.CourseSignals(
        "n", date(2026, 7, 30), True, False, 3, 2, 10, 5, Fraction(7, 10), fraud_kinds=("same_ip",)
    )
    pending = priority.CourseSignals(
        "p", date(2026, 5, 30), True, True, 0, 0, 0, None, None, has_assessment=False
    )
    ranked = priority.rank([quiet, noisy, pending])
    assert [r.course_id for r in ranked] == ["n", "p"]  # nothing to say about the quiet one
    reasons = {r.code: r.points for r in ranked[0].reasons}
    assert reasons == {
        "fraud_signals": 15,
        "exam_signals": 6,
        "attendance_low": 20,
        "attendance_mean_low": 10,
    }
    assert ranked[0].reasons[0].figures == {"count": 3, "kinds": ("same_ip",)}
    assert {r.code for r in ranked[1].reasons} == {"attendance_missing", "no_assessment"}


def test_priority_caps_and_ties():
    many = priority.CourseSignals("m", date(2026, 6, 30), True, False, 100, 100, 0, 0, None)
    assert priority.reasons_for(many)[0].points == priority.FRAUD_CAP
    a = priority.CourseSignals("a", date(2026, 6, 1), True, False, 1, 0, 0, 0, None)
    b = priority.CourseSignals("b", date(2026, 5, 1), True, False, 1, 0, 0, 0, None)
    assert [r.course_id for r in priority.rank([a, b])] == ["b", "a"]  # the older problem first


def test_finding_moves():
    assert inspection_rules.move(FindingStatus.OPEN, "answer") is FindingStatus.ANSWERED
    assert inspection_rules.move(FindingStatus.ANSWERED, "reopen") is FindingStatus.OPEN
    assert inspection_rules.move(FindingStatus.CLOSED, "answer") is None
    assert inspection_rules.move(FindingStatus.OPEN, "reopen") is None
    assert inspection_rules.may_close([FindingStatus.CLOSED, FindingStatus.CLOSED])
    assert not inspection_rules.may_close([FindingStatus.CLOSED, FindingStatus.ANSWERED])
    assert inspection_rules.overdue(FindingStatus.OPEN, date(2026, 4, 1), date(2026, 4, 2))
    assert not inspection_rules.overdue(FindingStatus.OPEN, date(2026, 4, 1), date(2026, 4, 1))
    assert not inspection_rules.overdue(FindingStatus.ANSWERED, date(2026, 4, 1), date(2026, 4, 9))
    assert inspection_rules.due(None, date(2026, 4, 1)) == date(2026, 4, 1)


def test_score_sheet_rows():
    found = sheets.columns(["이 메일", "점수", "이름"], sheets.SCORE_COLUMNS)
    assert found == {"email": 0, "score": 1, "name": 2}
    assert sheets.missing({"email": 0}, sheets.SCORE_REQUIRED, sheets.SCORE_COLUMNS) == ["점수"]
    row = sheets.score_row(2, ["Jiwoo@Hanbit.example", "87.5", "최지우"], found)
    assert (
        isinstance(row, sheets.ScoreRow)
        and row.email == "jiwoo@hanbit.example"
        and row.score == Fraction(175, 2)
    )
    bad = sheets.score_row(3, ["", "101"], found)
    assert [(p.row, p.column, p.code) for p in bad] == [(3, "이메일", "required"), (3, "점수", "bad_score")]  # type: ignore[union-attr]


def test_employment_sheet_rows():
    found = sheets.columns(
        ["이메일", "취업여부", "취업일", "사업장명", "고용보험"], sheets.EMPLOYMENT_COLUMNS
    )
    ok = sheets.employment_row(2, ["a@x.example", "Y", "2026.03.02", "(주)대성정밀", "가입"], found)
    assert isinstance(ok, sheets.EmploymentRow) and ok.starts_on == date(2026, 3, 2) and ok.insured
    no = sheets.employment_row(3, ["b@x.example", "미취업", "", "", ""], found)
    assert isinstance(no, sheets.EmploymentRow) and not no.employed and no.starts_on is None
    missing = sheets.employment_row(4, ["c@x.example", "예", "", "", ""], found)
    assert {p.column for p in missing} == {"취업일", "사업장명", "고용보험"}  # type: ignore[union-attr]
    wrong = sheets.employment_row(5, ["d@x.example", "maybe", "31/02/2026", "", "?"], found)
    assert {p.code for p in wrong} == {"bad_yes_no", "bad_date"}  # type: ignore[union-attr]
