"""Korean / English texts of the job pages and API."""

MESSAGES: dict[str, dict[str, str]] = {
    "job.title": {"ko": "작업 진행 상황", "en": "Job progress"},
    "job.status.queued": {"ko": "대기 중", "en": "Waiting"},
    "job.status.running": {"ko": "처리 중", "en": "Running"},
    "job.status.done": {"ko": "완료", "en": "Done"},
    "job.status.failed": {"ko": "실패", "en": "Failed"},
    "job.progress": {"ko": "{done:,} / {total:,} 처리", "en": "{done:,} of {total:,} processed"},
    "job.progress_unknown": {"ko": "준비 중입니다…", "en": "Getting ready…"},
    "job.attempts": {"ko": "{attempts}번째 시도", "en": "attempt {attempts}"},
    "job.failed_help": {
        "ko": "작업이 끝나지 못했습니다. 아래 오류를 확인한 뒤 다시 시도해 주세요.",
        "en": "The job could not finish. Check the error below and try again.",
    },
    "job.refreshing": {
        "ko": "이 페이지는 작업이 끝날 때까지 자동으로 새로 고쳐집니다.",
        "en": "This page refreshes by itself until the job is finished.",
    },
    "job.kind.unknown": {"ko": "작업", "en": "Job"},
}
