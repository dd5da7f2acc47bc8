"""Grading an exam and the score that decides completion (DOMAIN.md "Performance evaluation").

- Objective items are graded when the attempt closes: a single-choice item earns its points when
  the one chosen option is the correct one; a multiple-choice item only when the chosen set is
  exactly the correct set (no partial credit: a guess at every option earns nothing); a short
  answer when it equals one of the accepted answers after normalising both (Unicode NFKC, case
  folded, surrounding and repeated white space removed). An essay waits for the instructor, who
  gives 0..its points (whole points). Any item may be regraded by a person.
- Score = 100 × points earned ÷ points possible, kept as an exact fraction. Pass ⇔ score ≥ the
  course's pass mark, compared exactly (66⅔ fails a pass mark of 67, 60 passes 60).
- Shown with at most two decimals, truncated toward zero, so a shown score never overstates
  (66⅔ shows as 66.66, 59.999… can never show as 60). Offline scores are entered with at most
  two decimals and are therefore shown exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from quality.rules.kinds import QuestionKind

MAX_SCORE = 100
SCORE_DECIMALS = 2


@dataclass(frozen=True)
class Item:
    """One question of an attempt as it was drawn (a snapshot: editing the bank later changes
    neither the questions a trainee saw nor how they are graded)."""

    question_id: str
    kind: QuestionKind
    points: int
    choices: tuple[str, ...] = ()
    correct: frozenset[int] = frozenset()
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Response:
    choices: frozenset[int] = field(default_factory=frozenset)
    text: str = ""

    @property
    def empty(self) -> bool:
        return not self.choices and not self.text.strip()


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def auto_points(item: Item, response: Response | None) -> int | None:
    """Points the machine gives, or None for an essay (a person grades it)."""
    if item.kind is QuestionKind.ESSAY:
        return None
    if response is None or response.empty:
        return 0
    if item.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if item.kind is QuestionKind.SINGLE and len(response.choices) != 1:
            return 0
        return item.points if response.choices == item.correct else 0
    answer = normalise(response.text)
    return item.points if any(answer == normalise(a) for a in item.accepted) else 0


def check_points(points: int, possible: int) -> None:
    if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= possible:
        raise ValueError(f"points must be a whole number 0..{possible}, got {points!r}")


def score(earned: int, possible: int) -> Fraction:
    if possible <= 0:
        raise ValueError("an exam needs at least one point to earn")
    check_points(earned, possible)
    return Fraction(MAX_SCORE * earned, possible)


def total(points: Iterable[int | None]) -> int | None:
    """The sum, or None while any item is still ungraded."""
    values = list(points)
    if any(p is None for p in values):
        return None
    return sum(p for p in values if p is not None)


def passed(value: Fraction, pass_mark: int) -> bool:
    return value >= pass_mark


def hundredths(value: Fraction) -> int:
    """The score in hundredths of a point, truncated toward zero (how it is shown)."""
    return int(value * 100)  # int() truncates toward zero; scores are never negative


def shown(value: Fraction) -> str:
    """'87.5', '66.66', '100' (truncated to two decimals, trailing zeros dropped)."""
    whole, rest = divmod(hundredths(value), 100)
    if rest == 0:
        return str(whole)
    return f"{whole}.{rest:02d}".rstrip("0")


_SCORE_TEXT = re.compile(r"^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*$")


def parse_score(text: str) -> Fraction | None:
    """An entered score ('87', '87.5', '87,25') as an exact fraction; None when it is not a
    number 0–100 with at most two decimals."""
    match = _SCORE_TEXT.match(text)
    if match is None:
        return None
    whole, decimals = match.group(1), match.group(2) or ""
    value = Fraction(int(whole)) + (Fraction(int(decimals), 10 ** len(decimals)) if decimals else 0)
    return value if 0 <= value <= MAX_SCORE else None


def exact_decimal(value: Fraction) -> bool:
    """True when the score has at most two decimals (offline scores must)."""
    return (value * 100).denominator == 1
