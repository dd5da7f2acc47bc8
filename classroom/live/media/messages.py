"""Korean / English texts of the media layer."""

MESSAGES: dict[str, dict[str, str]] = {
    "media.no_seat": {
        "ko": "강의실에 입장한 뒤에 영상에 참여할 수 있습니다",
        "en": "Enter the live room before joining its audio and video",
    },
    "media.staff_only": {
        "ko": "강사와 참관인만 볼 수 있습니다",
        "en": "Only instructors and observers can see this",
    },
    "media.events_refused": {
        "ko": "미디어 서버 이벤트를 받을 수 없습니다",
        "en": "Media server events are refused",
    },
    "media.not_configured": {
        "ko": "영상·음성 서버가 설정되지 않았습니다",
        "en": "No audio/video server is configured",
    },
}
