"""The list component's links: paging, sorting and filters stay in the query string."""

from __future__ import annotations

from starlette.requests import Request

from classroom.core.listing import Page, PageRequest, like_pattern
from classroom.web.listing import ListView, filter_value, page_request


def _request(query: str) -> Request:
    return Request(
        {"type": "http", "method": "GET", "path": "/users", "query_string": query.encode(), "headers": []}
    )


def _page(
    page: int = 3, total: int = 3_023, size: int = 50, sort: str = "name", descending: bool = False
) -> Page[int]:
    shown = max(0, min(size, total - (page - 1) * size))
    return Page(list(range(shown)), total, page, size, sort, descending)


def test_page_numbers_and_positions() -> None:
    page = _page()
    assert (page.first, page.last, page.pages, page.has_previous, page.has_next) == (101, 150, 61, True, True)
    last = _page(page=61)
    assert (last.first, last.last, last.has_next) == (3_001, 3_023, False)
    empty = _page(page=1, total=0)
    assert (empty.first, empty.last, empty.pages) == (0, 0, 1)


def test_links_keep_filters_and_reset_the_page_when_sorting() -> None:
    view = ListView(_page(), "/users", {"q": "김", "role": "trainee", "status": ""})
    assert view.page_url(4) == "/users?q=%EA%B9%80&role=trainee&sort=name&page=4"
    assert view.page_url(1) == "/users?q=%EA%B9%80&role=trainee&sort=name"
    assert view.sort_url("name") == "/users?q=%EA%B9%80&role=trainee&sort=-name"  # again: reversed
    assert view.sort_url("email") == "/users?q=%EA%B9%80&role=trainee&sort=email"
    assert view.aria_sort("name") == "ascending" and view.aria_sort("email") == "none"
    assert view.kept("sort", "size") == [("sort", "name")]
    assert view.url(size=100, page=None) == "/users?q=%EA%B9%80&role=trainee&sort=name&size=100"


def test_a_second_list_on_the_page_has_its_own_prefix_and_carries_the_first() -> None:
    picker = ListView(_page(page=2), "/c", {"cq": "박"}, prefix="c", keep={"q": "이", "page": "3"})
    assert picker.page_url(3) == "/c?q=%EC%9D%B4&page=3&cq=%EB%B0%95&csort=name&cpage=3"
    assert picker.kept("sort", "size") == [("csort", "name"), ("q", "이"), ("page", "3")]


def test_pager_shows_ends_and_neighbours_with_gaps() -> None:
    assert ListView(_page(page=30), "/x").pager() == [1, None, 28, 29, 30, 31, 32, None, 61]
    assert ListView(_page(page=1, total=120), "/x").pager() == [1, 2, 3]


def test_hand_edited_links_fall_back_to_defaults() -> None:
    assert page_request(_request("page=x&size=7&sort=-name")) == PageRequest(1, 50, "name", True)
    assert page_request(_request("page=-4&size=200")) == PageRequest(1, 200, None, False)
    assert page_request(_request("cpage=2&csort=email"), prefix="c") == PageRequest(2, 50, "email", False)
    assert filter_value(_request("role=god"), "role", ["trainee"]) == ""
    assert filter_value(_request("q=%20%EA%B9%80%20"), "q") == "김"


def test_search_text_matches_itself() -> None:
    assert like_pattern(" 50%_off\\ ") == "%50\\%\\_off\\\\%"
