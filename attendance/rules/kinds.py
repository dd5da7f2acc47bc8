"""The closed vocabularies of attendance. Labels people read are catalogue entries (`label_key`)."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """What one row of the event log asserts."""

    CHECK_IN = "check_in"  # QR, staff entry, supervisor confirmation: arrived at `at`
    CHECK_OUT = "check_out"  # left at `at`
    LIVE_JOIN = "live_join"
    LIVE_LEAVE = "live_leave"  # also `removed` and `ended` from the live room
    LIVE_RECONNECT = "live_reconnect"  # within the grace: not a leave (kept as evidence)
    CHECK_ANSWERED = "check_answered"  # a live attendance check answered in time
    CHECK_MISSED = "check_missed"
    VOD_PROGRESS = "vod_progress"  # watched seconds of a VOD lesson so far
    MEDIA = "media"  # camera/publisher evidence: kept for inspectors, no effect on the day
    EXCUSED = "excused"  # 공가, with evidence
    LEAVE = "leave"  # 휴가, with evidence
    ONSITE_ABSENT = "onsite_absent"  # the supervisor checked and the trainee was not there
    VOID = "void"  # an approved correction withdraws the event it references

    @property
    def label_key(self) -> str:
        return f"event.kind.{self.value}"


class Source(StrEnum):
    QR = "qr"
    STAFF = "staff"  # institution staff or the instructor, by hand (paper-sheet fallback)
    SUPERVISOR = "supervisor"  # on-site practice confirmation
    LIVE = "live"
    MEDIA = "media"
    CONTENT = "content"
    API = "api"  # posted to the ingestion API by the institution's systems
    CORRECTION = "correction"  # the result of an approved correction request

    @property
    def label_key(self) -> str:
        return f"event.source.{self.value}"


class DayStatus(StrEnum):
    PRESENT = "present"  # 출석
    LATE = "late"  # 지각
    EARLY_LEAVE = "early_leave"  # 조퇴
    GOING_OUT = "going_out"  # 외출
    ABSENT = "absent"  # 결석
    EXCUSED = "excused"  # 공가
    LEAVE = "leave"  # 휴가
    PENDING = "pending"  # the day is not over and nothing is recorded yet

    @property
    def attended(self) -> bool:
        return self not in (DayStatus.ABSENT, DayStatus.PENDING)

    @property
    def label_key(self) -> str:
        return f"day.status.{self.value}"


class CorrectionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label_key(self) -> str:
        return f"correction.status.{self.value}"


class SignalKind(StrEnum):
    SAME_IP = "same_ip"  # two or more trainees of one course on one IP in one lesson
    SHARED_DEVICE = "shared_device"  # another account on the same device within 20 minutes
    DOUBLE_CONNECTION = "double_connection"  # one account connected twice at the same time
    VOD_TOO_FAST = "vod_too_fast"  # VOD progress faster than real time
    VOD_UNATTENDED = "vod_unattended"  # playing for hours on end
    QR_MANY_FROM_DEVICE = "qr_many_from_device"  # many QR check-ins from one device
    QR_LATE_TOKEN = "qr_late_token"  # a check-in long after the code expired

    @property
    def label_key(self) -> str:
        return f"signal.kind.{self.value}"
