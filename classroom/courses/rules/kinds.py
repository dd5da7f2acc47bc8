"""The closed vocabularies of courses. Labels people read are catalogue entries (`label_key`)."""

from __future__ import annotations

from enum import StrEnum


class LessonMode(StrEnum):
    """How a lesson (차시) is delivered."""

    LIVE = "live"  # 실시간 원격
    VOD = "vod"  # 이러닝 / 녹화
    CLASSROOM = "classroom"  # 집체
    ONSITE = "onsite"  # 현장실습

    @property
    def is_online(self) -> bool:
        return self in (LessonMode.LIVE, LessonMode.VOD)

    @property
    def label_key(self) -> str:
        return f"lesson.mode.{self.value}"


class CourseCategory(StrEnum):
    NEW_TECH = "new_tech"  # 신기술 (AI, 빅데이터, 클라우드 …)
    ICT = "ict"
    ROOT = "root"  # 뿌리산업
    OTHER = "other"

    @property
    def label_key(self) -> str:
        return f"course.category.{self.value}"


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RUNNING = "running"
    FINISHED = "finished"

    @property
    def label_key(self) -> str:
        return f"course.status.{self.value}"


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    DROPPED = "dropped"

    @property
    def label_key(self) -> str:
        return f"enrolment.status.{self.value}"
