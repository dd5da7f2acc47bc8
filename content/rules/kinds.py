"""The kinds of content, upload states and media-probe states."""

from __future__ import annotations

from enum import StrEnum


class ContentKind(StrEnum):
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"
    IMAGE = "image"

    @property
    def playable(self) -> bool:
        """Watched with a player: viewing progress counts for these."""
        return self in (ContentKind.VIDEO, ContentKind.AUDIO)


class UploadStatus(StrEnum):
    ACTIVE = "active"
    COMPLETE = "complete"
    ABORTED = "aborted"  # cancelled by its owner (tus termination)
    EXPIRED = "expired"
    REFUSED = "refused"  # type, size or quota refused after bytes arrived

    @property
    def holds_reservation(self) -> bool:
        return self is UploadStatus.ACTIVE


class ProbeStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    UNAVAILABLE = "unavailable"  # ffprobe not installed: the item works, duration unknown
    FAILED = "failed"
    SKIPPED = "skipped"  # not a media file
