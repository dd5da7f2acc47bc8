"""Reading score and employment sheets (XLSX/CSV with Korean headers) into records, row by row,
with every problem named by its row number (the spreadsheet's own numbering, header = 1). The
caller stores nothing unless there are no problems at all (all-or-nothing).

Headers are matched after removing spaces and case (English aliases accepted); unknown columns
are ignored, a missing required column is one problem for the whole file.
- scores: 이메일 (required), 점수 (required, 0–100 with at most two decimals), 이름 (optional:
  when given it must match the trainee, so a sorted-differently column cannot give a score to
  the wrong person), 비고 (optional note).
- employment: 이메일 (required), 취업여부 (required: Y/N, 예/아니오, 취업/미취업, O/X),
  취업일 (YYYY-MM-DD; required when employed), 사업장명 (employer; required when employed),
  고용보험 (Y/N, 가입/미가입; required when employed), 이름 (optional, checked), 비고.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from quality.rules.scoring import parse_score

Cells = list[str]
MAX_NOTE = 500
MAX_EMPLOYER = 200

SCORE_COLUMNS = {
    "email": ("이메일", "email", "e-mail", "아이디"),
    "score": ("점수", "score", "평가점수"),
    "name": ("이름", "성명", "name"),
    "note": ("비고", "note", "메모"),
}
SCORE_REQUIRED = ("email", "score")

EMPLOYMENT_COLUMNS = {
    "email": ("이메일", "email", "e-mail", "아이디"),
    "employed": ("취업여부", "employed", "취업"),
    "starts_on": ("취업일", "입사일", "startdate", "starts_on"),
    "employer": ("사업장명", "회사명", "employer", "사업장"),
    "insured": ("고용보험", "고용보험가입", "insured", "고용보험가입여부"),
    "name": ("이름", "성명", "name"),
    "note": ("비고", "note", "메모"),
}
EMPLOYMENT_REQUIRED = ("email", "employed")

YES = {"y", "yes", "예", "o", "취업", "가입", "true", "1", "네"}
NO = {"n", "no", "아니오", "아니요", "x", "미취업", "미가입", "false", "0"}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    code: str
    params: dict[str, object] = field(default_factory=dict)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def columns(header: Cells, spec: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """Field → column index for the header row (first match wins)."""
    found: dict[str, int] = {}
    keys = [_key(h) for h in header]
    for name, aliases in spec.items():
        wanted = {_key(a) for a in aliases}
        for index, key in enumerate(keys):
            if key in wanted:
                found[name] = index
                break
    return found


def missing(
    found: Mapping[str, int], required: Iterable[str], spec: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """The required columns not found, by their Korean header."""
    return [spec[name][0] for name in required if name not in found]


def _cell(cells: Cells, found: Mapping[str, int], name: str) -> str:
    index = found.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def yes_no(text: str) -> bool | None:
    value = _key(text)
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def parse_day(text: str) -> date | None:
    value = text.strip().replace(".", "-").replace("/", "-")
    value = value.split(" ")[0]  # a spreadsheet date cell comes as "2026-03-02 00:00:00"
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class ScoreRow:
    row: int
    email: str
    name: str
    score: Fraction
    note: str


@dataclass(frozen=True)
class EmploymentRow:
    row: int
    email: str
    name: str
    employed: bool
    starts_on: date | None
    employer: str
    insured: bool
    note: str


def blank(cells: Cells) -> bool:
    return not any(c.strip() for c in cells)


def score_row(number: int, cells: Cells, found: Mapping[str, int]) -> ScoreRow | list[Problem]:
    problems: list[Problem] = []
    email = _cell(cells, found, "email").casefold()
    if not email:
        problems.append(Problem(number, "이메일", "required"))
    text = _cell(cells, found, "score")
    value = parse_score(text) if text else None
    if not text:
        problems.append(Problem(number, "점수", "required"))
    elif value is None:
        problems.append(Problem(number, "점수", "bad_score", {"value": text}))
    note = _cell(cells, found, "note")
    if len(note) > MAX_NOTE:
        problems.append(Problem(number, "비고", "too_long", {"limit": MAX_NOTE}))
    if problems or value is None:
        return problems
    return ScoreRow(number, email, _cell(cells, found, "name"), value, note)


def employment_row(number: int, cells: Cells, found: Mapping[str, int]) -> EmploymentRow | list[Problem]:
    problems: list[Problem] = []
    email = _cell(cells, found, "email").casefold()
    if not email:
        problems.append(Problem(number, "이메일", "required"))
    employed_text = _cell(cells, found, "employed")
    employed = yes_no(employed_text)
    if employed is None:
        problems.append(Problem(number, "취업여부", "bad_yes_no", {"value": employed_text}))
    day_text = _cell(cells, found, "starts_on")
    starts_on = parse_day(day_text) if day_text else None
    if day_text and starts_on is None:
        problems.append(Problem(number, "취업일", "bad_date", {"value": day_text}))
    employer = _cell(cells, found, "employer")
    insured_text = _cell(cells, found, "insured")
    insured = yes_no(insured_text) if insured_text else None
    if insured_text and insured is None:
        problems.append(Problem(number, "고용보험", "bad_yes_no", {"value": insured_text}))
    if employed:
        if not day_text:
            problems.append(Problem(number, "취업일", "required"))
        if not employer:
            problems.append(Problem(number, "사업장명", "required"))
        if not insured_text:
            problems.append(Problem(number, "고용보험", "required"))
    if len(employer) > MAX_EMPLOYER:
        problems.append(Problem(number, "사업장명", "too_long", {"limit": MAX_EMPLOYER}))
    note = _cell(cells, found, "note")
    if len(note) > MAX_NOTE:
        problems.append(Problem(number, "비고", "too_long", {"limit": MAX_NOTE}))
    if problems or employed is None:
        return problems
    return EmploymentRow(
        number,
        email,
        _cell(cells, found, "name"),
        employed,
        starts_on if employed else None,
        employer if employed else "",
        bool(insured) if employed else False,
        note,
    )
