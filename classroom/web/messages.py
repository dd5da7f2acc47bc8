"""Korean / English labels of the page shell: app name, navigation chrome, home page, errors and
labels every page shares (common.*). Each package's page labels live in web/<name>/messages.py."""

MESSAGES: dict[str, dict[str, str]] = {
    "app.name": {"ko": "스마트훈련 온라인 강의실", "en": "Smart-Training Classroom"},
    "nav.menu": {"ko": "메뉴", "en": "Menu"},
    "nav.home": {"ko": "홈", "en": "Home"},
    "nav.account": {"ko": "내 계정", "en": "My account"},
    "nav.logout": {"ko": "로그아웃", "en": "Sign out"},
    "error.title": {"ko": "요청을 처리할 수 없습니다", "en": "The request could not be completed"},
    "home.greeting": {"ko": "{name}님, 안녕하세요", "en": "Hello, {name}"},
    "home.change_password": {
        "ko": "임시 비밀번호를 쓰고 있습니다. 지금 비밀번호를 바꿔 주세요.",
        "en": "You are using a temporary password. Please change it now.",
    },
    "home.nothing_yet": {"ko": "아직 표시할 내용이 없습니다.", "en": "Nothing to show yet."},
    "common.save": {"ko": "저장", "en": "Save"},
    "common.search": {"ko": "검색", "en": "Search"},
    "common.created_at": {"ko": "등록일", "en": "Created"},
    "common.all": {"ko": "전체", "en": "All"},
    # The shared list component (web/listing.py, templates/_list.html).
    "common.list.range": {"ko": "{first:,}–{last:,}", "en": "{first:,}–{last:,}"},
    "common.list.of": {"ko": "/", "en": "of"},
    "common.list.nothing": {"ko": " · 해당하는 항목이 없습니다", "en": " · nothing matches"},
    # Korean counts carry their counter word; English shows the number ("1–50 of 3,023").
    "common.list.rows": {"ko": "{count:,}건", "en": "{count:,}"},
    "common.list.people": {"ko": "{count:,}명", "en": "{count:,}"},
    "common.list.courses": {"ko": "{count:,}개 과정", "en": "{count:,}"},
    "common.list.institutions": {"ko": "{count:,}개 기관", "en": "{count:,}"},
    "common.list.pages": {"ko": "페이지", "en": "Pages"},
    "common.list.previous": {"ko": "이전", "en": "Previous"},
    "common.list.next": {"ko": "다음", "en": "Next"},
    "common.list.reset": {"ko": "조건 지우기", "en": "Clear filters"},
    "common.list.per_page": {"ko": "한 페이지에", "en": "Per page:"},
    "common.list.all_status": {"ko": "모든 상태", "en": "All statuses"},
    # Short weekday names, Monday first (date.weekday() order).
    "common.weekday.0": {"ko": "월", "en": "Mon"},
    "common.weekday.1": {"ko": "화", "en": "Tue"},
    "common.weekday.2": {"ko": "수", "en": "Wed"},
    "common.weekday.3": {"ko": "목", "en": "Thu"},
    "common.weekday.4": {"ko": "금", "en": "Fri"},
    "common.weekday.5": {"ko": "토", "en": "Sat"},
    "common.weekday.6": {"ko": "일", "en": "Sun"},
    # Each language is named in itself (the language switch, the account page's choice).
    "common.language.ko": {"ko": "한국어", "en": "한국어"},
    "common.language.en": {"ko": "English", "en": "English"},
}
