"""The core catalogue: errors, field problems and role names."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.not_found": {"ko": "요청한 항목을 찾을 수 없습니다.", "en": "The requested item was not found."},
    "error.route_not_found": {"ko": "없는 주소입니다.", "en": "No such address."},
    "error.method_not_allowed": {"ko": "허용되지 않는 요청 방식입니다.", "en": "Method not allowed."},
    "error.unauthenticated": {"ko": "로그인이 필요합니다.", "en": "Please sign in."},
    "error.forbidden": {"ko": "이 작업을 할 권한이 없습니다.", "en": "You are not allowed to do this."},
    "error.validation": {"ko": "입력값을 확인해 주세요.", "en": "Please check the input."},
    "error.csrf": {
        "ko": "보안 토큰이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
        "en": "Security token missing or expired. Reload the page and try again.",
    },
    "error.internal": {
        "ko": "서버 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
        "en": "Internal error. Please try again later.",
    },
    "error.too_large": {
        "ko": "파일이 너무 큽니다 (최대 {limit}).",
        "en": "The file is too large (max {limit}).",
    },
    "error.busy": {
        "ko": "요청이 많아 지금은 처리할 수 없습니다. {seconds}초 후에 다시 시도해 주세요.",
        "en": "The server is busy. Please try again in {seconds} s.",
    },
    "error.control_characters": {
        "ko": "입력값에 제어 문자(보이지 않는 특수 문자)가 들어 있습니다. 해당 항목을 다시 입력해 주세요.",
        "en": "The input contains control characters (invisible special characters). Please retype the field.",
    },
    "field.control_characters": {
        "ko": "제어 문자는 입력할 수 없습니다 (줄바꿈은 여러 줄 입력란에서만 가능합니다).",
        "en": "Control characters are not allowed (line breaks only in multi-line fields).",
    },
    "error.conflict_stored": {
        "ko": "저장된 다른 기록과 충돌하여 처리할 수 없습니다 (예: 다른 기록이 이 항목을 참조하고 있습니다).",
        "en": "This conflicts with other stored records (for example, other records still refer to it).",
    },
    "field.required": {"ko": "필수 항목입니다.", "en": "This field is required."},
    "field.invalid": {"ko": "올바르지 않은 값입니다.", "en": "Invalid value."},
    "field.integer": {
        "ko": "{minimum}~{maximum} 사이의 정수로 입력해 주세요.",
        "en": "Enter a whole number from {minimum} to {maximum}.",
    },
    "field.time": {
        "ko": "시각을 09:30처럼 시:분(00:00~23:59)으로 입력해 주세요.",
        "en": "Enter the time as hours:minutes from 00:00 to 23:59, e.g. 09:30.",
    },
    "field.date": {
        "ko": "날짜를 2027-05-31처럼 연-월-일로 입력해 주세요.",
        "en": "Enter the date as year-month-day, e.g. 2027-05-31.",
    },
    "field.amount": {
        "ko": "금액은 3,000,000처럼 0 이상의 원 단위 숫자로 입력해 주세요 (쉼표, ₩·원, 만·억 단위를 쓸 수 있습니다).",
        "en": "Enter the amount as a whole number of won, 0 or more, e.g. 3,000,000 "
        "(commas, ₩ and Korean units such as 만 are accepted).",
    },
    "role.operator": {"ko": "운영기관", "en": "Operator"},
    "role.inspector": {"ko": "점검기관", "en": "Inspector"},
    "role.institution_admin": {"ko": "훈련기관 관리자", "en": "Institution admin"},
    "role.instructor": {"ko": "강사", "en": "Instructor"},
    "role.supervisor": {"ko": "현장교사", "en": "Supervisor"},
    "role.trainee": {"ko": "훈련생", "en": "Trainee"},
}
