"""Korean / English texts of the institutions domain: code rules and notices."""

MESSAGES: dict[str, dict[str, str]] = {
    "institution.code_invalid": {
        "ko": "기관 코드는 영문 소문자, 숫자, 하이픈으로 3~32자여야 합니다.",
        "en": "The institution code must be 3-32 lowercase letters, digits or hyphens.",
    },
    "institution.business_number_invalid": {
        "ko": "사업자등록번호는 123-45-67890처럼 10자리이며 마지막 자리(검증번호)가 맞아야 합니다. "
        "사업자등록증의 번호를 다시 확인해 주세요.",
        "en": "A business registration number has 10 digits (e.g. 123-45-67890) and its last digit "
        "is a check digit that does not match; please check the number on the registration certificate.",
    },
    "institution.code_taken": {
        "ko": "이미 쓰이는 기관 코드입니다: {value}",
        "en": "This institution code is taken: {value}",
    },
    "institution.created": {"ko": "훈련기관을 등록했습니다.", "en": "Institution created."},
    "institution.updated": {"ko": "훈련기관 정보를 변경했습니다.", "en": "Institution updated."},
}
