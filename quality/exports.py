"""CSV and XLSX files of the quality figures, with Korean headers (what institutions file and
inspectors audit), written by `core.spreadsheets` (text cells stay inert).

Percentages and scores are written as the pages show them (truncated, see the rules) and, for
rates, with the exact counts beside them so a spreadsheet can recompute; "–" where there is no
rate. Labels come from the catalogue (quality/messages.py, "quality.export.*").
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from classroom.core import i18n, spreadsheets
from classroom.core.spreadsheets import Value
from quality.completion import CompletionList
from quality.rates import CourseRates, Group
from quality.rules import employment as employment_rules
from quality.rules.completion import Reason
from quality.rules.scoring import shown

LANG = "ko"
DASH = "–"


def _h(keys: Sequence[str]) -> list[str]:
    return [i18n.t(f"quality.export.{key}", LANG) for key in keys]


PERCENT_FIGURES = {"rate", "threshold"}  # fractions of 1, shown as percentages


def reason_text(reason: Reason, lang: str) -> str:
    """A completion reason in words, its figures shown as the pages show them."""
    params: dict[str, object] = {}
    for key, value in reason.params().items():
        if value is None:
            params[key] = DASH
        elif isinstance(value, Fraction):
            params[key] = employment_rules.percent_text(value) if key in PERCENT_FIGURES else shown(value)
        else:
            params[key] = value
    return i18n.t(f"quality.reason.{reason.code}", lang, **params)


COMPLETION = (
    "name",
    "email",
    "enrolled",
    "attendance",
    "score",
    "pass_mark",
    "state",
    "reasons",
    "confirmed",
)


def completion_rows(listing: CompletionList) -> list[list[Value]]:
    out: list[list[Value]] = []
    for line in listing.lines:
        out.append(
            [
                line.name,
                line.email,
                "Y" if line.enrolled else "N",
                DASH if line.attendance.rate is None else employment_rules.percent_text(line.attendance.rate),
                DASH if line.score is None else shown(line.score),
                line.pass_mark,
                i18n.t(line.decision.state.label_key, LANG),
                "; ".join(reason_text(r, LANG) for r in line.decision.reasons),
                "" if line.confirmed is None else ("Y" if line.confirmed.completed else "N"),
            ]
        )
    return out


def completion_csv(listing: CompletionList) -> bytes:
    return spreadsheets.csv_bytes(_h(COMPLETION), completion_rows(listing))


def completion_xlsx(listing: CompletionList) -> bytes:
    return spreadsheets.xlsx_bytes(
        i18n.t("quality.export.completion_sheet", LANG),
        _h(COMPLETION),
        completion_rows(listing),
        widths=[12, 28, 8, 12, 10, 10, 10, 40, 10],
    )


RATES = (
    "institution",
    "course",
    "ends_on",
    "completers",
    "employed_3_insured",
    "rate_3_insured",
    "employed_3_all",
    "rate_3_all",
    "employed_6_insured",
    "rate_6_insured",
    "employed_6_all",
    "rate_6_all",
    "high_performing",
    "final_6",
)


def _rate(counts: employment_rules.Counts, months: int, insured_only: bool) -> list[Value]:
    value = counts.rate(months, insured_only=insured_only)
    return [
        counts.at(months, insured_only=insured_only),
        DASH if value is None else employment_rules.percent_text(value),
    ]


def rate_rows(items: Sequence[CourseRates]) -> list[list[Value]]:
    out: list[list[Value]] = []
    for item in items:
        high = item.counts.high_performing
        out.append(
            [
                item.institution_name,
                item.title,
                item.ends_on.isoformat(),
                item.counts.completers,
                *_rate(item.counts, 3, True),
                *_rate(item.counts, 3, False),
                *_rate(item.counts, 6, True),
                *_rate(item.counts, 6, False),
                DASH if high is None else ("Y" if high else "N"),
                "Y" if item.final(6) else "N",
            ]
        )
    return out


def group_rows(groups: Sequence[Group]) -> list[list[Value]]:
    return [
        [
            group.label,
            i18n.t("quality.export.pooled", LANG),
            "",
            group.counts.completers,
            *_rate(group.counts, 3, True),
            *_rate(group.counts, 3, False),
            *_rate(group.counts, 6, True),
            *_rate(group.counts, 6, False),
            f"{group.high_performing}/{group.courses}",
            "",
        ]
        for group in groups
    ]


def rates_csv(items: Sequence[CourseRates], groups: Sequence[Group]) -> bytes:
    return spreadsheets.csv_bytes(_h(RATES), [*rate_rows(items), *group_rows(groups)])


def rates_xlsx(items: Sequence[CourseRates], groups: Sequence[Group]) -> bytes:
    return spreadsheets.xlsx_bytes(
        i18n.t("quality.export.rates_sheet", LANG),
        _h(RATES),
        [*rate_rows(items), *group_rows(groups)],
        widths=[18, 36, 12, 8, 8, 8, 8, 8, 8, 8, 8, 8, 10, 8],
    )
