"""Paging query parameters shared by list endpoints, bounded so no database sees an overflowing integer."""

from typing import Annotated

from fastapi import Path, Query

MAX_OFFSET = 10_000_000

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

# Programme years and report filters: a sane calendar range, so date(year, …) never overflows.
YearPath = Annotated[int, Path(ge=2000, le=2100)]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]
