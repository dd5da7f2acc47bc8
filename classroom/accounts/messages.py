"""Korean / English texts of the accounts domain: sign-in, passwords, users, roster import."""

MESSAGES: dict[str, dict[str, str]] = {
    "login.invalid": {
        "ko": "기관 코드, 이메일 또는 비밀번호가 올바르지 않습니다.",
        "en": "Institution code, e-mail or password is incorrect.",
    },
    "login.throttled": {
        "ko": "로그인 실패가 너무 많습니다. {minutes}분 후에 다시 시도해 주세요.",
        "en": "Too many failed sign-ins. Try again in {minutes} minute(s).",
    },
    "password.too_short": {
        "ko": "비밀번호는 8자 이상이어야 합니다.",
        "en": "The password needs at least 8 characters.",
    },
    "password.too_simple": {
        "ko": "비밀번호에는 글자와 숫자를 함께 써 주세요.",
        "en": "Use both letters and digits in the password.",
    },
    "password.wrong_current": {
        "ko": "현재 비밀번호가 맞지 않습니다.",
        "en": "The current password is wrong.",
    },
    "password.mismatch": {
        "ko": "새 비밀번호 확인이 일치하지 않습니다.",
        "en": "The new passwords do not match.",
    },
    "password.changed": {"ko": "비밀번호를 변경했습니다.", "en": "Password changed."},
    "user.email_invalid": {
        "ko": "이메일 형식이 올바르지 않습니다: {value}",
        "en": "Not a valid e-mail address: {value}",
    },
    "user.email_taken": {
        "ko": "이미 등록된 이메일입니다: {value}",
        "en": "This e-mail is already registered: {value}",
    },
    "user.name_required": {"ko": "이름을 입력해 주세요.", "en": "Please enter a name."},
    "user.card_invalid": {
        "ko": "내일배움카드 번호는 숫자 16자리여야 합니다: {value}",
        "en": "The learning card number must be 16 digits: {value}",
    },
    "user.phone_invalid": {
        "ko": "휴대폰 번호 형식이 올바르지 않습니다: {value}",
        "en": "Not a valid phone number: {value}",
    },
    "user.role_not_allowed": {
        "ko": "이 역할의 사용자는 만들 수 없습니다: {value}",
        "en": "You cannot create a user with this role: {value}",
    },
    "user.cannot_deactivate_self": {
        "ko": "자기 자신의 계정은 비활성화할 수 없습니다.",
        "en": "You cannot deactivate your own account.",
    },
    "user.cannot_reset_self": {
        "ko": "자기 비밀번호는 '내 계정'에서 변경해 주세요.",
        "en": "Change your own password on the 'My account' page.",
    },
    "user.created": {"ko": "사용자를 등록했습니다.", "en": "User created."},
    "roster.empty": {"ko": "명단 파일에 훈련생이 없습니다.", "en": "The roster file has no trainees."},
    "roster.bad_file": {
        "ko": "명단 파일을 읽을 수 없습니다. CSV(UTF-8 또는 CP949) 또는 XLSX 파일을 올려 주세요.",
        "en": "The roster file could not be read. Upload a CSV (UTF-8 or CP949) or XLSX file.",
    },
    "roster.missing_columns": {
        "ko": "필수 열이 없습니다: {columns}",
        "en": "Required columns are missing: {columns}",
    },
    "roster.duplicate_in_file": {
        "ko": "파일 안에서 이메일이 중복됩니다 ({other}행과 같음): {value}",
        "en": "E-mail repeated in the file (same as row {other}): {value}",
    },
    "roster.too_many_rows": {
        "ko": "한 번에 {limit}명까지 올릴 수 있습니다.",
        "en": "At most {limit} rows per file.",
    },
    "roster.rejected": {
        "ko": "명단에 오류가 {count}건 있어 아무것도 등록하지 않았습니다.",
        "en": "The roster has {count} error(s); nothing was imported.",
    },
    "roster.row_error": {"ko": "{row}행 {field}: {message}", "en": "Row {row}, {field}: {message}"},
    "roster.imported": {"ko": "훈련생 {count}명을 등록했습니다.", "en": "{count} trainee(s) imported."},
}
