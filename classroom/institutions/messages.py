"""Korean / English texts of the institutions domain: code rules and notices."""

MESSAGES: dict[str, dict[str, str]] = {
    "institution.code_invalid": {
        "ko": "기관 코드는 영문 소문자, 숫자, 하이픈으로 3~32자여야 합니다.",
        "en": "The institution code must be 3-32 lowercase letters, digits or hyphens.",
    },
    "institution.code_taken": {
        "ko": "이미 쓰이는 기관 코드입니다: {value}",
        "en": "This institution code is taken: {value}",
    },
    "institution.created": {"ko": "훈련기관을 등록했습니다.", "en": "Institution created."},
    "institution.updated": {"ko": "훈련기관 정보를 변경했습니다.", "en": "Institution updated."},
}
