"""Korean / English texts of the attendance domain: errors, refusals, labels."""

MESSAGES: dict[str, dict[str, str]] = {
    # Day statuses (rules/kinds.py)
    "day.status.present": {"ko": "출석", "en": "Present"},
    "day.status.late": {"ko": "지각", "en": "Late"},
    "day.status.early_leave": {"ko": "조퇴", "en": "Left early"},
    "day.status.going_out": {"ko": "외출", "en": "Went out"},
    "day.status.absent": {"ko": "결석", "en": "Absent"},
    "day.status.excused": {"ko": "공가", "en": "Excused"},
    "day.status.leave": {"ko": "휴가", "en": "Leave"},
    "day.status.pending": {"ko": "예정", "en": "Upcoming"},
    "event.kind.check_in": {"ko": "입실", "en": "Check-in"},
    "event.kind.check_out": {"ko": "퇴실", "en": "Check-out"},
    "event.kind.live_join": {"ko": "실시간 입장", "en": "Joined live"},
    "event.kind.live_leave": {"ko": "실시간 퇴장", "en": "Left live"},
    "event.kind.live_reconnect": {"ko": "재접속", "en": "Reconnected"},
    "event.kind.check_answered": {"ko": "출석 확인 응답", "en": "Check answered"},
    "event.kind.check_missed": {"ko": "출석 확인 미응답", "en": "Check missed"},
    "event.kind.vod_progress": {"ko": "이러닝 진도", "en": "VOD progress"},
    "event.kind.media": {"ko": "영상·음성 상태", "en": "Media state"},
    "event.kind.excused": {"ko": "공가", "en": "Excused"},
    "event.kind.leave": {"ko": "휴가", "en": "Leave"},
    "event.kind.onsite_absent": {"ko": "현장 미출석 확인", "en": "Absent on site"},
    "event.kind.void": {"ko": "정정으로 취소", "en": "Withdrawn by correction"},
    "event.source.qr": {"ko": "QR", "en": "QR"},
    "event.source.staff": {"ko": "직원 입력", "en": "Staff entry"},
    "event.source.supervisor": {"ko": "현장교사 확인", "en": "Supervisor"},
    "event.source.live": {"ko": "실시간 강의실", "en": "Live room"},
    "event.source.media": {"ko": "미디어 서버", "en": "Media server"},
    "event.source.content": {"ko": "이러닝 진도", "en": "Content progress"},
    "event.source.api": {"ko": "기관 시스템(API)", "en": "Institution system (API)"},
    "event.source.correction": {"ko": "출결 정정", "en": "Correction"},
    "correction.status.pending": {"ko": "검토 중", "en": "Pending"},
    "correction.status.approved": {"ko": "승인", "en": "Approved"},
    "correction.status.rejected": {"ko": "반려", "en": "Rejected"},
    "signal.kind.same_ip": {"ko": "동일 IP 다수 접속", "en": "Several trainees on one IP"},
    "signal.kind.shared_device": {"ko": "한 기기에서 다른 계정", "en": "Another account on the same device"},
    "signal.kind.double_connection": {"ko": "한 계정 동시 접속", "en": "One account connected twice"},
    "signal.kind.vod_too_fast": {"ko": "실제 시간보다 빠른 진도", "en": "VOD progress faster than real time"},
    "signal.kind.vod_unattended": {"ko": "장시간 무응답 재생", "en": "Playing for hours unattended"},
    "signal.kind.qr_many_from_device": {
        "ko": "한 기기에서 여러 QR 체크인",
        "en": "Many QR check-ins from one device",
    },
    "signal.kind.qr_late_token": {
        "ko": "만료된 QR로 체크인 시도",
        "en": "Check-in long after the code expired",
    },
    # Ingestion and staff entries
    "ingest.refused": {
        "ko": "출결 기록 {count}건이 올바르지 않아 아무것도 저장하지 않았습니다.",
        "en": "{count} attendance events are invalid; nothing was stored.",
    },
    "ingest.course_unknown": {
        "ko": "출결을 기록할 수 없는 과정입니다.",
        "en": "You cannot record attendance for this course.",
    },
    "ingest.not_enrolled": {
        "ko": "이 과정에 수강 중인 훈련생이 아닙니다.",
        "en": "This trainee is not enrolled in the course.",
    },
    "ingest.lesson_unknown": {
        "ko": "이 과정의 차시가 아닙니다.",
        "en": "This lesson is not part of the course.",
    },
    "ingest.naive_time": {"ko": "시각에 시간대를 포함해 주세요.", "en": "Give the time with its time zone."},
    "ingest.future": {
        "ko": "미래 시각은 기록할 수 없습니다.",
        "en": "A time in the future cannot be recorded.",
    },
    "entry.refused": {
        "ko": "입력한 출결 시각을 확인해 주세요.",
        "en": "Please check the attendance times entered.",
    },
    "entry.not_enrolled": {
        "ko": "이 과정에 수강 중인 훈련생이 아닙니다.",
        "en": "This trainee is not enrolled in the course.",
    },
    "entry.other_day": {
        "ko": "차시가 있는 날의 시각이어야 합니다.",
        "en": "The time must be on the lesson's day.",
    },
    "entry.future": {"ko": "아직 오지 않은 시각입니다.", "en": "That time has not come yet."},
    "entry.nothing": {
        "ko": "입실 또는 퇴실 시각을 입력해 주세요.",
        "en": "Enter a check-in or check-out time.",
    },
    "entry.out_pair": {
        "ko": "외출은 나간 시각과 돌아온 시각을 함께 입력해 주세요.",
        "en": "A going-out needs both the time out and the time back.",
    },
    "policy.refused": {
        "ko": "출결 기준을 저장하지 않았습니다. 값을 확인해 주세요.",
        "en": "The attendance policy was not saved; check the values.",
    },
    "policy.problem.unknown_field": {"ko": "알 수 없는 항목입니다.", "en": "Unknown setting."},
    "policy.problem.not_a_number": {
        "ko": "{low}~{high} 사이의 값을 입력해 주세요.",
        "en": "Enter a value between {low} and {high}.",
    },
    "policy.problem.out_of_range": {
        "ko": "{low}~{high} 사이여야 합니다.",
        "en": "Must be between {low} and {high}.",
    },
    # QR check-in refusals (checkin.py)
    "checkin.malformed": {
        "ko": "인식할 수 없는 QR 코드입니다. 강의실 화면의 QR 코드를 다시 찍어 주세요.",
        "en": "This QR code is not one of ours. Scan the code on the classroom screen again.",
    },
    "checkin.expired": {
        "ko": "QR 코드의 유효 시간이 지났습니다. 화면에 새로 표시된 QR 코드를 다시 찍어 주세요.",
        "en": "This QR code has expired. Scan the new code now on the screen.",
    },
    "checkin.future": {"ko": "아직 유효하지 않은 QR 코드입니다.", "en": "This QR code is not valid yet."},
    "checkin.not_enrolled": {
        "ko": "이 수업의 수강생이 아니어서 체크인할 수 없습니다.",
        "en": "You are not enrolled in this lesson's course, so you cannot check in.",
    },
    "checkin.replayed": {
        "ko": "이미 사용한 QR 코드입니다. 다음에 표시되는 QR 코드로 다시 시도해 주세요.",
        "en": "You have already used this QR code. Try again with the next code shown.",
    },
    "checkin.not_open_yet": {
        "ko": "아직 체크인 시간이 아닙니다. {start} 수업은 시작 {opens}분 전부터 체크인할 수 있습니다.",
        "en": "Check-in is not open yet: the {start} lesson opens {opens} minutes before it starts.",
    },
    "checkin.closed": {
        "ko": "이 수업의 체크인/체크아웃 시간이 끝났습니다.",
        "en": "Check-in and check-out for this lesson are closed.",
    },
    "checkin.shared_device": {
        "ko": "이 기기에서 {minutes}분 안에 다른 계정이 체크인했습니다. 본인 기기로 체크인해 주세요. (점검 기록에 남습니다)",
        "en": "Another account checked in on this device within {minutes} minutes. Use your own device (this is recorded for inspection).",
    },
    "checkin.network": {
        "ko": "교육기관 네트워크(와이파이)에 연결한 뒤 체크인해 주세요.",
        "en": "Connect to the institution's network (Wi-Fi) to check in.",
    },
    "checkin.ticket_expired": {
        "ko": "확인 시간이 지났습니다. QR 코드를 다시 찍어 주세요.",
        "en": "The confirmation timed out. Scan the QR code again.",
    },
    "checkin.not_qr_lesson": {
        "ko": "QR 체크인은 집체·현장실습 수업에서만 사용합니다.",
        "en": "QR check-in is for classroom and on-site lessons only.",
    },
    "attendance.export.sheet": {"ko": "출결 현황", "en": "Attendance"},
    "attendance.export.trainee": {"ko": "훈련생", "en": "Trainee"},
    "attendance.export.period": {"ko": "단위기간", "en": "Unit period"},
    "attendance.export.period_first": {"ko": "시작일", "en": "From"},
    "attendance.export.period_last": {"ko": "종료일", "en": "To"},
    "attendance.export.training_days": {"ko": "훈련일수", "en": "Training days"},
    "attendance.export.absent_days": {"ko": "결석일수", "en": "Absent days"},
    "attendance.export.incidents": {"ko": "지각·조퇴·외출", "en": "Lates, early leaves, goings-out"},
    "attendance.export.converted": {"ko": "환산 결석", "en": "Converted absences"},
    "attendance.export.rate": {"ko": "출석률", "en": "Attendance rate"},
    "attendance.export.long_days_paid": {"ko": "5시간 이상 지급일", "en": "Days ≥ 5 h paid"},
    "attendance.export.short_days_paid": {"ko": "5시간 미만 지급일", "en": "Days < 5 h paid"},
    "attendance.export.allowance": {"ko": "훈련장려금(원)", "en": "Allowance (KRW)"},
    "attendance.export.course_rate": {"ko": "과정 출석률", "en": "Course attendance rate"},
    "attendance.export.completed": {"ko": "수료 출석 요건", "en": "Meets completion attendance"},
    "onsite.order": {
        "ko": "퇴실 시각은 입실 시각보다 늦어야 합니다.",
        "en": "The time out must be after the time in.",
    },
    "onsite.not_over": {"ko": "아직 지나지 않은 퇴실 시각입니다.", "en": "That time out has not come yet."},
    # Corrections (corrections.py)
    "correction.too_late": {
        "ko": "출결 정정은 해당일 또는 다음 날({days}일 이내)까지만 신청할 수 있습니다.",
        "en": "Corrections are filed on the day or within {days} day(s) after.",
    },
    "correction.future": {
        "ko": "아직 오지 않은 날은 정정할 수 없습니다.",
        "en": "A day that has not come cannot be corrected.",
    },
    "correction.not_training_day": {
        "ko": "이 과정의 훈련일이 아닙니다.",
        "en": "That is not a training day of the course.",
    },
    "correction.nothing": {
        "ko": "정정할 입실·퇴실 시각, 공가 또는 취소할 기록을 입력해 주세요.",
        "en": "Give a check-in or check-out time, an excused day or the record to withdraw.",
    },
    "correction.not_pending": {
        "ko": "이미 처리된 정정 신청입니다.",
        "en": "This request has already been decided.",
    },
    "correction.not_own": {
        "ko": "본인의 출결만 정정 신청할 수 있습니다.",
        "en": "You can only file corrections for yourself.",
    },
    "correction.reason_required": {
        "ko": "사유와 증빙을 입력해 주세요.",
        "en": "Give the reason and the evidence.",
    },
    "correction.other_event": {
        "ko": "이 훈련생·날짜의 기록이 아닙니다.",
        "en": "That record is not this trainee's on this day.",
    },
}
