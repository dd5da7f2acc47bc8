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
        "ko": "비밀번호는 10자 이상이어야 합니다.",
        "en": "The password needs at least 10 characters.",
    },
    "password.too_long": {
        "ko": "비밀번호는 200자까지 쓸 수 있습니다.",
        "en": "The password can have at most 200 characters.",
    },
    "password.too_simple": {
        "ko": "숫자만으로 된 비밀번호나 같은 글자를 되풀이한 비밀번호는 쓸 수 없습니다.",
        "en": "A password of digits only, or of a few repeated characters, cannot be used.",
    },
    "password.control_character": {
        "ko": "비밀번호에 제어 문자를 쓸 수 없습니다.",
        "en": "The password cannot contain control characters.",
    },
    "password.personal": {
        "ko": "이메일 아이디나 이름이 들어간 비밀번호는 쓸 수 없습니다.",
        "en": "The password cannot contain your e-mail name or your name.",
    },
    "password.common": {
        "ko": "너무 흔한 비밀번호입니다. 다른 비밀번호를 정해 주세요.",
        "en": "This password is too common. Choose another one.",
    },
    "password.same_as_current": {
        "ko": "새 비밀번호가 지금 비밀번호와 같습니다.",
        "en": "The new password is the same as the current one.",
    },
    "password.must_change": {
        "ko": "임시 비밀번호로 로그인했습니다. 계속하려면 먼저 비밀번호를 변경해 주세요.",
        "en": "You signed in with a temporary password. Change your password to continue.",
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
    "user.name_too_long": {
        "ko": "이름은 {limit}자까지 쓸 수 있습니다.",
        "en": "A name can have at most {limit} characters.",
    },
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
        "ko": "한 번에 {limit}명까지 올릴 수 있습니다(빈 행이 매우 많은 파일도 읽지 않습니다).",
        "en": "At most {limit} rows per file (files with a great many blank rows are not read either).",
    },
    "roster.rejected": {
        "ko": "명단에 오류가 {count}건 있어 아무것도 등록하지 않았습니다.",
        "en": "The roster has {count} error(s); nothing was imported.",
    },
    "roster.bad_csv": {
        "ko": "CSV 파일 {row}행의 형식이 잘못되었습니다(따옴표, 빈 문자 또는 너무 긴 값). 엑셀에서 다시 저장해 올려 주세요.",
        "en": "Row {row} of the CSV file is malformed (quotes, NUL characters or an overlong value). Save it again from Excel and upload it.",
    },
    "roster.bomb": {
        "ko": "압축을 풀면 지나치게 커지는 파일이라 읽지 않았습니다.",
        "en": "The file would grow far too large when unpacked, so it was not read.",
    },
    "roster.control_character": {
        "ko": "이 행에 제어 문자가 들어 있습니다.",
        "en": "This row contains control characters.",
    },
    "roster.expired": {
        "ko": "확인하지 않은 채 1시간이 지나 명단이 삭제되었습니다. 다시 올려 주세요.",
        "en": "The roster was not confirmed within an hour and was discarded. Upload it again.",
    },
    "roster.taken_meanwhile": {
        "ko": "미리보기 이후 다른 곳에서 등록된 이메일이 있어 아무것도 등록하지 않았습니다 ({rows}행).",
        "en": "Some e-mails were registered elsewhere since the preview, so nothing was imported (row(s) {rows}).",
    },
    "roster.passwords_gone": {
        "ko": "임시 비밀번호는 이미 내려받았거나 보관 기간이 지났습니다. 필요하면 해당 계정의 비밀번호를 초기화해 주세요.",
        "en": "The temporary passwords were already downloaded or have expired. Reset those accounts' passwords if needed.",
    },
    "roster.sheet.title": {"ko": "임시 비밀번호", "en": "Temporary passwords"},
    "roster.sheet.row": {"ko": "행", "en": "Row"},
    "roster.sheet.name": {"ko": "이름", "en": "Name"},
    "roster.sheet.email": {"ko": "이메일", "en": "E-mail"},
    "roster.sheet.password": {"ko": "임시 비밀번호", "en": "Temporary password"},
    "roster.sheet.supplied": {"ko": "(명단의 초기 비밀번호)", "en": "(initial password from the roster)"},
    "job.kind.accounts.roster_import": {"ko": "훈련생 명단 등록", "en": "Roster import"},
    "roster.row_error": {"ko": "{row}행 {field}: {message}", "en": "Row {row}, {field}: {message}"},
    "roster.imported": {"ko": "훈련생 {count}명을 등록했습니다.", "en": "{count} trainee(s) imported."},
}
