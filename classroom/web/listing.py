"""The one list component of staff pages: paging, sort and filters live in the query string.

A page reads its `PageRequest` and filters from the URL (`page_request`, `filter_value`) and
hands the service's `Page` to the template as a `ListView`; the `_list.html` macros then draw
"1–50 / 3,023명", the pager, sortable headers and the hidden fields that keep the current sort
when the search form is submitted. Links are plain GETs: bookmarks work, no script needed.
Malformed values (a hand-edited link) fall back to defaults rather than an error page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from classroom.core.listing import DEFAULT_SIZE, MAX_PAGE, PAGE_SIZES, Page, PageRequest

MAX_FILTER = 200  # longest search text or filter value taken from a URL
LIST_STATE = ("sort", "size", "page")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def page_request(request: Request, *, size: int = DEFAULT_SIZE, prefix: str = "") -> PageRequest:
    """`?page=3&size=100&sort=-name` → page 3 of 100 rows sorted by name, descending. A page
    with two lists gives the second a `prefix` (`?cpage=2`)."""
    params = request.query_params
    page = min(max(_int(params.get(f"{prefix}page"), 1), 1), MAX_PAGE)
    wanted = _int(params.get(f"{prefix}size"), size)
    sort = (params.get(f"{prefix}sort") or "")[:40]
    descending = sort.startswith("-")
    return PageRequest(
        page=page,
        size=wanted if wanted in PAGE_SIZES else size,
        sort=sort.lstrip("-") or None,
        descending=descending,
    )


def filter_value(request: Request, name: str, allowed: Iterable[str] | None = None) -> str:
    """A filter from the query string, trimmed; outside `allowed` it is no filter at all."""
    value = (request.query_params.get(name) or "").strip()[:MAX_FILTER]
    if allowed is not None and value not in set(allowed):
        return ""
    return value


def back_to_list(request: Request, path: str, filters: Iterable[str], **extra: str) -> str:
    """Where a list form's action sends the user back to: `path` (fixed by the route, never taken
    from the request) with the list state the form carried (`ListView.with_state`) and `extra`,
    e.g. the flash message."""
    names = {*filters, *LIST_STATE}
    params = {k: v[:MAX_FILTER] for k, v in request.query_params.items() if k in names and v}
    params.update(extra)
    query = urlencode(params)
    return f"{path}?{query}" if query else path


@dataclass(frozen=True)
class ListView:
    """A page of rows with the URL it came from, for the `_list.html` macros."""

    page: Page[Any]
    path: str
    filters: dict[str, str] = field(default_factory=dict)
    unit: str = "common.list.rows"  # message key of the count: "{count}명", "{count}건"…
    prefix: str = ""  # of page/size/sort when a page shows two lists
    keep: dict[str, str] = field(default_factory=dict)  # the other list's state, carried along
    default_size: int = DEFAULT_SIZE

    @property
    def items(self) -> list[Any]:
        return self.page.items

    def _params(self, **changes: Any) -> dict[str, str]:
        """This list's state (filters, sort, size, page) with `changes`, un-prefixed names."""
        params = {k: v for k, v in self.filters.items() if v}
        sort = ("-" if self.page.descending else "") + self.page.sort
        params.update({"sort": sort, "size": str(self.page.size), "page": str(self.page.page)})
        for key, value in changes.items():
            if value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = str(value)
        if params.get("size") == str(self.default_size):
            params.pop("size")
        if params.get("page") == "1":
            params.pop("page")
        return params

    def _prefixed(self, params: dict[str, str]) -> dict[str, str]:
        paging = {"sort", "size", "page"}
        out = {k: v for k, v in self.keep.items() if v}
        out.update({(self.prefix + k if k in paging else k): v for k, v in params.items()})
        return out

    def url(self, **changes: Any) -> str:
        query = urlencode(self._prefixed(self._params(**changes)))
        return f"{self.path}?{query}" if query else self.path

    def query(self, **changes: Any) -> str:
        """The current filters (no page) as a query string, e.g. for a CSV link."""
        return urlencode(self._params(page=None, **changes))

    def with_state(self, path: str) -> str:
        """`path` carrying this list's whole state (filters, sort, size, page): the action of a
        form on the list (a row's button, the add form), so that the answer — the page drawn
        again or `back_to_list` — shows the list the user was looking at."""
        query = urlencode(self._prefixed(self._params()))
        return f"{path}?{query}" if query else path

    def page_url(self, number: int) -> str:
        return self.url(page=number)

    def sort_url(self, key: str) -> str:
        """Clicking a header sorts by it; clicking the sorted header again reverses it."""
        descending = not self.page.descending if key == self.page.sort else False
        return self.url(sort=("-" if descending else "") + key, page=None)

    def aria_sort(self, key: str) -> str:
        if key != self.page.sort:
            return "none"
        return "descending" if self.page.descending else "ascending"

    def kept(self, *names: str) -> list[tuple[str, str]]:
        """Hidden fields a filter form carries so the sort and size survive a new search."""
        params = self._params(page=None)
        kept = [(self.prefix + k, v) for k, v in params.items() if k in names]
        return kept + [(k, v) for k, v in self.keep.items() if v]

    def sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES

    def pager(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: first, last and `around` either side; None marks a gap."""
        last, current = self.page.pages, self.page.page
        shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
        out: list[int | None] = []
        for number in shown:
            previous = out[-1] if out else None
            if previous is not None and number - previous > 1:
                out.append(None)
            out.append(number)
        return out
