"""The closed vocabularies of quality management. Labels people read are catalogue entries
(`label_key`), never literals here."""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label_key(self) -> str:
        return f"quality.{type(self).__name__.lower()}.{self.value}"


class AssessmentKind(_Labelled):
    ONLINE = "online"  # 온라인 시험
    OFFLINE = "offline"  # 오프라인 평가: scores entered or imported


class QuestionKind(_Labelled):
    SINGLE = "single"  # 단일 선택
    MULTIPLE = "multiple"  # 복수 선택
    SHORT = "short"  # 단답형
    ESSAY = "essay"  # 서술형

    @property
    def objective(self) -> bool:
        """Graded by the machine when the attempt is submitted (the instructor may correct it)."""
        return self is not QuestionKind.ESSAY


class DrawMode(_Labelled):
    FIXED = "fixed"  # every trainee gets the bank's questions in the bank's order
    SHUFFLED = "shuffled"  # a per-attempt random order (and a random subset when a count is set)


class AttemptStatus(_Labelled):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"  # by the trainee, or closed at the deadline with what was saved
    GRADED = "graded"  # every item has points


class ClosedBy(_Labelled):
    TRAINEE = "trainee"
    DEADLINE = "deadline"  # the time ran out: the answers saved before it are what counts


class EvidenceKind(_Labelled):
    """What an attempt's evidence log records (with the time, IP and device of each)."""

    START = "start"
    RESUME = "resume"  # the exam page opened again while the attempt runs (after a drop)
    SAVE = "save"
    FOCUS_LOST = "focus_lost"
    FOCUS_BACK = "focus_back"
    OFFLINE = "offline"  # the page noticed it lost the connection (reported when back)
    SUBMIT = "submit"
    LATE_REFUSED = "late_refused"  # a save or submission that arrived after the deadline


class ExamSignalKind(_Labelled):
    """Suspicious patterns in exam evidence: shown to inspectors with their evidence, never a
    silent fail (the score stands until a person decides)."""

    FOCUS_AWAY = "focus_away"  # the page lost focus often or for long
    IP_CHANGED = "ip_changed"  # the attempt was continued from another address
    DEVICE_CHANGED = "device_changed"
    SHARED_IP = "shared_ip"  # two trainees' attempts overlapped from one address
    SHARED_DEVICE = "shared_device"  # two trainees used one browser for the exam
    TOO_FAST = "too_fast"  # a high score in a small fraction of the time allowed


class ResultSource(_Labelled):
    EXAM = "exam"
    OFFLINE = "offline"


class Severity(_Labelled):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class InspectionScope(_Labelled):
    COURSE = "course"
    INSTITUTION = "institution"


class InspectionMode(_Labelled):
    REMOTE = "remote"  # 원격 점검
    ONSITE = "onsite"  # 현장 점검


class InspectionStatus(_Labelled):
    OPEN = "open"
    CLOSED = "closed"


class FindingStatus(_Labelled):
    OPEN = "open"  # waiting for the institution's answer
    ANSWERED = "answered"  # the institution answered; the inspector decides
    CLOSED = "closed"


class EvidenceLinkKind(_Labelled):
    """What a finding's evidence link points at (checked to belong to the inspected scope)."""

    LESSON = "lesson"
    ATTENDANCE = "attendance"  # a trainee's attendance in a course
    FRAUD_SIGNAL = "fraud_signal"  # an attendance fraud signal
    EXAM_ATTEMPT = "exam_attempt"
    EXAM_SIGNAL = "exam_signal"
