"""Korean public holidays from the `holidays` package: lunar ones (설날, 추석), substitute
holidays (대체공휴일) and election days, named in the language the caller asks the package for."""

from __future__ import annotations

from datetime import date

import holidays as calendars
from holidays.countries.south_korea import SouthKorea

from classroom.courses.rules.recurrence import DaysOff


def korean_holidays(first_year: int, last_year: int, language: str) -> DaysOff:
    """Days off of Korea in `first_year`..`last_year`; `language` is one of the package's own
    language codes ("ko", "en_US").

    The package only knows lunar dates for a bounded range of years and returns *nothing*
    outside it (no error), which would quietly schedule classes on 추석; refuse instead."""
    supported_from, supported_to = SouthKorea.start_year, SouthKorea.end_year
    if first_year < supported_from or last_year > supported_to:
        raise ValueError(
            f"Korean holiday calendar covers {supported_from}..{supported_to}, not"
            f" {first_year}..{last_year}; expand without days off or with your own"
        )
    calendar = calendars.country_holidays("KR", years=range(first_year, last_year + 1), language=language)

    def name(day: date) -> str | None:
        # get_list rather than get: get() joins same-day holidays with "; " internally.
        names: list[str] = calendar.get_list(day)
        return ", ".join(names) if names else None

    return name
