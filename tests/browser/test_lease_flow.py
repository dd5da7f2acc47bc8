"""An institution leases a classroom, the operator approves it and closes the month; the
excellent institution sees a 50%-subsidised invoice, the other one pays in full."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from classroom.core.clock import SEOUL, FrozenClock, seoul_date
from tests.browser.helpers import confirm, login, logout

pytestmark = pytest.mark.browser


def _won(text: str) -> int:
    return int(text.strip().split()[0].replace("₩", "").replace("원", "").replace(",", ""))


def test_request_approve_close_and_subsidised_invoice(page, live_server):
    app = live_server.app
    real_clock = app.state.clock
    today = seoul_date(real_clock.now())
    month = f"{today:%Y-%m}"
    try:
        # 1. The excellent institution (hanbit) asks for one more classroom from today.
        login(page, live_server.url, "hanbit", "admin@hanbit.example")
        page.goto(f"{live_server.url}/leases")
        form = page.locator("#lease-request form")
        form.locator("input[name=classrooms]").fill("1")
        form.locator("input[name=note]").fill("브라우저 테스트 신청")
        form.locator("button[type=submit]").click()
        assert "임대를 신청했습니다" in page.locator(".flash").inner_text()
        logout(page)

        # 2. The operator approves it from the pending list.
        login(page, live_server.url, None, "operator@step.example")
        page.goto(f"{live_server.url}/leases")
        row = page.locator("#pending-requests tr", has_text="브라우저 테스트 신청")
        row.locator("form[action*='/approve'] button").click()
        confirm(page, "승인합니다")
        assert "임대를 승인했습니다" in page.locator(".flash").inner_text()
        logout(page)

        # 3. Once the month is over, the operator closes it (the server clock moves to the 1st).
        next_first = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        app.state.clock = FrozenClock(datetime(next_first.year, next_first.month, 1, 10, tzinfo=SEOUL))
        login(page, live_server.url, None, "operator@step.example")
        page.goto(f"{live_server.url}/billing")
        close = page.locator("#month-close form")
        close.locator("input[name=month]").fill(month)
        close.locator("button[type=submit]").click()
        assert month in confirm(page, "되돌릴 수 없습니다")
        # The close runs as a job: its page refreshes itself until the result is there.
        page.wait_for_selector("#close-result", timeout=30_000)
        assert f"{month} 마감" in page.locator("#close-result").inner_text()
        logout(page)

        # 4. hanbit sees the new invoice with half of the total subsidised.
        login(page, live_server.url, "hanbit", "admin@hanbit.example")
        page.goto(f"{live_server.url}/billing?month={month}")
        rows = page.locator("#invoice-list tbody tr")
        new_row = next(
            rows.nth(i)
            for i in range(rows.count())
            if rows.nth(i).locator("td").nth(1).inner_text().strip() == "1"
        )
        new_row.locator("a", has_text="이용료 명세서").click()
        total = _won(page.locator("#invoice-total").inner_text())
        subsidy = _won(page.locator("#invoice-subsidy").inner_text())
        share = _won(page.locator("#invoice-share").inner_text())
        days_left = (next_first - today).days
        assert total == 300_000 * days_left // (next_first - today.replace(day=1)).days
        assert subsidy == total // 2 and share == total - subsidy and subsidy > 0
        logout(page)

        # 5. mirae is not an excellent institution: no subsidy, it pays the whole fee.
        login(page, live_server.url, "mirae", "admin@mirae.example")
        page.goto(f"{live_server.url}/billing?month={month}")
        row = page.locator("#invoice-list tbody tr").first
        assert _won(row.locator("td.subsidy").inner_text()) == 0
        assert _won(row.locator("td.share").inner_text()) == 300_000
        logout(page)
    finally:
        app.state.clock = real_clock
