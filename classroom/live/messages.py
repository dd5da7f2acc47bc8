"""Korean / English texts of the live room (errors people read in the room or at its door)."""

MESSAGES: dict[str, dict[str, str]] = {
    "live.refused.not_teaching": {
        "ko": "이 강의의 담당 강사만 입장할 수 있습니다",
        "en": "Only the instructors of this lesson may enter",
    },
    "live.refused.not_enrolled": {
        "ko": "이 과정에 등록된 훈련생만 입장할 수 있습니다",
        "en": "Only trainees enrolled in this course may enter",
    },
    "live.refused.not_open": {
        "ko": "강의실은 {opens_at}에 열립니다 (시작 10분 전)",
        "en": "The room opens at {opens_at} (10 minutes before the start)",
    },
    "live.refused.removed": {
        "ko": "강사가 이 강의에서 내보냈습니다",
        "en": "The instructor removed you from this lesson",
    },
    "live.refused.role": {
        "ko": "실시간 강의에 입장할 수 없는 역할입니다",
        "en": "Your role cannot enter live lessons",
    },
    "live.origin": {
        "ko": "다른 사이트에서 연 연결은 받지 않습니다",
        "en": "Connections opened from another site are refused",
    },
    "live.observer": {"ko": "참관 중에는 글을 쓸 수 없습니다", "en": "Observers cannot write in the room"},
    "live.over": {"ko": "끝난 강의입니다 (읽기 전용)", "en": "This lesson is over (read only)"},
    "live.instructor_only": {"ko": "강사만 할 수 있습니다", "en": "Only the instructor can do that"},
    "live.not_yourself": {"ko": "자기 자신에게는 할 수 없습니다", "en": "You cannot do that to yourself"},
    "live.not_in_room": {"ko": "강의실에 접속해 있지 않습니다", "en": "You are not in the room"},
    "live.bad_message": {"ko": "알 수 없는 메시지입니다", "en": "Unknown or malformed message"},
    "live.chat.invalid": {
        "ko": "메시지는 1자 이상 {max}자 이하여야 합니다",
        "en": "A message must have 1 to {max} characters",
    },
    "live.chat.muted_all": {"ko": "강사가 채팅을 막았습니다", "en": "The instructor has turned chat off"},
    "live.chat.muted": {"ko": "강사가 내 채팅을 막았습니다", "en": "The instructor has muted your chat"},
    "live.chat.rate": {
        "ko": "메시지를 너무 빨리 보내고 있습니다. {seconds}초 후에 다시 보내세요",
        "en": "You are sending too fast: try again in {seconds} s",
    },
    "live.poll.invalid": {
        "ko": "질문과 {low}~{high}개의 보기(각 {max}자 이하)가 필요합니다",
        "en": "A poll needs a question and {low} to {high} options of at most {max} characters",
    },
    "live.poll.already_open": {"ko": "진행 중인 투표가 있습니다", "en": "A poll is already open"},
    "live.poll.closed": {"ko": "마감된 투표입니다", "en": "This poll is closed"},
    "live.poll.voted": {"ko": "이미 투표했습니다", "en": "You have already voted"},
    "live.poll.no_such_option": {"ko": "없는 보기입니다", "en": "No such option"},
    "live.check.already_open": {
        "ko": "진행 중인 출석 확인이 있습니다",
        "en": "An attendance check is already open",
    },
    "live.check.closed": {"ko": "응답 시간이 지났습니다", "en": "The time to answer is over"},
    "live.check.not_owed": {
        "ko": "확인이 시작된 뒤 입장해 응답 대상이 아닙니다",
        "en": "This check is not addressed to you",
    },
    "live.check.interval": {
        "ko": "무작위 확인 간격은 {low}~{high}분 사이여야 합니다",
        "en": "Random checks must be {low} to {high} minutes apart",
    },
}
