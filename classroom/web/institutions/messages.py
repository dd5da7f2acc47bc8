"""Korean / English labels of the institution pages (the operator's institution list)."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.institutions": {"ko": "훈련기관", "en": "Institutions"},
    "institution.name": {"ko": "기관명", "en": "Institution"},
    "institution.name_hint": {"ko": "예: 한빛직업전문학교", "en": "e.g. Hanbit Vocational School"},
    "institution.code": {"ko": "기관 코드", "en": "Code"},
    "institution.business_number": {"ko": "사업자등록번호", "en": "Business reg. no."},
    "institution.users": {"ko": "사용자 수", "en": "Users"},
    "institution.none": {"ko": "등록된 기관이 없습니다.", "en": "No institutions yet."},
    "institution.search": {"ko": "기관명·코드·사업자등록번호", "en": "Name, code or business number"},
    "institution.add": {"ko": "훈련기관 등록", "en": "Add institution"},
    "institution.admin": {"ko": "기관 관리자", "en": "Institution admin"},
    "institution.admin_name": {"ko": "관리자 이름", "en": "Admin name"},
    "institution.admin_email": {"ko": "관리자 이메일", "en": "Admin e-mail"},
    "institution.login_url": {"ko": "기관 전용 로그인 주소", "en": "Institution login address"},
    "institution.confirm_deactivate": {
        "ko": "{name:을} 정지합니다. 이 기관 사용자의 로그인이 모두 즉시 끝나고, 다시 활성화할 때까지 "
        "로그인과 캘린더 구독이 막힙니다.",
        "en": "Suspend {name}? Every user of this institution is signed out at once, and sign-in and "
        "calendar subscriptions are refused until it is reactivated.",
    },
}
