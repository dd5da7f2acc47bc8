"""The activity log's CSV: the same readable names as the page, in Korean."""

from __future__ import annotations

from classroom.core import spreadsheets
from classroom.core.clock import to_seoul
from classroom.web.audit.objects import ShownEntry

CSV_LANG = "ko"
# The export is a file format (Korean headers, as the programme files it), not page text.
CSV_HEADERS = [
    "일시(KST)",
    "작업",
    "작업 코드",
    "대상 종류",
    "대상",
    "대상 ID",
    "수행자",
    "역할",
    "훈련기관",
    "내용",
]


def csv_bytes(entries: list[ShownEntry]) -> bytes:
    """Names and details are people's text: `core.spreadsheets` keeps them inert."""
    return spreadsheets.csv_bytes(
        CSV_HEADERS,
        (
            [
                to_seoul(e.entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.name,
                e.entry.action,
                e.kind,
                e.target.name if e.target else "",
                e.entry.target_id or "",
                e.entry.actor_name or "",
                e.actor_role,
                e.entry.institution_name or "",
                e.detail_text(),
            ]
            for e in entries
        ),
    )
