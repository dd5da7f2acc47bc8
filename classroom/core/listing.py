"""Long lists read one page at a time: LIMIT/OFFSET for the rows, one COUNT for the total.

Services build their statement (tenant filter, search, filters), name the columns a list may
be sorted by, and hand both to `fetch`; nothing ever loads a whole table to show fifty rows.
The request side (which page, which sort) arrives as a `PageRequest` that pages parse from
the query string, so a bookmarked or shared link shows the same page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S", bound=Any)

PAGE_SIZES = (20, 50, 100, 200)
DEFAULT_SIZE = 50
MAX_PAGE = 100_000


@dataclass(frozen=True)
class PageRequest:
    """Which slice of a list to show: 1-based page, rows per page, sort key and direction."""

    page: int = 1
    size: int = DEFAULT_SIZE
    sort: str | None = None
    descending: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.page <= MAX_PAGE:
            raise ValueError(f"page out of range: {self.page}")
        if self.size not in PAGE_SIZES:
            raise ValueError(f"unsupported page size: {self.size}")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and where it sits in the whole (`total` rows match the filters)."""

    items: list[T]
    total: int
    page: int
    size: int
    sort: str
    descending: bool

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        """1-based position of the first row shown (0 when nothing matches)."""
        return 0 if not self.items else (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        return 0 if not self.items else self.first + len(self.items) - 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with each row converted (e.g. result tuples into row objects)."""
        return Page(
            [convert(item) for item in self.items],
            self.total,
            self.page,
            self.size,
            self.sort,
            self.descending,
        )


def like_pattern(text: str) -> str:
    """A case-insensitive substring pattern for `LIKE … ESCAPE '\\'`; `%` and `_` typed by
    people match themselves."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """`column` contains `text`, ignoring case."""
    return func.lower(column).like(like_pattern(text), escape="\\")


def count(session: Session, statement: Any) -> int:
    """Rows the statement would return, counted by the database."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int(session.exec(counted).one())


def sorted_by(
    statement: S,
    request: PageRequest,
    sorts: Mapping[str, Any],
    default: str,
    *,
    default_descending: bool = False,
    tie: Any = None,
) -> tuple[S, str, bool]:
    """Order by a whitelisted key (unknown keys fall back to `default`); `tie` (a unique
    column) keeps pages stable when sort values repeat."""
    chosen = request.sort is not None and request.sort in sorts
    key = request.sort if chosen and request.sort is not None else default
    descending = request.descending if chosen else default_descending
    picked = sorts[key]
    columns = list(picked) if isinstance(picked, list | tuple) else [picked]
    ordering = [c.desc() if descending else c.asc() for c in columns]
    if tie is not None:
        ordering.append(tie.desc() if descending else tie.asc())
    return statement.order_by(*ordering), key, descending


def fetch(
    session: Session,
    statement: S,
    request: PageRequest,
    sorts: Mapping[str, Any],
    default: str,
    *,
    default_descending: bool = False,
    tie: Any = None,
) -> Page[Any]:
    """Count the matches, then read the requested page in the requested order. A page past
    the end shows the last page (a list shrank since the link was made)."""
    total = count(session, statement)
    ordered, key, descending = sorted_by(
        statement, request, sorts, default, default_descending=default_descending, tie=tie
    )
    pages = max(1, math.ceil(total / request.size))
    page = min(request.page, pages)
    rows = list(session.exec(ordered.offset((page - 1) * request.size).limit(request.size)).all())
    return Page(rows, total, page, request.size, key, descending)
