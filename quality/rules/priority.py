"""Which courses an inspector should look at first, and why (issue 13, DOMAIN.md "Quality and
fraud signals"). Each signal adds points; the reasons keep their figures so the list can say
why a course is where it is. The weights are a judgement, stated here so they can be argued:

- attendance fraud signals: 5 points each, at most 40;
- exam signals: 3 points each, at most 30;
- low attendance: 40 × the share of trainees below the completion rate, plus 10 when the
  course's mean rate is below it;
- attendance evidence missing (nothing recorded for a running or finished course, or no
  trainee with a rate): 10;
- a running or finished smart-training course without a completion assessment: 15;
- a finished course whose results are not published: 10.
Ties go to the course that ended (or ends) first: older problems have waited longer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

FRAUD_EACH, FRAUD_CAP = 5, 40
EXAM_EACH, EXAM_CAP = 3, 30
LOW_SHARE_WEIGHT = 40
LOW_MEAN = 10
NO_EVIDENCE = 10
NO_ASSESSMENT = 15
UNPUBLISHED = 10


@dataclass(frozen=True)
class CourseSignals:
    course_id: str
    ends_on: date
    running_or_finished: bool
    finished: bool
    fraud_signals: int
    exam_signals: int
    trainees: int
    below_threshold: int | None  # None: no attendance recorded for the course
    mean_rate: Fraction | None
    threshold: Fraction = Fraction(4, 5)
    has_assessment: bool = True
    results_published: bool = True
    fraud_kinds: tuple[str, ...] = ()  # the kinds of the fraud signals, most frequent first


@dataclass(frozen=True)
class Reason:
    code: str
    points: int
    figures: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    course_id: str
    score: int
    reasons: tuple[Reason, ...]


def reasons_for(c: CourseSignals) -> list[Reason]:
    found: list[Reason] = []
    if c.fraud_signals:
        found.append(
            Reason(
                "fraud_signals",
                min(c.fraud_signals * FRAUD_EACH, FRAUD_CAP),
                {"count": c.fraud_signals, "kinds": c.fraud_kinds},
            )
        )
    if c.exam_signals:
        found.append(
            Reason("exam_signals", min(c.exam_signals * EXAM_EACH, EXAM_CAP), {"count": c.exam_signals})
        )
    if c.running_or_finished:
        if c.below_threshold is None or (c.mean_rate is None and c.trainees > 0):
            found.append(Reason("attendance_missing", NO_EVIDENCE))
        elif c.trainees > 0 and c.below_threshold > 0:
            points = int(LOW_SHARE_WEIGHT * Fraction(c.below_threshold, c.trainees))
            found.append(
                Reason("attendance_low", points, {"below": c.below_threshold, "trainees": c.trainees})
            )
        if c.mean_rate is not None and c.mean_rate < c.threshold:
            found.append(Reason("attendance_mean_low", LOW_MEAN, {"rate": c.mean_rate}))
        if not c.has_assessment:
            found.append(Reason("no_assessment", NO_ASSESSMENT))
    if c.finished and c.has_assessment and not c.results_published:
        found.append(Reason("results_unpublished", UNPUBLISHED))
    return found


def rank(courses: Sequence[CourseSignals]) -> list[Ranked]:
    ranked = [
        Ranked(c.course_id, sum(r.points for r in rs), tuple(rs)) for c in courses if (rs := reasons_for(c))
    ]
    order = {c.course_id: c.ends_on for c in courses}
    return sorted(ranked, key=lambda r: (-r.score, order[r.course_id], r.course_id))
