"""The satisfaction survey (만족도) at the end of a course (DOMAIN.md "Performance evaluation").

- Five statements rated on a 5-point scale (1 = strongly disagree … 5 = strongly agree).
- Open from the course's last training week (its end date − 6 days) until 30 days after it
  ended, both days included (Asia/Seoul calendar days); one answer per enrolled trainee.
- Aggregates only, and only when at least `MIN_ANSWERS` (5) trainees answered: below that
  nothing but the count is shown to anyone, because a handful of answers can be traced back.
- Means are exact fractions shown with two decimals truncated toward zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

QUESTIONS = ("content", "instructor", "environment", "usefulness", "overall")
SCALE = (1, 2, 3, 4, 5)
MIN_ANSWERS = 5
OPENS_BEFORE_END = timedelta(days=6)
OPEN_AFTER_END = timedelta(days=30)


def window(ends_on: date) -> tuple[date, date]:
    return ends_on - OPENS_BEFORE_END, ends_on + OPEN_AFTER_END


def refusal(ends_on: date, today: date) -> str | None:
    first, last = window(ends_on)
    if today < first:
        return "not_open"
    if today > last:
        return "closed"
    return None


def valid(ratings: Sequence[int]) -> bool:
    return len(ratings) == len(QUESTIONS) and all(
        not isinstance(r, bool) and isinstance(r, int) and r in SCALE for r in ratings
    )


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    mean: Fraction
    distribution: tuple[int, ...]  # answers per scale point, 1 first


@dataclass(frozen=True)
class Aggregate:
    answers: int
    shown: bool  # False below MIN_ANSWERS: only the count may be shown
    questions: tuple[QuestionSummary, ...] = ()
    overall_mean: Fraction | None = None


def aggregate(responses: Sequence[Sequence[int]]) -> Aggregate:
    count = len(responses)
    if count < MIN_ANSWERS:
        return Aggregate(count, False)
    summaries = []
    for index, question in enumerate(QUESTIONS):
        values = [r[index] for r in responses]
        summaries.append(
            QuestionSummary(
                question, Fraction(sum(values), count), tuple(values.count(point) for point in SCALE)
            )
        )
    overall = Fraction(sum(sum(r) for r in responses), count * len(QUESTIONS))
    return Aggregate(count, True, tuple(summaries), overall)


def mean_text(value: Fraction) -> str:
    hundredths = int(value * 100)
    return f"{hundredths // 100}.{hundredths % 100:02d}"
