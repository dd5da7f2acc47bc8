"""Reading a roster file (CSV or XLSX) as a stream of rows, safe against hostile files: the
reading itself is `classroom.core.tabular` (shared with the other imports); this module words
its refusals as a roster's."""

from __future__ import annotations

from collections.abc import Iterator

from classroom.core.errors import BadRequest, ValidationFailed
from classroom.core.tabular import FileErrors, Row, scan_limit
from classroom.core.tabular import read_rows as read_table

__all__ = ["ROSTER_ERRORS", "Row", "read_rows", "scan_limit", "too_many_rows", "unreadable"]

ROSTER_ERRORS = FileErrors(
    bad_file=("roster.bad_file", "roster_bad_file"),
    too_many_rows=("roster.too_many_rows", "roster_too_many_rows"),
    bomb=("roster.bomb", "roster_too_large_inflated"),
    bad_csv=("roster.bad_csv", "roster_bad_csv"),
)


def unreadable() -> BadRequest:
    return ROSTER_ERRORS.unreadable()


def too_many_rows(max_rows: int) -> ValidationFailed:
    return ROSTER_ERRORS.rows_over(max_rows)


def read_rows(filename: str, data: bytes, *, max_rows: int) -> Iterator[Row]:
    """Every physical row (header first) as stripped text cells, streamed."""
    return read_table(filename, data, max_rows=max_rows, errors=ROSTER_ERRORS)
