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

# Texts of the media panel's script (static/media/live-media.js), passed with the room's texts.
MESSAGES.update(
    {
        "media.js.connecting": {"ko": "영상 서버에 연결 중…", "en": "Connecting to the video server…"},
        "media.js.live": {"ko": "영상 연결됨", "en": "Video connected"},
        "media.js.unavailable": {
            "ko": "지금은 영상·음성을 쓸 수 없습니다. 채팅과 출석은 계속됩니다. 자동으로 다시 연결합니다…",
            "en": "Audio and video are unavailable right now; chat and attendance go on. Retrying by itself…",
        },
        "media.js.not_configured": {
            "ko": "이 강의실에서는 영상·음성을 제공하지 않습니다. 외부 화상 링크가 있으면 그것을 이용하세요.",
            "en": "This room has no audio and video; use the external link if there is one.",
        },
        "media.js.ended": {
            "ko": "강의가 끝나 영상이 종료되었습니다.",
            "en": "The lesson ended; video is closed.",
        },
        "media.js.reconnecting": {
            "ko": "영상 연결이 불안정합니다. 다시 연결 중…",
            "en": "Video connection unstable. Reconnecting…",
        },
        "media.js.camera_denied": {
            "ko": "카메라·마이크 사용이 거부되었습니다. 브라우저 주소창의 권한 설정에서 허용해 주세요. 강의는 계속 볼 수 있습니다.",
            "en": "Camera and microphone were refused. Allow them in the browser's site settings; you can still watch.",
        },
        "media.js.camera_missing": {
            "ko": "카메라를 찾을 수 없습니다. 연결을 확인해 주세요. 강의는 계속 볼 수 있습니다.",
            "en": "No camera was found. Check it is connected; you can still watch.",
        },
        "media.js.insecure": {
            "ko": "이 주소(HTTPS 아님)에서는 카메라·마이크를 쓸 수 없습니다. 강의는 계속 볼 수 있습니다.",
            "en": "Camera and microphone need a secure (HTTPS) address; you can still watch.",
        },
        "media.js.camera": {"ko": "카메라", "en": "Camera"},
        "media.js.microphone": {"ko": "마이크", "en": "Microphone"},
        "media.js.camera_off": {"ko": "카메라 끄기", "en": "Turn camera off"},
        "media.js.camera_on": {"ko": "카메라 켜기", "en": "Turn camera on"},
        "media.js.mic_off": {"ko": "마이크 끄기", "en": "Mute microphone"},
        "media.js.mic_on": {"ko": "마이크 켜기", "en": "Unmute microphone"},
        "media.js.mic_locked": {
            "ko": "발언권을 받으면 말할 수 있습니다 (손들기)",
            "en": "You can speak once given the floor (raise your hand)",
        },
        "media.js.screen": {"ko": "화면 공유", "en": "Share screen"},
        "media.js.screen_stop": {"ko": "화면 공유 중지", "en": "Stop sharing"},
        "media.js.instructor": {"ko": "강사", "en": "Instructor"},
        "media.js.screen_of": {"ko": "공유 화면", "en": "Shared screen"},
        "media.js.floor": {"ko": "발언권 주기", "en": "Give the floor"},
        "media.js.floor_take": {"ko": "발언권 회수", "en": "Take the floor back"},
        "media.js.mute_audio": {"ko": "음소거", "en": "Mute audio"},
        "media.js.unmute_audio": {"ko": "음소거 해제", "en": "Unmute audio"},
        "media.js.mute_video": {"ko": "영상 끄기", "en": "Stop video"},
        "media.js.unmute_video": {"ko": "영상 허용", "en": "Allow video"},
        "media.js.cam_on": {"ko": "카메라 켜짐", "en": "Camera on"},
        "media.js.cam_off_for": {"ko": "카메라 꺼짐 {minutes}분", "en": "Camera off for {minutes} min"},
        "media.js.cam_none": {"ko": "카메라 없음", "en": "No camera"},
        "media.js.page": {"ko": "{page}/{pages}쪽", "en": "Page {page} of {pages}"},
        "media.js.muted_by_instructor": {"ko": "강사가 음소거했습니다", "en": "The instructor muted you"},
        "media.js.video_muted_by_instructor": {
            "ko": "강사가 영상을 껐습니다",
            "en": "The instructor stopped your video",
        },
        "media.js.floor_given": {
            "ko": "발언권을 받았습니다. 마이크를 켤 수 있습니다.",
            "en": "You have the floor: you may unmute.",
        },
    }
)
SCRIPT_KEYS = tuple(key for key in MESSAGES if key.startswith("media.js."))
