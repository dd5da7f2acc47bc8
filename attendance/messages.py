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
}
