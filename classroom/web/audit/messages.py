"""Korean / English labels of the activity log page and its home panel."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.audit": {"ko": "활동 기록", "en": "Activity log"},
    "audit.action": {"ko": "작업", "en": "Action"},
    "audit.all_actions": {"ko": "모든 작업", "en": "All actions"},
    "audit.all_institutions": {"ko": "모든 기관", "en": "All institutions"},
    "audit.from": {"ko": "시작일", "en": "From"},
    "audit.to": {"ko": "종료일", "en": "To"},
    "audit.when": {"ko": "일시", "en": "When"},
    "audit.target": {"ko": "대상", "en": "Target"},
    "audit.actor": {"ko": "수행자", "en": "By"},
    "audit.detail": {"ko": "내용", "en": "Detail"},
    "audit.export": {"ko": "CSV 내려받기", "en": "Download CSV"},
    "audit.older": {"ko": "이전 기록", "en": "Older entries"},
    "audit.target_kind": {"ko": "대상 종류", "en": "Object kind"},
    "audit.all_kinds": {"ko": "모든 대상", "en": "All objects"},
    "audit.actor_search": {"ko": "수행자 이름", "en": "Name of who acted"},
    "panel.audit": {"ko": "최근 활동 기록", "en": "Recent activity"},
    "panel.audit_none": {"ko": "기록이 없습니다.", "en": "No activity yet."},
}
