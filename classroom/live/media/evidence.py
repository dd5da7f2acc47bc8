"""The media layer's evidence, read again (CONTRACTS.md `evidence_since`): the `media.presence`
payloads of an institution recorded after `since`. They are rows of the live presence log, so
`classroom.live.service.evidence_since` returns them too (named `media.presence`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from classroom.live.evidence import MEDIA_PRESENCE
from classroom.live.evidence import evidence_since as live_evidence_since


def evidence_since(session: Session, institution_id: uuid.UUID, since: datetime) -> list[dict[str, Any]]:
    return [p for p in live_evidence_since(session, institution_id, since) if p["name"] == MEDIA_PRESENCE]
