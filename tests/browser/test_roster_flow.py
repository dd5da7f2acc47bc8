"""An institution admin imports a roster: upload, check the preview, confirm, watch the job,
download the temporary passwords once; a new trainee then must change their password."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.roster_support import read_xlsx
from tests.browser.helpers import login, logout

pytestmark = pytest.mark.browser

ROSTER = "이름,이메일,휴대폰\n배서윤,seoyun.browser@mail.example,010-2345-6789\n문도현,dohyun.browser@mail.example,\n"


def test_roster_preview_confirm_progress_and_one_download(page, live_server, tmp_path: Path):  # type: ignore[no-untyped-def]
    roster = tmp_path / "명단.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    login(page, live_server.url, "hanbit", "admin@hanbit.example")
    page.goto(f"{live_server.url}/users")
    page.set_input_files("form[action='/users/import'] input[type=file]", str(roster))
    page.click("form[action='/users/import'] button[type=submit]")
    preview = page.locator("#import-preview")
    assert "훈련생 2명" in preview.inner_text() and "seoyun.browser@mail.example" in preview.inner_text()
    page.click("#confirm-import")
    page.wait_for_selector("#import-result", timeout=30_000)  # the job page refreshes until done
    assert "계정 2개를 만들었습니다" in page.locator("#import-result").inner_text()
    with page.expect_download() as download:
        page.click("#download-passwords")
    sheet = read_xlsx(Path(download.value.path()).read_bytes())
    passwords = {row[2]: row[3] for row in sheet[1:]}
    assert set(passwords) == {"seoyun.browser@mail.example", "dohyun.browser@mail.example"}
    page.click("#download-passwords")  # the second time, they are gone
    assert "이미 내려받았거나" in page.content()
    page.goto(f"{live_server.url}/users")
    assert page.locator("#import-history li").count() >= 1
    logout(page)

    login_url = f"{live_server.url}/login"
    page.goto(login_url)
    page.fill("input[name=institution]", "hanbit")
    page.fill("input[name=email]", "seoyun.browser@mail.example")
    page.fill("input[name=password]", str(passwords["seoyun.browser@mail.example"]))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/account?msg=password.must_change")
    assert "임시 비밀번호로 로그인했습니다" in page.content()
